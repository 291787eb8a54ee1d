package vb365

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func drain[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

func mustParse(t *testing.T, s string) *time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return &tm
}

// TestSimRestorePoints: v6 (bare array, filtered here by time), v7 and v8 (paged, from/to sent)
// list the fixture organization's restore points; another organization has none; v3..v5 have
// no route and say so, naming the version.
func TestSimRestorePoints(t *testing.T) {
	for _, version := range []string{"v6", "v7", "v8"} {
		t.Run(version, func(t *testing.T) {
			env := startSim(t, version)
			all := drain(t, env.client.RestorePoints(ctxT(t), RestorePointFilter{OrganizationID: vb365sim.OrganizationID,
				RepositoryID: vb365sim.PrimaryRepositoryID, ListOptions: ListOptions{PageSize: 2}}))
			if len(all) != len(vb365sim.RestorePointIDs) || all[0].ID != vb365sim.RestorePointIDs[0] ||
				all[2].BackupTime != vb365sim.RestorePointTimes[2] || all[0].IsExchange == nil || !*all[0].IsExchange ||
				all[0].OrganizationID != vb365sim.OrganizationID {
				t.Fatalf("restore points = %+v", all)
			}
			window := RestorePointFilter{OrganizationID: vb365sim.OrganizationID,
				From: mustParse(t, "2019-04-11T00:00:00Z"), To: mustParse(t, "2019-04-12T00:00:00Z")}
			got := drain(t, env.client.RestorePoints(ctxT(t), window))
			if len(got) != 1 || got[0].ID != vb365sim.RestorePointIDs[1] {
				t.Fatalf("restore points in window = %+v", got)
			}
			other := drain(t, env.client.RestorePoints(ctxT(t), RestorePointFilter{OrganizationID: "00000000-0000-4000-8000-000000000000"}))
			if len(other) != 0 {
				t.Fatalf("restore points of another organization = %+v", other)
			}
			sent := env.sim.RequestCount("GET", "/"+version+"/RestorePoints")
			if sent != 3 && version == "v6" || sent < 3 {
				t.Errorf("GET /RestorePoints sent %d times", sent)
			}
		})
	}
	env := startSim(t, "v5")
	for _, err := range env.client.RestorePoints(ctxT(t), RestorePointFilter{}) {
		var unsupported *UnsupportedVersionError
		if !errors.As(err, &unsupported) || !strings.Contains(err.Error(), "API v6 or later") || !strings.Contains(err.Error(), "API v5") {
			t.Fatalf("v5 restore points: %v", err)
		}
	}
	if n := env.sim.RequestCount("GET", "/v5/RestorePoints"); n != 0 {
		t.Errorf("v5 sent %d requests to a route it does not have", n)
	}
}

// TestRestorePointsOfUser: v8's userId keeps the points holding the user's backup: all of
// them for a user with a mailbox, none for one without (or unknown); the parameter is sent.
func TestRestorePointsOfUser(t *testing.T) {
	env := startSim(t, "v8")
	count := func(user string) int {
		return len(drain(t, env.client.RestorePoints(ctxT(t), RestorePointFilter{OrganizationID: vb365sim.OrganizationID, UserID: user})))
	}
	all := len(drain(t, env.client.RestorePoints(ctxT(t), RestorePointFilter{OrganizationID: vb365sim.OrganizationID})))
	if got := count(vb365sim.UserJohnSmithID); got != all || all == 0 {
		t.Errorf("points of a backed-up user = %d, want all %d", got, all)
	}
	if got := count(vb365sim.UserOperatorID); got != 0 {
		t.Errorf("points of a user without a mailbox = %d, want 0", got)
	}
	if got := count("00000000-0000-4000-8000-0000000000aa"); got != 0 {
		t.Errorf("points of an unknown user = %d, want 0", got)
	}
}

// TestSimListRestoreSessionsFilters: the state filter is applied here in every version; the
// start-time bounds go to the server from v6 and are checked here before; v8 orders on request.
func TestSimListRestoreSessionsFilters(t *testing.T) {
	for _, version := range []string{"v3", "v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			env := startSim(t, version)
			ctx := ctxT(t)
			env.clock.Advance(24 * time.Hour)
			opened, err := env.client.Explore(ctx, vb365sim.OrganizationID, ExploreOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if err := env.client.StopRestoreSession(ctx, opened.ID); err != nil {
				t.Fatal(err)
			}
			ids := func(f RestoreSessionFilter) []string {
				var out []string
				for _, s := range drain(t, env.client.ListRestoreSessions(ctx, f)) {
					out = append(out, s.ID)
				}
				return out
			}
			if got := ids(RestoreSessionFilter{State: "stopped"}); !slices.Equal(got, []string{opened.ID}) {
				t.Errorf("stopped sessions = %v", got)
			}
			if got := ids(RestoreSessionFilter{State: "Working"}); !slices.Equal(got, []string{vb365sim.SeedRestoreSessionID}) {
				t.Errorf("working sessions = %v", got)
			}
			recent := env.clock.Now().Add(-time.Hour)
			if got := ids(RestoreSessionFilter{StartTimeFrom: &recent}); !slices.Equal(got, []string{opened.ID}) {
				t.Errorf("sessions started after %s = %v", recent, got)
			}
			if got := ids(RestoreSessionFilter{StartTimeTo: &recent}); !slices.Equal(got, []string{vb365sim.SeedRestoreSessionID}) {
				t.Errorf("sessions started before %s = %v", recent, got)
			}
			if version == "v8" {
				asc := true
				if got := ids(RestoreSessionFilter{OrderBy: "CreationTime", OrderAsc: &asc}); !slices.Equal(got, []string{vb365sim.SeedRestoreSessionID, opened.ID}) {
					t.Errorf("ascending = %v", got)
				}
				asc = false
				if got := ids(RestoreSessionFilter{OrderBy: "CreationTime", OrderAsc: &asc}); !slices.Equal(got, []string{opened.ID, vb365sim.SeedRestoreSessionID}) {
					t.Errorf("descending = %v", got)
				}
				if got := ids(RestoreSessionFilter{EndTimeFrom: &recent}); !slices.Equal(got, []string{opened.ID}) {
					t.Errorf("ended after %s = %v", recent, got)
				}
			}
		})
	}
}

// TestSimSearchItems: the v6+ search POSTs {"query"} to the mailbox or folder route and pages
// the result with the server's setId; v3..v5 have no search.
func TestSimSearchItems(t *testing.T) {
	for _, version := range []string{"v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			env := startSim(t, version)
			found := drain(t, env.client.SearchItems(ctxT(t), vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, "", "release", ListOptions{PageSize: 1}))
			if len(found) != 2 {
				t.Fatalf("search found %d items: %+v", len(found), found)
			}
			for _, it := range found {
				if it.ID == vb365sim.SeedMessageID || it.ID == "" {
					t.Errorf("item %q does not match", it.ID)
				}
			}
			inbox := drain(t, env.client.SearchItems(ctxT(t), vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, vb365sim.InboxFolderID, "support case", ListOptions{}))
			if len(inbox) != 1 || inbox[0].ID != vb365sim.SeedMessageID {
				t.Fatalf("folder search = %+v", inbox)
			}
			if n := env.sim.RequestCount("POST", "/"+version+"/RestoreSessions/{id}/Organization/Mailboxes/{id}/search"); n != 3 {
				t.Errorf("mailbox search POSTs = %d, want 3 (pages of 1)", n)
			}
		})
	}
	env := startSim(t, "v3")
	for _, err := range env.client.SearchItems(ctxT(t), vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, "", "x", ListOptions{}) {
		var unsupported *UnsupportedVersionError
		if !errors.As(err, &unsupported) {
			t.Fatalf("v3 search: %v", err)
		}
	}
}

// TestSimOrganizationsV6SendsExtendedView: v6's document requires extendedView (the simulator
// refuses the request without it); v8 does not need it.
func TestSimOrganizationsV6SendsExtendedView(t *testing.T) {
	for _, version := range []string{"v6", "v8"} {
		env := startSim(t, version)
		orgs := drain(t, env.client.Organizations(ctxT(t), ListOptions{}))
		if len(orgs) != 1 || orgs[0].ID != vb365sim.OrganizationID {
			t.Fatalf("%s organizations = %+v", version, orgs)
		}
	}
}

// TestSimTokenErrorV8: the v6+ token refusal (RESTExceptionInfo) reaches the caller with the
// server's message, as v3's OAuth error does.
func TestSimTokenErrorV8(t *testing.T) {
	for _, version := range []string{"v3", "v8"} {
		env := startSim(t, version, vb365sim.WithCredentials("someone", "else"))
		_, err := env.client.RestoreSession(ctxT(t), vb365sim.SeedRestoreSessionID)
		if !errors.Is(err, ErrAuthentication) || !strings.Contains(err.Error(), "The user name or password is incorrect.") {
			t.Errorf("%s: %v", version, err)
		}
	}
}
