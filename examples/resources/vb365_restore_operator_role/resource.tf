# The support desk may restore the data of the Support group and the intranet
# site, never the CEO's mailbox. Operators sign in as themselves (Restore Portal,
# or the provider's operator block), so the server records who restored what.
resource "vb365_restore_operator_role" "support_desk" {
  organization_id = "9f3c1a52-5e0b-4d2a-8b8e-3c2f6d7a1b01"
  name            = "Support desk"
  description     = "Restores for the support team; reviewed in change CHG-1042"
  role_type       = "SpecificObjects"

  operators = [
    { type = "User", id = "5ebc5a88-6fab-4d4c-9ea5-4a7b9c1d3e55" },
    { type = "Group", id = "7ade7caa-8bcd-4f6e-9ac7-6c9dbe3f5a77" },
  ]

  selected_items = [
    { type = "Group", id = "6fcd6b99-7abc-4e5d-8fb6-5b8cad2e4f66" },
    { type = "Site", id = "8bef8dbb-9cde-4a7f-8bd8-7daecf4a6b88" },
  ]

  excluded_items = [
    { type = "User", id = "1a7e1c44-2b6d-4f0e-9a61-0c3d5e7f9a11" },
  ]
}
