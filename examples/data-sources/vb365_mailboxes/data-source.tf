data "vb365_organizations" "all" {}

resource "vb365_restore_session" "example" {
  organization_id = data.vb365_organizations.all.organizations[0].id
  reason          = "Mailbox recovery, ticket INC-4711"
}

# All mailboxes of the session.
data "vb365_mailboxes" "all" {
  restore_session_id = vb365_restore_session.example.id
}

# The mailboxes with this address (case-insensitive): the primary mailbox and,
# when the user has one, the archive mailbox.
data "vb365_mailboxes" "jsmith" {
  restore_session_id = vb365_restore_session.example.id
  email              = "j.smith@contoso.onmicrosoft.com"
}

# Mailboxes by name pattern: * matches any run of characters, ? one character.
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
