package retrievals_test

// An interrupted wait for a retrieval (a CI job's timeout, Ctrl-C, a failed progress read)
// records the retrieval with the server's state and a warning: never a taint, which would make
// the next plan replace it, i.e. start and bill a second retrieval.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/retrievals"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestAccDataRetrieval_progressReadFailureRecordsIt: a progress read that fails (a 500 from
// the server) while the retrieval runs ends the wait with a warning; the retrieval is recorded,
// not tainted, so the next plan is empty and only one retrieval is ever started.
func TestAccDataRetrieval_progressReadFailureRecordsIt(t *testing.T) {
	defer retrievals.SetDataRetrievalPollInterval(50 * time.Millisecond)()
	sim := acctest.StartSimulator(t, vb365sim.WithDataRetrievalDuration(time.Hour))
	sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/DataRetrievals/", Status: 500})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: archiveConfig(sim, "v8", 1, ""),
				Check:  resource.TestCheckResourceAttr(retrievalAddr, "data_state", "Retrieving"),
			},
			{
				Config: archiveConfig(sim, "v8", 1, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(retrievalAddr, plancheck.ResourceActionNoop),
				}},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if n := acctest.LedgerCount(sim, "data_retrieval"); n != 1 {
				return fmt.Errorf("%d retrievals started, want 1", n)
			}
			return nil
		},
	})
}

// TestAccDataRetrieval_interruptedApplyRecordsIt runs the real CLI and interrupts it (SIGINT,
// as a CI runner's job timeout does) while vb365_data_retrieval waits for its data: the CLI
// stops the provider, which cancels the wait. The retrieval is recorded (Retrieving), not
// tainted; the next plan changes nothing; once the server has retrieved the data, refresh
// shows it Retrieved; the simulator's ledger holds exactly one retrieval.
func TestAccDataRetrieval_interruptedApplyRecordsIt(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to run the CLI")
	}
	defer retrievals.SetDataRetrievalPollInterval(50 * time.Millisecond)()
	var offset atomic.Int64 // the simulator's clock, moved on once the apply is interrupted
	sim := acctest.StartSimulator(t, vb365sim.WithDataRetrievalDuration(time.Hour),
		vb365sim.WithClock(func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }))
	run := acctest.NewCLIRun(t, acctest.ProtoV6ProviderFactories[acctest.ProviderName])
	run.WriteConfig(archiveConfig(sim, "v8", 1, ""))
	acctest.MustRun(t, run, "init", "-input=false")

	apply := run.Start("apply", "-input=false", "-auto-approve")
	deadline := time.Now().Add(time.Minute)
	for sim.RequestCount("GET", "/v8/DataRetrievals/{id}") < 3 { // started, and waited on a while
		if time.Now().After(deadline) {
			t.Fatalf("the apply did not start waiting for the retrieval:\n%s", apply.Output())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := apply.Interrupt(); err != nil {
		t.Fatal(err)
	}
	out, _ := apply.Wait() // the CLI reports the interruption with a non-zero exit
	if !strings.Contains(out, "Data retrieval still running") {
		t.Errorf("the interrupted apply did not warn that the retrieval is still running:\n%s", out)
	}

	stateOf := func() map[string]any {
		t.Helper()
		var state struct {
			Values struct {
				RootModule struct {
					Resources []struct {
						Address string         `json:"address"`
						Tainted bool           `json:"tainted"`
						Values  map[string]any `json:"values"`
					} `json:"resources"`
				} `json:"root_module"`
			} `json:"values"`
		}
		if err := json.Unmarshal([]byte(acctest.MustRun(t, run, "show", "-json")), &state); err != nil {
			t.Fatal(err)
		}
		for _, r := range state.Values.RootModule.Resources {
			if r.Address == retrievalAddr {
				if r.Tainted {
					t.Fatalf("%s is tainted: the next plan would start a second retrieval\n%s", retrievalAddr, out)
				}
				return r.Values
			}
		}
		t.Fatalf("%s is not in state after the interrupted apply:\n%s", retrievalAddr, out)
		return nil
	}
	if got := stateOf()["data_state"]; got != "Retrieving" {
		t.Errorf("data_state = %v after the interrupted apply, want Retrieving", got)
	}
	// -detailed-exitcode: 0 is an empty plan, 2 (an error here) a change.
	if plan, err := run.Run("plan", "-input=false", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after the interrupted apply is not empty: %v\n%s", err, plan)
	}

	offset.Store(int64(2 * time.Hour)) // the server has retrieved the data by now
	acctest.MustRun(t, run, "apply", "-input=false", "-auto-approve", "-refresh-only")
	if got := stateOf()["data_state"]; got != "Retrieved" {
		t.Errorf("data_state = %v after refresh, want Retrieved", got)
	}
	if plan, err := run.Run("plan", "-input=false", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after refresh is not empty: %v\n%s", err, plan)
	}
	acctest.MustRun(t, run, "destroy", "-input=false", "-auto-approve")
	if n := acctest.LedgerCount(sim, "data_retrieval"); n != 1 {
		t.Errorf("%d retrievals started, want 1", n)
	}
}

// TestAccDataRetrieval_lostAnswerRecordsTheServersRetrieval: the server starts the retrieval
// but its answer is lost (a gateway's 502 after the handler ran). The retrieval the server holds
// under this run's name is recorded (a warning, no error, no taint); the next plan is empty and
// the ledger holds one retrieval.
func TestAccDataRetrieval_lostAnswerRecordsTheServersRetrieval(t *testing.T) {
	defer retrievals.SetDataRetrievalPollInterval(50 * time.Millisecond)()
	for _, version := range []string{"v6", "v8"} {
		t.Run(version, func(t *testing.T) { lostAnswerRecordsTheServersRetrieval(t, version) })
	}
}

func lostAnswerRecordsTheServersRetrieval(t *testing.T, version string) {
	sim := acctest.StartSimulator(t, vb365sim.WithDataRetrievalDuration(300*time.Millisecond))
	sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/DataRetrievals", StatusAfterHandler: 502})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: archiveConfig(sim, version, 1, ""),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(retrievalAddr, "data_state", "Retrieved"),
					resource.TestCheckResourceAttrWith(retrievalAddr, "id", func(id string) error {
						var ids []string
						for d, err := range acctest.SimClient(t, sim, "v8").DataRetrievals(context.Background(), vb365.DataRetrievalFilter{}, vb365.ListOptions{}) {
							if err != nil {
								return err
							}
							ids = append(ids, d.ID)
						}
						if len(ids) != 1 || !strings.EqualFold(id, ids[0]) {
							return fmt.Errorf("id %s, want the server's retrieval %v", id, ids)
						}
						return nil
					}),
				),
			},
			{
				Config: archiveConfig(sim, version, 1, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(retrievalAddr, plancheck.ResourceActionNoop),
				}},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if n := acctest.LedgerCount(sim, "data_retrieval"); n != 1 {
				return fmt.Errorf("%d retrievals started, want 1", n)
			}
			return nil
		},
	})
}

// TestAccDataRetrieval_lostAnswerWithoutRetrievalIsUnconfirmed: the start is answered with a
// 500 and the server holds no retrieval of this run, only another one of the same organization
// and repository (started in the console): it is recorded Unconfirmed (a warning), never as that
// other retrieval; the next plan sends nothing, refresh keeps looking; -replace (here a taint)
// starts it anew, once.
func TestAccDataRetrieval_lostAnswerWithoutRetrievalIsUnconfirmed(t *testing.T) {
	defer retrievals.SetDataRetrievalPollInterval(50 * time.Millisecond)()
	sim := acctest.StartSimulator(t, vb365sim.WithDataRetrievalDuration(300*time.Millisecond))
	console, err := acctest.SimClient(t, sim, "v8").StartDataRetrieval(context.Background(), vb365.DataRetrievalRequest{
		Name: "Console retrieval", OrganizationID: vb365sim.OrganizationID, RepositoryID: vb365sim.ArchiveRepositoryID,
		AvailabilityDays: 1, MailboxIDs: []string{vb365sim.SeedMailboxID}, GlacierPolicy: "Expedited"})
	if err != nil {
		t.Fatal(err)
	}
	unconfirmed := resource.ComposeAggregateTestCheckFunc(
		resource.TestCheckResourceAttr(retrievalAddr, "data_state", "Unconfirmed"),
		resource.TestMatchResourceAttr(retrievalAddr, "id", regexp.MustCompile(`^unconfirmed:[0-9a-f]{16}$`)),
		acctest.CheckLedgerCount(sim, "data_retrieval", 1), // the console's
	)
	sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/DataRetrievals", Status: 500})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: archiveConfig(sim, "v8", 1, ""),
				Check:  unconfirmed,
			},
			{
				Config: archiveConfig(sim, "v8", 1, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(retrievalAddr, plancheck.ResourceActionNoop),
				}},
				Check: unconfirmed,
			},
			{
				Taint:  []string{retrievalAddr},
				Config: archiveConfig(sim, "v8", 1, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(retrievalAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(retrievalAddr, "data_state", "Retrieved"),
					resource.TestCheckResourceAttrWith(retrievalAddr, "id", func(id string) error {
						if strings.EqualFold(id, console.ID) {
							return fmt.Errorf("the console's retrieval %s was taken for this one", id)
						}
						return nil
					}),
					acctest.CheckLedgerCount(sim, "data_retrieval", 2),
				),
			},
		},
	})
}

// TestAccDataRetrieval_unconfirmedFoundByRefresh: a retrieval recorded Unconfirmed (its start
// answered with a 500) that the server shows later under this run's name (the request was still
// being handled) is recorded by the next refresh: its id and state, with nothing sent again.
func TestAccDataRetrieval_unconfirmedFoundByRefresh(t *testing.T) {
	defer retrievals.SetDataRetrievalPollInterval(50 * time.Millisecond)()
	sim := acctest.StartSimulator(t, vb365sim.WithDataRetrievalDuration(300*time.Millisecond))
	sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/DataRetrievals", Status: 500})
	var recorded, late string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: archiveConfig(sim, "v8", 1, ""),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(retrievalAddr, "data_state", "Unconfirmed"),
					acctest.CaptureID(retrievalAddr, &recorded),
				),
			},
			{
				PreConfig: func() {
					// The lost request lands: the server starts the retrieval under the run's name.
					runKey := strings.TrimPrefix(recorded, "unconfirmed:")
					d, err := acctest.SimClient(t, sim, "v8").StartDataRetrieval(context.Background(), vb365.DataRetrievalRequest{
						Name:           fmt.Sprintf("Terraform retrieval of organization %s (run %s)", vb365sim.OrganizationID, runKey),
						OrganizationID: vb365sim.OrganizationID, RepositoryID: vb365sim.ArchiveRepositoryID, AvailabilityDays: 1,
						MailboxIDs: []string{vb365sim.SeedMailboxID}, GlacierPolicy: "Expedited"})
					if err != nil {
						t.Fatal(err)
					}
					late = d.ID
				},
				Config: archiveConfig(sim, "v8", 1, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(retrievalAddr, plancheck.ResourceActionNoop),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttrWith(retrievalAddr, "id", func(id string) error {
						if !strings.EqualFold(id, late) {
							return fmt.Errorf("id %s after refresh, want the server's %s", id, late)
						}
						return nil
					}),
					resource.TestCheckResourceAttrSet(retrievalAddr, "started_at"),
					acctest.CheckLedgerCount(sim, "data_retrieval", 1), // the late one only
				),
			},
		},
	})
}
