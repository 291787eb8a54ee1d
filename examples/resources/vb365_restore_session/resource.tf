data "vb365_organizations" "all" {}

# Opens an Exchange restore session on the backups of one organization;
# `terraform destroy` stops it. Changing any argument but `reason` opens a new
# session; restores that use it record the new ID and do not run again.
resource "vb365_restore_session" "example" {
  organization_id = one([
    for org in data.vb365_organizations.all.organizations : org.id
    if org.name == var.organization_name
  ])

  # Explore the backups as of this time (latest when omitted).
  point_in_time = "2026-11-01T00:00:00Z"

  show_deleted      = true
  show_all_versions = false
  reason            = "Restore requested in ticket INC-4711" # kept in state, not sent

  timeouts {
    create = "15m"
    delete = "5m"
  }
}

output "restore_session" {
  value = {
    id           = vb365_restore_session.example.id
    state        = vb365_restore_session.example.state
    organization = vb365_restore_session.example.organization_name
    opened       = vb365_restore_session.example.creation_time
  }
}

variable "organization_name" {
  type    = string
  default = "contoso.onmicrosoft.com"
}
