package provider

import "github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"

// empty reports whether no credential is set.
func (c restoreCredentialsModel) empty() bool {
	for _, v := range c.values() {
		if !v.IsNull() && !v.IsUnknown() && v.ValueString() != "" {
			return false
		}
	}
	return true
}

// withDefault is c expanded, or the provider's default credentials when c sets none.
func (c restoreCredentialsModel) withDefault(defaults vb365.RestoreCredentials) vb365.RestoreCredentials {
	if c.empty() {
		return defaults
	}
	return c.expand()
}

// secrets are the secret values of credentials, for redaction of server texts.
func credentialSecrets(c vb365.RestoreCredentials) []string {
	var out []string
	for _, s := range []string{c.UserPassword, c.UserCode, c.ApplicationCertificate, c.ApplicationCertificatePassword} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
