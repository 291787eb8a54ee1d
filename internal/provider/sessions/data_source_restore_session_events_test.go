package sessions_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestAccRestoreSessionEvents_auditTrail is the audit workflow: restore, then read the
// session's events filtered to the restore, and on v8 the events of the server's own restore
// session named by the record. v3 events carry no item fields; v8 events do.
func TestAccRestoreSessionEvents_auditTrail(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			restore := acctest.RestoreConfig(sim, version, fmt.Sprintf(`  item_ids = [%q]
  restore_to_original_location {
    user_name     = %q
    user_password = %q
  }`, vb365sim.SeedMessageID, acctest.RestoreTestUser, acctest.RestoreTestPassword))
			events := restore + `
data "vb365_restore_session_events" "restores" {
  restore_session_id = vb365_restore_session.s.id
  type               = "restore"
  status             = "Success"
}

data "vb365_restore_session_events" "all" {
  restore_session_id = vb365_restore_session.s.id
  max_items          = 1
}
`
			itemFields := map[string]knownvalue.Check{
				"type": knownvalue.StringExact("Restore"), "status": knownvalue.StringExact("Success"),
				"message":    knownvalue.StringRegexp(regexp.MustCompile(`restored successfully`)),
				"start_time": knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`)),
				"item_name":  knownvalue.Null(), "source": knownvalue.Null(), "order": knownvalue.Null(),
			}
			if version == "v8" {
				itemFields["item_name"] = knownvalue.NotNull()
				itemFields["source"] = knownvalue.StringRegexp(regexp.MustCompile(`@`))
				itemFields["order"] = knownvalue.Int64Exact(1)
				events += `
data "vb365_restore_session_events" "server" {
  restore_session_id = vb365_mailbox_item_restore.r.server_restore_session_id
}
`
			}
			checks := []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.vb365_restore_session_events.restores", tfjsonpath.New("events"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(itemFields)})),
				statecheck.ExpectKnownValue("data.vb365_restore_session_events.all", tfjsonpath.New("events"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"type": knownvalue.StringExact("None"), "title": knownvalue.StringExact("Restore session started"),
					})})),
			}
			if version == "v8" {
				checks = append(checks, statecheck.ExpectKnownValue("data.vb365_restore_session_events.server", tfjsonpath.New("events"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{"type": knownvalue.StringExact("Restore")})})))
			}
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
				Steps: []resource.TestStep{
					{Config: restore},
					{Config: events, ConfigStateChecks: checks},
				},
			})
		})
	}
}

// TestAccRestoreSessionEvents_badInput: unknown filter values name the attribute; an unknown
// session carries the server's message.
func TestAccRestoreSessionEvents_badInput(t *testing.T) {
	t.Parallel()
	sim := acctest.StartSimulator(t)
	acctest.AccTest(t,
		resource.TestStep{
			Config: sim.ProviderConfig("v8") + `
data "vb365_restore_session_events" "e" {
  restore_session_id = "` + vb365sim.SeedRestoreSessionID + `"
  type               = "Undo"
}`,
			ExpectError: regexp.MustCompile(`(?s)Attribute type value must be one of`),
		},
		resource.TestStep{
			Config: sim.ProviderConfig("v3") + `
data "vb365_restore_session_events" "e" {
  restore_session_id = "00000000-0000-4000-8000-000000000000"
}`,
			ExpectError: regexp.MustCompile(`(?s)restore session.*was not found`),
		},
	)
}
