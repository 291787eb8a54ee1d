package restores_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// actionConfig is the action's configuration for a case, on the simulator's seed session.
func actionConfig(c restoreKindCase, dir string) map[string]any {
	return map[string]any{
		"restore_session_id": vb365sim.SeedRestoreSessionID,
		"mailbox_id":         vb365sim.SeedMailboxID,
		"item_ids":           c.items,
		"reason":             "ticket 4711",
		c.kind:               c.attrs(dir),
	}
}

// TestActionMailboxItemRestore_kinds invokes the action for every kind in the v3 and v8
// dialects through the plugin protocol: validation and planning post nothing, each
// invocation posts exactly once and reports progress and the outcome.
func TestActionMailboxItemRestore_kinds(t *testing.T) {
	for _, version := range acctest.TestedVersions {
		for _, c := range restoreKindCases() {
			t.Run(version+"/"+c.name, func(t *testing.T) {
				sim := acctest.StartRestoreSim(t)
				dir := t.TempDir()
				p := acctest.NewProtoProvider(t)
				p.Configure(sim, version)
				config := actionConfig(c, dir)

				if diags := p.ValidateAction(config); len(diags) != 0 {
					t.Fatalf("validate: %s", acctest.DiagnosticsText(diags))
				}
				if diags := p.PlanAction(config); len(diags) != 0 {
					t.Fatalf("plan: %s", acctest.DiagnosticsText(diags))
				}
				if n := len(acctest.ItemActions(sim)); n != 0 {
					t.Fatalf("validation and planning posted %d action(s)", n)
				}

				for run := 1; run <= 2; run++ {
					progress, diags := p.Invoke(config)
					if len(diags) != 0 {
						t.Fatalf("invoke %d: %s", run, acctest.DiagnosticsText(diags))
					}
					if n := len(acctest.ItemActions(sim)); n != run {
						t.Fatalf("after %d invocation(s) the ledger holds %d item action(s)", run, n)
					}
					if _, err := verifyLastItemAction(sim, version, c, dir, vb365sim.SeedRestoreSessionID); err != nil {
						t.Fatal(err)
					}
					if len(progress) < 2 || !strings.HasPrefix(progress[0], c.kind+": "+fmt.Sprint(len(c.items))+" item(s)") ||
						!strings.Contains(progress[len(progress)-1], c.kind+" sent at ") ||
						!strings.Contains(progress[len(progress)-1], ": outcome succeeded") {
						t.Fatalf("progress %q: want a start and a final message", progress)
					}
					if c.file != "" && !strings.Contains(progress[len(progress)-1], "sha256 "+acctest.ItemActions(sim)[run-1].OutputSHA256) {
						t.Fatalf("final progress %q does not report the file's hash", progress[len(progress)-1])
					}
					if c.credentials {
						for _, msg := range progress {
							if strings.Contains(msg, acctest.RestoreTestPassword) || strings.Contains(msg, acctest.RestoreTestUserCode) {
								t.Fatalf("a progress message holds a credential: %q", msg)
							}
						}
					}
				}
			})
		}
	}
}

// TestActionMailboxItemRestore_asyncProgress: a v8 restore reports the restore session's
// progress as it is polled.
func TestActionMailboxItemRestore_asyncProgress(t *testing.T) {
	sim := acctest.StartRestoreSim(t)
	p := acctest.NewProtoProvider(t)
	p.Configure(sim, "v8")
	c := restoreKindCases()[1] // restore_to_original_location, two items
	progress, diags := p.Invoke(actionConfig(c, ""))
	if len(diags) != 0 {
		t.Fatal(acctest.DiagnosticsText(diags))
	}
	want := regexp.MustCompile(`^restore stopped: 2 of 2 item\(s\) restored$`)
	if !slicesContainsMatch(progress, want) {
		t.Fatalf("progress %q has no message matching %s", progress, want)
	}
	if last := progress[len(progress)-1]; !strings.Contains(last, "created 2, merged 0, skipped 0, failed 0") {
		t.Fatalf("final progress %q", last)
	}
}

func slicesContainsMatch(values []string, re *regexp.Regexp) bool {
	for _, v := range values {
		if re.MatchString(v) {
			return true
		}
	}
	return false
}

// TestActionMailboxItemRestore_errors: the action shares the resource's validation, refuses
// an existing file at plan time, reports failed items as an error with the statistics, and
// reports an unconfigured provider instead of failing obscurely.
func TestActionMailboxItemRestore_errors(t *testing.T) {
	sim := acctest.StartRestoreSim(t)
	dir := t.TempDir()
	existing := filepath.Join(dir, "exists.pst")
	if err := os.WriteFile(existing, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	base := func(extra map[string]any) map[string]any {
		m := map[string]any{
			"restore_session_id": vb365sim.SeedRestoreSessionID,
			"mailbox_id":         vb365sim.SeedMailboxID,
			"item_ids":           []string{vb365sim.SeedMessageID},
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	t.Run("validation", func(t *testing.T) {
		p := acctest.NewProtoProvider(t)
		for _, tc := range []struct {
			config map[string]any
			want   string
		}{
			{base(nil), "Missing action block"},
			{base(map[string]any{"send_to_default_address": map[string]any{}, "save_to_msg": map[string]any{"path": "x.msg"}}), "Conflicting action blocks"},
			{base(map[string]any{"send_to_different_address": map[string]any{"subject": "s"}}), "Missing required argument"},
			{base(map[string]any{"export_to_pst": map[string]any{"path": filepath.Join(dir, "x.pst"), "pst_size_limit_bytes": 5}}), "Invalid Attribute Value"},
			{map[string]any{"restore_session_id": vb365sim.SeedRestoreSessionID, "mailbox_id": vb365sim.SeedMailboxID,
				"item_ids": []string{}, "send_to_default_address": map[string]any{}}, "item_ids"},
		} {
			if got := acctest.DiagnosticsText(p.ValidateAction(tc.config)); !strings.Contains(got, tc.want) {
				t.Errorf("config %v: diagnostics %q, want %q", tc.config, got, tc.want)
			}
		}
	})
	t.Run("output file checked at plan, not in validation", func(t *testing.T) {
		p := acctest.NewProtoProvider(t)
		p.Configure(sim, "v3")
		missingDir := base(map[string]any{"export_to_pst": map[string]any{"path": filepath.Join(dir, "missing", "x.pst")}})
		if diags := p.ValidateAction(missingDir); len(diags) != 0 {
			t.Fatalf("validation depends on the local file system: %s", acctest.DiagnosticsText(diags))
		}
		if got := acctest.DiagnosticsText(p.PlanAction(missingDir)); !strings.Contains(got, "Output directory does not exist") {
			t.Fatalf("missing directory at plan: diagnostics %q", got)
		}
		diags := p.PlanAction(base(map[string]any{"export_to_pst": map[string]any{"path": existing}}))
		if !strings.Contains(acctest.DiagnosticsText(diags), "Output file exists") {
			t.Fatalf("diagnostics %q", acctest.DiagnosticsText(diags))
		}
		if diags := p.PlanAction(base(map[string]any{"export_to_pst": map[string]any{"path": existing, "overwrite": true}})); len(diags) != 0 {
			t.Fatalf("overwrite = true: %s", acctest.DiagnosticsText(diags))
		}
	})
	t.Run("failed items", func(t *testing.T) {
		for _, version := range acctest.TestedVersions {
			p := acctest.NewProtoProvider(t)
			p.Configure(sim, version)
			before := len(acctest.ItemActions(sim))
			_, diags := p.Invoke(base(map[string]any{
				"item_ids":                     []string{vb365sim.SeedMessageID, vb365sim.FailingItemID},
				"restore_to_original_location": map[string]any{"user_name": acctest.RestoreTestUser, "user_password": acctest.RestoreTestPassword},
			}))
			got := acctest.DiagnosticsText(diags)
			if !acctest.HasError(diags) || !regexp.MustCompile(`Restore finished with failed items: .*failed 1\.`).MatchString(got) {
				t.Errorf("%s: diagnostics %q", version, got)
			}
			if strings.Contains(got, acctest.RestoreTestPassword) {
				t.Errorf("%s: diagnostics hold the password", version)
			}
			if n := len(acctest.ItemActions(sim)) - before; n != 1 {
				t.Errorf("%s: %d restore(s) posted, want 1", version, n)
			}
		}
	})
	t.Run("unconfigured provider", func(t *testing.T) {
		p := acctest.NewProtoProvider(t) // ConfigureProvider never called: no client
		before := len(sim.Ledger())
		_, diags := p.Invoke(base(map[string]any{"send_to_default_address": map[string]any{}}))
		if !strings.Contains(acctest.DiagnosticsText(diags), "Provider not configured") {
			t.Fatalf("diagnostics %q", acctest.DiagnosticsText(diags))
		}
		if len(sim.Ledger()) != before {
			t.Fatal("an unconfigured provider reached the server")
		}
	})
}

// sendActionConfig is a provider block and a send_to_default_address action on sessionID
// (an HCL expression).
func sendActionConfig(sim *acctest.Sim, sessionID string) string {
	return sim.ProviderConfig("v8") + fmt.Sprintf(`
action "vb365_mailbox_item_restore" "send" {
  config {
    restore_session_id = %s
    mailbox_id         = %q
    item_ids           = [%q]
    reason             = "ticket 4711"
    send_to_default_address {}
  }
}
`, sessionID, vb365sim.SeedMailboxID, vb365sim.SeedMessageID)
}

// checkSentOnce fails unless the ledger holds exactly one send_to_default_address of the seed
// message on sessionID, and the action reported its start and its outcome as progress.
func checkSentOnce(sim *acctest.Sim, recorder *acctest.ProgressRecorder, sessionID string) error {
	entries := acctest.ItemActions(sim)
	if len(entries) != 1 || entries[0].Action != "send_to_default_address" || entries[0].RestoreSessionID != sessionID {
		return fmt.Errorf("ledger %+v, want one send_to_default_address on session %s", entries, sessionID)
	}
	progress := recorder.Messages()
	if len(progress) != 2 || progress[0] != "send_to_default_address: 1 item(s) of mailbox "+vb365sim.SeedMailboxID ||
		!strings.HasPrefix(progress[1], "send_to_default_address sent at ") || !strings.Contains(progress[1], ": outcome succeeded") {
		return fmt.Errorf("progress %q, want the start and the outcome", progress)
	}
	return nil
}

// TestAccActionMailboxItemRestore_invoke runs the action with `terraform apply -invoke`: the
// plan posts nothing, the apply posts exactly once and shows the action's progress, and the
// run leaves no state behind. Terraform 1.14+.
func TestAccActionMailboxItemRestore_invoke(t *testing.T) {
	t.Parallel()
	skipBelowTerraform114(t)
	sim := acctest.StartRestoreSim(t)
	var recorder acctest.ProgressRecorder
	run := acctest.NewCLIRun(t, recorder.Factories(false)[acctest.ProviderName])
	run.WriteConfig(sendActionConfig(sim, fmt.Sprintf("%q", vb365sim.SeedRestoreSessionID)))
	acctest.MustRun(t, run, "init", "-input=false")
	if out := acctest.MustRun(t, run, "plan", "-input=false", "-invoke=action.vb365_mailbox_item_restore.send"); !strings.Contains(out, "action.vb365_mailbox_item_restore.send") {
		t.Fatalf("the plan does not show the action:\n%s", out)
	}
	if n := len(acctest.ItemActions(sim)); n != 0 {
		t.Fatalf("planning posted %d action(s)", n)
	}
	out := acctest.MustRun(t, run, "apply", "-input=false", "-auto-approve", "-invoke=action.vb365_mailbox_item_restore.send")
	if err := checkSentOnce(sim, &recorder, vb365sim.SeedRestoreSessionID); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, msg := range recorder.Messages() {
		if !strings.Contains(out, msg) {
			t.Errorf("the CLI output does not show the progress message %q:\n%s", msg, out)
		}
	}
	if state := acctest.MustRun(t, run, "state", "list"); strings.TrimSpace(state) != "" {
		t.Errorf("an invoked action left state behind: %q", state)
	}
}

// TestAccActionMailboxItemRestore_triggerProgress runs the action from an action_trigger: once
// on create, with progress, and not again on an apply that changes nothing. Terraform 1.14+.
func TestAccActionMailboxItemRestore_triggerProgress(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	var recorder acctest.ProgressRecorder
	config := sendActionConfig(sim, fmt.Sprintf("%q", vb365sim.SeedRestoreSessionID)) + `
resource "terraform_data" "trigger" {
  input = "run"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.vb365_mailbox_item_restore.send]
    }
  }
}
`
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: recorder.Factories(false),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(*terraform.State) error {
					return checkSentOnce(sim, &recorder, vb365sim.SeedRestoreSessionID)
				},
			},
			{
				Config: config,
				Check: func(*terraform.State) error {
					return checkSentOnce(sim, &recorder, vb365sim.SeedRestoreSessionID)
				},
			},
		},
	})
}

// skipBelowTerraform114 skips a test that runs the CLI itself unless it is Terraform 1.14+
// (the tfversion checks of resource.Test do this for the other tests).
func skipBelowTerraform114(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	acctest.PreCheck(t)
	v, err := acctest.CLIVersion()
	if err != nil {
		t.Fatal(err)
	}
	if v.LessThan(tfversion.Version1_14_0) || acctest.CLIIsOpenTofu() {
		t.Skipf("Terraform CLI version %s is below minimum version 1.14.0 (or OpenTofu, which has no actions): skipping test", v)
	}
}

// TestActionMailboxItemRestore_providerCredentials: restore credentials in the provider block
// (which takes ephemeral values and is never in a plan) are sent by an action whose block has
// none, so its plan holds no credential; credentials in the block win over them.
func TestActionMailboxItemRestore_providerCredentials(t *testing.T) {
	sim := acctest.StartRestoreSim(t)
	p := acctest.NewProtoProvider(t)
	p.ConfigureWith(sim, "v8", map[string]any{"restore_credentials": map[string]any{
		"user_name": acctest.RestoreTestUser, "user_password": acctest.RestoreTestPassword,
	}})
	config := map[string]any{
		"organization_id":              vb365sim.OrganizationID,
		"mailbox_id":                   vb365sim.SeedMailboxID,
		"item_ids":                     []string{vb365sim.SeedMessageID},
		"restore_to_original_location": map[string]any{},
	}
	if diags := p.ValidateAction(config); len(diags) != 0 {
		t.Fatalf("validate: %s", acctest.DiagnosticsText(diags))
	}
	if _, diags := p.Invoke(config); len(diags) != 0 {
		t.Fatalf("invoke: %s", acctest.DiagnosticsText(diags))
	}
	config["restore_to_original_location"] = map[string]any{"user_code": acctest.RestoreTestUserCode}
	if _, diags := p.Invoke(config); len(diags) != 0 {
		t.Fatalf("invoke with a device code: %s", acctest.DiagnosticsText(diags))
	}
	entries := acctest.ItemActions(sim)
	if len(entries) != 2 {
		t.Fatalf("%d item actions, want 2", len(entries))
	}
	first, _ := acctest.LedgerOptions(entries[0])
	if first["userName"] != acctest.RestoreTestUser || first["userPassword"] != "***" || first["userCode"] != nil {
		t.Fatalf("the provider's credentials were not sent: %v", first)
	}
	second, _ := acctest.LedgerOptions(entries[1])
	if second["userCode"] != "***" || second["userName"] != nil || second["userPassword"] != nil {
		t.Fatalf("the block's credentials did not win over the provider's: %v", second)
	}
}

// TestAccActionMailboxItemRestore_credentialsNotInPlan: with the restore credentials in the
// provider's restore_credentials block, from an ephemeral variable, Terraform 1.14's plan of an
// action invocation (its output, the saved plan file, `show -json`) holds no credential, and
// applying that plan restores with them, once.
func TestAccActionMailboxItemRestore_credentialsNotInPlan(t *testing.T) {
	t.Parallel()
	skipBelowTerraform114(t)
	sim := acctest.StartRestoreSim(t)
	var recorder acctest.ProgressRecorder
	run := acctest.NewCLIRun(t, recorder.Factories(false)[acctest.ProviderName])
	providerBlock := strings.TrimSuffix(strings.TrimSpace(sim.ProviderConfig("v8")), "}") + fmt.Sprintf(`  restore_credentials {
    user_name     = %q
    user_password = var.restore_password
  }
}
`, acctest.RestoreTestUser)
	run.WriteConfig(providerBlock + fmt.Sprintf(`
variable "restore_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

action "vb365_mailbox_item_restore" "restore" {
  config {
    organization_id = %q
    mailbox_id      = %q
    item_ids        = [%q]
    restore_to_original_location {}
  }
}
`, vb365sim.OrganizationID, vb365sim.SeedMailboxID, vb365sim.SeedMessageID))
	password := "-var=restore_password=" + acctest.RestoreTestPassword
	acctest.MustRun(t, run, "init", "-input=false")
	planOut := acctest.MustRun(t, run, "plan", "-input=false", password, "-out=restore.tfplan", "-invoke=action.vb365_mailbox_item_restore.restore")
	planFile, err := os.ReadFile(run.Path("restore.tfplan"))
	if err != nil {
		t.Fatal(err)
	}
	planJSON := acctest.MustRun(t, run, "show", "-json", "restore.tfplan")
	for what, text := range map[string]string{"plan output": planOut, "saved plan file": string(planFile), "show -json": planJSON} {
		if strings.Contains(text, acctest.RestoreTestPassword) {
			t.Errorf("the %s holds the restore password", what)
		}
	}
	if !strings.Contains(planJSON, "restore_to_original_location") {
		t.Fatalf("show -json does not describe the action invocation: the checks above prove nothing\n%s", planJSON)
	}
	acctest.MustRun(t, run, "apply", "-input=false", password, "restore.tfplan")
	entries := acctest.ItemActions(sim)
	if len(entries) != 1 {
		t.Fatalf("%d item actions, want 1", len(entries))
	}
	if opts, _ := acctest.LedgerOptions(entries[0]); opts["userName"] != acctest.RestoreTestUser || opts["userPassword"] != "***" {
		t.Fatalf("the provider's restore credentials were not sent: %v", opts)
	}
}
