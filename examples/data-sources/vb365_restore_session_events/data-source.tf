# An audit workflow: restore an item, then read the server's own record of it.
# The restore record keeps who ran it and when (executed_by, executed_at), what
# was restored (items, source_mailbox) and where to (target); the server's
# events add what happened to each item.
#
# The restore is keyed on the organization (no session of yours to depend on),
# so the plan reviews it. Its events are known only after it ran: on API v8 the
# restore runs in a restore session of its own, whose ID the record keeps
# (server_restore_session_id). Read them in a later run with that ID.
resource "vb365_mailbox_item_restore" "invoice" {
  organization_id = var.organization_id
  mailbox_id      = var.mailbox_id
  item_ids        = [var.item_id]
  reason          = "Ticket 4711: restore the lost invoice"

  # Credentials are optional; the server refuses the restore when it needs them.
  restore_to_original_location {}
}

variable "organization_id" {
  type = string
}

variable "mailbox_id" {
  type = string
}

variable "item_id" {
  type = string
}

# The server_restore_session_id output of an earlier run (API v8), or null.
variable "audit_session_id" {
  type    = string
  default = null
}

# The restore events of that session (every API version; v3..v5 name the item
# only in the message). count depends on a variable: known when planning.
data "vb365_restore_session_events" "restores" {
  count              = var.audit_session_id == null ? 0 : 1
  restore_session_id = var.audit_session_id
  type               = "Restore"
}

output "server_restore_session_id" {
  value = vb365_mailbox_item_restore.invoice.server_restore_session_id
}

output "audit" {
  value = {
    who        = vb365_mailbox_item_restore.invoice.executed_by
    when       = vb365_mailbox_item_restore.invoice.executed_at
    where_to   = vb365_mailbox_item_restore.invoice.target
    per_item   = vb365_mailbox_item_restore.invoice.item_results
    statistics = vb365_mailbox_item_restore.invoice.restore_statistics
    events = [for e in flatten(data.vb365_restore_session_events.restores[*].events) : {
      item = e.item_name, status = e.status, from = e.source, to = e.target, at = e.start_time, message = e.message
    }]
  }
}
