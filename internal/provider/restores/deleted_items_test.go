package restores_test

// show_deleted and show_all_versions on sources keyed on organization_id: deleted items and
// earlier versions are listed, told apart (version_state), reviewed in the plan and restored.

import (
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// deletedItemsVersions are the dialects the deleted-item workflow runs on: v3 (Action
// envelope), v6 (routes, synchronous restores), v8 (asynchronous restores).
var deletedItemsVersions = []string{"v3", "v6", "v8"}

// restoreDeletedConfig lists the Inbox with deleted items and restores the deleted ones to
// where they were, in one plan.
func restoreDeletedConfig(sim *acctest.Sim, version string) string {
	return sim.ProviderConfig(version) + fmt.Sprintf(`
data "vb365_mailbox_items" "inbox" {
  organization_id = %[1]q
  mailbox_id      = %[2]q
  folder_id       = %[3]q
  show_deleted    = true
}

resource "vb365_mailbox_item_restore" "r" {
  organization_id = %[1]q
  mailbox_id      = %[2]q
  show_deleted    = true
  item_ids        = [for i in data.vb365_mailbox_items.inbox.items : i.id if i.version_state == "deleted"]
  reason          = "INC-7: restore the contract the user deleted"

  restore_to_original_location {}
}
`, vb365sim.OrganizationID, vb365sim.SeedMailboxID, vb365sim.InboxFolderID)
}

// TestAccDeletedItems_restoreDeletedMessageByOrganization: one reviewed plan finds the deleted
// message, shows it as deleted, and the apply restores exactly it, once; no session is left.
func TestAccDeletedItems_restoreDeletedMessageByOrganization(t *testing.T) {
	t.Parallel()
	for _, version := range deletedItemsVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy:             acctest.CheckDestroyed(sim, 1),
				Steps: []resource.TestStep{{
					Config: restoreDeletedConfig(sim, version),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("items"), knownvalue.ListExact([]knownvalue.Check{
							knownvalue.ObjectPartial(map[string]knownvalue.Check{
								"id":            knownvalue.StringExact(vb365sim.DeletedMessageItemID),
								"subject":       knownvalue.StringExact("Signed contract (deleted)"),
								"folder":        knownvalue.StringExact("Inbox"),
								"version_state": knownvalue.StringExact("deleted"),
							}),
						})),
						plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("scope"), knownvalue.StringExact("1 item")),
					}},
					Check: resource.ComposeAggregateTestCheckFunc(
						acctest.CheckNoProviderSessionLeft(sim),
						func(*terraform.State) error {
							restores := acctest.ItemActions(sim)
							if len(restores) != 1 || restores[0].Action != "restore_to_original_location" ||
								!slices.Equal(restores[0].ItemIDs, []string{vb365sim.DeletedMessageItemID}) {
								return fmt.Errorf("item actions %+v, want one restore of the deleted message", restores)
							}
							return nil
						},
						// Every other Inbox item is current.
						resource.TestCheckResourceAttrWith("data.vb365_mailbox_items.inbox", "items.#", func(n string) error {
							if n == "0" {
								return fmt.Errorf("empty Inbox")
							}
							return nil
						}),
					),
				}},
			})
		})
	}
}

// TestAccDeletedItems_withoutShowDeletedNotFound: the same item without show_deleted fails the
// plan (the session does not have it) and nothing runs.
func TestAccDeletedItems_withoutShowDeletedNotFound(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(sim, 0),
		Steps: []resource.TestStep{{
			Config: sim.ProviderConfig("v8") + fmt.Sprintf(`
resource "vb365_mailbox_item_restore" "r" {
  organization_id = %q
  mailbox_id      = %q
  item_ids        = [%q]
  restore_to_original_location {}
}
`, vb365sim.OrganizationID, vb365sim.SeedMailboxID, vb365sim.DeletedMessageItemID),
			ExpectError: regexp.MustCompile(`(?i)not\s+found`),
		}},
	})
}

// TestAccDeletedItems_listingVersionStates: each option, and both, name every item's state; a
// session keyed on restore_session_id leaves it null; options need organization_id.
func TestAccDeletedItems_listingVersionStates(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			state := func(address, id, want string) resource.TestCheckFunc {
				return func(s *terraform.State) error {
					rs := s.RootModule().Resources[address]
					if rs == nil {
						return fmt.Errorf("%s not in state", address)
					}
					attrs := rs.Primary.Attributes
					for i := 0; attrs[fmt.Sprintf("items.%d.id", i)] != ""; i++ {
						if attrs[fmt.Sprintf("items.%d.id", i)] == id {
							if got := attrs[fmt.Sprintf("items.%d.version_state", i)]; got != want {
								return fmt.Errorf("%s: item %s version_state %q, want %q", address, id, got, want)
							}
							return nil
						}
					}
					if want == "" {
						return nil
					}
					return fmt.Errorf("%s does not list %s", address, id)
				}
			}
			listing := func(name, options string) string {
				return fmt.Sprintf(`
data "vb365_mailbox_items" %q {
  organization_id = %q
  mailbox_id      = %q
%s
}
`, name, vb365sim.OrganizationID, vb365sim.SeedMailboxID, options)
			}
			config := sim.ProviderConfig(version) +
				listing("plain", "") +
				listing("deleted", "  show_deleted = true") +
				listing("versions", "  show_all_versions = true") +
				listing("both", "  show_deleted = true\n  show_all_versions = true") +
				fmt.Sprintf(`
data "vb365_mailbox_item" "earlier" {
  organization_id   = %q
  mailbox_id        = %q
  item_id           = %q
  show_deleted      = true
  show_all_versions = true
}

data "vb365_mailbox_items" "by_session" {
  restore_session_id = %q
  mailbox_id         = %q
}
`, vb365sim.OrganizationID, vb365sim.SeedMailboxID, vb365sim.EarlierTaskVersionItemID, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID)
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: config,
					Check: resource.ComposeAggregateTestCheckFunc(
						state("data.vb365_mailbox_items.plain", vb365sim.SeedTaskID, "current"),
						state("data.vb365_mailbox_items.plain", vb365sim.DeletedMessageItemID, ""),
						state("data.vb365_mailbox_items.plain", vb365sim.EarlierTaskVersionItemID, ""),
						state("data.vb365_mailbox_items.deleted", vb365sim.DeletedMessageItemID, "deleted"),
						state("data.vb365_mailbox_items.deleted", vb365sim.SeedMessageID, "current"),
						state("data.vb365_mailbox_items.deleted", vb365sim.EarlierTaskVersionItemID, ""),
						state("data.vb365_mailbox_items.versions", vb365sim.EarlierTaskVersionItemID, "earlier_version"),
						state("data.vb365_mailbox_items.versions", vb365sim.SeedTaskID, "current"),
						state("data.vb365_mailbox_items.both", vb365sim.DeletedMessageItemID, "deleted"),
						state("data.vb365_mailbox_items.both", vb365sim.EarlierTaskVersionItemID, "earlier_version"),
						state("data.vb365_mailbox_items.both", vb365sim.SeedTaskID, "current"),
						resource.TestCheckResourceAttr("data.vb365_mailbox_item.earlier", "version_state", "earlier_version"),
						resource.TestCheckResourceAttr("data.vb365_mailbox_item.earlier", "task.percent_complete", "50"),
						resource.TestCheckNoResourceAttr("data.vb365_mailbox_items.by_session", "items.0.version_state"),
						acctest.CheckNoProviderSessionLeft(sim),
					),
				}},
			})
		})
	}
}

// TestAccDeletedItems_optionsNeedOrganization: show_deleted with restore_session_id is refused
// by validation (the session's options are the session's).
func TestAccDeletedItems_optionsNeedOrganization(t *testing.T) {
	t.Parallel()
	sim := acctest.StartSimulator(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sim.ProviderConfig("v8") + fmt.Sprintf(`
data "vb365_mailbox_items" "x" {
  restore_session_id = %q
  mailbox_id         = %q
  show_deleted       = true
}
`, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID),
			ExpectError: regexp.MustCompile(`organization_id`),
		}},
	})
}
