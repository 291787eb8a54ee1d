# Find a user's ID by e-mail address, for a restore operator role or an audit item.
data "vb365_organization_users" "ceo" {
  organization_id = var.organization_id
  email           = var.user_email

  lifecycle {
    postcondition {
      condition     = length(self.users) == 1
      error_message = "No user of the organization has the address ${var.user_email}."
    }
  }
}

# Every shared mailbox of the organization.
data "vb365_organization_users" "all" {
  organization_id = var.organization_id
}

output "ceo_user_id" {
  value = data.vb365_organization_users.ceo.users[0].id
}

output "shared_mailboxes" {
  value = [for u in data.vb365_organization_users.all.users : u.email if u.type == "Shared"]
}

variable "organization_id" {
  type = string
}

variable "user_email" {
  type    = string
  default = "j_smith@bestsupport.onmicrosoft.com"
}
