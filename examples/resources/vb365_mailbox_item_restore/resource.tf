data "vb365_organizations" "all" {}

resource "vb365_restore_session" "incident" {
  organization_id = data.vb365_organizations.all.organizations[0].id
  point_in_time   = "2026-11-01T00:00:00Z"
  reason          = "INC-4711: mailbox of j.smith damaged by a sync error"
}

data "vb365_mailboxes" "jsmith" {
  restore_session_id = vb365_restore_session.incident.id
  email              = "j.smith@contoso.onmicrosoft.com"
}

locals {
  # The address matches the primary mailbox and any archive mailbox: take the primary.
  mailbox_id = one([for mb in data.vb365_mailboxes.jsmith.mailboxes : mb.id if !mb.is_archive])
}

data "vb365_mailbox_items" "calendar" {
  restore_session_id = vb365_restore_session.incident.id
  mailbox_id         = local.mailbox_id
  type               = "appointment"
}

data "vb365_mailbox_items" "contracts" {
  restore_session_id = vb365_restore_session.incident.id
  mailbox_id         = local.mailbox_id
  type               = "message"
}

# 1. Export the whole calendar to a PST file on the machine running Terraform.
#    The file is checked on every refresh: if it disappears or changes, the next
#    plan exports it again.
resource "vb365_mailbox_item_restore" "calendar_pst" {
  restore_session_id = vb365_restore_session.incident.id
  mailbox_id         = local.mailbox_id
  item_ids           = data.vb365_mailbox_items.calendar.items[*].id
  reason             = "INC-4711: calendar handed to legal"

  export_to_pst {
    path                  = "${var.export_dir}/j.smith-calendar.pst" # the directory must exist
    enable_pst_size_limit = true
    pst_size_limit_bytes  = 10737418240 # split into 10 GB parts
  }
}

# 2. Restore the messages about contracts into a folder of another mailbox.
#    Credentials are write-only: sent with the restore, never kept in plan or state.
resource "vb365_mailbox_item_restore" "contracts_to_deputy" {
  restore_session_id = vb365_restore_session.incident.id
  mailbox_id         = local.mailbox_id
  item_ids = [
    for m in data.vb365_mailbox_items.contracts.items : m.id
    if strcontains(lower(m.subject), "contract")
  ]
  reason = "INC-4711: deputy takes over open contracts"

  restore_to {
    mailbox                 = "deputy@contoso.onmicrosoft.com"
    folder                  = "Restored/j.smith"
    changed_items           = true
    deleted_items           = true
    mark_restored_as_unread = true
    user_name               = var.restore_user
    user_password           = var.restore_password
  }

  # Changing a trigger value runs the restore again on purpose (a replacement);
  # without one, the restore runs exactly once.
  triggers = {
    ticket  = "INC-4711"
    attempt = "1"
  }
}

# 3. Mail one message as an attachment to an auditor.
resource "vb365_mailbox_item_restore" "to_auditor" {
  restore_session_id = vb365_restore_session.incident.id
  mailbox_id         = local.mailbox_id
  item_ids           = [data.vb365_mailbox_items.contracts.items[0].id]

  send_to_different_address {
    from    = "vb365-restore@contoso.onmicrosoft.com"
    to      = "auditor@example.com"
    subject = "INC-4711: original message as backed up on 2026-11-01"
    text    = "The message is attached as it was in the backup."
  }
}

variable "export_dir" {
  type        = string
  description = "Existing local directory for PST exports."
}

variable "restore_user" {
  type        = string
  description = "Exchange account with rights on the target mailbox."
}

variable "restore_password" {
  type      = string
  sensitive = true
  ephemeral = true # never written to a plan file (Terraform 1.10+, OpenTofu 1.11+)
}

output "calendar_export" {
  value = {
    file   = vb365_mailbox_item_restore.calendar_pst.output_path
    bytes  = vb365_mailbox_item_restore.calendar_pst.output_size_bytes
    sha256 = vb365_mailbox_item_restore.calendar_pst.output_sha256
  }
}

output "contracts_restore" {
  value = vb365_mailbox_item_restore.contracts_to_deputy.restore_statistics
}
