package vb365

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// Tests of the v3..v5 dialect as real servers and their own clients show it (issue 19).

// TestOrganizationsBareArrayOnV3toV5: GET /Organizations answers a bare JSON array on v3..v7
// (v8 a page). The client asks without paging parameters there and reads the whole array in
// one request.
func TestOrganizationsBareArrayOnV3toV5(t *testing.T) {
	for _, version := range []string{"v3", "v4", "v5", "v8"} {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			orgs := collect(t, e.client.Organizations(ctxT(t), ListOptions{PageSize: 1}))
			if len(orgs) != 1 || orgs[0].ID != vb365sim.OrganizationID || orgs[0].Name != vb365sim.OrganizationName {
				t.Fatalf("organizations = %+v", orgs)
			}
			if n := e.sim.RequestCount("GET", "/"+version+"/Organizations"); n != 1 {
				t.Errorf("GET /%s/Organizations sent %d times, want 1", version, n)
			}
		})
	}
	// The request carries no offset/limit where the answer is a bare array.
	for _, version := range []string{"v3", "v5"} {
		fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/"+version+"/ServiceInstance" {
				w.WriteHeader(401)
				return
			}
			writeJSON(w, 200, []any{map[string]any{"id": "o1", "name": "one"}, map[string]any{"id": "o2", "name": "two"}})
		})
		c, _ := newTestClient(t, fs.srv.URL, version)
		if orgs := collect(t, c.Organizations(ctxT(t), ListOptions{PageSize: 1})); len(orgs) != 2 {
			t.Fatalf("%s: organizations = %+v", version, orgs)
		}
		for _, r := range fs.APIRequests() {
			if r.Query != "" {
				t.Errorf("%s: %s %s?%s: paging parameters sent for a bare-array listing", version, r.Method, r.EscapedPath, r.Query)
			}
		}
	}
}

// TestExploreSendsRFC3339OnV3toV5: the server accepts many date forms, but the client sends
// the point in time as RFC 3339 UTC in every version.
func TestExploreSendsRFC3339OnV3toV5(t *testing.T) {
	for _, version := range []string{"v3", "v4", "v5"} {
		e := startSim(t, version)
		pit := time.Date(2019, 4, 12, 10, 54, 0, 0, time.FixedZone("CEST", 2*3600))
		s, err := e.client.Explore(ctxT(t), vb365sim.OrganizationID, ExploreOptions{PointInTime: &pit})
		if err != nil {
			t.Fatalf("%s: explore: %v", version, err)
		}
		ledger := e.sim.Ledger()
		inner, _ := ledger[len(ledger)-1].Body["explore"].(map[string]any)
		if got := inner["datetime"]; got != "2019-04-12T08:54:00Z" {
			t.Errorf("%s: explore datetime sent as %v, want RFC 3339 UTC", version, got)
		}
		if err := e.client.StopRestoreSession(ctxT(t), s.ID); err != nil {
			t.Fatal(err)
		}
	}
}

// TestClientNeverSendsTrailingCommas: the server accepts trailing commas (Json.NET), but every
// JSON body the client sends, in every dialect, is strict JSON.
func TestClientNeverSendsTrailingCommas(t *testing.T) {
	for _, version := range []string{"v3", "v5", "v8"} {
		sim := vb365sim.New(vb365sim.WithAsyncRestorePolls(0))
		var mu sync.Mutex
		var bodies [][]byte
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			if strings.Contains(r.Header.Get("Content-Type"), "json") {
				mu.Lock()
				bodies = append(bodies, body)
				mu.Unlock()
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			sim.ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		c, _ := newTestClient(t, srv.URL, version, func(cfg *Config) {
			cfg.Username, cfg.Password = vb365sim.DefaultUsername, vb365sim.DefaultPassword
		})
		ctx := ctxT(t)
		pit := time.Date(2019, 4, 12, 10, 54, 0, 0, time.UTC)
		s, err := c.Explore(ctx, vb365sim.OrganizationID, ExploreOptions{PointInTime: &pit, ShowDeleted: ptr(true)})
		if err != nil {
			t.Fatal(err)
		}
		for _, ids := range [][]string{{vb365sim.SeedMessageID}, {vb365sim.SeedMessageID, vb365sim.SeedTaskID}} {
			scope := ItemScope{RestoreSessionID: s.ID, MailboxID: vb365sim.SeedMailboxID, ItemIDs: ids}
			if _, err := c.RestoreTo(ctx, scope, RestoreToOptions{Mailbox: "qa@x.com", Folder: "f", ChangedItems: ptr(true)}, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := c.ExportToPST(ctx, scope, ExportToPSTOptions{}, io.Discard); err != nil {
				t.Fatal(err)
			}
			if err := c.SendToDifferentAddress(ctx, scope, SendToDifferentAddressOptions{To: "a@x.com", Subject: "s"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := c.StopRestoreSession(ctx, s.ID); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		if len(bodies) < 7 {
			t.Errorf("%s: only %d JSON bodies recorded", version, len(bodies))
		}
		for _, b := range bodies {
			if !json.Valid(b) || regexp.MustCompile(`,\s*[}\]]`).Match(b) {
				t.Errorf("%s: body is not strict JSON: %s", version, b)
			}
		}
		mu.Unlock()
	}
}

// TestFoldersTopLevelEveryVersion: "root" (or "null") lists the top-level folders and a folder
// ID its children on every version: sent as parentId=null on v4..v6 and root on v7+, filtered
// by the client on v3 (which documents no parentId).
func TestFoldersTopLevelEveryVersion(t *testing.T) {
	for _, version := range []string{"v3", "v4", "v5", "v6", "v7", "v8"} {
		e := startSim(t, version)
		ctx := ctxT(t)
		for _, parent := range []string{"root", "null"} {
			top := collect(t, e.client.Folders(ctx, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, FolderQuery{ParentID: parent}))
			if len(top) != 9 || top[0].Name != "Inbox" {
				t.Errorf("%s parent %q: %d folders %+v", version, parent, len(top), top)
			}
			for _, f := range top {
				if f.ParentID != "" {
					t.Errorf("%s: top-level folder %s has parent %s", version, f.Name, f.ParentID)
				}
			}
		}
		children := collect(t, e.client.Folders(ctx, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, FolderQuery{ParentID: vb365sim.InboxFolderID}))
		if len(children) != 2 || children[0].ParentID != vb365sim.InboxFolderID {
			t.Errorf("%s: children of Inbox = %+v", version, children)
		}
		if one := collect(t, e.client.Folders(ctx, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, FolderQuery{ParentID: "root", ListOptions: ListOptions{MaxItems: 2, PageSize: 1}})); len(one) != 2 {
			t.Errorf("%s: max 2 top-level folders gave %d", version, len(one))
		}
	}
}
