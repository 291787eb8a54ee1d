package restores_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// Folder and whole-mailbox scope of vb365_mailbox_item_restore.

// scopeConfig is a restore keyed on organization_id (so the plan reviews it) of mailboxID with
// the given body (scope and action block).
func scopeConfig(sim *acctest.Sim, version, mailboxID, body string) string {
	return sim.ProviderConfig(version) + fmt.Sprintf(`
resource "vb365_mailbox_item_restore" "r" {
  organization_id = %q
  mailbox_id      = %q
%s
}
`, vb365sim.OrganizationID, mailboxID, body)
}

// checkScopeLedger checks that the ledger holds exactly the given folder/mailbox actions, in order.
func checkScopeLedger(sim *acctest.Sim, want ...vb365sim.LedgerEntry) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := acctest.ItemActions(sim)
		if len(got) != len(want) {
			return fmt.Errorf("ledger holds %d action(s), want %d: %+v", len(got), len(want), got)
		}
		for i, w := range want {
			g := got[i]
			if g.Action != w.Action || g.FolderID != w.FolderID || g.WholeMailbox != w.WholeMailbox || g.MailboxID != w.MailboxID {
				return fmt.Errorf("ledger entry %d: %s folder %q whole %v mailbox %s; want %s folder %q whole %v mailbox %s",
					i, g.Action, g.FolderID, g.WholeMailbox, g.MailboxID, w.Action, w.FolderID, w.WholeMailbox, w.MailboxID)
			}
		}
		return nil
	}
}

// TestAccMailboxItemRestore_folderRestoreTo: a folder restore shows the folder's path in the
// plan, runs once, plans nothing afterwards, and a new folder_id replaces it (runs again).
func TestAccMailboxItemRestore_folderRestoreTo(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			body := func(folderID string) string {
				return fmt.Sprintf(`  folder_id = %q
  restore_to {
    mailbox = "qa_dallas@bestsupport.onmicrosoft.com"
    folder  = "Recovered"
  }`, folderID)
			}
			projects := vb365sim.LedgerEntry{Action: "restore_to", FolderID: vb365sim.InboxSubFolderID, MailboxID: vb365sim.SeedMailboxID}
			year := vb365sim.LedgerEntry{Action: "restore_to", FolderID: vb365sim.InboxSubSubFolderID, MailboxID: vb365sim.SeedMailboxID}
			acctest.AccTest(t,
				resource.TestStep{
					Config: scopeConfig(sim, version, vb365sim.SeedMailboxID, body(vb365sim.InboxSubFolderID)),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("scope"), knownvalue.StringExact("folder Inbox/Projects and its subfolders")),
						plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("items"), knownvalue.Null()),
						plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("target"),
							knownvalue.StringExact("mailbox qa_dallas@bestsupport.onmicrosoft.com, folder Recovered")),
					}},
					Check: resource.ComposeAggregateTestCheckFunc(
						checkScopeLedger(sim, projects),
						resource.TestCheckResourceAttr(acctest.RestoreAddr, "restore_statistics.created", "1"),
						resource.TestCheckResourceAttr(acctest.RestoreAddr, "scope", "folder Inbox/Projects and its subfolders"),
					),
				},
				resource.TestStep{
					Config:           scopeConfig(sim, version, vb365sim.SeedMailboxID, body(vb365sim.InboxSubFolderID)),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					Check:            checkScopeLedger(sim, projects),
				},
				resource.TestStep{
					Config: scopeConfig(sim, version, vb365sim.SeedMailboxID, body(vb365sim.InboxSubSubFolderID)),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionReplace),
						plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("scope"), knownvalue.StringExact("folder Inbox/Projects/2019 and its subfolders")),
					}},
					Check: checkScopeLedger(sim, projects, year),
				},
			)
		})
	}
}

// TestAccMailboxItemRestore_wholeMailboxExport: whole_mailbox = true exports the mailbox to a
// PST file once, the plan names the mailbox, and a second apply plans nothing.
func TestAccMailboxItemRestore_wholeMailboxExport(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			out := filepath.Join(t.TempDir(), "qa.pst")
			config := scopeConfig(sim, version, vb365sim.QAMailboxID, fmt.Sprintf(`  whole_mailbox = true
  export_to_pst {
    path = %s
  }`, acctest.HCLString(out)))
			export := vb365sim.LedgerEntry{Action: "export_to_pst", WholeMailbox: true, MailboxID: vb365sim.QAMailboxID}
			acctest.AccTest(t,
				resource.TestStep{
					Config: config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("scope"),
							knownvalue.StringExact("the whole mailbox qa_dallas@bestsupport.onmicrosoft.com")),
						plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("items"), knownvalue.Null()),
					}},
					Check: resource.ComposeAggregateTestCheckFunc(
						checkScopeLedger(sim, export),
						resource.TestCheckResourceAttr(acctest.RestoreAddr, "output_path", out),
						resource.TestCheckResourceAttrSet(acctest.RestoreAddr, "output_sha256"),
					),
				},
				resource.TestStep{
					Config:           config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					Check:            checkScopeLedger(sim, export),
				},
			)
		})
	}
}

// TestAccMailboxItemRestore_scopeValidation: a wrong scope fails the plan with a diagnostic
// naming the attributes, and nothing reaches the server.
func TestAccMailboxItemRestore_scopeValidation(t *testing.T) {
	t.Parallel()
	item := "  item_ids = " + acctest.HclStrings(vb365sim.SeedMessageID) + "\n"
	folder := "  folder_id = " + acctest.HCLString(vb365sim.InboxFolderID) + "\n"
	cases := []struct{ name, body, want string }{
		{"items and folder", item + folder + "  send_to_default_address {}", `Conflicting scopes(.|\n)*item_ids,\s+folder_id`},
		{"folder and whole mailbox", folder + "  whole_mailbox = true\n  restore_to_original_location {}", `Conflicting scopes(.|\n)*folder_id,\s+whole_mailbox`},
		{"no scope", "  restore_to_original_location {}", `Nothing to act on(.|\n)*none is set`},
		{"whole_mailbox = false alone", "  whole_mailbox = false\n  restore_to_original_location {}", `Nothing to act on(.|\n)*whole_mailbox\s+=\s+false\s+selects\s+nothing`},
		{"folder with send_to_default_address", folder + "  send_to_default_address {}",
			`Action not available for a folder or mailbox(.|\n)*folder_id(.|\n)*send_to_default_address`},
		{"whole mailbox with save_to_msg", "  whole_mailbox = true\n  save_to_msg {\n    path = \"x.msg\"\n  }",
			`whole_mailbox(.|\n)*save_to_msg(.|\n)*restore_to_original_location,\s+restore_to,\s+export_to_pst`},
		{"unknown folder", "  folder_id = \"no-such-folder\"\n  restore_to_original_location {}", `Folder not found(.|\n)*no-such-folder`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      scopeConfig(sim, "v8", vb365sim.SeedMailboxID, c.body),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(c.want),
				}},
			})
			if got := acctest.ItemActions(sim); len(got) != 0 {
				t.Errorf("an invalid configuration ran on the server: %+v", got)
			}
		})
	}
}
