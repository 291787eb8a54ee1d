# The server has one audit e-mail configuration; its ID is always
# audit_email_settings. The SMTP password is not read back: set password_wo
# (and password_wo_version) to send it on the next change.
terraform import vb365_audit_email_settings.this audit_email_settings
