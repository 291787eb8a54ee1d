package restores_test

// The restore workflows the README and docs teach, end to end on a real CLI: a restore runs
// exactly once whatever happens to restore sessions, its plan shows what it restores, and the
// provider leaves no session of its own running.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// sessionWorkflowConfig is the pattern of a restore whose IDs are read through data sources
// keyed on an explicit vb365_restore_session: the mailbox by address, the messages by type.
func sessionWorkflowConfig(sim *acctest.Sim, version, reason string) string {
	return sim.ProviderConfig(version) + fmt.Sprintf(`
resource "vb365_restore_session" "s" {
  organization_id = %[1]q
}

data "vb365_mailboxes" "m" {
  restore_session_id = vb365_restore_session.s.id
  email              = %[2]q
}

locals {
  mailbox_id = one([for mb in data.vb365_mailboxes.m.mailboxes : mb.id if !mb.is_archive])
}

data "vb365_mailbox_items" "messages" {
  restore_session_id = vb365_restore_session.s.id
  mailbox_id         = local.mailbox_id
  type               = "message"
}

resource "vb365_mailbox_item_restore" "r" {
  restore_session_id = vb365_restore_session.s.id
  mailbox_id         = local.mailbox_id
  item_ids           = [for m in data.vb365_mailbox_items.messages.items : m.id if m.subject == "Support case"]
  reason             = %[3]q

  send_to_default_address {}
}
`, vb365sim.OrganizationID, acctest.SeedMailboxEmail, reason)
}

// TestAccRestoreWorkflow_sessionStoppedAndNewReasonSendOnce is the measured defect: apply,
// the server stops the idle session, apply, a new reason, apply: exactly one e-mail.
func TestAccRestoreWorkflow_sessionStoppedAndNewReasonSendOnce(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			var firstSession, recordID string
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy:             resource.ComposeAggregateTestCheckFunc(acctest.CheckDestroyed(sim, 1), acctest.CheckLedgerCount(sim, "send_to_default_address", 1)),
				Steps: []resource.TestStep{
					{
						Config: sessionWorkflowConfig(sim, version, "INC-1: first"),
						Check: resource.ComposeAggregateTestCheckFunc(
							acctest.CheckLedgerCount(sim, "send_to_default_address", 1),
							acctest.CaptureID(acctest.RestoreSessionAddr, &firstSession),
							acctest.CaptureID(acctest.RestoreAddr, &recordID),
						),
					},
					{
						// The server stops idle sessions on its own.
						PreConfig: sim.StopAllSessions,
						Config:    sessionWorkflowConfig(sim, version, "INC-1: first"),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(acctest.RestoreSessionAddr, plancheck.ResourceActionReplace),
							plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionUpdate),
							// Unknown until the new session is read, and then equal: not a replacement.
							plancheck.ExpectUnknownValue(acctest.RestoreAddr, tfjsonpath.New("item_ids")),
						}},
						Check: resource.ComposeAggregateTestCheckFunc(
							acctest.CheckLedgerCount(sim, "send_to_default_address", 1),
							resource.TestCheckResourceAttrPair(acctest.RestoreAddr, "restore_session_id", acctest.RestoreSessionAddr, "id"),
							resource.TestCheckResourceAttrWith(acctest.RestoreAddr, "id", func(id string) error {
								if id != recordID {
									return fmt.Errorf("the record was replaced (%s, was %s)", id, recordID)
								}
								return nil
							}),
						),
					},
					{
						Config: sessionWorkflowConfig(sim, version, "INC-1: second thoughts"),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionUpdate),
							plancheck.ExpectResourceAction(acctest.RestoreSessionAddr, plancheck.ResourceActionNoop),
						}},
						Check: resource.ComposeAggregateTestCheckFunc(
							acctest.CheckLedgerCount(sim, "send_to_default_address", 1),
							resource.TestCheckResourceAttr(acctest.RestoreAddr, "reason", "INC-1: second thoughts"),
						),
					},
				},
			})
		})
	}
}

// reviewedSeedItems is what the plan must show of the two items organizationWorkflowConfig
// restores, in the order of their sorted IDs.
func reviewedSeedItems() knownvalue.Check {
	projects := "Inbox/Projects"
	return knownvalue.ListExact([]knownvalue.Check{
		knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id": knownvalue.StringExact(vb365sim.SeedMessageID), "type": knownvalue.StringExact("message"),
			"item_class": knownvalue.StringExact("IPM.Message"), "subject": knownvalue.StringExact("Support case"),
			"folder_id": knownvalue.StringExact(vb365sim.InboxFolderID), "folder": knownvalue.StringExact("Inbox"),
			"date": knownvalue.StringExact("2017-05-25T08:39:16.8235249Z"), "version_state": knownvalue.StringExact("current"),
		}),
		knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id": knownvalue.StringExact(vb365sim.SubFolderItemID), "type": knownvalue.StringExact("message"),
			"item_class": knownvalue.StringExact("IPM.Note"), "subject": knownvalue.StringExact("Project kickoff"),
			"folder_id": knownvalue.StringExact(vb365sim.InboxSubFolderID), "folder": knownvalue.StringExact(projects),
			"date": knownvalue.StringExact("2017-03-01T08:00:05Z"), "version_state": knownvalue.StringExact("current"),
		}),
	})
}

// TestAccRestoreWorkflow_planShowsWhatIsRestored: in the documented workflow the saved plan
// that creates a restore holds, as known values, every item (type, subject, folder, date), the
// source mailbox, the action and its target, and the account; apply runs it once; the
// provider's own sessions are stopped after every command.
func TestAccRestoreWorkflow_planShowsWhatIsRestored(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			block := `  restore_to {
    mailbox = "qa_dallas@bestsupport.onmicrosoft.com"
    folder  = "Restored/j.smith"
    user_code = "DEVICE-CODE-only-in-config-93af"
  }`
			config := acctest.OrganizationWorkflowConfig(sim, version, "INC-2: legal hold", block)
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
				CheckDestroy:             resource.ComposeAggregateTestCheckFunc(acctest.CheckNoProviderSessionLeft(sim), acctest.CheckLedgerCount(sim, "restore_to", 1)),
				Steps: []resource.TestStep{
					{
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionCreate),
							plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("items"), reviewedSeedItems()),
							plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("source_mailbox"), knownvalue.ObjectExact(map[string]knownvalue.Check{
								"id": knownvalue.StringExact(vb365sim.SeedMailboxID), "name": knownvalue.StringExact("John Smith"),
								"email": knownvalue.StringExact(acctest.SeedMailboxEmail), "is_archive": knownvalue.Bool(false),
							})),
							plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("action"), knownvalue.StringExact("restore_to")),
							plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("target"),
								knownvalue.StringExact("mailbox qa_dallas@bestsupport.onmicrosoft.com, folder Restored/j.smith")),
							plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("executed_by"), knownvalue.StringExact(vb365sim.DefaultUsername)),
							plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("item_ids"), knownvalue.SetSizeExact(2)),
							acctest.ExpectNoSecretsInPlan{acctest.RestoreTestUserCode},
						}},
						Check: resource.ComposeAggregateTestCheckFunc(
							acctest.CheckLedgerCount(sim, "restore_to", 1),
							acctest.CheckNoProviderSessionLeft(sim),
							resource.TestCheckResourceAttr(acctest.RestoreAddr, "items.1.subject", "Project kickoff"),
							resource.TestCheckNoResourceAttr(acctest.RestoreAddr, "restore_session_id"),
							acctest.CheckNoSecretsInState(acctest.RestoreTestUserCode),
						),
					},
					{
						Config:           config,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
						Check:            resource.ComposeAggregateTestCheckFunc(acctest.CheckLedgerCount(sim, "restore_to", 1), acctest.CheckNoProviderSessionLeft(sim)),
					},
					{
						// The server stopping every session changes nothing: none is recorded.
						PreConfig: sim.StopAllSessions,
						Config:    acctest.OrganizationWorkflowConfig(sim, version, "INC-2: legal hold, reviewed", block),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionUpdate),
						}},
						Check: resource.ComposeAggregateTestCheckFunc(acctest.CheckLedgerCount(sim, "restore_to", 1), acctest.CheckNoProviderSessionLeft(sim)),
					},
				},
			})
		})
	}
}

// TestAccRestoreWorkflow_failedCommandsLeaveNoSession: a plan that cannot review the restore
// (an item that does not exist) and an apply whose restore the server refuses both fail, and
// leave no session the provider opened running.
func TestAccRestoreWorkflow_failedCommandsLeaveNoSession(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	config := func(itemIDs string) string {
		return sim.ProviderConfig("v8") + fmt.Sprintf(`
resource "vb365_mailbox_item_restore" "r" {
  organization_id = %q
  mailbox_id      = %q
  item_ids        = %s
  send_to_default_address {}
}
`, vb365sim.OrganizationID, vb365sim.SeedMailboxID, itemIDs)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(acctest.CheckNoProviderSessionLeft(sim), acctest.CheckLedgerCount(sim, "send_to_default_address", 1)),
		Steps: []resource.TestStep{
			{
				Config:      config(acctest.HclStrings("AAMkNoSuchItemAAA=")),
				ExpectError: regexp.MustCompile(`(?s)Cannot read what the restore restores.*AAMkNoSuchItemAAA=`),
			},
			{
				// The server refuses the send (400 before anything runs): nothing is recorded.
				PreConfig: func() {
					sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "sendToDefaultAddress", Status: 400, Times: 1})
				},
				Config:      config(acctest.HclStrings(vb365sim.SeedMessageID)),
				ExpectError: regexp.MustCompile(`send_to_default_address failed`),
			},
			{
				Config: config(acctest.HclStrings(vb365sim.SeedMessageID)),
				Check:  resource.ComposeAggregateTestCheckFunc(acctest.CheckNoProviderSessionLeft(sim), acctest.CheckLedgerCount(sim, "send_to_default_address", 1)),
			},
		},
	})
	if n := sim.ExploredSessions(); n < 3 {
		t.Fatalf("only %d sessions were opened: the provider did not open its own", n)
	}
}

// TestAccRestoreWorkflow_unknownThatTurnsOutDifferentRunsNothing: an item ID unknown at plan
// time is planned as an update; when it turns out different at apply, the CLI stops before
// anything runs (the provider asks for a replacement when it plans again with the final
// Values), the record stays, and the next plan shows the replacement for review.
func TestAccRestoreWorkflow_unknownThatTurnsOutDifferentRunsNothing(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	config := func(itemID string) string {
		return sim.ProviderConfig("v8") + fmt.Sprintf(`
resource "terraform_data" "pick" {
  input = %q
}

resource "vb365_mailbox_item_restore" "r" {
  organization_id = %q
  mailbox_id      = %q
  item_ids        = [terraform_data.pick.output]
  send_to_default_address {}
}
`, itemID, vb365sim.OrganizationID, vb365sim.SeedMailboxID)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckNoProviderSessionLeft(sim),
		Steps: []resource.TestStep{
			{Config: config(vb365sim.SeedMessageID), Check: acctest.CheckLedgerCount(sim, "send_to_default_address", 1)},
			{
				Config: config(vb365sim.SubFolderItemID),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionUpdate),
				}},
				ExpectError: regexp.MustCompile(`(?s)changed the planned action from\s+Update to DeleteThenCreate`),
			},
			{
				Config:             config(vb365sim.SubFolderItemID),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionReplace),
				}},
			},
			{Config: config(vb365sim.SubFolderItemID), Check: acctest.CheckLedgerCount(sim, "send_to_default_address", 2)},
		},
	})
}

// TestAccRestoreWorkflow_missingOutputFile: a PST file missing on the next machine is not
// exported again by default (a warning, an empty plan); with on_file_change = "export_again"
// the next apply exports it again, once.
func TestAccRestoreWorkflow_missingOutputFile(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	dir := t.TempDir()
	target := filepath.Join(dir, "calendar.pst")
	config := func(onFileChange string) string {
		setting := ""
		if onFileChange != "" {
			setting = fmt.Sprintf("  on_file_change = %q\n", onFileChange)
		}
		return sim.ProviderConfig("v8") + fmt.Sprintf(`
resource "vb365_mailbox_item_restore" "r" {
  organization_id = %q
  mailbox_id      = %q
  item_ids        = [%q]
%s
  export_to_pst {
    path = %q
  }
}
`, vb365sim.OrganizationID, vb365sim.SeedMailboxID, vb365sim.SeedAppointmentID, setting, target)
	}
	remove := func() { _ = os.Remove(target) }
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckNoProviderSessionLeft(sim),
		Steps: []resource.TestStep{
			{
				Config: config(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("target"), knownvalue.StringExact("PST file "+target)),
					plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("on_file_change"), knownvalue.StringExact("ignore")),
				}},
				Check: acctest.CheckLedgerCount(sim, "export_to_pst", 1),
			},
			{
				PreConfig:        remove,
				Config:           config(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: resource.ComposeAggregateTestCheckFunc(acctest.CheckLedgerCount(sim, "export_to_pst", 1),
					func(*terraform.State) error {
						if _, err := os.Stat(target); !os.IsNotExist(err) {
							return fmt.Errorf("the missing file was written again: %v", err)
						}
						return nil
					}),
			},
			{
				// Choosing export_again is an in-place change; the refresh of the same run
				// then finds the file missing and the plan after it exports again.
				Config: config("export_again"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionReplace),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(acctest.CheckLedgerCount(sim, "export_to_pst", 2),
					resource.TestCheckResourceAttr(acctest.RestoreAddr, "output_path", target)),
			},
		},
	})
}
