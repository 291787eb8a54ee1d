package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// stringAt is a knownvalue.Check of a string known only while the test runs (an ID captured
// by an earlier step), read when the check runs.
type stringAt struct{ p *string }

func (c stringAt) CheckValue(v any) error {
	if s, ok := v.(string); !ok || s != *c.p {
		return fmt.Errorf("value %v, want %q", v, *c.p)
	}
	return nil
}

func (c stringAt) String() string { return *c.p }

// TestAccRestoreSessionList_query runs `terraform query` over the simulator's sessions: the
// working ones of the organization (the simulator's seed session and the one the first step
// opened) and, with the resources, the stopped ones since 2020 (the one stopped behind
// Terraform's back). Every result carries the session's identity. Terraform 1.14+.
func TestAccRestoreSessionList_query(t *testing.T) {
	sim := acctest.StartSimulator(t)
	var opened, stopped string
	seed := vb365sim.SeedRestoreSessionID
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{
				Config: sessionConfig(sim, "v8", ""),
				Check:  captureID(restoreSessionAddr, &opened),
			},
			{
				PreConfig: func() {
					c := simClient(t, sim, "v8")
					s, err := c.Explore(context.Background(), vb365sim.OrganizationID, vb365.ExploreOptions{})
					if err != nil {
						t.Fatal(err)
					}
					stopped = s.ID
					if err := c.StopRestoreSession(context.Background(), s.ID); err != nil {
						t.Fatal(err)
					}
				},
				Query: true,
				Config: fmt.Sprintf(`
list "vb365_restore_session" "working" {
  provider = vb365
  config {
    organization_id = %q
    state           = "working"
  }
}

list "vb365_restore_session" "stopped" {
  provider         = vb365
  include_resource = true
  config {
    state              = "Stopped"
    creation_time_from = "2020-01-01T00:00:00Z"
  }
}
`, vb365sim.OrganizationID),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("vb365_restore_session.working", 2),
					querycheck.ExpectIdentity("vb365_restore_session.working", map[string]knownvalue.Check{"id": knownvalue.StringExact(seed)}),
					querycheck.ExpectIdentity("vb365_restore_session.working", map[string]knownvalue.Check{"id": stringAt{&opened}}),
					querycheck.ExpectLength("vb365_restore_session.stopped", 1),
					querycheck.ExpectIdentity("vb365_restore_session.stopped", map[string]knownvalue.Check{"id": stringAt{&stopped}}),
					querycheck.ExpectResourceDisplayName("vb365_restore_session.stopped",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": stringAt{&stopped}}),
						knownvalue.StringRegexp(regexp.MustCompile(`^Stopped, \S+ to \S+, `+regexp.QuoteMeta(vb365sim.OrganizationName)+`, by `))),
					querycheck.ExpectResourceKnownValues("vb365_restore_session.stopped",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": stringAt{&stopped}}),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("id"), KnownValue: stringAt{&stopped}},
							{Path: tfjsonpath.New("organization_id"), KnownValue: knownvalue.StringExact(vb365sim.OrganizationID)},
							{Path: tfjsonpath.New("state"), KnownValue: knownvalue.StringExact("Stopped")},
						}),
				},
			},
		},
	})
}
