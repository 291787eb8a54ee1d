# Finds the Exchange restore sessions left open since a time (Terraform 1.14+).
# A list block goes in a file of its own whose name ends in .tfquery.hcl (here
# list-resource.tfquery.hcl), next to the configuration that configures the
# provider; `terraform plan` and `apply` ignore it, `terraform query` reads it:
#   terraform query
# To take them over, write import blocks and configuration for them,
#   terraform query -generate-config-out=open_sessions.tf
# then `terraform apply` imports them and `terraform destroy` stops them.
list "vb365_restore_session" "open" {
  provider = vb365

  config {
    organization_id    = var.organization_id
    state              = "Working"
    creation_time_from = var.open_since
  }
}
