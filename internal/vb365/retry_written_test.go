package vb365

// Explores and stops are retried only when they provably never left (issue 25, point 9): one
// that may have been written — the connection lost after sending, a 5xx after the server
// handled it (502/503/504 included, which reads retry), the caller's wait ended after the
// write — reaches the server exactly once and its error is "may have run"; one whose
// connection was refused is retried like a read.

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// writtenFaults are the failures after an action was written: the server handled it.
var writtenFaults = []struct {
	name  string
	fault vb365sim.Fault
}{
	{"connection lost after sending", vb365sim.Fault{ResetAfterHandler: true}},
	{"500 after handling", vb365sim.Fault{StatusAfterHandler: http.StatusInternalServerError}},
	{"502 after handling", vb365sim.Fault{StatusAfterHandler: http.StatusBadGateway}},
	{"503 after handling", vb365sim.Fault{StatusAfterHandler: http.StatusServiceUnavailable}},
	{"504 after handling", vb365sim.Fault{StatusAfterHandler: http.StatusGatewayTimeout}},
	{"timeout after write", vb365sim.Fault{LatencyAfterHandler: time.Hour}},
}

// sessionAction is an explore or a stop under test: setup prepares what it acts on (without
// faults), run sends it once; path is in its URL's path (lower case), and routeKey tells its
// requests in the simulator's counters.
type sessionAction struct {
	name     string
	versions []string
	path     string
	routeKey func(key string) bool
	prepare  func(t *testing.T, e *simEnv, version string, hc *http.Client) *Client // the client that sends it (hc nil: the default)
	setup    func(t *testing.T, e *simEnv) string
	run      func(ctx context.Context, c *Client, target string) error
}

func noSetup(*testing.T, *simEnv) string { return "" }

var sessionActions = []sessionAction{
	{
		name: "explore", versions: []string{"v3", "v8"}, path: "/organizations/",
		routeKey: func(k string) bool {
			return strings.HasPrefix(k, "POST ") && strings.Contains(k, "/Organizations/{id}/")
		},
		prepare: adminClient, setup: noSetup,
		run: func(ctx context.Context, c *Client, _ string) error {
			_, err := c.Explore(ctx, vb365sim.OrganizationID, ExploreOptions{})
			return err
		},
	},
	{
		name: "stop", versions: []string{"v3", "v8"}, path: "/restoresessions/",
		routeKey: func(k string) bool {
			return strings.HasPrefix(k, "POST ") && strings.Contains(k, "/RestoreSessions/{id}/")
		},
		prepare: adminClient,
		setup: func(t *testing.T, e *simEnv) string {
			t.Helper()
			s, err := e.client.Explore(ctxT(t), vb365sim.OrganizationID, ExploreOptions{})
			if err != nil {
				t.Fatal(err)
			}
			return s.ID
		},
		run: func(ctx context.Context, c *Client, id string) error { return c.StopRestoreSession(ctx, id) },
	},
	{
		name: "operator explore", versions: []string{"v8"}, path: "/operatorexplore",
		routeKey: func(k string) bool { return strings.HasPrefix(k, "POST ") && strings.Contains(k, "/OperatorExplore") },
		prepare: func(t *testing.T, e *simEnv, version string, hc *http.Client) *Client {
			t.Helper()
			c, err := New(Config{Endpoint: e.url, APIVersion: version, Clock: e.clock, HTTPClient: hc,
				Operator: &OperatorCredentials{ClientID: vb365sim.OperatorClientID(vb365sim.UserOperatorID), Assertion: vb365sim.OperatorAssertion},
				Retry:    RetryPolicy{Attempts: 4, MinDelay: time.Second, MaxDelay: 8 * time.Second}})
			if err != nil {
				t.Fatal(err)
			}
			return c
		},
		setup: func(t *testing.T, e *simEnv) string {
			t.Helper()
			if _, err := e.client.CreateRestoreOperatorRole(ctxT(t), vb365sim.OrganizationID, roleSpec()); err != nil {
				t.Fatal(err)
			}
			return ""
		},
		run: func(ctx context.Context, c *Client, _ string) error {
			_, err := c.OperatorExplore(ctx, OperatorExploreOptions{Reason: "INC-7"})
			return err
		},
	},
}

// refusingPathTransport refuses the connection of the first refuse POSTs whose path contains
// path (lower case), the way a dial to a server that is not listening fails: before anything
// is written. Every other request goes to the real transport.
type refusingPathTransport struct {
	path    string
	refuse  atomic.Int32
	refused atomic.Int32
}

func (rt *refusingPathTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPost && strings.Contains(strings.ToLower(r.URL.Path), rt.path) && rt.refuse.Add(-1) >= 0 {
		rt.refused.Add(1)
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	}
	return http.DefaultTransport.RoundTrip(r)
}

// adminClient is a client of e's server and clock signed in as the administrator, with the
// retry policy of startSim.
func adminClient(t *testing.T, e *simEnv, version string, hc *http.Client) *Client {
	t.Helper()
	if hc == nil {
		return e.client
	}
	c, err := New(Config{Endpoint: e.url, APIVersion: version, Clock: e.clock, HTTPClient: hc,
		Username: vb365sim.DefaultUsername, Password: vb365sim.DefaultPassword,
		Retry: RetryPolicy{Attempts: 4, MinDelay: time.Second, MaxDelay: 8 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func countRequests(sim *vb365sim.Server, match func(string) bool) int {
	n := 0
	for k, v := range sim.RequestCounts() {
		if match(k) {
			n += v
		}
	}
	return n
}

func TestSessionActionsWrittenAreNeverRetried(t *testing.T) {
	for _, action := range sessionActions {
		for _, version := range action.versions {
			for _, wf := range writtenFaults {
				t.Run(action.name+"/"+version+"/"+wf.name, func(t *testing.T) {
					e := startSim(t, version)
					c := action.prepare(t, e, version, nil)
					target := action.setup(t, e)
					signal := make(chan struct{}, 1)
					ctx, cancel := context.WithCancel(ctxT(t))
					defer cancel()
					if wf.fault.LatencyAfterHandler > 0 {
						go func() { // the caller's wait ends once the server has handled it
							select {
							case <-signal:
								cancel()
							case <-ctx.Done():
							}
						}()
					}
					f := wf.fault
					f.Method, f.PathContains, f.Signal = "POST", action.path, signal
					e.sim.Fault(f)
					before := countRequests(e.sim, action.routeKey)
					err := action.run(ctx, c, target)
					if err == nil {
						t.Fatalf("%s succeeded through %q", action.name, wf.name)
					}
					if ProvablyNotRun(err) || errors.Is(err, ErrNotSent) {
						t.Errorf("err = %v: the server handled the %s, it may have run", err, action.name)
					}
					if n := countRequests(e.sim, action.routeKey) - before; n != 1 {
						t.Errorf("the %s reached the server %d times, want once (never retried after it was written): %v", action.name, n, err)
					}
					if waits := e.clock.Waits(); len(waits) != 0 {
						t.Errorf("the client waited to retry %v", waits)
					}
				})
			}
		}
	}
}

// TestSessionActionsRefusedAreRetried: the same actions, refused before anything was written
// (connection refused), are retried like reads and succeed; the server sees them once.
func TestSessionActionsRefusedAreRetried(t *testing.T) {
	for _, action := range sessionActions {
		for _, version := range action.versions {
			t.Run(action.name+"/"+version, func(t *testing.T) {
				e := startSim(t, version)
				// Only the action's own route is refused (the stop's session opens normally).
				rt := &refusingPathTransport{path: action.path}
				c := action.prepare(t, e, version, &http.Client{Transport: rt})
				target := action.setup(t, e)
				before := countRequests(e.sim, action.routeKey)
				rt.refuse.Store(1)
				if err := action.run(ctxT(t), c, target); err != nil {
					t.Fatalf("%s after one refused connection: %v", action.name, err)
				}
				if rt.refused.Load() != 1 || len(e.clock.Waits()) != 1 {
					t.Errorf("refused %d, retry waits %v: want 1 refusal and 1 retry", rt.refused.Load(), e.clock.Waits())
				}
				if n := countRequests(e.sim, action.routeKey) - before; n != 1 {
					t.Errorf("the %s reached the server %d times, want once", action.name, n)
				}
			})
		}
	}
}
