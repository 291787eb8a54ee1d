# Actions need Terraform 1.14 or later (OpenTofu has no actions). An action runs
# each time it is invoked and keeps no record in state; use the
# vb365_mailbox_item_restore resource for a restore that runs once and is audited.

variable "organization_id" {
  type        = string
  description = "The provider opens a restore session of this organization for each run and stops it afterwards."
}

variable "mailbox_id" {
  type = string
}

variable "item_ids" {
  type = set(string)
}

variable "restore_user" {
  type = string
}

# Action arguments cannot be sensitive or write-only, so the restore credentials
# go to the provider block, which takes ephemeral values and is never written to
# a plan: an action block without credentials sends these.
variable "restore_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

provider "vb365" {
  restore_credentials {
    user_name     = var.restore_user
    user_password = var.restore_password
  }
}

variable "export_dir" {
  type        = string
  description = "Existing local directory for PST exports."
}

variable "handover_ticket" {
  type        = string
  description = "Changing this runs the hand-over restore again."
}

# On demand:
#   terraform apply -invoke=action.vb365_mailbox_item_restore.export_pst
action "vb365_mailbox_item_restore" "export_pst" {
  config {
    organization_id = var.organization_id
    mailbox_id      = var.mailbox_id
    item_ids        = var.item_ids
    reason          = "On-demand export for legal hold"

    export_to_pst {
      path      = "${var.export_dir}/legal-hold.pst"
      overwrite = true # every invocation writes a fresh export
    }
  }
}

# Triggered: restores the items into the deputy's mailbox when the hand-over
# record below is created, and again whenever its ticket changes.
action "vb365_mailbox_item_restore" "to_deputy" {
  config {
    organization_id = var.organization_id
    mailbox_id      = var.mailbox_id
    item_ids        = var.item_ids

    restore_to {
      mailbox = "deputy@contoso.onmicrosoft.com"
      folder  = "Hand-over"
      # no credentials here: the provider's restore_credentials are sent
    }

    timeouts {
      invoke = "45m" # includes waiting for an asynchronous (API v8) restore
    }
  }
}

resource "terraform_data" "handover" {
  input = var.handover_ticket

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.vb365_mailbox_item_restore.to_deputy]
    }
  }
}
