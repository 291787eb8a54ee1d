package governance_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// memberIDs are the ids of a member set (operators, selected_items, excluded_items) as the
// plan JSON shows it.
func memberIDs(values map[string]any, attr string) []string {
	var ids []string
	list, _ := values[attr].([]any)
	for _, m := range list {
		if obj, ok := m.(map[string]any); ok {
			id, _ := obj["id"].(string)
			ids = append(ids, id)
		}
	}
	return sorted(ids)
}

// expectExcludedDrift is a drift assertion: the plan reports that refresh found the role's
// excluded_items changed on the server (resource_drift: from want-before to want-after).
type expectExcludedDrift struct{ before, after []string }

func (e expectExcludedDrift) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, d := range req.Plan.ResourceDrift {
		if d.Address != roleAddr || d.Change == nil {
			continue
		}
		before, _ := d.Change.Before.(map[string]any)
		after, _ := d.Change.After.(map[string]any)
		got := [2][]string{memberIDs(before, "excluded_items"), memberIDs(after, "excluded_items")}
		if fmt.Sprint(got) != fmt.Sprint([2][]string{sorted(e.before), sorted(e.after)}) {
			resp.Error = fmt.Errorf("excluded_items drift %v -> %v, want %v -> %v", got[0], got[1], e.before, e.after)
		}
		return
	}
	resp.Error = fmt.Errorf("the plan reports no drift of %s", roleAddr)
}

// TestAccRestoreOperatorRole_excludedItemsDrift (issue 25, point 9): the role's excluded items
// changed on the server (John Smith no longer excluded, the legal site excluded instead) are
// detected by refresh as drift, and the plan updates the role back to the configuration; the
// other members are not touched.
func TestAccRestoreOperatorRole_excludedItemsDrift(t *testing.T) {
	for _, version := range []string{"v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			sim := acctest.StartSimulator(t)
			operators := []string{vb365sim.UserOperatorID, vb365sim.GroupEngineeringID}
			selected := []string{vb365sim.GroupSupportID, vb365sim.SiteIntranetID}
			accTest(t, func(*terraform.State) error { return nil },
				resource.TestStep{Config: roleConfig(sim, version, specificRole)},
				resource.TestStep{
					PreConfig: func() {
						// The console's change: the excluded items only, the rest as they are.
						c := acctest.SimClient(t, sim, version)
						ctx := context.Background()
						id := onlyRole(sim)
						role, err := c.RestoreOperatorRole(ctx, id)
						if err != nil {
							t.Fatal(err)
						}
						spec := vb365.RestoreOperatorRoleSpec{Name: role.Name, Description: role.Description, RoleType: role.RoleType,
							ExcludedItems: []vb365.RoleMember{{Type: vb365.MemberSite, ID: vb365sim.SiteLegalID}}}
						for list, into := range map[vb365.RoleMemberList]*[]vb365.RoleMember{
							vb365.RoleOperators: &spec.Operators, vb365.RoleSelectedItems: &spec.SelectedItems} {
							if *into, err = c.RestoreOperatorRoleMembers(ctx, id, list); err != nil {
								t.Fatal(err)
							}
						}
						if err := c.UpdateRestoreOperatorRole(ctx, id, vb365sim.OrganizationID, spec); err != nil {
							t.Fatal(err)
						}
						if got := sim.RoleExcludedItemIDs(id); fmt.Sprint(got) != fmt.Sprint([]string{vb365sim.SiteLegalID}) {
							t.Fatalf("excluded items on the server %v after the change", got)
						}
					},
					Config: roleConfig(sim, version, specificRole),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						expectExcludedDrift{before: []string{vb365sim.UserJohnSmithID}, after: []string{vb365sim.SiteLegalID}},
						plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionUpdate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						expectMembers(sim, operators, selected, []string{vb365sim.UserJohnSmithID}),
					},
				},
			)
		})
	}
}
