package restores

// history_window, and what a new record does about runs a killed runner may have left
// (earlier_runs.go): stop the plan with the evidence, or record the run the configuration names.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/runs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/go-uuid"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// defaultHistoryWindow is how far back a new record looks for runs a killed runner left.
const defaultHistoryWindow = 24 * time.Hour

// ParseHistoryWindow reads history_window: a duration ("24h"), "0" for off; null: the default.
func ParseHistoryWindow(v types.String) (time.Duration, error) {
	if v.IsNull() || v.IsUnknown() {
		return defaultHistoryWindow, nil
	}
	s := strings.TrimSpace(v.ValueString())
	if s == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("history_window must be a duration such as \"24h\", or \"0\" to turn the look-up for earlier runs off; got %q", s)
	}
	return d, nil
}

func HistoryWindowValidator() validator.String {
	return framework.StringCheckValidator{
		Rule: "value must be a duration such as \"24h\", or \"0\"",
		Check: func(s string) error {
			_, err := ParseHistoryWindow(types.StringValue(s))
			return err
		},
	}
}

// checkEarlierRuns, for a new record whose review is known, looks for runs a killed runner left
// (earlier_runs.go) and decides nothing itself: with record_run_from_session the plan records
// that session's run (server_restore_session_id known, nothing will be sent) after checking that
// it can hold this run; otherwise any session that could hold this run and is not named in
// run_anyway_despite_sessions stops the plan with the evidence and both ways forward. The
// outcome depends only on the configuration and on runs the server holds, so the plan Terraform
// makes again at apply comes to the same decision.
func (r *mailboxItemRestoreResource) checkEarlierRuns(ctx context.Context, plan *mailboxItemRestoreModel, diags *diag.Diagnostics) {
	recordFrom := plan.RecordRunFromSession.ValueString()
	if plan.RecordRunFromSession.IsUnknown() || plan.RunAnywayDespiteSessions.IsUnknown() {
		diags.AddError("Earlier runs cannot be checked", "record_run_from_session and run_anyway_despite_sessions must be known "+
			"when the restore is planned: the plan decides from them whether anything is sent.")
		return
	}
	lookup, why := r.earlierRunsLookup(ctx, plan)
	if lookup == nil {
		if recordFrom != "" {
			diags.AddAttributeError(path.Root("record_run_from_session"), "Cannot record a run from a session",
				"record_run_from_session records a run of item_ids that a restore session holds, read from its events: "+why+".")
		} else if why == whyNoEvents || why == whyWholeScope {
			// The server records nothing this plan could find a killed runner's run by: say so.
			diags.AddWarning("Earlier runs cannot be checked", "This plan cannot see whether a runner killed after sending this "+
				"restore (before recording it) left a run on the server: "+why+". If an earlier apply of it was interrupted, "+
				"check the server's restore sessions (vb365_restore_sessions) and the target before applying.")
		}
		return
	}
	if recordFrom != "" {
		r.planRecordedRun(ctx, plan, lookup, recordFrom, diags)
		return
	}
	found, ok := runs.UndecidedEarlierRuns(ctx, r.data, *lookup, plan.RunAnywayDespiteSessions, diags)
	if !ok || len(found) == 0 {
		return
	}
	ids, evidence := runs.EarlierRunsEvidence(found)
	diags.AddError("A run like this one is on the server: record it or run anyway",
		fmt.Sprintf("%s of %s to %s by %s is planned, and the server holds %d run(s) in the last %s that could be this one "+
			"(same account, organization, action, items by name, source and target; the server does not record the point in "+
			"time, the options or the message, so they cannot be compared), which no record of this configuration holds: a "+
			"runner may have been stopped after sending it and before recording it.\n%s\n\nNothing was run. Decide in the "+
			"configuration, and the next plan shows it:\n"+
			"- it is this restore's run: record_run_from_session = %q (nothing is sent; the session is left as it is);\n"+
			"- it is not, or the restore must run again: run_anyway_despite_sessions = [%s].",
			plan.Action.ValueString(), plan.Scope.ValueString(), plan.Target.ValueString(), lookup.Account, len(found),
			r.data.HistoryWindow, evidence, ids[len(ids)-1], runs.QuoteAll(ids)))
}

// Why a look-up for earlier runs cannot be made where the server records no such run.
const (
	whyNoEvents   = "restore session events name their items only on API v6 and later"
	whyWholeScope = "a folder or a whole mailbox is restored; events list items, so they cannot show such a run"
)

// earlierRunsLookup is the query for runs of plan, nil (with the reason) where none can be found.
func (r *mailboxItemRestoreResource) earlierRunsLookup(ctx context.Context, plan *mailboxItemRestoreModel) (*runs.EarlierRunQuery, string) {
	if r.data == nil || r.data.Client == nil {
		return nil, "the provider is not configured"
	}
	kind := vb365.ActionKind(plan.Action.ValueString())
	if t := runs.EventTypeOf(kind); t != "Restore" && t != "Send" {
		return nil, "a download leaves its file on the machine that ran it, not a run to record"
	}
	if r.data.HistoryWindow <= 0 {
		return nil, "the provider's history_window is \"0\""
	}
	if v, err := r.data.Client.Version(ctx); err != nil || v < vb365.V6 {
		return nil, whyNoEvents
	}
	if plan.ScopeKind() != restoreinputs.ScopeItems {
		return nil, whyWholeScope
	}
	organizationID := plan.OrganizationID.ValueString()
	if organizationID == "" {
		org, err := r.data.Client.RestoreSessionOrganization(ctx, plan.RestoreSessionID.ValueString())
		if err != nil {
			return nil, "the organization of restore_session_id cannot be read: " + err.Error()
		}
		organizationID = org.ID
	}
	email := reviewedSourceEmail(plan.SourceMailbox)
	account := r.data.Username
	if plan.ReasonSentToServer.ValueBool() && r.data.OperatorClient != nil {
		account = "" // the server records the operator's own name, which the provider does not know beforehand
	}
	since := time.Now().Add(-r.data.HistoryWindow)
	// Runs of this definition up to a record's run are that record's (this one's before -replace,
	// taint or triggers) or its predecessors': only later ones can be a killed runner's.
	if latest := r.data.Runs.LatestRun(runDefinition(plan)); latest.After(since) {
		since = latest.Add(time.Second)
	}
	return &runs.EarlierRunQuery{
		Account: account, OrganizationID: organizationID, Since: since,
		Identity: runs.RunIdentity{Kind: kind, Items: reviewedRunItems(plan.Items), SourceEmail: email,
			Targets: eventTargets(&plan.RestoreInputsModel, kind, email)},
	}, ""
}

// planRecordedRun checks that session sessionID can hold plan's run and plans recording it:
// server_restore_session_id is the session, executed_at its start, and nothing will be sent.
func (r *mailboxItemRestoreResource) planRecordedRun(ctx context.Context, plan *mailboxItemRestoreModel, lookup *runs.EarlierRunQuery, sessionID string, diags *diag.Diagnostics) {
	session, run, ok := runs.RecordableRun(ctx, r.data, *lookup, sessionID, "every item of this restore from its source to its target", diags)
	if !ok {
		return
	}
	plan.ServerSessionID = types.StringValue(session.ID)
	plan.ExecutedAt = types.StringValue(session.CreationTime)
	plan.ReasonSentToServer = types.BoolValue(false)
	plan.RestoreStatistics = types.ObjectNull(restoreStatisticsAttrTypes)
	plan.ItemResults = types.ListNull(itemResultObjectType)
	diags.AddWarning("A run on the server will be recorded, nothing sent",
		fmt.Sprintf("record_run_from_session: apply records the run that restore session %s holds as this restore's, sends "+
			"nothing, and leaves the session as it is (the provider cannot prove it opened it). Its outcome is read from the "+
			"session's events at apply.\n%s", session.ID, runs.DescribeEarlierRun(run)))
}

// recordEarlierRun is Create for a plan with record_run_from_session: it claims the session's
// run for this record, reads its outcome from the session's events and sends nothing.
func (r *mailboxItemRestoreResource) recordEarlierRun(ctx context.Context, plan *mailboxItemRestoreModel, resp *resource.CreateResponse) {
	sessionID := plan.ServerSessionID.ValueString()
	if !r.data.Runs.Claim(sessionID) {
		resp.Diagnostics.AddAttributeError(path.Root("record_run_from_session"), "Run already recorded",
			fmt.Sprintf("Another restore record of this apply recorded the run of restore session %s: two records never record "+
				"one run. Nothing was sent.", sessionID))
		return
	}
	id, err := uuid.GenerateUUID()
	if err != nil {
		id = fmt.Sprintf("%d", time.Now().UnixNano())
	}
	plan.ID = types.StringValue(id)
	kind := vb365.ActionKind(plan.Action.ValueString())
	email := reviewedSourceEmail(plan.SourceMailbox)
	identity := runs.RunIdentity{Kind: kind, Items: reviewedRunItems(plan.Items), SourceEmail: email,
		Targets: eventTargets(&plan.RestoreInputsModel, kind, email)}
	evidence := runs.ReadRunEvidence(ctx, r.client(), sessionID, identity, runs.EventBaseline{IDs: map[string]bool{}})
	plan.Outcome = types.StringValue(outcomeUnknown)
	if evidence.Ran() {
		plan.Outcome = types.StringValue(evidenceResult(evidence))
	} else {
		raw, _ := json.Marshal(pendingRun{SessionID: sessionID, Identity: identity, RunEndedAt: time.Now().UTC()})
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privatePendingRun, raw)...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.AddWarning("Run recorded from the server, nothing sent",
		fmt.Sprintf("%s was recorded from restore session %s (record_run_from_session) with outcome %s; no request was sent and "+
			"the session was left as it is. %s", kind, sessionID, plan.Outcome.ValueString(), evidence.Describe()))
}

// runDefinition names what a record's run restores, as far as the server's records can tell
// runs apart: the action, the items, the source mailbox and the targets ("" when not reviewed).
func runDefinition(m *mailboxItemRestoreModel) string {
	if m.Items.IsNull() || m.Items.IsUnknown() || m.Action.IsUnknown() {
		return ""
	}
	kind := vb365.ActionKind(m.Action.ValueString())
	email := reviewedSourceEmail(m.SourceMailbox)
	var b strings.Builder
	b.WriteString(string(kind))
	for _, it := range reviewedRunItems(m.Items) {
		b.WriteString("|" + it.ID)
	}
	b.WriteString("|" + strings.ToLower(email))
	for _, t := range eventTargets(&m.RestoreInputsModel, kind, email) {
		b.WriteString("|" + strings.ToLower(t))
	}
	return b.String()
}
