# Every organization the VB365 server backs up.
data "vb365_organizations" "all" {}

locals {
  # Pick an organization by name, e.g. to open a restore session on it.
  contoso_id = one([
    for org in data.vb365_organizations.all.organizations : org.id
    if org.name == "contoso.onmicrosoft.com"
  ])
}

output "organization_names" {
  value = data.vb365_organizations.all.organizations[*].name
}

output "contoso_id" {
  value = local.contoso_id
}
