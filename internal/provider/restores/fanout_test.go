package restores_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestAccRestoreFanOut: four restores in one apply (the same message to two mailboxes, an item
// without a subject sent twice), and a gateway answers one POST 503 without forwarding it. No
// record claims a run the server's ledger lacks (before: "Answer lost, run confirmed by the
// server's events" from another restore's events). The lost one is recorded "unknown"; its own
// session shows it did not run, so the next plan shows it as a new run, and in the end each of
// the four ran exactly once.
func TestAccRestoreFanOut(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/items", Status: http.StatusServiceUnavailable})
			common := fmt.Sprintf("  organization_id = %q\n  mailbox_id = %q\n", vb365sim.OrganizationID, vb365sim.SeedMailboxID)
			config := sim.ProviderConfig(version) + fmt.Sprintf(`
resource "vb365_mailbox_item_restore" "to_a" {
%s  item_ids = [%q]
  restore_to {
    mailbox = "qa_dallas@bestsupport.onmicrosoft.com"
  }
}
resource "vb365_mailbox_item_restore" "to_b" {
%s  item_ids = [%q]
  restore_to {
    mailbox = "rnd@bestsupport.onmicrosoft.com"
  }
}
resource "vb365_mailbox_item_restore" "unnamed_default" {
%s  item_ids = [%q]
  send_to_default_address {}
}
resource "vb365_mailbox_item_restore" "unnamed_other" {
%s  item_ids = [%q]
  send_to_different_address {
    to = "legal@bestsupport.onmicrosoft.com"
  }
}
`, common, vb365sim.SeedMessageID, common, vb365sim.SeedMessageID, common, vb365sim.ContactItemID, common, vb365sim.ContactItemID)
			names := []string{"to_a", "to_b", "unnamed_default", "unnamed_other"}
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: config, ExpectNonEmptyPlan: true,
						Check: func(st *terraform.State) error {
							unknown := 0
							for _, name := range names {
								attrs := st.RootModule().Resources["vb365_mailbox_item_restore."+name].Primary.Attributes
								session, outcome := attrs["server_restore_session_id"], attrs["outcome"]
								ran := 0
								for _, e := range acctest.ItemActions(sim) {
									if strings.EqualFold(e.RestoreSessionID, session) || strings.EqualFold(e.AsyncSessionID, session) {
										ran++
									}
								}
								switch {
								case outcome == "unknown":
									unknown++
									if ran != 0 {
										return fmt.Errorf("%s: unknown, but the ledger shows it ran in its session", name)
									}
								case ran != 1:
									return fmt.Errorf("%s: recorded %s, but the ledger holds %d run(s) in its session %s", name, outcome, ran, session)
								}
							}
							if unknown != 1 || len(acctest.ItemActions(sim)) != 3 {
								return fmt.Errorf("%d unknown, %d runs; want 1 and 3", unknown, len(acctest.ItemActions(sim)))
							}
							return nil
						},
					},
					{
						// The lost run is planned as a new run (its own session proves it did not run);
						// the three recorded ones are not touched.
						Config: config,
						Check: func(*terraform.State) error {
							if n := len(acctest.ItemActions(sim)); n != 4 {
								return fmt.Errorf("%d runs, want 4: each restore once", n)
							}
							return nil
						},
					},
				},
			})
		})
	}
}
