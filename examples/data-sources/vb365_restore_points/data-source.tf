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
