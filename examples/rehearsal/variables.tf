variable "organization" {
  description = "Name of the organization, as vb365_organizations lists it."
  type        = string
  default     = "contoso.onmicrosoft.com"
}

variable "source_mailbox" {
  description = "Address of the mailbox to restore from."
  type        = string
  default     = "alice@contoso.onmicrosoft.com"
}

variable "subject_contains" {
  description = "Restore the Inbox messages whose subject contains this (case-insensitive)."
  type        = string
  default     = "contract"
}

variable "folder" {
  description = "Name of a folder of the source mailbox to restore as a whole (with its subfolders)."
  type        = string
  default     = "Projects"
}

variable "target_mailbox" {
  description = "Address of the mailbox the items are restored into."
  type        = string
  default     = "restore-desk@contoso.onmicrosoft.com"
}

variable "point_in_time" {
  description = "Restore from the backup made at or before this time (RFC 3339)."
  type        = string
  default     = "2019-04-12T00:00:00Z"
}

variable "reason" {
  description = "Why the restore runs: kept in each restore's record."
  type        = string
  default     = "Ticket 4711: legal hold review"
}
