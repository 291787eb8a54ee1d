package restores_test

import (
	"fmt"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func restorePointIs(id, at string) []plancheck.PlanCheck {
	return []plancheck.PlanCheck{plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("restore_point"),
		knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact(id), "time": knownvalue.StringExact(at)}))}
}

// TestAccMailboxItemRestore_restorePointOfCopy: with repository_id of a backup copy the plan
// names the copy's own point (not the primary's latest, which is newer); without it, the
// primary's latest even when a copy is newer than the point in time allows.
func TestAccMailboxItemRestore_restorePointOfCopy(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v7", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			config := func(extra string) string {
				return sim.ProviderConfig(version) + fmt.Sprintf(`
resource "vb365_mailbox_item_restore" "r" {
  organization_id = %q
  mailbox_id      = %q
  item_ids        = [%q]
  %s
  restore_to_original_location {}
}
`, vb365sim.OrganizationID, vb365sim.SeedMailboxID, vb365sim.SeedMessageID, extra)
			}
			acctest.AccTest(t, resource.TestStep{
				Config:   config(`repository_id = "` + vb365sim.CopyRepositoryID + `"`),
				PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: restorePointIs(vb365sim.CopyRestorePointID, vb365sim.CopyRestorePointTime)},
			}, resource.TestStep{
				// 23:45 on 2019-04-10: after the copy (23:00) and the archive point (23:30), before the
				// primary's second backup: the primary's first.
				Config:   config(`point_in_time = "2019-04-10T23:45:00Z"`),
				PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: restorePointIs(vb365sim.RestorePointIDs[0], vb365sim.RestorePointTimes[0])},
			})
		})
	}
}

// TestAccMailboxItemRestore_restorePointOfRetrieval: with data_retrieval_id the plan names the
// point the retrieval retrieved (the archive tier's), not the primary's latest.
func TestAccMailboxItemRestore_restorePointOfRetrieval(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t, vb365sim.WithDataRetrievalDuration(0))
	retrieval := sim.ProviderConfig("v8") + fmt.Sprintf(`
resource "vb365_data_retrieval" "archive" {
  organization_id        = %q
  repository_id          = %q
  mailbox_ids            = [%q]
  glacier_retrieval_mode = "expedited"
  availability_days      = 1
}
`, vb365sim.OrganizationID, vb365sim.ArchiveRepositoryID, vb365sim.SeedMailboxID)
	restore := retrieval + fmt.Sprintf(`
resource "vb365_mailbox_item_restore" "r" {
  organization_id   = %q
  data_retrieval_id = vb365_data_retrieval.archive.id
  mailbox_id        = %q
  item_ids          = [%q]
  restore_to_original_location {}
}
`, vb365sim.OrganizationID, vb365sim.SeedMailboxID, vb365sim.SeedMessageID)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: retrieval},
			{
				Config: restore, PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: restorePointIs(vb365sim.ArchiveRestorePointID, vb365sim.ArchiveRestorePointTime)},
			},
		},
	})
}

// TestAccMailboxItemRestore_restorePointOfSession: with restore_session_id the backup of an
// existing session is not reported by the server: restore_point is null (with a plan warning).
func TestAccMailboxItemRestore_restorePointOfSession(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	acctest.AccTest(t, resource.TestStep{
		Config: sim.ProviderConfig("v8") + fmt.Sprintf(`
resource "vb365_mailbox_item_restore" "r" {
  restore_session_id = %q
  mailbox_id         = %q
  item_ids           = [%q]
  restore_to_original_location {}
}
`, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, vb365sim.SeedMessageID),
		PlanOnly: true, ExpectNonEmptyPlan: true,
		ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
			plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("restore_point"), knownvalue.Null()),
		}},
	})
}
