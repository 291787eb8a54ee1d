package restores

// The recorded outcome of a run (outcome: succeeded, failed_items, unknown): what a plan says
// about it and how a refresh settles an unknown one from the run's own server records.

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/runs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// settleOutcome reads the run's own server records for a record whose outcome is unknown: the
// events of its session that were not there before the run (or, on v8, of its asynchronous
// restore session, which holds this run's events only). Proven runs become succeeded or
// failed_items; a run the records prove did not happen is flagged for ModifyPlan; otherwise
// the outcome stays unknown. Failing to read is a warning, never an error (refresh must not fail
// because a server is unreachable).
func (r *mailboxItemRestoreResource) settleOutcome(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse, state *mailboxItemRestoreModel) {
	raw, diags := req.Private.GetKey(ctx, privatePendingRun)
	resp.Diagnostics.Append(diags...)
	client := r.client()
	if len(raw) == 0 || client == nil {
		return
	}
	var pending pendingRun
	if err := json.Unmarshal(raw, &pending); err != nil {
		resp.Diagnostics.AddWarning("Ignoring unreadable private state", err.Error())
		return
	}
	result, notRun, detail := settlePendingRun(ctx, client, pending)
	tflog.Info(ctx, "settling an unknown restore outcome", map[string]any{"session": pending.SessionID, "result": result, "did_not_run": notRun})
	switch {
	case result != "":
		state.Outcome = types.StringValue(result)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("outcome"), state.Outcome)...)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privatePendingRun, nil)...)
		resp.Diagnostics.AddWarning("Restore outcome settled: "+result, detail)
	case notRun:
		marker, _ := json.Marshal(map[string]string{"detail": detail})
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateDidNotRun, marker)...)
	}
}

// settlePendingRun decides an unknown outcome from the server's records: result is
// outcomeSucceeded or outcomeFailedItems when the run's own events prove it ran; notRun is true
// when the records prove it did not run (its own session, opened for it alone, is stopped and
// holds no event of the run's type, so nothing can run in it any more).
func settlePendingRun(ctx context.Context, client *vb365.Client, p pendingRun) (result string, notRun bool, detail string) {
	if p.AsyncSessionID != "" {
		id := p.Identity
		id.Exclusive = true // a v8 restore session holds one restore's events
		evidence := runs.ReadRunEvidence(ctx, client, p.AsyncSessionID, id, runs.EventBaseline{IDs: map[string]bool{}})
		if evidence.Ran() {
			return evidenceResult(evidence), false, evidence.Describe()
		}
	}
	baseline := runs.EventBaseline{IDs: map[string]bool{}}
	for _, id := range p.Baseline {
		baseline.IDs[id] = true
	}
	if !p.Identity.Exclusive {
		// A shared session: only events inside the run's own time can be its own.
		baseline.NotAfter = p.RunEndedAt
	}
	evidence := runs.ReadRunEvidence(ctx, client, p.SessionID, p.Identity, baseline)
	if evidence.Ran() {
		return evidenceResult(evidence), false, evidence.Describe()
	}
	if p.Identity.Exclusive && p.AsyncSessionID == "" && evidence.ReadErr == nil && len(evidence.Events) == 0 {
		session, err := client.RestoreSession(ctx, p.SessionID)
		if err == nil && framework.SessionIsStopped(session.State) {
			return "", true, fmt.Sprintf("Restore session %s was opened for this run alone, is stopped, and its events show no %s: "+
				"the server did not run it.", p.SessionID, runs.EventTypeOf(p.Identity.Kind))
		}
	}
	return "", false, evidence.Describe()
}

func evidenceResult(e runs.RunEvidence) string {
	if len(e.Failed()) > 0 {
		return outcomeFailedItems
	}
	return outcomeSucceeded
}

// planRecordedOutcome, for an existing record, warns about an outcome that is not
// succeeded, and plans a run the server's records prove did not happen as a new run.
func (r *mailboxItemRestoreResource) planRecordedOutcome(ctx context.Context, req resource.ModifyPlanRequest, plan *mailboxItemRestoreModel, resp *resource.ModifyPlanResponse) {
	var state mailboxItemRestoreModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	session := state.ServerSessionID.ValueString()
	if session == "" {
		session = "(none recorded)"
	}
	switch state.Outcome.ValueString() {
	case outcomeFailedItems:
		resp.Diagnostics.AddAttributeWarning(path.Root("outcome"), "Recorded restore has failed items",
			fmt.Sprintf("%s run at %s (restore session %s) finished with failed items; see restore_statistics and item_results. "+
				"It is not run again by itself. To run it again, use `terraform apply -replace=<address of this resource>`: the server "+
				"then skips the items already present and unchanged.", state.Action.ValueString(), state.ExecutedAt.ValueString(), session))
	case outcomeUnknown:
		if raw, _ := req.Private.GetKey(ctx, privateDidNotRun); len(raw) > 0 {
			var marker map[string]string
			_ = json.Unmarshal(raw, &marker)
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("outcome"))
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("outcome"), types.StringUnknown())...)
			resp.Diagnostics.AddAttributeWarning(path.Root("outcome"), "Unconfirmed run did not happen: planned as a new run",
				fmt.Sprintf("%s sent at %s had an unknown outcome. %s This plan replaces the record with a new run of it.",
					state.Action.ValueString(), state.ExecutedAt.ValueString(), marker["detail"]))
			return
		}
		resp.Diagnostics.AddAttributeWarning(path.Root("outcome"), "Recorded restore outcome unknown",
			fmt.Sprintf("%s of %s was sent at %s, but whether the server ran it is not known. Its own records are in restore session "+
				"%s: check them (vb365_restore_session_events) and the target (%s). It is not run again by itself; a refresh settles "+
				"the outcome when the session's events prove it. To run it again, use `terraform apply -replace=<address of this resource>`.",
				state.Action.ValueString(), state.Scope.ValueString(), state.ExecutedAt.ValueString(), session, state.Target.ValueString()))
	}
	_ = plan
}
