package restores_test

// repository_id on session sources (backup copies, v7+) and the restore point filters.

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestAccBackupCopy_restoreFromCopy: one reviewed plan picks the backup copy's restore point
// and restores a message from the copy (v7: the repository's explore route, v8: repositoryId);
// every session the provider opened explored the copy, and none is left running.
func TestAccBackupCopy_restoreFromCopy(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v7", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			config := sim.ProviderConfig(version) + fmt.Sprintf(`
data "vb365_restore_points" "copies" {
  organization_id = %[1]q
  is_copy         = true
  repository_id   = %[2]q
}

locals {
  copy = data.vb365_restore_points.copies.restore_points[0]
}

resource "vb365_mailbox_item_restore" "r" {
  organization_id = %[1]q
  repository_id   = local.copy.repository_id
  point_in_time   = local.copy.backup_time
  mailbox_id      = %[3]q
  item_ids        = [%[4]q]
  reason          = "DR-3: primary repository lost"

  restore_to_original_location {}
}
`, vb365sim.OrganizationID, vb365sim.CopyRepositoryID, vb365sim.SeedMailboxID, vb365sim.SeedMessageID)
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy:             acctest.CheckDestroyed(sim, 1),
				Steps: []resource.TestStep{{
					Config: config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("items").AtSliceIndex(0).AtMapKey("subject"), knownvalue.StringExact("Support case")),
						plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("repository_id"), knownvalue.StringExact(vb365sim.CopyRepositoryID)),
					}},
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr("data.vb365_restore_points.copies", "restore_points.#", "1"),
						resource.TestCheckResourceAttr("data.vb365_restore_points.copies", "restore_points.0.id", vb365sim.CopyRestorePointID),
						acctest.CheckItemActionCount(sim, 1),
						func(*terraform.State) error {
							explores := 0
							for _, e := range sim.Ledger() {
								if e.Action != "explore" {
									continue
								}
								explores++
								viaRoute := strings.Contains(e.Route, "/BackupRepositories/")
								viaBody := e.Body["repositoryId"] == vb365sim.CopyRepositoryID
								if (version == "v7" && !viaRoute) || (version == "v8" && !viaBody) {
									return fmt.Errorf("explore %s %v did not explore the copy", e.Route, e.Body)
								}
							}
							if explores == 0 {
								return fmt.Errorf("no explore")
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

// TestAccBackupCopy_versionGate: on v6, the last version without backup copy explores, a read
// with repository_id fails and no session is opened; v7 is TestAccBackupCopy_restoreFromCopy.
// The isCopy filter is gated the same way.
func TestAccBackupCopy_versionGate(t *testing.T) {
	t.Parallel()
	for _, config := range []string{
		fmt.Sprintf("data \"vb365_mailboxes\" \"m\" {\n  organization_id = %q\n  repository_id = %q\n}\n", vb365sim.OrganizationID, vb365sim.CopyRepositoryID),
		"data \"vb365_restore_points\" \"p\" {\n  is_copy = true\n}\n",
	} {
		sim := acctest.StartSimulator(t)
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { acctest.PreCheck(t) },
			ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
			CheckDestroy: func(*terraform.State) error {
				if n := acctest.LedgerCount(sim, "explore"); n != 0 {
					return fmt.Errorf("%d session(s) opened on v6", n)
				}
				if n := sim.RequestCount("GET", "/v6/RestorePoints"); n != 0 {
					return fmt.Errorf("restore points requested %d time(s) on v6", n)
				}
				return nil
			},
			Steps: []resource.TestStep{{
				Config:      sim.ProviderConfig("v6") + config,
				ExpectError: regexp.MustCompile(`v7 or later`),
			}},
		})
	}
}

// TestAccRestorePoints_filters: repository, long-term copy and retrieved filters (v6 and v8),
// and the copy and user filters (v8).
func TestAccRestorePoints_filters(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			copyFilter := ""
			if version == "v8" {
				copyFilter = fmt.Sprintf(`
data "vb365_restore_points" "primary" {
  is_copy = false
}

data "vb365_restore_points" "backed_up_user" {
  user_id = %q
}

data "vb365_restore_points" "user_without_mailbox" {
  user_id = %q
}`, vb365sim.UserJohnSmithID, vb365sim.UserOperatorID)
			}
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: sim.ProviderConfig(version) + fmt.Sprintf(`
data "vb365_restore_points" "copy" {
  repository_id = %q
}

data "vb365_restore_points" "archive" {
  is_long_term_copy = true
}

data "vb365_restore_points" "retrieved" {
  is_retrieved = true
}
%s`, vb365sim.CopyRepositoryID, copyFilter),
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr("data.vb365_restore_points.copy", "restore_points.#", "1"),
						resource.TestCheckResourceAttr("data.vb365_restore_points.copy", "restore_points.0.id", vb365sim.CopyRestorePointID),
						resource.TestCheckResourceAttr("data.vb365_restore_points.archive", "restore_points.#", "1"),
						resource.TestCheckResourceAttr("data.vb365_restore_points.archive", "restore_points.0.repository_id", vb365sim.ArchiveRepositoryID),
						resource.TestCheckResourceAttr("data.vb365_restore_points.archive", "restore_points.0.is_retrieved", "false"),
						resource.TestCheckResourceAttr("data.vb365_restore_points.retrieved", "restore_points.#", "0"),
						func(s *terraform.State) error {
							if version != "v8" {
								return nil
							}
							all := fmt.Sprint(len(vb365sim.RestorePointIDs) + 2) // the primary's, the copy's and the archive tier's
							return resource.ComposeAggregateTestCheckFunc(
								resource.TestCheckResourceAttr("data.vb365_restore_points.primary", "restore_points.#", fmt.Sprint(len(vb365sim.RestorePointIDs))),
								resource.TestCheckResourceAttr("data.vb365_restore_points.backed_up_user", "restore_points.#", all),
								resource.TestCheckResourceAttr("data.vb365_restore_points.user_without_mailbox", "restore_points.#", "0"),
							)(s)
						},
					),
				}},
			})
		})
	}
}

// TestAccBackupCopy_restoreSessionResource: vb365_restore_session explores the backup copy
// with repository_id (v7 route, v8 body) and stops it on destroy.
func TestAccBackupCopy_restoreSessionResource(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v7", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy: func(*terraform.State) error {
					if open := sim.OpenSessions(); len(open) != 1 { // the seed session
						return fmt.Errorf("sessions left open: %v", open)
					}
					return nil
				},
				Steps: []resource.TestStep{{
					Config: sim.ProviderConfig(version) + fmt.Sprintf(`
resource "vb365_restore_session" "s" {
  organization_id = %q
  repository_id   = %q
}

data "vb365_mailboxes" "m" {
  restore_session_id = vb365_restore_session.s.id
}
`, vb365sim.OrganizationID, vb365sim.CopyRepositoryID),
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr(acctest.RestoreSessionAddr, "state", "Working"),
						resource.TestCheckResourceAttrSet("data.vb365_mailboxes.m", "mailboxes.0.id"),
						func(*terraform.State) error {
							for _, e := range sim.Ledger() {
								if e.Action == "explore" && (strings.Contains(e.Route, "/BackupRepositories/") || e.Body["repositoryId"] == vb365sim.CopyRepositoryID) {
									return nil
								}
							}
							return fmt.Errorf("no explore of the backup copy in %+v", sim.Ledger())
						},
					),
				}},
			})
		})
	}
}
