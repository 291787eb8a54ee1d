package restores_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestAccRestoreSourceSwitch: switching between restore_session_id and organization_id at the
// same point in time updates the record in place and sends nothing; a restore session at
// another point in time is a new run; a switch whose point in time nobody states is recorded
// in place (the plan warns, see TestJudgeSourceSwitch).
func TestAccRestoreSourceSwitch(t *testing.T) {
	t.Parallel()
	const (
		earlier = "2026-11-01T10:54:40Z"
		later   = "2026-11-01T11:00:00Z"
	)
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			// source is the session-source lines of the restore; sessions the restore_sessions to declare.
			config := func(source string, sessions map[string]string) string {
				var b strings.Builder
				for name, pointInTime := range sessions {
					fmt.Fprintf(&b, "resource \"vb365_restore_session\" %q {\n  organization_id = %q\n  point_in_time = %q\n}\n",
						name, vb365sim.OrganizationID, pointInTime)
				}
				return sim.ProviderConfig(version) + b.String() + fmt.Sprintf(`
resource "vb365_mailbox_item_restore" "r" {
%s
  mailbox_id = %q
  item_ids   = [%q]
  send_to_default_address {}
}
`, source, vb365sim.SeedMailboxID, vb365sim.SeedMessageID)
			}
			action := func(a plancheck.ResourceActionType) resource.ConfigPlanChecks {
				return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(acctest.RestoreAddr, a)}}
			}
			sent := func(n int) resource.TestCheckFunc { return acctest.CheckLedgerCount(sim, "send_to_default_address", n) }
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy:             sent(2),
				Steps: []resource.TestStep{
					{Config: config(fmt.Sprintf("restore_session_id = vb365_restore_session.a.id\npoint_in_time = %q", earlier),
						map[string]string{"a": earlier}), Check: sent(1)},
					// The organization at the same instant, written with another offset.
					{Config: config(fmt.Sprintf("organization_id = %q\npoint_in_time = %q", vb365sim.OrganizationID, "2026-11-01T12:54:40+02:00"), nil),
						ConfigPlanChecks: action(plancheck.ResourceActionUpdate),
						Check: resource.ComposeAggregateTestCheckFunc(sent(1),
							resource.TestCheckResourceAttr(acctest.RestoreAddr, "organization_id", vb365sim.OrganizationID),
							resource.TestCheckNoResourceAttr(acctest.RestoreAddr, "restore_session_id"))},
					// Back to a session the user manages, at the same point in time.
					{Config: config(fmt.Sprintf("restore_session_id = vb365_restore_session.b.id\npoint_in_time = %q", earlier),
						map[string]string{"b": earlier}), ConfigPlanChecks: action(plancheck.ResourceActionUpdate), Check: sent(1)},
					// A session at another point in time: a new run.
					{Config: config("restore_session_id = vb365_restore_session.c.id\npoint_in_time = vb365_restore_session.c.point_in_time",
						map[string]string{"c": later}), ConfigPlanChecks: action(plancheck.ResourceActionReplace), Check: sent(2)},
					// Neither side states it: recorded in place, nothing sent.
					{Config: config(fmt.Sprintf("organization_id = %q", vb365sim.OrganizationID), nil),
						ConfigPlanChecks: action(plancheck.ResourceActionUpdate), Check: sent(2)},
				},
			})
		})
	}
}
