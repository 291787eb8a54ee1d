# Whether restore operators can use the Restore Portal, and where it is.
data "vb365_restore_portal_settings" "this" {}

output "restore_portal" {
  value = data.vb365_restore_portal_settings.this.enabled ? data.vb365_restore_portal_settings.this.restore_portal_uri : "disabled"
}
