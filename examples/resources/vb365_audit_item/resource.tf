# The server sends audit notifications (see vb365_audit_email_settings) for
# restore operations on the data of these users and groups.
variable "audited_user_ids" {
  description = "IDs of the organization users whose restores are audited."
  type        = set(string)
  default = [
    "1a7e1c44-2b6d-4f0e-9a61-0c3d5e7f9a11",
    "3c9a3e66-4d8f-4b2a-9c83-2e5f7a9b1c33",
  ]
}

# One resource per user: the additions of one apply go to the server in one
# request, and a refused user (unknown, already audited) fails only its own
# resource.
resource "vb365_audit_item" "user" {
  for_each        = var.audited_user_ids
  organization_id = "9f3c1a52-5e0b-4d2a-8b8e-3c2f6d7a1b01"
  user_id         = each.value
}

# A group: the operations on its members' data are audited.
resource "vb365_audit_item" "support" {
  organization_id = "9f3c1a52-5e0b-4d2a-8b8e-3c2f6d7a1b01"
  group_id        = "6fcd6b99-7abc-4e5d-8fb6-5b8cad2e4f66"
}
