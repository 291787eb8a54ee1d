# A restore module, and its rehearsal: tests/*.tftest.hcl run it with
# `terraform test` (or `tofu test`) against the VB365 simulator
# (`vb365-sim -fixture fixture.yaml -ledger-out ledger.json`). See the guide
# "Rehearse restores before they run".
#
# It restores two things from one mailbox into a restore desk's mailbox: the
# Inbox messages whose subject contains a word, and a whole folder. The
# connection comes from the environment (VB365_ENDPOINT, VB365_USERNAME,
# VB365_PASSWORD, VB365_CA_CERT_FILE).

terraform {
  required_version = ">= 1.11" # write-only restore credentials; OpenTofu >= 1.11 works too
  required_providers {
    vb365 = {
      source = "terraform-vb365/vb365"
    }
  }
}

data "vb365_organizations" "all" {}

locals {
  organization_id = one([
    for o in data.vb365_organizations.all.organizations : o.id if lower(o.name) == lower(var.organization)
  ])
}

data "vb365_mailboxes" "source" {
  organization_id = local.organization_id
  point_in_time   = var.point_in_time
  email           = var.source_mailbox
}

locals {
  # The primary mailbox of the address (its archive, if any, has the same address).
  source = one([for mb in data.vb365_mailboxes.source.mailboxes : mb if !mb.is_archive])
}

data "vb365_mailbox_folders" "source" {
  organization_id = local.organization_id
  point_in_time   = var.point_in_time
  mailbox_id      = local.source.id
}

locals {
  folders = { for f in data.vb365_mailbox_folders.source.folders : f.name => f.id }
}

data "vb365_mailbox_items" "inbox" {
  organization_id = local.organization_id
  point_in_time   = var.point_in_time
  mailbox_id      = local.source.id
  folder_id       = local.folders["Inbox"]
  type            = "message"
}

locals {
  matching = sort([
    for i in data.vb365_mailbox_items.inbox.items : i.id
    if strcontains(lower(i.subject), lower(var.subject_contains))
  ])
}

# The Inbox messages whose subject contains var.subject_contains.
resource "vb365_mailbox_item_restore" "messages" {
  organization_id = local.organization_id
  point_in_time   = var.point_in_time
  mailbox_id      = local.source.id
  item_ids        = local.matching
  reason          = var.reason

  restore_to {
    mailbox = var.target_mailbox
    folder  = "Restored from ${local.source.name}"
  }

  lifecycle {
    precondition {
      condition     = length(local.matching) > 0
      error_message = "No message in ${var.source_mailbox}'s Inbox has \"${var.subject_contains}\" in its subject."
    }
  }
}

# A whole folder (and its subfolders), restored as it was.
resource "vb365_mailbox_item_restore" "folder" {
  organization_id = local.organization_id
  point_in_time   = var.point_in_time
  mailbox_id      = local.source.id
  folder_id       = local.folders[var.folder]
  reason          = var.reason

  restore_to {
    mailbox = var.target_mailbox
    folder  = "${var.folder} of ${local.source.name}"
  }
}
