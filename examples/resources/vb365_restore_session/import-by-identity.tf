# The identity of a restore session is its ID: the vb365_restore_session list
# resource (terraform query) reports it for every session on the server, e.g. a
# session left open. Once imported, the session is managed like one Terraform
# opened: `terraform destroy` stops it on the server.
import {
  to = vb365_restore_session.left_open
  identity = {
    id = var.left_open_session_id
  }
}

resource "vb365_restore_session" "left_open" {
  organization_id = var.organization_id
}

variable "left_open_session_id" {
  type        = string
  description = "ID of a session left open (terraform query lists them); another session than restore_session_id."
}
