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

# Every item of the mailbox, each as a compact summary (id, type, item_class,
# subject, folder_id, date, sender, attachments): small enough for mailboxes of
# 100,000 items. page_size = 10000 lists them in the fewest requests.
data "vb365_mailbox_items" "all" {
  organization_id = var.organization_id
  mailbox_id      = var.mailbox_id
  page_size       = 10000
}

# The tasks with their full typed fields (task.status, ...): full = true adds
# full_items, the shape of vb365_mailbox_item. truncated tells whether
# max_items left items out.
data "vb365_mailbox_items" "tasks" {
  organization_id = var.organization_id
  mailbox_id      = var.mailbox_id
  type            = "task"
  full            = true
  max_items       = 50
}

output "inbox" {
  value = [for m in data.vb365_mailbox_items.inbox.items : "${m.date}  ${m.sender}: ${m.subject}"]
}

output "meetings" {
  value = [for a in data.vb365_mailbox_items.appointments.items : "${a.date}: ${a.subject}"]
}

output "open_tasks" {
  value = [
    for t in data.vb365_mailbox_items.tasks.full_items : t.subject
    if t.task.status != "Completed"
  ]
}

output "more_tasks_than_listed" {
  value = data.vb365_mailbox_items.tasks.truncated
}

output "item_count_by_type" {
  value = { for t in distinct(data.vb365_mailbox_items.all.items[*].type) :
    t => length([for i in data.vb365_mailbox_items.all.items : i if i.type == t])
  }
}
