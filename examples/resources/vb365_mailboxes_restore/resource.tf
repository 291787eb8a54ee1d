# An incident: ransomware encrypted the mail of several users on 30 October. Restore
# their mailboxes from the last backup before it, in one reviewed run. The plan lists
# every mailbox (name, e-mail, archive or not), the backup each is read from
# (restore_point), the options in words and who restores, before anything runs.

variable "organization_id" {
  type        = string
  description = "ID of the organization (vb365_organizations)."
}

variable "affected_addresses" {
  type        = set(string)
  description = "Addresses of the users whose mailboxes the incident hit."
  default = [ # the simulator's (make sim)
    "support_north@bestsupport.onmicrosoft.com",
    "qa_dallas@bestsupport.onmicrosoft.com",
    "rnd@bestsupport.onmicrosoft.com",
  ]
}

locals {
  before_attack = "2026-10-29T23:00:00Z" # the backup made at or before this time
}

# The organization's mailboxes in that backup: IDs are known while planning.
data "vb365_mailboxes" "all" {
  organization_id = var.organization_id
  point_in_time   = local.before_attack
}

locals {
  # Primary mailboxes only: an archive mailbox has the same address.
  affected = {
    for mb in data.vb365_mailboxes.all.mailboxes : mb.email => mb.id
    if !mb.is_archive && contains(var.affected_addresses, mb.email)
  }
}

resource "vb365_mailboxes_restore" "incident" {
  organization_id = var.organization_id
  point_in_time   = local.before_attack
  mailbox_ids     = values(local.affected)
  reason          = "INC-4711: mail encrypted by ransomware since 2026-10-30"

  # Only the last days of mail: older mail was not touched.
  recent_item_restore_period = 14
  exclude_drafts             = true
  mark_restored_as_unread    = false

  lifecycle {
    precondition {
      condition     = length(local.affected) == length(var.affected_addresses)
      error_message = "No mailbox in the backup for: ${join(", ", setsubtract(var.affected_addresses, keys(local.affected)))}. List them with vb365_mailboxes."
    }
  }
}

# Each mailbox's outcome once applied: succeeded, failed_items, unknown or not_run.
output "incident_outcome" {
  value = {
    outcome   = vb365_mailboxes_restore.incident.outcome
    mailboxes = { for r in vb365_mailboxes_restore.incident.mailbox_results : r.email => r.outcome }
  }
}
