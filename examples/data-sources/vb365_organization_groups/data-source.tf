# Find a group's ID by display name (contains, case-insensitive), for a restore
# operator role or an audit item.
data "vb365_organization_groups" "support" {
  organization_id = var.organization_id
  display_name    = var.group_display_name
}

resource "vb365_audit_item" "support" {
  organization_id = var.organization_id
  # one() fails when the filter matches more than one group; the precondition
  # names the group when it matches none.
  group_id = one(data.vb365_organization_groups.support.groups[*].id)

  lifecycle {
    precondition {
      condition     = length(data.vb365_organization_groups.support.groups) > 0
      error_message = "No group of the organization has a display name containing \"${var.group_display_name}\"."
    }
  }
}

variable "organization_id" {
  type = string
}

variable "group_display_name" {
  type    = string
  default = "Support"
}
