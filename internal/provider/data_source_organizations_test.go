package provider_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func TestAccDataSourceOrganizations(t *testing.T) {
	for _, version := range testedVersions {
		t.Run(version, func(t *testing.T) {
			sim := acctest.StartSimulator(t)
			parallelAccTest(t, resource.TestStep{
				Config: sim.ProviderConfig(version) + `
data "vb365_organizations" "all" {}

data "vb365_organizations" "first" {
  max_items = 1
  page_size = 1
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vb365_organizations.all", tfjsonpath.New("organizations"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id":   knownvalue.StringExact(vb365sim.OrganizationID),
							"name": knownvalue.StringExact(vb365sim.OrganizationName),
							"type": knownvalue.StringExact("Office365"),
						})})),
					statecheck.ExpectKnownValue("data.vb365_organizations.first", tfjsonpath.New("organizations"),
						knownvalue.ListSizeExact(1)),
				},
			})
		})
	}
}
