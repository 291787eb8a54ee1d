package restores_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// killedRunnerSend does what a runner killed after its send reached the server leaves behind:
// a working session of its own in which the server ran the send, and no record. It returns the
// session's ID.
func killedRunnerSend(t *testing.T, sim *acctest.Sim, version string) string {
	t.Helper()
	client, err := vb365.New(vb365.Config{Endpoint: sim.URL, APIVersion: version,
		Username: vb365sim.DefaultUsername, Password: vb365sim.DefaultPassword})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	session, err := client.Explore(ctx, vb365sim.OrganizationID, vb365.ExploreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	scope := vb365.ItemScope{RestoreSessionID: session.ID, MailboxID: vb365sim.SeedMailboxID, ItemIDs: []string{vb365sim.SeedMessageID}}
	if err := client.SendToDefaultAddress(ctx, scope); err != nil {
		t.Fatal(err)
	}
	return session.ID
}

// TestAccRestoreAdoption_killedRunnerIsAdopted: a send a killed runner left on the server (v8:
// its events name the item, its source and its target) is adopted by the next plain apply of
// the same restore: the plan shows the session and the outcome, apply sends nothing. triggers
// still runs it again on purpose. On v3 the events name no item, so nothing proves the run: it
// is not adopted (the guide says so) and the apply sends it.
func TestAccRestoreAdoption_killedRunnerIsAdopted(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			var left string
			config := func(trigger string) string {
				return sim.ProviderConfig(version) + `
resource "vb365_mailbox_item_restore" "r" {
  organization_id = "` + vb365sim.OrganizationID + `"
  mailbox_id      = "` + vb365sim.SeedMailboxID + `"
  item_ids        = ["` + vb365sim.SeedMessageID + `"]
  triggers        = { run = "` + trigger + `" }
  send_to_default_address {}
}
`
			}
			adopted := version == "v8"
			first := resource.TestStep{
				PreConfig: func() { left = killedRunnerSend(t, sim, version) },
				Config:    config("1"),
			}
			if adopted {
				first.ConfigPlanChecks = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("outcome"), knownvalue.StringExact("succeeded")),
					plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("server_restore_session_id"), knownvalue.NotNull()),
				}}
				first.Check = resource.ComposeAggregateTestCheckFunc(
					acctest.CheckLedgerCount(sim, "send_to_default_address", 1),
					func(st *terraform.State) error {
						if sim.SessionState(left) != "Stopped" {
							return fmt.Errorf("the adopted run's session is %q", sim.SessionState(left))
						}
						return resource.TestCheckResourceAttr(acctest.RestoreAddr, "server_restore_session_id", left)(st)
					})
			} else {
				first.Check = acctest.CheckLedgerCount(sim, "send_to_default_address", 2)
			}
			want := map[bool]int{true: 1, false: 2}[adopted]
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy: func(*terraform.State) error {
					if !adopted {
						sim.StopAllSessions() // the killed runner's session: the server's idle timeout ends it
					}
					return acctest.CheckLedgerCount(sim, "send_to_default_address", want+1)(nil)
				},
				Steps: []resource.TestStep{
					first,
					{Config: config("1"), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
					{
						Config: config("2"),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionReplace)}},
						Check: acctest.CheckLedgerCount(sim, "send_to_default_address", want+1),
					},
				},
			})
		})
	}
}
