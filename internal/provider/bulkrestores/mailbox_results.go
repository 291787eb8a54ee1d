package bulkrestores

// Each mailbox's outcome (mailbox_results) and the whole run's (outcome): what the server's
// answer said, what the run's own session events prove of a run whose answer was lost, and how a
// refresh settles an unknown outcome later. Nothing here ever sends a restore.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/runs"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// mailboxResult is one mailbox's outcome; the counts are nil when the server reported none.
type mailboxResult struct {
	MailboxID string `json:"mailbox_id"`
	Email     string `json:"email"`
	Outcome   string `json:"outcome"`
	Created   *int64 `json:"created,omitempty"`
	Merged    *int64 `json:"merged,omitempty"`
	Failed    *int64 `json:"failed,omitempty"`
	Skipped   *int64 `json:"skipped,omitempty"`
	Error     string `json:"error,omitempty"`
}

// pendingBulkRun is what refresh reads to settle an unknown outcome: the sessions that hold the
// run's events and which mailboxes are still unknown.
type pendingBulkRun struct {
	SessionID      string           `json:"session_id"`                 // the run's own session
	AsyncSessionID string           `json:"async_session_id,omitempty"` // v8: the restore session the answer named
	Identity       runs.RunIdentity `json:"identity"`                   // one item per mailbox still unknown
}

// resultsFor starts every mailbox of the plan at outcome (unknown before an answer is read).
func resultsFor(mailboxes []vb365.BulkMailbox, outcome string) []mailboxResult {
	out := make([]mailboxResult, len(mailboxes))
	for i, mb := range mailboxes {
		out[i] = mailboxResult{MailboxID: mb.ID, Email: mb.Email, Outcome: outcome}
	}
	return out
}

// applyServerResults fills results from the server's statistics: by mailbox ID where the
// server names it, else by e-mail and archive flag (v8 names mailboxes by e-mail only). A mailbox
// the server does not report keeps its outcome (unknown).
func applyServerResults(results []mailboxResult, mailboxes []vb365.BulkMailbox, reported []vb365.MailboxRestoreResult) {
	for _, rep := range reported {
		for i, mb := range mailboxes {
			sameID := rep.MailboxID != "" && strings.EqualFold(rep.MailboxID, mb.ID)
			sameAddress := rep.MailboxID == "" && rep.Email != "" && strings.EqualFold(rep.Email, mb.Email) && rep.IsArchive == mb.IsArchive
			if !sameID && !sameAddress {
				continue
			}
			res := &results[i]
			res.Created, res.Merged, res.Failed, res.Skipped = ptr(rep.Created), ptr(rep.Merged), ptr(rep.Failed), ptr(rep.Skipped)
			res.Error = rep.Error
			res.Outcome = outcomeSucceeded
			if strings.EqualFold(rep.Status, "Failed") || rep.Failed > 0 {
				res.Outcome = outcomeFailedItems
			}
			break
		}
	}
}

func ptr(n int64) *int64 { return &n }

// overallOutcome is the whole run's outcome from its mailboxes': unknown if any is, else
// failed_items if any failed or did not run, else succeeded.
func overallOutcome(results []mailboxResult) string {
	outcome := outcomeSucceeded
	for _, r := range results {
		switch r.Outcome {
		case outcomeUnknown:
			return outcomeUnknown
		case outcomeFailedItems, outcomeNotRun:
			outcome = outcomeFailedItems
		}
	}
	return outcome
}

// runIdentity tells the run's events apart, one item per mailbox: a restore event named as the
// mailbox, from and to its own address. Only mailboxes still unknown are listed. It is never
// Exclusive, even for the run's own session: an event that names no mailbox (v3..v5, whose
// per-mailbox requests share that session) cannot say which mailbox it is about.
func runIdentity(results []mailboxResult, mailboxes []vb365.BulkMailbox) runs.RunIdentity {
	id := runs.RunIdentity{Kind: vb365.ActionRestoreToOriginalLocation}
	if len(results) != len(mailboxes) {
		return id // a record whose lists disagree (edited state): nothing can be matched
	}
	for i, mb := range mailboxes {
		if results[i].Outcome == outcomeUnknown {
			id.Items = append(id.Items, runs.RunItem{ID: mb.ID, Name: mb.Name, Source: mb.Email, Target: mb.Email})
		}
	}
	return id
}

// applyEvidence settles the mailboxes whose events prove they finished: Success is succeeded;
// Failed and Warning (the event cannot say how many items did not restore) are failed_items,
// with the event's message passed through redact. Two mailboxes the events cannot tell apart (a
// primary mailbox and its archive share name and address) are never settled from events. It
// reports how many it settled.
func applyEvidence(results []mailboxResult, evidence runs.RunEvidence, redact func(string) string) int {
	settled := 0
	if evidence.ReadErr != nil || len(evidence.Matched) != len(evidence.Identity.Items) {
		return 0 // the events could not be read: nothing is proven
	}
	alike := map[string]int{}
	key := func(it runs.RunItem) string {
		return strings.ToLower(it.Name + "\x00" + it.Source + "\x00" + it.Target)
	}
	for _, item := range evidence.Identity.Items {
		alike[key(item)]++
	}
	for i, item := range evidence.Identity.Items {
		j := evidence.Matched[i]
		if j < 0 || alike[key(item)] > 1 {
			continue
		}
		ev := evidence.Events[j]
		if ev.Status == "" || strings.EqualFold(ev.Status, "Running") {
			continue
		}
		for k := range results {
			if strings.EqualFold(results[k].MailboxID, item.ID) && results[k].Outcome == outcomeUnknown {
				results[k].Outcome = outcomeSucceeded
				if !strings.EqualFold(ev.Status, "Success") {
					results[k].Outcome, results[k].Error = outcomeFailedItems, redact(ev.Message)
				}
				settled++
			}
		}
	}
	return settled
}

// readEvidence reads the run's own events: v8's restore session when the answer named one, else
// the run's own session (opened for it alone, so every restore event in it is the run's).
func readEvidence(ctx context.Context, client *vb365.Client, p pendingBulkRun) runs.RunEvidence {
	session := p.SessionID
	if p.AsyncSessionID != "" {
		session = p.AsyncSessionID
	}
	return runs.ReadRunEvidence(ctx, client, session, p.Identity, runs.EventBaseline{IDs: map[string]bool{}})
}

func mailboxResultsValue(results []mailboxResult) types.List {
	elems := make([]attr.Value, len(results))
	count := func(n *int64) types.Int64 {
		if n == nil {
			return types.Int64Null()
		}
		return types.Int64Value(*n)
	}
	for i, r := range results {
		errValue := types.StringNull()
		if r.Error != "" {
			errValue = types.StringValue(r.Error)
		}
		elems[i] = types.ObjectValueMust(mailboxResultAttrTypes, map[string]attr.Value{
			"mailbox_id": types.StringValue(r.MailboxID), "email": types.StringValue(r.Email), "outcome": types.StringValue(r.Outcome),
			"created": count(r.Created), "merged": count(r.Merged), "failed": count(r.Failed), "skipped": count(r.Skipped),
			"error": errValue,
		})
	}
	return types.ListValueMust(types.ObjectType{AttrTypes: mailboxResultAttrTypes}, elems)
}

// resultsFromState reads mailbox_results back.
func resultsFromState(l types.List) []mailboxResult {
	var out []mailboxResult
	for _, e := range l.Elements() {
		obj, ok := e.(types.Object)
		if !ok {
			return nil
		}
		a := obj.Attributes()
		str := func(k string) string { v, _ := a[k].(types.String); return v.ValueString() }
		count := func(k string) *int64 {
			v, _ := a[k].(types.Int64)
			if v.IsNull() || v.IsUnknown() {
				return nil
			}
			return ptr(v.ValueInt64())
		}
		out = append(out, mailboxResult{MailboxID: str("mailbox_id"), Email: str("email"), Outcome: str("outcome"),
			Created: count("created"), Merged: count("merged"), Failed: count("failed"), Skipped: count("skipped"), Error: str("error")})
	}
	return out
}

// settleOutcome, on refresh, reads the run's own session events for the mailboxes still
// unknown: those the events prove finished are settled; the rest stay unknown. Failing to read is
// a warning: a refresh must not fail because a server is unreachable.
func (r *mailboxesRestoreResource) settleOutcome(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse, state *mailboxesRestoreModel) {
	raw, diags := req.Private.GetKey(ctx, privatePendingRun)
	resp.Diagnostics.Append(diags...)
	if len(raw) == 0 || r.data == nil || r.data.Client == nil {
		return
	}
	var pending pendingBulkRun
	if err := json.Unmarshal(raw, &pending); err != nil {
		resp.Diagnostics.AddWarning("Ignoring unreadable private state", err.Error())
		return
	}
	evidence := readEvidence(ctx, r.data.Client, pending)
	if evidence.ReadErr != nil {
		resp.Diagnostics.AddWarning("Restore outcome still unknown", r.redactEventText(evidence.Describe()))
		return
	}
	results := resultsFromState(state.MailboxResults)
	settled := applyEvidence(results, evidence, r.redactEventText)
	tflog.Info(ctx, "settling an unknown mailboxes restore outcome", map[string]any{"session": evidence.SessionID, "settled": settled})
	if settled == 0 {
		return
	}
	state.MailboxResults, state.Outcome = mailboxResultsValue(results), types.StringValue(overallOutcome(results))
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("mailbox_results"), state.MailboxResults)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("outcome"), state.Outcome)...)
	pending.Identity = runIdentity(results, reviewedMailboxes(state.Mailboxes))
	if len(pending.Identity.Items) == 0 {
		raw = nil
	} else {
		raw, _ = json.Marshal(pending)
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privatePendingRun, raw)...)
	resp.Diagnostics.AddWarning("Restore outcome settled: "+state.Outcome.ValueString(),
		fmt.Sprintf("The events of restore session %s prove %d more mailbox(es) finished. %s", evidence.SessionID, settled,
			r.redactEventText(evidence.Describe())))
}

// warnRecordedOutcome, for a record that stays, says what an outcome other than succeeded
// means: it is not run again by itself.
func warnRecordedOutcome(state *mailboxesRestoreModel, diags *diag.Diagnostics) {
	var notDone []string
	for _, r := range resultsFromState(state.MailboxResults) {
		if r.Outcome != outcomeSucceeded {
			notDone = append(notDone, fmt.Sprintf("%s: %s", r.Email, r.Outcome))
		}
	}
	switch state.Outcome.ValueString() {
	case outcomeFailedItems, outcomeUnknown:
		diags.AddAttributeWarning(path.Root("outcome"), "Recorded mailboxes restore outcome: "+state.Outcome.ValueString(),
			fmt.Sprintf("The run of %s (restore session %s) left mailboxes that did not succeed or are not known to have:\n- %s\n\n"+
				"It is not run again by itself. Check those mailboxes (and the session's events, vb365_restore_session_events); "+
				"a refresh settles unknown ones when the events prove them. To run every mailbox again on purpose, use "+
				"`terraform apply -replace=<address of this resource>` or change `triggers`; to run only some, restore them in a record of their own.",
				state.ExecutedAt.ValueString(), state.ServerSessionID.ValueString(), strings.Join(notDone, "\n- ")))
	}
}

// redactEventText passes a server text read after the run through the client's redaction with
// the provider's restore credentials (the resource's own write-only ones are gone by then; the
// client already redacts its own secrets and those of the run's answer).
func (r *mailboxesRestoreResource) redactEventText(text string) string {
	if r.data == nil || r.data.Client == nil {
		return text
	}
	return r.data.Client.Redact(text, restoreinputs.CredentialSecrets(r.data.RestoreCredentials)...)
}
