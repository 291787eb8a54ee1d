package runs

// What a plan does with the runs FindEarlierRuns finds, shared by every restore record that
// asks (vb365_mailbox_item_restore, vb365_mailboxes_restore): skip the sessions the configuration
// says to run anyway despite and those a record holds, and say what was found; or check the one
// session record_run_from_session names.

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// UndecidedEarlierRuns finds the runs of q that neither a record holds nor runAnyway (the
// configuration's run_anyway_despite_sessions) names. A failed look-up is an error diagnostic
// (and ok false): the plan stops rather than guess.
func UndecidedEarlierRuns(ctx context.Context, data *framework.ProviderData, q EarlierRunQuery, runAnyway types.Set, diags *diag.Diagnostics) (found []EarlierRun, ok bool) {
	despite := map[string]bool{}
	for _, v := range runAnyway.Elements() {
		if s, isString := v.(types.String); isString {
			despite[strings.ToLower(s.ValueString())] = true
		}
	}
	q.Skip = func(id string) bool { return despite[strings.ToLower(id)] || data.Runs.Held(id) }
	found, err := FindEarlierRuns(ctx, data.Client, q)
	if err != nil {
		diags.AddError("Cannot check for earlier runs", fmt.Sprintf("Looking for a run of this restore that a killed runner may "+
			"have left in the last %s failed: %v\n\nNothing was run. Plan again; to skip the look-up on purpose, set the "+
			"provider's history_window = \"0\".", data.HistoryWindow, err))
		return nil, false
	}
	return found, true
}

// EarlierRunsEvidence is the IDs of the runs' sessions and the evidence of each, for the plan's error.
func EarlierRunsEvidence(found []EarlierRun) (ids []string, evidence string) {
	lines := make([]string, len(found))
	ids = make([]string, len(found))
	for i, run := range found {
		ids[i], lines[i] = run.Session.ID, DescribeEarlierRun(run)
	}
	return ids, strings.Join(lines, "\n")
}

// RecordableRun checks that session sessionID, which record_run_from_session names, holds the
// run of q and no record holds it; what names the run for the error ("every item of this
// restore from its source to its target").
func RecordableRun(ctx context.Context, data *framework.ProviderData, q EarlierRunQuery, sessionID, what string, diags *diag.Diagnostics) (vb365.RestoreSession, EarlierRun, bool) {
	attr := path.Root("record_run_from_session")
	if data.Runs.Held(sessionID) {
		diags.AddAttributeError(attr, "Run already recorded", fmt.Sprintf("Restore session %s holds the run of another "+
			"restore record: two records never record one run.", sessionID))
		return vb365.RestoreSession{}, EarlierRun{}, false
	}
	session, err := data.Client.RestoreSession(ctx, sessionID)
	if err != nil {
		framework.AddClientError(diags, "Cannot record a run from a session", "Reading restore session "+sessionID, err)
		return vb365.RestoreSession{}, EarlierRun{}, false
	}
	q.Skip = func(id string) bool { return !strings.EqualFold(id, session.ID) }
	found, err := FindEarlierRuns(ctx, data.Client, q)
	if err != nil {
		framework.AddClientError(diags, "Cannot record a run from a session", "Reading restore session "+sessionID, err)
		return vb365.RestoreSession{}, EarlierRun{}, false
	}
	if len(found) != 1 {
		diags.AddAttributeError(attr, "The session does not hold this run", fmt.Sprintf("Restore session %s (opened %s by %s) "+
			"holds no %s of %s by %s in the last %s, so this record cannot say it ran there. Remove record_run_from_session to "+
			"run the restore.", session.ID, OrUnknown(session.CreationTime), OrUnknown(session.InitiatedBy),
			EventTypeOf(q.Identity.Kind), what, OrUnknown(q.Account), data.HistoryWindow))
		return vb365.RestoreSession{}, EarlierRun{}, false
	}
	return session, found[0], true
}

// QuoteAll renders IDs as a list of HCL strings.
func QuoteAll(ids []string) string {
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	return strings.Join(quoted, ", ")
}
