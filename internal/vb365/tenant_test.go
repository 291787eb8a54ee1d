package vb365

import (
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// startTenantSim is startSim signed in as the fixture organization's own administrator.
func startTenantSim(t *testing.T, version string) (*vb365sim.Server, *Client) {
	t.Helper()
	clock := newFakeClock()
	sim := vb365sim.New(vb365sim.WithClock(clock.Now))
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	c, err := New(Config{
		Endpoint: srv.URL, APIVersion: version, Clock: clock,
		Username: vb365sim.DefaultTenantUsername, Password: vb365sim.DefaultTenantPassword,
	})
	if err != nil {
		t.Fatal(err)
	}
	return sim, c
}

// TestTenantSignInDetected: signed in as the organization's own administrator, the client
// learns it from the 403 of GET /Organizations, lists the signed-in organization from
// GET /Organization, and explores at the tenant route of the version; a refused explore by
// organization ID did not run, and the tenant route opens exactly one session.
func TestTenantSignInDetected(t *testing.T) {
	for _, version := range []string{"v3", "v5", "v8"} {
		t.Run(version, func(t *testing.T) {
			sim, c := startTenantSim(t, version)
			ctx := ctxT(t)
			for range 2 {
				orgs := collect(t, c.Organizations(ctx, ListOptions{}))
				if len(orgs) != 1 || orgs[0].ID != vb365sim.OrganizationID || orgs[0].Name != vb365sim.OrganizationName {
					t.Fatalf("organizations = %+v", orgs)
				}
			}
			if org, ok := c.TenantOrganization(); !ok || org.ID != vb365sim.OrganizationID {
				t.Fatalf("tenant sign-in not recorded: %+v %v", org, ok)
			}
			if n := sim.RequestCount("GET", "/"+version+"/Organizations"); n != 1 {
				t.Errorf("GET /Organizations sent %d times, want 1 (then known as tenant)", n)
			}
			if n := sim.RequestCount("GET", "/"+version+"/Organization"); n != 1 {
				t.Errorf("GET /Organization sent %d times, want 1", n)
			}
			pit := time.Date(2019, 4, 12, 10, 54, 0, 0, time.UTC)
			s, err := c.Explore(ctx, vb365sim.OrganizationID, ExploreOptions{PointInTime: &pit})
			if err != nil {
				t.Fatalf("explore: %v", err)
			}
			if s.InitiatedBy != vb365sim.DefaultTenantUsername {
				t.Errorf("session initiated by %q", s.InitiatedBy)
			}
			mailboxes := collect(t, c.Mailboxes(ctx, s.ID, ListOptions{}))
			if len(mailboxes) == 0 {
				t.Error("no mailboxes in the tenant's session")
			}
			if err := c.StopRestoreSession(ctx, s.ID); err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"v3": "/v3/Organization/Action", "v5": "/v5/Organization/Action", "v8": "/v8/Organization/Explore"}[version]
			ledger := sim.Ledger()
			if len(ledger) != 2 || ledger[0].Route != want || ledger[0].Action != "explore" {
				t.Errorf("ledger = %+v, want one explore at %s and the stop", ledger, want)
			}
			// Another organization cannot be explored: refused before sending.
			if _, err := c.Explore(ctx, "00000000-0000-4000-8000-000000000001", ExploreOptions{}); !errors.Is(err, ErrNotSent) {
				t.Errorf("explore of another organization: %v, want ErrNotSent", err)
			}
			if n := len(sim.Ledger()); n != 2 {
				t.Errorf("ledger has %d entries after the refused explore", n)
			}
		})
	}
}

// TestTenantExploreFirst: a client whose first call is the explore (a new provider process)
// learns tenant sign-in from the refused explore by organization ID and explores once.
func TestTenantExploreFirst(t *testing.T) {
	for _, version := range []string{"v3", "v5", "v8"} {
		sim, c := startTenantSim(t, version)
		s, err := c.Explore(ctxT(t), vb365sim.OrganizationID, ExploreOptions{})
		if err != nil {
			t.Fatalf("%s: explore: %v", version, err)
		}
		if ledger := sim.Ledger(); len(ledger) != 1 || ledger[0].RestoreSessionID != s.ID {
			t.Errorf("%s: ledger = %+v", version, ledger)
		}
		if err := c.StopRestoreSession(ctxT(t), s.ID); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBackupAdminNeverAsksTenantRoute: the backup administrator's calls cost no tenant probe.
func TestBackupAdminNeverAsksTenantRoute(t *testing.T) {
	for _, version := range []string{"v3", "v8"} {
		e := startSim(t, version)
		collect(t, e.client.Organizations(ctxT(t), ListOptions{}))
		s, err := e.client.Explore(ctxT(t), vb365sim.OrganizationID, ExploreOptions{})
		if err != nil {
			t.Fatal(err)
		}
		_ = e.client.StopRestoreSession(ctxT(t), s.ID)
		if n := e.sim.RequestCount("GET", "/"+version+"/Organization"); n != 0 {
			t.Errorf("%s: GET /Organization sent %d times for the backup administrator", version, n)
		}
		if _, ok := e.client.TenantOrganization(); ok {
			t.Errorf("%s: backup administrator taken for a tenant", version)
		}
	}
}
