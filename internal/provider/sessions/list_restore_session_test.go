package sessions_test

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

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
	t.Parallel()
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
				Check:  acctest.CaptureID(acctest.RestoreSessionAddr, &opened),
			},
			{
				PreConfig: func() {
					c := acctest.SimClient(t, sim, "v8")
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

// listSessions runs the list resource through the plugin protocol and returns the IDs of the
// results' identities and the diagnostics.
func listSessions(p *acctest.ProtoProvider, config map[string]any, limit int64, includeResource bool) (ids []string, resources int, diags []*tfprotov6.Diagnostic) {
	p.T.Helper()
	server, ok := p.Server.(tfprotov6.ListResourceServer)
	if !ok {
		p.T.Fatal("the provider server does not serve list resources")
	}
	typ := p.Schema.ListResourceSchemas["vb365_restore_session"].ValueType()
	stream, err := server.ListResource(context.Background(), &tfprotov6.ListResourceRequest{
		TypeName: "vb365_restore_session", Config: p.DynamicValue(typ, config), Limit: limit, IncludeResource: includeResource,
	})
	if err != nil {
		p.T.Fatal(err)
	}
	identityType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}}
	for r := range stream.Results {
		diags = append(diags, r.Diagnostics...)
		if r.Identity == nil || r.Identity.IdentityData == nil {
			continue
		}
		v, err := r.Identity.IdentityData.Unmarshal(identityType)
		if err != nil {
			p.T.Fatal(err)
		}
		var attrs map[string]tftypes.Value
		var id string
		if err := v.As(&attrs); err != nil || attrs["id"].As(&id) != nil {
			p.T.Fatalf("identity %v", v)
		}
		ids = append(ids, id)
		if r.Resource != nil {
			resources++
		}
	}
	return ids, resources, diags
}

// TestRestoreSessionList_protocol: filters, the limit Terraform asks for, resources only when
// asked, validation of the filters, and an unconfigured provider.
func TestRestoreSessionList_protocol(t *testing.T) {
	sim := acctest.StartSimulator(t)
	c := acctest.SimClient(t, sim, "v3")
	opened, err := c.Explore(context.Background(), vb365sim.OrganizationID, vb365.ExploreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The session exists to be listed; the test stops it, as a user would after finding it.
	t.Cleanup(func() { sim.StopAllSessions() })
	p := acctest.NewProtoProvider(t)
	p.Configure(sim, "v3")
	all := map[string]any{"organization_id": nil, "state": nil, "creation_time_from": nil, "creation_time_to": nil}
	with := func(k string, v any) map[string]any {
		m := maps.Clone(all)
		m[k] = v
		return m
	}
	for _, tc := range []struct {
		name     string
		config   map[string]any
		limit    int64
		resource bool
		want     []string
	}{
		{"all", all, 0, true, []string{vb365sim.SeedRestoreSessionID, opened.ID}},
		{"limit", all, 1, false, []string{vb365sim.SeedRestoreSessionID}},
		{"organization", with("organization_id", vb365sim.OrganizationID), 0, false, []string{vb365sim.SeedRestoreSessionID, opened.ID}},
		{"other organization", with("organization_id", "00000000-0000-0000-0000-000000000000"), 0, false, nil},
		{"created since 2020", with("creation_time_from", "2020-01-01T00:00:00Z"), 0, false, []string{opened.ID}},
		{"created before 2020", with("creation_time_to", "2020-01-01T00:00:00Z"), 0, false, []string{vb365sim.SeedRestoreSessionID}},
		{"stopped", with("state", "stopped"), 0, false, nil},
	} {
		ids, resources, diags := listSessions(p, tc.config, tc.limit, tc.resource)
		if len(diags) != 0 {
			t.Fatalf("%s: %s", tc.name, acctest.DiagnosticsText(diags))
		}
		if !slices.Equal(ids, tc.want) {
			t.Errorf("%s: identities %v, want %v", tc.name, ids, tc.want)
		}
		if want := map[bool]int{true: len(tc.want)}[tc.resource]; resources != want {
			t.Errorf("%s: %d results with a resource, want %d", tc.name, resources, want)
		}
	}

	server := p.Server.(tfprotov6.ListResourceServer)
	typ := p.Schema.ListResourceSchemas["vb365_restore_session"].ValueType()
	backwards := with("creation_time_to", "2019-01-01T00:00:00Z")
	backwards["creation_time_from"] = "2020-01-01T00:00:00Z"
	for _, tc := range []struct {
		config map[string]any
		want   string
	}{
		{backwards, "Invalid time range"},
		{with("state", "Open"), "Invalid Attribute Value"},
		{with("creation_time_from", "yesterday"), "Invalid RFC 3339 timestamp"},
		{with("state", "WORKING"), ""},
	} {
		resp, err := server.ValidateListResourceConfig(context.Background(), &tfprotov6.ValidateListResourceConfigRequest{
			TypeName: "vb365_restore_session", Config: p.DynamicValue(typ, tc.config)})
		if err != nil {
			t.Fatal(err)
		}
		if got := acctest.DiagnosticsText(resp.Diagnostics); (tc.want == "" && got != "") || !strings.Contains(got, tc.want) {
			t.Errorf("config %v: diagnostics %q, want %q", tc.config, got, tc.want)
		}
	}

	unconfigured := acctest.NewProtoProvider(t)
	if _, _, diags := listSessions(unconfigured, all, 0, false); !strings.Contains(acctest.DiagnosticsText(diags), "Provider not configured") {
		t.Errorf("unconfigured provider: diagnostics %q", acctest.DiagnosticsText(diags))
	}
}
