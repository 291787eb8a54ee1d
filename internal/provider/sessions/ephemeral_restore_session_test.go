package sessions_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// ephemeralSessionConfig opens an ephemeral session and shows it through the echo provider.
func ephemeralSessionConfig(sim *acctest.Sim, version string) string {
	return sim.ProviderConfig(version) + fmt.Sprintf(`
ephemeral "vb365_restore_session" "s" {
  organization_id = %q
  show_deleted    = true
  point_in_time   = "2026-11-01T00:00:00Z"
}

provider "echo" {
  data = ephemeral.vb365_restore_session.s
}

resource "echo" "session" {}
`, vb365sim.OrganizationID)
}

// explored returns the IDs of the sessions the ledger shows explore requests for.
func explored(sim *acctest.Sim) []string {
	var ids []string
	for _, e := range sim.Ledger() {
		if e.Action == "explore" {
			ids = append(ids, e.RestoreSessionID)
		}
	}
	return ids
}

// checkEverySessionStopped fails unless every session the run explored is Stopped on the
// server and was stopped once.
func checkEverySessionStopped(sim *acctest.Sim) error {
	ids := explored(sim)
	if len(ids) == 0 {
		return fmt.Errorf("no session was opened")
	}
	for _, id := range ids {
		if state := sim.SessionState(id); state != "Stopped" {
			return fmt.Errorf("session %s is %q after the run, want Stopped", id, state)
		}
		if n := len(ledgerFor(sim, "stop", id)); n != 1 {
			return fmt.Errorf("session %s was stopped %d times, want once", id, n)
		}
	}
	return nil
}

// TestAccRestoreSessionEphemeral opens an ephemeral session in the v3 and v8 dialects with the
// configured options, hands its attributes to another provider, and stops every session it
// opened (Terraform opens it in plan and again in apply) by the end of the run: the session
// whose ID the run saw is Stopped on the server. Terraform 1.10+, OpenTofu 1.11+.
func TestAccRestoreSessionEphemeral(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			var recorder acctest.ProgressRecorder
			var seen string
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: recorder.Factories(true),
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
				Steps: []resource.TestStep{{
					Config: ephemeralSessionConfig(sim, version),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("echo.session", tfjsonpath.New("data").AtMapKey("organization_id"),
							knownvalue.StringExact(vb365sim.OrganizationID)),
						statecheck.ExpectKnownValue("echo.session", tfjsonpath.New("data").AtMapKey("organization_name"),
							knownvalue.StringExact(vb365sim.OrganizationName)),
						statecheck.ExpectKnownValue("echo.session", tfjsonpath.New("data").AtMapKey("state"), knownvalue.StringExact("Working")),
						acctest.StateCheckFunc(func(state *tfjson.State) error {
							for _, r := range state.Values.RootModule.Resources {
								if r.Address == "echo.session" {
									data, _ := r.AttributeValues["data"].(map[string]any)
									seen, _ = data["id"].(string)
								}
							}
							if seen == "" {
								return fmt.Errorf("no session ID reached the echo resource")
							}
							if state := sim.SessionState(seen); state != "Stopped" {
								return fmt.Errorf("the ephemeral session %s is %q after apply, want Stopped", seen, state)
							}
							for _, e := range sim.Ledger() {
								if e.Action != "explore" {
									continue
								}
								opts, err := acctest.LedgerOptions(e)
								if err != nil {
									return err
								}
								if opts["showDeleted"] != true || !hasPointInTime(opts, "2026-11-01T00:00:00Z") {
									return fmt.Errorf("explore options %v, want showDeleted and the point in time", opts)
								}
							}
							return checkEverySessionStopped(sim)
						}),
					},
				}},
			})
			if open := sim.OpenSessions(); len(open) != 1 || open[0] != vb365sim.SeedRestoreSessionID {
				t.Errorf("open sessions after the test %v, want only the simulator's seed session", open)
			}
		})
	}
}

// hasPointInTime reports whether explore options name the point in time (v3 "datetime", v6+ "dateTime").
func hasPointInTime(opts map[string]any, want string) bool {
	for _, key := range []string{"dateTime", "datetime"} {
		if opts[key] == want {
			return true
		}
	}
	return false
}

// TestAccRestoreSessionEphemeral_provisioner passes the ephemeral session's ID to a local-exec
// provisioner, one of the places the resource's documentation names: the command sees the ID
// of a session that is working while it runs and stopped after the run.
func TestAccRestoreSessionEphemeral_provisioner(t *testing.T) {
	t.Parallel()
	sim := acctest.StartSimulator(t)
	out := filepath.Join(t.TempDir(), "session-id")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []resource.TestStep{{
			Config: sim.ProviderConfig("v8") + fmt.Sprintf(`
ephemeral "vb365_restore_session" "s" {
  organization_id = %q
}

resource "terraform_data" "report" {
  provisioner "local-exec" {
    command = "printf '%%s' \"$RESTORE_SESSION_ID\" > \"$OUT\""
    environment = {
      RESTORE_SESSION_ID = ephemeral.vb365_restore_session.s.id
      OUT                = %s
    }
  }
}
`, vb365sim.OrganizationID, acctest.HCLString(out)),
			Check: func(*terraform.State) error {
				id, err := os.ReadFile(out)
				if err != nil {
					return err
				}
				if !slices.Contains(explored(sim), string(id)) {
					return fmt.Errorf("the provisioner saw %q, not the ID of a session the run opened (%v)", id, explored(sim))
				}
				return checkEverySessionStopped(sim)
			},
		}},
	})
}
