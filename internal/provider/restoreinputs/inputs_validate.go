package restoreinputs

// Validation of a restore's inputs beyond what single-attribute validators express.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// ValidateRestoreInputs checks what the schema cannot express: exactly one action block,
// exactly one scope (items, a folder, the whole mailbox) that the action supports, and
// credentials in at most one form. Unknown values are skipped (checked again at apply).
func ValidateRestoreInputs(m *RestoreInputsModel) diag.Diagnostics {
	var diags diag.Diagnostics
	present := m.PresentActions()
	switch len(present) {
	case 0:
		diags.AddAttributeError(path.Root("restore_to_original_location"), "Missing action block",
			"Exactly one action block is required, one of: "+strings.Join(ActionBlockNames(), ", ")+".")
	case 1:
	default:
		names := make([]string, len(present))
		for i, k := range present {
			names[i] = string(k)
		}
		diags.AddAttributeError(path.Root(names[1]), "Conflicting action blocks",
			"Exactly one action block is allowed, but these are set: "+strings.Join(names, ", ")+".")
	}
	diags.Append(validateRestoreScope(m, present)...)
	if m.RestoreToOriginalLocation != nil {
		diags.Append(ValidateCredentials(path.Root(string(vb365.ActionRestoreToOriginalLocation)), m.RestoreToOriginalLocation.RestoreCredentialsModel)...)
	}
	if m.RestoreTo != nil {
		diags.Append(ValidateCredentials(path.Root(string(vb365.ActionRestoreTo)), m.RestoreTo.RestoreCredentialsModel)...)
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

func (c RestoreCredentialsModel) Values() map[string]types.String {
	return map[string]types.String{
		"user_name": c.UserName, "user_password": c.UserPassword, "user_code": c.UserCode,
		"application_id": c.ApplicationID, "application_certificate": c.ApplicationCertificate,
		"application_certificate_password": c.ApplicationCertificatePassword,
		"impersonation_account_name":       c.ImpersonationAccountName,
	}
}

// ValidateCredentials checks the credentials of an action block or the provider's defaults:
// none at all (no API version requires them: the provider's restore_credentials, if any, or
// none are sent, and a server that needs them refuses the restore with its own message), or
// exactly one complete form. Messages name attributes, never values.
func ValidateCredentials(block path.Path, c RestoreCredentialsModel) diag.Diagnostics {
	var diags diag.Diagnostics
	values := c.Values()
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

// validateRestoreScope checks that exactly one of item_ids, folder_id and whole_mailbox = true
// is given, and that a folder or the whole mailbox comes with an action the API offers for
// them. Unknown values are skipped (checked again at apply).
func validateRestoreScope(m *RestoreInputsModel, present []vb365.ActionKind) diag.Diagnostics {
	var diags diag.Diagnostics
	if m.ItemIDs.IsUnknown() || m.FolderID.IsUnknown() || m.WholeMailbox.IsUnknown() || m.WholeOrganization.IsUnknown() {
		return diags
	}
	var given []string
	if !m.ItemIDs.IsNull() {
		given = append(given, "item_ids")
	}
	if !m.FolderID.IsNull() {
		given = append(given, "folder_id")
	}
	if m.WholeMailbox.ValueBool() {
		given = append(given, "whole_mailbox")
	}
	if m.WholeOrganization.ValueBool() {
		given = append(given, "whole_organization")
	}
	const choice = "Exactly one of item_ids, folder_id, whole_mailbox = true and whole_organization = true says what is acted on"
	switch {
	case len(given) == 0 && !m.WholeMailbox.IsNull():
		diags.AddAttributeError(path.Root("whole_mailbox"), "Nothing to act on",
			choice+"; whole_mailbox = false selects nothing. Set whole_mailbox = true to act on the whole mailbox, or give item_ids or folder_id.")
		return diags
	case len(given) == 0:
		diags.AddAttributeError(path.Root("item_ids"), "Nothing to act on", choice+"; none is set.")
		return diags
	case len(given) > 1:
		diags.AddAttributeError(path.Root(given[1]), "Conflicting scopes",
			choice+", but these are set: "+strings.Join(given, ", ")+".")
		return diags
	}
	diags.Append(validateOrganizationScope(m, given[0], present)...)
	if given[0] == "whole_organization" || given[0] == "item_ids" || len(present) != 1 || slices.Contains(scopeActions, present[0]) {
		return diags
	}
	what := "folder_id (a whole folder)"
	if given[0] == "whole_mailbox" {
		what = "whole_mailbox (the whole mailbox)"
	}
	diags.AddAttributeError(path.Root(given[0]), "Action not available for a folder or mailbox",
		fmt.Sprintf("%s cannot be combined with %s: the API offers %s only for items. With %s use one of %s, or list the items in item_ids.",
			what, present[0], present[0], given[0], strings.Join(scopeActionNames(), ", ")))
	return diags
}

// validateOrganizationScope checks what depends on the whole organization scope: it has no
// mailbox and only a PST export (the API's only organization action); every other scope needs
// mailbox_id; content_keyword narrows a folder, a mailbox or the organization, not listed items.
func validateOrganizationScope(m *RestoreInputsModel, scope string, present []vb365.ActionKind) diag.Diagnostics {
	var diags diag.Diagnostics
	switch {
	case scope == "whole_organization" && !m.MailboxID.IsNull() && !m.MailboxID.IsUnknown():
		diags.AddAttributeError(path.Root("mailbox_id"), "Conflicting scopes",
			"whole_organization = true exports every mailbox of the organization: remove mailbox_id.")
	case scope == "whole_organization" && len(present) == 1 && present[0] != vb365.ActionExportToPST:
		diags.AddAttributeError(path.Root("whole_organization"), "Action not available for the whole organization",
			fmt.Sprintf("whole_organization cannot be combined with %s: the API offers only a PST export of the whole organization (export_to_pst).", present[0]))
	case scope != "whole_organization" && m.MailboxID.IsNull():
		diags.AddAttributeError(path.Root("mailbox_id"), "Missing mailbox_id",
			"mailbox_id is required with "+scope+"; only whole_organization = true has no mailbox.")
	}
	if m.ExportToPST != nil && !m.ExportToPST.ContentKeyword.IsNull() && scope == "item_ids" {
		diags.AddAttributeError(path.Root("export_to_pst").AtName("content_keyword"), "Content keyword needs a folder, mailbox or organization",
			"content_keyword narrows the export of a folder (folder_id), a whole mailbox (whole_mailbox) or the whole organization "+
				"(whole_organization); listed items (item_ids) are exported as they are. Remove content_keyword, or export a folder or mailbox.")
	}
	return diags
}
