package bulkrestores_test

import (
	"runtime"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// The plan of an incident-scale restore (issue 29: 500 mailboxes planned in at most 20 s and
// 256 MiB): its reads must not grow with the mailboxes restored; the one mailbox listing grows
// by pages with the mailboxes in the backup. Both the test and the benchmark drive PlanResourceChange through the plugin
// protocol (framework included), as the CLI does, against an in-process simulator.

// planner is a configured provider server and the request planning a new record of n
// generated mailboxes.
type planner struct {
	server tfprotov6.ProviderServer
	req    *tfprotov6.PlanResourceChangeRequest
	typ    tftypes.Object
}

func newPlanner(tb testing.TB, sim *acctest.Sim, n int) *planner {
	tb.Helper()
	ctx := tb.Context()
	server, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		tb.Fatal(err)
	}
	schema, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		tb.Fatal(err)
	}
	value := func(typ tftypes.Type, attrs map[string]tftypes.Value) tftypes.Value {
		obj, ok := typ.(tftypes.Object)
		if !ok {
			tb.Fatalf("%s is not an object type", typ)
		}
		for name, t := range obj.AttributeTypes {
			if _, ok := attrs[name]; !ok {
				attrs[name] = tftypes.NewValue(t, nil)
			}
		}
		return tftypes.NewValue(typ, attrs)
	}
	encode := func(typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
		dv, err := tfprotov6.NewDynamicValue(typ, v)
		if err != nil {
			tb.Fatal(err)
		}
		return &dv
	}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	providerType := schema.Provider.ValueType()
	cfg, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: encode(providerType, value(providerType, map[string]tftypes.Value{
		"endpoint": str(sim.URL), "api_version": str("v8"),
		"username": str(vb365sim.DefaultUsername), "password": str(vb365sim.DefaultPassword),
	}))})
	if err != nil || len(cfg.Diagnostics) > 0 {
		tb.Fatal(err, cfg.Diagnostics)
	}
	typ, ok := schema.ResourceSchemas["vb365_mailboxes_restore"].ValueType().(tftypes.Object)
	if !ok {
		tb.Fatal("vb365_mailboxes_restore is not an object type")
	}
	ids := make([]tftypes.Value, n)
	for i := range ids {
		ids[i] = str(vb365sim.GeneratedMailboxID(i + 1))
	}
	config := value(typ, map[string]tftypes.Value{
		"organization_id": str(vb365sim.OrganizationID),
		"mailbox_ids":     tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, ids),
		"reason":          str("INC-4711 ransomware"),
	})
	return &planner{server: server, typ: typ, req: &tfprotov6.PlanResourceChangeRequest{
		TypeName:         "vb365_mailboxes_restore",
		PriorState:       encode(typ, tftypes.NewValue(typ, nil)),
		ProposedNewState: encode(typ, config),
		Config:           encode(typ, config),
	}}
}

// plan plans the record and returns the planned mailboxes' IDs (nil where not known).
func (p *planner) plan(tb testing.TB) []string {
	tb.Helper()
	resp, err := p.server.PlanResourceChange(tb.Context(), p.req)
	if err != nil || len(resp.Diagnostics) > 0 || resp.PlannedState == nil {
		for _, d := range resp.Diagnostics {
			tb.Errorf("%s: %s: %s", d.Severity, d.Summary, d.Detail)
		}
		tb.Fatal("plan failed", err)
	}
	planned, err := resp.PlannedState.Unmarshal(p.typ)
	if err != nil {
		tb.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := planned.As(&attrs); err != nil {
		tb.Fatal(err)
	}
	var mailboxes []tftypes.Value
	if !attrs["mailboxes"].IsKnown() || attrs["mailboxes"].IsNull() {
		return nil
	}
	if err := attrs["mailboxes"].As(&mailboxes); err != nil {
		tb.Fatal(err)
	}
	ids := make([]string, len(mailboxes))
	for i, mb := range mailboxes {
		var fields map[string]tftypes.Value
		if err := mb.As(&fields); err != nil {
			tb.Fatal(err)
		}
		if err := fields["id"].As(&ids[i]); err != nil {
			tb.Fatal(err)
		}
	}
	return ids
}

// The plan of 1,200 mailboxes makes the requests of the plan of 3 in the same backup (1,206
// mailboxes): one token, one explore and its stop, one mailbox listing (two pages of 1,000), one
// restore point listing, one restore session listing and the events of the sessions in the
// window. No request is made per mailbox.
func TestMailboxesRestorePlan_requestsDoNotGrowWithMailboxes(t *testing.T) {
	requests := map[int]map[string]int{}
	for _, n := range []int{3, 1200} {
		sim := acctest.StartSimulator(t, vb365sim.WithGeneratedMailboxes(1200))
		ids := newPlanner(t, sim, n).plan(t)
		if len(ids) != n {
			t.Fatalf("%d mailboxes: the plan lists %d", n, len(ids))
		}
		requests[n] = sim.RequestCounts()
	}
	small, large := requests[3], requests[1200]
	const listing = "GET /v8/RestoreSessions/{id}/Organization/Mailboxes"
	if large[listing] != 2 {
		t.Errorf("mailbox listing pages: %d for 1,206 mailboxes; want 2 (one listing of 1,000 a page)", large[listing])
	}
	for route, count := range large {
		if want := small[route]; count != want {
			t.Errorf("%s: %d request(s) for 1,200 mailboxes, %d for 3", route, count, want)
		}
	}
	for route := range small {
		if _, ok := large[route]; !ok {
			t.Errorf("%s: requested for 3 mailboxes, not for 1,200", route)
		}
	}
	total := 0
	for _, count := range large {
		total += count
	}
	if total > 12 {
		t.Errorf("the plan of 1,200 mailboxes made %d requests: %v", total, large)
	}
}

// BenchmarkPlanMailboxesRestore500: one plan of a new vb365_mailboxes_restore of 500 generated
// mailboxes (the review: version, a session of the provider's own, the mailbox listing, the
// restore point, the look-up for earlier runs; and the planned value), through the plugin
// protocol against a fresh in-process simulator per plan (so the sessions earlier plans leave
// in the history window do not add up), whose own cost it includes.
func BenchmarkPlanMailboxesRestore500(b *testing.B) {
	const n = 500
	requests := 0
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		sim := acctest.StartSimulator(b, vb365sim.WithGeneratedMailboxes(n))
		p := newPlanner(b, sim, n)
		b.StartTimer()
		if ids := p.plan(b); len(ids) != n {
			b.Fatalf("the plan lists %d mailboxes", len(ids))
		}
		for _, c := range sim.RequestCounts() {
			requests += c
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/plan")
	b.ReportMetric(float64(requests)/float64(b.N), "requests/plan")
}

// The plan's cost grows about linearly with the mailboxes restored: planning ten times as many
// mailboxes allocates at most twenty times as much (about 13 times: the framework compares the
// whole plan once more for a trace log). A set of mailbox IDs checked for
// duplicates pair by pair (basetypes.SetType, about ten times a plan) or compared element by
// element in copies (basetypes.SetValue.Equal) makes it quadratic: 5,000 mailboxes took over
// 20 s of CPU (issue 29).
func TestMailboxesRestorePlan_costLinearInMailboxes(t *testing.T) {
	sim := acctest.StartSimulator(t, vb365sim.WithGeneratedMailboxes(2000))
	allocs := map[int]uint64{}
	for _, n := range []int{200, 2000} {
		p := newPlanner(t, sim, n)
		p.plan(t) // warm: sign-in, API version
		// The least of three plans: a process-wide count also sees work of other goroutines (the
		// simulator's, the framework's), which now and then adds a few million at random.
		for range 3 {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			if ids := p.plan(t); len(ids) != n {
				t.Fatalf("%d mailboxes: the plan lists %d", n, len(ids))
			}
			runtime.ReadMemStats(&after)
			if got := after.Mallocs - before.Mallocs; allocs[n] == 0 || got < allocs[n] {
				allocs[n] = got
			}
		}
	}
	ratio := float64(allocs[2000]) / float64(allocs[200])
	t.Logf("allocations: %d for 200 mailboxes, %d for 2,000 (%.1fx)", allocs[200], allocs[2000], ratio)
	if ratio > 20 {
		t.Errorf("planning 2,000 mailboxes allocates %.1fx what planning 200 does (%d, %d): the plan is not linear in the mailboxes", ratio, allocs[2000], allocs[200])
	}
}
