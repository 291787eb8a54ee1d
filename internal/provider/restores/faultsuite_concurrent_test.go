package restores

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest/simclient"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// The fault suite's concurrency column: N runs in parallel over the same items, through the
// action's path (invokeRun: a session of each run's own, or the shared seed session, bounded by
// max_concurrent_restores), with a POST fault injected before every run (taken by whichever
// run's POST comes first). Each run has a target of its own, so the ledger tells which runs the
// server executed. Judged per run against the ledger: a run recorded as run (succeeded,
// failed_items) that the server did not execute is a false confirmation; a run executed more
// than once is a duplicate. Figures: go test -v -run TestProviderFaultSuiteConcurrent
// ./internal/provider/ (RELIABILITY.md).

// concurrentFaults are the providerFaults that do not hold a request back (a held request
// would wait for whichever run takes it, which has no short deadline here).
var concurrentFaults = []vb365sim.Fault{
	{}, {Status: http.StatusBadRequest}, {Status: http.StatusServiceUnavailable},
	{StatusAfterHandler: http.StatusInternalServerError}, {StatusAfterHandler: http.StatusBadGateway},
	{StatusAfterHandler: http.StatusGatewayTimeout}, {ResetBeforeHandler: true}, {ResetAfterHandler: true},
	{MalformedBody: true},
}

func TestProviderFaultSuiteConcurrent(t *testing.T) {
	const workers, perWorker = 6, 8
	for _, version := range []string{"v3", "v8"} {
		t.Run(version, func(t *testing.T) {
			sim, client := simclient.New(t, version, vb365sim.WithAsyncRestorePolls(0))
			data := testProviderData(client, 3)
			type result struct {
				target, outcome string
				refused         bool
			}
			results := make([]result, workers*perWorker)
			var wg sync.WaitGroup
			for w := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for j := range perWorker {
						i := w*perWorker + j
						if f := concurrentFaults[i%len(concurrentFaults)]; f != (vb365sim.Fault{}) {
							f.Method, f.PathContains = "POST", "/items"
							sim.Fault(f)
						}
						source := ownSessionSource
						if i%3 == 0 {
							source = seedSessionSource
						}
						target := fmt.Sprintf("run-%03d", i)
						var m *restoreinputs.RestoreInputsModel
						if i%2 == 0 {
							m = restoreToInputs(source, target, vb365sim.SeedMessageID, vb365sim.SubFolderItemID)
						} else {
							m = sendInputs(source, vb365sim.SeedMessageID, vb365sim.SubFolderItemID)
							m.SendToDefaultAddress = nil
							m.SendToDifferentAddress = &restoreinputs.SendToDifferentAddressModel{To: types.StringValue(target + "@bestsupport.onmicrosoft.com")}
						}
						outcome, _ := invokeRun(context.Background(), data, m, nil, nil)
						results[i] = result{target: target, outcome: outcome.Result, refused: outcome.Kind == ""}
					}
				}()
			}
			wg.Wait()
			sim.ClearFaults()
			executed := map[string]int{}
			for _, e := range itemActionsOf(sim) {
				body := fmt.Sprint(e.Body)
				for _, r := range results {
					if strings.Contains(body, r.target) {
						executed[r.target]++
					}
				}
			}
			var falseConfirmations, duplicates, succeeded, failedItems, unknown, refused, unknownRan int
			faulted := 0
			for i := range results {
				if concurrentFaults[i%len(concurrentFaults)] != (vb365sim.Fault{}) {
					faulted++
				}
			}
			for _, r := range results {
				n := executed[r.target]
				switch {
				case n > 1:
					duplicates++
					t.Errorf("%s executed %d times", r.target, n)
				case r.refused:
					refused++
					if n != 0 {
						t.Errorf("%s classified as not run but executed", r.target)
					}
				case r.outcome == outcomeUnknown:
					unknown++
					unknownRan += n
				case n == 0:
					falseConfirmations++
					t.Errorf("%s recorded as %s but the server never executed it", r.target, r.outcome)
				case r.outcome == outcomeSucceeded:
					succeeded++
				default:
					failedItems++
				}
			}
			t.Logf("%s: %d runs in parallel (%d workers, max_concurrent_restores 3) over the same 2 items, %d with a POST fault; "+
				"false confirmations %d, duplicates %d; succeeded %d (incl. confirmed from the run's own events), failed_items %d, "+
				"refused (did not run) %d, unknown %d (of which the server had executed %d)",
				version, len(results), workers, faulted, falseConfirmations, duplicates,
				succeeded, failedItems, refused, unknown, unknownRan)
			if falseConfirmations+duplicates > 0 {
				t.Fatalf("%d false confirmations, %d duplicates", falseConfirmations, duplicates)
			}
			if open := sim.OpenSessions(); len(open) != 1 {
				t.Errorf("sessions left working: %v", open)
			}
		})
	}
}
