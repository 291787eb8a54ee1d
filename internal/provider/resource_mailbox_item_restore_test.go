package provider_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// restoreKindCase is one action kind as the resource and the action are configured.
type restoreKindCase struct {
	name  string // subtest name
	kind  string // canonical action, as in the ledger and the action attribute
	items []string
	// block renders the action block; dir is a per-test directory for output files.
	block func(dir string) string
	// options is what the server must receive (without "items"); nil means no options.
	options map[string]any
	// file is the export kind ("pst", "msg") or empty; the output goes to dir/fileName.
	file, fileName string
	// credentials marks blocks with write-only credentials (Terraform/OpenTofu 1.11+).
	credentials bool
}

func (c restoreKindCase) bulk() bool { return len(c.items) > 1 }

// restoreKindCases covers every action kind with one item, and the bulk route of a restore
// and of a download.
func restoreKindCases() []restoreKindCase {
	one := []string{vb365sim.SeedMessageID}
	two := []string{vb365sim.SeedMessageID, vb365sim.SeedTaskID}
	originalBlock := func(string) string {
		return fmt.Sprintf(`  restore_to_original_location {
    user_name     = %q
    user_password = %q
  }`, restoreTestUser, restoreTestPassword)
	}
	originalOptions := map[string]any{"userName": restoreTestUser, "userPassword": "***"}
	msgBlock := func(dir string) string {
		return fmt.Sprintf("  save_to_msg {\n    path      = %s\n    overwrite = true\n  }", acctest.HCLString(filepath.Join(dir, "items.msg")))
	}
	return []restoreKindCase{
		{name: "restore_to_original_location", kind: "restore_to_original_location", items: one, credentials: true,
			block: originalBlock, options: originalOptions},
		{name: "restore_to_original_location_bulk", kind: "restore_to_original_location", items: two, credentials: true,
			block: originalBlock, options: originalOptions},
		{name: "restore_to", kind: "restore_to", items: one, credentials: true,
			block: func(string) string {
				return fmt.Sprintf(`  restore_to {
    mailbox                 = "qa_dallas@bestsupport.onmicrosoft.com"
    folder                  = "Restored items"
    office_region           = "Worldwide"
    changed_items           = true
    mark_restored_as_unread = false
    user_code               = %q
  }`, restoreTestUserCode)
			},
			options: map[string]any{"mailbox": "qa_dallas@bestsupport.onmicrosoft.com", "folder": "Restored items",
				"officeRegion": "Worldwide", "changedItems": true, "markRestoredAsUnread": false, "userCode": "***"}},
		{name: "export_to_pst", kind: "export_to_pst", items: one, file: "pst", fileName: "mail.pst",
			block: func(dir string) string {
				return fmt.Sprintf(`  export_to_pst {
    path                  = %s
    overwrite             = true
    enable_pst_size_limit = true
    pst_size_limit_bytes  = 1073741824
  }`, acctest.HCLString(filepath.Join(dir, "mail.pst")))
			},
			options: map[string]any{"enablePstSizeLimit": true, "pstSizeLimitBytes": 1073741824}},
		{name: "save_to_msg", kind: "save_to_msg", items: one, file: "msg", fileName: "items.msg", block: msgBlock},
		{name: "save_to_msg_bulk", kind: "save_to_msg", items: two, file: "msg", fileName: "items.msg", block: msgBlock},
		{name: "send_to_default_address", kind: "send_to_default_address", items: one,
			block: func(string) string { return "  send_to_default_address {}" }},
		{name: "send_to_different_address", kind: "send_to_different_address", items: one,
			block: func(string) string {
				return `  send_to_different_address {
    from    = "vb365@bestsupport.onmicrosoft.com"
    to      = "legal@bestsupport.onmicrosoft.com"
    subject = "Requested items"
    text    = "See attachments."
  }`
			},
			options: map[string]any{"from": "vb365@bestsupport.onmicrosoft.com", "to": "legal@bestsupport.onmicrosoft.com",
				"subject": "Requested items", "text": "See attachments."}},
	}
}

// checkLedgerEntry verifies the last item action against the case: route, items, options,
// and for downloads the file on disk against the simulator's bytes and the recorded hash.
func checkLedgerEntry(sim *acctest.Sim, version string, c restoreKindCase, dir string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		entries := itemActions(sim)
		if len(entries) == 0 {
			return fmt.Errorf("no item action in the ledger")
		}
		e := entries[len(entries)-1]
		if e.Action != c.kind {
			return fmt.Errorf("ledger action %q, want %q", e.Action, c.kind)
		}
		if want := expectedItemRoute(version, c.kind, c.bulk()); e.Method != "POST" || e.Route != want {
			return fmt.Errorf("ledger route %s %s, want POST %s", e.Method, e.Route, want)
		}
		if e.Bulk != c.bulk() {
			return fmt.Errorf("ledger bulk = %t, want %t", e.Bulk, c.bulk())
		}
		if got, want := slices.Sorted(slices.Values(e.ItemIDs)), slices.Sorted(slices.Values(c.items)); !slices.Equal(got, want) {
			return fmt.Errorf("ledger items %v, want %v", got, want)
		}
		sessionID, err := stateAttr(s, restoreSessionAddr, "id")
		if err != nil {
			return err
		}
		if e.RestoreSessionID != sessionID || e.MailboxID != vb365sim.SeedMailboxID {
			return fmt.Errorf("ledger session/mailbox %s/%s, want %s/%s", e.RestoreSessionID, e.MailboxID, sessionID, vb365sim.SeedMailboxID)
		}
		opts, err := ledgerOptions(e)
		if err != nil {
			return err
		}
		got := optionsWithout(opts, "items")
		want := c.options
		if want == nil {
			want = map[string]any{}
		}
		if !equalJSON(got, want) {
			return fmt.Errorf("ledger options %v, want %v", got, want)
		}
		if c.file == "" {
			return nil
		}
		wantBytes := sim.ExportBytes(e.RestoreSessionID, e.MailboxID, e.ItemIDs, c.file)
		path := filepath.Join(dir, c.fileName)
		gotBytes, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !bytes.Equal(gotBytes, wantBytes) {
			return fmt.Errorf("%s: %d bytes differ from the simulator's %d bytes", path, len(gotBytes), len(wantBytes))
		}
		for key, want := range map[string]string{
			"output_path":       path,
			"output_size_bytes": fmt.Sprint(len(wantBytes)),
			"output_sha256":     sha256Hex(wantBytes),
		} {
			if got, err := stateAttr(s, restoreAddr, key); err != nil || got != want {
				return fmt.Errorf("%s = %q (%v), want %q", key, got, err, want)
			}
		}
		if e.OutputSHA256 != sha256Hex(wantBytes) {
			return fmt.Errorf("the simulator sent %s, not the bytes of ExportBytes", e.OutputSHA256)
		}
		return nil
	}
}

// leftoverFiles lists what is in dir besides the expected output (temporary files must not remain).
func checkNoLeftovers(dir string, keep ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if !slices.Contains(keep, e.Name()) {
				return fmt.Errorf("unexpected file %s left in %s", e.Name(), dir)
			}
		}
		return nil
	}
}

// checkSessionsStopped is a CheckDestroy: the test's restore sessions are not left running,
// and destroying the restore record posted nothing.
func checkDestroyed(sim *acctest.Sim, wantItemActions int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, id := range sim.OpenSessions() {
			if id != vb365sim.SeedRestoreSessionID {
				return fmt.Errorf("restore session %s is still open after destroy", id)
			}
		}
		return checkItemActionCount(sim, wantItemActions)(nil)
	}
}

// TestAccMailboxItemRestore_kinds runs every action kind in the v3 and v8 dialects: the plan
// shows the restore, apply posts once, a second apply posts nothing, a new trigger posts once
// more, destroy posts nothing and stops the session.
func TestAccMailboxItemRestore_kinds(t *testing.T) {
	for _, version := range testedVersions {
		for _, c := range restoreKindCases() {
			t.Run(version+"/"+c.name, func(t *testing.T) {
				sim := startRestoreSim(t)
				dir := t.TempDir()
				config := func(run string) string {
					return restoreConfig(sim, version, fmt.Sprintf("  item_ids = %s\n  reason = \"ticket 4711\"\n  triggers = { run = %q }\n%s",
						hclStrings(c.items...), run, c.block(dir)))
				}
				var versionChecks []tfversion.TerraformVersionCheck
				if c.credentials {
					versionChecks = append(versionChecks, tfversion.SkipBelow(tfversion.Version1_11_0))
				}
				fileChecks := resource.ComposeAggregateTestCheckFunc()
				if c.file != "" {
					fileChecks = checkNoLeftovers(dir, c.fileName)
				} else {
					fileChecks = resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckNoResourceAttr(restoreAddr, "output_path"),
						resource.TestCheckNoResourceAttr(restoreAddr, "output_sha256"),
					)
				}
				statsChecks := resource.TestCheckNoResourceAttr(restoreAddr, "restore_statistics.created")
				if c.kind == "restore_to_original_location" || c.kind == "restore_to" {
					statsChecks = resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr(restoreAddr, "restore_statistics.created", fmt.Sprint(len(c.items))),
						resource.TestCheckResourceAttr(restoreAddr, "restore_statistics.merged", "0"),
						resource.TestCheckResourceAttr(restoreAddr, "restore_statistics.failed", "0"),
						resource.TestCheckResourceAttr(restoreAddr, "restore_statistics.skipped", "0"),
						resource.TestCheckResourceAttr(restoreAddr, "restore_statistics.warnings.#", "0"),
					)
				}
				resource.Test(t, resource.TestCase{
					PreCheck:                 func() { acctest.PreCheck(t) },
					ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
					TerraformVersionChecks:   versionChecks,
					CheckDestroy:             checkDestroyed(sim, 2),
					Steps: []resource.TestStep{
						{
							Config: config("1"),
							ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(restoreAddr, plancheck.ResourceActionCreate),
								plancheck.ExpectUnknownValue(restoreAddr, tfjsonpath.New("executed_at")),
								expectNoSecretsInPlan{restoreTestPassword, restoreTestUserCode},
							}},
							Check: resource.ComposeAggregateTestCheckFunc(
								checkItemActionCount(sim, 1),
								checkLedgerEntry(sim, version, c, dir),
								resource.TestCheckResourceAttr(restoreAddr, "action", c.kind),
								resource.TestCheckResourceAttr(restoreAddr, "reason", "ticket 4711"),
								resource.TestMatchResourceAttr(restoreAddr, "id", regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)),
								resource.TestMatchResourceAttr(restoreAddr, "executed_at", regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)),
								checkNoSecretsInState(restoreTestPassword, restoreTestUserCode),
								fileChecks, statsChecks,
							),
						},
						{
							// Nothing changed: nothing to do, nothing posted.
							Config: config("1"),
							ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
								plancheck.ExpectEmptyPlan(),
							}},
							Check: checkItemActionCount(sim, 1),
						},
						{
							// A new trigger value runs the action once more.
							Config: config("2"),
							ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(restoreAddr, plancheck.ResourceActionReplace),
								plancheck.ExpectResourceAction(restoreSessionAddr, plancheck.ResourceActionNoop),
							}},
							Check: resource.ComposeAggregateTestCheckFunc(
								checkItemActionCount(sim, 2),
								checkLedgerEntry(sim, version, c, dir),
							),
						},
					},
				})
			})
		}
	}
}

// TestAccMailboxItemRestore_validation: each invalid configuration fails at plan time with a
// message naming the problem, and nothing reaches the server.
func TestAccMailboxItemRestore_validation(t *testing.T) {
	missingDir := filepath.Join(t.TempDir(), "no-such-dir", "out.pst")
	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	original := func(creds string) string {
		return "  item_ids = " + hclStrings(vb365sim.SeedMessageID) + "\n  restore_to_original_location {\n" + creds + "\n  }"
	}
	cases := []struct {
		name, body string
		want       string
		needsWO    bool // the configuration sets write-only attributes
	}{
		{"no action block", "  item_ids = " + hclStrings(vb365sim.SeedMessageID), `Missing action block`, false},
		{"two action blocks", "  item_ids = " + hclStrings(vb365sim.SeedMessageID) + "\n  send_to_default_address {}\n  save_to_msg {\n    path = \"x.msg\"\n  }",
			`Conflicting action blocks(.|\n)*send_to_default_address`, false},
		{"empty item_ids", "  item_ids = []\n  send_to_default_address {}", `item_ids(.|\n)*at least 1`, false},
		{"empty item id", "  item_ids = [\"\"]\n  send_to_default_address {}", `item_ids(.|\n)*length`, false},
		{"missing output directory", "  item_ids = " + hclStrings(vb365sim.SeedMessageID) + "\n  export_to_pst {\n    path = " + acctest.HCLString(missingDir) + "\n  }",
			`Output directory does not exist`, false},
		{"output directory is a file", "  item_ids = " + hclStrings(vb365sim.SeedMessageID) + "\n  save_to_msg {\n    path = " + acctest.HCLString(filepath.Join(notADir, "x.msg")) + "\n  }",
			`Output directory (does not exist|is not a directory)`, false},
		{"pst size limit too small", "  item_ids = " + hclStrings(vb365sim.SeedMessageID) + "\n  export_to_pst {\n    path = " + acctest.HCLString(filepath.Join(t.TempDir(), "a.pst")) + "\n    pst_size_limit_bytes = 1000\n  }",
			`pst_size_limit_bytes(.|\n)*between 1073741824\s+and\s+52613349376`, false},
		{"pst size limit too large", "  item_ids = " + hclStrings(vb365sim.SeedMessageID) + "\n  export_to_pst {\n    path = " + acctest.HCLString(filepath.Join(t.TempDir(), "a.pst")) + "\n    pst_size_limit_bytes = 52613349377\n  }",
			`between 1073741824\s+and\s+52613349376`, false},
		{"send to different address without to", "  item_ids = " + hclStrings(vb365sim.SeedMessageID) + "\n  send_to_different_address {\n    subject = \"s\"\n  }",
			`"to" is required in the send_to_different_address block`, false},
		{"export without path", "  item_ids = " + hclStrings(vb365sim.SeedMessageID) + "\n  export_to_pst {}",
			`"path" is required in the export_to_pst block`, false},
		{"restore_to without mailbox", "  item_ids = " + hclStrings(vb365sim.SeedMessageID) + "\n  restore_to {\n    user_code = \"c\"\n  }",
			`"mailbox" is required in the restore_to block`, true},
		{"restore_to invalid region", "  item_ids = " + hclStrings(vb365sim.SeedMessageID) + "\n  restore_to {\n    mailbox = \"m@x\"\n    office_region = \"Mars\"\n    user_code = \"c\"\n  }",
			`office_region(.|\n)*Worldwide`, true},
		{"restore without credentials", original(""), `Missing restore credentials`, false},
		{"credentials in two forms", original("    user_name = \"u\"\n    user_password = \"p\"\n    user_code = \"c\""),
			`Conflicting restore credentials(.|\n)*user name and password and\s+device code`, true},
		{"user name without password", original("    user_name = \"u\""),
			`Incomplete restore credentials(.|\n)*user_password is required`, true},
		{"certificate without impersonation account", original("    application_id = \"a\"\n    application_certificate = \"Y2VydA==\""),
			`impersonation_account_name is required`, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sim := startRestoreSim(t)
			var versionChecks []tfversion.TerraformVersionCheck
			if c.needsWO {
				versionChecks = append(versionChecks, tfversion.SkipBelow(tfversion.Version1_11_0))
			}
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				TerraformVersionChecks:   versionChecks,
				Steps: []resource.TestStep{{
					Config:      restoreConfig(sim, "v8", c.body),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(c.want),
				}},
			})
			if n := len(sim.Ledger()); n != 0 {
				t.Errorf("an invalid configuration reached the server: %d ledger entries", n)
			}
		})
	}
}

// TestAccMailboxItemRestore_existingFileNotOverwritten: an existing output file without
// overwrite fails the plan, the file is untouched and nothing is posted; with overwrite the
// export replaces it.
func TestAccMailboxItemRestore_existingFileNotOverwritten(t *testing.T) {
	sim := startRestoreSim(t)
	dir := t.TempDir()
	target := filepath.Join(dir, "mail.pst")
	original := []byte("precious existing file")
	if err := os.WriteFile(target, original, 0o600); err != nil {
		t.Fatal(err)
	}
	config := func(overwrite bool) string {
		return restoreConfig(sim, "v3", fmt.Sprintf("  item_ids = %s\n  export_to_pst {\n    path = %s\n    overwrite = %t\n  }",
			hclStrings(vb365sim.SeedMessageID), acctest.HCLString(target), overwrite))
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
		CheckDestroy:             checkDestroyed(sim, 1),
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
					if n := len(itemActions(sim)); n != 0 {
						t.Fatalf("%d item action(s) posted for a refused export", n)
					}
				},
				Config: config(true),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkItemActionCount(sim, 1),
					func(s *terraform.State) error {
						got, err := os.ReadFile(target)
						if err != nil {
							return err
						}
						if want, _ := stateAttr(s, restoreAddr, "output_sha256"); sha256Hex(got) != want {
							return fmt.Errorf("file hash %s, state %s", sha256Hex(got), want)
						}
						return nil
					},
					checkNoLeftovers(dir, "mail.pst"),
				),
			},
		},
	})
}

// TestAccMailboxItemRestore_failedDownloadLeavesNothing: a download cut short is an error,
// leaves no file (not even the temporary one) and no record; the POST is not retried.
func TestAccMailboxItemRestore_failedDownloadLeavesNothing(t *testing.T) {
	for _, version := range testedVersions {
		t.Run(version, func(t *testing.T) {
			sim := startRestoreSim(t)
			dir := t.TempDir()
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy:             checkDestroyed(sim, 1),
				Steps: []resource.TestStep{{
					PreConfig: func() {
						sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/Items/", TruncatedBody: true})
					},
					Config: restoreConfig(sim, version, fmt.Sprintf("  item_ids = %s\n  export_to_pst {\n    path = %s\n  }",
						hclStrings(vb365sim.SeedMessageID), acctest.HCLString(filepath.Join(dir, "mail.pst")))),
					ExpectError: regexp.MustCompile(`export_to_pst failed(.|\n)*truncated`),
				}, {
					// No record was kept: the restore is planned again.
					PreConfig: func() {
						if entries, _ := os.ReadDir(dir); len(entries) != 0 {
							t.Fatalf("a failed download left %d file(s) in %s: %v", len(entries), dir, entries[0].Name())
						}
						if n := len(itemActions(sim)); n != 1 {
							t.Fatalf("%d export(s) reached the server, want exactly 1 (no retry of a POST)", n)
						}
					},
					Config: restoreConfig(sim, version, fmt.Sprintf("  item_ids = %s\n  export_to_pst {\n    path = %s\n  }",
						hclStrings(vb365sim.SeedMessageID), acctest.HCLString(filepath.Join(dir, "mail.pst")))),
					PlanOnly: true, ExpectNonEmptyPlan: true,
					ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(restoreAddr, plancheck.ResourceActionCreate),
					}},
				}},
			})
		})
	}
}

// TestAccMailboxItemRestore_failedItems: a restore with failed items is an error that still
// records the statistics; Terraform taints the record, so the next plan shows the retry as a
// replacement (never a silent re-run), and nothing more is posted until it is applied.
func TestAccMailboxItemRestore_failedItems(t *testing.T) {
	for _, version := range testedVersions {
		t.Run(version, func(t *testing.T) {
			sim := startRestoreSim(t)
			config := restoreConfig(sim, version, fmt.Sprintf(`  item_ids = %s
  restore_to_original_location {
    user_name     = %q
    user_password = %q
  }`, hclStrings(vb365sim.SeedMessageID, vb365sim.FailingItemID), restoreTestUser, restoreTestPassword))
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
				// One POST in all: the plan-only step and destroy post nothing.
				CheckDestroy: checkDestroyed(sim, 1),
				Steps: []resource.TestStep{
					{
						Config:      config,
						ExpectError: regexp.MustCompile(`Restore finished with failed items(.|\n)*created 1, merged 0,\s+skipped 0, failed 1\.`),
					},
					{
						Config:   config,
						PlanOnly: true, ExpectNonEmptyPlan: true,
						ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(restoreAddr, plancheck.ResourceActionReplace),
							expectPriorState{addr: restoreAddr, check: func(v map[string]any, tainted bool) error {
								stats, _ := v["restore_statistics"].(map[string]any)
								if !tainted {
									return fmt.Errorf("the partially failed restore is not tainted")
								}
								if !equalJSON(stats, map[string]any{"created": 1, "merged": 0, "failed": 1, "skipped": 0, "warnings": []string{}}) {
									return fmt.Errorf("recorded statistics %v", stats)
								}
								if v["action"] != "restore_to_original_location" || v["executed_at"] == nil {
									return fmt.Errorf("incomplete audit record %v", v)
								}
								return nil
							}},
						}},
					},
				},
			})
		})
	}
}

// TestAccMailboxItemRestore_outputDrift: an output file that disappears or changes plans a
// new export (replacement); applying it writes the file again.
func TestAccMailboxItemRestore_outputDrift(t *testing.T) {
	sim := startRestoreSim(t)
	dir := t.TempDir()
	target := filepath.Join(dir, "item.msg")
	config := restoreConfig(sim, "v8", fmt.Sprintf("  item_ids = %s\n  save_to_msg {\n    path = %s\n    overwrite = true\n  }",
		hclStrings(vb365sim.SeedMessageID), acctest.HCLString(target)))
	replacePlanned := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(restoreAddr, plancheck.ResourceActionReplace),
		plancheck.ExpectResourceAction(restoreSessionAddr, plancheck.ResourceActionNoop),
	}}
	c := restoreKindCase{kind: "save_to_msg", items: []string{vb365sim.SeedMessageID}, file: "msg", fileName: "item.msg"}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroyed(sim, 3),
		Steps: []resource.TestStep{
			{Config: config, Check: checkItemActionCount(sim, 1)},
			{
				PreConfig:        func() { _ = os.Remove(target) },
				Config:           config,
				ConfigPlanChecks: replacePlanned,
				Check:            resource.ComposeAggregateTestCheckFunc(checkItemActionCount(sim, 2), checkLedgerEntry(sim, "v8", c, dir)),
			},
			{
				PreConfig: func() {
					if err := os.WriteFile(target, []byte("edited by someone"), 0o600); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config,
				ConfigPlanChecks: replacePlanned,
				Check:            resource.ComposeAggregateTestCheckFunc(checkItemActionCount(sim, 3), checkLedgerEntry(sim, "v8", c, dir)),
			},
			{
				// An intact file plans nothing.
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            checkItemActionCount(sim, 3),
			},
		},
	})
}
