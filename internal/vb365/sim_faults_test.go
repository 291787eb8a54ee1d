package vb365

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func TestSimRetryAfterOnGET(t *testing.T) {
	for _, version := range dialects {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			e.sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/mailboxes", Status: 429, RetryAfter: "3", Times: 2})
			e.sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/mailboxes", Status: 503, Times: 1})
			got := collect(t, e.client.Mailboxes(ctxT(t), vb365sim.SeedRestoreSessionID, ListOptions{}))
			if len(got) < 6 {
				t.Fatalf("mailboxes %d", len(got))
			}
			waits := e.clock.Waits()
			if len(waits) != 3 || waits[0] != 3*time.Second || waits[1] != 3*time.Second || waits[2] < time.Second || waits[2] > 4*time.Second {
				t.Errorf("waits = %v, want 3s, 3s, then a backoff in [1s, 4s]", waits)
			}
			if n := e.sim.RequestCount("GET", "/"+version+"/RestoreSessions/{id}/Organization/Mailboxes"); n != 4 {
				t.Errorf("requests = %d, want 4", n)
			}
		})
	}
}

func TestSimConnectionResetOnGETIsRetried(t *testing.T) {
	e := startSim(t, "v8")
	e.sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/items/", ResetBeforeHandler: true, Times: 3})
	it, err := e.client.Item(ctxT(t), vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, vb365sim.SeedTaskID)
	if err != nil || it.Type != ItemTypeTask {
		t.Fatalf("item %+v err %v", it, err)
	}
}

func TestSimPOSTIsNeverRetried(t *testing.T) {
	for _, version := range dialects {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			path := map[string]string{"v3": "/action", "v8": "/restoreto"}[version]
			e.sim.Fault(vb365sim.Fault{Method: "POST", PathContains: path, ResetAfterHandler: true, Times: 5})
			_, err := e.client.RestoreTo(ctxT(t), seedScope(vb365sim.SeedMessageID), RestoreToOptions{Mailbox: "qa_dallas@bestsupport.onmicrosoft.com"}, nil)
			if err == nil {
				t.Fatal("a connection reset after the POST must surface as an error")
			}
			var restores []vb365sim.LedgerEntry
			for _, l := range e.sim.Ledger() {
				if l.Action == "restore_to" {
					restores = append(restores, l)
				}
			}
			if len(restores) != 1 {
				t.Errorf("restore executed %d times, want exactly 1", len(restores))
			}
			route := expectedActionRoute(version, "single", "restore_to")
			if n := e.sim.RequestCount("POST", route); n != 1 {
				t.Errorf("POST %s received %d times, want 1", route, n)
			}
			if len(e.clock.Waits()) != 0 {
				t.Errorf("waited %v: a POST was scheduled for retry", e.clock.Waits())
			}
		})
	}
}

func TestSimTypedErrors(t *testing.T) {
	for _, tt := range []struct{ version, code string }{{"v3", ""}, {"v8", "ResourceNotFound"}} {
		t.Run(tt.version, func(t *testing.T) {
			e := startSim(t, tt.version)
			_, err := e.client.Item(ctxT(t), vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, "no-such-item")
			var apiErr *APIError
			if !errors.As(err, &apiErr) || !IsNotFound(err) {
				t.Fatalf("err = %v", err)
			}
			wantRoute := map[string]string{
				"v3": "/v3/RestoreSessions/{restoreSessionId}/Organization/Mailboxes/{mailboxId}/Items/{itemId}",
				"v8": "/v8/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/items/{itemId}",
			}[tt.version]
			if apiErr.Route != wantRoute || apiErr.Method != "GET" || apiErr.Message == "" || apiErr.ErrorCode != tt.code {
				t.Errorf("APIError %+v", apiErr)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "GET "+wantRoute+": 404 Not Found: ") || strings.Contains(msg, vb365sim.DefaultPassword) ||
				strings.Contains(msg, "Bearer") || strings.Contains(msg, "no-such-item") && !strings.Contains(apiErr.Message, "no-such-item") {
				t.Errorf("Error() = %q", msg)
			}
			for _, tok := range e.client.auth.secrets() {
				if tok != "" && strings.Contains(msg, tok) {
					t.Errorf("error contains a token: %q", msg)
				}
			}
		})
	}
}

func TestSimMalformedAndTruncatedBodies(t *testing.T) {
	e := startSim(t, "v8")
	ctx := ctxT(t)
	e.sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/mailboxes", MalformedBody: true})
	var err error
	for _, e := range e.client.Mailboxes(ctx, vb365sim.SeedRestoreSessionID, ListOptions{}) {
		err = e
	}
	if err == nil || !strings.Contains(err.Error(), "GET /v8/RestoreSessions/{restoreSessionId}/organization/mailboxes: malformed JSON response") {
		t.Errorf("malformed page: %v", err)
	}
	e.sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/items/", MalformedBody: true})
	if _, err := e.client.Item(ctx, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, vb365sim.SeedTaskID); err == nil ||
		!strings.Contains(err.Error(), "/items/{itemId}: malformed JSON response") {
		t.Errorf("malformed item: %v", err)
	}
	e.sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/exporttopst", TruncatedBody: true})
	n, err := e.client.ExportToPST(ctx, seedScope(vb365sim.SeedMessageID), ExportToPSTOptions{}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("truncated PST: n=%d err=%v", n, err)
	}
}

// TestSimRequestsStayOnTheConfiguredEndpoint checks that links in responses (absolute v3 links
// name support.east.local:4443) are never followed: every request reached the simulator.
func TestSimRequestsStayOnTheConfiguredEndpoint(t *testing.T) {
	// The links name a live server that fails the test on any request it receives.
	attacker := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request sent to the host named in links: %s %s (Authorization %q)", r.Method, r.URL, r.Header.Get("Authorization"))
	}))
	defer attacker.Close()
	attackerHost := strings.TrimPrefix(attacker.URL, "https://")
	e := startSim(t, "v3", vb365sim.WithPublicHost(attackerHost))
	ctx := ctxT(t)
	items := collect(t, e.client.Items(ctx, vb365sim.SeedRestoreSessionID, vb365sim.SupportMailboxID, ItemQuery{ListOptions: ListOptions{PageSize: 20}}))
	if len(items) != 45 || !strings.HasPrefix(items[0].Links.Self, "https://"+attackerHost+"/") {
		t.Fatalf("items %d, self %q", len(items), items[0].Links.Self)
	}
	// Reads and actions on what the links name still go to the configured endpoint.
	ids, err := ParseItemLink(items[0].Links.Self)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.Item(ctx, ids.RestoreSessionID, ids.MailboxID, ids.ItemID); err != nil {
		t.Fatal(err)
	}
	if err := e.client.SendToDefaultAddress(ctx, ItemScope{RestoreSessionID: ids.RestoreSessionID, MailboxID: ids.MailboxID, ItemIDs: []string{ids.ItemID}}); err != nil {
		t.Fatal(err)
	}
	counts := e.sim.RequestCounts()
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if counts["GET /v3/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items"] != 3 {
		t.Errorf("request counts %v", keys)
	}
}
