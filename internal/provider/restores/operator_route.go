package restores

// The restore-operator route of a run: whether a run goes through it (so that the server records
// its reason) and the run's own session opened as the operator.

import (
	"context"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// operatorRouteState says whether a run of m goes through the operator routes, so that the
// server records its reason. known is false when the API version cannot be read yet. config is
// the configuration's view of m: its write-only Exchange credentials are null in plans.
func operatorRouteState(ctx context.Context, data *framework.ProviderData, m, config *restoreinputs.RestoreInputsModel, source sessions.SessionSourceModel) (sent, known bool) {
	if data == nil || data.OperatorClient == nil {
		return false, data != nil
	}
	kinds := m.PresentActions()
	if len(kinds) != 1 || kinds[0] != vb365.ActionRestoreToOriginalLocation || m.ScopeKind() != restoreinputs.ScopeItems {
		return false, true
	}
	// operatorRestore has no field for Exchange credentials: a block that gives some keeps the
	// administrator's route, which sends them.
	if config == nil || config.RestoreToOriginalLocation == nil {
		return false, false
	}
	for _, v := range config.RestoreToOriginalLocation.Values() {
		if !v.IsNull() {
			return false, true
		}
	}
	if source.RestoreSessionID.IsUnknown() || source.DataRetrievalID.IsUnknown() || source.RepositoryID.IsUnknown() {
		return false, false
	}
	// The operator restores only in a session it opened itself, and explores neither data
	// retrievals nor (below v8) backup repositories.
	if !source.ByOrganization() || source.DataRetrievalID.ValueString() != "" {
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
