variable "organization_id" {
  type        = string
  description = "Organization ID, e.g. from the vb365_organizations data source."
}

variable "mailbox_id" {
  type = string
}

variable "item_id" {
  type        = string
  description = "Item ID, e.g. from the vb365_mailbox_items data source."
}

data "vb365_mailbox_item" "meeting" {
  organization_id = var.organization_id
  mailbox_id      = var.mailbox_id
  item_id         = var.item_id

  # Refuse to go on unless the item is the calendar entry we expect: a failed
  # postcondition stops the plan (a check block would only warn).
  lifecycle {
    postcondition {
      condition     = self.type == "appointment"
      error_message = "Item ${var.item_id} is a ${self.type}, not an appointment."
    }
  }
}

output "meeting" {
  value = {
    class     = data.vb365_mailbox_item.meeting.item_class # e.g. IPM.Appointment
    folder    = data.vb365_mailbox_item.meeting.folder_id
    starts    = data.vb365_mailbox_item.meeting.appointment.start_time
    location  = data.vb365_mailbox_item.meeting.appointment.location
    attendees = data.vb365_mailbox_item.meeting.appointment.attendees
    files     = try(data.vb365_mailbox_item.meeting.appointment.attachments[*].name, [])
    actions   = data.vb365_mailbox_item.meeting.available_actions
  }
}
