package restores

// Adoption of a run left by a killed runner (history_window).

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// defaultHistoryWindow is how far back a new record looks for an identical run to adopt.
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
		return 0, fmt.Errorf("history_window must be a duration such as \"24h\", or \"0\" to turn adoption off; got %q", s)
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

// adoptedRun is a run the server holds that a new record can adopt.
type adoptedRun struct {
	Session vb365.RestoreSession
	Result  string
	Detail  string
}

// findAdoptableRun looks, in the restore sessions of organizationID created since since by
// username, for a run identical to id that no finished run of the provider holds: a session
// still working (every run the provider finishes stops its session, so a working one is a
// runner's that died, or one still running) whose events are exactly this run's items, of its
// type, from its source to its target. Events must name their items (v6+); an ambiguous
// match (several such sessions) adopts the latest. ok is false when none is found.
func findAdoptableRun(ctx context.Context, client *vb365.Client, username, organizationID, exclude string, since time.Time, id runIdentity) (adoptedRun, bool, error) {
	if len(id.Items) == 0 || id.unnamedItems() > 0 {
		return adoptedRun{}, false, nil
	}
	id.Exclusive = false // names, source and target must match: the session is not known to be one run's
	var best adoptedRun
	found := false
	for s, err := range client.ListRestoreSessions(ctx, vb365.RestoreSessionFilter{
		ListOptions: vb365.ListOptions{PageSize: 1000}, StartTimeFrom: &since, State: "Working"}) {
		if err != nil {
			return adoptedRun{}, false, err
		}
		if strings.EqualFold(s.ID, exclude) || (s.Type != "" && !strings.EqualFold(s.Type, "Vex")) ||
			(s.InitiatedBy != "" && username != "" && !strings.EqualFold(s.InitiatedBy, username)) {
			continue
		}
		org := s.OrganizationID
		if org == "" {
			o, err := client.RestoreSessionOrganization(ctx, s.ID)
			if err != nil {
				return adoptedRun{}, false, err
			}
			org = o.ID
		}
		if !strings.EqualFold(org, organizationID) {
			continue
		}
		evidence := readRunEvidence(ctx, client, s.ID, id, eventBaseline{ids: map[string]bool{}})
		if !evidence.ran() || len(evidence.Events) != len(id.Items) {
			continue // not this run, not finished, or the session holds other runs too
		}
		if !found || s.CreationTime > best.Session.CreationTime {
			best, found = adoptedRun{Session: s, Result: evidenceResult(evidence), Detail: evidence.describe()}, true
		}
	}
	return best, found, nil
}

// planAdoption, for a new record whose review is known, adopts an identical run left by a
// killed runner within history_window: server_restore_session_id, outcome and executed_at are
// then known in the plan, and apply records them without sending anything and stops that
// session (see adoptRun), so that a later -replace or triggers change runs it again. A failed look-up
// is a warning: the plan then runs the restore as usual.
func (r *mailboxItemRestoreResource) planAdoption(ctx context.Context, plan *mailboxItemRestoreModel, diags *diag.Diagnostics) {
	if r.data == nil || r.data.Client == nil || r.data.HistoryWindow <= 0 || plan.scopeKind() != scopeItems {
		return
	}
	kind := vb365.ActionKind(plan.Action.ValueString())
	if t := eventTypeOf(kind); t != "Restore" && t != "Send" {
		return // downloads leave a file here, which a killed runner did not finish writing
	}
	client := r.data.Client
	organizationID := plan.OrganizationID.ValueString()
	if organizationID == "" {
		org, err := client.RestoreSessionOrganization(ctx, plan.RestoreSessionID.ValueString())
		if err != nil {
			diags.AddWarning("Cannot look for a run to adopt", err.Error())
			return
		}
		organizationID = org.ID
	}
	email := reviewedSourceEmail(plan.SourceMailbox)
	id := runIdentity{Kind: kind, Items: reviewedRunItems(plan.Items), SourceEmail: email,
		Targets: eventTargets(&plan.restoreInputsModel, kind, email)}
	since := time.Now().Add(-r.data.HistoryWindow)
	// The record's own restore_session_id is where its earlier runs are: never a run to adopt.
	found, ok, err := findAdoptableRun(ctx, client, r.data.Username, organizationID, plan.RestoreSessionID.ValueString(), since, id)
	if err != nil {
		diags.AddWarning("Cannot look for a run to adopt", fmt.Sprintf("Listing the organization's restore sessions of the last %s "+
			"failed: %v. The plan runs the restore; if a killed runner already ran it, check the target first.", r.data.HistoryWindow, err))
		return
	}
	if !ok {
		return
	}
	plan.ServerSessionID = types.StringValue(found.Session.ID)
	plan.Outcome = types.StringValue(found.Result)
	plan.ExecutedAt = types.StringValue(found.Session.CreationTime)
	plan.RestoreStatistics = types.ObjectNull(restoreStatisticsAttrTypes)
	plan.ItemResults = types.ListNull(itemResultObjectType)
	diags.AddWarning("Identical run found on the server: it is adopted, not sent again",
		fmt.Sprintf("Restore session %s (opened %s by %s) holds a run identical to this one (%s of %s to %s) that no finished run "+
			"recorded: a runner stopped before it could record it. Apply records that run (outcome %s) and sends nothing. %s\n\n"+
			"To run it again on purpose anyway, set history_window = \"0\" in the provider for this apply, or change triggers later.",
			found.Session.ID, found.Session.CreationTime, found.Session.InitiatedBy, kind, plan.Scope.ValueString(), plan.Target.ValueString(),
			found.Result, found.Detail))
}

// adoptRun records an adopted run's session as finished: it stops it, as the killed runner
// would have. The session is working, was opened by this account on this organization, and its
// item events are exactly this run's and nothing else (findAdoptableRun): the signature of a
// run session the provider opened and could not stop. Stopping it is also what keeps a later
// run on purpose (triggers, -replace: Terraform plans the new half of a replacement as a create,
// which looks for a run to adopt again) from adopting the same run twice. A failure to stop is
// a warning.
func adoptRun(ctx context.Context, client *vb365.Client, sessionID string, diags *diag.Diagnostics) {
	opener := framework.SessionOpener{Client: client}
	if err := opener.StopDetached(ctx, sessionID); err != nil {
		diags.AddWarning("Restore session left running", fmt.Sprintf("Stopping restore session %s of the adopted run failed: %v. "+
			"The server stops it when it has been idle long enough.", sessionID, err))
	}
}
