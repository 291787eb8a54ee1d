package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
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
	for _, version := range testedVersions {
		t.Run(version, func(t *testing.T) {
			sim := startRestoreSim(t)
			sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/items/", StatusAfterHandler: 504, Times: 1})
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy:             checkLedgerCount(sim, "send_to_default_address", 1),
				Steps: []resource.TestStep{
					{
						Config: sendConfig(sim, version),
						Check: resource.ComposeAggregateTestCheckFunc(
							checkLedgerCount(sim, "send_to_default_address", 1),
							resource.TestCheckResourceAttrSet(restoreAddr, "executed_at"),
						),
					},
					{
						Config:           sendConfig(sim, version),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
						Check:            checkLedgerCount(sim, "send_to_default_address", 1),
					},
				},
			})
		})
	}
}

// TestAccRestoreReconcile_lostBeforeTheServer: the connection breaks before the server read
// the request. The events show no run, but a reset is not a refusal: the outcome stays
// unknown, the record is kept tainted, and the error says what the events showed.
func TestAccRestoreReconcile_lostBeforeTheServer(t *testing.T) {
	sim := startRestoreSim(t)
	sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/items/", ResetBeforeHandler: true, Times: 1})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      sendConfig(sim, "v8"),
				ExpectError: regexp.MustCompile(`(?s)outcome unknown.*show no such run`),
			},
			replacesTaintedRecord(sendConfig(sim, "v8"), nil, expectTaintedRecord("send_to_default_address")),
			{Config: sendConfig(sim, "v8"), Check: checkLedgerCount(sim, "send_to_default_address", 1)},
		},
	})
}
