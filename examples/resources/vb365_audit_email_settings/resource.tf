variable "smtp_password" {
  description = "Password of the SMTP account; never stored in state."
  type        = string
  sensitive   = true
  ephemeral   = true
}

# Where the server sends the audit notifications of vb365_audit_item.
# `terraform destroy` turns notifications off and leaves the rest on the server.
resource "vb365_audit_email_settings" "this" {
  enabled            = true
  smtp_server        = "smtp.example.com"
  port               = 587
  use_ssl            = true
  use_authentication = true
  username           = "vb365-notify"

  # Write-only: sent on create and whenever password_wo_version changes.
  password_wo         = var.smtp_password
  password_wo_version = 1

  from    = "vb365@example.com"
  to      = ["restore-audit@example.com", "legal@example.com"]
  subject = "[%Action%] %DisplayName% by %InitiatedByUserName% (%OrganizationName%)"

  # Change a value to have the server send a test message after the apply.
  send_test_email = {
    reviewed = "2026-12-01"
  }
}
