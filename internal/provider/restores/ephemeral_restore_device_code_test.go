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

// deviceCodeRestoreConfig opens a session, obtains a device code for it and restores one item
// to its original location with that code (the write-only user_code of the restore).
func deviceCodeRestoreConfig(sim *acctest.Sim, version string) string {
	return sim.ProviderConfig(version) + fmt.Sprintf(`
resource "vb365_restore_session" "s" {
  organization_id = %[1]q
}

ephemeral "vb365_restore_device_code" "code" {
  restore_session_id    = vb365_restore_session.s.id
  target_application_id = "00000000-0000-4000-8000-0000000000aa"
}

resource "vb365_mailbox_item_restore" "r" {
  restore_session_id = vb365_restore_session.s.id
  mailbox_id         = %[2]q
  item_ids           = [%[3]q]

  restore_to_original_location {
    user_code = ephemeral.vb365_restore_device_code.code.user_code
  }
}
`, vb365sim.OrganizationID, vb365sim.SeedMailboxID, vb365sim.SeedMessageID)
}

// TestAccRestoreDeviceCode_restoreWithObtainedCode: the ephemeral resource obtains a device
// code from the server (v4+), and a restore that carries it runs once on a server that accepts
// only codes it issued; no code reaches the state.
func TestAccRestoreDeviceCode_restoreWithObtainedCode(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v4", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t, vb365sim.WithDeviceCodesVerified())
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
				Steps: []resource.TestStep{{
					Config: deviceCodeRestoreConfig(sim, version),
					Check: resource.ComposeAggregateTestCheckFunc(
						acctest.CheckLedgerCount(sim, "restore_to_original_location", 1),
						func(s *terraform.State) error {
							codes := sim.IssuedDeviceCodes()
							if len(codes) == 0 {
								return fmt.Errorf("no device code was requested")
							}
							for _, e := range acctest.ItemActions(sim) {
								inner := e.Body
								if version < "v6" {
									inner, _ = e.Body["restoretoOriginallocation"].(map[string]any)
								}
								if inner["userCode"] != "***" {
									return fmt.Errorf("the restore carried no user code: %v", e.Body)
								}
							}
							return acctest.CheckNoSecretsInState(codes...)(s)
						},
						acctest.CheckRoutesUsed(sim, "POST /"+version+"/RestoreSessions/{id}/Organization/restoreDeviceCode"),
					),
				}},
			})
		})
	}
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
