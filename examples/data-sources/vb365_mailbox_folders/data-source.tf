variable "restore_session_id" {
  type = string
}

variable "mailbox_id" {
  type = string
}

# Every folder of the mailbox, at any depth.
data "vb365_mailbox_folders" "all" {
  restore_session_id = var.restore_session_id
  mailbox_id         = var.mailbox_id
}

# Only the top-level folders.
data "vb365_mailbox_folders" "top" {
  restore_session_id = var.restore_session_id
  mailbox_id         = var.mailbox_id
  parent_id          = "root"
}

# Find the Inbox by name, then list its direct subfolders.
data "vb365_mailbox_folders" "inbox" {
  restore_session_id = var.restore_session_id
  mailbox_id         = var.mailbox_id
  name               = "Inbox"
}

data "vb365_mailbox_folders" "inbox_children" {
  restore_session_id = var.restore_session_id
  mailbox_id         = var.mailbox_id
  parent_id          = one(data.vb365_mailbox_folders.inbox.folders[*].id)
}

output "folder_tree" {
  value = {
    top   = data.vb365_mailbox_folders.top.folders[*].name
    inbox = data.vb365_mailbox_folders.inbox_children.folders[*].name
    calendars = [
      for f in data.vb365_mailbox_folders.all.folders : f.name if f.type == "Appointment"
    ]
  }
}
