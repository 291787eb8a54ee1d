variable "output_dir" {
  type        = string
  description = "Existing directory the PST export is written to."
}

variable "mailbox_email" {
  type        = string
  description = "Address of the mailbox to browse."
  default     = "j_smith@bestsupport.onmicrosoft.com"
}

variable "restore_subject" {
  type        = string
  description = "Subject of the message restored to restore_target_mailbox."
  default     = "Support case"
}

variable "restore_target_mailbox" {
  type    = string
  default = "qa_dallas@bestsupport.onmicrosoft.com"
}

variable "restore_user" {
  type        = string
  description = "Exchange account the restore runs as."
}

variable "restore_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "restore_run" {
  type    = string
  default = "1"
}
