package browsing_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// Acceptance tests of the v3..v5 dialect as real servers show it (issue 19).

// legacyVersions are the API versions of the /Action dialect.
var legacyVersions = []string{"v3", "v4", "v5"}

// TestAccLegacy_organizationsBareArray: on v3..v5 GET /Organizations answers a bare JSON array
// (as Veeam's v2..v4 pages and the v3..v5 self-service portal show). vb365_organizations and
// the organization-keyed workflow (sessions the provider opens for organization_id, a restore)
// work against it.
func TestAccLegacy_organizationsBareArray(t *testing.T) {
	t.Parallel()
	for _, version := range legacyVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			block := `  restore_to {
    mailbox = "qa_dallas@bestsupport.onmicrosoft.com"
    folder  = "Restored/bare-array"
  }`
			acctest.AccTest(t, resource.TestStep{
				Config: acctest.OrganizationWorkflowConfig(sim, version, "INC-19: bare array", block),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vb365_organizations.all", tfjsonpath.New("organizations"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id":   knownvalue.StringExact(vb365sim.OrganizationID),
							"name": knownvalue.StringExact(vb365sim.OrganizationName),
						})})),
					statecheck.ExpectKnownValue("data.vb365_mailbox_items.messages", tfjsonpath.New("items"), knownvalue.NotNull()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckLedgerCount(sim, "restore_to", 1),
					acctest.CheckNoProviderSessionLeft(sim),
					acctest.CheckRoutesUsed(sim, "GET /"+version+"/Organizations", "POST /"+version+"/Organizations/{id}/Action"),
				),
			})
		})
	}
}

// TestAccLegacy_mailboxFoldersTopLevel: parent_id = "root" lists the top-level folders on every
// version of the /Action dialect and on v6 (sent as parentId=null on v4..v6, filtered by the
// provider on v3), a folder ID its children; each folder's parent_id comes from its parent link
// (null at the top level).
func TestAccLegacy_mailboxFoldersTopLevel(t *testing.T) {
	t.Parallel()
	folders := tfjsonpath.New("folders")
	for _, version := range []string{"v3", "v4", "v5", "v6"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			acctest.AccTest(t, resource.TestStep{
				Config: sim.ProviderConfig(version) + fmt.Sprintf(`
data "vb365_mailbox_folders" "top" {
  restore_session_id = %[1]s
  mailbox_id         = %[2]s
  parent_id          = "root"
}

data "vb365_mailbox_folders" "top_two" {
  restore_session_id = %[1]s
  mailbox_id         = %[2]s
  parent_id          = "root"
  max_items          = 2
  page_size          = 1
}

data "vb365_mailbox_folders" "inbox_children" {
  restore_session_id = %[1]s
  mailbox_id         = %[2]s
  parent_id          = %[3]s
}
`, acctest.Q(vb365sim.SeedRestoreSessionID), acctest.Q(vb365sim.SeedMailboxID), acctest.Q(vb365sim.InboxFolderID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vb365_mailbox_folders.top", folders, knownvalue.ListSizeExact(9)),
					statecheck.ExpectKnownValue("data.vb365_mailbox_folders.top", folders.AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id": knownvalue.StringExact(vb365sim.InboxFolderID), "parent_id": knownvalue.Null(),
					})),
					statecheck.ExpectKnownValue("data.vb365_mailbox_folders.top_two", folders, knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue("data.vb365_mailbox_folders.inbox_children", folders, knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(vb365sim.InboxSubFolderID), "parent_id": knownvalue.StringExact(vb365sim.InboxFolderID),
						}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(vb365sim.SlashFolderID), "parent_id": knownvalue.StringExact(vb365sim.InboxFolderID),
						}),
					})),
				},
			})
		})
	}
}

// TestAccTenantSignIn: signed in as the organization's own administrator (not the backup
// administrator), the provider lists the signed-in organization, opens its sessions at the
// tenant explore route of the version (v3/v5 /Organization/Action, v8 /Organization/Explore),
// browses, restores once and stops every session it opened; the record names the tenant.
func TestAccTenantSignIn(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v3", "v5", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			block := `  restore_to {
    mailbox = "qa_dallas@bestsupport.onmicrosoft.com"
    folder  = "Restored/tenant"
  }`
			config := sim.ProviderConfigAs(version, vb365sim.DefaultTenantUsername, vb365sim.DefaultTenantPassword) +
				strings.TrimPrefix(acctest.OrganizationWorkflowConfig(sim, version, "INC-19: tenant", block), sim.ProviderConfig(version))
			explore := map[string]string{"v3": "POST /v3/Organization/Action", "v5": "POST /v5/Organization/Action", "v8": "POST /v8/Organization/Explore"}[version]
			acctest.AccTest(t, resource.TestStep{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vb365_organizations.all", tfjsonpath.New("organizations"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id":   knownvalue.StringExact(vb365sim.OrganizationID),
							"name": knownvalue.StringExact(vb365sim.OrganizationName),
						})})),
					statecheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("executed_by"), knownvalue.StringExact(vb365sim.DefaultTenantUsername)),
					statecheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("item_ids"), knownvalue.SetSizeExact(2)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckLedgerCount(sim, "restore_to", 1),
					acctest.CheckNoProviderSessionLeft(sim),
					acctest.CheckRoutesUsed(sim, "GET /"+version+"/Organization", explore),
					checkExploresOnlyAt(sim, explore),
				),
			})
		})
	}
}

// checkExploresOnlyAt fails unless every explore in the ledger used route ("METHOD /vN/Template").
func checkExploresOnlyAt(sim *acctest.Sim, route string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		n := 0
		for _, e := range sim.Ledger() {
			if e.Action != "explore" {
				continue
			}
			n++
			if e.Method+" "+e.Route != route {
				return fmt.Errorf("explore at %s %s, want %s", e.Method, e.Route, route)
			}
		}
		if n == 0 {
			return fmt.Errorf("no explore in the ledger")
		}
		return nil
	}
}
