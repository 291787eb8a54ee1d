variable "organization_id" {
  type        = string
  description = "Organization ID, e.g. from the vb365_organizations data source."
}

variable "mailbox_id" {
  type = string
}

variable "inbox_folder_id" {
  type        = string
  description = "Folder ID, e.g. from the vb365_mailbox_folders data source."
}

# Messages of one folder (not of its subfolders).
data "vb365_mailbox_items" "inbox" {
  organization_id = var.organization_id
  mailbox_id      = var.mailbox_id
  folder_id       = var.inbox_folder_id
  type            = "message"
}

# Calendar items anywhere in the mailbox; the listing pages transparently,
# max_items bounds it.
data "vb365_mailbox_items" "appointments" {
  organization_id = var.organization_id
  mailbox_id      = var.mailbox_id
  type            = "appointment"
  max_items       = 100
}

# Every item; each element has a nested object named after its type
# (message, appointment, task, contact, note, journal, ...).
data "vb365_mailbox_items" "all" {
  organization_id = var.organization_id
  mailbox_id      = var.mailbox_id
}

output "inbox" {
  value = [for m in data.vb365_mailbox_items.inbox.items : "${m.message.received}  ${m.message.from}: ${m.subject}"]
}

output "meetings" {
  value = [for a in data.vb365_mailbox_items.appointments.items : "${a.appointment.start_time} @ ${a.appointment.location}"]
}

output "open_tasks" {
  value = [
    for t in data.vb365_mailbox_items.all.items : t.subject
    if t.type == "task" && t.task.status != "Completed"
  ]
}

output "item_count_by_type" {
  value = { for t in distinct(data.vb365_mailbox_items.all.items[*].type) :
    t => length([for i in data.vb365_mailbox_items.all.items : i if i.type == t])
  }
}
