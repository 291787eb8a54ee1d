package provider

// Restore-operator sign-in (restore_operator { } in the provider block). With it, a
// vb365_mailbox_item_restore that restores items to their original location on API v6+ runs as
// the operator: its own session through Organization/OperatorExplore and the restore through
// items/operatorRestore, both with the resource's reason, which the server records on the
// session (its Restore Sessions "Reason" column). Everything else keeps the administrator's
// routes, which have no field for a reason.

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// Environment variables of the restore_operator block.
const (
	EnvOperatorClientID  = "VB365_OPERATOR_CLIENT_ID"
	EnvOperatorAssertion = "VB365_OPERATOR_ASSERTION"
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
					EnvOperatorClientID + "`.",
			},
			"assertion": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "A token for the operator from the Microsoft identity platform (the assertion of the " +
					"`operator` grant). Use an ephemeral value or the environment variable `" + EnvOperatorAssertion + "`.",
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
	clientID := src.stringSetting(blockPath.AtName("client_id"), block.ClientID, EnvOperatorClientID)
	assertion := src.stringSetting(blockPath.AtName("assertion"), block.Assertion, EnvOperatorAssertion)
	hasID, hasAssertion := clientID.set && clientID.value != "", assertion.set && assertion.value != ""
	switch {
	case !hasID && !hasAssertion:
		return nil, diags
	case !hasID || !hasAssertion:
		diags.AddAttributeError(blockPath, "Incomplete restore_operator",
			fmt.Sprintf("A restore operator signs in with both client_id and assertion (or %s and %s); only one is set.",
				EnvOperatorClientID, EnvOperatorAssertion))
		return nil, diags
	}
	return &vb365.OperatorCredentials{ClientID: clientID.value, Assertion: assertion.value}, diags
}

// newOperatorClient is a second client on the same server, signed in as the operator.
func newOperatorClient(cfg vb365.Config, operator *vb365.OperatorCredentials) (*vb365.Client, error) {
	cfg.Operator = operator
	cfg.Logf = clientLogger(operator.Assertion)
	return vb365.New(cfg)
}

// operatorRouteState says whether a run of m goes through the operator routes, so that the
// server records its reason. known is false when the API version cannot be read yet. config is
// the configuration's view of m: its write-only Exchange credentials are null in plans.
func operatorRouteState(ctx context.Context, data *providerData, m, config *restoreInputsModel, source sessionSourceModel) (sent, known bool) {
	if data == nil || data.OperatorClient == nil {
		return false, data != nil
	}
	kinds := m.presentActions()
	if len(kinds) != 1 || kinds[0] != vb365.ActionRestoreToOriginalLocation || m.scopeKind() != scopeItems {
		return false, true
	}
	// operatorRestore has no field for Exchange credentials: a block that gives some keeps the
	// administrator's route, which sends them.
	if config == nil || config.RestoreToOriginalLocation == nil {
		return false, false
	}
	for _, v := range config.RestoreToOriginalLocation.values() {
		if !v.IsNull() {
			return false, true
		}
	}
	if source.RestoreSessionID.IsUnknown() || source.DataRetrievalID.IsUnknown() || source.RepositoryID.IsUnknown() {
		return false, false
	}
	// The operator restores only in a session it opened itself, and explores neither data
	// retrievals nor (below v8) backup repositories.
	if !source.byOrganization() || source.DataRetrievalID.ValueString() != "" {
		return false, true
	}
	v, err := data.Client.Version(ctx)
	if err != nil {
		tflog.Debug(ctx, "API version unknown at plan: reason_sent_to_server left unknown", map[string]any{"error": err.Error()})
		return false, false
	}
	if v < vb365.V6 || (source.RepositoryID.ValueString() != "" && v < vb365.V8) {
		return false, true
	}
	return true, true
}

// acquireOperatorRunSession opens the run's own session as the restore operator
// (OperatorExplore with the reason) and returns it with the release that stops it. A refusal
// (including a sign-in the server refuses) means nothing ran.
func acquireOperatorRunSession(ctx context.Context, data *providerData, m sessionSourceModel, reason string, diags *diag.Diagnostics) (runSession, bool) {
	if err := data.RunSlots.take(ctx); err != nil {
		diags.AddError("Restore not started", err.Error()+". Nothing was run.")
		return runSession{}, false
	}
	opts, err := sessionScopeOf(m).exploreOptions()
	if err != nil {
		data.RunSlots.free()
		diags.AddError("Cannot open a restore session", err.Error())
		return runSession{}, false
	}
	session, err := data.OperatorClient.OperatorExplore(ctx, vb365.OperatorExploreOptions{
		PointInTime: opts.PointInTime, ShowDeleted: opts.ShowDeleted, ShowAllVersions: opts.ShowAllVersions,
		RepositoryID: opts.RepositoryID, Reason: reason,
	})
	if err == nil && session.ID == "" {
		err = fmt.Errorf("the server answered without a session ID")
	}
	if err != nil {
		data.RunSlots.free()
		what := "Opening " + m.describe() + " as the restore operator (restore_operator) for this run"
		if vb365.ProvablyNotRun(err) {
			what += " (nothing was run)"
		} else {
			what += ". The server may have opened a session that the provider cannot identify; it ends by itself when idle. Nothing was restored"
		}
		if errors.Is(err, vb365.ErrAuthentication) {
			// The hint of addClientError names username and password, which are not what failed.
			diags.AddError("Restore operator sign-in refused", fmt.Sprintf("%s failed: %v\n\nCheck the provider's restore_operator "+
				"(%s, %s): the server signs in only an operator of a restore operator role (vb365_restore_operator_role), "+
				"with a valid assertion from the Microsoft identity platform.", what, err, EnvOperatorClientID, EnvOperatorAssertion))
			return runSession{}, false
		}
		addClientError(diags, "Cannot open a restore session as the restore operator", what, err)
		return runSession{}, false
	}
	tflog.Debug(ctx, "opened the run's own restore session as the restore operator", map[string]any{"id": session.ID})
	opener := sessionOpener{client: data.OperatorClient}
	return runSession{ID: session.ID, Exclusive: true, release: func() {
		defer data.RunSlots.free()
		if err := opener.stopDetached(ctx, session.ID); err != nil {
			diags.AddWarning("Restore session left running", fmt.Sprintf("Stopping restore session %s, which the provider opened "+
				"as the restore operator for this run, failed: %v. The server stops it when it has been idle long enough, or stop it yourself.", session.ID, err))
		}
	}}, true
}
