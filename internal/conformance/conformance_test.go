package conformance

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestOpenAPIConformance runs every client function against the simulator through the
// validator, on v6, v7 and v8, then requests every route the simulator serves that no client
// function uses; every request and answer is validated against the version's document. It
// fails on any violation and on any route of the simulator's table that was not both requested
// and answered at every documented version it serves.
func TestOpenAPIConformance(t *testing.T) {
	specs := map[int]*spec{}
	for _, v := range documentedVersions {
		specs[v] = loadSpec(t, v)
		t.Logf("v%d document loaded in %s", v, specs[v].loadTime.Round(time.Millisecond))
	}
	start := time.Now()
	var vals []*validator
	for _, v := range documentedVersions {
		clk := &clock{now: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)}
		sim := vb365sim.New(vb365sim.WithClock(clk.Now), vb365sim.WithAsyncRestorePolls(0), vb365sim.WithDeviceCodesSignedInOnIssue(),
			vb365sim.WithFailingBulkMailboxes(vb365sim.RnDMailboxID))
		val := newValidator(specs, sim)
		srv := httptest.NewServer(val)
		e := &env{t: t, v: v, url: srv.URL, clock: clk, sim: sim}
		exerciseClient(e)
		exerciseBulkRestore(e)
		exerciseRoutes(e)
		srv.Close()
		vals = append(vals, val)
	}
	for _, val := range vals {
		for _, m := range val.report() {
			t.Error(m)
		}
	}
	rows := coverage(vb365sim.New().Routes(), specs, vals)
	for _, row := range rows {
		for _, g := range row.gaps(specs) {
			t.Error(g)
		}
	}
	t.Logf("validated in %s", time.Since(start).Round(time.Millisecond))
	if !t.Failed() {
		checkTable(t, renderTable(rows, specs))
	}
}
