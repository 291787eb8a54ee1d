package restores

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest/simclient"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// Runs that meet: two runs in flight over the same items, the answer of one lost. A run is
// recorded as run only on evidence that is its own; these tests make another run's events land
// exactly while the first is held by the simulator (Fault.Held / Release), so no timing is
// involved.

const qaMailbox = "qa_dallas@bestsupport.onmicrosoft.com"

func restoreToInputs(source sessions.SessionSourceModel, folder string, items ...string) *restoreinputs.RestoreInputsModel {
	return &restoreinputs.RestoreInputsModel{
		SessionSourceModel: source,
		MailboxID:          types.StringValue(vb365sim.SeedMailboxID),
		ItemIDs:            stringSet(items...),
		RestoreTo: &restoreinputs.RestoreToModel{Mailbox: types.StringValue(qaMailbox), Folder: types.StringValue(folder),
			RestoreCredentialsModel: restoreinputs.RestoreCredentialsModel{UserName: types.StringValue("u"), UserPassword: types.StringValue("p")}},
	}
}

func sendInputs(source sessions.SessionSourceModel, items ...string) *restoreinputs.RestoreInputsModel {
	return &restoreinputs.RestoreInputsModel{
		SessionSourceModel:   source,
		MailboxID:            types.StringValue(vb365sim.SeedMailboxID),
		ItemIDs:              stringSet(items...),
		SendToDefaultAddress: &restoreinputs.SendToDefaultAddressModel{},
	}
}

var (
	seedSessionSource = sessions.SessionSourceModel{RestoreSessionID: types.StringValue(vb365sim.SeedRestoreSessionID),
		OrganizationID: types.StringNull(), PointInTime: types.StringNull()}
	ownSessionSource = sessions.SessionSourceModel{RestoreSessionID: types.StringNull(),
		OrganizationID: types.StringValue(vb365sim.OrganizationID), PointInTime: types.StringNull()}
)

func testProviderData(client *vb365.Client, maxRuns int) *framework.ProviderData {
	return &framework.ProviderData{Client: client, Username: vb365sim.DefaultUsername, RunSlots: framework.NewRunSlots(maxRuns)}
}

// heldRun starts first, is held by the simulator at its POST, and is then answered 503
// without the server running it (a gateway that never forwarded it). other runs while it is
// held. It returns first's outcome.
func heldRun(t *testing.T, sim *vb365sim.Server, data *framework.ProviderData, first *restoreinputs.RestoreInputsModel, other func()) (restoreOutcome, string) {
	t.Helper()
	held, release := make(chan struct{}, 1), make(chan struct{})
	sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/items", Status: http.StatusServiceUnavailable, Held: held, Release: release})
	var outcome restoreOutcome
	var detail string
	done := make(chan struct{})
	go func() {
		defer close(done)
		o, diags := invokeRun(context.Background(), data, first, nil, nil)
		outcome = o
		for _, d := range diags {
			detail += d.Summary() + ": " + d.Detail() + "\n"
		}
	}()
	<-held
	other()
	close(release)
	<-done
	return outcome, detail
}

// TestRunsThatMeet_neverConfirmedByAnotherRun: while a run is held and then lost (503, never
// executed), another run acts on the same items: the same message to another folder, in the
// same shared session or in a session of its own; items without a subject. The lost run is never
// recorded as run (old behaviour: "Answer lost, run confirmed by the server's events").
func TestRunsThatMeet_neverConfirmedByAnotherRun(t *testing.T) {
	cases := []struct {
		name         string
		first, other func() *restoreinputs.RestoreInputsModel
	}{
		{"same message, other target, shared session",
			func() *restoreinputs.RestoreInputsModel {
				return restoreToInputs(seedSessionSource, "Case A", vb365sim.SeedMessageID)
			},
			func() *restoreinputs.RestoreInputsModel {
				return restoreToInputs(seedSessionSource, "Case B", vb365sim.SeedMessageID)
			}},
		{"same message, same target, the held run in its own session",
			func() *restoreinputs.RestoreInputsModel {
				return restoreToInputs(ownSessionSource, "Case A", vb365sim.SeedMessageID)
			},
			func() *restoreinputs.RestoreInputsModel {
				return restoreToInputs(seedSessionSource, "Case A", vb365sim.SeedMessageID)
			}},
		{"items without a subject, shared session",
			func() *restoreinputs.RestoreInputsModel { return sendInputs(seedSessionSource, vb365sim.ContactItemID) },
			func() *restoreinputs.RestoreInputsModel { return sendInputs(seedSessionSource, vb365sim.ContactItemID) }},
		{"another item restored to the same target (the action passed no names)",
			func() *restoreinputs.RestoreInputsModel {
				return restoreToInputs(seedSessionSource, "Case A", vb365sim.SeedMessageID)
			},
			func() *restoreinputs.RestoreInputsModel {
				return restoreToInputs(seedSessionSource, "Case A", vb365sim.SubFolderItemID)
			}},
	}
	for _, version := range []string{"v3", "v8"} {
		for _, c := range cases {
			t.Run(version+"/"+c.name, func(t *testing.T) {
				sim, client := simclient.New(t, version, vb365sim.WithAsyncRestorePolls(0))
				data := testProviderData(client, 4)
				outcome, detail := heldRun(t, sim, data, c.first(), func() {
					if o, diags := invokeRun(context.Background(), data, c.other(), nil, nil); diags.HasError() || o.Result != outcomeSucceeded {
						t.Errorf("the other run: %s %v", o.Result, diags)
					}
				})
				if n := len(itemActionsOf(sim)); n != 1 {
					t.Fatalf("%d item actions executed, want 1 (the other run)", n)
				}
				if outcome.Kind == "" || outcome.Result != outcomeUnknown {
					t.Fatalf("the lost run is recorded as %q (kind %q), want unknown:\n%s", outcome.Result, outcome.Kind, detail)
				}
				if strings.Contains(detail, "run confirmed") {
					t.Fatalf("the lost run was confirmed by another run's events:\n%s", detail)
				}
				if open := sim.OpenSessions(); len(open) != 1 || open[0] != vb365sim.SeedRestoreSessionID {
					t.Fatalf("sessions left working: %v", open)
				}
			})
		}
	}
}

// TestRunsThatMeet_ownSessionConfirmsItsOwnRun: a run in a session of its own whose answer is
// lost after the server ran it is confirmed from its session's events on v3 (events without
// item names) and v8, even while another identical run goes on in another session.
func TestRunsThatMeet_ownSessionConfirmsItsOwnRun(t *testing.T) {
	for _, version := range []string{"v3", "v8"} {
		t.Run(version, func(t *testing.T) {
			sim, client := simclient.New(t, version, vb365sim.WithAsyncRestorePolls(0))
			data := testProviderData(client, 4)
			sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/items", StatusAfterHandler: http.StatusBadGateway})
			outcome, diags := invokeRun(context.Background(), data, sendInputs(ownSessionSource, vb365sim.SeedMessageID), nil, nil)
			if outcome.Result != outcomeSucceeded || diags.HasError() {
				t.Fatalf("outcome %q: %v", outcome.Result, diags)
			}
			if !hasWarning(diags, "run confirmed by the server's events") {
				t.Fatalf("not confirmed from the events: %v", diags)
			}
		})
	}
}

// TestRunSession_oneSessionPerRunStoppedOnEveryPath: each run explores a session of its own and
// stops it, after success, a refused request, an unknown outcome and a cancellation.
func TestRunSession_oneSessionPerRunStoppedOnEveryPath(t *testing.T) {
	for _, version := range []string{"v3", "v8"} {
		t.Run(version, func(t *testing.T) {
			sim, client := simclient.New(t, version, vb365sim.WithAsyncRestorePolls(0))
			data := testProviderData(client, 2)
			faults := []vb365sim.Fault{{}, {Status: http.StatusBadRequest}, {StatusAfterHandler: http.StatusBadGateway},
				{Latency: time.Hour}}
			for i, f := range faults {
				ctx, cancel := context.WithCancel(context.Background())
				if f.Latency > 0 {
					// Cancelled while the server holds the POST.
					held, release := make(chan struct{}, 1), make(chan struct{})
					f = vb365sim.Fault{Held: held, Release: release}
					go func() { <-held; cancel(); close(release) }()
				}
				if f != (vb365sim.Fault{}) {
					f.Method, f.PathContains = "POST", "/items"
					sim.Fault(f)
				}
				_, _ = invokeRun(ctx, data, sendInputs(ownSessionSource, vb365sim.SeedMessageID), nil, nil)
				cancel()
				sim.ClearFaults()
				if open := sim.OpenSessions(); len(open) != 1 {
					t.Fatalf("run %d: sessions left working: %v", i, open)
				}
			}
			explores := 0
			for _, e := range sim.Ledger() {
				if e.Action == "explore" {
					explores++
				}
			}
			if explores != len(faults) {
				t.Fatalf("%d explores for %d runs: every run opens its own session", explores, len(faults))
			}
		})
	}
}

// TestRunSession_sessionLimitIsWaitedFor: a server that refuses a session because too many are
// open did not run anything: the run waits and retries until a session is free, within its time.
func TestRunSession_sessionLimitIsWaitedFor(t *testing.T) {
	sim, client := simclient.New(t, "v8", vb365sim.WithSessionLimit(2)) // the seed session and one more
	data := testProviderData(client, 4)
	other, err := client.Explore(context.Background(), vb365sim.OrganizationID, vb365.ExploreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		// Free the place once the run has been refused at least once.
		for sim.RefusedExplores() == 0 {
			time.Sleep(10 * time.Millisecond)
		}
		_ = client.StopRestoreSession(context.Background(), other.ID)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	outcome, diags := invokeRun(ctx, data, sendInputs(ownSessionSource, vb365sim.SeedMessageID), nil, nil)
	if diags.HasError() || outcome.Result != outcomeSucceeded {
		t.Fatalf("outcome %q: %v", outcome.Result, diags)
	}
	if n := len(itemActionsOf(sim)); n != 1 {
		t.Fatalf("%d sends", n)
	}
	// Out of time while refused: did not run, and says why.
	blocker, err := client.Explore(context.Background(), vb365sim.OrganizationID, vb365.ExploreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = client.StopRestoreSession(context.Background(), blocker.ID) }()
	short, cancelShort := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancelShort()
	outcome, diags = invokeRun(short, data, sendInputs(ownSessionSource, vb365sim.SeedMessageID), nil, nil)
	if outcome.Kind != "" || !hasError(diags, "too many restore sessions") {
		t.Fatalf("outcome %+v, diags %v", outcome, diags)
	}
	if n := len(itemActionsOf(sim)); n != 1 {
		t.Fatalf("%d sends", n)
	}
}

// TestRunSlots_boundRunsInFlight: max_concurrent_restores runs at most n runs at once.
func TestRunSlots_boundRunsInFlight(t *testing.T) {
	slots := framework.NewRunSlots(2)
	var mu sync.Mutex
	inFlight, most := 0, 0
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := slots.Take(context.Background()); err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			inFlight++
			most = max(most, inFlight)
			mu.Unlock()
			mu.Lock()
			inFlight--
			mu.Unlock()
			slots.Free()
		}()
	}
	wg.Wait()
	if most > 2 {
		t.Fatalf("%d runs in flight, want at most 2", most)
	}
	ctx, cancel := context.WithCancel(context.Background())
	_ = slots.Take(ctx)
	_ = slots.Take(ctx)
	cancel()
	if err := slots.Take(ctx); err == nil || !strings.Contains(err.Error(), "max_concurrent_restores") {
		t.Fatalf("a third run with no slot free: %v", err)
	}
}
