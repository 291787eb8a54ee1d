package bulkrestores

// Runs a killed runner may have left: a new record looks, within the provider's history_window,
// for a restore session holding a restore of every mailbox of the record by the provider's
// account, and stops the plan with the evidence; the configuration decides (record_run_from_session
// or run_anyway_despite_sessions). The server records no text of ours on a bulk restore, so
// nothing proves whose run it is: likeness never decides either way (the rules of runs).
//
// Events are read as the server writes them for a bulk restore: one restore event per mailbox,
// named as the mailbox, from and to the mailbox's own address (what the simulator writes; a
// server that writes them otherwise never matches, so the look-up finds nothing to ask about).

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hashicorp/go-uuid"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/runs"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// checkEarlierRuns decides nothing itself: with record_run_from_session the plan records that
// session's run after checking it can hold this one; otherwise any session that could hold this
// run, not named in run_anyway_despite_sessions, stops the plan with the evidence.
func (r *mailboxesRestoreResource) checkEarlierRuns(ctx context.Context, plan *mailboxesRestoreModel, version vb365.APIVersion, diags *diag.Diagnostics) {
	if plan.RecordRunFromSession.IsUnknown() || plan.RunAnywayDespiteSessions.IsUnknown() {
		diags.AddError("Earlier runs cannot be checked", "record_run_from_session and run_anyway_despite_sessions must be known "+
			"when the restore is planned: the plan decides from them whether anything is sent.")
		return
	}
	recordFrom := plan.RecordRunFromSession.ValueString()
	lookup, why := r.earlierRunsLookup(plan, version)
	if lookup == nil {
		if recordFrom != "" {
			diags.AddAttributeError(path.Root("record_run_from_session"), "Cannot record a run from a session",
				"record_run_from_session records a run read from a session's events: "+why+".")
		} else if version < vb365.V6 {
			diags.AddWarning("Earlier runs cannot be checked", "This plan cannot see whether a runner killed after sending this "+
				"restore (before recording it) left a run on the server: "+why+". If an earlier apply of it was interrupted, check "+
				"the server's restore sessions (vb365_restore_sessions) and the mailboxes before applying.")
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
		fmt.Sprintf("A restore of %d mailbox(es) is planned, and the server holds %d run(s) in the last %s that restored every "+
			"one of them by %s (the server does not record the point in time or the options, so they cannot be compared), "+
			"which no record of this configuration holds: a runner may have been stopped after sending it and before recording "+
			"it.\n%s\n\nNothing was run. Decide in the configuration, and the next plan shows it:\n"+
			"- it is this restore's run: record_run_from_session = %q (nothing is sent; the session is left as it is);\n"+
			"- it is not, or the mailboxes must be restored again: run_anyway_despite_sessions = [%s].",
			len(lookup.Identity.Items), len(found), r.data.HistoryWindow, lookup.Account, evidence,
			ids[len(ids)-1], runs.QuoteAll(ids)))
}

// earlierRunsLookup is the query for runs of plan, nil (with the reason) where none can be found.
func (r *mailboxesRestoreResource) earlierRunsLookup(plan *mailboxesRestoreModel, version vb365.APIVersion) (*runs.EarlierRunQuery, string) {
	switch {
	case r.data.HistoryWindow <= 0:
		return nil, "the provider's history_window is \"0\""
	case version < vb365.V6:
		return nil, "restore session events name what they restored only on API v6 and later"
	}
	mailboxes := reviewedMailboxes(plan.Mailboxes)
	since := time.Now().Add(-r.data.HistoryWindow)
	// Runs of these mailboxes up to a record's run are that record's (this one's before -replace
	// or triggers) or its predecessors': only later ones can be a killed runner's.
	if latest := r.data.Runs.LatestRun(plan.runDefinition()); latest.After(since) {
		since = latest.Add(time.Second)
	}
	return &runs.EarlierRunQuery{
		Account: r.data.Username, OrganizationID: plan.OrganizationID.ValueString(), Since: since,
		Identity: runIdentity(resultsFor(mailboxes, outcomeUnknown), mailboxes),
	}, ""
}

// planRecordedRun checks that session sessionID can hold plan's run and plans recording it.
func (r *mailboxesRestoreResource) planRecordedRun(ctx context.Context, plan *mailboxesRestoreModel, lookup *runs.EarlierRunQuery, sessionID string, diags *diag.Diagnostics) {
	session, run, ok := runs.RecordableRun(ctx, r.data, *lookup, sessionID, "every mailbox of this record, from and to its own address", diags)
	if !ok {
		return
	}
	plan.ServerSessionID = types.StringValue(session.ID)
	plan.ExecutedAt = types.StringValue(session.CreationTime)
	diags.AddWarning("A run on the server will be recorded, nothing sent",
		fmt.Sprintf("record_run_from_session: apply records the run that restore session %s holds as this restore's, sends "+
			"nothing, and leaves the session as it is (the provider cannot prove it opened it). Each mailbox's outcome is read "+
			"from the session's events at apply.\n%s", session.ID, runs.DescribeEarlierRun(run)))
}

// recordEarlierRun is Create with record_run_from_session: it claims the session's run for this
// record, reads each mailbox's outcome from the session's events and sends nothing.
func (r *mailboxesRestoreResource) recordEarlierRun(ctx context.Context, plan *mailboxesRestoreModel, resp *resource.CreateResponse) {
	sessionID := plan.ServerSessionID.ValueString()
	if plan.ServerSessionID.IsUnknown() || sessionID == "" {
		resp.Diagnostics.AddAttributeError(path.Root("record_run_from_session"), "Cannot record a run from a session",
			"The plan did not check the session (the restore was not reviewed while planning). Nothing was sent.")
		return
	}
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
	plan.ExecutedBy = framework.NonEmptyString(r.data.Username)
	if plan.RestoredBy.IsUnknown() {
		plan.RestoredBy = types.ObjectNull(restoredByAttrTypes) // a run recorded from the server: its credentials are not known
	}
	mailboxes := reviewedMailboxes(plan.Mailboxes)
	results := resultsFor(mailboxes, outcomeUnknown)
	// Only events naming a mailbox, from and to its own address, count (runIdentity).
	pending := pendingBulkRun{SessionID: sessionID, Identity: runIdentity(results, mailboxes)}
	evidence := readEvidence(ctx, r.data.Client, pending)
	applyEvidence(results, evidence, r.redactEventText)
	plan.MailboxResults, plan.Outcome = mailboxResultsValue(results), types.StringValue(overallOutcome(results))
	if plan.Outcome.ValueString() == outcomeUnknown {
		pending.Identity = runIdentity(results, mailboxes)
		raw, _ := json.Marshal(pending)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privatePendingRun, raw)...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.AddWarning("Run recorded from the server, nothing sent",
		fmt.Sprintf("The restore of %d mailbox(es) was recorded from restore session %s (record_run_from_session) with outcome %s; "+
			"no request was sent and the session was left as it is. %s", len(mailboxes), sessionID, plan.Outcome.ValueString(), evidence.Describe()))
}
