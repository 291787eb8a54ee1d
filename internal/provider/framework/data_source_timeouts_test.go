package framework_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestAccDataSourceTimeouts: timeouts { read } bounds a data source's whole read, so a server
// that answers too slowly (or pages forever) cannot hold a plan; a valid read is unaffected,
// and an invalid duration is a clear error.
func TestAccDataSourceTimeouts(t *testing.T) {
	t.Parallel()
	slow := acctest.StartSimulator(t, vb365sim.WithLatency(2*time.Second))
	fast := acctest.StartSimulator(t)
	config := func(sim *acctest.Sim, timeout string) string {
		return sim.ProviderConfig("v8") + fmt.Sprintf(`
data "vb365_organizations" "all" {
  timeouts {
    read = %q
  }
}

data "vb365_mailboxes" "all" {
  organization_id = %q
  timeouts {
    read = %q
  }
}
`, timeout, vb365sim.OrganizationID, timeout)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config(slow, "300ms"), ExpectError: regexp.MustCompile(`context deadline\s+exceeded`)},
			{Config: config(fast, "soon"), ExpectError: regexp.MustCompile(`(?i)duration`)},
			// Last, so that the test's final destroy has a valid configuration.
			{Config: config(fast, "1m"), Check: resource.TestCheckResourceAttr("data.vb365_organizations.all", "timeouts.read", "1m")},
		},
	})
}
