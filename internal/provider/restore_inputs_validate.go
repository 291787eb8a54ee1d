package provider

// Validation of a restore's inputs beyond what single-attribute validators express.

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// validateRestoreInputs checks what the schema cannot express: exactly one action block, and
// credentials in exactly one form. Unknown values are skipped (checked again at apply).
func validateRestoreInputs(m *restoreInputsModel) diag.Diagnostics {
	var diags diag.Diagnostics
	present := m.presentActions()
	switch len(present) {
	case 0:
		diags.AddAttributeError(path.Root("restore_to_original_location"), "Missing action block",
			"Exactly one action block is required, one of: "+strings.Join(actionBlockNames(), ", ")+".")
	case 1:
	default:
		names := make([]string, len(present))
		for i, k := range present {
			names[i] = string(k)
		}
		diags.AddAttributeError(path.Root(names[1]), "Conflicting action blocks",
			"Exactly one action block is allowed, but these are set: "+strings.Join(names, ", ")+".")
	}
	if m.RestoreToOriginalLocation != nil {
		diags.Append(validateCredentials(path.Root(string(vb365.ActionRestoreToOriginalLocation)), m.RestoreToOriginalLocation.restoreCredentialsModel)...)
	}
	if m.RestoreTo != nil {
		diags.Append(validateCredentials(path.Root(string(vb365.ActionRestoreTo)), m.RestoreTo.restoreCredentialsModel)...)
	}
	return diags
}

type credentialForm struct {
	name     string
	fields   []string
	required []string
}

var credentialForms = []credentialForm{
	{name: "user name and password", fields: []string{"user_name", "user_password"}, required: []string{"user_name", "user_password"}},
	{name: "device code", fields: []string{"user_code"}, required: []string{"user_code"}},
	{name: "application certificate",
		fields:   []string{"application_id", "application_certificate", "application_certificate_password", "impersonation_account_name"},
		required: []string{"application_id", "application_certificate", "impersonation_account_name"}},
}

func (c restoreCredentialsModel) values() map[string]types.String {
	return map[string]types.String{
		"user_name": c.UserName, "user_password": c.UserPassword, "user_code": c.UserCode,
		"application_id": c.ApplicationID, "application_certificate": c.ApplicationCertificate,
		"application_certificate_password": c.ApplicationCertificatePassword,
		"impersonation_account_name":       c.ImpersonationAccountName,
	}
}

// validateCredentials checks the credentials of an action block: none at all (the provider's
// restore_credentials, if any, are then sent, else none: no API version requires them and the
// server's refusal is shown when it needs them), or exactly one complete form.
func validateCredentials(block path.Path, c restoreCredentialsModel) diag.Diagnostics {
	return validateCredentialForm(block, c, false)
}

// validateCredentialForm requires at most one form of credentials, complete, and with
// required at least one. Messages name attributes, never values.
func validateCredentialForm(block path.Path, c restoreCredentialsModel, required bool) diag.Diagnostics {
	var diags diag.Diagnostics
	values := c.values()
	for _, v := range values {
		if v.IsUnknown() {
			return nil
		}
	}
	var used []credentialForm
	for _, form := range credentialForms {
		for _, f := range form.fields {
			if !values[f].IsNull() {
				used = append(used, form)
				break
			}
		}
	}
	switch len(used) {
	case 0:
		if !required {
			return diags
		}
		diags.AddAttributeError(block, "Missing restore credentials",
			"Set credentials in exactly one form: user_name + user_password; user_code; or application_id + application_certificate "+
				"(+ application_certificate_password) + impersonation_account_name.")
		return diags
	case 1:
	default:
		diags.AddAttributeError(block, "Conflicting restore credentials",
			fmt.Sprintf("Credentials are given in more than one form (%s and %s); set exactly one.", used[0].name, used[1].name))
		return diags
	}
	for _, f := range used[0].required {
		if values[f].IsNull() {
			diags.AddAttributeError(block.AtName(f), "Incomplete restore credentials",
				fmt.Sprintf("%s is required with the %s form of credentials.", f, used[0].name))
		}
	}
	return diags
}
