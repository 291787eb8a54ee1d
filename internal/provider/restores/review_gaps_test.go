package restores_test

// Tests that catch a broken review, found missing by a mutation run: an unknown item fails the
// plan before anything runs; max_items cuts a filtered listing; a failed download over an
// existing file with overwrite = true keeps the old file.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestAccMailboxItemRestore_unknownItemFailsPlan: an item ID the mailbox does not have fails
// a plan-only step, with the session source known (the seed session, read without opening
// one) and through organization_id; the server's ledger then holds no action at all (with
// organization_id only the review's own explore and stop).
func TestAccMailboxItemRestore_unknownItemFailsPlan(t *testing.T) {
	t.Parallel()
	const missing = "AAMkNOSUCHITEMNOSUCHITEMNOSUCHITEMNOSUCHITEM0000="
	for _, source := range []string{"restore_session_id", "organization_id"} {
		t.Run(source, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			value := vb365sim.SeedRestoreSessionID
			if source == "organization_id" {
				value = vb365sim.OrganizationID
			}
			acctest.AccTest(t, resource.TestStep{
				Config: sim.ProviderConfig("v8") + fmt.Sprintf(`
resource "vb365_mailbox_item_restore" "r" {
  %s = %q
  mailbox_id = %q
  item_ids   = [%q, %q]
  restore_to_original_location {}
}
`, source, value, vb365sim.SeedMailboxID, vb365sim.SeedMessageID, missing),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Cannot read what the restore restores(.|\n)*` + regexp.QuoteMeta(missing[:20])),
			})
			ledger := sim.Ledger()
			if n := len(acctest.ItemActions(sim)); n != 0 {
				t.Errorf("a failed plan ran %d item action(s)", n)
			}
			if source == "restore_session_id" && len(ledger) != 0 {
				t.Errorf("the ledger holds %d entries, want none: %+v", len(ledger), ledger)
			}
		})
	}
}

// TestAccMailboxItems_maxItemsCutsFilteredListing: max_items bounds the items that match a
// client-side filter (type), not the listing: with more matches than max_items the listing
// holds exactly max_items matches and says it was cut (truncated); without max_items it
// holds them all. The seed mailbox lists its messages first, so a bound on the listing itself
// would find no appointment at all.
func TestAccMailboxItems_maxItemsCutsFilteredListing(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	const limit = 1
	config := sim.ProviderConfig("v8") + fmt.Sprintf(`
data "vb365_mailbox_items" "cut" {
  restore_session_id = %q
  mailbox_id         = %q
  type               = "appointment"
  max_items          = %d
}

data "vb365_mailbox_items" "all" {
  restore_session_id = %q
  mailbox_id         = %q
  type               = "appointment"
}
`, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, limit, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID)
	acctest.AccTest(t, resource.TestStep{
		Config: config,
		Check: resource.ComposeAggregateTestCheckFunc(
			resource.TestCheckResourceAttr("data.vb365_mailbox_items.cut", "items.#", strconv.Itoa(limit)),
			resource.TestCheckResourceAttr("data.vb365_mailbox_items.cut", "truncated", "true"),
			resource.TestCheckResourceAttr("data.vb365_mailbox_items.cut", "items.0.type", "appointment"),
			resource.TestCheckResourceAttr("data.vb365_mailbox_items.all", "truncated", "false"),
			func(s *terraform.State) error {
				all := s.RootModule().Resources["data.vb365_mailbox_items.all"].Primary.Attributes["items.#"]
				if n, err := strconv.Atoi(all); err != nil || n <= limit {
					return fmt.Errorf("the unbounded listing has %s appointments: the test needs more than %d", all, limit)
				}
				return nil
			},
		),
	})
}

// TestAccMailboxItemRestore_failedOverwriteKeepsOldFile: an export with overwrite = true whose
// download is cut short is recorded with outcome = "unknown" (a warning, not a failure: the
// export may have run), leaves the existing file as it was and no temporary .partial file
// beside it.
func TestAccMailboxItemRestore_failedOverwriteKeepsOldFile(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	dir := t.TempDir()
	target := filepath.Join(dir, "mail.pst")
	if err := os.WriteFile(target, []byte("the export of last week"), 0o644); err != nil {
		t.Fatal(err)
	}
	config := acctest.RestoreConfig(sim, "v8", fmt.Sprintf("  item_ids = %s\n  export_to_pst {\n    path      = %s\n    overwrite = true\n  }",
		acctest.HclStrings(vb365sim.SeedMessageID), acctest.HCLString(target)))
	acctest.AccTest(t, resource.TestStep{
		PreConfig: func() { sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/Items/", TruncatedBody: true}) },
		Config:    config,
		Check:     resource.TestCheckResourceAttr(acctest.RestoreAddr, "outcome", "unknown"),
	})
	if got, err := os.ReadFile(target); err != nil || string(got) != "the export of last week" {
		t.Errorf("the old file is %q (%v), want it intact", got, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "mail.pst" {
		names := make([]string, 0, len(entries))
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files in the export directory: %v, want only mail.pst", names)
	}
}
