package governance_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func q(s string) string { return acctest.HCLString(s) }

func accTest(t *testing.T, checkDestroy resource.TestCheckFunc, steps ...resource.TestStep) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             checkDestroy,
		Steps:                    steps,
	})
}

// auditUsersConfig audits John Smith, the users (by count: terraform-plugin-testing cannot read
// a state holding for_each instances; the examples use for_each) and the Support group.
func auditUsersConfig(sim *acctest.Sim, version string, userIDs ...string) string {
	quoted := make([]string, len(userIDs))
	for i, id := range userIDs {
		quoted[i] = q(id)
	}
	return sim.ProviderConfig(version) + fmt.Sprintf(`
locals {
  users = [%s]
}

resource "vb365_audit_item" "user" {
  count           = length(local.users)
  organization_id = %s
  user_id         = local.users[count.index]
}

resource "vb365_audit_item" "group" {
  organization_id = %s
  group_id        = %s
}

resource "vb365_audit_item" "john" {
  organization_id = %s
  user_id         = %s
}
`, strings.Join(quoted, ", "), q(vb365sim.OrganizationID), q(vb365sim.OrganizationID), q(vb365sim.GroupSupportID),
		q(vb365sim.OrganizationID), q(vb365sim.UserJohnSmithID))
}

func checkAuditListEmpty(sim *acctest.Sim) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if ids := sim.AuditItemIDs(); len(ids) != 0 {
			return fmt.Errorf("audit list after destroy: %v", ids)
		}
		return nil
	}
}

func auditPosts(sim *acctest.Sim, version string) int {
	return sim.RequestCount("POST", "/"+version+"/Organizations/{id}/AuditItems")
}

// TestAccAuditItem_lifecycle adds users (count, batched) and a group, imports one, sees an
// item removed on the server planned to be added again, and removes them all on destroy; on
// v5 (the first version with audit items), v6 and v8.
func TestAccAuditItem_lifecycle(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v5", "v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			users := []string{vb365sim.UserQADallasID, vb365sim.UserRnDID, vb365sim.UserSupportNorthID}
			config := auditUsersConfig(sim, version, users...)
			johnAddr := "vb365_audit_item.john"
			accTest(t, checkAuditListEmpty(sim),
				resource.TestStep{
					Config: config,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(johnAddr, tfjsonpath.New("type"), knownvalue.StringExact("User")),
						statecheck.ExpectKnownValue(johnAddr, tfjsonpath.New("display_name"), knownvalue.StringExact("John Smith")),
						statecheck.ExpectKnownValue(johnAddr, tfjsonpath.New("name"), knownvalue.StringExact("j_smith@"+vb365sim.OrganizationName)),
						statecheck.ExpectKnownValue(johnAddr, tfjsonpath.New("id"), knownvalue.StringExact(vb365sim.OrganizationID+"/"+vb365sim.UserJohnSmithID)),
						statecheck.ExpectKnownValue("vb365_audit_item.group", tfjsonpath.New("type"), knownvalue.StringExact("Group")),
						statecheck.ExpectKnownValue("vb365_audit_item.group", tfjsonpath.New("display_name"), knownvalue.StringExact("Support")),
						simCheck(func() error {
							got := sim.AuditItemIDs()
							want := append(slices.Clone(users), vb365sim.GroupSupportID, vb365sim.UserJohnSmithID)
							slices.Sort(got)
							slices.Sort(want)
							if !slices.Equal(got, want) {
								return fmt.Errorf("audit list = %v, want %v", got, want)
							}
							// Five items created in one walk: batched into fewer POSTs than items.
							if n := auditPosts(sim, version); n >= len(want) {
								return fmt.Errorf("%d POSTs for %d audit items created together; want them batched", n, len(want))
							}
							t.Logf("%s: %d audit items added with %d POST(s)", version, len(want), auditPosts(sim, version))
							return nil
						})},
				},
				resource.TestStep{
					ResourceName:      "vb365_audit_item.group",
					ImportState:       true,
					ImportStateId:     vb365sim.OrganizationID + "/" + vb365sim.GroupSupportID,
					ImportStateVerify: true,
				},
				resource.TestStep{
					// Removed on the server between applies: planned to be added again.
					PreConfig: func() {
						if !sim.RemoveAuditItemOutOfBand(vb365sim.UserQADallasID) {
							t.Fatal("QA Dallas was not audited")
						}
					},
					Config: config,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction("vb365_audit_item.user[0]", plancheck.ResourceActionCreate),
							plancheck.ExpectResourceAction(johnAddr, plancheck.ResourceActionNoop),
						},
					},
					ConfigStateChecks: []statecheck.StateCheck{simCheck(func() error {
						if !slices.Contains(sim.AuditItemIDs(), vb365sim.UserQADallasID) {
							return fmt.Errorf("QA Dallas not added again: %v", sim.AuditItemIDs())
						}
						return nil
					})},
				},
				resource.TestStep{
					// Dropping one user from the list removes exactly that one.
					Config: auditUsersConfig(sim, version, vb365sim.UserQADallasID, vb365sim.UserRnDID),
					ConfigStateChecks: []statecheck.StateCheck{simCheck(func() error {
						if slices.Contains(sim.AuditItemIDs(), vb365sim.UserSupportNorthID) || len(sim.AuditItemIDs()) != 4 {
							return fmt.Errorf("audit list = %v, want Support North removed only", sim.AuditItemIDs())
						}
						return nil
					})},
				},
			)
		})
	}
}

// TestAccAuditItem_refusals: an unknown user in a for_each gets the server's refusal on its own
// resource while the others are added; a user already audited on the server is refused with
// the way out (import); nothing half-created.
func TestAccAuditItem_refusals(t *testing.T) {
	t.Parallel()
	sim := acctest.StartSimulator(t)
	unknown := "00000000-0000-0000-0000-00000000dead"
	accTest(t, checkAuditListEmpty(sim),
		resource.TestStep{
			Config:      auditUsersConfig(sim, "v8", vb365sim.UserQADallasID, unknown),
			ExpectError: regexp.MustCompile(`(?s)Cannot add the audit item.*` + unknown + `.*was not found`),
		},
		resource.TestStep{
			// The valid items of the failed apply were added and are in state: nothing to do
			// for them now, and the unknown user is gone from the configuration.
			Config: auditUsersConfig(sim, "v8", vb365sim.UserQADallasID),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("vb365_audit_item.user[0]", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("vb365_audit_item.group", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("vb365_audit_item.john", plancheck.ResourceActionNoop),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{simCheck(func() error {
				if ids := sim.AuditItemIDs(); slices.Contains(ids, unknown) || len(ids) != 3 {
					return fmt.Errorf("audit list = %v", ids)
				}
				return nil
			})},
		},
	)
}

// TestAccAuditItem_alreadyAudited: a user audited on the server before the apply is refused
// with the way out (import), nothing is recorded, and once gone it is added.
func TestAccAuditItem_alreadyAudited(t *testing.T) {
	t.Parallel()
	dup := acctest.StartSimulator(t)
	accTest(t, checkAuditListEmpty(dup),
		resource.TestStep{
			PreConfig: func() {
				c := simClientAdd(t, dup)
				c(vb365sim.UserRnDID)
			},
			Config:      auditUsersConfig(dup, "v8", vb365sim.UserRnDID),
			ExpectError: regexp.MustCompile(`(?s)already in the audit list.*import it instead: terraform import <address>\s+` + vb365sim.OrganizationID + "/" + vb365sim.UserRnDID),
		},
		resource.TestStep{
			PreConfig: func() { dup.RemoveAuditItemOutOfBand(vb365sim.UserRnDID) },
			Config:    auditUsersConfig(dup, "v8", vb365sim.UserRnDID),
		},
	)
}

// TestAccAuditItem_versionGate: v4, the last version without audit items, is refused at plan
// time naming v5, and no audit request is sent.
func TestAccAuditItem_versionGate(t *testing.T) {
	t.Parallel()
	sim := acctest.StartSimulator(t)
	accTest(t, nil, resource.TestStep{
		Config:      auditUsersConfig(sim, "v4", vb365sim.UserJohnSmithID),
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`(?s)Not available in API v4.*Adding an audit item needs VB365 REST API v5 or later`),
	})
	for route, n := range sim.RequestCounts() {
		if strings.Contains(strings.ToLower(route), "audititems") && n > 0 {
			t.Errorf("%s sent %d times below v5", route, n)
		}
	}
}

// TestAccAuditItem_badInput: both or neither of user_id and group_id, and malformed import IDs.
func TestAccAuditItem_badInput(t *testing.T) {
	t.Parallel()
	sim := acctest.StartSimulator(t)
	base := sim.ProviderConfig("v8")
	accTest(t, nil,
		resource.TestStep{
			Config: base + fmt.Sprintf(`
resource "vb365_audit_item" "x" {
  organization_id = %s
  user_id         = %s
  group_id        = %s
}`, q(vb365sim.OrganizationID), q(vb365sim.UserRnDID), q(vb365sim.GroupSupportID)),
			ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination`),
		},
		resource.TestStep{
			Config: base + fmt.Sprintf(`
resource "vb365_audit_item" "x" {
  organization_id = %s
}`, q(vb365sim.OrganizationID)),
			ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination`),
		},
		resource.TestStep{
			Config: base + fmt.Sprintf(`
resource "vb365_audit_item" "x" {
  organization_id = %s
  user_id         = %s
}`, q(vb365sim.OrganizationID), q(vb365sim.UserRnDID)),
			ResourceName:  "vb365_audit_item.x",
			ImportState:   true,
			ImportStateId: "no-slash",
			ExpectError:   regexp.MustCompile(`Invalid import ID`),
		},
		resource.TestStep{
			Config: base + fmt.Sprintf(`
resource "vb365_audit_item" "x" {
  organization_id = %s
  user_id         = %s
}`, q(vb365sim.OrganizationID), q(vb365sim.UserRnDID)),
			ResourceName:  "vb365_audit_item.x",
			ImportState:   true,
			ImportStateId: vb365sim.OrganizationID + "/" + vb365sim.UserRnDID,
			ExpectError:   regexp.MustCompile(`Audit item not found`),
		},
	)
	if n := sim.RequestCount("POST", "/v8/Organizations/{id}/AuditItems"); n != 0 {
		t.Errorf("bad input sent %d POSTs", n)
	}
}

// simClient is a client of the simulator for changing things behind Terraform's back.
func simClient(t *testing.T, sim *acctest.Sim) *vb365.Client {
	t.Helper()
	c, err := vb365.New(vb365.Config{Endpoint: sim.URL, APIVersion: "v8", Username: vb365sim.DefaultUsername, Password: vb365sim.DefaultPassword})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// simClientAdd returns a function adding a user to the audit list behind Terraform's back.
func simClientAdd(t *testing.T, sim *acctest.Sim) func(userID string) {
	t.Helper()
	c := simClient(t, sim)
	return func(userID string) {
		if err := c.AddAuditItems(t.Context(), vb365sim.OrganizationID, []vb365.AuditItemRef{{Type: vb365.AuditItemUser, ID: userID}}); err != nil {
			t.Fatal(err)
		}
	}
}

// simCheck runs check against the simulator after a step (the state is not needed; the legacy
// Check functions cannot shim a state holding for_each instances).
func simCheck(check func() error) statecheck.StateCheck { return simStateCheck(check) }

type simStateCheck func() error

func (c simStateCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c()
}
