# The `make demo` configuration (scripts/demo.sh runs it against the VB365
# simulator): open a restore session, browse a mailbox, export its calendar to
# a PST file and restore one message into another mailbox.
#
# The connection comes from the environment: VB365_ENDPOINT, VB365_USERNAME,
# VB365_PASSWORD, VB365_CA_CERT_FILE (and optionally VB365_API_VERSION).

terraform {
  required_version = ">= 1.11" # write-only restore credentials; OpenTofu >= 1.11 works too
  required_providers {
    vb365 = {
      source = "terraform-vb365/vb365"
    }
  }
}

provider "vb365" {
  retry {
    attempts = 3
  }
}

# 1. The organization the server backs up. Every read and restore below is keyed
#    on it: the provider opens a restore session for each operation and stops it
#    when done, and every ID is known at plan time, so the plan shows exactly
#    which items each restore restores.
data "vb365_organizations" "all" {}

locals {
  organization_id = data.vb365_organizations.all.organizations[0].id
}

# 2. The mailboxes, and the (non-archive) mailbox to browse.
data "vb365_mailboxes" "all" {
  organization_id = local.organization_id
}

locals {
  mailbox = one([
    for mb in data.vb365_mailboxes.all.mailboxes : mb
    if lower(mb.email) == lower(var.mailbox_email) && !mb.is_archive
  ])
}

data "vb365_mailbox_folders" "all" {
  organization_id = local.organization_id
  mailbox_id      = local.mailbox.id
}

# 3. Its items: all of them as compact summaries, and those of four types with
#    their own typed fields (full = true adds full_items).
data "vb365_mailbox_items" "all" {
  organization_id = local.organization_id
  mailbox_id      = local.mailbox.id
}

data "vb365_mailbox_items" "by_type" {
  for_each = toset(["message", "appointment", "task", "contact"])

  organization_id = local.organization_id
  mailbox_id      = local.mailbox.id
  type            = each.key
  full            = true
}

locals {
  folder_names = { for f in data.vb365_mailbox_folders.all.folders : f.id => f.name }
  messages     = data.vb365_mailbox_items.by_type["message"].full_items
  appointments = data.vb365_mailbox_items.by_type["appointment"].full_items

  # The message restored below, picked by subject.
  restored_message = one([for m in local.messages : m if m.subject == var.restore_subject])
}

# One item read on its own, by ID.
data "vb365_mailbox_item" "restored_message" {
  organization_id = local.organization_id
  mailbox_id      = local.mailbox.id
  item_id         = local.restored_message.id
}

# 4. Export the whole calendar to a PST file on this machine.
resource "vb365_mailbox_item_restore" "calendar_pst" {
  organization_id = local.organization_id
  mailbox_id      = local.mailbox.id
  item_ids        = local.appointments[*].id
  reason          = "make demo: calendar export"

  export_to_pst {
    path = "${var.output_dir}/${replace(local.mailbox.name, " ", "-")}-calendar.pst"
  }
}

# 5. Restore one message into another mailbox, with write-only credentials.
resource "vb365_mailbox_item_restore" "message_to_colleague" {
  organization_id = local.organization_id
  mailbox_id      = local.mailbox.id
  item_ids        = [data.vb365_mailbox_item.restored_message.id]
  reason          = "make demo: hand the case over"

  restore_to {
    mailbox                 = var.restore_target_mailbox
    folder                  = "Restored from ${local.mailbox.name}"
    mark_restored_as_unread = true
    user_name               = var.restore_user
    user_password           = var.restore_password
  }

  triggers = {
    run = var.restore_run # change it to run the restore again
  }
}
