package restores_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// restorePointConfig is an item restore keyed on organization_id at pointInTime.
func restorePointConfig(version, pointInTime string, providerConfig string) string {
	return providerConfig + `
resource "vb365_mailbox_item_restore" "r" {
  organization_id = ` + acctest.Q(vb365sim.OrganizationID) + `
  point_in_time   = ` + acctest.Q(pointInTime) + `
  mailbox_id      = ` + acctest.Q(vb365sim.SeedMailboxID) + `
  item_ids        = [` + acctest.Q(vb365sim.SeedMessageID) + `]
  restore_to_original_location {}
}
`
}

// TestAccMailboxItemRestore_restorePoint: the plan names the backup the restore reads from,
// the latest at or before point_in_time (API v6+; null on v3, which cannot list backups).
func TestAccMailboxItemRestore_restorePoint(t *testing.T) {
	t.Parallel()
	second := mustParse(t, vb365sim.RestorePointTimes[1])
	between := second.Add(time.Hour).Format(time.RFC3339) // after the second backup, before the third
	for _, tc := range []struct {
		version string
		want    knownvalue.Check
	}{
		{"v8", knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id": knownvalue.StringExact(vb365sim.RestorePointIDs[1]), "time": knownvalue.StringExact(vb365sim.RestorePointTimes[1]),
		})},
		{"v3", knownvalue.Null()},
	} {
		t.Run(tc.version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			acctest.AccTest(t, resource.TestStep{
				Config:   restorePointConfig(tc.version, between, sim.ProviderConfig(tc.version)),
				PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("restore_point"), tc.want),
				}},
			})
			if got := acctest.ItemActions(sim); len(got) != 0 {
				t.Errorf("a plan ran %d item action(s)", len(got))
			}
		})
	}
}

// TestAccMailboxItemRestore_noBackupBeforePointInTime: a point_in_time before the oldest
// backup fails the plan (the server refuses the restore session) and runs nothing.
func TestAccMailboxItemRestore_noBackupBeforePointInTime(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	before := mustParse(t, vb365sim.RestorePointTimes[0]).Add(-time.Minute).Format(time.RFC3339)
	acctest.AccTest(t, resource.TestStep{
		Config:      restorePointConfig("v8", before, sim.ProviderConfig("v8")),
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`No restore\s+points\s+of\s+organization`),
	})
	if got := acctest.ItemActions(sim); len(got) != 0 {
		t.Errorf("a failed plan ran %d item action(s)", len(got))
	}
}

func mustParse(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
