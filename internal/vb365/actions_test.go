package vb365

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// actionServer answers every action like the server of the version would, and records it.
func actionServer(t *testing.T) *fakeServer {
	return newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		p := strings.ToLower(r.URL.Path)
		last := p[strings.LastIndex(p, "/")+1:]
		switch {
		case last == "explore" || strings.Contains(p, "/organizations/") && last == "action":
			writeJSON(w, 201, map[string]any{"id": "new-session", "type": "Vex", "state": "Working"})
		case last == "exporttopst" || last == "save":
			_, _ = io.WriteString(w, "FILE")
		case last == "restore" || last == "restoreto":
			writeJSON(w, 200, map[string]any{"createdItemsCount": 2, "mergedItemsCount": "1", "failedItemsCount": 0, "skippedItemsCount": 3, "warnings": []string{"w1"}})
		case strings.HasSuffix(p, "/action"):
			var body map[string]any
			_ = json.NewDecoder(r.Body).Decode(&body)
			for key := range body {
				switch strings.ToLower(key) {
				case "exporttopst", "savetomsg":
					_, _ = io.WriteString(w, "FILE")
				case "restoretooriginallocation", "restoreto":
					writeJSON(w, 200, map[string]any{"createdItemsCount": 2, "mergedItemsCount": 1, "skippedItemsCount": 3, "warnings": []string{"w1"}})
				default:
					w.WriteHeader(200)
				}
			}
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	})
}

type actionCase struct {
	name string
	run  func(c *Client, scope ItemScope) error
}

var creds = RestoreCredentials{UserName: "op@x", UserPassword: "pw-restore", UserCode: "CODE1"}

func actionCases() []actionCase {
	ctx := context.Background()
	check := func(stats RestoreStatistics, err error) error {
		if err != nil {
			return err
		}
		if stats.Created != 2 || stats.Merged != 1 || stats.Skipped != 3 || !reflect.DeepEqual(stats.Warnings, []string{"w1"}) {
			return errors.New("unexpected statistics")
		}
		return nil
	}
	download := func(n int64, err error) error {
		if err == nil && n != 4 {
			return errors.New("unexpected download size")
		}
		return err
	}
	return []actionCase{
		{"restore_to_original_location", func(c *Client, s ItemScope) error {
			return check(c.RestoreToOriginalLocation(ctx, s, RestoreToOriginalLocationOptions{Credentials: creds}, nil))
		}},
		{"restore_to", func(c *Client, s ItemScope) error {
			return check(c.RestoreTo(ctx, s, RestoreToOptions{Mailbox: "t@x", Folder: "Restored", ChangedItems: ptr(true), ExcludeDrafts: ptr(false)}, nil))
		}},
		{"export_to_pst", func(c *Client, s ItemScope) error {
			return download(c.ExportToPST(ctx, s, ExportToPSTOptions{EnablePSTSizeLimit: ptr(true), PSTSizeLimitBytes: ptr[int64](1 << 30)}, io.Discard))
		}},
		{"save_to_msg", func(c *Client, s ItemScope) error { return download(c.SaveToMSG(ctx, s, io.Discard)) }},
		{"send_to_default_address", func(c *Client, s ItemScope) error { return c.SendToDefaultAddress(ctx, s) }},
		{"send_to_different_address", func(c *Client, s ItemScope) error {
			return c.SendToDifferentAddress(ctx, s, SendToDifferentAddressOptions{To: "a@x", Subject: "fwd", Text: "see"})
		}},
	}
}

func TestActionsWireFormat(t *testing.T) {
	const item = "AAA/x+y=="
	single := ItemScope{RestoreSessionID: "s1", MailboxID: "m1", ItemIDs: []string{item}}
	bulk := ItemScope{RestoreSessionID: "s1", MailboxID: "m1", ItemIDs: []string{"i1", "i2"}}
	v3Item := "/v3/RestoreSessions/s1/Organization/Mailboxes/m1/Items/AAA%2Fx+y==/Action"
	v3Bulk := "/v3/RestoreSessions/s1/Organization/Mailboxes/m1/Items/Action"
	v8Item := "/v8/RestoreSessions/s1/organization/mailboxes/m1/items/AAA%2Fx+y==/"
	v8Bulk := "/v8/RestoreSessions/s1/organization/mailboxes/m1/items/"
	items := []any{map[string]any{"id": "i1"}, map[string]any{"id": "i2"}}
	credFields := map[string]any{"userName": "op@x", "userPassword": "pw-restore", "userCode": "CODE1"}
	restoreTo := map[string]any{"mailbox": "t@x", "folder": "Restored", "changedItems": true, "excludeDrafts": false}
	pst := map[string]any{"enablePstSizeLimit": true, "pstSizeLimitBytes": float64(1 << 30)}
	send := map[string]any{"to": "a@x", "subject": "fwd", "text": "see"}
	with := func(m map[string]any, k string, v any) map[string]any {
		out := map[string]any{k: v}
		for key, val := range m {
			out[key] = val
		}
		return out
	}
	type want struct {
		path string
		body any // nil: no body at all
	}
	expect := map[string]map[string]want{
		"v3 single": {
			"restore_to_original_location": {v3Item, map[string]any{"restoretoOriginallocation": credFields}},
			"restore_to":                   {v3Item, map[string]any{"restoreTo": restoreTo}},
			"export_to_pst":                {v3Item, map[string]any{"exporttoPst": pst}},
			"save_to_msg":                  {v3Item, map[string]any{"savetoMsg": nil}},
			"send_to_default_address":      {v3Item, map[string]any{"sendtoDefaultaddress": nil}},
			"send_to_different_address":    {v3Item, map[string]any{"sendtoDifferentaddress": send}},
		},
		"v3 bulk": {
			"restore_to_original_location": {v3Bulk, map[string]any{"restoretoOriginallocation": with(credFields, "items", items)}},
			"restore_to":                   {v3Bulk, map[string]any{"restoreTo": with(restoreTo, "items", items)}},
			"export_to_pst":                {v3Bulk, map[string]any{"exporttoPst": with(pst, "items", items)}},
			"save_to_msg":                  {v3Bulk, map[string]any{"savetoMsg": map[string]any{"items": items}}},
			"send_to_default_address":      {v3Bulk, map[string]any{"sendtoDefaultaddress": map[string]any{"items": items}}},
			"send_to_different_address":    {v3Bulk, map[string]any{"sendtoDifferentaddress": with(send, "items", items)}},
		},
		"v8 single": {
			"restore_to_original_location": {v8Item + "restore", credFields},
			"restore_to":                   {v8Item + "restoreTo", restoreTo},
			"export_to_pst":                {v8Item + "exportToPst", pst},
			"save_to_msg":                  {v8Item + "save", nil},
			"send_to_default_address":      {v8Item + "sendToDefaultAddress", nil},
			"send_to_different_address":    {v8Item + "sendToDifferentAddress", send},
		},
		"v8 bulk": {
			"restore_to_original_location": {v8Bulk + "restore", with(credFields, "items", items)},
			"restore_to":                   {v8Bulk + "restoreTo", with(restoreTo, "items", items)},
			"export_to_pst":                {v8Bulk + "exportToPst", with(pst, "items", items)},
			"save_to_msg":                  {v8Bulk + "Save", map[string]any{"items": items}},
			"send_to_default_address":      {v8Bulk + "sendToDefaultAddress", map[string]any{"items": items}},
			"send_to_different_address":    {v8Bulk + "sendToDifferentAddress", with(send, "items", items)},
		},
	}
	for _, variant := range []string{"v3 single", "v3 bulk", "v8 single", "v8 bulk"} {
		version, kind, _ := strings.Cut(variant, " ")
		scope := single
		if kind == "bulk" {
			scope = bulk
		}
		for _, ac := range actionCases() {
			t.Run(variant+"/"+ac.name, func(t *testing.T) {
				fs := actionServer(t)
				c, _ := newTestClient(t, fs.srv.URL, version)
				if err := ac.run(c, scope); err != nil {
					t.Fatal(err)
				}
				reqs := fs.APIRequests()
				if len(reqs) != 1 {
					t.Fatalf("requests = %+v", reqs)
				}
				w := expect[variant][ac.name]
				if reqs[0].Method != "POST" || reqs[0].EscapedPath != w.path {
					t.Errorf("request %s %s, want POST %s", reqs[0].Method, reqs[0].EscapedPath, w.path)
				}
				if w.body == nil {
					if len(reqs[0].Body) != 0 || reqs[0].ContentType != "" {
						t.Errorf("body %q (%s), want none", reqs[0].Body, reqs[0].ContentType)
					}
					return
				}
				var got any
				if err := json.Unmarshal(reqs[0].Body, &got); err != nil {
					t.Fatalf("body %q: %v", reqs[0].Body, err)
				}
				if !reflect.DeepEqual(got, w.body) || reqs[0].ContentType != "application/json" {
					t.Errorf("body %s (%s)\nwant %v", reqs[0].Body, reqs[0].ContentType, w.body)
				}
			})
		}
	}
}

func TestActionEmptyOptionsAreOmitted(t *testing.T) {
	fs := actionServer(t)
	c, _ := newTestClient(t, fs.srv.URL, "v6")
	scope := ItemScope{RestoreSessionID: "s1", MailboxID: "m1", ItemIDs: []string{"i1"}}
	if _, err := c.RestoreToOriginalLocation(ctxT(t), scope, RestoreToOriginalLocationOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ExportToPST(ctxT(t), scope, ExportToPSTOptions{}, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, r := range fs.APIRequests() {
		if string(r.Body) != "{}" {
			t.Errorf("%s body %q, want {}", r.EscapedPath, r.Body)
		}
	}
}

func TestActionInputValidation(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) { t.Errorf("request sent: %s", r.URL) })
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	ctx := ctxT(t)
	scope := ItemScope{RestoreSessionID: "s1", MailboxID: "m1", ItemIDs: []string{"i1"}}
	_, errRestoreTo := c.RestoreTo(ctx, scope, RestoreToOptions{}, nil)
	errSend := c.SendToDifferentAddress(ctx, scope, SendToDifferentAddressOptions{Subject: "x"})
	_, errPST := c.ExportToPST(ctx, scope, ExportToPSTOptions{PSTSizeLimitBytes: ptr[int64](0)}, io.Discard)
	_, errWriter := c.SaveToMSG(ctx, scope, nil)
	for name, tt := range map[string]struct {
		err  error
		want string
	}{
		"restore_to without mailbox": {errRestoreTo, "target mailbox is required"},
		"send without to":            {errSend, "recipient address (to) is required"},
		"PST limit 0":                {errPST, "PST size limit must be positive"},
		"nil writer":                 {errWriter, "no writer"},
	} {
		if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", name, tt.err, tt.want)
		}
	}
}

func TestRestoreCannotContinueIsAnError(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"createdItemsCount": 0, "failedItemsCount": 1, "cannotContinueError": "Mailbox is not accessible", "exceptions": []string{"e1"}})
	})
	c, _ := newTestClient(t, fs.srv.URL, "v7")
	scope := ItemScope{RestoreSessionID: "s1", MailboxID: "m1", ItemIDs: []string{"i1"}}
	stats, err := c.RestoreToOriginalLocation(ctxT(t), scope, RestoreToOriginalLocationOptions{}, nil)
	if !errors.Is(err, ErrRestoreFailed) || !strings.Contains(err.Error(), "Mailbox is not accessible") {
		t.Fatalf("err = %v", err)
	}
	if stats.Failed != 1 || !reflect.DeepEqual(stats.Exceptions, []string{"e1"}) {
		t.Errorf("stats = %+v", stats)
	}
}

// secretInStatistics is a restore password the fake server echoes in a per-item error: the
// client redacts it.
const secretInStatistics = "Pa55-in-statistics"

// asyncServer plays a v8 asynchronous restore: the restore session stays Working for
// `working` status polls, then Stopped with the given result.
func asyncServer(t *testing.T, working int, result string) *fakeServer {
	var mu sync.Mutex
	polls := 0
	return newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case r.Method == "POST":
			writeJSON(w, 200, map[string]any{"sessionId": "rs-9"})
		case strings.HasSuffix(r.URL.Path, "/RestoreSessions/rs-9"):
			polls++
			state := "Working"
			if polls > working {
				state = "Stopped"
			}
			writeJSON(w, 200, map[string]any{"id": "rs-9", "state": state, "result": result, "details": "boom"})
		case strings.HasSuffix(r.URL.Path, "/RestoreSessions/rs-9/Statistics"):
			restored := min(polls, 3)
			writeJSON(w, 200, map[string]any{
				"totalItemsCount": 3, "restoredItemsCount": restored, "failedItemsCount": 0, "skippedItemsCount": 1,
				"warnings": []string{"w"}, "errors": []string{},
				"items": []any{
					map[string]any{"itemRestoreDetailsType": "BulkMailbox", "createdMailboxItemsCount": 2, "mergedMailboxItemsCount": 1,
						"id": "m1", "name": "Target", "itemType": "ExchangeMailbox", "status": "Warning", "mailboxEmail": "t@x",
						"cannotContinueMailboxError": "quota " + secretInStatistics, "warnings": []string{"slow"}},
					map[string]any{"itemRestoreDetailsType": "Item", "createdMailboxItemsCount": "1", "id": "i2", "name": "Budget",
						"title": "Item restored", "status": "Failed", "path": "Inbox/Budget", "error": "denied"},
				},
			})
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
			w.WriteHeader(404)
		}
	})
}

func TestV8AsyncRestorePollsWithProgress(t *testing.T) {
	fs := asyncServer(t, 2, "Success")
	c, clock := newTestClient(t, fs.srv.URL, "v8", func(c *Config) { c.PollInterval = 5 * time.Second })
	var progress []RestoreProgress
	scope := ItemScope{RestoreSessionID: "s1", MailboxID: "m1", ItemIDs: []string{"i1", "i2"}}
	opts := RestoreToOptions{Mailbox: "t@x", Credentials: RestoreCredentials{UserName: "u", UserPassword: secretInStatistics}}
	stats, err := c.RestoreTo(ctxT(t), scope, opts, func(p RestoreProgress) { progress = append(progress, p) })
	if err != nil {
		t.Fatal(err)
	}
	want := RestoreStatistics{Created: 3, Merged: 1, Failed: 0, Skipped: 1, Warnings: []string{"w"}, SessionID: "rs-9", Result: "Success",
		Items: []ItemRestoreResult{
			{ID: "m1", DetailsType: "BulkMailbox", Name: "Target", ItemType: "ExchangeMailbox", Status: "Warning",
				MailboxEmail: "t@x", Error: "quota ***", Warnings: []string{"slow"}, Created: 2, Merged: 1},
			// The counts are read from any entry that has them, as the totals above are.
			{ID: "i2", DetailsType: "Item", Name: "Budget", Title: "Item restored", Status: "Failed", Path: "Inbox/Budget", Error: "denied", Created: 1},
		}}
	if !reflect.DeepEqual(stats, want) {
		t.Errorf("stats = %+v\nwant %+v", stats, want)
	}
	if !reflect.DeepEqual(clock.Waits(), []time.Duration{5 * time.Second, 5 * time.Second}) {
		t.Errorf("waits = %v, want two poll intervals", clock.Waits())
	}
	if len(progress) != 3 || progress[0].State != "Working" || progress[0].Restored != 1 || progress[2].State != "Stopped" ||
		progress[2].Total != 3 || progress[2].SessionID != "rs-9" {
		t.Errorf("progress = %+v", progress)
	}
}

func TestV8AsyncRestoreFailedResult(t *testing.T) {
	fs := asyncServer(t, 0, "Failed")
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	scope := ItemScope{RestoreSessionID: "s1", MailboxID: "m1", ItemIDs: []string{"i1"}}
	stats, err := c.RestoreToOriginalLocation(ctxT(t), scope, RestoreToOriginalLocationOptions{}, nil)
	if !errors.Is(err, ErrRestoreFailed) || !strings.Contains(err.Error(), "boom") || stats.SessionID != "rs-9" {
		t.Fatalf("stats %+v err %v", stats, err)
	}
}

func TestV8AsyncRestoreBoundedByContext(t *testing.T) {
	fs := asyncServer(t, 1000, "Success")
	ctx, cancel := context.WithCancel(context.Background())
	clock := &blockingClock{fakeClock: newFakeClock(), onAfter: cancel}
	c, _ := newTestClient(t, fs.srv.URL, "v8", func(c *Config) { c.Clock = clock })
	scope := ItemScope{RestoreSessionID: "s1", MailboxID: "m1", ItemIDs: []string{"i1"}}
	stats, err := c.RestoreToOriginalLocation(ctx, scope, RestoreToOriginalLocationOptions{}, nil)
	if !errors.Is(err, context.Canceled) || !errors.Is(err, ErrRestoreUnconfirmed) ||
		!strings.Contains(err.Error(), "restore session rs-9") || !strings.Contains(err.Error(), "waiting (state Working)") {
		t.Fatalf("err = %v", err)
	}
	// The accepted restore's session is reported so that the caller can record it instead of
	// posting the restore again.
	if stats.SessionID != "rs-9" {
		t.Fatalf("stats.SessionID = %q, want rs-9", stats.SessionID)
	}
}

func TestExploreAndStopWireFormat(t *testing.T) {
	pit := time.Date(2024, 3, 1, 10, 30, 0, 0, time.FixedZone("CET", 3600))
	opts := ExploreOptions{PointInTime: &pit, ShowDeleted: ptr(true), ShowAllVersions: ptr(false), Reason: "ticket 42"}
	tests := []struct {
		version, explorePath, stopPath string
		exploreBody                    map[string]any
		stopBody                       string
	}{
		{"v3", "/v3/Organizations/o%2F1/Action", "/v3/RestoreSessions/new-session/Action",
			map[string]any{"explore": map[string]any{"datetime": "2024-03-01T09:30:00Z", "type": "vex", "showDeleted": true, "showAllVersions": false}}, `{"stop":null}`},
		{"v5", "/v5/Organizations/o%2F1/Action", "/v5/RestoreSessions/new-session/Action",
			map[string]any{"explore": map[string]any{"datetime": "2024-03-01T09:30:00Z", "type": "vex", "showDeleted": true, "showAllVersions": false}}, `{"stop":null}`},
		{"v6", "/v6/Organizations/o%2F1/explore", "/v6/RestoreSessions/new-session/Stop",
			map[string]any{"dateTime": "2024-03-01T09:30:00Z", "type": "Vex", "showDeleted": true, "showAllVersions": false}, ""},
		{"v8", "/v8/Organizations/o%2F1/explore", "/v8/RestoreSessions/new-session/Stop",
			map[string]any{"dateTime": "2024-03-01T09:30:00Z", "type": "Vex", "showDeleted": true, "showAllVersions": false}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			fs := actionServer(t)
			c, _ := newTestClient(t, fs.srv.URL, tt.version)
			s, err := c.Explore(ctxT(t), "o/1", opts)
			if err != nil || s.ID != "new-session" || s.State != "Working" {
				t.Fatalf("session %+v err %v", s, err)
			}
			if err := c.StopRestoreSession(ctxT(t), s.ID); err != nil {
				t.Fatal(err)
			}
			reqs := fs.APIRequests()
			var body map[string]any
			if err := json.Unmarshal(reqs[0].Body, &body); err != nil || reqs[0].EscapedPath != tt.explorePath || !reflect.DeepEqual(body, tt.exploreBody) {
				t.Errorf("explore %s %s, want %s %v", reqs[0].EscapedPath, reqs[0].Body, tt.explorePath, tt.exploreBody)
			}
			if reqs[1].EscapedPath != tt.stopPath || string(reqs[1].Body) != tt.stopBody {
				t.Errorf("stop %s %q, want %s %q", reqs[1].EscapedPath, reqs[1].Body, tt.stopPath, tt.stopBody)
			}
		})
	}
}

func TestExploreWithoutOptionsSendsOnlyType(t *testing.T) {
	fs := actionServer(t)
	c, _ := newTestClient(t, fs.srv.URL, "v7")
	if _, err := c.Explore(ctxT(t), "o1", ExploreOptions{}); err != nil {
		t.Fatal(err)
	}
	if body := string(fs.APIRequests()[0].Body); body != `{"type":"Vex"}` {
		t.Errorf("body %s", body)
	}
}

// TestRestoreCredentialsEchoedByTheServerAreRedacted: a server message quoting the restore
// credentials (raw, URL-form- or JSON-escaped) never reaches the caller's error text.
func TestRestoreCredentialsEchoedByTheServerAreRedacted(t *testing.T) {
	const password, code, certPassword = `pw-"restore"&123`, "CODE-9876", "cert-pass-42"
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)          // the JSON request body, with the password JSON-escaped
		reencoded, _ := json.Marshal(password) // & as \u0026, as .NET would
		writeJSON(w, 400, map[string]any{
			"message": "Login failed: password " + password + ", form userPassword=" + url.QueryEscape(password) +
				", request " + string(body) + ", reencoded " + string(reencoded),
			"errorCode": "code " + code + " cert " + certPassword,
		})
	})
	c, _ := newTestClient(t, fs.srv.URL, "v7")
	creds := RestoreCredentials{UserName: "op@x", UserPassword: password, UserCode: code, ApplicationCertificatePassword: certPassword}
	_, err := c.RestoreToOriginalLocation(ctxT(t), testScope, RestoreToOriginalLocationOptions{Credentials: creds}, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
		t.Fatalf("err = %v", err)
	}
	msg := err.Error()
	for _, secret := range []string{password, url.QueryEscape(password), "123", code, certPassword} {
		if strings.Contains(msg, secret) {
			t.Errorf("error contains %q: %s", secret, msg)
		}
	}
	if !strings.Contains(msg, "Login failed: password ***, form userPassword=***") || !strings.Contains(msg, "op@x") {
		t.Errorf("error = %s", msg)
	}
}

func TestTokenErrorEchoingTheFormIsRedacted(t *testing.T) {
	fs := newFakeServer(t, nil)
	fs.tokenHandler = func(w http.ResponseWriter, form url.Values) bool {
		writeJSON(w, 400, map[string]any{"error": "invalid_request", "error_description": "cannot parse " + form.Encode()})
		return true
	}
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	_, err := c.RestoreSession(ctxT(t), "s1")
	if err == nil || !strings.Contains(err.Error(), "password=***") || strings.Contains(err.Error(), url.QueryEscape(testPassword)) {
		t.Fatalf("err = %v", err)
	}
}

// TestRestoreWithoutStatisticsIsUnconfirmed: a 2xx restore answer with no statistics and no
// session ID is not a success with zero counts.
func TestRestoreWithoutStatisticsIsUnconfirmed(t *testing.T) {
	for _, tt := range []struct{ version, body string }{
		{"v8", ""}, {"v8", "{}"}, {"v7", ""}, {"v3", " \n"}, {"v6", `{"warnings": []}`},
	} {
		fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, tt.body) })
		c, _ := newTestClient(t, fs.srv.URL, tt.version)
		stats, err := c.RestoreTo(ctxT(t), testScope, RestoreToOptions{Mailbox: "x@y"}, nil)
		if !errors.Is(err, ErrRestoreUnconfirmed) || errors.Is(err, ErrNotSent) ||
			!strings.Contains(err.Error(), "answered 200 without restore statistics or a restore session ID") {
			t.Errorf("%s body %q: stats %+v err %v", tt.version, tt.body, stats, err)
		}
	}
}
