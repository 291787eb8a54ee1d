package vb365sim

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestSessionTimeFilters: v6+ filter the session list by creation time, v8 also by end time
// (a session that has not ended matches no end bound); v3 ignores the parameters; a bad time
// is a 400.
func TestSessionTimeFilters(t *testing.T) {
	clock := &fakeClock{now: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)}
	h := newHarness(t, WithClock(clock.Now), WithTokenLifetime(24*time.Hour))
	var opened []string
	for range 3 {
		clock.Advance(time.Hour)
		ss := h.json("POST", "/v8/Organizations/"+OrganizationID+"/explore", map[string]any{"type": "Vex"}, http.StatusCreated)
		opened = append(opened, ss["id"].(string))
	}
	clock.Advance(time.Hour) // 16:00
	if resp, _ := h.do("POST", "/v8/RestoreSessions/"+opened[0]+"/stop", nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("stop: %d", resp.StatusCode)
	}
	ids := func(path string) []string {
		var out []string
		for _, s := range results(t, h.get(path)) {
			out = append(out, s["id"].(string))
		}
		return out
	}
	for _, tc := range []struct {
		path string
		want []string
	}{
		{"/v8/RestoreSessions?startTimeFrom=2024-05-01T14:00:00Z", opened[1:]},
		{"/v6/RestoreSessions?startTimeFrom=2024-05-01T13:30:00Z&startTimeTo=2024-05-01T14:00:00Z", opened[1:2]},
		{"/v8/RestoreSessions?endTimeFrom=2024-05-01T15:00:00Z", opened[:1]},
		{"/v8/RestoreSessions?endTimeTo=2024-05-01T15:00:00Z", nil},
		{"/v3/RestoreSessions?startTimeFrom=2024-05-01T14:00:00Z", append([]string{SeedRestoreSessionID}, opened...)},
	} {
		if got := ids(tc.path); !slices.Equal(got, tc.want) {
			t.Errorf("GET %s: %v, want %v", tc.path, got, tc.want)
		}
	}
	if resp, _ := h.do("GET", "/v8/RestoreSessions?startTimeFrom=yesterday", nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a time that does not parse: %d, want 400", resp.StatusCode)
	}
}

// WithSessionLimit refuses an explore beyond the limit with 400 and opens nothing; a stopped
// session frees a place.
func TestSessionLimitRefusesExplore(t *testing.T) {
	h := newHarness(t, WithSessionLimit(2)) // the seed session and one more
	first := h.json("POST", "/v8/Organizations/"+OrganizationID+"/explore", map[string]any{"type": "Vex"}, http.StatusCreated)
	before := len(h.sim.Ledger())
	resp, body := h.do("POST", "/v8/Organizations/"+OrganizationID+"/explore", map[string]any{"type": "Vex"})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), SessionLimitMessage) {
		t.Fatalf("explore beyond the limit: %d %s, want 400 with the limit message", resp.StatusCode, body)
	}
	if len(h.sim.Ledger()) != before || len(h.sim.OpenSessions()) != 2 {
		t.Fatalf("a refused explore opened a session: %d ledger entries, %v open", len(h.sim.Ledger()), h.sim.OpenSessions())
	}
	if resp, _ := h.do("POST", "/v8/RestoreSessions/"+first["id"].(string)+"/Stop", nil); resp.StatusCode >= 300 {
		t.Fatalf("stop: %d", resp.StatusCode)
	}
	h.json("POST", "/v8/Organizations/"+OrganizationID+"/explore", map[string]any{"type": "Vex"}, http.StatusCreated)
}
