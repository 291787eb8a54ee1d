package vb365

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
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
