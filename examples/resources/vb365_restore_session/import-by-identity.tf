# The identity of a restore session is its ID: the vb365_restore_session list
# resource (terraform query) reports it for every session on the server, e.g. a
# session left open. Once imported, the session is managed like one Terraform
# opened: `terraform destroy` stops it on the server.
import {
  to = vb365_restore_session.left_open
  identity = {
    id = "3da69c6c-bb12-4bed-9c4d-7276cb9074bf"
  }
}

resource "vb365_restore_session" "left_open" {
  organization_id = "9f3c1a52-5e0b-4d2a-8b8e-3c2f6d7a1b01"
}
