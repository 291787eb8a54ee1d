variable "organization_id" {
  type        = string
  description = "Organization ID, e.g. from the vb365_organizations data source."
}

variable "mailbox_id" {
  type = string
}

# Every folder of the mailbox, at any depth.
data "vb365_mailbox_folders" "all" {
  organization_id = var.organization_id
  mailbox_id      = var.mailbox_id
}

# Only the top-level folders.
data "vb365_mailbox_folders" "top" {
  organization_id = var.organization_id
  mailbox_id      = var.mailbox_id
  parent_id       = "root"
}

# Find the Inbox by name, then list its direct subfolders.
data "vb365_mailbox_folders" "inbox" {
  organization_id = var.organization_id
  mailbox_id      = var.mailbox_id
  name            = "Inbox"
}

data "vb365_mailbox_folders" "inbox_children" {
  organization_id = var.organization_id
  mailbox_id      = var.mailbox_id
  parent_id       = one(data.vb365_mailbox_folders.inbox.folders[*].id)
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
