package restores_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// deviceCodeSessionConfig is the provider and a restore session.
func deviceCodeSessionConfig(sim *acctest.Sim, version string) string {
	return sim.ProviderConfig(version) + fmt.Sprintf(`
resource "vb365_restore_session" "s" {
  organization_id = %[1]q
}
`, vb365sim.OrganizationID)
}

// deviceCodeRestoreConfig opens a session, obtains a device code for it and restores one item
// to its original location with that code (the write-only user_code of the restore).
func deviceCodeRestoreConfig(sim *acctest.Sim, version string) string {
	return deviceCodeSessionConfig(sim, version) + fmt.Sprintf(`
ephemeral "vb365_restore_device_code" "code" {
  restore_session_id    = vb365_restore_session.s.id
  target_application_id = "00000000-0000-4000-8000-0000000000aa"
}

resource "vb365_mailbox_item_restore" "r" {
  restore_session_id = vb365_restore_session.s.id
  mailbox_id         = %[1]q
  item_ids           = [%[2]q]

  restore_to_original_location {
    user_code = ephemeral.vb365_restore_device_code.code.user_code
  }
}
`, vb365sim.SeedMailboxID, vb365sim.SeedMessageID)
}

// checkOneCodeCarried: exactly one device code was issued, and each restore carried it.
func checkOneCodeCarried(sim *acctest.Sim, version string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		codes := sim.IssuedDeviceCodes()
		if len(codes) != 1 {
			return fmt.Errorf("%d device codes issued, want 1 (the plan's, reused by the apply and the plans after it)", len(codes))
		}
		for _, e := range acctest.ItemActions(sim) {
			inner := e.Body
			if version < "v6" {
				inner, _ = e.Body["restoretoOriginallocation"].(map[string]any)
			}
			if inner["userCode"] != "***" || e.UserCode != codes[0] {
				return fmt.Errorf("the restore did not carry the code issued: %v", e.Body)
			}
		}
		return acctest.CheckNoSecretsInState(codes...)(s)
	}
}

// TestAccRestoreDeviceCode_restoreWithObtainedCode: with the session known when planning, the
// ephemeral resource obtains a device code from the server (v4+) in the plan, the apply reuses
// it (the provider's cache, across provider instances), and a restore that carries it runs once
// on a server that accepts only codes it issued and somebody signed in with; no code reaches
// the state, and one code was issued in all.
func TestAccRestoreDeviceCode_restoreWithObtainedCode(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v4", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			acctest.SkipWithoutAcc(t)
			sim := acctest.StartRestoreSim(t, vb365sim.WithDeviceCodesSignedInOnIssue())
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
				Steps: []resource.TestStep{
					{Config: deviceCodeSessionConfig(sim, version)},
					{
						Config: deviceCodeRestoreConfig(sim, version),
						Check: resource.ComposeAggregateTestCheckFunc(
							acctest.CheckLedgerCount(sim, "restore_to_original_location", 1),
							checkOneCodeCarried(sim, version),
							acctest.CheckRoutesUsed(sim, "POST /"+version+"/RestoreSessions/{id}/Organization/restoreDeviceCode"),
						),
					},
				},
			})
		})
	}
}

// TestAccRestoreDeviceCode_sessionCreatedInTheSameApply: when the session is created in the
// same apply, the plan cannot obtain a code; the apply obtains one that nobody has seen (the CLI
// shows it when the apply ends), and the restore stops before sending anything, saying so, even
// on a server that would accept the code. The next apply's plan shows that same code (kept), and
// the apply sends it: one code in all, one restore.
func TestAccRestoreDeviceCode_sessionCreatedInTheSameApply(t *testing.T) {
	t.Parallel()
	acctest.SkipWithoutAcc(t)
	sim := acctest.StartRestoreSim(t, vb365sim.WithDeviceCodesSignedInOnIssue())
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config:      deviceCodeRestoreConfig(sim, "v8"),
				ExpectError: regexp.MustCompile(`(?s)Device code not signed in yet.*obtained during this apply.*Nothing\s+was\s+sent`),
			},
			{
				PreConfig: func() {
					if n := len(acctest.ItemActions(sim)); n != 0 {
						t.Fatalf("%d item actions ran with a code nobody saw", n)
					}
					if n := len(sim.IssuedDeviceCodes()); n != 1 {
						t.Fatalf("%d device codes issued by the failed apply, want 1", n)
					}
				},
				Config: deviceCodeRestoreConfig(sim, "v8"),
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CheckLedgerCount(sim, "restore_to_original_location", 1),
					checkOneCodeCarried(sim, "v8"),
				),
			},
		},
	})
}

// TestAccRestoreDeviceCode_versionGate: v3 has no restoreDeviceCode: the ephemeral resource
// fails with a diagnostic naming v4, nothing is requested and nothing is restored.
func TestAccRestoreDeviceCode_versionGate(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{{
			Config:      deviceCodeRestoreConfig(sim, "v3"),
			ExpectError: regexp.MustCompile(`(?s)Cannot obtain a device code.*needs\s+API\s+v4\s+or\s+later`),
		}},
		CheckDestroy: func(*terraform.State) error {
			if n := len(acctest.ItemActions(sim)); n != 0 {
				return fmt.Errorf("%d item actions ran", n)
			}
			if codes := sim.IssuedDeviceCodes(); len(codes) != 0 {
				return fmt.Errorf("device codes issued on v3: %v", codes)
			}
			return nil
		},
	})
}
