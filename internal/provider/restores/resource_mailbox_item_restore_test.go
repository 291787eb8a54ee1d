package restores_test

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// restoreKindCase is one action kind as the resource and the action are configured.
type restoreKindCase struct {
	name  string // subtest name
	kind  string // canonical action: the block name, the ledger action and the action attribute
	items []string
	// attrs are the action block's arguments; dir is a per-test directory for output files.
	attrs func(dir string) map[string]any
	// options is what the server must receive (without "items"); nil means no options.
	options map[string]any
	// file is the export kind ("pst", "msg") or empty; the output goes to dir/fileName.
	file, fileName string
	// credentials marks blocks with write-only credentials (Terraform/OpenTofu 1.11+).
	credentials bool
}

func (c restoreKindCase) bulk() bool { return len(c.items) > 1 }

// block renders the case's action block as HCL.
func (c restoreKindCase) block(dir string) string {
	return hclBlock(c.kind, c.attrs(dir))
}

// hclBlock renders a block of string, bool and integer arguments.
func hclBlock(name string, attrs map[string]any) string {
	var b strings.Builder
	b.WriteString("  " + name + " {\n")
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		switch v := attrs[k].(type) {
		case string:
			fmt.Fprintf(&b, "    %s = %s\n", k, acctest.HCLString(v))
		default:
			fmt.Fprintf(&b, "    %s = %v\n", k, v)
		}
	}
	b.WriteString("  }")
	return b.String()
}

// restoreKindCases covers every action kind with one item, and the bulk route of a restore
// and of a download.
func restoreKindCases() []restoreKindCase {
	one := []string{vb365sim.SeedMessageID}
	two := []string{vb365sim.SeedMessageID, vb365sim.SeedTaskID}
	originalAttrs := func(string) map[string]any {
		return map[string]any{"user_name": acctest.RestoreTestUser, "user_password": acctest.RestoreTestPassword}
	}
	originalOptions := map[string]any{"userName": acctest.RestoreTestUser, "userPassword": "***"}
	msgAttrs := func(dir string) map[string]any {
		return map[string]any{"path": filepath.Join(dir, "items.msg"), "overwrite": true}
	}
	return []restoreKindCase{
		{name: "restore_to_original_location", kind: "restore_to_original_location", items: one, credentials: true,
			attrs: originalAttrs, options: originalOptions},
		{name: "restore_to_original_location_bulk", kind: "restore_to_original_location", items: two, credentials: true,
			attrs: originalAttrs, options: originalOptions},
		{name: "restore_to", kind: "restore_to", items: one, credentials: true,
			attrs: func(string) map[string]any {
				return map[string]any{"mailbox": "qa_dallas@bestsupport.onmicrosoft.com", "folder": "Restored items",
					"office_region": "Worldwide", "changed_items": true, "mark_restored_as_unread": false, "user_code": acctest.RestoreTestUserCode}
			},
			options: map[string]any{"mailbox": "qa_dallas@bestsupport.onmicrosoft.com", "folder": "Restored items",
				"officeRegion": "Worldwide", "changedItems": true, "markRestoredAsUnread": false, "userCode": "***"}},
		{name: "export_to_pst", kind: "export_to_pst", items: one, file: "pst", fileName: "mail.pst",
			attrs: func(dir string) map[string]any {
				return map[string]any{"path": filepath.Join(dir, "mail.pst"), "overwrite": true,
					"enable_pst_size_limit": true, "pst_size_limit_bytes": 1073741824}
			},
			options: map[string]any{"enablePstSizeLimit": true, "pstSizeLimitBytes": 1073741824}},
		{name: "save_to_msg", kind: "save_to_msg", items: one, file: "msg", fileName: "items.msg", attrs: msgAttrs},
		{name: "save_to_msg_bulk", kind: "save_to_msg", items: two, file: "msg", fileName: "items.msg", attrs: msgAttrs},
		{name: "send_to_default_address", kind: "send_to_default_address", items: one,
			attrs: func(string) map[string]any { return map[string]any{} }},
		{name: "send_to_different_address", kind: "send_to_different_address", items: one,
			attrs: func(string) map[string]any {
				return map[string]any{"from": "vb365@bestsupport.onmicrosoft.com", "to": "legal@bestsupport.onmicrosoft.com",
					"subject": "Requested items", "text": "See attachments."}
			},
			options: map[string]any{"from": "vb365@bestsupport.onmicrosoft.com", "to": "legal@bestsupport.onmicrosoft.com",
				"subject": "Requested items", "text": "See attachments."}},
	}
}

// verifyLastItemAction checks the last item action against the case: route, session, items,
// options, and for downloads the file on disk against the simulator's bytes. It returns the
// expected file bytes (nil without a file).
func verifyLastItemAction(sim *acctest.Sim, version string, c restoreKindCase, dir, sessionID string) ([]byte, error) {
	entries := acctest.ItemActions(sim)
	if len(entries) == 0 {
		return nil, fmt.Errorf("no item action in the ledger")
	}
	e := entries[len(entries)-1]
	if e.Action != c.kind {
		return nil, fmt.Errorf("ledger action %q, want %q", e.Action, c.kind)
	}
	if want := acctest.ExpectedItemRoute(version, c.kind, c.bulk()); e.Method != "POST" || e.Route != want {
		return nil, fmt.Errorf("ledger route %s %s, want POST %s", e.Method, e.Route, want)
	}
	if e.Bulk != c.bulk() {
		return nil, fmt.Errorf("ledger bulk = %t, want %t", e.Bulk, c.bulk())
	}
	if got, want := slices.Sorted(slices.Values(e.ItemIDs)), slices.Sorted(slices.Values(c.items)); !slices.Equal(got, want) {
		return nil, fmt.Errorf("ledger items %v, want %v", got, want)
	}
	if e.RestoreSessionID != sessionID || e.MailboxID != vb365sim.SeedMailboxID {
		return nil, fmt.Errorf("ledger session/mailbox %s/%s, want %s/%s", e.RestoreSessionID, e.MailboxID, sessionID, vb365sim.SeedMailboxID)
	}
	opts, err := acctest.LedgerOptions(e)
	if err != nil {
		return nil, err
	}
	got := acctest.OptionsWithout(opts, "items")
	want := c.options
	if want == nil {
		want = map[string]any{}
	}
	if !acctest.EqualJSON(got, want) {
		return nil, fmt.Errorf("ledger options %v, want %v", got, want)
	}
	if c.file == "" {
		return nil, nil
	}
	wantBytes := sim.ExportBytes(e.RestoreSessionID, e.MailboxID, e.ItemIDs, c.file)
	if e.OutputSHA256 != acctest.Sha256Hex(wantBytes) {
		return nil, fmt.Errorf("the simulator sent %s, not the bytes of ExportBytes", e.OutputSHA256)
	}
	path := filepath.Join(dir, c.fileName)
	gotBytes, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(gotBytes, wantBytes) {
		return nil, fmt.Errorf("%s: %d bytes differ from the simulator's %d bytes", path, len(gotBytes), len(wantBytes))
	}
	return wantBytes, nil
}

// checkLedgerEntry verifies the last item action and, for downloads, the recorded output.
func checkLedgerEntry(sim *acctest.Sim, version string, c restoreKindCase, dir string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		sessionID, err := acctest.StateAttr(s, acctest.RestoreSessionAddr, "id")
		if err != nil {
			return err
		}
		wantBytes, err := verifyLastItemAction(sim, version, c, dir, sessionID)
		if err != nil || c.file == "" {
			return err
		}
		for key, want := range map[string]string{
			"output_path":       filepath.Join(dir, c.fileName),
			"output_size_bytes": fmt.Sprint(len(wantBytes)),
			"output_sha256":     acctest.Sha256Hex(wantBytes),
		} {
			if got, err := acctest.StateAttr(s, acctest.RestoreAddr, key); err != nil || got != want {
				return fmt.Errorf("%s = %q (%v), want %q", key, got, err, want)
			}
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

// TestAccMailboxItemRestore_kinds runs every action kind in the v3 and v8 dialects: the plan
// shows the restore, apply posts once, a second apply posts nothing, a new trigger posts once
// more, destroy posts nothing and stops the session.
func TestAccMailboxItemRestore_kinds(t *testing.T) {
	for _, version := range acctest.TestedVersions {
		for _, c := range restoreKindCases() {
			t.Run(version+"/"+c.name, func(t *testing.T) {
				sim := acctest.StartRestoreSim(t)
				dir := t.TempDir()
				config := func(run string) string {
					return acctest.RestoreConfig(sim, version, fmt.Sprintf("  item_ids = %s\n  reason = \"ticket 4711\"\n  triggers = { run = %q }\n%s",
						acctest.HclStrings(c.items...), run, c.block(dir)))
				}
				var versionChecks []tfversion.TerraformVersionCheck
				if c.credentials {
					versionChecks = append(versionChecks, tfversion.SkipBelow(tfversion.Version1_11_0))
				}
				var plannedOutputPath knownvalue.Check = knownvalue.Null()
				if c.file != "" {
					plannedOutputPath = knownvalue.StringExact(filepath.Join(dir, c.fileName))
				}
				showsWhatRuns := []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("action"), knownvalue.StringExact(c.kind)),
					plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("output_path"), plannedOutputPath),
				}
				var fileChecks resource.TestCheckFunc
				if c.file != "" {
					fileChecks = checkNoLeftovers(dir, c.fileName)
				} else {
					fileChecks = resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckNoResourceAttr(acctest.RestoreAddr, "output_path"),
						resource.TestCheckNoResourceAttr(acctest.RestoreAddr, "output_sha256"),
					)
				}
				statsChecks := resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckNoResourceAttr(acctest.RestoreAddr, "restore_statistics.created"),
					checkRunSession(sim),
					resource.TestCheckNoResourceAttr(acctest.RestoreAddr, "item_results.#"),
				)
				if c.kind == "restore_to_original_location" || c.kind == "restore_to" {
					statsChecks = resource.ComposeAggregateTestCheckFunc(
						checkRestoreRecordOfServer(sim, version, len(c.items)),
						resource.TestCheckResourceAttr(acctest.RestoreAddr, "restore_statistics.created", fmt.Sprint(len(c.items))),
						resource.TestCheckResourceAttr(acctest.RestoreAddr, "restore_statistics.merged", "0"),
						resource.TestCheckResourceAttr(acctest.RestoreAddr, "restore_statistics.failed", "0"),
						resource.TestCheckResourceAttr(acctest.RestoreAddr, "restore_statistics.skipped", "0"),
						resource.TestCheckResourceAttr(acctest.RestoreAddr, "restore_statistics.warnings.#", "0"),
					)
				}
				resource.Test(t, resource.TestCase{
					PreCheck:                 func() { acctest.PreCheck(t) },
					ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
					TerraformVersionChecks:   versionChecks,
					CheckDestroy:             acctest.CheckDestroyed(sim, 2),
					Steps: []resource.TestStep{
						{
							Config: config("1"),
							ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: append([]plancheck.PlanCheck{
								plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionCreate),
								plancheck.ExpectUnknownValue(acctest.RestoreAddr, tfjsonpath.New("executed_at")),
								acctest.ExpectNoSecretsInPlan{acctest.RestoreTestPassword, acctest.RestoreTestUserCode},
							}, showsWhatRuns...)},
							Check: resource.ComposeAggregateTestCheckFunc(
								acctest.CheckItemActionCount(sim, 1),
								checkLedgerEntry(sim, version, c, dir),
								resource.TestCheckResourceAttr(acctest.RestoreAddr, "action", c.kind),
								resource.TestCheckResourceAttr(acctest.RestoreAddr, "reason", "ticket 4711"),
								resource.TestMatchResourceAttr(acctest.RestoreAddr, "id", regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)),
								resource.TestMatchResourceAttr(acctest.RestoreAddr, "executed_at", regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)),
								acctest.CheckNoSecretsInState(acctest.RestoreTestPassword, acctest.RestoreTestUserCode),
								fileChecks, statsChecks,
							),
						},
						{
							// Nothing changed: nothing to do, nothing posted.
							Config: config("1"),
							ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
								plancheck.ExpectEmptyPlan(),
							}},
							Check: acctest.CheckItemActionCount(sim, 1),
						},
						{
							// A new trigger value runs the action once more.
							Config: config("2"),
							ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: append([]plancheck.PlanCheck{
								plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionReplace),
								plancheck.ExpectResourceAction(acctest.RestoreSessionAddr, plancheck.ResourceActionNoop),
							}, showsWhatRuns...)},
							Check: resource.ComposeAggregateTestCheckFunc(
								acctest.CheckItemActionCount(sim, 2),
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
		return "  item_ids = " + acctest.HclStrings(vb365sim.SeedMessageID) + "\n  restore_to_original_location {\n" + creds + "\n  }"
	}
	cases := []struct {
		name, body string
		want       string
		needsWO    bool // the configuration sets write-only attributes
	}{
		{"no action block", "  item_ids = " + acctest.HclStrings(vb365sim.SeedMessageID), `Missing action block`, false},
		{"two action blocks", "  item_ids = " + acctest.HclStrings(vb365sim.SeedMessageID) + "\n  send_to_default_address {}\n  save_to_msg {\n    path = \"x.msg\"\n  }",
			`Conflicting action blocks(.|\n)*send_to_default_address`, false},
		{"empty item_ids", "  item_ids = []\n  send_to_default_address {}", `item_ids(.|\n)*at least 1`, false},
		{"empty item id", "  item_ids = [\"\"]\n  send_to_default_address {}", `item_ids(.|\n)*length`, false},
		{"missing output directory", "  item_ids = " + acctest.HclStrings(vb365sim.SeedMessageID) + "\n  export_to_pst {\n    path = " + acctest.HCLString(missingDir) + "\n  }",
			`Output directory does not exist`, false},
		{"output directory is a file", "  item_ids = " + acctest.HclStrings(vb365sim.SeedMessageID) + "\n  save_to_msg {\n    path = " + acctest.HCLString(filepath.Join(notADir, "x.msg")) + "\n  }",
			`Output directory (does not exist|is not a directory)`, false},
		{"pst size limit too small", "  item_ids = " + acctest.HclStrings(vb365sim.SeedMessageID) + "\n  export_to_pst {\n    path = " + acctest.HCLString(filepath.Join(t.TempDir(), "a.pst")) + "\n    pst_size_limit_bytes = 1000\n  }",
			`pst_size_limit_bytes(.|\n)*between 1073741824\s+and\s+52613349376`, false},
		{"pst size limit too large", "  item_ids = " + acctest.HclStrings(vb365sim.SeedMessageID) + "\n  export_to_pst {\n    path = " + acctest.HCLString(filepath.Join(t.TempDir(), "a.pst")) + "\n    pst_size_limit_bytes = 52613349377\n  }",
			`between 1073741824\s+and\s+52613349376`, false},
		{"send to different address without to", "  item_ids = " + acctest.HclStrings(vb365sim.SeedMessageID) + "\n  send_to_different_address {\n    subject = \"s\"\n  }",
			`"to" is required in the send_to_different_address block`, false},
		{"export without path", "  item_ids = " + acctest.HclStrings(vb365sim.SeedMessageID) + "\n  export_to_pst {}",
			`"path" is required in the export_to_pst block`, false},
		{"restore_to without mailbox", "  item_ids = " + acctest.HclStrings(vb365sim.SeedMessageID) + "\n  restore_to {\n    user_code = \"c\"\n  }",
			`"mailbox" is required in the restore_to block`, true},
		{"restore_to invalid region", "  item_ids = " + acctest.HclStrings(vb365sim.SeedMessageID) + "\n  restore_to {\n    mailbox = \"m@x\"\n    office_region = \"Mars\"\n    user_code = \"c\"\n  }",
			`office_region(.|\n)*Worldwide`, true},
		{"credentials in two forms", original("    user_name = \"u\"\n    user_password = \"p\"\n    user_code = \"c\""),
			`Conflicting restore credentials(.|\n)*user name and password and\s+device code`, true},
		{"user name without password", original("    user_name = \"u\""),
			`Incomplete restore credentials(.|\n)*user_password is required`, true},
		{"certificate without impersonation account", original("    application_id = \"a\"\n    application_certificate = \"Y2VydA==\""),
			`impersonation_account_name is required`, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sim := acctest.StartRestoreSim(t)
			var versionChecks []tfversion.TerraformVersionCheck
			if c.needsWO {
				versionChecks = append(versionChecks, tfversion.SkipBelow(tfversion.Version1_11_0))
			}
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				TerraformVersionChecks:   versionChecks,
				Steps: []resource.TestStep{{
					Config:      acctest.RestoreConfig(sim, "v8", c.body),
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
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
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

// keepsRecordedOutcome is the step after a run that was recorded with an outcome other than
// succeeded: a plain apply plans nothing for it (the record is not tainted, so it is never run
// again without -replace or triggers), and the prior state passes check. preConfig, when set,
// runs first (e.g. to read the ledger). Tests follow it with another plain apply.
func keepsRecordedOutcome(config string, preConfig func(), check plancheck.PlanCheck) resource.TestStep {
	return resource.TestStep{
		PreConfig: preConfig,
		Config:    config,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionNoop),
			check,
		}},
	}
}

// expectUnknownOutcomeRecord checks the prior state of a run whose outcome is unknown: not
// tainted, outcome "unknown", the action and the run's session recorded, no statistics and no
// output file.
func expectUnknownOutcomeRecord(kind string) plancheck.PlanCheck {
	return acctest.ExpectPriorState{Addr: acctest.RestoreAddr, Check: func(v map[string]any, tainted bool) error {
		if tainted {
			return fmt.Errorf("the record of a run whose outcome is unknown is tainted: a plain apply would run it again")
		}
		if v["outcome"] != "unknown" {
			return fmt.Errorf("outcome = %v, want unknown", v["outcome"])
		}
		if v["action"] != kind || v["executed_at"] == nil || v["id"] == nil || v["server_restore_session_id"] == nil {
			return fmt.Errorf("incomplete audit record %v", v)
		}
		if v["restore_statistics"] != nil || v["output_size_bytes"] != nil || v["output_sha256"] != nil {
			return fmt.Errorf("recorded results of a run whose outcome is unknown: %v", v)
		}
		return nil
	}}
}

// TestAccMailboxItemRestore_outcomeUnknown: a restore and a send that ran on the server but
// whose answer was lost (the connection was reset after the handler). When the session's
// events can be read and name the run's items (v8), they confirm the run: it is recorded as
// succeeded, once, and not run again; v3 events name no item, so in a shared session the
// outcome stays unknown. When the events cannot be read, the outcome is unknown, the record is
// not tainted, and no plain apply runs it again; once they are readable, refresh settles it.
func TestAccMailboxItemRestore_outcomeUnknown(t *testing.T) {
	cases := []struct {
		kind, block, check string
	}{
		{"restore_to_original_location", fmt.Sprintf("  restore_to_original_location {\n    user_name = %q\n    user_password = %q\n  }",
			acctest.RestoreTestUser, acctest.RestoreTestPassword), `Check\s+the\s+original\s+mailbox`},
		{"send_to_different_address", "  send_to_different_address {\n    to = \"legal@bestsupport.onmicrosoft.com\"\n  }",
			`Check\s+whether\s+legal@bestsupport\.onmicrosoft\.com\s+received\s+the\s+items`},
	}
	for _, version := range acctest.TestedVersions {
		for _, c := range cases {
			config := func(sim *acctest.Sim) string {
				return acctest.RestoreConfig(sim, version, fmt.Sprintf("  item_ids = %s\n%s", acctest.HclStrings(vb365sim.SeedMessageID), c.block))
			}
			t.Run(version+"/"+c.kind+"/confirmed_by_events", func(t *testing.T) {
				sim := acctest.StartRestoreSim(t)
				sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/Items/", ResetAfterHandler: true})
				resource.Test(t, resource.TestCase{
					PreCheck:                 func() { acctest.PreCheck(t) },
					ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
					TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
					CheckDestroy:             acctest.CheckDestroyed(sim, 1),
					Steps: []resource.TestStep{
						{Config: config(sim), Check: resource.ComposeAggregateTestCheckFunc(acctest.CheckItemActionCount(sim, 1),
							// v3 events name no item: in a session other runs may use they prove nothing.
							resource.TestCheckResourceAttr(acctest.RestoreAddr, "outcome", map[string]string{"v3": "unknown", "v8": "succeeded"}[version]))},
						{
							Config:           config(sim),
							ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
							Check:            acctest.CheckItemActionCount(sim, 1),
						},
					},
				})
			})
			t.Run(version+"/"+c.kind+"/events_unreadable", func(t *testing.T) {
				sim := acctest.StartRestoreSim(t)
				sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/Items/", ResetAfterHandler: true})
				sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/Events", Status: 500, Times: 1000})
				config := func(sim *acctest.Sim) string { return acctest.WithoutEarlierRunLookup(config(sim)) }
				resource.Test(t, resource.TestCase{
					PreCheck:                 func() { acctest.PreCheck(t) },
					ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
					TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
					CheckDestroy:             acctest.CheckDestroyed(sim, 1),
					Steps: []resource.TestStep{
						{Config: config(sim), Check: resource.TestCheckResourceAttr(acctest.RestoreAddr, "outcome", "unknown")},
						keepsRecordedOutcome(config(sim), func() {
							if n := len(acctest.ItemActions(sim)); n != 1 {
								t.Fatalf("the ledger holds %d execution(s), want exactly 1", n)
							}
						}, expectUnknownOutcomeRecord(c.kind)),
						// In a session other runs may use, the events from before the run were not read,
						// so nothing can prove the run later: it stays unknown and is not sent again.
						{
							PreConfig: sim.ClearFaults,
							Config:    config(sim),
							Check: resource.ComposeAggregateTestCheckFunc(acctest.CheckItemActionCount(sim, 1),
								resource.TestCheckResourceAttr(acctest.RestoreAddr, "outcome", "unknown")),
						},
					},
				})
			})
		}
	}
}

// TestAccMailboxItemRestore_unconfirmedAsyncRestore: a v8 restore the server accepted but
// whose statistics cannot be read is recorded (tainted, without statistics), so the next plan
// shows a replacement instead of an unnoticed second POST.
func TestAccMailboxItemRestore_unconfirmedAsyncRestore(t *testing.T) {
	sim := acctest.StartRestoreSim(t)
	sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/Statistics", Status: 500, Times: 100})
	sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/Events", Status: 500, Times: 100})
	config := acctest.WithoutEarlierRunLookup(acctest.RestoreConfig(sim, "v8", fmt.Sprintf(`  item_ids = %s
  restore_to_original_location {
    user_name     = %q
    user_password = %q
  }`, acctest.HclStrings(vb365sim.SeedMessageID), acctest.RestoreTestUser, acctest.RestoreTestPassword)))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy:             acctest.CheckDestroyed(sim, 1),
		Steps: []resource.TestStep{
			{Config: config, Check: resource.TestCheckResourceAttr(acctest.RestoreAddr, "outcome", "unknown")},
			keepsRecordedOutcome(config, func() {
				if n := len(acctest.ItemActions(sim)); n != 1 {
					t.Fatalf("the ledger holds %d execution(s), want exactly 1", n)
				}
			}, expectUnknownOutcomeRecord("restore_to_original_location")),
			{Config: config, Check: acctest.CheckItemActionCount(sim, 1)},
		},
	})
}

// TestAccMailboxItemRestore_failedItems: a restore with failed items is an error that still
// records the statistics; Terraform taints the record, so the next plan shows the retry as a
// replacement (never a silent re-run), and nothing more is posted until it is applied.
func TestAccMailboxItemRestore_failedItems(t *testing.T) {
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			sim := acctest.StartRestoreSim(t)
			config := acctest.RestoreConfig(sim, version, fmt.Sprintf(`  item_ids = %s
  restore_to_original_location {
    user_name     = %q
    user_password = %q
  }`, acctest.HclStrings(vb365sim.SeedMessageID, vb365sim.FailingItemID), acctest.RestoreTestUser, acctest.RestoreTestPassword))
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
				// One POST in all: the plan-only step and destroy post nothing.
				CheckDestroy: acctest.CheckDestroyed(sim, 1),
				Steps: []resource.TestStep{
					{Config: config, Check: resource.TestCheckResourceAttr(acctest.RestoreAddr, "outcome", "failed_items")},
					keepsRecordedOutcome(config, nil,
						acctest.ExpectPriorState{Addr: acctest.RestoreAddr, Check: func(v map[string]any, tainted bool) error {
							stats, _ := v["restore_statistics"].(map[string]any)
							if tainted {
								return fmt.Errorf("the partially failed restore is tainted: a plain apply would run it again")
							}
							if !acctest.EqualJSON(stats, map[string]any{"created": 1, "merged": 0, "failed": 1, "skipped": 0, "warnings": []string{}}) {
								return fmt.Errorf("recorded statistics %v", stats)
							}
							if v["action"] != "restore_to_original_location" || v["executed_at"] == nil {
								return fmt.Errorf("incomplete audit record %v", v)
							}
							return nil
						}}),
					{Config: config, Check: acctest.CheckItemActionCount(sim, 1)},
				},
			})
		})
	}
}

// TestAccMailboxItemRestore_outputDrift: with on_file_change = "export_again", an output file
// that disappears or changes plans a new export (replacement); applying it writes the file again.
func TestAccMailboxItemRestore_outputDrift(t *testing.T) {
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

// TestMailboxItemRestore_destroyOnlyForgets: destroying the record warns that nothing was
// undone and contacts nobody, even without a configured provider.
func TestMailboxItemRestore_destroyOnlyForgets(t *testing.T) {
	p := acctest.NewProtoProvider(t) // not configured: Delete must not need the server
	prior := map[string]any{
		"id": "5a0c6d1e-0000-4000-8000-000000000001", "restore_session_id": vb365sim.SeedRestoreSessionID,
		"mailbox_id": vb365sim.SeedMailboxID, "item_ids": []string{vb365sim.SeedMessageID},
		"action": "export_to_pst", "executed_at": "2026-11-27T10:00:00Z",
		"export_to_pst": map[string]any{"path": "/tmp/x.pst"}, "output_path": "/tmp/x.pst",
	}
	resp, err := p.ApplyResourceChange("vb365_mailbox_item_restore", prior, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := acctest.DiagnosticsText(resp.Diagnostics)
	if acctest.HasError(resp.Diagnostics) || !strings.Contains(got, "WARNING Mailbox item restore record forgotten") ||
		!strings.Contains(got, "Nothing was undone on the server and the file /tmp/x.pst was kept") {
		t.Fatalf("diagnostics %q", got)
	}
}

// TestMailboxItemRestore_validateIgnoresTheLocalFileSystem: `validate` (which CI runs on the
// examples on another machine) does not check the output directory; planning a run does.
func TestMailboxItemRestore_validateIgnoresTheLocalFileSystem(t *testing.T) {
	p := acctest.NewProtoProvider(t)
	config := map[string]any{
		"restore_session_id": vb365sim.SeedRestoreSessionID, "mailbox_id": vb365sim.SeedMailboxID,
		"item_ids":      []string{vb365sim.SeedMessageID},
		"export_to_pst": map[string]any{"path": filepath.Join(t.TempDir(), "no-such-dir", "out.pst")},
	}
	if diags := p.ValidateResource("vb365_mailbox_item_restore", config); len(diags) != 0 {
		t.Fatalf("validate depends on the local file system: %s", acctest.DiagnosticsText(diags))
	}
}

// TestMailboxItemRestore_unconfiguredProvider: a create without a configured provider (its
// configuration was unknown) is a clear error, not a panic.
func TestMailboxItemRestore_unconfiguredProvider(t *testing.T) {
	p := acctest.NewProtoProvider(t)
	planned := map[string]any{
		"restore_session_id": vb365sim.SeedRestoreSessionID, "mailbox_id": vb365sim.SeedMailboxID,
		"item_ids": []string{vb365sim.SeedMessageID}, "send_to_default_address": map[string]any{},
	}
	resp, err := p.ApplyResourceChange("vb365_mailbox_item_restore", nil, planned, planned)
	if err != nil {
		t.Fatal(err)
	}
	if got := acctest.DiagnosticsText(resp.Diagnostics); !strings.Contains(got, "ERROR Provider not configured") {
		t.Fatalf("diagnostics %q", got)
	}
}

// TestAccMailboxItemRestore_credentialsNotLogged: with TRACE logging of the CLI and the
// provider, the restore credentials and the provider's password appear in no log line (nor
// in state, checked here, or in the plan, checked by the kinds test), while the server did
// receive them. They come from TF_VAR_ variables and VB365_PASSWORD, because the test harness
// logs the configuration text it writes.
func TestAccMailboxItemRestore_credentialsNotLogged(t *testing.T) {
	const providerPassword = "provider-Pa55-only-in-env-5c2b"
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_VAR_restore_password", acctest.RestoreTestPassword)
	t.Setenv("TF_VAR_restore_user_code", acctest.RestoreTestUserCode)
	t.Setenv("VB365_PASSWORD", providerPassword)
	// Tokens live two seconds, so the provider renews them during the run, and the first API
	// call after sign-in answers 401, so the provider replays it once with a new token: the
	// log is checked for every token the server issued.
	sim := acctest.StartRestoreSim(t, vb365sim.WithCredentials(vb365sim.DefaultUsername, providerPassword), vb365sim.WithTokenLifetime(2*time.Second))
	sim.Unauthorized(1)
	passwordLine := "  password = " + acctest.HCLString(vb365sim.DefaultPassword) + "\n"
	withPassword := acctest.RestoreConfig(sim, "v8", fmt.Sprintf(`  item_ids = %s
  restore_to_original_location {
    user_name     = %q
    user_password = var.restore_password
  }`, acctest.HclStrings(vb365sim.SeedMessageID), acctest.RestoreTestUser)) + fmt.Sprintf(`
variable "restore_password" {
  type = string
}

variable "restore_user_code" {
  type = string
}

resource "vb365_mailbox_item_restore" "to" {
  restore_session_id = vb365_restore_session.s.id
  mailbox_id         = %q
  item_ids           = %s
  restore_to {
    mailbox   = "qa_dallas@bestsupport.onmicrosoft.com"
    user_code = var.restore_user_code
  }
}
`, vb365sim.SeedMailboxID, acctest.HclStrings(vb365sim.SeedMessageID))
	config := strings.Replace(withPassword, passwordLine, "", 1)
	if config == withPassword {
		t.Fatal("the provider block still sets the password: it must come from VB365_PASSWORD")
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				acctest.CheckItemActionCount(sim, 2),
				func(*terraform.State) error {
					// The credentials did reach the server (redacted in its ledger).
					for _, e := range acctest.ItemActions(sim) {
						opts, _ := acctest.LedgerOptions(e)
						if opts["userPassword"] != "***" && opts["userCode"] != "***" {
							return fmt.Errorf("%s was sent without its credential: %v", e.Action, opts)
						}
					}
					return nil
				},
				acctest.CheckNoSecretsInState(acctest.RestoreTestPassword, acctest.RestoreTestUserCode),
				resource.TestCheckNoResourceAttr(acctest.RestoreAddr, "restore_to_original_location.user_password"),
				resource.TestCheckNoResourceAttr("vb365_mailbox_item_restore.to", "restore_to.user_code"),
			),
		}},
	})
	log, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(log, []byte("running mailbox item action")) {
		t.Fatalf("the provider's log lines are not in %s (%d bytes): the check below would prove nothing", logPath, len(log))
	}
	if sim.TokenRequests() == 0 {
		t.Fatal("the provider never signed in: the password check below would prove nothing")
	}
	tokens := sim.IssuedTokens()
	if len(tokens) < 4 {
		t.Fatalf("only %d token(s) issued: the 401 replay did not happen", len(tokens))
	}
	for _, secret := range append([]string{acctest.RestoreTestPassword, acctest.RestoreTestUserCode, providerPassword}, tokens...) {
		if i := bytes.Index(log, []byte(secret)); i >= 0 {
			t.Errorf("a secret is logged: ...%s...", log[max(0, i-300):min(len(log), i+50)])
		}
	}
}

// TestAccMailboxItemRestore_timeouts: timeouts { create } bounds the action. A request the
// server still holds when the timeout ends is cancelled, but it had been sent, so its outcome
// is unknown: the apply records it with outcome "unknown", untainted, and no later plan runs it
// again. (The server held it before running it, so nothing ran.) Changing only the timeout
// later updates in place without running anything.
func TestAccMailboxItemRestore_timeouts(t *testing.T) {
	sim := acctest.StartRestoreSim(t)
	config := func(timeout string) string {
		return acctest.RestoreConfig(sim, "v8", fmt.Sprintf("  item_ids = %s\n  send_to_default_address {}\n  timeouts {\n    create = %q\n  }",
			acctest.HclStrings(vb365sim.SeedMessageID), timeout))
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(sim, 0),
		Steps: []resource.TestStep{
			{
				Config:      config("not-a-duration"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Invalid Attribute Value Time Duration`),
			},
			{
				// The server holds the request for a minute; the 100ms timeout cancels it.
				PreConfig: func() {
					sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/sendToDefaultAddress", Latency: time.Minute})
				},
				Config: config("100ms"),
				Check:  resource.TestCheckResourceAttr(acctest.RestoreAddr, "outcome", "unknown"),
			},
			keepsRecordedOutcome(config("100ms"), func() {
				sim.ClearFaults()
				if n := len(acctest.ItemActions(sim)); n != 0 {
					t.Fatalf("the cancelled request was executed %d time(s)", n)
				}
			}, expectUnknownOutcomeRecord("send_to_default_address")),
			{
				// The outcome stays unknown (the session is shared, so no record proves the run did
				// not happen): a new timeout updates the record in place and runs nothing.
				Config: config("20m"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckItemActionCount(sim, 0),
					resource.TestCheckResourceAttr(acctest.RestoreAddr, "timeouts.create", "20m"),
					resource.TestCheckResourceAttr(acctest.RestoreAddr, "outcome", "unknown"),
				),
			},
		},
	})
}

// TestAccMailboxItemRestore_sessionReplacedRecordedInPlace: the server stops idle restore
// sessions; the next apply replaces the session, and the restore that used it records the new
// session ID in place instead of running again.
func TestAccMailboxItemRestore_sessionReplacedRecordedInPlace(t *testing.T) {
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			sim := acctest.StartRestoreSim(t)
			var firstSession, recordID, executedAt string
			config := acctest.RestoreConfig(sim, version, fmt.Sprintf("  item_ids = %s\n  send_to_default_address {}", acctest.HclStrings(vb365sim.SeedMessageID)))
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy:             acctest.CheckDestroyed(sim, 1),
				Steps: []resource.TestStep{
					{
						Config: config,
						Check: resource.ComposeAggregateTestCheckFunc(
							acctest.CaptureID(acctest.RestoreSessionAddr, &firstSession),
							acctest.CaptureID(acctest.RestoreAddr, &recordID),
							func(s *terraform.State) (err error) {
								executedAt, err = acctest.StateAttr(s, acctest.RestoreAddr, "executed_at")
								return err
							},
							acctest.CheckItemActionCount(sim, 1),
						),
					},
					{
						PreConfig: func() {
							// Behind Terraform's back, as the server's idle timeout would.
							if err := acctest.SimClient(t, sim, version).StopRestoreSession(context.Background(), firstSession); err != nil {
								t.Fatal(err)
							}
						},
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(acctest.RestoreSessionAddr, plancheck.ResourceActionReplace),
							plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionUpdate),
						}},
						Check: resource.ComposeAggregateTestCheckFunc(
							acctest.CheckItemActionCount(sim, 1),
							resource.TestCheckResourceAttrPair(acctest.RestoreAddr, "restore_session_id", acctest.RestoreSessionAddr, "id"),
							func(s *terraform.State) error {
								newSession, _ := acctest.StateAttr(s, acctest.RestoreSessionAddr, "id")
								if newSession == firstSession {
									return fmt.Errorf("the stopped session %s was not replaced", firstSession)
								}
								id, _ := acctest.StateAttr(s, acctest.RestoreAddr, "id")
								at, _ := acctest.StateAttr(s, acctest.RestoreAddr, "executed_at")
								if id != recordID || at != executedAt {
									return fmt.Errorf("the record changed from %s/%s to %s/%s: it must only take the new session ID", recordID, executedAt, id, at)
								}
								return nil
							},
						),
					},
				},
			})
		})
	}
}

// TestAccMailboxItemRestore_credentialChangeDoesNotRerun: write-only credentials are not in
// the plan, so changing them (e.g. a rotated password) runs nothing again.
func TestAccMailboxItemRestore_credentialChangeDoesNotRerun(t *testing.T) {
	sim := acctest.StartRestoreSim(t)
	config := func(password string) string {
		return acctest.RestoreConfig(sim, "v3", fmt.Sprintf("  item_ids = %s\n  restore_to_original_location {\n    user_name = %q\n    user_password = %q\n  }",
			acctest.HclStrings(vb365sim.SeedMessageID), acctest.RestoreTestUser, password))
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy:             acctest.CheckDestroyed(sim, 1),
		Steps: []resource.TestStep{
			{Config: config(acctest.RestoreTestPassword), Check: acctest.CheckItemActionCount(sim, 1)},
			{
				Config: config(acctest.RestoreTestPassword + "-rotated"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: acctest.CheckItemActionCount(sim, 1),
			},
		},
	})
}

// checkRunSession checks that server_restore_session_id names the session the last run was
// sent in (on v8 restores: the asynchronous restore session the server answered with).
func checkRunSession(sim *acctest.Sim) resource.TestCheckFunc {
	return checkRunSessionOf(sim, false)
}

// checkRunOwnSession is checkRunSession for a run given organization_id: the session is also
// its own (not the seed session, used by no other run, stopped now).
func checkRunOwnSession(sim *acctest.Sim) resource.TestCheckFunc {
	return checkRunSessionOf(sim, true)
}

func checkRunSessionOf(sim *acctest.Sim, own bool) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		actions := acctest.ItemActions(sim)
		if len(actions) == 0 {
			return fmt.Errorf("nothing ran")
		}
		last := actions[len(actions)-1]
		if own {
			if strings.EqualFold(last.RestoreSessionID, vb365sim.SeedRestoreSessionID) {
				return fmt.Errorf("the run was sent in the seed session, not a session of its own")
			}
			for _, a := range actions[:len(actions)-1] {
				if strings.EqualFold(a.RestoreSessionID, last.RestoreSessionID) {
					return fmt.Errorf("session %s was used by another run too", last.RestoreSessionID)
				}
			}
			if slices.Contains(sim.OpenSessions(), last.RestoreSessionID) {
				return fmt.Errorf("the run's session %s is still working", last.RestoreSessionID)
			}
		}
		want := last.RestoreSessionID
		if last.AsyncSessionID != "" {
			want = last.AsyncSessionID
		}
		return resource.TestCheckResourceAttr(acctest.RestoreAddr, "server_restore_session_id", want)(st)
	}
}

// checkRestoreRecordOfServer checks the server's own record of the last restore in state: the
// run's own session (checkRunOwnSession); on v8 item_results is its statistics' mailbox entry,
// before v8 null.
func checkRestoreRecordOfServer(sim *acctest.Sim, version string, items int) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		if version != "v8" {
			return resource.ComposeAggregateTestCheckFunc(
				checkRunSession(sim),
				resource.TestCheckNoResourceAttr(acctest.RestoreAddr, "item_results.#"),
			)(st)
		}
		actions := acctest.ItemActions(sim)
		if len(actions) == 0 || actions[len(actions)-1].AsyncSessionID == "" {
			return fmt.Errorf("the simulator recorded no asynchronous restore session")
		}
		return resource.ComposeAggregateTestCheckFunc(
			resource.TestCheckResourceAttr(acctest.RestoreAddr, "server_restore_session_id", actions[len(actions)-1].AsyncSessionID),
			resource.TestCheckResourceAttr(acctest.RestoreAddr, "item_results.#", "1"),
			resource.TestCheckResourceAttr(acctest.RestoreAddr, "item_results.0.details_type", "BulkMailbox"),
			resource.TestCheckResourceAttr(acctest.RestoreAddr, "item_results.0.type", "ExchangeMailbox"),
			resource.TestCheckResourceAttr(acctest.RestoreAddr, "item_results.0.status", "Success"),
			resource.TestCheckResourceAttrSet(acctest.RestoreAddr, "item_results.0.mailbox_email"),
			resource.TestCheckNoResourceAttr(acctest.RestoreAddr, "item_results.0.error"),
			resource.TestCheckResourceAttr(acctest.RestoreAddr, "item_results.0.warnings.#", "0"),
		)(st)
	}
}
