# The variables of list-resource.tfquery.hcl (a query file uses the
# configuration's variables).
variable "organization_id" {
  type = string
}

variable "open_since" {
  type        = string
  description = "List sessions opened at or after this time (RFC 3339); the default finds the simulator's open session."
  default     = "2019-01-01T00:00:00Z"
}
