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
