package framework

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest/simclient"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func exploreCount(sim *vb365sim.Server) int {
	n := 0
	for _, e := range sim.Ledger() {
		if e.Action == "explore" {
			n++
		}
	}
	return n
}

// Concurrent users of one scope share one session; the last release stops it, and the next
// Acquire opens a new one.
func TestSessionBroker_sharesAndStopsOnLastRelease(t *testing.T) {
	sim, client := simclient.New(t, "v8")
	broker := NewSessionBroker(client, vb365sim.DefaultUsername)
	ctx := context.Background()
	scope := SessionScope{OrganizationID: vb365sim.OrganizationID}

	const users = 6
	ids := make([]string, users)
	releases := make([]func(context.Context) error, users)
	var wg sync.WaitGroup
	for i := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, release, err := broker.Acquire(ctx, scope)
			if err != nil {
				t.Error(err)
				return
			}
			ids[i], releases[i] = id, release
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("concurrent users got different sessions: %v", ids)
		}
	}
	if n := exploreCount(sim); n != 1 {
		t.Fatalf("%d explore requests for concurrent users of one scope, want 1", n)
	}
	for i, release := range releases[:users-1] {
		if err := release(ctx); err != nil {
			t.Fatal(err)
		}
		if state := sim.SessionState(ids[0]); state != "Working" {
			t.Fatalf("session %s after %d of %d releases: %s, want Working", ids[0], i+1, users, state)
		}
	}
	if err := releases[users-1](ctx); err != nil {
		t.Fatal(err)
	}
	if err := releases[users-1](ctx); err != nil { // a second call is a no-op
		t.Fatal(err)
	}
	if state := sim.SessionState(ids[0]); state != "Stopped" {
		t.Fatalf("session after the last release: %s, want Stopped", state)
	}
	if n := sim.ExploredSessionsWorking(); n != 0 {
		t.Fatalf("%d sessions left working", n)
	}

	id, release, err := broker.Acquire(ctx, scope)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = release(ctx) }()
	if id == ids[0] {
		t.Fatal("a stopped session was handed out again")
	}
	if n := exploreCount(sim); n != 2 {
		t.Fatalf("%d explore requests, want 2", n)
	}
}

// Scopes with another point in time get sessions of their own, with the point in time sent.
func TestSessionBroker_pointInTimeIsItsOwnScope(t *testing.T) {
	sim, client := simclient.New(t, "v6")
	broker := NewSessionBroker(client, vb365sim.DefaultUsername)
	ctx := context.Background()
	latest, releaseLatest, err := broker.Acquire(ctx, SessionScope{OrganizationID: vb365sim.OrganizationID})
	if err != nil {
		t.Fatal(err)
	}
	past, releasePast, err := broker.Acquire(ctx, SessionScope{OrganizationID: vb365sim.OrganizationID, PointInTime: "2024-01-02T03:04:05Z"})
	if err != nil {
		t.Fatal(err)
	}
	if latest == past {
		t.Fatal("two points in time share a session")
	}
	var sent []any
	for _, e := range sim.Ledger() {
		if e.Action == "explore" {
			sent = append(sent, e.Body["dateTime"])
		}
	}
	if len(sent) != 2 || sent[0] != nil || sent[1] != "2024-01-02T03:04:05Z" {
		t.Fatalf("explore dateTime values %v, want [<nil> 2024-01-02T03:04:05Z]", sent)
	}
	for _, release := range []func(context.Context) error{releaseLatest, releasePast} {
		if err := release(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := sim.ExploredSessionsWorking(); n != 0 {
		t.Fatalf("%d sessions left working", n)
	}
}

// A refused explore is reported to the caller and leaves nothing to release or stop.
func TestSessionBroker_openFailure(t *testing.T) {
	sim, client := simclient.New(t, "v8")
	broker := NewSessionBroker(client, vb365sim.DefaultUsername)
	_, _, err := broker.Acquire(context.Background(), SessionScope{OrganizationID: "00000000-0000-4000-8000-00000000dead"})
	if !vb365.IsNotFound(err) {
		t.Fatalf("explore of an unknown organization: %v, want a 404", err)
	}
	if _, _, err := broker.Acquire(context.Background(), SessionScope{OrganizationID: vb365sim.OrganizationID, PointInTime: "yesterday"}); err == nil {
		t.Fatal("an invalid point in time was accepted")
	}
	if len(broker.open) != 0 {
		t.Fatalf("failed acquires left %d shared sessions", len(broker.open))
	}
	if n := sim.ExploredSessionsWorking(); n != 0 {
		t.Fatalf("%d sessions working", n)
	}
}

// A cancelled request still stops the session it opened: the stop runs detached.
func TestSessionBroker_releaseAfterCancelStillStops(t *testing.T) {
	sim, client := simclient.New(t, "v8")
	broker := NewSessionBroker(client, vb365sim.DefaultUsername)
	ctx, cancel := context.WithCancel(context.Background())
	id, release, err := broker.Acquire(ctx, SessionScope{OrganizationID: vb365sim.OrganizationID})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := release(ctx); err != nil {
		t.Fatal(err)
	}
	if state := sim.SessionState(id); state != "Stopped" {
		t.Fatalf("session after release on a cancelled context: %s, want Stopped", state)
	}
}

// A waiter whose context ends while another user opens the session gives up without leaking
// its share: the opener's release still stops the session.
func TestSessionBroker_waiterCancelled(t *testing.T) {
	sim, client := simclient.New(t, "v8")
	broker := NewSessionBroker(client, vb365sim.DefaultUsername)
	scope := SessionScope{OrganizationID: vb365sim.OrganizationID}
	// A share that is still opening: the waiter cannot get past ready.
	pending := &sharedSession{ready: make(chan struct{}), users: 1}
	broker.open[scope] = pending
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := broker.Acquire(ctx, scope); !errors.Is(err, context.Canceled) {
		t.Fatalf("waiter on a cancelled context: %v", err)
	}
	if pending.users != 1 {
		t.Fatalf("the cancelled waiter left %d users, want 1", pending.users)
	}
	// The opener finishes: a real session, released by its only user, is stopped.
	session, err := client.Explore(context.Background(), vb365sim.OrganizationID, vb365.ExploreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pending.id = session.ID
	close(pending.ready)
	if err := broker.release(context.Background(), scope, pending); err != nil {
		t.Fatal(err)
	}
	if state := sim.SessionState(session.ID); state != "Stopped" {
		t.Fatalf("session %s: %s, want Stopped", session.ID, state)
	}
}

// Reads with different explore options never share a session: each scope explores with its
// own options, and the options are sent only when set.
func TestSessionBroker_optionsAreSeparateScopes(t *testing.T) {
	sim, client := simclient.New(t, "v8")
	broker := NewSessionBroker(client, vb365sim.DefaultUsername)
	ctx := context.Background()
	scopes := []SessionScope{
		{OrganizationID: vb365sim.OrganizationID},
		{OrganizationID: vb365sim.OrganizationID, ShowDeleted: true},
		{OrganizationID: vb365sim.OrganizationID, ShowAllVersions: true},
		{OrganizationID: vb365sim.OrganizationID, ShowDeleted: true, ShowAllVersions: true},
	}
	seen := map[string]bool{}
	var releases []func(context.Context) error
	for _, scope := range scopes {
		id, release, err := broker.Acquire(ctx, scope)
		if err != nil {
			t.Fatal(err)
		}
		if seen[id] {
			t.Fatalf("scope %+v shares session %s with another scope", scope, id)
		}
		seen[id] = true
		releases = append(releases, release)
	}
	var bodies []map[string]any
	for _, e := range sim.Ledger() {
		if e.Action == "explore" {
			bodies = append(bodies, e.Body)
		}
	}
	if len(bodies) != len(scopes) {
		t.Fatalf("%d explore requests, want %d", len(bodies), len(scopes))
	}
	for i, scope := range scopes {
		_, deletedSent := bodies[i]["showDeleted"]
		_, versionsSent := bodies[i]["showAllVersions"]
		if deletedSent != scope.ShowDeleted || versionsSent != scope.ShowAllVersions {
			t.Errorf("scope %+v explored with %v", scope, bodies[i])
		}
	}
	for _, release := range releases {
		if err := release(ctx); err != nil {
			t.Error(err)
		}
	}
	if n := len(sim.OpenSessions()); n != 1 { // the seed session
		t.Errorf("%d sessions left working, want only the seed session", n)
	}
}
