package governance_test

import (
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

const roleAddr = "vb365_restore_operator_role.support"

func roleConfig(sim *acctest.Sim, version, body string) string {
	return sim.ProviderConfig(version) + fmt.Sprintf(`
resource "vb365_restore_operator_role" "support" {
  organization_id = %s
%s
}
`, q(vb365sim.OrganizationID), body)
}

var specificRole = fmt.Sprintf(`
  name        = "Support desk"
  description = "Restores for the support team"
  role_type   = "SpecificObjects"
  operators = [
    { type = "User", id = %s },
    { type = "Group", id = %s },
  ]
  selected_items = [
    { type = "Group", id = %s },
    { type = "Site", id = %s },
  ]
  excluded_items = [{ type = "User", id = %s }]
`, q(vb365sim.UserOperatorID), q(vb365sim.GroupEngineeringID), q(vb365sim.GroupSupportID), q(vb365sim.SiteIntranetID),
	q(vb365sim.UserJohnSmithID))

var wholeOrgRole = fmt.Sprintf(`
  name      = "Support desk"
  operators = [{ type = "User", id = %s }]
  excluded_items = [{ type = "Site", id = %s }]
`, q(vb365sim.UserOperatorID), q(vb365sim.SiteLegalID))

func onlyRole(sim *acctest.Sim) string {
	ids := sim.RoleIDs()
	if len(ids) != 1 {
		return ""
	}
	return ids[0]
}

func sorted(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

func expectMembers(sim *acctest.Sim, operators, selected, excluded []string) statecheck.StateCheck {
	return simCheck(func() error {
		id := onlyRole(sim)
		if id == "" {
			return fmt.Errorf("roles on the server: %v, want one", sim.RoleIDs())
		}
		for _, c := range []struct {
			what      string
			got, want []string
		}{
			{"operators", sim.RoleOperatorIDs(id), operators},
			{"selected items", sim.RoleSelectedItemIDs(id), selected},
			{"excluded items", sim.RoleExcludedItemIDs(id), excluded},
		} {
			if !slices.Equal(sorted(c.got), sorted(c.want)) {
				return fmt.Errorf("%s = %v, want %v", c.what, c.got, c.want)
			}
		}
		return nil
	})
}

// TestAccRestoreOperatorRole_lifecycle creates a SpecificObjects role with every kind of
// member, imports it, plans back members and a name changed on the server, switches it to the
// whole organization, recreates it after a deletion on the server, and deletes it; on v6 (the
// first version with roles) and v8.
func TestAccRestoreOperatorRole_lifecycle(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			accTest(t, func(*terraform.State) error {
				if ids := sim.RoleIDs(); len(ids) != 0 {
					return fmt.Errorf("roles left after destroy: %v", ids)
				}
				return nil
			},
				resource.TestStep{
					Config: roleConfig(sim, version, specificRole),
					ConfigStateChecks: []statecheck.StateCheck{
						expectMembers(sim, []string{vb365sim.UserOperatorID, vb365sim.GroupEngineeringID},
							[]string{vb365sim.GroupSupportID, vb365sim.SiteIntranetID}, []string{vb365sim.UserJohnSmithID}),
						statecheck.ExpectKnownValue(roleAddr, tfjsonpath.New("role_type"), knownvalue.StringExact("SpecificObjects")),
						statecheck.ExpectKnownValue(roleAddr, tfjsonpath.New("operators"), knownvalue.SetSizeExact(2)),
					},
				},
				resource.TestStep{
					ResourceName:      roleAddr,
					ImportState:       true,
					ImportStateVerify: true,
				},
				resource.TestStep{
					PreConfig: func() {
						if !sim.ChangeRoleOutOfBand(onlyRole(sim), []string{vb365sim.UserRnDID}, "Renamed in the console") {
							t.Fatal("no role to change")
						}
					},
					Config: roleConfig(sim, version, specificRole),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(roleAddr, tfjsonpath.New("name"), knownvalue.StringExact("Support desk")),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						expectMembers(sim, []string{vb365sim.UserOperatorID, vb365sim.GroupEngineeringID},
							[]string{vb365sim.GroupSupportID, vb365sim.SiteIntranetID}, []string{vb365sim.UserJohnSmithID}),
					},
				},
				resource.TestStep{
					Config: roleConfig(sim, version, wholeOrgRole),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionUpdate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						expectMembers(sim, []string{vb365sim.UserOperatorID}, []string{}, []string{vb365sim.SiteLegalID}),
						statecheck.ExpectKnownValue(roleAddr, tfjsonpath.New("role_type"), knownvalue.StringExact("EntireOrganization")),
						statecheck.ExpectKnownValue(roleAddr, tfjsonpath.New("selected_items"), knownvalue.Null()),
					},
				},
				resource.TestStep{
					PreConfig: func() { sim.DeleteRoleOutOfBand(onlyRole(sim)) },
					Config:    roleConfig(sim, version, wholeOrgRole),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionCreate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						expectMembers(sim, []string{vb365sim.UserOperatorID}, []string{}, []string{vb365sim.SiteLegalID}),
					},
				},
			)
		})
	}
}

// TestAccRestoreOperatorRole_refusals: the server's refusals (an unknown operator, an item both
// selected and excluded, a name in use) are shown and nothing is created; below v6 the role is refused
// at plan time naming v6.
func TestAccRestoreOperatorRole_refusals(t *testing.T) {
	t.Parallel()
	sim := acctest.StartSimulator(t)
	unknownOperator := (`
  name      = "Support desk"
  operators = [{ type = "User", id = "00000000-0000-0000-0000-00000000dead" }]
`)
	// A member listed twice cannot be written: the lists are sets. The server's other member
	// refusal: an item both selected and excluded.
	selectedAndExcluded := fmt.Sprintf(`
  name           = "Support desk"
  role_type      = "SpecificObjects"
  operators      = [{ type = "User", id = %s }]
  selected_items = [{ type = "Group", id = %s }]
  excluded_items = [{ type = "Group", id = %s }]
`, q(vb365sim.UserOperatorID), q(vb365sim.GroupSupportID), q(vb365sim.GroupSupportID))
	nameInUse := roleConfig(sim, "v8", wholeOrgRole) + fmt.Sprintf(`
resource "vb365_restore_operator_role" "second" {
  organization_id = %s
  name            = "SUPPORT DESK"
  operators       = [{ type = "User", id = %s }]
  depends_on      = [vb365_restore_operator_role.support]
}
`, q(vb365sim.OrganizationID), q(vb365sim.UserRnDID))
	accTest(t, nil,
		resource.TestStep{
			Config:      roleConfig(sim, "v8", unknownOperator),
			ExpectError: regexp.MustCompile(`(?s)Cannot create the restore operator role.*was not found`),
		},
		resource.TestStep{
			Config:      roleConfig(sim, "v8", selectedAndExcluded),
			ExpectError: regexp.MustCompile(`(?s)cannot be both selected and\s+excluded`),
		},
		resource.TestStep{
			Config:      nameInUse,
			ExpectError: regexp.MustCompile(`(?s)already exists`),
		},
	)
	t.Run("v5", func(t *testing.T) {
		t.Parallel()
		old := acctest.StartSimulator(t)
		accTest(t, nil, resource.TestStep{
			Config:      roleConfig(old, "v5", wholeOrgRole),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Not available in API v5.*Managing restore operator roles needs VB365 REST API v6 or later`),
		})
	})
}

func TestAccRestoreOperatorRole_badInput(t *testing.T) {
	t.Parallel()
	sim := acctest.StartSimulator(t)
	accTest(t, nil,
		resource.TestStep{
			Config: roleConfig(sim, "v8", fmt.Sprintf(`
  name      = "x"
  role_type = "SpecificObjects"
  operators = [{ type = "User", id = %s }]
`, q(vb365sim.UserOperatorID))),
			ExpectError: regexp.MustCompile(`Missing selected items`),
		},
		resource.TestStep{
			Config: roleConfig(sim, "v8", fmt.Sprintf(`
  name           = "x"
  operators      = [{ type = "User", id = %s }]
  selected_items = [{ type = "Site", id = %s }]
`, q(vb365sim.UserOperatorID), q(vb365sim.SiteLegalID))),
			ExpectError: regexp.MustCompile(`Selected items need SpecificObjects`),
		},
		resource.TestStep{
			Config: roleConfig(sim, "v8", `
  name      = "x"
  operators = [{ type = "Site", id = "s" }]
`),
			ExpectError: regexp.MustCompile(`(?s)value must be one\s+of`),
		},
	)
	if ids := sim.RoleIDs(); len(ids) != 0 {
		t.Errorf("bad input created roles: %v", ids)
	}
}

// TestAccRestorePortalSettingsDataSource reads the portal settings on v6 (no portal address)
// and v8; v5 is refused naming v6.
func TestAccRestorePortalSettingsDataSource(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			var uri knownvalue.Check = knownvalue.Null()
			if version == "v8" {
				uri = knownvalue.StringExact("https://vb365.example.com:4443/")
			}
			accTest(t, nil, resource.TestStep{
				Config: sim.ProviderConfig(version) + `data "vb365_restore_portal_settings" "this" {}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vb365_restore_portal_settings.this", tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.vb365_restore_portal_settings.this", tfjsonpath.New("application_id"),
						knownvalue.StringExact("0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6")),
					statecheck.ExpectKnownValue("data.vb365_restore_portal_settings.this", tfjsonpath.New("restore_portal_uri"), uri),
				},
			})
		})
	}
	t.Run("v5", func(t *testing.T) {
		t.Parallel()
		sim := acctest.StartSimulator(t)
		accTest(t, nil, resource.TestStep{
			Config:      sim.ProviderConfig("v5") + `data "vb365_restore_portal_settings" "this" {}`,
			ExpectError: regexp.MustCompile(`(?s)Reading the Restore Portal settings needs VB365 REST API v6 or later`),
		})
	})
}
