package restores

import (
	"context"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/runs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest/simclient"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// A run whose outcome is unknown, sent in a session other runs share (restore_session_id), is
// settled by refresh only from events inside its own time: not from an event that was there
// before it (the baseline), nor from one another run added after it ended.
func TestSettlePendingRun_sharedSessionOnlyFromTheRunsOwnTime(t *testing.T) {
	_, client := simclient.New(t, "v8")
	ctx := context.Background()
	shared, err := client.Explore(ctx, vb365sim.OrganizationID, vb365.ExploreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	scope := vb365.ItemScope{RestoreSessionID: shared.ID, MailboxID: vb365sim.SeedMailboxID, ItemIDs: []string{vb365sim.SeedMessageID}}
	identity := runs.RunIdentity{Kind: vb365.ActionSendToDefaultAddress, SourceEmail: seedMailboxEmail,
		Targets: []string{"the default address", seedMailboxEmail}, Items: []runs.RunItem{{ID: vb365sim.SeedMessageID, Name: "Support case"}}}

	// An earlier send of the same item, already in the session when the run was sent.
	if err := client.SendToDefaultAddress(ctx, scope); err != nil {
		t.Fatal(err)
	}
	baseline := runs.ReadEventBaseline(ctx, client, shared.ID)
	if baseline.Err != nil || len(baseline.IDs) == 0 {
		t.Fatalf("baseline %v, %v", baseline.IDs, baseline.Err)
	}
	// The run: its request never reached the server, and it ended now.
	pending := pendingRun{SessionID: shared.ID, Baseline: baseline.List(), Identity: identity, RunEndedAt: time.Now().UTC()}
	if result, notRun, detail := settlePendingRun(ctx, client, pending); result != "" || notRun {
		t.Fatalf("settled %q (not run %v) from the event before the run: %s", result, notRun, detail)
	}

	// Another resource sends the same item in the same session later: not this run's either.
	time.Sleep(10 * time.Millisecond)
	if err := client.SendToDefaultAddress(ctx, scope); err != nil {
		t.Fatal(err)
	}
	if result, notRun, detail := settlePendingRun(ctx, client, pending); result != "" || notRun {
		t.Fatalf("settled %q (not run %v) from another run's later event: %s", result, notRun, detail)
	}

	// The same later event inside the run's time (a run still in flight then) does settle it:
	// the filter is the run's end, not any event at all.
	inFlight := pending
	inFlight.RunEndedAt = time.Now().UTC().Add(time.Minute)
	if result, _, detail := settlePendingRun(ctx, client, inFlight); result != outcomeSucceeded {
		t.Fatalf("an event inside the run's time did not settle it: %q %s", result, detail)
	}
	if err := client.StopRestoreSession(ctx, shared.ID); err != nil {
		t.Fatal(err)
	}
}
