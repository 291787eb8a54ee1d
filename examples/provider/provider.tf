terraform {
  required_providers {
    vb365 = {
      source = "terraform-vb365/vb365"
    }
  }
}

# Every argument can also come from the environment (VB365_ENDPOINT,
# VB365_USERNAME, VB365_PASSWORD, VB365_CA_CERT_FILE, ...); a value set here wins.
provider "vb365" {
  endpoint = var.vb365_endpoint # port 4443 when the URL has none
  username = var.vb365_username
  password = var.vb365_password

  # Trust the server's private CA instead of disabling verification (insecure = true).
  ca_cert_file = var.vb365_ca_cert_file

  # "auto" picks the newest REST API version the server serves; pin one (v3..v8)
  # to keep behaviour fixed across server upgrades.
  api_version = "v8"

  request_timeout         = "90s"
  max_concurrent_requests = 4

  # Reads are retried on connection errors and HTTP 429, 502, 503, 504 (honouring Retry-After).
  # Restores, exports and sends are never retried automatically.
  retry {
    attempts  = 5
    min_delay = "2s"
    max_delay = "1m"
  }
}

variable "vb365_endpoint" {
  type        = string
  description = "VB365 REST API URL, e.g. https://vb365.example.com:4443."
}

variable "vb365_username" {
  type        = string
  description = "Account allowed to run restores."
}

variable "vb365_password" {
  type      = string
  sensitive = true
}

variable "vb365_ca_cert_file" {
  type        = string
  description = "PEM file with the CA that signed the server's certificate."
  default     = null
}

# A quick connection check: the organizations the server backs up.
data "vb365_organizations" "all" {}

output "organizations" {
  value = [for org in data.vb365_organizations.all.organizations : org.name]
}
