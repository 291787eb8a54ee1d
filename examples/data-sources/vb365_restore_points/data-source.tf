# Open a restore session on the newest backup made before an incident.
data "vb365_restore_points" "before_incident" {
  organization_id = var.organization_id
  to              = var.incident_time
}

locals {
  # The newest backup time (RFC 3339 UTC strings sort by time), or null when there is none.
  backup_times  = reverse(sort([for p in data.vb365_restore_points.before_incident.restore_points : p.backup_time]))
  latest_backup = length(local.backup_times) > 0 ? local.backup_times[0] : null
}

resource "vb365_restore_session" "before_incident" {
  organization_id = var.organization_id
  point_in_time   = local.latest_backup

  lifecycle {
    precondition {
      condition     = local.latest_backup != null
      error_message = "Organization ${var.organization_id} has no backup made before ${var.incident_time} (vb365_restore_points found none)."
    }
  }
}

variable "organization_id" {
  type = string
}

variable "incident_time" {
  type    = string
  default = "2026-03-01T00:00:00Z"
}

# Disaster recovery: the primary repository is lost, so read from the newest
# backup copy instead (API v7+). repository_id works on every source keyed on
# organization_id: the data sources, vb365_mailbox_item_restore and the action.
data "vb365_restore_points" "copies" {
  organization_id   = var.organization_id
  is_copy           = true
  is_long_term_copy = false # archive-tier copies must be retrieved first (vb365_data_retrieval)
}

locals {
  copies      = reverse(sort([for p in data.vb365_restore_points.copies.restore_points : "${p.backup_time} ${p.repository_id}"]))
  newest_copy = length(local.copies) > 0 ? local.copies[0] : null
}

data "vb365_mailboxes" "from_copy" {
  organization_id = var.organization_id
  repository_id   = split(" ", local.newest_copy)[1]
  point_in_time   = split(" ", local.newest_copy)[0]

  lifecycle {
    precondition {
      condition     = local.newest_copy != null
      error_message = "Organization ${var.organization_id} has no backup copy (vb365_restore_points with is_copy = true found none)."
    }
  }
}
