package vb365

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestListRestoreSessions opens sessions an hour apart and lists them by creation time in
// the v3 dialect (filtered by the client alone) and v8 (filtered by the server, in whole
// seconds widened outwards, and again by the client).
func TestListRestoreSessions(t *testing.T) {
	for _, version := range []string{"v3", "v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			clock := newFakeClock()
			sim := vb365sim.New(vb365sim.WithClock(clock.Now))
			var mu sync.Mutex
			var queries []string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodGet && strings.HasSuffix(strings.ToLower(r.URL.Path), "/restoresessions") {
					mu.Lock()
					queries = append(queries, r.URL.RawQuery)
					mu.Unlock()
				}
				sim.ServeHTTP(w, r)
			}))
			t.Cleanup(srv.Close)
			c, err := New(Config{Endpoint: srv.URL, APIVersion: version,
				Username: vb365sim.DefaultUsername, Password: vb365sim.DefaultPassword, Clock: clock})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			var opened []string
			for range 3 {
				clock.Advance(time.Hour)
				s, err := c.Explore(ctx, vb365sim.OrganizationID, ExploreOptions{})
				if err != nil {
					t.Fatal(err)
				}
				opened = append(opened, s.ID)
			}
			ids := func(q RestoreSessionFilter) []string {
				t.Helper()
				var out []string
				for s, err := range c.ListRestoreSessions(ctx, q) {
					if err != nil {
						t.Fatal(err)
					}
					out = append(out, s.ID)
				}
				return out
			}
			start := newFakeClock().Now()
			from, to := start.Add(90*time.Minute+500*time.Millisecond), start.Add(2*time.Hour+500*time.Millisecond)
			if got := ids(RestoreSessionFilter{StartTimeFrom: &from, StartTimeTo: &to}); !slices.Equal(got, opened[1:2]) {
				t.Errorf("sessions created in [%s, %s]: %v, want %v", from, to, got, opened[1:2])
			}
			if got := ids(RestoreSessionFilter{StartTimeFrom: &from}); !slices.Equal(got, opened[1:]) {
				t.Errorf("sessions created since %s: %v, want %v", from, got, opened[1:])
			}
			all := ids(RestoreSessionFilter{})
			if len(all) != 4 || !slices.Equal(all[1:], opened) {
				t.Errorf("all sessions %v, want the seed session and %v", all, opened)
			}
			if got := ids(RestoreSessionFilter{ListOptions: ListOptions{PageSize: 1, MaxItems: 2}, StartTimeFrom: &from}); !slices.Equal(got, opened[1:]) {
				t.Errorf("max 2 of the sessions since %s, one per page: %v, want %v", from, got, opened[1:])
			}
			mu.Lock()
			first := queries[0]
			mu.Unlock()
			wantServerFilter := version != "v3"
			if sent := strings.Contains(first, "startTimeFrom=2024-05-01T13%3A30%3A00Z") && strings.Contains(first, "startTimeTo=2024-05-01T14%3A00%3A01Z"); sent != wantServerFilter {
				t.Errorf("query %q: server-side time filter sent = %v, want %v", first, sent, wantServerFilter)
			}
		})
	}
}
