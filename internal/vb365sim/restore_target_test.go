package vb365sim

import (
	"strings"
	"testing"
)

// TestRestoreToUnknownMailboxRefused: restoreTo into an address of the organization's own domain
// that no mailbox or user has is refused (v3 envelope and v6+ route alike) and nothing is
// recorded; an existing mailbox, a user without a backed-up mailbox and another domain are taken.
func TestRestoreToUnknownMailboxRefused(t *testing.T) {
	h := newHarness(t)
	for _, v := range []int{3, 8} {
		path, wrap := itemPath(v, SeedMessageID)+"/restoreTo", func(o map[string]any) map[string]any { return o }
		if v == 3 {
			path, wrap = itemPath(v, SeedMessageID)+"/Action", func(o map[string]any) map[string]any { return map[string]any{"restoreTo": o} }
		}
		before := len(h.sim.Ledger())
		resp, data := h.do("POST", path, wrap(map[string]any{"mailbox": "nobody@" + OrganizationName}))
		if resp.StatusCode != 400 || !strings.Contains(string(data), "nobody@"+OrganizationName) {
			t.Fatalf("v%d: restore into a missing mailbox = %d %s", v, resp.StatusCode, data)
		}
		if n := len(h.sim.Ledger()); n != before {
			t.Errorf("v%d: a refused restore was recorded", v)
		}
		for _, target := range []string{"QA_Dallas@" + OrganizationName, "restore.operator@" + OrganizationName, "someone@partner.example"} {
			if resp, data := h.do("POST", path, wrap(map[string]any{"mailbox": target})); resp.StatusCode != 200 && resp.StatusCode != 201 && resp.StatusCode != 202 {
				t.Errorf("v%d: restore into %s = %d %s", v, target, resp.StatusCode, data)
			}
		}
	}
}
