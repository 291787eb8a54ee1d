# An audit workflow: restore an item, then read the server's own record of it.
# The restore record keeps who ran it and when (executed_by, executed_at), what
# was restored (items, source_mailbox) and where to (target); the server's
# events add what happened to each item.
resource "vb365_restore_session" "audit" {
  organization_id = var.organization_id
  reason          = "Ticket 4711: restore the lost invoice"
}

resource "vb365_mailbox_item_restore" "invoice" {
  restore_session_id = vb365_restore_session.audit.id
  mailbox_id         = var.mailbox_id
  item_ids           = [var.item_id]
  reason             = "Ticket 4711"

  # Credentials are optional; the server refuses the restore when it needs them.
  restore_to_original_location {}
}

# The restore events of the browsed session (every API version; v3..v5 name the
# item only in the message).
data "vb365_restore_session_events" "restores" {
  restore_session_id = vb365_restore_session.audit.id
  type               = "Restore"

  depends_on = [vb365_mailbox_item_restore.invoice]
}

# On API v8 the restore runs in a restore session of its own; read it too.
data "vb365_restore_session_events" "server_session" {
  count              = vb365_mailbox_item_restore.invoice.server_restore_session_id == null ? 0 : 1
  restore_session_id = vb365_mailbox_item_restore.invoice.server_restore_session_id
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

output "audit" {
  value = {
    who        = vb365_mailbox_item_restore.invoice.executed_by
    when       = vb365_mailbox_item_restore.invoice.executed_at
    where_to   = vb365_mailbox_item_restore.invoice.target
    per_item   = vb365_mailbox_item_restore.invoice.item_results
    statistics = vb365_mailbox_item_restore.invoice.restore_statistics
    events = [for e in data.vb365_restore_session_events.restores.events : {
      item = e.item_name, status = e.status, from = e.source, to = e.target, at = e.start_time, message = e.message
    }]
  }
}
