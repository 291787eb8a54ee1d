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

// TestAccOrganizationDirectory lists the fixture organization's users and groups on v6 and v8:
// all of them, by name, by display name and by exact e-mail address (a part of an address finds
// nothing), and names the version and the data source below v6.
func TestAccOrganizationDirectory(t *testing.T) {
	t.Parallel()
	org := vb365sim.OrganizationID
	for _, version := range []string{"v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			acctest.AccTest(t, resource.TestStep{
				Config: sim.ProviderConfig(version) + `
data "vb365_organization_users" "all" {
  organization_id = "` + org + `"
}
data "vb365_organization_users" "by_email" {
  organization_id = "` + org + `"
  email           = "J_SMITH@` + vb365sim.OrganizationName + `"
}
data "vb365_organization_users" "partial_email" {
  organization_id = "` + org + `"
  email           = "smith@` + vb365sim.OrganizationName + `"
}
data "vb365_organization_users" "by_display_name" {
  organization_id = "` + org + `"
  display_name    = "operator"
}
data "vb365_organization_groups" "all" {
  organization_id = "` + org + `"
}
data "vb365_organization_groups" "by_email" {
  organization_id = "` + org + `"
  email           = "engineering@` + vb365sim.OrganizationName + `"
}
data "vb365_organization_groups" "by_name" {
  organization_id = "` + org + `"
  name            = "support@"
}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vb365_organization_users.all", tfjsonpath.New("users"), knownvalue.ListSizeExact(5)),
					statecheck.ExpectKnownValue("data.vb365_organization_users.by_email", tfjsonpath.New("users"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(vb365sim.UserJohnSmithID), "display_name": knownvalue.StringExact("John Smith"),
							"name": knownvalue.StringExact("j_smith@" + vb365sim.OrganizationName), "type": knownvalue.StringExact("User"),
							"email": knownvalue.StringExact("j_smith@" + vb365sim.OrganizationName), "location_type": knownvalue.StringExact("Cloud"),
						}),
					})),
					statecheck.ExpectKnownValue("data.vb365_organization_users.partial_email", tfjsonpath.New("users"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue("data.vb365_organization_users.by_display_name", tfjsonpath.New("users"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(vb365sim.UserOperatorID)}),
					})),
					statecheck.ExpectKnownValue("data.vb365_organization_groups.all", tfjsonpath.New("groups"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue("data.vb365_organization_groups.by_email", tfjsonpath.New("groups"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(vb365sim.GroupEngineeringID), "display_name": knownvalue.StringExact("Engineering"),
							"name": knownvalue.StringExact("engineering@" + vb365sim.OrganizationName), "type": knownvalue.StringExact("Security"),
							"email": knownvalue.StringExact("engineering@" + vb365sim.OrganizationName), "location_type": knownvalue.StringExact("Cloud"),
						}),
					})),
					statecheck.ExpectKnownValue("data.vb365_organization_groups.by_name", tfjsonpath.New("groups"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(vb365sim.GroupSupportID)}),
					})),
				},
			})
		})
	}
	t.Run("v5", func(t *testing.T) {
		t.Parallel()
		sim := acctest.StartSimulator(t)
		acctest.AccTest(t, resource.TestStep{
			Config:      sim.ProviderConfig("v5") + `data "vb365_organization_users" "u" { organization_id = "` + org + `" }`,
			ExpectError: regexp.MustCompile(`(?s)Not available in API v5.*vb365_organization_users.*v6 or later`),
		}, resource.TestStep{
			Config:      sim.ProviderConfig("v5") + `data "vb365_organization_groups" "g" { organization_id = "` + org + `" }`,
			ExpectError: regexp.MustCompile(`(?s)Not available in API v5.*vb365_organization_groups.*v6 or later`),
		})
	})
}
