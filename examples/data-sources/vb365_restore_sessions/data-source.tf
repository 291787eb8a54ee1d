# Restore sessions of one organization still running, e.g. to find sessions
# left open, and those of March 2026 for an audit report.
data "vb365_restore_sessions" "running" {
  organization_id = var.organization_id
  state           = "Working"
}

data "vb365_restore_sessions" "march" {
  organization_id = var.organization_id
  start_time_from = "2026-03-01T00:00:00Z"
  start_time_to   = "2026-03-31T23:59:59Z"
}

variable "organization_id" {
  type = string
}

# Who opened which session and when. A session's reason is the one given when it
# was opened (vb365_restore_session's reason); the sessions the provider opens for
# organization_id carry none: a restore's reason is in its vb365_mailbox_item_restore
# record.
output "march_sessions" {
  value = [for s in data.vb365_restore_sessions.march.sessions : {
    id = s.id, opened_by = s.initiated_by, opened = s.creation_time
  }]
}
