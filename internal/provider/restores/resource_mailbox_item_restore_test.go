package restores_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestAccMailboxItemRestore_validation: each invalid configuration fails at plan time with a
// message naming the problem, and nothing reaches the server.
func TestAccMailboxItemRestore_validation(t *testing.T) {
	t.Parallel()
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
			t.Parallel()
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

// TestAccMailboxItemRestore_timeouts: timeouts { create } bounds the action. A request the
// server still holds when the timeout ends is cancelled, but it had been sent, so its outcome
// is unknown: the apply records it with outcome "unknown", untainted, and no later plan runs it
// again. (The server held it before running it, so nothing ran.) Changing only the timeout
// later updates in place without running anything.
func TestAccMailboxItemRestore_timeouts(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
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
