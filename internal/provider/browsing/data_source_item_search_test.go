package browsing_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestAccDataSourceItemSearch: the organization search finds items of several mailboxes, each
// with its mailbox; pages after the first name the server's setId; mailbox_ids narrows the
// search; max_items bounds it and says so; no session of the provider is left running.
func TestAccDataSourceItemSearch(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			config := sim.ProviderConfig(version) + fmt.Sprintf(`
data "vb365_item_search" "all" {
  organization_id = %[1]q
  query           = "message 1"
  page_size       = 4
}

data "vb365_item_search" "two" {
  organization_id = %[1]q
  query           = "message 1"
  mailbox_ids     = [%[2]q, %[3]q]
}

data "vb365_item_search" "deleted" {
  organization_id = %[1]q
  query           = "contract"
  show_deleted    = true
}

data "vb365_item_search" "not_deleted" {
  organization_id = %[1]q
  query           = "contract"
}

data "vb365_item_search" "bounded" {
  organization_id = %[1]q
  query           = "message 1"
  max_items       = 4
}
`, vb365sim.OrganizationID, vb365sim.QAMailboxID, vb365sim.RnDMailboxID)
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: config,
					Check: resource.ComposeAggregateTestCheckFunc(
						// support_north message 1 and 10..19; qa_dallas, rnd, archive and public message 1.
						resource.TestCheckResourceAttr("data.vb365_item_search.all", "items.#", "15"),
						resource.TestCheckResourceAttr("data.vb365_item_search.all", "mailbox_ids_found.#", "5"),
						resource.TestCheckResourceAttr("data.vb365_item_search.all", "truncated", "false"),
						resource.TestCheckResourceAttr("data.vb365_item_search.all", "items.0.mailbox_id", vb365sim.SupportMailboxID),
						resource.TestCheckResourceAttr("data.vb365_item_search.all", "items.0.mailbox_email", "support_north@bestsupport.onmicrosoft.com"),
						resource.TestCheckResourceAttr("data.vb365_item_search.all", "items.0.subject", "support_north message 1"),
						resource.TestCheckResourceAttr("data.vb365_item_search.all", "items.0.version_state", "current"),
						resource.TestCheckResourceAttr("data.vb365_item_search.two", "items.#", "2"),
						resource.TestCheckTypeSetElemAttr("data.vb365_item_search.two", "mailbox_ids_found.*", vb365sim.QAMailboxID),
						resource.TestCheckTypeSetElemAttr("data.vb365_item_search.two", "mailbox_ids_found.*", vb365sim.RnDMailboxID),
						resource.TestCheckResourceAttr("data.vb365_item_search.deleted", "items.#", "1"),
						resource.TestCheckResourceAttr("data.vb365_item_search.deleted", "items.0.id", vb365sim.DeletedMessageItemID),
						resource.TestCheckResourceAttr("data.vb365_item_search.deleted", "items.0.version_state", "deleted"),
						resource.TestCheckResourceAttr("data.vb365_item_search.deleted", "items.0.mailbox_id", vb365sim.SeedMailboxID),
						resource.TestCheckResourceAttr("data.vb365_item_search.not_deleted", "items.#", "0"),
						resource.TestCheckResourceAttr("data.vb365_item_search.bounded", "items.#", "4"),
						resource.TestCheckResourceAttr("data.vb365_item_search.bounded", "truncated", "true"),
						func(*terraform.State) error {
							// 15 hits in pages of 4: four POSTs per read, the later ones with the setId.
							orgSearch := "/" + version + "/RestoreSessions/{id}/Organization/Mailboxes/search"
							if n := sim.RequestCount("POST", orgSearch); n < 4 {
								return fmt.Errorf("%d organization search requests: %v", n, sim.RequestCounts())
							}
							return nil
						},
						acctest.CheckNoProviderSessionLeft(sim),
					),
				}},
			})
		})
	}
}

// TestAccDataSourceItemSearch_versionGate: on v5, the last version without the search, the
// read fails before any request of the search (not even the session it would search in); v6
// is TestAccDataSourceItemSearch.
func TestAccDataSourceItemSearch_versionGate(t *testing.T) {
	t.Parallel()
	sim := acctest.StartSimulator(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sim.ProviderConfig("v5") + fmt.Sprintf(`
data "vb365_item_search" "x" {
  organization_id = %q
  query           = "message"
}
`, vb365sim.OrganizationID),
			ExpectError: regexp.MustCompile(`v6 or later`),
		}},
		CheckDestroy: func(*terraform.State) error {
			for route, n := range sim.RequestCounts() {
				if n > 0 && !strings.Contains(route, "/Token") && !strings.Contains(route, "/ServiceInstance") {
					return fmt.Errorf("v5 sent %s %d time(s)", route, n)
				}
			}
			return nil
		},
	})
}

// TestAccItemSearch_evidenceExportPerMailbox is the phishing clean-up: one reviewed plan finds
// the message across the organization and exports every hit, per mailbox, to a PST file; the
// plan shows every exported item; nothing else runs.
func TestAccItemSearch_evidenceExportPerMailbox(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			dir := t.TempDir()
			config := sim.ProviderConfig(version) + fmt.Sprintf(`
data "vb365_item_search" "phishing" {
  organization_id = %[1]q
  query           = "message 1"
}

# count, not the example's for_each: terraform-plugin-testing's state shim refuses
# for_each instances; the keys are the same mailbox IDs.
locals {
  mailboxes = sort(tolist(data.vb365_item_search.phishing.mailbox_ids_found))
}

resource "vb365_mailbox_item_restore" "evidence" {
  count           = length(local.mailboxes)
  organization_id = %[1]q
  mailbox_id      = local.mailboxes[count.index]
  item_ids        = [for hit in data.vb365_item_search.phishing.items : hit.id if hit.mailbox_id == local.mailboxes[count.index]]
  reason          = "SEC-311: phishing evidence"

  export_to_pst {
    path = "%[2]s/${local.mailboxes[count.index]}.pst"
  }
}
`, vb365sim.OrganizationID, dir)
			support := "vb365_mailbox_item_restore.evidence[0]" // support_north's ID sorts first
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planCheckFunc(func(req plancheck.CheckPlanRequest) error {
						for _, rc := range req.Plan.ResourceChanges {
							if rc.Address != support {
								continue
							}
							after, _ := rc.Change.After.(map[string]any)
							items, _ := after["items"].([]any)
							source, _ := after["source_mailbox"].(map[string]any)
							if after["scope"] != "11 items" || len(items) != 11 || source["email"] != "support_north@bestsupport.onmicrosoft.com" {
								return fmt.Errorf("the plan of %s does not show the 11 hits of support_north: %v", support, after)
							}
							return nil
						}
						return fmt.Errorf("no planned export %s", support)
					})}},
					Check: resource.ComposeAggregateTestCheckFunc(
						func(*terraform.State) error {
							actions := acctest.ItemActions(sim)
							exported := 0
							for _, a := range actions {
								if a.Action != "export_to_pst" {
									return fmt.Errorf("%s ran: only exports may run", a.Action)
								}
								exported += len(a.ItemIDs)
							}
							if len(actions) != 5 || exported != 15 {
								return fmt.Errorf("%d exports of %d items, want 5 exports of the 15 hits", len(actions), exported)
							}
							return nil
						},
						acctest.CheckNoProviderSessionLeft(sim),
					),
				}},
			})
		})
	}
}

// planCheckFunc adapts a function to plancheck.PlanCheck.
type planCheckFunc func(req plancheck.CheckPlanRequest) error

func (f planCheckFunc) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f(req)
}
