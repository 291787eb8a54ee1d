data "vb365_organizations" "all" {}

locals {
  organization_id = data.vb365_organizations.all.organizations[0].id
}

# All mailboxes of the organization's latest backup. The provider opens a restore
# session for the read and stops it afterwards; mailbox IDs are the same in every
# session, so they can be used anywhere else.
data "vb365_mailboxes" "all" {
  organization_id = local.organization_id
}

# The mailboxes with this address (case-insensitive): the primary mailbox and,
# when the user has one, the archive mailbox.
data "vb365_mailboxes" "jsmith" {
  organization_id = local.organization_id
  point_in_time   = "2026-11-01T00:00:00Z" # the backup made at or before this time
  email           = "j.smith@contoso.onmicrosoft.com"
}

# Mailboxes by name pattern: * matches any run of characters, ? one character.
resource "vb365_restore_session" "example" {
  organization_id = local.organization_id
  reason          = "Mailbox recovery, ticket INC-4711"
}

# Or read through a session of your own, which lives until destroy.
data "vb365_mailboxes" "support" {
  restore_session_id = vb365_restore_session.example.id
  name               = "support*"
  max_items          = 20
}

output "mailboxes" {
  value = {
    for mb in data.vb365_mailboxes.all.mailboxes :
    mb.id => "${mb.name} <${mb.email}>${mb.is_archive ? " (archive)" : ""}"
  }
}

output "jsmith_mailbox_id" {
  value = one([for mb in data.vb365_mailboxes.jsmith.mailboxes : mb.id if !mb.is_archive])
}
