package restores_test

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
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
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		for _, c := range restoreKindCases() {
			t.Run(version+"/"+c.name, func(t *testing.T) {
				t.Parallel()
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
