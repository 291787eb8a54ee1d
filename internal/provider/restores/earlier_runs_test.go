package restores_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// killedRunnerSend does what a runner killed after its send reached the server leaves behind:
// a session of its own in which the server ran the send, and no record. stopped: the runner
// was killed a moment later, after its session's stop reached the server. It returns the
// session's ID.
func killedRunnerSend(t *testing.T, sim *acctest.Sim, version string, stopped bool) string {
	t.Helper()
	client := acctest.SimClient(t, sim, version)
	ctx := context.Background()
	session, err := client.Explore(ctx, vb365sim.OrganizationID, vb365.ExploreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	scope := vb365.ItemScope{RestoreSessionID: session.ID, MailboxID: vb365sim.SeedMailboxID, ItemIDs: []string{vb365sim.SeedMessageID}}
	if err := client.SendToDefaultAddress(ctx, scope); err != nil {
		t.Fatal(err)
	}
	if stopped {
		if err := client.StopRestoreSession(ctx, session.ID); err != nil {
			t.Fatal(err)
		}
	}
	return session.ID
}

// sendByOrganizationConfig is a send of the seed message to the default address by organization_id, with
// extra lines in the resource.
func sendByOrganizationConfig(sim *acctest.Sim, version, extra string) string {
	return sim.ProviderConfig(version) + `
resource "vb365_mailbox_item_restore" "r" {
  organization_id = "` + vb365sim.OrganizationID + `"
  mailbox_id      = "` + vb365sim.SeedMailboxID + `"
  item_ids        = ["` + vb365sim.SeedMessageID + `"]
` + extra + `
  send_to_default_address {}
}
`
}

var earlierRunFound = regexp.MustCompile(`A run like this one is on the server`)

// TestAccEarlierRuns_killedRunnerAsksThenRecords: a send a killed runner left (its session
// working, or already stopped when the runner died a moment later) is neither sent again nor
// taken for this record's by itself: the plan stops with the evidence. record_run_from_session
// records it (nothing sent, the session left as it is: the provider cannot prove it opened it);
// then a triggers change runs it again without a question, and so does a tainted record.
func TestAccEarlierRuns_killedRunnerAsksThenRecords(t *testing.T) {
	for _, version := range []string{"v6", "v8"} {
		for _, stopped := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/stopped=%t", version, stopped), func(t *testing.T) {
				acctest.SkipWithoutAcc(t)
				sim := acctest.StartRestoreSim(t)
				left := killedRunnerSend(t, sim, version, stopped)
				sends := func(n int) resource.TestCheckFunc { return acctest.CheckLedgerCount(sim, "send_to_default_address", n) }
				resource.ParallelTest(t, resource.TestCase{
					PreCheck:                 func() { acctest.PreCheck(t) },
					ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
					CheckDestroy: func(*terraform.State) error {
						sim.StopAllSessions() // the killed runner's session: the server's idle timeout ends it
						return sends(3)(nil)
					},
					Steps: []resource.TestStep{
						{
							Config:      sendByOrganizationConfig(sim, version, `  triggers = { run = "1" }`),
							ExpectError: earlierRunFound,
						},
						{
							PreConfig: func() {
								if n := acctest.LedgerCount(sim, "send_to_default_address"); n != 1 {
									t.Fatalf("%d sends after the plan that found the earlier run, want 1", n)
								}
							},
							Config: sendByOrganizationConfig(sim, version, `  triggers = { run = "1" }
  record_run_from_session = "`+left+`"`),
							ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionCreate),
								plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("server_restore_session_id"), knownvalue.StringExact(left)),
							}},
							Check: resource.ComposeAggregateTestCheckFunc(
								sends(1),
								resource.TestCheckResourceAttr(acctest.RestoreAddr, "outcome", "succeeded"),
								func(*terraform.State) error {
									want := map[bool]string{true: "Stopped", false: "Working"}[stopped]
									if got := sim.SessionState(left); got != want {
										return fmt.Errorf("the recorded run's session is %q, want %q: the provider must leave it as it is", got, want)
									}
									return nil
								}),
						},
						{
							Config: sendByOrganizationConfig(sim, version, `  triggers = { run = "1" }
  record_run_from_session = "`+left+`"`),
							ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
						},
						{
							// triggers: run again on purpose, no question about the record's own earlier run.
							Config: sendByOrganizationConfig(sim, version, `  triggers = { run = "2" }`),
							ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionReplace)}},
							Check: sends(2),
						},
						{
							// A tainted record (like -replace) runs again too, without a question.
							Taint:  []string{acctest.RestoreAddr},
							Config: sendByOrganizationConfig(sim, version, `  triggers = { run = "2" }`),
							ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionReplace)}},
							Check: sends(3),
						},
					},
				})
			})
		}
	}
}

// TestAccEarlierRuns_anotherRunIsNeverTaken: a person's session of the same account sent the
// same item to another address with "test, ignore"; the plan sends it with the text counsel
// asked for. The server records neither the subject nor the text, so the plan can neither take
// that run for this one nor ignore it: it stops, and run_anyway_despite_sessions sends. The
// person's session is never stopped by the provider.
func TestAccEarlierRuns_anotherRunIsNeverTaken(t *testing.T) {
	acctest.SkipWithoutAcc(t)
	sim := acctest.StartRestoreSim(t)
	client := acctest.SimClient(t, sim, "v8")
	ctx := context.Background()
	session, err := client.Explore(ctx, vb365sim.OrganizationID, vb365.ExploreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	person := session.ID
	scope := vb365.ItemScope{RestoreSessionID: person, MailboxID: vb365sim.SeedMailboxID, ItemIDs: []string{vb365sim.SeedMessageID}}
	if err := client.SendToDifferentAddress(ctx, scope, vb365.SendToDifferentAddressOptions{
		From: "admin@bestsupport.onmicrosoft.com", To: "legal@example.com", Subject: "test, ignore"}); err != nil {
		t.Fatal(err)
	}
	send := func(extra string) string {
		return sim.ProviderConfig("v8") + `
resource "vb365_mailbox_item_restore" "r" {
  organization_id = "` + vb365sim.OrganizationID + `"
  mailbox_id      = "` + vb365sim.SeedMailboxID + `"
  item_ids        = ["` + vb365sim.SeedMessageID + `"]
` + extra + `
  send_to_different_address {
    from    = "counsel@bestsupport.onmicrosoft.com"
    to      = "legal@example.com"
    subject = "Matter 42: the message as requested"
    text    = "Attached as kept in the backup."
  }
}
`
	}
	sends := func(n int) resource.TestCheckFunc {
		return acctest.CheckLedgerCount(sim, "send_to_different_address", n)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			sim.StopAllSessions()
			return sends(2)(nil)
		},
		Steps: []resource.TestStep{
			{Config: send(""), ExpectError: earlierRunFound},
			{
				// Naming another session does not cover this one.
				Config:      send(`  run_anyway_despite_sessions = ["00000000-0000-0000-0000-000000000000"]`),
				ExpectError: earlierRunFound,
			},
			{
				PreConfig: func() {
					if n := acctest.LedgerCount(sim, "send_to_different_address"); n != 1 {
						t.Fatalf("%d sends after the plans that stopped, want 1", n)
					}
				},
				Config: send(`  run_anyway_despite_sessions = ["` + person + `"]`),
				Check: resource.ComposeAggregateTestCheckFunc(sends(2),
					resource.TestCheckResourceAttr(acctest.RestoreAddr, "outcome", "succeeded"),
					func(*terraform.State) error {
						if got := sim.SessionState(person); got != "Working" {
							return fmt.Errorf("the person's session is %q: the provider must never stop it", got)
						}
						return nil
					}),
			},
		},
	})
}

// TestAccEarlierRuns_twoRecordsNeverShareOneRun: two records (count = 2) that both name the
// one run a killed runner left: one records it, the other is refused at apply and sends nothing.
func TestAccEarlierRuns_twoRecordsNeverShareOneRun(t *testing.T) {
	acctest.SkipWithoutAcc(t)
	sim := acctest.StartRestoreSim(t)
	left := killedRunnerSend(t, sim, "v8", false)
	config := sim.ProviderConfig("v8") + `
resource "vb365_mailbox_item_restore" "r" {
  count                   = 2
  organization_id         = "` + vb365sim.OrganizationID + `"
  mailbox_id              = "` + vb365sim.SeedMailboxID + `"
  item_ids                = ["` + vb365sim.SeedMessageID + `"]
  record_run_from_session = "` + left + `"
  send_to_default_address {}
}
`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			sim.StopAllSessions()
			return acctest.CheckLedgerCount(sim, "send_to_default_address", 1)(nil)
		},
		Steps: []resource.TestStep{
			{Config: config, ExpectError: regexp.MustCompile(`Run already recorded`)},
		},
	})
}

// TestAccEarlierRuns_unreadableSessionsStopThePlan: when the server's sessions cannot be read,
// the plan cannot know whether a killed runner left this run, and does not guess: it stops,
// sending nothing; history_window = "0" (the user's decision, in the plan) runs it.
func TestAccEarlierRuns_unreadableSessionsStopThePlan(t *testing.T) {
	sim := acctest.StartRestoreSim(t)
	sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/Events", Status: 500, Times: 1000})
	config := sendByOrganizationConfig(sim, "v8", "")
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckLedgerCount(sim, "send_to_default_address", 2),
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { killedRunnerSend(t, sim, "v8", true) },
				Config:      config,
				ExpectError: regexp.MustCompile(`Cannot check for earlier runs`),
			},
			{
				PreConfig: func() {
					sim.ClearFaults()
					sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/Events", Status: 500, Times: 1000})
				},
				Config: acctest.WithoutEarlierRunLookup(config),
				Check:  acctest.CheckLedgerCount(sim, "send_to_default_address", 2),
			},
		},
	})
}

// TestAccEarlierRuns_planSaysWhenItCannotLook: on API v3..v5 the server's events name no item,
// so the plan cannot see a run a killed runner left there: it says so (a warning) and runs.
func TestAccEarlierRuns_planSaysWhenItCannotLook(t *testing.T) {
	sim := acctest.StartRestoreSim(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckLedgerCount(sim, "send_to_default_address", 1),
		Steps: []resource.TestStep{{
			Config: sendByOrganizationConfig(sim, "v5", `  record_run_from_session = "00000000-0000-0000-0000-000000000000"`),
			// Asking to record a run where none can be found fails with the reason, sending nothing.
			ExpectError: regexp.MustCompile(`(?s)Cannot record a run from a session.*API v6`),
		}, {
			Config: sendByOrganizationConfig(sim, "v5", ""),
			Check:  acctest.CheckLedgerCount(sim, "send_to_default_address", 1),
		}},
	})
}
