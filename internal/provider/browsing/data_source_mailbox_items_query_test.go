package browsing_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestAccDataSourceMailboxItems_query: with query the server searches (POST .../search) and
// the listing holds what it found, as summaries or full items; nothing is paged through the
// mailbox. Below v6 the read fails naming the version, and nothing is searched.
func TestAccDataSourceMailboxItems_query(t *testing.T) {
	t.Parallel()
	sim := acctest.StartSimulator(t)
	config := func(version string) string {
		return sim.ProviderConfig(version) + fmt.Sprintf(`
data "vb365_mailbox_items" "kickoff" {
  organization_id = %[1]q
  mailbox_id      = %[2]q
  query           = "kickoff"
}

data "vb365_mailbox_items" "kickoff_full" {
  organization_id = %[1]q
  mailbox_id      = %[2]q
  query           = "KICKOFF"
  full            = true
}
`, vb365sim.OrganizationID, vb365sim.SeedMailboxID)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config("v8"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vb365_mailbox_items.kickoff", tfjsonpath.New("items"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(vb365sim.SubFolderItemID), "subject": knownvalue.StringExact("Project kickoff"),
						}),
					})),
					statecheck.ExpectKnownValue("data.vb365_mailbox_items.kickoff_full", tfjsonpath.New("full_items").AtSliceIndex(0).AtMapKey("message").AtMapKey("from"),
						knownvalue.StringExact("rnd@bestsupport.onmicrosoft.com")),
					statecheck.ExpectKnownValue("data.vb365_mailbox_items.kickoff", tfjsonpath.New("truncated"), knownvalue.Bool(false)),
				},
				Check: func(*terraform.State) error {
					if n := sim.RequestCount("POST", "/v8/RestoreSessions/{id}/organization/mailboxes/{id}/search"); n == 0 {
						return fmt.Errorf("the server was not asked to search: %v", sim.RequestCounts())
					}
					if n := sim.RequestCount("GET", "/v8/RestoreSessions/{id}/organization/mailboxes/{id}/items"); n != 0 {
						return fmt.Errorf("the mailbox was paged through %d time(s) although the server searched", n)
					}
					return nil
				},
			},
			{
				Config:      config("v3"),
				ExpectError: regexp.MustCompile(`Not available in API v3(.|\n)*v6 or later`),
			},
			{
				// The boundary: the last version without search (the client's
				// TestVersionGatesAtBoundaries asserts the error type and that nothing is sent).
				Config:      config("v5"),
				ExpectError: regexp.MustCompile(`Not available in API v5(.|\n)*v6 or later`),
			},
			{
				Config: config("v6"),
				Check:  resource.TestCheckResourceAttr("data.vb365_mailbox_items.kickoff", "items.0.id", vb365sim.SubFolderItemID),
			},
		},
	})
}
