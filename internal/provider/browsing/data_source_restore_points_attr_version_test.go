package browsing_test

import (
	"regexp"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestAccRestorePoints_attributeVersion: a filter the API version lacks names the attribute
// (user_id on v7, is_copy on v6), not only the operation, and nothing is requested.
func TestAccRestorePoints_attributeVersion(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ version, attr, value, want string }{
		{"v7", "user_id", `"` + vb365sim.UserJohnSmithID + `"`, `(?s)user_id needs API v8.*user_id of vb365_restore_points needs VB365 REST API\s+v8\s+or\s+later;\s+this\s+provider\s+uses\s+v7.*Remove\s+user_id`},
		{"v6", "is_copy", "true", `(?s)is_copy needs API v7.*is_copy of vb365_restore_points needs VB365 REST API\s+v7`},
	} {
		t.Run(tc.attr, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			acctest.AccTest(t, resource.TestStep{
				Config:      sim.ProviderConfig(tc.version) + `data "vb365_restore_points" "p" { ` + tc.attr + ` = ` + tc.value + ` }`,
				ExpectError: regexp.MustCompile(tc.want),
			})
			if n := sim.RequestCount("GET", "/"+tc.version+"/RestorePoints"); n != 0 {
				t.Errorf("restore points requested %d time(s)", n)
			}
		})
	}
}
