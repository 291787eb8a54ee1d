package sessions_test

import (
	"fmt"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func TestAccDataSourceRestoreSession(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			const address = "data.vb365_restore_session.seed"
			attr := func(name string, check knownvalue.Check) statecheck.StateCheck {
				return statecheck.ExpectKnownValue(address, tfjsonpath.New(name), check)
			}
			acctest.AccTest(t, resource.TestStep{
				Config: sim.ProviderConfig(version) + fmt.Sprintf(`
data "vb365_restore_session" "seed" {
  id = %s
}
`, acctest.Q(vb365sim.SeedRestoreSessionID)),
				ConfigStateChecks: []statecheck.StateCheck{
					attr("id", knownvalue.StringExact(vb365sim.SeedRestoreSessionID)),
					attr("state", knownvalue.StringExact("Working")),
					attr("result", knownvalue.StringExact("Success")),
					attr("type", knownvalue.StringExact("Vex")),
					attr("organization_name", knownvalue.StringExact(vb365sim.OrganizationName)),
					// The session's link names no organization ID: it comes from the session's organization.
					attr("organization_id", knownvalue.StringExact(vb365sim.OrganizationID)),
					attr("creation_time", knownvalue.StringExact("2019-04-12T10:54:40.2794046Z")),
					attr("end_time", knownvalue.Null()),
					attr("initiated_by", knownvalue.StringExact(vb365sim.DefaultUsername)),
					attr("name", knownvalue.StringExact("Exchange restore session")),
				},
			})
		})
	}
}

func TestAccDataSourceRestoreSession_unknownSession(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			const missing = "00000000-0000-4000-8000-000000000000"
			acctest.AccTest(t, resource.TestStep{
				Config: sim.ProviderConfig(version) + fmt.Sprintf(`
data "vb365_restore_session" "missing" {
  id = %s
}
`, acctest.Q(missing)),
				ExpectError: acctest.Wrapped(`VB365 restore session not found`, `Restore session with ID '`+missing+`' was not found`),
			})
		})
	}
}

// Listing below an unknown restore session names the server's message.
func TestAccDataSourceMailboxes_unknownSession(t *testing.T) {
	t.Parallel()
	sim := acctest.StartSimulator(t)
	acctest.AccTest(t, resource.TestStep{
		Config: sim.ProviderConfig("v8") + `
data "vb365_mailboxes" "missing" {
  restore_session_id = "00000000-0000-4000-8000-000000000000"
}
`,
		ExpectError: acctest.Wrapped(`Unable to list VB365 mailboxes`, `404 Not Found`, `was not found`),
	})
}
