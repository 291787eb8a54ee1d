package vb365

import (
	"errors"
	"net/http"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestUnauthorizedNeverDetectsTenantSignIn (issue 25, point 9): a 401 (the token refused, even
// after the one replay with a fresh token) says nothing about which account signed in, so it
// never makes the client ask GET /Organization or take the tenant routes: only a 403 does.
// The account here is a tenant, whose GET /Organization would answer, so a client that asked
// after a 401 would record a tenant sign-in and explore at the tenant route.
func TestUnauthorizedNeverDetectsTenantSignIn(t *testing.T) {
	for _, version := range []string{"v3", "v8"} {
		t.Run(version, func(t *testing.T) {
			sim, c := startTenantSim(t, version)
			ctx := ctxT(t)
			wantUnauthorized := func(what string, err error) {
				t.Helper()
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnauthorized {
					t.Errorf("%s: err = %v, want the server's 401", what, err)
				}
			}

			sim.Unauthorized(2) // the call and its one replay
			var listErr error
			for _, err := range c.Organizations(ctx, ListOptions{}) {
				if err != nil {
					listErr = err
					break
				}
			}
			wantUnauthorized("organizations", listErr)

			sim.Unauthorized(2)
			_, err := c.Explore(ctx, vb365sim.OrganizationID, ExploreOptions{})
			wantUnauthorized("explore", err)

			if n := sim.RequestCount("GET", "/"+version+"/Organization"); n != 0 {
				t.Errorf("GET /Organization sent %d times after 401s", n)
			}
			if _, ok := c.TenantOrganization(); ok {
				t.Error("a 401 was taken for a tenant sign-in")
			}
			if n := len(sim.Ledger()); n != 0 {
				t.Errorf("ledger = %+v: nothing may run after a 401", sim.Ledger())
			}

			// The same client, answered 403 once the token is accepted, does learn the
			// tenant sign-in: the test would see a detection.
			if _, err := c.Explore(ctx, vb365sim.OrganizationID, ExploreOptions{}); err != nil {
				t.Fatalf("explore after the 401s: %v", err)
			}
			if _, ok := c.TenantOrganization(); !ok {
				t.Error("the 403 after the 401s did not detect the tenant sign-in")
			}
			for _, e := range sim.Ledger() {
				if e.Action == "explore" {
					if err := c.StopRestoreSession(ctx, e.RestoreSessionID); err != nil {
						t.Fatal(err)
					}
				}
			}
		})
	}
}
