package browsing_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func TestAccDataSourceOrganizations(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			acctest.AccTest(t, resource.TestStep{
				Config: sim.ProviderConfig(version) + `
data "vb365_organizations" "all" {}

data "vb365_organizations" "first" {
  max_items = 1
  page_size = 1
}
`,
				Check: checkUserAgents(sim),
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

// providerUserAgent is the User-Agent of every request: the provider, its version ("test"
// in acceptance tests) and the version of the CLI that runs it.
var providerUserAgent = regexp.MustCompile(`^terraform-provider-vb365/test \(\+https://registry\.terraform\.io/providers/terraform-vb365/vb365\) terraform/\d+\.\d+\.\d+`)

// checkUserAgents fails unless the simulator received requests and all of them named the provider.
func checkUserAgents(sim *acctest.Sim) resource.TestCheckFunc {
	return func(*terraform.State) error {
		agents := sim.UserAgents()
		if len(agents) == 0 {
			return fmt.Errorf("the simulator recorded no request")
		}
		for _, ua := range agents {
			if !providerUserAgent.MatchString(ua) {
				return fmt.Errorf("User-Agent %q does not match %s", ua, providerUserAgent)
			}
		}
		return nil
	}
}
