package restores

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/runs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// Running one restore: the one POST the inputs describe, and what its outcome means for the
// record (ran, did not run, may have run).

// restoreOutcome is what one action produced. Kind is empty when there is nothing to record:
// the request provably did not run (never sent, refused by the server, or stopped by a local
// check before sending). Otherwise the caller records the run, even when diagnostics hold an
// error: failed items, or an outcome that could not be confirmed.
type restoreOutcome struct {
	Kind       vb365.ActionKind
	ExecutedAt time.Time
	Statistics *vb365.RestoreStatistics
	Output     *runs.OutputFile
	// ServerSessionID is the v8 asynchronous restore session the server answered with; it is
	// kept even when the statistics are not (an unconfirmed outcome), since it names where the
	// server records what it did.
	ServerSessionID string
	// Result is what is known of the run: outcomeSucceeded, outcomeFailedItems or outcomeUnknown.
	Result string
	// Pending, for an unknown result, is what a later refresh needs to settle it from the
	// run's own server records.
	Pending *pendingRun
}

// The values of outcome.
const (
	outcomeSucceeded   = "succeeded"
	outcomeFailedItems = "failed_items"
	outcomeUnknown     = "unknown"
)

// pendingRun is what refresh reads to settle an unknown outcome: the session the run was sent
// in, the events it had before, and how to tell the run's events (runIdentity).
type pendingRun struct {
	SessionID      string           `json:"session_id"`
	AsyncSessionID string           `json:"async_session_id,omitempty"` // v8: holds only this run's events
	Baseline       []string         `json:"baseline,omitempty"`
	Identity       runs.RunIdentity `json:"identity"`
	// RunEndedAt is when the run's request ended: in a session shared with other runs, an
	// event that starts later is never this run's (zero in records written before it existed).
	RunEndedAt time.Time `json:"run_ended_at,omitzero"`
}

// restoreRunOptions are the caller's side of runRestore.
type restoreRunOptions struct {
	// OutputPath is where a file goes: the absolute path the resource planned. Empty: the
	// block's path.
	OutputPath string
	// KeepsRecord is true for the resource (an unconfirmed run is kept as a record with
	// outcome "unknown") and false for the action (nothing is kept; invoking it again runs it again).
	KeepsRecord bool
	Progress    func(vb365.RestoreProgress)
	// Items are the run's items with their names (subjects) as reviewed, in the order of the
	// sorted item IDs; SourceEmail is the source mailbox's address. Reconciliation matches the
	// server's events to them; without them a lost answer stays "outcome unknown".
	Items       []runs.RunItem
	SourceEmail string
	// ExclusiveSession is true when sessionID was opened for this run alone.
	ExclusiveSession bool
	// DefaultCredentials are sent when the action block sets none (provider restore_credentials).
	DefaultCredentials vb365.RestoreCredentials
	// Operator, when set, runs restore_to_original_location through the restore-operator route
	// (operatorRestore) with Reason, in a session the operator opened (provider_restore_operator.go).
	Operator *vb365.Client
	Reason   string
	// NewDeviceCodes are the device codes obtained in this configuration of the provider
	// (framework.ProviderData.NewDeviceCodes): nobody has signed in with one yet.
	NewDeviceCodes *framework.SecretSet
}

// runRestore performs the one POST the inputs describe in the session sessionID (m must come
// from the configuration, which holds write-only credentials). It validates again first,
// since at plan time values may have been unknown. See restoreOutcome for what the caller
// records. Its steps: prepare (validate, scope, the events before the run), send, reconcile a
// lost answer from the session's events, and judge the outcome.
func runRestore(ctx context.Context, client *vb365.Client, sessionID string, m *restoreinputs.RestoreInputsModel, opts restoreRunOptions) (restoreOutcome, diag.Diagnostics) {
	run, diags := prepareRun(ctx, client, sessionID, m, opts)
	if diags.HasError() {
		return restoreOutcome{}, diags
	}
	outcome, err := run.send(ctx)
	if err != nil && run.reconcilable && !requestDidNotRun(err) && !errors.Is(err, vb365.ErrRestoreFailed) {
		// The answer was lost: the session's events may tell what the server did.
		evidence := runs.ReadRunEvidence(ctx, client, run.scope.RestoreSessionID, run.identity, run.baseline)
		if evidence.Ran() {
			return run.confirmedByEvents(outcome, err, evidence, diags)
		}
		run.evidenceNote = evidence.Describe() + " "
	}
	outcome, diags = run.judge(outcome, err, diags)
	if outcome.Pending != nil {
		outcome.Pending.RunEndedAt = time.Now().UTC()
	}
	return outcome, diags
}

// preparedRun is a run ready to send: its scope, action, target file and what tells its events
// from other runs'.
type preparedRun struct {
	client       *vb365.Client
	m            *restoreinputs.RestoreInputsModel
	opts         restoreRunOptions
	scope        vb365.ItemScope
	kind         vb365.ActionKind
	target       string
	overwrite    bool
	reconcilable bool
	baseline     runs.EventBaseline
	identity     runs.RunIdentity
	evidenceNote string
}

func prepareRun(ctx context.Context, client *vb365.Client, sessionID string, m *restoreinputs.RestoreInputsModel, opts restoreRunOptions) (*preparedRun, diag.Diagnostics) {
	diags := restoreinputs.ValidateRestoreInputs(m)
	if diags.HasError() {
		return nil, diags
	}
	if client == nil {
		diags.AddError("Provider not configured", framework.RestoreNotConfiguredDetail)
		return nil, diags
	}
	if code := sentUserCode(m, opts); opts.NewDeviceCodes.Has(code) {
		diags.AddError("Device code not signed in yet", framework.UnsignedDeviceCodeDetail)
		return nil, diags
	}
	scope, d := m.ExpandScope(sessionID)
	diags.Append(d...)
	if diags.HasError() {
		return nil, diags
	}
	run := &preparedRun{client: client, m: m, opts: opts, scope: scope, kind: m.PresentActions()[0]}
	_, filePath, overwrite, _ := m.OutputTarget()
	run.target, run.overwrite = filePath.ValueString(), overwrite.ValueBool()
	if opts.OutputPath != "" {
		run.target = opts.OutputPath
	}
	// What the session's events hold before the run, to tell the run's own events apart if
	// its answer is lost. Downloads are not reconciled: a lost download leaves no file.
	run.reconcilable = runs.EventTypeOf(run.kind) != "Export" && runs.EventTypeOf(run.kind) != "Save"
	if run.reconcilable {
		run.baseline = runs.ReadEventBaseline(ctx, client, scope.RestoreSessionID)
	}
	run.identity = runs.RunIdentity{Kind: run.kind, SourceEmail: opts.SourceEmail, Targets: eventTargets(m, run.kind, opts.SourceEmail),
		Exclusive: opts.ExclusiveSession}
	if len(scope.ItemIDs) > 0 {
		run.identity.Items = runItemsFor(scope.ItemIDs, opts.Items)
	}
	return run, diags
}

// send sends the one POST of the run's action.
func (run *preparedRun) send(ctx context.Context) (restoreOutcome, error) {
	client, m, opts, scope := run.client, run.m, run.opts, run.scope
	outcome := restoreOutcome{Kind: run.kind, ExecutedAt: time.Now().UTC()}
	var err error
	switch run.kind {
	case vb365.ActionRestoreToOriginalLocation:
		var stats vb365.RestoreStatistics
		if opts.Operator != nil {
			stats, err = opts.Operator.OperatorRestore(ctx, scope, vb365.OperatorRestoreOptions{Reason: opts.Reason}, opts.Progress)
		} else {
			stats, err = client.RestoreToOriginalLocation(ctx, scope, m.RestoreToOriginalLocation.Expand(opts.DefaultCredentials), opts.Progress)
		}
		outcome.Statistics = &stats
	case vb365.ActionRestoreTo:
		var stats vb365.RestoreStatistics
		stats, err = client.RestoreTo(ctx, scope, m.RestoreTo.Expand(opts.DefaultCredentials), opts.Progress)
		outcome.Statistics = &stats
	case vb365.ActionExportToPST:
		var out runs.OutputFile
		out, err = runs.WriteOutputFile(run.target, run.overwrite, func(w io.Writer) (int64, error) {
			return client.ExportToPST(ctx, scope, m.ExportToPST.Expand(), w)
		})
		if err == nil {
			outcome.Output = &out
		}
	case vb365.ActionSaveToMSG:
		var out runs.OutputFile
		out, err = runs.WriteOutputFile(run.target, run.overwrite, func(w io.Writer) (int64, error) {
			return client.SaveToMSG(ctx, scope, w)
		})
		if err == nil {
			outcome.Output = &out
		}
	case vb365.ActionSendToDefaultAddress:
		err = client.SendToDefaultAddress(ctx, scope)
	case vb365.ActionSendToDifferentAddress:
		err = client.SendToDifferentAddress(ctx, scope, m.SendToDifferentAddress.Expand())
	}
	if s := outcome.Statistics; s != nil {
		redactStatistics(s, run.redact)
		outcome.ServerSessionID = s.SessionID
	}
	return outcome, err
}

// redact removes the run's credentials and the client's secrets from a server text.
func (run *preparedRun) redact(text string) string {
	return run.client.Redact(text, run.m.CredentialValues(run.opts.DefaultCredentials)...)
}

// confirmedByEvents is the outcome of a run whose answer was lost but whose own events prove
// the server ran it.
func (run *preparedRun) confirmedByEvents(outcome restoreOutcome, err error, evidence runs.RunEvidence, diags diag.Diagnostics) (restoreOutcome, diag.Diagnostics) {
	outcome.Statistics = nil
	detail := fmt.Sprintf("The answer to %s of %s was lost (%s), but the server ran it. %s",
		run.kind, restoreinputs.ScopeSummary(run.scope), run.redact(err.Error()), evidence.Describe())
	if len(evidence.Failed()) > 0 {
		outcome.Result = outcomeFailedItems
		diags.AddError("Restore finished with failed items", detail)
	} else {
		outcome.Result = outcomeSucceeded
		diags.AddWarning("Answer lost, run confirmed by the server's events", detail+"\n\nThe run is recorded; it is not run again.")
	}
	return outcome, diags
}

// judge turns the answer (or its absence) into the outcome: succeeded, failed items, refused
// (nothing ran: no outcome), or unknown (it may have run), with what a refresh needs to settle it.
func (run *preparedRun) judge(outcome restoreOutcome, err error, diags diag.Diagnostics) (restoreOutcome, diag.Diagnostics) {
	kind, scope, opts := run.kind, run.scope, run.opts
	switch {
	case err == nil:
		outcome.Result = outcomeSucceeded
		if s := outcome.Statistics; s != nil {
			d := statisticsDiagnostics(kind, requestedSummary(scope), *s)
			if d.HasError() {
				outcome.Result = outcomeFailedItems
			}
			diags.Append(d...)
		}
	case errors.Is(err, vb365.ErrRestoreFailed) && outcome.Statistics != nil:
		// The server ran the restore and reported it failed: record it with its statistics.
		outcome.Result = outcomeFailedItems
		diags.Append(statisticsDiagnostics(kind, requestedSummary(scope), *outcome.Statistics)...)
		if !diags.HasError() {
			diags.AddError("Restore failed", err.Error())
		}
	case errors.Is(err, vb365.ErrRestoreUnconfirmed):
		outcome.Result = outcomeUnknown
		outcome.Pending = &pendingRun{SessionID: scope.RestoreSessionID, Baseline: run.baseline.List(), Identity: run.identity}
		if outcome.Statistics != nil {
			outcome.Pending.AsyncSessionID = outcome.Statistics.SessionID
		}
		// The server accepted the restore, so it must not be posted again unnoticed.
		session := "(unknown)"
		if outcome.Statistics != nil && outcome.Statistics.SessionID != "" {
			session = outcome.Statistics.SessionID
		}
		outcome.Statistics = nil
		diags.AddError("Restore outcome unknown",
			fmt.Sprintf("The server accepted the restore but its result could not be read: %s\n\n"+
				"The restore may still be running; check restore session %s on the server before running it again. %s%s",
				err, session, run.evidenceNote, unconfirmedRunNote(opts.KeepsRecord)))
	case requestDidNotRun(err):
		outcome = restoreOutcome{}
		run.refused(err, &diags)
	default:
		// The request may have reached the server and run there (a 5xx from the server or a
		// gateway, a connection lost after sending, no answer in time, an unreadable answer, a
		// download cut short).
		outcome.Statistics, outcome.Output = nil, nil
		outcome.Result = outcomeUnknown
		// In a session of the run's own no earlier event can be the run's, so refresh can settle
		// it even when the baseline could not be read.
		if run.reconcilable && (run.baseline.Err == nil || opts.ExclusiveSession) {
			outcome.Pending = &pendingRun{SessionID: scope.RestoreSessionID, Baseline: run.baseline.List(), Identity: run.identity}
		}
		diags.AddError("Mailbox item action outcome unknown",
			fmt.Sprintf("%s of %s was sent, but its result could not be confirmed: %s\n\n"+
				"The server may have run it. %s%s %s",
				kind, restoreinputs.ScopeSummary(scope), run.redact(err.Error()), run.evidenceNote,
				whatToCheck(kind, run.m, run.target), unconfirmedRunNote(opts.KeepsRecord)))
	}
	return outcome, diags
}

// refused explains a run the server refused (or that never left): nothing ran.
func (run *preparedRun) refused(err error, diags *diag.Diagnostics) {
	if errors.Is(err, runs.ErrOutputExists) || errors.Is(err, runs.ErrOutputDirectory) {
		diags.AddAttributeError(path.Root(string(run.kind)).AtName("path"), "Cannot write the output file", err.Error())
		return
	}
	action := fmt.Sprintf("%s of %s (refused, so nothing ran)", run.kind, restoreinputs.ScopeSummary(run.scope))
	detail := framework.ErrorDetail(action, err)
	// A code of vb365_restore_device_code may be why: the next plan obtains a new one rather
	// than offer this one again.
	if userDeviceCodeCache().forget(context.Background(), sentUserCode(run.m, run.opts)) {
		detail += "\n\nThe restore carried a device code (user_code). If the server refused the code (nobody signed in " +
			"with it, or it expired), run `terraform apply` again without -auto-approve: its plan shows a new code; " +
			"sign in with it at the address shown, then approve the plan."
	}
	if run.opts.Operator != nil && vb365.IsNotFound(err) {
		// The hint follows the server's answer, never splices into the sentence that quotes it.
		detail += "\n\nA restore operator's session shows only the mailboxes its restore operator roles allow " +
			"(selected users and groups, or the entire organization, less the excluded ones): check the roles " +
			"that list the operator, or restore without restore_operator."
	}
	diags.AddError("Mailbox item action "+string(run.kind)+" failed", detail)
}

// runItemsFor pairs the scope's item IDs with the reviewed names; an item the review did not
// Name gets none (and is never confirmed from events).
func runItemsFor(ids []string, reviewed []runs.RunItem) []runs.RunItem {
	names := map[string]string{}
	for _, it := range reviewed {
		names[strings.ToLower(it.ID)] = it.Name
	}
	out := make([]runs.RunItem, len(ids))
	for i, id := range ids {
		out[i] = runs.RunItem{ID: id, Name: names[strings.ToLower(id)]}
	}
	return out
}

// requestDidNotRun reports whether an action's error proves that the server did not run it:
// the client never sent it, the server refused it (4xx), or a local check stopped it before
// anything was requested. A 5xx is not a refusal: a gateway may answer 502 or 504 after the
// server ran the restore.
func requestDidNotRun(err error) bool {
	var notStarted *runs.DownloadNotStartedError
	return vb365.ProvablyNotRun(err) || errors.As(err, &notStarted)
}

// unconfirmedRunNote says what happens next with a run whose outcome is unknown.
func unconfirmedRunNote(keepsRecord bool) string {
	if keepsRecord {
		return "The run is recorded with outcome = \"unknown\" (not tainted): no plan runs it again by itself. A refresh settles the " +
			"outcome from the run's own session events when they become readable. To run it again on purpose, use " +
			"`terraform apply -replace=<address of this resource>`."
	}
	return "Invoking the action again runs it again."
}

// whatToCheck names where to look for the effect of a run whose outcome is unknown.
func whatToCheck(kind vb365.ActionKind, m *restoreinputs.RestoreInputsModel, outputPath string) string {
	switch kind {
	case vb365.ActionRestoreToOriginalLocation:
		return fmt.Sprintf("Check the original mailbox (%s) for the restored items before running it again.", m.MailboxID.ValueString())
	case vb365.ActionRestoreTo:
		where := "mailbox " + m.RestoreTo.Mailbox.ValueString()
		if f := m.RestoreTo.Folder.ValueString(); f != "" {
			where += ", folder " + f
		}
		return "Check the target (" + where + ") for the restored items before running it again."
	case vb365.ActionSendToDefaultAddress:
		return "Check whether the mailbox owner received the items, or the server's e-mail log, before sending them again."
	case vb365.ActionSendToDifferentAddress:
		return "Check whether " + m.SendToDifferentAddress.To.ValueString() + " received the items, or the server's e-mail log, before sending them again."
	}
	return "Nothing was written to " + outputPath + "; running it again downloads the file again."
}

// redactStatistics passes every server text of s through redact, before it reaches a
// diagnostic or state: a server may echo a credential of the request in them.
func redactStatistics(s *vb365.RestoreStatistics, redact func(string) string) {
	for i, w := range s.Warnings {
		s.Warnings[i] = redact(w)
	}
	for i, e := range s.Exceptions {
		s.Exceptions[i] = redact(e)
	}
	s.CannotContinueError = redact(s.CannotContinueError)
	for i := range s.Items {
		it := &s.Items[i]
		it.Name, it.Title, it.Path, it.Error = redact(it.Name), redact(it.Title), redact(it.Path), redact(it.Error)
		for j, w := range it.Warnings {
			it.Warnings[j] = redact(w)
		}
	}
}

// requestedSummary names the scope for the statistics: "2 requested item(s)", or the folder or mailbox.
func requestedSummary(scope vb365.ItemScope) string {
	if scope.FolderID == "" && !scope.WholeMailbox {
		return fmt.Sprintf("%d requested item(s)", len(scope.ItemIDs))
	}
	return restoreinputs.ScopeSummary(scope)
}

// statisticsDiagnostics turns a finished restore's counts into diagnostics: failed items (or
// failed folders) are an error, server warnings are warnings. requested names the scope.
func statisticsDiagnostics(kind vb365.ActionKind, requested string, s vb365.RestoreStatistics) diag.Diagnostics {
	var diags diag.Diagnostics
	if len(s.Warnings) > 0 {
		diags.AddWarning("Restore finished with warnings", strings.Join(s.Warnings, "\n"))
	}
	if s.Failed > 0 || s.FailedFolders > 0 || s.CannotContinueError != "" {
		var detail strings.Builder
		fmt.Fprintf(&detail, "%s of %s: created %d, merged %d, skipped %d, failed %d.",
			kind, requested, s.Created, s.Merged, s.Skipped, s.Failed)
		if s.FailedFolders > 0 {
			// v6/v7 count folders that could not be restored at all apart from items.
			fmt.Fprintf(&detail, " Folders that could not be restored: %d.", s.FailedFolders)
		}
		if s.CannotContinueError != "" {
			fmt.Fprintf(&detail, "\nThe server could not continue: %s", s.CannotContinueError)
		}
		for _, e := range s.Exceptions {
			fmt.Fprintf(&detail, "\n- %s", e)
		}
		if s.SessionID != "" {
			fmt.Fprintf(&detail, "\nRestore session: %s", s.SessionID)
		}
		diags.AddError("Restore finished with failed items", detail.String())
	}
	return diags
}

// progressMessage renders a v8 progress report for logs and the action's progress events.
func progressMessage(p vb365.RestoreProgress) string {
	msg := fmt.Sprintf("restore %s", strings.ToLower(p.State))
	if p.Total > 0 {
		msg += fmt.Sprintf(": %d of %d item(s) restored", p.Restored, p.Total)
	}
	if p.Failed > 0 {
		msg += fmt.Sprintf(", %d failed", p.Failed)
	}
	if p.Skipped > 0 {
		msg += fmt.Sprintf(", %d skipped", p.Skipped)
	}
	return msg
}

// checkOutputTargetAtPlan checks, when a run is planned, the output file of a file block: its
// directory must exist and an existing file needs overwrite (the run would fail anyway).
// It runs at plan time rather than in validation, so that `validate` does not depend on the
// local file system. Unknown values are skipped (checked again before the download).
func checkOutputTargetAtPlan(m *restoreinputs.RestoreInputsModel) diag.Diagnostics {
	var diags diag.Diagnostics
	kind, filePath, overwrite, ok := m.OutputTarget()
	if !ok || filePath.IsNull() || filePath.IsUnknown() || overwrite.IsUnknown() || filePath.ValueString() == "" {
		return diags
	}
	_, err := runs.CheckOutputTarget(filePath.ValueString(), overwrite.ValueBool())
	if err == nil {
		return diags
	}
	summary := "Cannot write the output file"
	switch {
	case errors.Is(err, runs.ErrOutputExists):
		summary = "Output file exists"
	case errors.Is(err, runs.ErrNotADirectory):
		summary = "Output directory is not a directory"
	case errors.Is(err, runs.ErrOutputDirectory) && errors.Is(err, fs.ErrNotExist):
		summary = "Output directory does not exist"
	}
	diags.AddAttributeError(path.Root(string(kind)).AtName("path"), summary, err.Error())
	return diags
}

// plannedOutputPath is the absolute path a file block writes to, when it is known at plan time.
func plannedOutputPath(m *restoreinputs.RestoreInputsModel) (types.String, bool) {
	_, filePath, _, ok := m.OutputTarget()
	if !ok {
		return types.StringNull(), true
	}
	if filePath.IsUnknown() || filePath.IsNull() {
		return types.StringUnknown(), false
	}
	abs, err := runs.AbsOutputPath(filePath.ValueString())
	if err != nil {
		return types.StringUnknown(), false
	}
	return types.StringValue(abs), true
}

// sentUserCode is the device code the run would send as userCode ("" for none): the action
// block's, or the provider's default credentials'. The restore operator's route sends none.
func sentUserCode(m *restoreinputs.RestoreInputsModel, opts restoreRunOptions) string {
	block := blockCredentials(m)
	if block == nil || opts.Operator != nil {
		return ""
	}
	return block.WithDefault(opts.DefaultCredentials).UserCode
}
