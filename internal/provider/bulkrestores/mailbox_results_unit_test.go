package bulkrestores

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/runs"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var (
	ann        = vb365.BulkMailbox{ID: "a1111111-1111-4111-8111-11111111111a", Name: "Ann", Email: "ann@x.example"}
	annArchive = vb365.BulkMailbox{ID: "b2222222-2222-4222-8222-22222222222b", Name: "Ann", Email: "ann@x.example", IsArchive: true}
	bob        = vb365.BulkMailbox{ID: "c3333333-3333-4333-8333-33333333333c", Name: "Bob", Email: "bob@x.example"}
)

// The server's statistics settle each mailbox: by ID where it names one (v6/v7), else by
// e-mail and archive flag (v8), so a user's archive is never taken for the primary mailbox; a
// mailbox the server does not report stays unknown; failed items make it failed_items.
func TestApplyServerResults(t *testing.T) {
	mailboxes := []vb365.BulkMailbox{ann, annArchive, bob}
	results := resultsFor(mailboxes, outcomeUnknown)
	applyServerResults(results, mailboxes, []vb365.MailboxRestoreResult{
		{Email: "ANN@x.example", IsArchive: true, Status: "Warning", Created: 2, Failed: 1, Error: "one item damaged"},
		{Email: "ann@x.example", Status: "Success", Created: 5},
	})
	want := []struct {
		outcome string
		created int64
	}{{outcomeSucceeded, 5}, {outcomeFailedItems, 2}, {outcomeUnknown, -1}}
	for i, w := range want {
		if results[i].Outcome != w.outcome {
			t.Errorf("%s (archive %t): outcome %q, want %q", mailboxes[i].Email, mailboxes[i].IsArchive, results[i].Outcome, w.outcome)
		}
		if w.created >= 0 && (results[i].Created == nil || *results[i].Created != w.created) {
			t.Errorf("%s (archive %t): created %v, want %d", mailboxes[i].Email, mailboxes[i].IsArchive, results[i].Created, w.created)
		}
	}
	if got := overallOutcome(results); got != outcomeUnknown {
		t.Errorf("overall %q, want unknown while a mailbox is", got)
	}
	byID := resultsFor([]vb365.BulkMailbox{ann, bob}, outcomeUnknown)
	applyServerResults(byID, []vb365.BulkMailbox{ann, bob}, []vb365.MailboxRestoreResult{
		{MailboxID: bob.ID, Email: ann.Email, Status: "Failed", Error: "cannot continue"}, // the ID decides, not the address
		{MailboxID: ann.ID, Email: ann.Email, Status: "Success"},
	})
	if byID[0].Outcome != outcomeSucceeded || byID[1].Outcome != outcomeFailedItems || byID[1].Error != "cannot continue" {
		t.Errorf("by ID: %+v", byID)
	}
}

func TestOverallOutcome(t *testing.T) {
	cases := []struct {
		outcomes []string
		want     string
	}{
		{[]string{outcomeSucceeded, outcomeSucceeded}, outcomeSucceeded},
		{[]string{outcomeSucceeded, outcomeFailedItems}, outcomeFailedItems},
		{[]string{outcomeNotRun, outcomeSucceeded}, outcomeFailedItems},
		{[]string{outcomeFailedItems, outcomeUnknown, outcomeNotRun}, outcomeUnknown},
	}
	for _, c := range cases {
		results := make([]mailboxResult, len(c.outcomes))
		for i, o := range c.outcomes {
			results[i].Outcome = o
		}
		if got := overallOutcome(results); got != c.want {
			t.Errorf("%v: %q, want %q", c.outcomes, got, c.want)
		}
	}
}

// Events settle only the unknown mailboxes they prove finished: Success succeeded, Warning and
// Failed failed_items; a running event, another mailbox's event or unreadable events settle
// nothing.
func TestApplyEvidence(t *testing.T) {
	mailboxes := []vb365.BulkMailbox{ann, bob}
	results := resultsFor(mailboxes, outcomeUnknown)
	ev := func(mb vb365.BulkMailbox, status string) vb365.RestoreSessionEvent {
		return vb365.RestoreSessionEvent{ID: mb.ID + status, Type: "Restore", Status: status, ItemName: mb.Name, Source: mb.Email, Target: mb.Email, Message: status + " message"}
	}
	evidence := runs.RunEvidence{Identity: runIdentity(results, mailboxes), Events: []vb365.RestoreSessionEvent{ev(ann, "Running")}}
	evidence.Match()
	if n := applyEvidence(results, evidence, strings.ToUpper); n != 0 {
		t.Fatalf("a running event settled %d mailbox(es)", n)
	}
	evidence.ReadErr = errTest
	if n := applyEvidence(results, evidence, strings.ToUpper); n != 0 {
		t.Fatalf("unreadable events settled %d mailbox(es)", n)
	}
	evidence = runs.RunEvidence{Identity: runIdentity(results, mailboxes), Events: []vb365.RestoreSessionEvent{ev(ann, "Success"), ev(bob, "Warning")}}
	evidence.Match()
	if n := applyEvidence(results, evidence, strings.ToUpper); n != 2 {
		t.Fatalf("settled %d mailbox(es), want 2", n)
	}
	if results[0].Outcome != outcomeSucceeded || results[1].Outcome != outcomeFailedItems || results[1].Error != "WARNING MESSAGE" {
		t.Errorf("results %+v", results)
	}
	if id := runIdentity(results, mailboxes); len(id.Items) != 0 {
		t.Errorf("settled mailboxes still in the identity: %+v", id.Items)
	}
}

var errTest = errors.New("500")

func TestOptionsSummary(t *testing.T) {
	none := bulkOptionsModel{CASServer: types.StringNull(), RecentItemRestorePeriod: types.Int64Null(), ChangedItems: types.BoolNull(),
		DeletedItems: types.BoolNull(), MarkRestoredAsUnread: types.BoolNull(), SkipUnresolved: types.BoolNull(), ExcludeDrafts: types.BoolNull(),
		ExcludeDeletedItems: types.BoolNull(), ExcludeInPlaceHoldItems: types.BoolNull(), ExcludeLitigationHoldItems: types.BoolNull()}
	if got := optionsSummary(none).String(); got != `["whole mailboxes as backed up"]` {
		t.Errorf("no options: %s", got)
	}
	some := none
	some.RecentItemRestorePeriod, some.ExcludeDrafts, some.DeletedItems = types.Int64Value(3), types.BoolValue(true), types.BoolValue(false)
	if got, want := optionsSummary(some).String(), `["only items of the last 3 day(s) before the backup","deleted items not restored","Drafts folder excluded"]`; got != want {
		t.Errorf("options: %s, want %s", got, want)
	}
	some.SkipUnresolved = types.BoolUnknown()
	if !optionsSummary(some).IsUnknown() {
		t.Error("an unknown option must leave the summary unknown")
	}
}

// Below API v6 every bulk option is refused, each naming its attribute; credentials are not.
func TestCheckOptionsForVersion(t *testing.T) {
	m := &mailboxesRestoreModel{bulkOptionsModel: bulkOptionsModel{CASServer: types.StringNull(), RecentItemRestorePeriod: types.Int64Value(2),
		ChangedItems: types.BoolNull(), DeletedItems: types.BoolNull(), MarkRestoredAsUnread: types.BoolNull(), SkipUnresolved: types.BoolNull(),
		ExcludeDrafts: types.BoolValue(false), ExcludeDeletedItems: types.BoolNull(), ExcludeInPlaceHoldItems: types.BoolNull(),
		ExcludeLitigationHoldItems: types.BoolNull()}}
	var diags diag.Diagnostics
	if !checkOptionsForVersion(m, vb365.V6, &diags) || diags.HasError() {
		t.Fatalf("v6 refused options: %v", diags)
	}
	if checkOptionsForVersion(m, vb365.V5, &diags) || diags.ErrorsCount() != 2 {
		t.Fatalf("v5: want two errors, got %v", diags)
	}
}

// Two spellings of one instant or one GUID are no change; a changed option or mailbox set is,
// and a value unknown in the plan counts only at apply.
func TestRestoredInputsChanged(t *testing.T) {
	base := func() *mailboxesRestoreModel {
		ids, _ := types.SetValueFrom(t.Context(), types.StringType, []string{ann.ID, bob.ID})
		return &mailboxesRestoreModel{OrganizationID: types.StringValue("9f3c1a52-5e0b-4d2a-8b8e-3c2f6d7a1b01"), MailboxIDs: framework.StringSetValue{SetValue: ids},
			PointInTime: types.StringValue("2026-11-01T10:00:00Z"), RepositoryID: types.StringNull(), DataRetrievalID: types.StringNull(),
			Triggers: types.MapNull(types.StringType), bulkOptionsModel: bulkOptionsModel{CASServer: types.StringNull(),
				RecentItemRestorePeriod: types.Int64Null(), ChangedItems: types.BoolNull(), DeletedItems: types.BoolNull(),
				MarkRestoredAsUnread: types.BoolNull(), SkipUnresolved: types.BoolNull(), ExcludeDrafts: types.BoolNull(),
				ExcludeDeletedItems: types.BoolNull(), ExcludeInPlaceHoldItems: types.BoolNull(), ExcludeLitigationHoldItems: types.BoolNull()}}
	}
	state, plan := base(), base()
	plan.PointInTime = types.StringValue("2026-11-01T12:00:00+02:00")
	plan.OrganizationID = types.StringValue("9F3C1A52-5E0B-4D2A-8B8E-3C2F6D7A1B01")
	if changed := restoredInputsChanged(state, plan, true); len(changed) != 0 {
		t.Errorf("the same values spelled differently changed: %v", changed)
	}
	plan.ExcludeDrafts = types.BoolValue(true)
	plan.RepositoryID = types.StringUnknown()
	if changed := restoredInputsChanged(state, plan, false); len(changed) != 1 || changed[0] != "exclude_drafts" {
		t.Errorf("at plan: %v, want [exclude_drafts]", changed)
	}
	if changed := restoredInputsChanged(state, plan, true); len(changed) != 2 {
		t.Errorf("at apply: %v, want exclude_drafts and repository_id", changed)
	}
}

// The run sends the reviewed list only when it is exactly the configured mailboxes (a review
// carried over from a replaced record, or one that lost a mailbox, is read again).
func TestSameMailboxes(t *testing.T) {
	reviewed := []vb365.BulkMailbox{ann, bob}
	cases := []struct {
		ids  []string
		want bool
	}{
		{[]string{bob.ID, strings.ToUpper(ann.ID)}, true},
		{[]string{ann.ID}, false},
		{[]string{ann.ID, bob.ID, annArchive.ID}, false},
		{[]string{ann.ID, annArchive.ID}, false},
	}
	for _, c := range cases {
		if got := sameMailboxes(reviewed, c.ids); got != c.want {
			t.Errorf("%v: %t, want %t", c.ids, got, c.want)
		}
	}
}

// Events settle nothing they cannot attribute: a primary mailbox and its archive share name and
// address, so neither is settled from events; an event that names no mailbox (v3..v5, whose
// per-mailbox requests share the run's session) proves none; a report without an address never
// matches a mailbox without one.
func TestEvidenceNeverSettlesByLikeness(t *testing.T) {
	mailboxes := []vb365.BulkMailbox{ann, annArchive, bob}
	results := resultsFor(mailboxes, outcomeUnknown)
	failed := vb365.RestoreSessionEvent{ID: "e1", Type: "Restore", Status: "Failed", ItemName: ann.Name, Source: ann.Email, Target: ann.Email}
	unnamed := vb365.RestoreSessionEvent{ID: "e2", Type: "Restore", Status: "Success"}
	evidence := runs.RunEvidence{Identity: runIdentity(results, mailboxes), Events: []vb365.RestoreSessionEvent{failed, unnamed}}
	evidence.Match()
	if n := applyEvidence(results, evidence, func(s string) string { return s }); n != 0 {
		t.Fatalf("settled %d mailbox(es) from events that cannot tell them apart: %+v", n, results)
	}
	noAddress := []vb365.BulkMailbox{{ID: ann.ID, Name: "Ann"}}
	reported := resultsFor(noAddress, outcomeUnknown)
	applyServerResults(reported, noAddress, []vb365.MailboxRestoreResult{{Status: "Success"}})
	if reported[0].Outcome != outcomeUnknown {
		t.Errorf("a report without an address settled a mailbox without one: %+v", reported[0])
	}
}

func TestDuplicateMailboxIDs(t *testing.T) {
	set := func(ids ...string) framework.StringSetValue {
		v, _ := types.SetValueFrom(t.Context(), types.StringType, ids)
		return framework.StringSetValue{SetValue: v}
	}
	var diags diag.Diagnostics
	if !checkDuplicateMailboxIDs(set(ann.ID, bob.ID), &diags) || diags.HasError() {
		t.Fatalf("distinct IDs refused: %v", diags)
	}
	const lettered = "9f3c1a52-5e0b-4d2a-8b8e-3c2f6d7a1b01"
	if checkDuplicateMailboxIDs(set(lettered, strings.ToUpper(lettered), bob.ID), &diags) || !strings.Contains(diags.Errors()[0].Detail(), lettered) {
		t.Fatalf("one mailbox spelled twice: %v", diags)
	}
	if !sameMailboxIDSet(set(lettered, bob.ID), set(strings.ToUpper(lettered), bob.ID)) || sameMailboxIDSet(set(ann.ID), set(ann.ID, bob.ID)) {
		t.Error("sameMailboxIDSet: a change of case alone is no change; another set is")
	}
}

type fakePrivate map[string][]byte

func (p fakePrivate) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return p[key], nil
}

// A v8 record holds both sessions its run's events are in: the asynchronous restore session
// (server_restore_session_id) and the run's own session (private state).
func TestHoldRunHoldsBothSessions(t *testing.T) {
	r := &mailboxesRestoreResource{data: &framework.ProviderData{Runs: framework.NewRunRegistry()}}
	m := &mailboxesRestoreModel{ServerSessionID: types.StringValue("async-session"), ExecutedAt: types.StringValue("2026-12-07T10:00:00Z"),
		MailboxIDs: framework.StringSetValue{SetValue: types.SetNull(types.StringType)}}
	r.holdRun(t.Context(), m, fakePrivate{privateRunSession: []byte(`"own-session"`)})
	if !r.data.Runs.Held("async-session") || !r.data.Runs.Held("own-session") {
		t.Errorf("held: async %t, own %t; want both", r.data.Runs.Held("async-session"), r.data.Runs.Held("own-session"))
	}
	r.holdRun(t.Context(), m, fakePrivate{privateRunSession: []byte(`not json`)}) // unreadable: ignored, no panic
}
