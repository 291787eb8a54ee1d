package browsing_test

import (
	"regexp"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestAccRestorePoints lists the fixture organization's backups in a time window (v6: filtered
// by the provider; v8: by the server), and names the version below v6.
func TestAccRestorePoints(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			acctest.AccTest(t, resource.TestStep{
				Config: sim.ProviderConfig(version) + `
data "vb365_restore_points" "p" {
  organization_id = "` + vb365sim.OrganizationID + `"
  from            = "2019-04-11T00:00:00Z"
}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vb365_restore_points.p", tfjsonpath.New("restore_points"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(vb365sim.RestorePointIDs[1]), "backup_time": knownvalue.StringExact(vb365sim.RestorePointTimes[1]),
							"organization_id": knownvalue.StringExact(vb365sim.OrganizationID), "is_exchange": knownvalue.Bool(true),
						}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(vb365sim.RestorePointIDs[2])}),
					})),
				},
			})
		})
	}
	t.Run("v5", func(t *testing.T) {
		t.Parallel()
		sim := acctest.StartSimulator(t)
		acctest.AccTest(t, resource.TestStep{
			Config:      sim.ProviderConfig("v5") + `data "vb365_restore_points" "p" {}`,
			ExpectError: regexp.MustCompile(`(?s)Not available in API v5.*v6 or later`),
		})
	})
}

// TestAccRestoreSessions filters sessions by organization and state (provider side in every
// version) and by start time (server side from v6); an unknown organization names the attribute.
func TestAccRestoreSessions(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			acctest.AccTest(t, resource.TestStep{
				Config: sim.ProviderConfig(version) + `
data "vb365_restore_sessions" "working" {
  organization_id = "` + vb365sim.OrganizationID + `"
  state           = "working"
  start_time_to   = "2019-04-13T00:00:00Z"
}

data "vb365_restore_sessions" "later" {
  start_time_from = "2019-04-13T00:00:00Z"
  state           = "Working"
}

data "vb365_restore_sessions" "stopped" {
  state = "Stopped"
}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vb365_restore_sessions.working", tfjsonpath.New("sessions"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(vb365sim.SeedRestoreSessionID), "state": knownvalue.StringExact("Working"),
							"organization_id": knownvalue.StringExact(vb365sim.OrganizationID),
						}),
					})),
					statecheck.ExpectKnownValue("data.vb365_restore_sessions.later", tfjsonpath.New("sessions"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue("data.vb365_restore_sessions.stopped", tfjsonpath.New("sessions"), knownvalue.ListSizeExact(0)),
				},
			}, resource.TestStep{
				Config: sim.ProviderConfig(version) + `
data "vb365_restore_sessions" "s" {
  organization_id = "00000000-0000-4000-8000-000000000000"
}`,
				ExpectError: regexp.MustCompile(`(?s)Organization not found.*00000000-0000-4000-8000-000000000000`),
			})
		})
	}
}
