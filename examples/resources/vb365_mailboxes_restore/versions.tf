# Not shown in the generated docs: lets this directory be validated on its own.
terraform {
  required_providers {
    vb365 = {
      source = "terraform-vb365/vb365"
    }
  }
}
