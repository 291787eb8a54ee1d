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
  # An item's self link as API v6 and later send it (v3 to v5 send absolute URLs,
  # which parse the same way). The link is parsed, never followed.
  self_link = "/v8/RestoreSessions/3da69c6c-bb12-4bed-9c4d-7276cb9074bf/organization/mailboxes/479ae6aa-610b-4652-8966-5db06021903c/items/AAAAAKGE4dIvQUtGjuSnq8JTHAgHAPliTMf_6DxPiJ6TGYB9CqAAAAAAAUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_u0AAA=="

  link = provider::vb365::parse_item_link(local.self_link)
}

output "mailbox_id" {
  value = local.link.mailbox_id # "479ae6aa-610b-4652-8966-5db06021903c"
}

output "ids" {
  value = local.link
  # {
  #   folder_id          = null # a self link names no folder; a parent link does
  #   item_id            = "AAAAAKGE4dIvQUtGjuSnq8JTHAgHAPliTMf_6DxPiJ6TGYB9CqAAAAAAAUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_u0AAA=="
  #   mailbox_id         = "479ae6aa-610b-4652-8966-5db06021903c"
  #   restore_session_id = "3da69c6c-bb12-4bed-9c4d-7276cb9074bf"
  #   version            = "v8"
  # }
}
