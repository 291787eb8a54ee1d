package vb365

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// The fault suite drives the client against the simulator over real HTTP with faults
// injected, and checks the exactly-once properties of RELIABILITY.md against the simulator's
// ledger (what the server executed) and its restore session events (what a caller can read
// back to reconcile). It prints its figures with t.Logf (go test -v -run TestFaultSuite).

// postFault is one kind of fault injected into an action POST.
type postFault struct {
	name  string
	fault vb365sim.Fault // Method and PathContains are set by the suite
	// unauthorized makes the server answer the POST 401 first (the one replay allowed).
	unauthorized bool
}

var postFaults = []postFault{
	{name: "none"},
	{name: "401 then replay", unauthorized: true},
	{name: "400 before execution", fault: vb365sim.Fault{Status: http.StatusBadRequest}},
	{name: "429 before execution", fault: vb365sim.Fault{Status: http.StatusTooManyRequests, RetryAfter: "1"}},
	{name: "500 before execution", fault: vb365sim.Fault{Status: http.StatusInternalServerError}},
	{name: "500 after execution", fault: vb365sim.Fault{StatusAfterHandler: http.StatusInternalServerError}},
	{name: "502 after execution", fault: vb365sim.Fault{StatusAfterHandler: http.StatusBadGateway}},
	{name: "504 after execution", fault: vb365sim.Fault{StatusAfterHandler: http.StatusGatewayTimeout}},
	{name: "reset before the request is read", fault: vb365sim.Fault{ResetBeforeHandler: true}},
	{name: "reset after execution", fault: vb365sim.Fault{ResetAfterHandler: true}},
	{name: "timeout after execution", fault: vb365sim.Fault{LatencyAfterHandler: time.Hour}},
	{name: "malformed answer after execution", fault: vb365sim.Fault{MalformedBody: true}},
}

// suiteFigures are the counts a fault suite run reports.
type suiteFigures struct {
	runs, faults, executions, duplicates       int
	succeeded, notRun, mayHaveRun, mayHaveRan  int // mayHaveRan: "may have run" runs that did run
	reconciled, tokenRequests, serverExpiries  int
	byKind                                     map[string][3]int // succeeded, not run, may have run
	wrongNotRun, unreportedRuns, eventMismatch int
}

func TestFaultSuiteActionsRunAtMostOnce(t *testing.T) {
	for _, version := range []string{"v3", "v7", "v8"} {
		t.Run(version, func(t *testing.T) {
			const runs = 120 // 10 runs of each fault kind and action
			// Tokens live 3 seconds of the shared fake clock, which moves 2 seconds per run:
			// the client renews its token every other run.
			e := startSim(t, version, vb365sim.WithTokenLifetime(3*time.Second))
			fig := suiteFigures{byKind: map[string][3]int{}}
			ctx := ctxT(t)
			actionEvents := func() int {
				n := 0
				for ev, err := range e.client.RestoreSessionEvents(ctx, vb365sim.SeedRestoreSessionID, ListOptions{}) {
					if err != nil {
						t.Fatalf("reading events: %v", err)
					}
					if ev.Type != "None" {
						n++
					}
				}
				return n
			}
			for i := range runs {
				kind := postFaults[i%len(postFaults)]
				e.clock.Advance(2 * time.Second)
				if i%25 == 24 {
					e.sim.ExpireTokens() // the server forgets tokens the client still trusts
					fig.serverExpiries++
				}
				if kind.name != "none" {
					fig.faults++
				}
				if kind.unauthorized {
					e.sim.Unauthorized(1)
				}
				signal := make(chan struct{}, 1)
				if f := kind.fault; f != (vb365sim.Fault{}) {
					f.Method, f.PathContains, f.Signal = "POST", "/items/", signal
					e.sim.Fault(f)
				}
				runCtx, cancel := context.WithCancel(ctx)
				go func() {
					select {
					case <-signal: // a timeout after execution: the caller gives up
						if kind.fault.LatencyAfterHandler > 0 {
							cancel()
						}
					case <-runCtx.Done():
					}
				}()
				ledgerBefore, eventsBefore := len(e.sim.Ledger()), actionEvents()
				var err error
				itemID := []string{vb365sim.SeedMessageID, vb365sim.SeedTaskID, vb365sim.SeedNoteID}[i%3]
				if (i/len(postFaults))%2 == 0 {
					_, err = e.client.RestoreToOriginalLocation(runCtx, seedScope(itemID), RestoreToOriginalLocationOptions{}, nil)
				} else {
					err = e.client.SendToDefaultAddress(runCtx, seedScope(itemID))
				}
				cancel()
				e.sim.ClearFaults()
				e.sim.Unauthorized(0)
				executions := len(e.sim.Ledger()) - ledgerBefore
				fig.runs++
				fig.executions += executions
				if executions > 1 {
					fig.duplicates++
					t.Errorf("run %d (%s): executed %d times", i, kind.name, executions)
				}
				counts := fig.byKind[kind.name]
				switch {
				case err == nil:
					fig.succeeded++
					counts[0]++
					if executions != 1 {
						fig.unreportedRuns++
						t.Errorf("run %d (%s): success reported with %d executions", i, kind.name, executions)
					}
				case ProvablyNotRun(err):
					fig.notRun++
					counts[1]++
					if executions != 0 {
						fig.wrongNotRun++
						t.Errorf("run %d (%s): classified did-not-run but executed %d times: %v", i, kind.name, executions, err)
					}
				default:
					fig.mayHaveRun++
					counts[2]++
					if executions > 0 {
						fig.mayHaveRan++
					}
					// Reconcile: the events tell the caller what the server ran.
					if got := actionEvents() - eventsBefore; got == executions {
						fig.reconciled++
					} else {
						fig.eventMismatch++
						t.Errorf("run %d (%s): %d executions but %d new events", i, kind.name, executions, got)
					}
				}
				fig.byKind[kind.name] = counts
			}
			fig.tokenRequests = e.sim.TokenRequests()
			logFigures(t, version, fig)
			if fig.succeeded == 0 || fig.notRun == 0 || fig.mayHaveRan == 0 {
				t.Errorf("the suite did not exercise every outcome: %+v", fig)
			}
			if fig.tokenRequests < runs/4 {
				t.Errorf("only %d token requests: tokens did not expire as planned", fig.tokenRequests)
			}
		})
	}
}

func logFigures(t *testing.T, version string, fig suiteFigures) {
	t.Helper()
	t.Logf("%s: %d runs, %d with a POST fault, %d executions, %d duplicates; %d succeeded, %d did not run (0 executions each), "+
		"%d may have run (%d of them ran; %d reconciled from events, %d mismatches); %d token requests, %d server-side expiries",
		version, fig.runs, fig.faults, fig.executions, fig.duplicates, fig.succeeded, fig.notRun,
		fig.mayHaveRun, fig.mayHaveRan, fig.reconciled, fig.eventMismatch, fig.tokenRequests, fig.serverExpiries)
	kinds := make([]string, 0, len(fig.byKind))
	for k := range fig.byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var b strings.Builder
	for _, k := range kinds {
		c := fig.byKind[k]
		fmt.Fprintf(&b, "\n  %-34s succeeded %2d, did not run %2d, may have run %2d", k, c[0], c[1], c[2])
	}
	t.Logf("%s by fault kind:%s", version, b.String())
}

// TestFaultSuiteReadsRetryWithoutSideEffects: 200 reads with a fault on every fifth (429 with
// Retry-After, 503, a reset before the request is read, 502) all succeed through retries, and
// the server executes nothing.
func TestFaultSuiteReadsRetryWithoutSideEffects(t *testing.T) {
	e := startSim(t, "v8", vb365sim.WithTokenLifetime(5*time.Second))
	ctx := ctxT(t)
	getFaults := []vb365sim.Fault{
		{Status: http.StatusTooManyRequests, RetryAfter: "2"},
		{Status: http.StatusServiceUnavailable},
		{ResetBeforeHandler: true},
		{Status: http.StatusBadGateway},
	}
	const reads = 200
	faults := 0
	for i := range reads {
		e.clock.Advance(time.Second)
		if i%5 == 0 {
			f := getFaults[(i/5)%len(getFaults)]
			f.Method, f.PathContains = "GET", "/RestoreSessions/"
			e.sim.Fault(f)
			faults++
		}
		var err error
		switch i % 3 {
		case 0:
			_, err = e.client.Mailbox(ctx, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID)
		case 1:
			_, err = e.client.Item(ctx, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, vb365sim.SeedTaskID)
		default:
			for _, lerr := range e.client.RestoreSessionEvents(ctx, vb365sim.SeedRestoreSessionID, ListOptions{}) {
				if lerr != nil {
					err = lerr
				}
			}
		}
		if err != nil {
			t.Fatalf("read %d failed: %v", i, err)
		}
	}
	if n := len(e.sim.Ledger()); n != 0 {
		t.Errorf("reads executed %d actions", n)
	}
	t.Logf("%d reads, %d faults injected (%.0f%%), %d failed, %d side effects, %d retry waits on the fake clock, %d token requests",
		reads, faults, 100*float64(faults)/reads, 0, len(e.sim.Ledger()), len(e.clock.Waits()), e.sim.TokenRequests())
}

// TestRestoreSessionEventsThroughTheClient reads the events of a session in every dialect.
func TestRestoreSessionEventsThroughTheClient(t *testing.T) {
	for _, version := range []string{"v3", "v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			ctx := ctxT(t)
			if _, err := e.client.RestoreTo(ctx, seedScope(vb365sim.SeedMessageID, vb365sim.FailingItemID),
				RestoreToOptions{Mailbox: "qa@x", Folder: "In"}, nil); err != nil && !errors.Is(err, ErrRestoreFailed) {
				t.Fatal(err)
			}
			events := collect(t, e.client.RestoreSessionEvents(ctx, vb365sim.SeedRestoreSessionID, ListOptions{PageSize: 2}))
			if len(events) != 3 || events[0].Type != "None" || events[1].Type != "Restore" || events[1].Status != "Success" ||
				events[2].Status != "Failed" || !strings.Contains(events[2].Message, vb365sim.FailingItemMessage) {
				t.Fatalf("events = %+v", events)
			}
			if version != "v3" && (events[1].Target != "qa@x/In" || events[1].ItemName == "" || events[1].Order == nil) {
				t.Errorf("v6+ item fields: %+v", events[1])
			}
			if events[1].ID == "" || events[1].StartTime == "" {
				t.Errorf("event = %+v", events[1])
			}
			for _, err := range e.client.RestoreSessionEvents(ctx, "", ListOptions{}) {
				if err == nil {
					t.Error("an empty session ID was accepted")
				}
				break
			}
		})
	}
}
