package bulkrestores

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/go-uuid"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/runs"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// Create is one run's life: record an earlier run the configuration names instead of sending;
// otherwise open the run's own session, review what the plan could not, send (one bulk POST on
// v6+, one request per mailbox below), and record each mailbox's outcome.
func (r *mailboxesRestoreResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config mailboxesRestoreModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...) // write-only credentials are only in the configuration
	if resp.Diagnostics.HasError() {
		return
	}
	if r.data == nil || r.data.Client == nil {
		resp.Diagnostics.AddError("Provider not configured", framework.RestoreNotConfiguredDetail)
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if !plan.RecordRunFromSession.IsNull() {
		r.recordEarlierRun(ctx, &plan, resp) // earlier_runs.go
		return
	}
	version, err := r.data.Client.Version(ctx)
	if err != nil {
		framework.AddClientError(&resp.Diagnostics, "Restore not started", "Reading the server's API version (nothing was run)", err)
		return
	}
	if !checkOptionsForVersion(&plan, version, &resp.Diagnostics) || !checkDuplicateMailboxIDs(plan.MailboxIDs, &resp.Diagnostics) {
		return
	}
	if code := config.WithDefault(r.data.RestoreCredentials).UserCode; r.data.NewDeviceCodes.Has(code) {
		resp.Diagnostics.AddError("Device code not signed in yet", framework.UnsignedDeviceCodeDetail)
		return
	}
	run, ok := runs.AcquireRunSession(ctx, r.data, plan.sessionSource(), &resp.Diagnostics)
	if !ok {
		return
	}
	defer run.Release()
	if !r.reviewBeforeRun(ctx, &plan, &config, run.ID, &resp.Diagnostics) {
		return
	}
	mailboxes := reviewedMailboxes(plan.Mailboxes)
	tflog.Info(ctx, "restoring mailboxes", map[string]any{"restore_session_id": run.ID, "mailboxes": len(mailboxes),
		"reason": plan.Reason.ValueString(), "api_version": int(version)})
	var outcome bulkOutcome
	if version >= vb365.V6 {
		outcome = r.sendBulk(ctx, &plan, &config, run.ID, mailboxes)
	} else {
		outcome = r.sendPerMailbox(ctx, &config, run.ID, mailboxes)
	}
	if outcome.nothingRan {
		resp.Diagnostics.Append(outcome.diags...)
		return
	}
	r.record(ctx, &plan, run.ID, outcome, resp)
}

// reviewBeforeRun reads, in the run's own session and before anything is sent, what the plan
// could not review (inputs unknown then), so the record says what was restored and a wrong ID
// fails before the POST.
func (r *mailboxesRestoreResource) reviewBeforeRun(ctx context.Context, plan, config *mailboxesRestoreModel, sessionID string, diags *diag.Diagnostics) bool {
	if plan.RestoredBy.IsUnknown() {
		plan.RestoredBy = restoredByValue(r.data, config.RestoreCredentialsModel)
	}
	if plan.OptionsSummary.IsUnknown() {
		plan.OptionsSummary = optionsSummary(plan.bulkOptionsModel)
	}
	ids, _ := plan.sortedMailboxIDs()
	if !plan.Mailboxes.IsUnknown() && !plan.RestorePoint.IsUnknown() && !plan.MailboxCount.IsUnknown() &&
		sameMailboxes(reviewedMailboxes(plan.Mailboxes), ids) {
		return true
	}
	mailboxes, err := reviewMailboxes(ctx, r.data.Client, sessionID, ids)
	if err != nil {
		framework.AddClientError(diags, "Cannot read the mailboxes to restore", "Listing the mailboxes to restore (nothing was run)", err)
		return false
	}
	point, d := restorePointValue(ctx, r.data.Client, plan)
	diags.Append(d...)
	if diags.HasError() {
		return false
	}
	plan.Mailboxes, plan.RestorePoint, plan.MailboxCount = mailboxesValue(mailboxes), point, types.Int64Value(int64(len(mailboxes)))
	return true
}

// sameMailboxes reports whether the reviewed mailboxes are exactly the configured IDs: the run
// sends the reviewed list, so it must never be another one.
func sameMailboxes(reviewed []vb365.BulkMailbox, ids []string) bool {
	if len(reviewed) != len(ids) {
		return false
	}
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[strings.ToLower(id)] = true
	}
	for _, mb := range reviewed {
		if !want[strings.ToLower(mb.ID)] {
			return false
		}
	}
	return true
}

// bulkOutcome is what a run produced. nothingRan is true when the server provably ran nothing
// (never sent, or refused): then there is no record, only diags.
type bulkOutcome struct {
	nothingRan     bool
	executedAt     time.Time
	results        []mailboxResult
	asyncSessionID string // v8: the restore session the answer named
	diags          diag.Diagnostics
}

// sendBulk sends the one POST of the bulk route (v6+). A lost answer is reconciled from the
// run's own session events at once; what they do not prove stays unknown, never sent again.
func (r *mailboxesRestoreResource) sendBulk(ctx context.Context, plan, config *mailboxesRestoreModel, sessionID string, mailboxes []vb365.BulkMailbox) bulkOutcome {
	out := bulkOutcome{executedAt: time.Now().UTC(), results: resultsFor(mailboxes, outcomeUnknown)}
	creds := config.WithDefault(r.data.RestoreCredentials)
	opts := plan.expand(mailboxes, creds)
	result, err := r.data.Client.RestoreMailboxes(ctx, sessionID, opts, func(p vb365.RestoreProgress) {
		tflog.Info(ctx, "mailboxes restore progress", map[string]any{"restore_session": p.SessionID, "state": p.State,
			"total": p.Total, "restored": p.Restored, "failed": p.Failed, "skipped": p.Skipped})
	})
	out.asyncSessionID = result.SessionID
	redact := func(s string) string { return r.data.Client.Redact(s, restoreinputs.CredentialSecrets(creds)...) }
	switch {
	case err != nil && vb365.ProvablyNotRun(err):
		out.nothingRan = true
		out.diags.AddError("Mailboxes restore refused, nothing ran", framework.ErrorDetail(
			fmt.Sprintf("Restoring %d mailbox(es) (refused, so nothing ran)", len(mailboxes)), err))
		return out
	case err == nil || (errors.Is(err, vb365.ErrRestoreFailed) && len(result.Mailboxes) > 0):
		applyServerResults(out.results, mailboxes, result.Mailboxes)
		out.diags.Append(serverReportDiagnostics(result.Mailboxes, out.results, redact)...)
		if err != nil {
			out.diags.AddError("Mailboxes restore failed", redact(err.Error()))
		}
	default:
		// The answer was lost or unreadable: the server may have run it. The run's own events
		// may prove what it did, mailbox by mailbox.
		pending := pendingBulkRun{SessionID: sessionID, AsyncSessionID: result.SessionID, Identity: runIdentity(out.results, mailboxes)}
		evidence := readEvidence(ctx, r.data.Client, pending)
		applyEvidence(out.results, evidence, redact)
		out.diags.AddError("Mailboxes restore outcome unknown", fmt.Sprintf("The restore of %d mailbox(es) was sent, but its "+
			"result could not be confirmed: %s\n\nThe server may have run it. %s Mailboxes the events do not prove are recorded "+
			"with outcome \"unknown\" (not tainted): no plan runs them again by itself; a refresh settles them from the run's "+
			"own session events. Check those mailboxes before running again with `terraform apply -replace=<address>`.",
			len(mailboxes), redact(err.Error()), redact(evidence.Describe())))
	}
	out.diags.Append(failedMailboxDiagnostics(out.results)...)
	return out
}

// sendPerMailbox restores each mailbox with its own request (v3..v5, which have no bulk route),
// in order, in the run's own session. Each answer decides that mailbox alone; a refused request
// ran nothing for its mailbox; when the run's time ends, the rest are not run.
func (r *mailboxesRestoreResource) sendPerMailbox(ctx context.Context, config *mailboxesRestoreModel, sessionID string, mailboxes []vb365.BulkMailbox) bulkOutcome {
	out := bulkOutcome{executedAt: time.Now().UTC(), results: resultsFor(mailboxes, outcomeNotRun)}
	creds := config.WithDefault(r.data.RestoreCredentials)
	anySent := false
	for i, mb := range mailboxes {
		res := &out.results[i]
		if ctx.Err() != nil {
			res.Error = "the run's time ended before this mailbox: " + ctx.Err().Error()
			continue
		}
		scope := vb365.ItemScope{RestoreSessionID: sessionID, MailboxID: mb.ID, WholeMailbox: true}
		stats, err := r.data.Client.RestoreToOriginalLocation(ctx, scope, vb365.RestoreToOriginalLocationOptions{Credentials: creds}, nil)
		switch {
		case err != nil && vb365.ProvablyNotRun(err):
			res.Error = r.data.Client.Redact(err.Error(), restoreinputs.CredentialSecrets(creds)...)
			continue
		case err == nil || errors.Is(err, vb365.ErrRestoreFailed):
			res.Created, res.Merged, res.Failed, res.Skipped = ptr(stats.Created), ptr(stats.Merged), ptr(stats.Failed), ptr(stats.Skipped)
			res.Outcome, res.Error = outcomeSucceeded, stats.CannotContinueError
			if err != nil || stats.Failed > 0 {
				res.Outcome = outcomeFailedItems
			}
			for _, w := range stats.Warnings {
				out.diags.AddWarning("Mailbox restored with warnings", mb.Email+": "+r.data.Client.Redact(w, restoreinputs.CredentialSecrets(creds)...))
			}
		default:
			res.Outcome, res.Error = outcomeUnknown, r.data.Client.Redact(err.Error(), restoreinputs.CredentialSecrets(creds)...)
		}
		anySent = true
	}
	if !anySent {
		out.nothingRan = true
		out.diags.AddError("Mailboxes restore refused, nothing ran", fmt.Sprintf("The server refused the restore of every mailbox "+
			"(or the run's time ended first); nothing ran and nothing is recorded:\n- %s", strings.Join(resultLines(out.results), "\n- ")))
		return out
	}
	out.diags.Append(failedMailboxDiagnostics(out.results)...)
	return out
}

// record writes the record of a run that ran, or may have. Failed mailboxes and an unknown
// outcome are warnings, not errors: an error would taint the record, and a tainted record runs
// every mailbox again on the next plain apply.
func (r *mailboxesRestoreResource) record(ctx context.Context, plan *mailboxesRestoreModel, sessionID string, out bulkOutcome, resp *resource.CreateResponse) {
	id, err := uuid.GenerateUUID()
	if err != nil {
		id = fmt.Sprintf("%d", out.executedAt.UnixNano())
	}
	plan.ID = types.StringValue(id)
	plan.ExecutedAt = types.StringValue(out.executedAt.Format(time.RFC3339))
	plan.ExecutedBy = framework.NonEmptyString(r.data.Username)
	plan.ServerSessionID = types.StringValue(sessionID)
	if out.asyncSessionID != "" {
		plan.ServerSessionID = types.StringValue(out.asyncSessionID)
	}
	plan.MailboxResults = mailboxResultsValue(out.results)
	plan.Outcome = types.StringValue(overallOutcome(out.results))
	if plan.Outcome.ValueString() == outcomeUnknown {
		pending := pendingBulkRun{SessionID: sessionID, AsyncSessionID: out.asyncSessionID,
			Identity: runIdentity(out.results, reviewedMailboxes(plan.Mailboxes))}
		raw, _ := json.Marshal(pending)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privatePendingRun, raw)...)
	}
	r.data.Runs.Hold(plan.ServerSessionID.ValueString(), plan.runDefinition(), out.executedAt)
	if out.asyncSessionID != "" && out.asyncSessionID != sessionID {
		r.data.Runs.Hold(sessionID, plan.runDefinition(), out.executedAt)
		raw, _ := json.Marshal(sessionID)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateRunSession, raw)...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(framework.ErrorsAsWarnings(out.diags)...)
}

// serverReportDiagnostics shows the server's warnings per mailbox, and names the mailboxes its
// answer did not report (recorded unknown: a refresh settles them from the run's own events).
func serverReportDiagnostics(reported []vb365.MailboxRestoreResult, results []mailboxResult, redact func(string) string) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, rep := range reported {
		for _, w := range rep.Warnings {
			diags.AddWarning("Mailbox restored with warnings", rep.Email+": "+redact(w))
		}
	}
	var unreported []string
	for _, r := range results {
		if r.Outcome == outcomeUnknown {
			unreported = append(unreported, r.Email+" ("+r.MailboxID+")")
		}
	}
	if len(unreported) > 0 {
		diags.AddWarning("Mailboxes the server did not report", fmt.Sprintf("The server's answer reports no outcome for:\n- %s\n\n"+
			"They are recorded with outcome \"unknown\" (not run again by itself); a refresh settles them from the run's own "+
			"session events.", strings.Join(unreported, "\n- ")))
	}
	return diags
}

// failedMailboxDiagnostics: mailboxes that did not succeed are one error listing them (recorded
// as a warning by record).
func failedMailboxDiagnostics(results []mailboxResult) diag.Diagnostics {
	var diags diag.Diagnostics
	var lines []string
	for _, r := range results {
		if r.Outcome == outcomeFailedItems || r.Outcome == outcomeNotRun {
			lines = append(lines, resultLine(r))
		}
	}
	if len(lines) > 0 {
		diags.AddError("Mailboxes restore finished with failures", fmt.Sprintf("%d of %d mailbox(es) did not restore in full:\n- %s\n\n"+
			"The run is recorded with outcome \"failed_items\" and mailbox_results; it is not run again by itself.",
			len(lines), len(results), strings.Join(lines, "\n- ")))
	}
	return diags
}

func resultLines(results []mailboxResult) []string {
	out := make([]string, len(results))
	for i, r := range results {
		out[i] = resultLine(r)
	}
	return out
}

func resultLine(r mailboxResult) string {
	line := fmt.Sprintf("%s (%s): %s", r.Email, r.MailboxID, r.Outcome)
	if r.Failed != nil {
		line += fmt.Sprintf(", %d item(s) failed", *r.Failed)
	}
	if r.Error != "" {
		line += ": " + r.Error
	}
	return line
}

// expand is the client's options for the plan's mailboxes.
func (o bulkOptionsModel) expand(mailboxes []vb365.BulkMailbox, creds vb365.RestoreCredentials) vb365.MailboxesRestoreOptions {
	opts := vb365.MailboxesRestoreOptions{
		Mailboxes: mailboxes, Credentials: creds, CASServer: o.CASServer.ValueString(),
		ChangedItems: framework.OptionalBool(o.ChangedItems), DeletedItems: framework.OptionalBool(o.DeletedItems),
		MarkRestoredAsUnread: framework.OptionalBool(o.MarkRestoredAsUnread), SkipUnresolved: framework.OptionalBool(o.SkipUnresolved),
		ExcludeDrafts: framework.OptionalBool(o.ExcludeDrafts), ExcludeDeletedItems: framework.OptionalBool(o.ExcludeDeletedItems),
		ExcludeInPlaceHoldItems:    framework.OptionalBool(o.ExcludeInPlaceHoldItems),
		ExcludeLitigationHoldItems: framework.OptionalBool(o.ExcludeLitigationHoldItems),
	}
	if d := o.RecentItemRestorePeriod; !d.IsNull() && !d.IsUnknown() {
		days := int32(d.ValueInt64())
		opts.RecentItemRestorePeriod = &days
	}
	return opts
}
