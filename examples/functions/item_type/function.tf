# Provider functions need the provider in required_providers
# (Terraform 1.8+, OpenTofu 1.7+).
terraform {
  required_providers {
    vb365 = {
      source = "terraform-vb365/vb365"
    }
  }
}

locals {
  classes = [
    "IPM.Note", "IPM.Schedule.Meeting.Request", "IPM.Appointment", "IPM.Task", "IPM.Contact",
    "IPM.DistList", "IPM.StickyNote", "IPM.Activity", "IPM.Post", "IPM.Custom.Form",
  ]
}

output "item_types" {
  value = { for class in local.classes : class => provider::vb365::item_type(class) }
  # {
  #   "IPM.Activity"                 = "journal"
  #   "IPM.Appointment"              = "appointment"
  #   "IPM.Contact"                  = "contact"
  #   "IPM.Custom.Form"              = "unknown"
  #   "IPM.DistList"                 = "contact_group"
  #   "IPM.Note"                     = "message"
  #   "IPM.Post"                     = "discussion"
  #   "IPM.Schedule.Meeting.Request" = "message"
  #   "IPM.StickyNote"               = "note"
  #   "IPM.Task"                     = "task"
  # }
}

# Classify item classes that come from elsewhere, e.g. an exported item list.
variable "item_classes" {
  type    = list(string)
  default = ["IPM.Note.SMIME", "IPM.Task"]
}

output "only_mail" {
  value = [for c in var.item_classes : c if provider::vb365::item_type(c) == "message"]
}
