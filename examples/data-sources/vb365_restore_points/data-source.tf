# Open a restore session on the newest backup made before an incident.
data "vb365_restore_points" "before_incident" {
  organization_id = var.organization_id
  to              = "2026-03-01T00:00:00Z"
}

resource "vb365_restore_session" "before_incident" {
  organization_id = var.organization_id
  point_in_time   = reverse(sort([for p in data.vb365_restore_points.before_incident.restore_points : p.backup_time]))[0]
}

variable "organization_id" {
  type = string
}

# Disaster recovery: the primary repository is lost, so read from the newest
# backup copy instead (API v7+). repository_id works on every source keyed on
# organization_id: the data sources, vb365_mailbox_item_restore and the action.
data "vb365_restore_points" "copies" {
  organization_id = var.organization_id
  is_copy         = true
}

locals {
  newest_copy = reverse(sort([for p in data.vb365_restore_points.copies.restore_points : "${p.backup_time} ${p.repository_id}"]))[0]
}

data "vb365_mailboxes" "from_copy" {
  organization_id = var.organization_id
  repository_id   = split(" ", local.newest_copy)[1]
  point_in_time   = split(" ", local.newest_copy)[0]
}
