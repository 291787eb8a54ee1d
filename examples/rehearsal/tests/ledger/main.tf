# Reads the VB365 simulator's ledger file (vb365-sim -ledger-out) and counts, for
# each restore of the module under test, the runs the simulator recorded with
# the same action, mailbox, items (or folder) and target.

variable "ledger_file" {
  description = "The simulator's ledger file, relative to the working directory."
  type        = string
  default     = "ledger.json"
}

variable "restores" {
  description = "The restores output of the module under test."
  type = map(object({
    action     = string
    mailbox_id = string
    folder_id  = string
    item_ids   = list(string)
    item_count = number
    target     = string
  }))
}

locals {
  ledger   = jsondecode(file(var.ledger_file))
  restores = [for e in local.ledger.entries : e if startswith(e.action, "restore_")]
}

output "runs" {
  description = "For each restore: how many times the simulator ran it."
  value = {
    for name, r in var.restores : name => length([
      for e in local.restores : e
      if e.action == r.action && lower(e.mailbox_id) == lower(r.mailbox_id)
      && (r.folder_id == null ? sort(e.item_ids) == r.item_ids : lookup(e, "folder_id", null) == r.folder_id)
      && e.item_count == r.item_count
      && e.target == r.target
    ])
  }
}

output "restore_count" {
  description = "How many restores the simulator ran in all."
  value       = length(local.restores)
}
