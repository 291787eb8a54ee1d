package provider

// Restore-operator sign-in (restore_operator { } in the provider block). With it, a
// vb365_mailbox_item_restore that restores items to their original location on API v6+ runs as
// the operator: its own session through Organization/OperatorExplore and the restore through
// items/operatorRestore, both with the resource's reason, which the server records on the
// session (its Restore Sessions "Reason" column). Everything else keeps the administrator's
// routes, which have no field for a reason.

import (
	"fmt"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// Environment variables of the restore_operator block (defined in framework: restore diagnostics name them).
const (
	EnvOperatorClientID  = framework.EnvOperatorClientID
	EnvOperatorAssertion = framework.EnvOperatorAssertion
)

// restoreOperatorModel is the restore_operator { } block.
type restoreOperatorModel struct {
	ClientID  types.String `tfsdk:"client_id"`
	Assertion types.String `tfsdk:"assertion"`
}

func restoreOperatorProviderBlock() schema.SingleNestedBlock {
	return schema.SingleNestedBlock{
		MarkdownDescription: "Sign-in as a Restore Portal restore operator (API v6+, token grant `operator`), a member of a " +
			"restore operator role (`vb365_restore_operator_role`). When set, `vb365_mailbox_item_restore` runs " +
			"`restore_to_original_location` of `item_ids` (without Exchange credentials in its block: the operator route takes " +
			"none) in a session it opens with `organization_id` as this operator, " +
			"through the operator routes, which send its `reason` to the server (shown in the server's restore sessions); " +
			"see `reason_sent_to_server`. Everything else still uses `username`/`password`. The provider block accepts " +
			"ephemeral values and is never written to a plan or state.",
		Attributes: map[string]schema.Attribute{
			"client_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The operator's `userId.tenantId`: Microsoft 365 user ID and tenant ID. Environment variable: `" +
					framework.EnvOperatorClientID + "`.",
			},
			"assertion": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "A token for the operator from the Microsoft identity platform (the assertion of the " +
					"`operator` grant). Use an ephemeral value or the environment variable `" + framework.EnvOperatorAssertion + "`.",
			},
		},
	}
}

// resolveRestoreOperator merges the block with its environment variables (the block wins).
// nil: no operator sign-in.
func resolveRestoreOperator(m *restoreOperatorModel, src configSources) (*vb365.OperatorCredentials, diag.Diagnostics) {
	var diags diag.Diagnostics
	var block restoreOperatorModel
	if m != nil {
		block = *m
	}
	blockPath := path.Root("restore_operator")
	clientID := src.stringSetting(blockPath.AtName("client_id"), block.ClientID, framework.EnvOperatorClientID)
	assertion := src.stringSetting(blockPath.AtName("assertion"), block.Assertion, framework.EnvOperatorAssertion)
	hasID, hasAssertion := clientID.set && clientID.value != "", assertion.set && assertion.value != ""
	switch {
	case !hasID && !hasAssertion:
		return nil, diags
	case !hasID || !hasAssertion:
		diags.AddAttributeError(blockPath, "Incomplete restore_operator",
			fmt.Sprintf("A restore operator signs in with both client_id and assertion (or %s and %s); only one is set.",
				framework.EnvOperatorClientID, framework.EnvOperatorAssertion))
		return nil, diags
	}
	return &vb365.OperatorCredentials{ClientID: clientID.value, Assertion: assertion.value}, diags
}

// operatorClientID is the operator's client_id (empty without an operator).
func operatorClientID(operator *vb365.OperatorCredentials) string {
	if operator == nil {
		return ""
	}
	return operator.ClientID
}

// newOperatorClient is a second client on the same server, signed in as the operator.
func newOperatorClient(cfg vb365.Config, operator *vb365.OperatorCredentials) (*vb365.Client, error) {
	cfg.Operator = operator
	cfg.Logf = clientLogger(operator.Assertion)
	return vb365.New(cfg)
}
