package restores

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/runs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest/simclient"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// The provider's fault suite: restores and sends through runRestore, the provider's one
// execution path (classification, reconciliation from events, what is recorded), under every
// kind of POST fault, with the operator's model of exactly once: a run that provably did not
// run is applied again; a run that ran or may have run is recorded and never sent again
// without the user's say. Across both attempts each logical restore must execute at most once,
// and a success or a run confirmed by events exactly once. Figures: go test -v -run
// TestProviderFaultSuite ./internal/provider/ (RELIABILITY.md).

type providerFault struct {
	name    string
	fault   vb365sim.Fault
	timeout time.Duration // a short deadline for faults that hold the answer back
}

var providerFaults = []providerFault{
	{name: "none"},
	{name: "400 before execution", fault: vb365sim.Fault{Status: http.StatusBadRequest}},
	{name: "503 before execution", fault: vb365sim.Fault{Status: http.StatusServiceUnavailable}},
	{name: "500 after execution", fault: vb365sim.Fault{StatusAfterHandler: http.StatusInternalServerError}},
	{name: "502 after execution", fault: vb365sim.Fault{StatusAfterHandler: http.StatusBadGateway}},
	{name: "504 after execution", fault: vb365sim.Fault{StatusAfterHandler: http.StatusGatewayTimeout}},
	{name: "reset before the request is read", fault: vb365sim.Fault{ResetBeforeHandler: true}},
	{name: "reset after execution", fault: vb365sim.Fault{ResetAfterHandler: true}},
	{name: "timeout after execution", fault: vb365sim.Fault{LatencyAfterHandler: time.Hour}, timeout: 200 * time.Millisecond},
	{name: "malformed answer after execution", fault: vb365sim.Fault{MalformedBody: true}},
}

type providerSuiteFigures struct {
	runs, faults, executions, duplicates                    int
	succeeded, refusedRerun, confirmedByEvents, unknownKept int
}

func TestProviderFaultSuite(t *testing.T) {
	for _, version := range []string{"v3", "v8"} {
		t.Run(version, func(t *testing.T) {
			sim, client := simclient.New(t, version, vb365sim.WithAsyncRestorePolls(0))
			const runs = 100
			var fig providerSuiteFigures
			executions := func() int { return len(itemActionsOf(sim)) }
			for i := range runs {
				pf := providerFaults[i%len(providerFaults)]
				m := faultSuiteInputs(i)
				before := executions()
				if pf.fault != (vb365sim.Fault{}) {
					f := pf.fault
					f.Method, f.PathContains, f.Times = "POST", "/items/", 1
					sim.Fault(f)
					fig.faults++
				}
				outcome, diags := runFaultSuiteRestore(t, client, m, pf.timeout)
				sim.ClearFaults()
				fig.runs++
				ran := executions() - before
				switch {
				case outcome.Kind == "":
					// Provably not run: nothing executed, and the operator applies again.
					if ran != 0 {
						t.Fatalf("run %d (%s): classified did-not-run but executed %d time(s)", i, pf.name, ran)
					}
					fig.refusedRerun++
					outcome, diags = runFaultSuiteRestore(t, client, m, 0)
					if outcome.Kind == "" || diags.HasError() {
						t.Fatalf("run %d (%s): the rerun failed: %v", i, pf.name, diags)
					}
					ran = executions() - before
				case !diags.HasError():
					if hasWarning(diags, "Answer lost") {
						fig.confirmedByEvents++
					} else {
						fig.succeeded++
					}
				default:
					if !hasError(diags, "outcome unknown") {
						t.Fatalf("run %d (%s): an error that is neither a refusal nor an unknown outcome: %v", i, pf.name, diags)
					}
					fig.unknownKept++ // recorded with outcome unknown: not sent again without the user's say
				}
				if ran > 1 {
					fig.duplicates++
					t.Errorf("run %d (%s): executed %d times", i, pf.name, ran)
				}
				if !diags.HasError() && ran != 1 {
					t.Errorf("run %d (%s): recorded as run but executed %d time(s)", i, pf.name, ran)
				}
				fig.executions += ran
			}
			t.Logf("%s: %d runs, %d with a POST fault, %d executions, %d duplicates; succeeded %d, refused and applied again %d, "+
				"answer lost but confirmed by events %d, outcome unknown recorded (untainted, not sent again) %d",
				version, fig.runs, fig.faults, fig.executions, fig.duplicates, fig.succeeded, fig.refusedRerun,
				fig.confirmedByEvents, fig.unknownKept)
			if fig.duplicates != 0 {
				t.Fatalf("%d duplicate executions", fig.duplicates)
			}
			if fig.confirmedByEvents == 0 || fig.refusedRerun == 0 {
				t.Fatalf("the suite did not exercise reconciliation (%d) and refusals (%d)", fig.confirmedByEvents, fig.refusedRerun)
			}
		})
	}
}

// faultSuiteInputs alternates a restore to the original location and a send, over two items.
func faultSuiteInputs(i int) *restoreinputs.RestoreInputsModel {
	m := &restoreinputs.RestoreInputsModel{
		MailboxID: types.StringValue(vb365sim.SeedMailboxID),
		ItemIDs:   stringSet(vb365sim.SeedMessageID, vb365sim.SubFolderItemID),
	}
	if i%2 == 0 {
		m.RestoreToOriginalLocation = &restoreinputs.RestoreToOriginalLocationModel{RestoreCredentialsModel: restoreinputs.RestoreCredentialsModel{
			UserName: types.StringValue("restore-admin"), UserPassword: types.StringValue("suite-password-7f3a"),
		}}
	} else {
		m.SendToDefaultAddress = &restoreinputs.SendToDefaultAddressModel{}
	}
	return m
}

func runFaultSuiteRestore(t *testing.T, client *vb365.Client, m *restoreinputs.RestoreInputsModel, timeout time.Duration) (restoreOutcome, diag.Diagnostics) {
	t.Helper()
	ctx := context.Background()
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	outcome, diags := runRestore(ctx, client, vb365sim.SeedRestoreSessionID, m, restoreRunOptions{
		KeepsRecord: true, SourceEmail: seedMailboxEmail, ExclusiveSession: true, // the suite runs one run at a time in the session
		Items: []runs.RunItem{{ID: vb365sim.SeedMessageID, Name: "Support case"}, {ID: vb365sim.SubFolderItemID, Name: "Project kickoff"}},
	})
	for _, d := range diags {
		if strings.Contains(d.Detail(), "suite-password-7f3a") {
			t.Fatalf("a diagnostic holds the restore password: %s", d.Detail())
		}
	}
	return outcome, diags
}

// SeedMailboxEmail is the address of vb365sim.SeedMailboxID.
const seedMailboxEmail = "j_smith@bestsupport.onmicrosoft.com"

func itemActionsOf(sim *vb365sim.Server) []vb365sim.LedgerEntry {
	var out []vb365sim.LedgerEntry
	for _, e := range sim.Ledger() {
		if e.Action != "explore" && e.Action != "stop" {
			out = append(out, e)
		}
	}
	return out
}

// hasWarning and hasError report whether a diagnostic of that severity has summary in its summary.
func hasWarning(diags diag.Diagnostics, summary string) bool {
	return hasDiagnostic(diags.Warnings(), summary)
}

func hasError(diags diag.Diagnostics, summary string) bool {
	return hasDiagnostic(diags.Errors(), summary)
}

func hasDiagnostic(diags diag.Diagnostics, summary string) bool {
	for _, d := range diags {
		if strings.Contains(d.Summary(), summary) {
			return true
		}
	}
	return false
}
