package restores

// restored_by: the restoring identity, shown in the plan. executed_by stays the account the
// provider signs in with; restored_by says who the server will record as the restorer (the
// signed-in administrator, or the restore operator of the provider's restore_operator block
// when the run takes the operator's route), and which Exchange account and credential form the
// restore itself uses (from the action block, or the provider's restore_credentials /
// VB365_RESTORE_*). Never a secret: only account names and the form.

import (
	"context"
	"strings"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var restoredByAttrTypes = map[string]attr.Type{
	"route":            types.StringType,
	"recorded_as":      types.StringType,
	"exchange_account": types.StringType,
	"credential_form":  types.StringType,
	"credentials_from": types.StringType,
}

// Route and credential names of restored_by.
const (
	routeAdministrator   = "administrator"
	routeRestoreOperator = "restore_operator"
	credentialsFromBlock = "action_block"
	credentialsFromProv  = "provider_restore_credentials"
)

func restoredByAttribute() schema.SingleNestedAttribute {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	return schema.SingleNestedAttribute{
		Computed: true,
		MarkdownDescription: "The restoring identity, known in the plan when the action block and the session source are (never a " +
			"secret). `executed_by` stays the account the provider signs in with; this says who the server records and which " +
			"account the restore uses in Exchange. Kept unchanged for a recorded run.",
		PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
		Attributes: map[string]schema.Attribute{
			"route": str("`administrator` (the provider's sign-in) or `restore_operator` (the run takes the restore operator's " +
				"route of the provider's `restore_operator` block, see `reason_sent_to_server`)."),
			"recorded_as": str("Who the server records as the restorer: the provider's `username`, or the restore operator's " +
				"sign-in name (read from the organization's users; `operator <user ID>`, the user part of " +
				"`restore_operator.client_id`, when it cannot be read)."),
			"exchange_account": str("The Exchange account the restore uses: `user_name`, or `impersonation_account_name` / " +
				"`application_id` with a certificate, from the action block or else the provider's `restore_credentials`; null " +
				"when none is sent (the server uses the organization's own) or with a device code."),
			"credential_form": str("`password`, `certificate`, `device_code` or `none` (no restore credentials sent; the operator " +
				"route sends none)."),
			"credentials_from": str("`action_block`, `provider_restore_credentials` (the provider block or `VB365_RESTORE_*`), or " +
				"null when none are sent."),
		},
	}
}

// credentialValues reads the credential values of a block; known is false when one is unknown.
func credentialValues(c restoreinputs.RestoreCredentialsModel) (vals map[string]string, known bool) {
	vals = map[string]string{}
	for k, v := range map[string]types.String{
		"user_name": c.UserName, "user_password": c.UserPassword, "user_code": c.UserCode, "application_id": c.ApplicationID,
		"application_certificate": c.ApplicationCertificate, "impersonation_account_name": c.ImpersonationAccountName,
	} {
		if v.IsUnknown() {
			return nil, false
		}
		vals[k] = v.ValueString()
	}
	return vals, true
}

// blockCredentials is the credentials block of the action (nil for actions without one).
func blockCredentials(m *restoreinputs.RestoreInputsModel) *restoreinputs.RestoreCredentialsModel {
	switch {
	case m == nil:
		return nil
	case m.RestoreToOriginalLocation != nil:
		return &m.RestoreToOriginalLocation.RestoreCredentialsModel
	case m.RestoreTo != nil:
		return &m.RestoreTo.RestoreCredentialsModel
	}
	return nil
}

// restoredByValue is restored_by for a run; viaOperator and routeKnown as operatorRouteState
// says. config holds the write-only values (nil: not readable, then the value is unknown).
func restoredByValue(ctx context.Context, data *framework.ProviderData, m, config *restoreinputs.RestoreInputsModel, viaOperator, routeKnown bool) types.Object {
	unknown := types.ObjectUnknown(restoredByAttrTypes)
	if data == nil || !routeKnown {
		return unknown
	}
	vals := map[string]attr.Value{
		"route": types.StringValue(routeAdministrator), "recorded_as": framework.NonEmptyString(data.Username),
		"exchange_account": types.StringNull(), "credential_form": types.StringValue(restoreinputs.CredentialFormNone),
		"credentials_from": types.StringNull(),
	}
	if viaOperator {
		vals["route"] = types.StringValue(routeRestoreOperator)
		vals["recorded_as"] = types.StringValue("restore operator")
		if id := data.OperatorClientID; id != "" {
			user, _, _ := strings.Cut(id, ".")
			vals["recorded_as"] = types.StringValue("operator " + user)
			// The server records the operator's sign-in name: read it where the administrator may.
			if u, err := data.Client.OrganizationUser(ctx, m.OrganizationID.ValueString(), user); err == nil && u.Name != "" {
				vals["recorded_as"] = types.StringValue(u.Name)
			}
		}
		return types.ObjectValueMust(restoredByAttrTypes, vals)
	}
	if blockCredentials(m) == nil { // exports and sends take no restore credentials
		return types.ObjectValueMust(restoredByAttrTypes, vals)
	}
	block := blockCredentials(config)
	if block == nil {
		return unknown
	}
	given, known := credentialValues(*block)
	if !known {
		return unknown
	}
	creds, from := data.RestoreCredentials, credentialsFromProv
	if !block.Empty() {
		creds, from = vb365.RestoreCredentials{UserName: given["user_name"], UserPassword: given["user_password"],
			UserCode: given["user_code"], ApplicationID: given["application_id"],
			ApplicationCertificate: given["application_certificate"], ImpersonationAccountName: given["impersonation_account_name"]}, credentialsFromBlock
	}
	account, form := restoreinputs.DescribeCredentials(creds)
	vals["exchange_account"], vals["credential_form"] = framework.NonEmptyString(account), types.StringValue(form)
	if form != restoreinputs.CredentialFormNone {
		vals["credentials_from"] = types.StringValue(from)
	}
	return types.ObjectValueMust(restoredByAttrTypes, vals)
}
