package restores_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

const operatorReason = "INC-4711: thread deleted by mistake"

// operatorProviderConfig is the simulator's provider block with restore_operator { } added.
func operatorProviderConfig(sim *acctest.Sim, version string) string {
	return strings.TrimSuffix(sim.ProviderConfig(version), "}\n") + fmt.Sprintf(`  restore_operator {
    client_id = %q
    assertion = %q
  }
}
`, vb365sim.OperatorClientID(vb365sim.UserOperatorID), vb365sim.OperatorAssertion)
}

const operatorRoleConfig = `
resource "vb365_restore_operator_role" "desk" {
  organization_id = %[1]q
  name            = "Support desk"
  role_type       = "EntireOrganization"
  operators       = [{ type = "User", id = %[2]q }]
}
`

func operatorRestoreConfig(dependsOnRole bool) string {
	depends := ""
	if dependsOnRole {
		depends = "depends_on = [vb365_restore_operator_role.desk]"
	}
	return fmt.Sprintf(`
resource "vb365_mailbox_item_restore" "r" {
  organization_id = %[1]q
  mailbox_id      = %[2]q
  item_ids        = [%[3]q]
  reason          = %[4]q
  %[5]s

  restore_to_original_location {}
}
`, vb365sim.OrganizationID, vb365sim.SeedMailboxID, vb365sim.SeedMessageID, operatorReason, depends)
}

// operatorRestores are the simulator's operatorRestore entries, and the other restores.
func operatorRestores(sim *acctest.Sim) (operator []vb365sim.LedgerEntry, admin int) {
	for _, e := range sim.Ledger() {
		switch {
		case strings.HasSuffix(e.Route, "/operatorRestore"):
			operator = append(operator, e)
		case e.Action == "restore_to_original_location":
			admin++
		}
	}
	return operator, admin
}

// TestAccMailboxItemRestore_operatorReason: with restore_operator, a restore of items to their
// original location on v6 (the first version with the operator routes) and v8 runs as the
// operator; the plan says the reason reaches the server, the server's restore sessions show it
// (vb365_restore_sessions), and the ledger holds one operatorRestore with it.
func TestAccMailboxItemRestore_operatorReason(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			config := operatorProviderConfig(sim, version) + fmt.Sprintf(operatorRoleConfig, vb365sim.OrganizationID, vb365sim.UserOperatorID) +
				operatorRestoreConfig(true)
			addr := "vb365_mailbox_item_restore.r"
			acctest.AccTest(t,
				resource.TestStep{
					Config: config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("reason_sent_to_server"), knownvalue.Bool(true)),
					}},
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr(addr, "reason_sent_to_server", "true"),
						resource.TestCheckResourceAttr(addr, "outcome", "succeeded"),
						func(*terraform.State) error {
							ops, admin := operatorRestores(sim)
							if len(ops) != 1 || admin != 0 {
								return fmt.Errorf("operatorRestore entries = %d, administrator restores = %d; want 1 and 0", len(ops), admin)
							}
							if ops[0].Reason != operatorReason || len(ops[0].ItemIDs) != 1 || ops[0].ItemIDs[0] != vb365sim.SeedMessageID {
								return fmt.Errorf("operatorRestore entry = %+v", ops[0])
							}
							return nil
						},
					),
				},
				resource.TestStep{
					Config: config + `
data "vb365_restore_sessions" "all" {}
`,
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckTypeSetElemNestedAttrs("data.vb365_restore_sessions.all", "sessions.*", map[string]string{
							"reason": operatorReason, "initiated_by": "restore.operator@" + vb365sim.OrganizationName, "state": "Stopped",
						}),
						func(*terraform.State) error {
							if ops, _ := operatorRestores(sim); len(ops) != 1 {
								return fmt.Errorf("a refresh ran the restore again: %d operatorRestore entries", len(ops))
							}
							return nil
						},
					),
				},
			)
		})
	}
}

// TestAccMailboxItemRestore_operatorWithoutRole: an operator that no restore operator role
// lists is refused at sign-in; the apply fails with the server's reason and nothing is
// explored or restored.
func TestAccMailboxItemRestore_operatorWithoutRole(t *testing.T) {
	t.Parallel()
	sim := acctest.StartSimulator(t)
	acctest.AccTest(t, resource.TestStep{
		Config:      operatorProviderConfig(sim, "v8") + operatorRestoreConfig(false),
		ExpectError: regexp.MustCompile(`(?s)Restore operator sign-in refused.*nothing was run.*not an operator of any\s+restore\s+operator\s+role`),
		Check: func(*terraform.State) error {
			return nil
		},
	})
	ops, admin := operatorRestores(sim)
	if len(ops) != 0 || admin != 0 {
		t.Errorf("restores sent after a refused operator sign-in: %d operator, %d administrator", len(ops), admin)
	}
	for _, e := range sim.Ledger() {
		// (The plan's review explores as the administrator; the run's own session would be the operator's.)
		if strings.HasSuffix(e.Route, "/OperatorExplore") {
			t.Errorf("a session was explored after a refused operator sign-in: %+v", e)
		}
	}
}

// TestAccMailboxItemRestore_operatorOutsideRole: an operator's session shows only the mailboxes
// its roles allow; a restore of a mailbox outside them fails at apply with the server's answer,
// nothing is restored or recorded, and the run's session is stopped.
func TestAccMailboxItemRestore_operatorOutsideRole(t *testing.T) {
	t.Parallel()
	sim := acctest.StartSimulator(t)
	role := fmt.Sprintf(`
resource "vb365_restore_operator_role" "desk" {
  organization_id = %q
  name            = "QA desk"
  role_type       = "SpecificObjects"
  operators       = [{ type = "User", id = %q }]
  selected_items  = [{ type = "User", id = %q }]
}
`, vb365sim.OrganizationID, vb365sim.UserOperatorID, vb365sim.UserQADallasID)
	acctest.AccTest(t, resource.TestStep{
		Config:      operatorProviderConfig(sim, "v8") + role + operatorRestoreConfig(true),
		ExpectError: regexp.MustCompile(`(?s)refused,\s+so\s+nothing\s+ran\)\s+failed:.*not\s+found\s+in\s+restore\s+session.*A\s+restore\s+operator's\s+session\s+shows\s+only.*restore\s+operator\s+roles\s+allow`),
	})
	if ops, admin := operatorRestores(sim); len(ops) != 0 || admin != 0 {
		t.Errorf("restores outside the operator's role: %d operator, %d administrator", len(ops), admin)
	}
	explored := 0
	for _, e := range sim.Ledger() {
		if strings.HasSuffix(e.Route, "/OperatorExplore") {
			explored++
		}
	}
	if explored != 1 {
		t.Errorf("operator explores = %d, want 1 (the run's own session)", explored)
	}
}

// TestAccMailboxItemRestore_operatorReasonV5: v5 has no operator routes; the plan says the
// reason stays in state, the restore runs through the administrator's route, and the record
// keeps the reason.
func TestAccMailboxItemRestore_operatorReasonV5(t *testing.T) {
	t.Parallel()
	sim := acctest.StartSimulator(t)
	addr := "vb365_mailbox_item_restore.r"
	acctest.AccTest(t, resource.TestStep{
		Config: operatorProviderConfig(sim, "v5") + operatorRestoreConfig(false),
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectKnownValue(addr, tfjsonpath.New("reason_sent_to_server"), knownvalue.Bool(false)),
		}},
		Check: resource.ComposeAggregateTestCheckFunc(
			resource.TestCheckResourceAttr(addr, "reason", operatorReason),
			resource.TestCheckResourceAttr(addr, "reason_sent_to_server", "false"),
			func(*terraform.State) error {
				if ops, admin := operatorRestores(sim); len(ops) != 0 || admin != 1 {
					return fmt.Errorf("operatorRestore entries = %d, administrator restores = %d; want 0 and 1", len(ops), admin)
				}
				return nil
			},
		),
	})
}

// TestAccMailboxItemRestore_operatorReasonWithCredentials: operatorRestore has no field for
// Exchange credentials, so a block that gives some keeps the administrator's route (which sends
// them), and the plan says the reason stays in state.
func TestAccMailboxItemRestore_operatorReasonWithCredentials(t *testing.T) {
	t.Parallel()
	sim := acctest.StartSimulator(t)
	addr := "vb365_mailbox_item_restore.r"
	config := operatorProviderConfig(sim, "v8") + fmt.Sprintf(operatorRoleConfig, vb365sim.OrganizationID, vb365sim.UserOperatorID) +
		strings.Replace(operatorRestoreConfig(true), "restore_to_original_location {}",
			"restore_to_original_location {\n    user_name     = \"restore@example.com\"\n    user_password = \"s3cret-pw\"\n  }", 1)
	acctest.AccTest(t, resource.TestStep{
		Config: config,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectKnownValue(addr, tfjsonpath.New("reason_sent_to_server"), knownvalue.Bool(false)),
		}},
		Check: func(*terraform.State) error {
			ops, admin := operatorRestores(sim)
			if len(ops) != 0 || admin != 1 {
				return fmt.Errorf("operatorRestore entries = %d, administrator restores = %d; want 0 and 1", len(ops), admin)
			}
			return nil
		},
	})
}
