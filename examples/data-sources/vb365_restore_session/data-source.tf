# Inspect a restore session opened elsewhere, e.g. in the VB365 console or by
# another Terraform configuration.
data "vb365_restore_session" "current" {
  id = var.restore_session_id
}

variable "restore_session_id" {
  type        = string
  description = "ID (a UUID) of an existing restore session."
}

output "session" {
  value = {
    organization = data.vb365_restore_session.current.organization_name
    state        = data.vb365_restore_session.current.state # Working, Stopped, ...
    opened       = data.vb365_restore_session.current.creation_time
    opened_by    = data.vb365_restore_session.current.initiated_by
  }
}
