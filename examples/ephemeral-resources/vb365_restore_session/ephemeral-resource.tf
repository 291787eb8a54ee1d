# Opens an Exchange restore session for this run only (Terraform 1.10+,
# OpenTofu 1.11+); it is stopped when the run ends, also when the run fails, and
# nothing about it is kept in state or plan.
ephemeral "vb365_restore_session" "review" {
  organization_id   = "9f3c1a52-5e0b-4d2a-8b8e-3c2f6d7a1b01"
  point_in_time     = "2026-11-01T00:00:00Z"
  show_deleted      = true
  show_all_versions = false
}

# Terraform accepts the ephemeral ID only where it is not stored: here a script
# that calls the REST API with it while the run lasts. Terraform suppresses the
# output of a provisioner whose configuration holds an ephemeral value, so the
# script writes its report to a file instead of printing it. (The data sources,
# resources and action of this provider take organization_id and need no
# session of yours.)
resource "terraform_data" "review_report" {
  provisioner "local-exec" {
    command = "./review-report.sh > review-report.txt"
    environment = {
      RESTORE_SESSION_ID = ephemeral.vb365_restore_session.review.id
    }
  }
}
