package restores_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func sendConfig(sim *acctest.Sim, version string) string {
	return sim.ProviderConfig(version) + fmt.Sprintf(`
resource "vb365_mailbox_item_restore" "r" {
  organization_id = %q
  mailbox_id      = %q
  item_ids        = [%q]
  send_to_default_address {}
}
`, vb365sim.OrganizationID, vb365sim.SeedMailboxID, vb365sim.SeedMessageID)
}

// TestAccRestoreReconcile_gatewayErrorAfterTheServerRan: a gateway answers 504 after the
// server sent the e-mail. The session's events show the run, so it is recorded as run (not
// tainted, not "outcome unknown"), and nothing is sent again.
func TestAccRestoreReconcile_gatewayErrorAfterTheServerRan(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/items/", StatusAfterHandler: 504, Times: 1})
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy:             acctest.CheckLedgerCount(sim, "send_to_default_address", 1),
				Steps: []resource.TestStep{
					{
						Config: sendConfig(sim, version),
						Check: resource.ComposeAggregateTestCheckFunc(
							acctest.CheckLedgerCount(sim, "send_to_default_address", 1),
							resource.TestCheckResourceAttrSet(acctest.RestoreAddr, "executed_at"),
						),
					},
					{
						Config:           sendConfig(sim, version),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
						Check:            acctest.CheckLedgerCount(sim, "send_to_default_address", 1),
					},
				},
			})
		})
	}
}

// TestAccRestoreReconcile_lostBeforeTheServer: the connection breaks before the server read
// the request. The events show no run, but a reset is not a refusal: the apply records the
// outcome unknown (untainted). The run's own session is then stopped with no send in its
// events, which proves it did not run: the next plan shows it as a new run.
func TestAccRestoreReconcile_lostBeforeTheServer(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/items/", ResetBeforeHandler: true, Times: 1})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: sendConfig(sim, "v8"), Check: resource.TestCheckResourceAttr(acctest.RestoreAddr, "outcome", "unknown"),
				ExpectNonEmptyPlan: true, // the refresh after apply finds that it did not run
			},
			// The run's own session is stopped and its events show no send: the records prove it
			// did not run, so the next plan shows it as a new run, and applying it sends once.
			{
				Config: sendConfig(sim, "v8"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionReplace),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(acctest.CheckLedgerCount(sim, "send_to_default_address", 1),
					resource.TestCheckResourceAttr(acctest.RestoreAddr, "outcome", "succeeded")),
			},
		},
	})
}

// TestAccRestoreReconcile_refreshSettlesUnknown: a send that ran on the server, answer lost and
// events unreadable, in the run's own session (organization_id): recorded with outcome
// "unknown", untainted; two plain applies send nothing; once the events are readable, refresh
// settles the outcome to "succeeded" from the run's own session, still without sending.
func TestAccRestoreReconcile_refreshSettlesUnknown(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/items/", StatusAfterHandler: 502})
			sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/Events", Status: 500, Times: 1000})
			sendConfig := func(sim *acctest.Sim, version string) string {
				return acctest.WithoutEarlierRunLookup(sendConfig(sim, version))
			}
			unknownKept := resource.ComposeAggregateTestCheckFunc(acctest.CheckLedgerCount(sim, "send_to_default_address", 1),
				resource.TestCheckResourceAttr(acctest.RestoreAddr, "outcome", "unknown"))
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy:             acctest.CheckLedgerCount(sim, "send_to_default_address", 1),
				Steps: []resource.TestStep{
					{Config: sendConfig(sim, version), Check: unknownKept},
					{
						Config:           sendConfig(sim, version),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
						Check:            unknownKept,
					},
					{Config: sendConfig(sim, version), Check: unknownKept},
					{
						PreConfig: sim.ClearFaults,
						Config:    sendConfig(sim, version),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionNoop)}},
						Check: resource.ComposeAggregateTestCheckFunc(acctest.CheckLedgerCount(sim, "send_to_default_address", 1),
							resource.TestCheckResourceAttr(acctest.RestoreAddr, "outcome", "succeeded")),
					},
				},
			})
		})
	}
}

// TestAccRestoreEqualValues: the same point in time written with another offset, and the
// mailbox GUID in upper case, are the same restore: updated in place, nothing sent again.
func TestAccRestoreEqualValues(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			config := func(pointInTime, mailbox string) string {
				return sim.ProviderConfig(version) + fmt.Sprintf(`
resource "vb365_mailbox_item_restore" "r" {
  organization_id = %q
  point_in_time   = %q
  mailbox_id      = %q
  item_ids        = [%q]
  send_to_default_address {}
}
`, vb365sim.OrganizationID, pointInTime, mailbox, vb365sim.SeedMessageID)
			}
			inPlace := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionUpdate)}}
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy:             acctest.CheckLedgerCount(sim, "send_to_default_address", 2),
				Steps: []resource.TestStep{
					{Config: config("2026-11-01T10:54:40Z", vb365sim.SeedMailboxID), Check: resource.ComposeAggregateTestCheckFunc(
						acctest.CheckLedgerCount(sim, "send_to_default_address", 1), checkRunOwnSession(sim))},
					{Config: config("2026-11-01T12:54:40+02:00", vb365sim.SeedMailboxID), ConfigPlanChecks: inPlace,
						Check: acctest.CheckLedgerCount(sim, "send_to_default_address", 1)},
					{Config: config("2026-11-01T12:54:40+02:00", strings.ToUpper(vb365sim.SeedMailboxID)), ConfigPlanChecks: inPlace,
						Check: acctest.CheckLedgerCount(sim, "send_to_default_address", 1)},
					{Config: config("2026-11-01T11:00:00Z", strings.ToUpper(vb365sim.SeedMailboxID)),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionReplace)}},
						Check: acctest.CheckLedgerCount(sim, "send_to_default_address", 2)},
				},
			})
		})
	}
}
