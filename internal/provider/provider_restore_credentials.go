package provider

// Default restore credentials in the provider block (restore_credentials { }), for restores and
// actions whose block gives none. Provider blocks take ephemeral values and are never written
// to a plan or state, so this is also how the action, whose arguments cannot be sensitive or
// write-only, restores without a credential in its plan.

import (
	"strings"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// restoreCredentialEnv is the environment variable of a restore_credentials attribute.
func restoreCredentialEnv(name string) string {
	return "VB365_RESTORE_" + strings.ToUpper(name)
}

// restoreCredentialsProviderBlock renders credentialFields as the provider's block.
func restoreCredentialsProviderBlock() schema.SingleNestedBlock {
	attrs := map[string]schema.Attribute{}
	for _, f := range restoreinputs.CredentialFields() {
		secret := f.Name != "user_name" && f.Name != "application_id" && f.Name != "impersonation_account_name"
		attrs[f.Name] = schema.StringAttribute{
			Optional: true, Sensitive: secret,
			MarkdownDescription: f.Description + " Environment variable: `" + restoreCredentialEnv(f.Name) + "`.",
		}
	}
	return schema.SingleNestedBlock{
		MarkdownDescription: "Default Exchange credentials of `restore_to_original_location` and `restore_to`, for the resource " +
			"and the action `vb365_mailbox_item_restore` whose block sets none, in one of three forms (user name and password; " +
			"device code; application certificate). The provider block accepts ephemeral values and is never written to a plan " +
			"or state: with the action, whose arguments cannot be sensitive, credentials given here never appear in its plan.",
		Attributes: attrs,
	}
}

// resolveRestoreCredentials merges the block with its environment variables (the block wins)
// and checks the form. The zero value means none.
func resolveRestoreCredentials(m *restoreinputs.RestoreCredentialsModel, src configSources) (vb365.RestoreCredentials, diag.Diagnostics) {
	var block restoreinputs.RestoreCredentialsModel
	if m != nil {
		block = *m
	}
	resolved := restoreinputs.RestoreCredentialsModel{}
	targets := map[string]*types.String{
		"user_name": &resolved.UserName, "user_password": &resolved.UserPassword, "user_code": &resolved.UserCode,
		"application_id": &resolved.ApplicationID, "application_certificate": &resolved.ApplicationCertificate,
		"application_certificate_password": &resolved.ApplicationCertificatePassword,
		"impersonation_account_name":       &resolved.ImpersonationAccountName,
	}
	configured := block.Values()
	for name, target := range targets {
		s := src.stringSetting(path.Root("restore_credentials").AtName(name), configured[name], restoreCredentialEnv(name))
		*target = types.StringNull()
		if s.set && s.value != "" {
			*target = types.StringValue(s.value)
		}
	}
	diags := restoreinputs.ValidateCredentials(path.Root("restore_credentials"), resolved)
	return resolved.Expand(), diags
}
