package vb365

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// closedPortURL returns an http URL on which nothing listens: connections are refused.
func closedPortURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return "http://" + addr
}

func wantNotSent(t *testing.T, what string, err error, contains ...string) {
	t.Helper()
	if !errors.Is(err, ErrNotSent) {
		t.Errorf("%s: err = %v, want it to wrap ErrNotSent", what, err)
		return
	}
	for _, s := range contains {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("%s: err = %q, want it to contain %q", what, err, s)
		}
	}
}

var testScope = ItemScope{RestoreSessionID: "s1", MailboxID: "m1", ItemIDs: []string{"i1"}}

func TestActionConnectionRefusedIsNotSent(t *testing.T) {
	c, _ := newTestClient(t, closedPortURL(t), "v8")
	primeToken(c)
	err := c.SendToDefaultAddress(ctxT(t), testScope)
	wantNotSent(t, "action on a closed server", err,
		"vb365: POST /v8/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/items/{itemId}/sendToDefaultAddress: request not sent: ",
		"connection refused")
	if errors.Is(err, ErrAuthentication) {
		t.Errorf("err = %v: the token was valid", err)
	}

	// No token yet: the token request itself is refused.
	c2, _ := newTestClient(t, closedPortURL(t), "v8")
	_, err = c2.Explore(ctxT(t), "org-1", ExploreOptions{})
	wantNotSent(t, "explore without a reachable token endpoint", err, "POST /v8/Token", "connection refused")
	if !errors.Is(err, ErrAuthentication) {
		t.Errorf("err = %v, want ErrAuthentication too", err)
	}
}

func TestActionTokenRejectedIsNotSent(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) { t.Errorf("the action was sent: %s", r.URL) })
	fs.tokenHandler = func(w http.ResponseWriter, _ url.Values) bool {
		writeJSON(w, 400, map[string]any{"error": "invalid_grant", "error_description": "bad credentials"})
		return true
	}
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	err := c.StopRestoreSession(ctxT(t), "s1")
	wantNotSent(t, "stop with a rejected token", err, "bad credentials")
	if !errors.Is(err, ErrAuthentication) {
		t.Errorf("err = %v, want ErrAuthentication too", err)
	}
}

func TestActionInvalidInputIsNotSent(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) { t.Errorf("request sent: %s", r.URL) })
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	ctx := ctxT(t)
	bad := ItemScope{RestoreSessionID: "s1", MailboxID: "m1", ItemIDs: []string{"  "}}
	wantNotSent(t, "invalid item ID", c.SendToDefaultAddress(ctx, bad), "item ID is empty")
	_, err := c.SaveToMSG(ctx, bad, nil)
	wantNotSent(t, "no writer", err)
	_, err = c.ExportToPST(ctx, ItemScope{RestoreSessionID: "s1", MailboxID: "..", ItemIDs: []string{"i1"}}, ExportToPSTOptions{}, &strings.Builder{})
	wantNotSent(t, "invalid mailbox ID", err, "mailbox ID")
	_, err = c.RestoreTo(ctx, testScope, RestoreToOptions{}, nil)
	wantNotSent(t, "no target mailbox", err)
	wantNotSent(t, "no recipient", c.SendToDifferentAddress(ctx, testScope, SendToDifferentAddressOptions{}))
	wantNotSent(t, "invalid session ID", c.StopRestoreSession(ctx, "a\nb"))
	_, err = c.Explore(ctx, "", ExploreOptions{})
	wantNotSent(t, "empty organization ID", err)
	if n := len(fs.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestActionVersionDetectionFailureIsNotSent(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) })
	c, _ := newTestClient(t, fs.srv.URL, "auto")
	_, err := c.RestoreToOriginalLocation(ctxT(t), testScope, RestoreToOriginalLocationOptions{}, nil)
	wantNotSent(t, "version detection failed", err, "detecting the API version")
}

func TestActionCancelledContextIsNotSent(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			t.Errorf("the action was sent: %s", r.URL)
		}
		writeJSON(w, 200, map[string]any{"id": "s1"})
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8", func(c *Config) { c.MaxConcurrentRequests = 1 })
	if _, err := c.RestoreSession(ctxT(t), "s1"); err != nil { // holds a valid token now
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := c.SendToDefaultAddress(ctx, testScope)
	wantNotSent(t, "cancelled before sending", err, "context canceled")

	c.slots <- struct{}{} // occupy the only slot: the cancelled context is the only way out
	err = c.SendToDefaultAddress(ctx, testScope)
	<-c.slots
	wantNotSent(t, "context ended while waiting for a slot", err, "request not sent: context canceled")
}

func TestActionResetAfterHandlerIsNotNotSent(t *testing.T) {
	for _, version := range dialects {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			if _, err := e.client.RestoreSession(ctxT(t), vb365sim.SeedRestoreSessionID); err != nil {
				t.Fatal(err)
			}
			e.sim.Fault(vb365sim.Fault{Method: "POST", ResetAfterHandler: true})
			err := e.client.SendToDefaultAddress(ctxT(t), seedScope(vb365sim.SeedMessageID))
			if err == nil || errors.Is(err, ErrNotSent) || strings.Contains(err.Error(), "request not sent") {
				t.Fatalf("err = %v: the server ran the action, its outcome is unknown, not unsent", err)
			}
			if n := len(e.sim.Ledger()); n != 1 {
				t.Errorf("ledger has %d entries, want the 1 executed send", n)
			}
		})
	}
}

// refusingTransport refuses the connection of the first refuse requests whose path ends with
// one of suffixes, the way a dial to a server that is not listening fails: before anything is
// written. Every other request goes to the real transport.
type refusingTransport struct {
	suffixes []string
	refuse   atomic.Int32
	refused  atomic.Int32
}

func (rt *refusingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	for _, s := range rt.suffixes {
		if strings.HasSuffix(r.URL.Path, s) && rt.refuse.Add(-1) >= 0 {
			rt.refused.Add(1)
			return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
		}
	}
	return http.DefaultTransport.RoundTrip(r)
}

// An explore or a stop that never reached the server opened and ran nothing: it is retried
// (the "a failed explore may be retried"); a restore refused the same way is not, and
// no retry is made of a request that may have reached the server.
func TestExploreAndStopRetriedWhenTheyNeverLeft(t *testing.T) {
	for _, version := range dialects {
		t.Run(version, func(t *testing.T) {
			sim := vb365sim.New()
			srv := httptest.NewServer(sim)
			t.Cleanup(srv.Close)
			rt := &refusingTransport{suffixes: []string{"/explore", "/Action", "/Stop", "/restoreTo"}}
			c, clock := newTestClient(t, srv.URL, version, func(cfg *Config) {
				cfg.Username, cfg.Password = vb365sim.DefaultUsername, vb365sim.DefaultPassword
				cfg.HTTPClient = &http.Client{Transport: rt}
			})
			ctx := ctxT(t)

			open := len(sim.OpenSessions()) // the seed session
			rt.refuse.Store(2)
			s, err := c.Explore(ctx, vb365sim.OrganizationID, ExploreOptions{})
			if err != nil {
				t.Fatalf("explore after two refused connections: %v", err)
			}
			if rt.refused.Load() != 2 || len(clock.Waits()) != 2 || len(sim.OpenSessions()) != open+1 {
				t.Errorf("refused %d, waits %v, open sessions %v: want 2 refusals, 2 waits, 1 new session",
					rt.refused.Load(), clock.Waits(), sim.OpenSessions())
			}

			rt.refuse.Store(1)
			if err := c.StopRestoreSession(ctx, s.ID); err != nil {
				t.Fatalf("stop after a refused connection: %v", err)
			}
			if st := sim.SessionState(s.ID); st != "Stopped" {
				t.Errorf("session %s is %q after the retried stop", s.ID, st)
			}

			// Every try refused: the policy's attempts (4), then the error says nothing was sent.
			rt.refused.Store(0)
			rt.refuse.Store(100)
			_, err = c.Explore(ctx, vb365sim.OrganizationID, ExploreOptions{})
			wantNotSent(t, "explore refused on every try", err, "connection refused")
			if rt.refused.Load() != 4 || len(sim.OpenSessions()) != open {
				t.Errorf("refused %d times (want 4), open sessions %v", rt.refused.Load(), sim.OpenSessions())
			}

			// A restore refused the same way is sent once: only explores and stops are retried.
			rt.refused.Store(0)
			rt.refuse.Store(100)
			_, err = c.RestoreTo(ctx, seedScope(vb365sim.SeedMessageID), RestoreToOptions{Mailbox: "qa_dallas@bestsupport.onmicrosoft.com"}, nil)
			wantNotSent(t, "restore refused", err, "connection refused")
			if rt.refused.Load() != 1 || len(sim.Ledger()) != 2 {
				t.Errorf("restore refused %d times (want 1: never retried); ledger %+v (want the explore and the stop)", rt.refused.Load(), sim.Ledger())
			}
		})
	}
}
