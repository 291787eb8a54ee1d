package restoreinputs

import "github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"

// Empty reports whether no credential is set.
func (c RestoreCredentialsModel) Empty() bool {
	for _, v := range c.Values() {
		if !v.IsNull() && !v.IsUnknown() && v.ValueString() != "" {
			return false
		}
	}
	return true
}

// WithDefault is c expanded, or the provider's default credentials when c sets none.
func (c RestoreCredentialsModel) WithDefault(defaults vb365.RestoreCredentials) vb365.RestoreCredentials {
	if c.Empty() {
		return defaults
	}
	return c.Expand()
}

// secrets are the secret values of credentials, for redaction of server texts.
func CredentialSecrets(c vb365.RestoreCredentials) []string {
	var out []string
	for _, s := range []string{c.UserPassword, c.UserCode, c.ApplicationCertificate, c.ApplicationCertificatePassword} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// The forms of restore credentials (restored_by.credential_form).
const (
	CredentialFormNone        = "none"
	CredentialFormPassword    = "password"
	CredentialFormCertificate = "certificate"
	CredentialFormDeviceCode  = "device_code"
)

// DescribeCredentials names the account and form of credentials (never a secret).
func DescribeCredentials(c vb365.RestoreCredentials) (account, form string) {
	switch {
	case c.UserCode != "":
		return "", CredentialFormDeviceCode
	case c.ApplicationCertificate != "" || c.ApplicationID != "":
		account = c.ImpersonationAccountName
		if account == "" {
			account = c.ApplicationID
		}
		return account, CredentialFormCertificate
	case c.UserName != "" || c.UserPassword != "":
		return c.UserName, CredentialFormPassword
	}
	return "", CredentialFormNone
}
