package restores_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestAccMailboxItemRestore_existingFileNotOverwritten: an existing output file without
// overwrite fails the plan, the file is untouched and nothing is posted; with overwrite the
// export replaces it.
func TestAccMailboxItemRestore_existingFileNotOverwritten(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	dir := t.TempDir()
	target := filepath.Join(dir, "mail.pst")
	original := []byte("precious existing file")
	if err := os.WriteFile(target, original, 0o600); err != nil {
		t.Fatal(err)
	}
	config := func(overwrite bool) string {
		return acctest.RestoreConfig(sim, "v3", fmt.Sprintf("  item_ids = %s\n  export_to_pst {\n    path = %s\n    overwrite = %t\n  }",
			acctest.HclStrings(vb365sim.SeedMessageID), acctest.HCLString(target), overwrite))
	}
	unchanged := func(*terraform.State) error {
		got, err := os.ReadFile(target)
		if err != nil || !bytes.Equal(got, original) {
			return fmt.Errorf("the existing file changed (%v)", err)
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(sim, 1),
		Steps: []resource.TestStep{
			{
				Config:      config(false),
				ExpectError: regexp.MustCompile(`Output file exists(.|\n)*overwrite = true`),
			},
			{
				PreConfig: func() {
					if err := unchanged(nil); err != nil {
						t.Fatal(err)
					}
					if n := len(acctest.ItemActions(sim)); n != 0 {
						t.Fatalf("%d item action(s) posted for a refused export", n)
					}
				},
				Config: config(true),
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckItemActionCount(sim, 1),
					func(s *terraform.State) error {
						got, err := os.ReadFile(target)
						if err != nil {
							return err
						}
						if want, _ := acctest.StateAttr(s, acctest.RestoreAddr, "output_sha256"); acctest.Sha256Hex(got) != want {
							return fmt.Errorf("file hash %s, state %s", acctest.Sha256Hex(got), want)
						}
						return nil
					},
					checkNoLeftovers(dir, "mail.pst"),
				),
			},
		},
	})
}

// TestAccMailboxItemRestore_failedDownloadLeavesNothing: a download cut short is an error and
// leaves no file (not even the temporary one); the POST is not retried. The server did run
// the export, so the run is recorded (tainted, without output) and the next plan shows it as
// a replacement, not as a silent new run.
func TestAccMailboxItemRestore_failedDownloadLeavesNothing(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			dir := t.TempDir()
			config := acctest.RestoreConfig(sim, version, fmt.Sprintf("  item_ids = %s\n  export_to_pst {\n    path = %s\n  }",
				acctest.HclStrings(vb365sim.SeedMessageID), acctest.HCLString(filepath.Join(dir, "mail.pst"))))
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy:             acctest.CheckDestroyed(sim, 1),
				Steps: []resource.TestStep{{
					PreConfig: func() {
						sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/Items/", TruncatedBody: true})
					},
					Config: config,
					Check:  resource.TestCheckResourceAttr(acctest.RestoreAddr, "outcome", "unknown"),
				}, keepsRecordedOutcome(config, func() {
					if entries, _ := os.ReadDir(dir); len(entries) != 0 {
						t.Fatalf("a failed download left %d file(s) in %s: %v", len(entries), dir, entries[0].Name())
					}
					if n := len(acctest.ItemActions(sim)); n != 1 {
						t.Fatalf("%d export(s) reached the server, want exactly 1 (no retry of a POST)", n)
					}
				}, expectUnknownOutcomeRecord("export_to_pst")), {Config: config, Check: acctest.CheckItemActionCount(sim, 1)}},
			})
		})
	}
}

// TestAccMailboxItemRestore_outputDrift: with on_file_change = "export_again", an output file
// that disappears or changes plans a new export (replacement); applying it writes the file again.
func TestAccMailboxItemRestore_outputDrift(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	dir := t.TempDir()
	target := filepath.Join(dir, "item.msg")
	config := acctest.RestoreConfig(sim, "v8", fmt.Sprintf("  item_ids = %s\n  on_file_change = \"export_again\"\n  save_to_msg {\n    path = %s\n    overwrite = true\n  }",
		acctest.HclStrings(vb365sim.SeedMessageID), acctest.HCLString(target)))
	replacePlanned := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionReplace),
		plancheck.ExpectResourceAction(acctest.RestoreSessionAddr, plancheck.ResourceActionNoop),
	}}
	c := restoreKindCase{kind: "save_to_msg", items: []string{vb365sim.SeedMessageID}, file: "msg", fileName: "item.msg"}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(sim, 4),
		Steps: []resource.TestStep{
			{Config: config, Check: acctest.CheckItemActionCount(sim, 1)},
			{
				PreConfig:        func() { _ = os.Remove(target) },
				Config:           config,
				ConfigPlanChecks: replacePlanned,
				Check:            resource.ComposeAggregateTestCheckFunc(acctest.CheckItemActionCount(sim, 2), checkLedgerEntry(sim, "v8", c, dir)),
			},
			{
				PreConfig: func() {
					if err := os.WriteFile(target, []byte("edited by someone"), 0o600); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config,
				ConfigPlanChecks: replacePlanned,
				Check:            resource.ComposeAggregateTestCheckFunc(acctest.CheckItemActionCount(sim, 3), checkLedgerEntry(sim, "v8", c, dir)),
			},
			{
				// Same size, other bytes: the modification time gives the edit away.
				PreConfig: func() {
					data, err := os.ReadFile(target)
					if err != nil {
						t.Fatal(err)
					}
					data[0] ^= 0xff
					if err := os.WriteFile(target, data, 0o600); err != nil {
						t.Fatal(err)
					}
					edited := time.Now().Add(-time.Hour)
					if err := os.Chtimes(target, edited, edited); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config,
				ConfigPlanChecks: replacePlanned,
				Check:            resource.ComposeAggregateTestCheckFunc(acctest.CheckItemActionCount(sim, 4), checkLedgerEntry(sim, "v8", c, dir)),
			},
			{
				// An intact file plans nothing, also when only its modification time changed.
				PreConfig: func() {
					touched := time.Now().Add(time.Hour)
					if err := os.Chtimes(target, touched, touched); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            acctest.CheckItemActionCount(sim, 4),
			},
		},
	})
}
