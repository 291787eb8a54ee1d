# A session opened in the VB365 console, imported by its ID (a UUID).
import {
  to = vb365_restore_session.from_console
  id = var.restore_session_id
}

resource "vb365_restore_session" "from_console" {
  organization_id = var.organization_id
}

variable "restore_session_id" {
  type = string
}

variable "organization_id" {
  type = string
}
