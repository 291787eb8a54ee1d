package browsing_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// itemsReader configures server for sim and returns one ReadDataSource of vb365_mailbox_items
// over the large mailbox name in pages of pageSize, as the CLI calls it.
func itemsReader(tb testing.TB, server tfprotov6.ProviderServer, endpoint, name string, pageSize int) func() *tfprotov6.ReadDataSourceResponse {
	tb.Helper()
	ctx := tb.Context()
	schema, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		tb.Fatal(err)
	}
	encode := func(typ tftypes.Type, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
		obj, ok := typ.(tftypes.Object)
		if !ok {
			tb.Fatalf("%s is not an object type", typ)
		}
		for name, t := range obj.AttributeTypes {
			if _, ok := attrs[name]; !ok {
				attrs[name] = tftypes.NewValue(t, nil)
			}
		}
		dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
		if err != nil {
			tb.Fatal(err)
		}
		return &dv
	}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	cfg, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: encode(schema.Provider.ValueType(), map[string]tftypes.Value{
		"endpoint": str(endpoint), "api_version": str("v8"),
		"username": str(vb365sim.DefaultUsername), "password": str(vb365sim.DefaultPassword),
	})})
	if err != nil || len(cfg.Diagnostics) > 0 {
		tb.Fatal(err, cfg.Diagnostics)
	}
	dsType := schema.DataSourceSchemas["vb365_mailbox_items"].ValueType()
	req := &tfprotov6.ReadDataSourceRequest{TypeName: "vb365_mailbox_items", Config: encode(dsType, map[string]tftypes.Value{
		"restore_session_id": str(vb365sim.SeedRestoreSessionID), "mailbox_id": str(vb365sim.LargeMailboxID(name)),
		"page_size": tftypes.NewValue(tftypes.Number, pageSize),
	})}
	return func() *tfprotov6.ReadDataSourceResponse {
		resp, err := server.ReadDataSource(ctx, req)
		if err != nil || len(resp.Diagnostics) > 0 || resp.State == nil {
			tb.Fatal(err, resp.Diagnostics)
		}
		return resp
	}
}

// pageReplay serves the simulator, replaying each item page after the first time it is asked
// for: a benchmark then measures the provider, not the simulator rendering its pages.
type pageReplay struct {
	next  http.Handler
	mu    sync.Mutex
	pages map[string]*httptest.ResponseRecorder
}

func (p *pageReplay) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet || !strings.HasSuffix(strings.ToLower(r.URL.Path), "/items") {
		p.next.ServeHTTP(w, r)
		return
	}
	p.mu.Lock()
	page, ok := p.pages[r.URL.String()]
	p.mu.Unlock()
	if !ok {
		page = httptest.NewRecorder()
		p.next.ServeHTTP(page, r)
		p.mu.Lock()
		p.pages[r.URL.String()] = page
		p.mu.Unlock()
	}
	for k, v := range page.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(page.Code)
	_, _ = w.Write(page.Body.Bytes())
}

// startReplayedSimulator serves a simulator of one large mailbox of items through pageReplay.
func startReplayedSimulator(tb testing.TB, name string, items int) string {
	ts := httptest.NewServer(&pageReplay{next: vb365sim.New(vb365sim.WithLargeMailbox(name, items)), pages: map[string]*httptest.ResponseRecorder{}})
	tb.Cleanup(ts.Close)
	return ts.URL
}

// peakHeap runs f and returns the most heap (live and not yet collected) its run added, sampled
// every millisecond: what drives the provider's peak RSS.
func peakHeap(f func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	runtime.GC()
	metrics.Read(sample)
	base, peak := sample[0].Value.Uint64(), uint64(0)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		s := []metrics.Sample{{Name: sample[0].Name}}
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	f()
	close(done)
	wg.Wait()
	metrics.Read(sample)
	peak = max(peak, sample[0].Value.Uint64())
	if peak < base {
		return 0
	}
	return peak - base
}

// BenchmarkListItemsProtocol: one ReadDataSource of vb365_mailbox_items over a generated
// mailbox in pages of 10,000 through the provider's protocol server (framework included), as
// the CLI calls it, against an in-process simulator whose pages are rendered once and replayed.
// B/item and allocs/item are the provider's allocations per listed item; peak-heap-MiB is the
// most heap (live and garbage) one read adds: at 100,000 items, the listing whose peak RSS
// section 1 of BENCHMARKS.md measures through a CLI.
func BenchmarkListItemsProtocol(b *testing.B) {
	for _, items := range []int{5000, 100000} {
		b.Run(fmt.Sprintf("items=%d", items), func(b *testing.B) {
			endpoint := startReplayedSimulator(b, "Bench", items)
			server, err := provider.NewServer("test")()
			if err != nil {
				b.Fatal(err)
			}
			read := itemsReader(b, server, endpoint, "Bench", 10000)
			read() // the simulator renders its pages
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				read()
			}
			b.StopTimer()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*items), "ns/item")
			// One more read, measured alone (the simulator's replay allocates next to nothing).
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			peak := peakHeap(func() { read() })
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(items), "B/item")
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(items), "allocs/item")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}

// TestMailboxItemsSplicedStateIsTheFrameworkState: the state the provider's server answers,
// with the encoded listing spliced in, is byte for byte the state the framework's own server
// answers from the same Read, with the listing decoded into tftypes values.
func TestMailboxItemsSplicedStateIsTheFrameworkState(t *testing.T) {
	t.Parallel()
	sim := acctest.StartSimulator(t, vb365sim.WithLargeMailbox("Splice", 1234))
	spliced, err := provider.NewServer("test")()
	if err != nil {
		t.Fatal(err)
	}
	plain, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	got := itemsReader(t, spliced, sim.URL, "Splice", 500)().State.MsgPack
	want := itemsReader(t, plain, sim.URL, "Splice", 500)().State.MsgPack
	if !bytes.Equal(got, want) {
		t.Fatalf("the spliced state (%d bytes) is not the framework's (%d bytes)", len(got), len(want))
	}
}
