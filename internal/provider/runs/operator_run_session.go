package runs

import (
	"context"
	"errors"
	"fmt"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// AcquireOperatorRunSession opens the run's own session as the restore operator
// (OperatorExplore with the reason) and returns it with the release that stops it. A refusal
// (including a sign-in the server refuses) means nothing ran.
func AcquireOperatorRunSession(ctx context.Context, data *framework.ProviderData, m sessions.SessionSourceModel, reason string, diags *diag.Diagnostics) (RunSession, bool) {
	if err := data.RunSlots.Take(ctx); err != nil {
		diags.AddError("Restore not started", err.Error()+". Nothing was run.")
		return RunSession{}, false
	}
	opts, err := sessionScopeOf(m).ExploreOptions()
	if err != nil {
		data.RunSlots.Free()
		diags.AddError("Cannot open a restore session", err.Error())
		return RunSession{}, false
	}
	// Like the administrator's route, a refusal for the server's session limit is waited for.
	session, err := waitForSessionLimit(ctx, func() (vb365.RestoreSession, error) {
		return data.OperatorClient.OperatorExplore(ctx, vb365.OperatorExploreOptions{
			PointInTime: opts.PointInTime, ShowDeleted: opts.ShowDeleted, ShowAllVersions: opts.ShowAllVersions,
			RepositoryID: opts.RepositoryID, Reason: reason,
		})
	})
	if err == nil && session.ID == "" {
		err = fmt.Errorf("the server answered without a session ID")
	}
	if errors.Is(err, errSessionLimitWaitEnded) {
		data.RunSlots.Free()
		diags.AddError("Restore not started: the server has too many restore sessions open", err.Error())
		return RunSession{}, false
	}
	if err != nil {
		data.RunSlots.Free()
		what := "Opening " + m.Describe() + " as the restore operator (restore_operator) for this run"
		if vb365.ProvablyNotRun(err) {
			what += " (nothing was run)"
		} else {
			what += ". The server may have opened a session that the provider cannot identify; it ends by itself when idle. Nothing was restored"
		}
		if errors.Is(err, vb365.ErrAuthentication) {
			// The hint of addClientError names username and password, which are not what failed.
			diags.AddError("Restore operator sign-in refused", fmt.Sprintf("%s failed: %v\n\nCheck the provider's restore_operator "+
				"(%s, %s): the server signs in only an operator of a restore operator role (vb365_restore_operator_role), "+
				"with a valid assertion from the Microsoft identity platform.", what, err, framework.EnvOperatorClientID, framework.EnvOperatorAssertion))
			return RunSession{}, false
		}
		framework.AddClientError(diags, "Cannot open a restore session as the restore operator", what, err)
		return RunSession{}, false
	}
	tflog.Debug(ctx, "opened the run's own restore session as the restore operator", map[string]any{"id": session.ID})
	opener := framework.SessionOpener{Client: data.OperatorClient}
	return RunSession{ID: session.ID, Exclusive: true, Release: func() {
		defer data.RunSlots.Free()
		if err := opener.StopDetached(ctx, session.ID); err != nil {
			diags.AddWarning("Restore session left running", fmt.Sprintf("Stopping restore session %s, which the provider opened "+
				"as the restore operator for this run, failed: %v. The server stops it when it has been idle long enough, or stop it yourself.", session.ID, err))
		}
	}}, true
}
