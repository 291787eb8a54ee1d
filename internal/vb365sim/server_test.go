package vb365sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestTokenPasswordGrantShape(t *testing.T) {
	clock := &fakeClock{now: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)}
	h := newHarness(t, WithClock(clock.Now))
	status, m := h.tokenResponse(8, passwordForm())
	if status != http.StatusOK {
		t.Fatalf("status %d %v", status, m)
	}
	for _, k := range []string{"access_token", "refresh_token", "token_type", "expires_in", "userName", ".issued", ".expires"} {
		if _, ok := m[k]; !ok {
			t.Errorf("token response lacks %q: %v", k, m)
		}
	}
	if m["token_type"] != "bearer" || m["expires_in"] != float64(3600) || m["userName"] != DefaultUsername {
		t.Errorf("unexpected token fields: %v", m)
	}
	// OAuthTokenResponse (v6+) declares date-time: RFC 3339.
	if m[".issued"] != "2024-05-01T12:00:00Z" || m[".expires"] != "2024-05-01T13:00:00Z" {
		t.Errorf("v8 issued/expires = %v / %v", m[".issued"], m[".expires"])
	}
	// v3's OWIN OAuth server writes RFC 1123.
	_, m = h.tokenResponse(3, passwordForm())
	if m[".issued"] != "Wed, 01 May 2024 12:00:00 GMT" || m[".expires"] != "Wed, 01 May 2024 13:00:00 GMT" {
		t.Errorf("v3 issued/expires = %v / %v", m[".issued"], m[".expires"])
	}
}

// TestTokenErrorShapePerVersion: v3 keeps the OWIN {"error","error_description"}; v6+ answer
// RESTExceptionInfo like every other error.
func TestTokenErrorShapePerVersion(t *testing.T) {
	h := newHarness(t)
	bad := url.Values{"grant_type": {"password"}, "username": {"x"}, "password": {"wrong"}}
	for v, want := range map[int]map[string]any{
		6: {"message": "The user name or password is incorrect."},
		7: {"message": "The user name or password is incorrect.", "errorCode": nil},
		8: {"message": "The user name or password is incorrect.", "errorCode": "ParameterValidationFailure", "stackTrace": nil},
	} {
		status, m := h.tokenResponse(v, bad)
		if status != http.StatusBadRequest || fmt.Sprint(m) != fmt.Sprint(want) {
			t.Errorf("v%d: %d %v, want %v", v, status, m, want)
		}
	}
}

func TestOrganizationsV6RequiresExtendedView(t *testing.T) {
	h := newHarness(t)
	resp, _ := h.do("GET", "/v6/Organizations", nil)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("v6 without extendedView: %d, want 400", resp.StatusCode)
	}
	if resp, _ := h.do("GET", "/v6/Organizations?extendedView=false", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("v6 with extendedView: %d", resp.StatusCode)
	}
}

func TestTokenBadCredentialsAndJSONBody(t *testing.T) {
	h := newHarness(t, WithCredentials("alice", "s3cret"))
	status, m := h.tokenResponse(3, url.Values{"grant_type": {"password"}, "username": {"alice"}, "password": {"wrong"}})
	if status != http.StatusBadRequest || m["error"] != "invalid_grant" || m["error_description"] == "" {
		t.Fatalf("bad password: %d %v", status, m)
	}
	resp, data := h.doWithToken("POST", "/v8/token", map[string]any{"Grant_Type": "password", "UserName": "alice", "Password": "s3cret"}, "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(data), "access_token") {
		t.Fatalf("JSON token request: %d %s", resp.StatusCode, data)
	}
	if h.sim.TokenRequests() != 2 {
		t.Errorf("TokenRequests = %d, want 2", h.sim.TokenRequests())
	}
}

func TestTokenRefreshAndAntiforgery(t *testing.T) {
	h := newHarness(t)
	// v3: refresh without the antiforgery flag works; a refresh token is single use.
	_, first := h.tokenResponse(3, passwordForm())
	refresh := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {first["refresh_token"].(string)}}
	status, second := h.tokenResponse(3, refresh)
	if status != http.StatusOK || second["access_token"] == first["access_token"] {
		t.Fatalf("v3 refresh: %d %v", status, second)
	}
	if status, m := h.tokenResponse(3, refresh); status != http.StatusBadRequest || m["error"] != "invalid_grant" {
		t.Fatalf("reused refresh token: %d %v", status, m)
	}
	if status, m := h.tokenResponse(3, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"nope"}}); status != http.StatusBadRequest || m["error"] != "invalid_grant" {
		t.Fatalf("unknown refresh token: %d %v", status, m)
	}

	// v8: the refresh grant needs disable_antiforgery_token=true.
	form := passwordForm()
	form.Set("disable_antiforgery_token", "true")
	_, v8 := h.tokenResponse(8, form)
	noFlag := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {v8["refresh_token"].(string)}}
	if status, m := h.tokenResponse(8, noFlag); status != http.StatusBadRequest || !strings.Contains(fmt.Sprint(m["message"]), "antiforgery") {
		t.Fatalf("v8 refresh without antiforgery flag: %d %v", status, m)
	}
	withFlag := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {v8["refresh_token"].(string)}, "disable_antiforgery_token": {"true"}}
	if status, m := h.tokenResponse(8, withFlag); status != http.StatusOK {
		t.Fatalf("v8 refresh with flag: %d %v", status, m)
	}
	log := h.sim.TokenLog()
	last := log[len(log)-1]
	if !last.DisableAntiforgeryToken || last.GrantType != "refresh_token" || last.Version != 8 || last.Status != 200 {
		t.Errorf("last token log entry = %+v", last)
	}
	if log[len(log)-2].DisableAntiforgeryToken || log[len(log)-2].Status != 400 {
		t.Errorf("refusal not logged: %+v", log[len(log)-2])
	}
}

func TestTokenExpiryUsesInjectedClock(t *testing.T) {
	clock := &fakeClock{now: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)}
	h := newHarness(t, WithClock(clock.Now), WithTokenLifetime(10*time.Minute))
	tok := h.token(8)
	path := "/v8/RestoreSessions/" + SeedRestoreSessionID
	if resp, _ := h.doWithToken("GET", path, nil, tok); resp.StatusCode != http.StatusOK {
		t.Fatalf("fresh token: %d", resp.StatusCode)
	}
	clock.Advance(9 * time.Minute)
	if resp, _ := h.doWithToken("GET", path, nil, tok); resp.StatusCode != http.StatusOK {
		t.Fatalf("token before expiry: %d", resp.StatusCode)
	}
	clock.Advance(2 * time.Minute)
	if resp, _ := h.doWithToken("GET", path, nil, tok); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("expired token: %d", resp.StatusCode)
	}

	h.sim.SetTokenLifetime(time.Hour)
	delete(h.tokens, 8)
	tok = h.token(8)
	h.sim.ExpireTokens()
	if resp, _ := h.doWithToken("GET", path, nil, tok); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("ExpireTokens: %d", resp.StatusCode)
	}
}

func TestBearerTokenRequired(t *testing.T) {
	h := newHarness(t)
	for _, tok := range []string{"", "not-a-token"} {
		resp, data := h.doWithToken("GET", "/v8/Organizations", nil, tok)
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(data), `"message":"Authorization has been denied for this request."`) {
			t.Errorf("token %q: %d %s", tok, resp.StatusCode, data)
		}
	}
	h.sim.Unauthorized(2)
	for i := range 3 {
		resp, _ := h.do("GET", "/v3/Organizations", nil)
		want := http.StatusUnauthorized
		if i == 2 {
			want = http.StatusOK
		}
		if resp.StatusCode != want {
			t.Errorf("call %d after Unauthorized(2): %d, want %d", i, resp.StatusCode, want)
		}
	}
}

func TestVersionProbe(t *testing.T) {
	h := newHarness(t)
	for v := 1; v <= 10; v++ {
		resp, _ := h.doWithToken("GET", "/v"+strconv.Itoa(v)+"/ServiceInstance", nil, "")
		want := http.StatusNotFound
		if v >= 3 && v <= 8 {
			want = http.StatusUnauthorized
		}
		if resp.StatusCode != want {
			t.Errorf("v%d probe: %d, want %d", v, resp.StatusCode, want)
		}
	}
	if resp, _ := h.doWithToken("GET", "/api/ServiceInstance", nil, ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("non-version prefix: %d", resp.StatusCode)
	}
	only8 := newHarness(t, WithVersions(8))
	if resp, _ := only8.doWithToken("GET", "/v7/ServiceInstance", nil, ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("WithVersions(8) v7 probe: %d", resp.StatusCode)
	}
	if resp, _ := only8.doWithToken("POST", "/v7/Token", "grant_type=password", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("WithVersions(8) v7 token: %d", resp.StatusCode)
	}
	if m := only8.get("/v8/ServiceInstance"); m["version"] == "" {
		t.Errorf("authenticated probe: %v", m)
	}
}

func TestPagingFollowsLinks(t *testing.T) {
	for _, v := range []int{3, 8} {
		h := newHarness(t)
		path := mailboxPath(v, SupportMailboxID) + "/Items?limit=10"
		seen := map[string]bool{}
		pages := 0
		for path != "" {
			page := h.get(path)
			pages++
			if page["limit"] != float64(10) {
				t.Fatalf("v%d limit = %v", v, page["limit"])
			}
			for _, it := range results(t, page) {
				seen[it["id"].(string)] = true
			}
			next := linkHref(t, page, "next")
			if pages > 1 && linkHref(t, page, "prev") == "" {
				t.Errorf("v%d page %d has no prev link", v, pages)
			}
			if first := linkHref(t, page, "first"); !strings.Contains(first, "offset=0&limit=10") {
				t.Errorf("v%d first link %q", v, first)
			}
			if v < 6 && next != "" {
				if !strings.HasPrefix(next, "https://support.east.local:4443/v3/restoresessions/") {
					t.Fatalf("v3 next link %q is not absolute lower case", next)
				}
				next = strings.TrimPrefix(next, "https://support.east.local:4443")
			}
			if v >= 6 && next != "" && !strings.HasPrefix(next, "/v8/RestoreSessions/") {
				t.Fatalf("v8 next link %q is not relative", next)
			}
			path = next
		}
		if pages != 5 || len(seen) != 45 {
			t.Errorf("v%d: %d pages, %d distinct items; want 5 pages of 45 items", v, pages, len(seen))
		}
	}
}

func TestPagingDefaultsAndBounds(t *testing.T) {
	h := newHarness(t)
	page := h.get(mailboxPath(8, SupportMailboxID) + "/items")
	if page["offset"] != float64(0) || page["limit"] != float64(30) || len(results(t, page)) != 30 {
		t.Errorf("default page: offset %v limit %v results %d", page["offset"], page["limit"], len(results(t, page)))
	}
	last := h.get(mailboxPath(8, SupportMailboxID) + "/items?offset=40&limit=10000")
	if len(results(t, last)) != 5 || linkHref(t, last, "next") != "" {
		t.Errorf("last page: %d results, next %q", len(results(t, last)), linkHref(t, last, "next"))
	}
	for _, q := range []string{"limit=0", "limit=10001", "offset=-1", "limit=abc"} {
		for _, v := range []int{3, 8} {
			resp, data := h.do("GET", mailboxPath(v, SupportMailboxID)+"/Items?"+q, nil)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(data), `"message"`) {
				t.Errorf("v%d %s: %d %s", v, q, resp.StatusCode, data)
			}
		}
	}
	// Every listing pages, v3 included, but GET /Organizations (a bare array before v8).
	for _, p := range []string{"/v3/RestoreSessions", mailboxPath(3, SeedMailboxID) + "/Folders", "/v3/RestoreSessions/" + SeedRestoreSessionID + "/Organization/Mailboxes"} {
		page := h.get(p)
		if _, ok := page["results"]; !ok || page["limit"] != float64(30) || linkHref(t, page, "self") == "" {
			t.Errorf("%s is not a page envelope: %v", p, page)
		}
	}
}

func TestCaseInsensitiveRoutesAndCounters(t *testing.T) {
	h := newHarness(t)
	h.get("/V8/restoresessions/" + strings.ToUpper(SeedRestoreSessionID) + "/ORGANIZATION/MailBoxes")
	h.get("/v8/RestoreSessions/" + SeedRestoreSessionID + "/organization/mailboxes")
	h.get("/v3/RESTORESESSIONS/" + SeedRestoreSessionID + "/organization/mailboxes/" + SeedMailboxID + "/ITEMS/" + esc(SeedTaskID))
	key := "GET /v8/RestoreSessions/{id}/Organization/Mailboxes"
	if got := h.sim.RequestCounts()[key]; got != 2 {
		t.Errorf("RequestCounts[%q] = %d, want 2; all: %v", key, got, h.sim.RequestCounts())
	}
	if got := h.sim.RequestCount("get", "/v8/restoresessions/{id}/organization/mailboxes"); got != 2 {
		t.Errorf("RequestCount case-insensitive = %d", got)
	}
	if got := h.sim.RequestCount("GET", "/v3/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items/{id}"); got != 1 {
		t.Errorf("item counter = %d", got)
	}
	if got := h.sim.RequestCount("POST", "/v8/Token") + h.sim.RequestCount("POST", "/v3/Token"); got != 2 {
		t.Errorf("token counters = %d, want 2", got)
	}
	resp, _ := h.do("DELETE", "/v8/RestoreSessions/"+SeedRestoreSessionID, nil)
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("DELETE session: %d", resp.StatusCode)
	}
	resp, _ = h.do("GET", "/v8/NoSuchThing", nil)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown route: %d", resp.StatusCode)
	}
}

func TestFolderFilters(t *testing.T) {
	h := newHarness(t)
	names := func(path string) []string {
		var out []string
		for _, f := range results(t, h.get(path)) {
			out = append(out, f["name"].(string))
		}
		return out
	}
	base := mailboxPath(8, SeedMailboxID) + "/folders"
	if got := names(base + "?limit=100"); len(got) != 12 {
		t.Errorf("all folders = %v", got)
	}
	if got := names(base + "?parentId=root"); len(got) != 9 || got[0] != "Inbox" {
		t.Errorf("root folders = %v", got)
	}
	if got := names(base + "?parentId=" + url.QueryEscape(InboxFolderID)); !reflect.DeepEqual(got, []string{"Projects", "Reports"}) {
		t.Errorf("Inbox children = %v", got)
	}
	if got := names(base + "?parentId=" + url.QueryEscape(InboxSubFolderID)); !reflect.DeepEqual(got, []string{"2019"}) {
		t.Errorf("Projects children = %v", got)
	}
	if got := names(base + "?name=*ITEMS"); !reflect.DeepEqual(got, []string{"Sent Items", "Deleted Items"}) {
		t.Errorf("name=*ITEMS = %v", got)
	}
	if got := names(base + "?name=" + url.QueryEscape("?ot?s")); !reflect.DeepEqual(got, []string{"Notes"}) {
		t.Errorf("name=?ot?s = %v", got)
	}
	if resp, _ := h.do("GET", base+"?parentId=nope", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown parentId: %d", resp.StatusCode)
	}
	f := h.get(base + "/" + esc(SeedCalendarFolderID))
	if f["name"] != "Calendar" || f["type"] != "Appointment" || f["mailboxId"] != SeedMailboxID || f["category"] != "None" {
		t.Errorf("calendar folder = %v", f)
	}
	v3 := h.get(mailboxPath(3, SeedMailboxID) + "/Folders/" + esc(InboxSubFolderID))
	if _, has := v3["category"]; has || !strings.HasSuffix(linkHref(t, v3, "parent"), "/folders/"+InboxFolderID) {
		t.Errorf("v3 folder = %v", v3)
	}
}

func TestItemFolderFilterPerVersion(t *testing.T) {
	h := newHarness(t)
	count := func(path string) int { return len(results(t, h.get(path))) }
	all := count(mailboxPath(3, SeedMailboxID) + "/Items?limit=100")
	for v := 3; v <= 8; v++ {
		byFolderID := count(mailboxPath(v, SeedMailboxID) + "/Items?folderId=" + url.QueryEscape(SeedCalendarFolderID))
		byParentID := count(mailboxPath(v, SeedMailboxID) + "/Items?limit=100&parentId=" + url.QueryEscape(SeedCalendarFolderID))
		if v <= 6 && (byFolderID != 2 || byParentID != all) {
			t.Errorf("v%d: folderId gives %d (want 2), ignored parentId gives %d (want %d)", v, byFolderID, byParentID, all)
		}
		if v >= 7 && (byParentID != 2 || byFolderID != min(all, 30)) {
			t.Errorf("v%d: parentId gives %d (want 2), ignored folderId gives %d (want %d)", v, byParentID, byFolderID, min(all, 30))
		}
	}
	if resp, data := h.do("GET", mailboxPath(8, SeedMailboxID)+"/items?parentId=unknown", nil); resp.StatusCode != http.StatusNotFound || !strings.Contains(string(data), "ResourceNotFound") {
		t.Errorf("unknown folder: %d %s", resp.StatusCode, data)
	}
	if n := count(mailboxPath(8, SeedMailboxID) + "/items?parentId=root"); n != 0 {
		t.Errorf("parentId=root items = %d", n)
	}
}

// TestSeedAppointmentV3 checks the seed page's representation verbatim.
func TestSeedAppointmentV3(t *testing.T) {
	h := newHarness(t)
	got := h.get(itemPath(3, SeedAppointmentID))
	base := "https://support.east.local:4443/v3/restoresessions/3da69c6c-bb12-4bed-9c4d-7276cb9074bf/organization/mailboxes/479ae6aa-610b-4652-8966-5db06021903c"
	self := base + "/items/" + SeedAppointmentID
	action := map[string]any{"uri": self + "/action", "method": "POST"}
	want := map[string]any{
		"startTime": "2022-10-09T21:00:00Z", "endTime": "2022-10-10T21:00:00Z",
		"organizer": "j_smith@bestsupport.onmicrosoft.com", "location": "Confroom07",
		"attendees": "qa@bestsupport.onmicrosoft.com", "recurring": "false", "itemClass": "IPM.Appointment",
		"_links": map[string]any{
			"self":    map[string]any{"href": self},
			"parent":  map[string]any{"href": base + "/folders/" + SeedCalendarFolderID},
			"mailbox": map[string]any{"href": base},
		},
		"_actions": map[string]any{
			"restoretoOriginallocation": action, "restoreTo": action, "exporttoPst": action,
			"savetoMsg": action, "sendtoDefaultaddress": action, "sendtoDifferentaddress": action,
		},
		"id": SeedAppointmentID,
	}
	if !reflect.DeepEqual(got, want) {
		gj, _ := json.MarshalIndent(got, "", " ")
		t.Errorf("seed appointment differs:\n%s", gj)
	}
}

func TestSeedItemsV3FieldShapes(t *testing.T) {
	h := newHarness(t)
	cases := map[string]map[string]any{
		SeedTaskID: {"itemClass": "IPM.Task", "status": "Completed", "percentComplete": "100",
			"startDate": "2017-04-04T16:08:20.2882911Z", "dueDate": "2017-05-04 18:00:00", "owner": "j_smith@bestsupport.onmicrosoft.com"},
		SeedJournalID: {"itemClass": "IPM.Journal", "startDate": "2017-04-04T16:08:20.2882911Z", "duration": "1", "entryType": "Phone Call"},
		SeedNoteID:    {"itemClass": "IPM.Note", "name": "Important", "date": "6/5/2017 1:12 PM"},
		SeedMessageID: {"itemClass": "IPM.Message", "from": "j_smith@bestsupport.onmicrosoft.com", "to": "qa_dallas@tech.onmicrosoft.com",
			"cc": "qa@bestsupport.onmicrosoft.com", "bcc": "rnd@bestsupport.onmicrosoft.com", "subject": "Support case",
			"sent": "2017-05-25T08:39:16.8235249Z", "received": "2017-05-25T08:39:16.8235249Z", "reminder": "false"},
		ContactItemID: {"itemClass": "IPM.Contact", "fullName": "John Smith", "mobile": "555-55-55", "address": "356 Baker St.",
			"company": "Acme", "jobTitle": "Manager", "email": "john.smith@microsoft.com"},
	}
	for id, want := range cases {
		got := h.get(itemPath(3, id))
		for k, v := range want {
			if got[k] != v {
				t.Errorf("item %s: %s = %#v, want %#v", id[:8], k, got[k], v)
			}
		}
	}
	if note := h.get(itemPath(3, SeedNoteID)); note["from"] != nil || note["subject"] != nil {
		t.Errorf("v3 sticky note must have no from/subject: %v", note)
	}
}

func TestItemsV8Fields(t *testing.T) {
	h := newHarness(t)
	task := h.get(itemPath(8, SeedTaskID))
	if task["percentComplete"] != float64(100) || task["dueDate"] != "2017-05-04T18:00:00Z" || task["mailboxId"] != SeedMailboxID || task["subject"] == nil {
		t.Errorf("v8 task = %v", task)
	}
	journal := h.get(itemPath(8, SeedJournalID))
	if journal["duration"] != float64(1) || journal["startTime"] != "2017-04-04T16:08:20.2882911Z" {
		t.Errorf("v8 journal = %v", journal)
	}
	note := h.get(itemPath(8, SeedNoteID))
	if note["subject"] != "Important" || note["date"] != "2017-06-05T13:12:00Z" {
		t.Errorf("v8 note = %v", note)
	}
	appt := h.get(itemPath(8, AppointmentItemID))
	att := appt["attachments"].([]any)[0].(map[string]any)
	if appt["recurring"] != true || att["sizeBytes"] != float64(12345) || att["name"] != "agenda.docx" {
		t.Errorf("v8 appointment = %v", appt)
	}
	msg := h.get(itemPath(8, SeedMessageID))
	if msg["reminder"] != false || msg["importance"] != "Normal" || linkHref(t, msg, "parent") != mailboxPath(8, SeedMailboxID)+"/folders/"+InboxFolderID {
		t.Errorf("v8 message = %v", msg)
	}
	actions := msg["_actions"].(map[string]any)
	if restore := actions["restore"].(map[string]any); restore["uri"] != itemPath(8, SeedMessageID)+"/restore" || restore["method"] != "POST" {
		t.Errorf("v8 _actions.restore = %v", restore)
	}
	v6 := h.get(itemPath(6, DiscussionItemID))
	if _, has := v6["subject"]; has {
		t.Errorf("v6 discussion must not carry subject: %v", v6)
	}
	if _, has := v6["mailboxId"]; has {
		t.Errorf("v6 items have no mailboxId: %v", v6)
	}
	if unk := h.get(itemPath(8, UnknownClassItemID)); unk["itemClass"] != "IPM.Sim.Unknown" {
		t.Errorf("unknown item = %v", unk)
	}
}

func TestEveryItemTypeIsListed(t *testing.T) {
	h := newHarness(t)
	classes := map[string]bool{}
	for _, it := range results(t, h.get(mailboxPath(8, SeedMailboxID)+"/items?limit=100")) {
		classes[it["itemClass"].(string)] = true
	}
	for _, c := range []string{"IPM.Message", "IPM.Note", "IPM.Appointment", "IPM.Task", "IPM.Contact", "IPM.StickyNote",
		"IPM.Journal", "IPM.Activity", "IPM.DistList", "IPM.Post", "IPM.Schedule.Meeting.Request", "IPM.Sim.Unknown"} {
		if !classes[c] {
			t.Errorf("no item of class %s", c)
		}
	}
	mailboxes := results(t, h.get("/v8/RestoreSessions/"+SeedRestoreSessionID+"/organization/mailboxes"))
	archives := 0
	for _, mb := range mailboxes {
		if mb["isArchive"] == true {
			archives++
		}
	}
	if len(mailboxes) < 5 || archives != 1 {
		t.Errorf("%d mailboxes, %d archives", len(mailboxes), archives)
	}
}

func TestIDsWithSlashAndPlus(t *testing.T) {
	h := newHarness(t)
	for _, v := range []int{3, 8} {
		for _, id := range []string{SlashItemID, PlusItemID} {
			got := h.get(itemPath(v, id))
			if got["id"] != id {
				t.Errorf("v%d GET %s: id %v", v, id, got["id"])
			}
			self := linkHref(t, got, "self")
			if !strings.HasSuffix(self, "/items/"+url.PathEscape(id)) {
				t.Errorf("v%d self link %q does not escape the ID", v, self)
			}
		}
	}
	folder := h.get(mailboxPath(8, SeedMailboxID) + "/folders/" + esc(SlashFolderID))
	if folder["id"] != SlashFolderID {
		t.Errorf("slash folder = %v", folder)
	}
	// Unescaped, the '/' splits the ID into two segments, so the route does not exist.
	resp, _ := h.do("GET", mailboxPath(8, SeedMailboxID)+"/items/"+SlashItemID, nil)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unescaped slash ID: %d", resp.StatusCode)
	}
	// A literal '+' is a '+' in a path, not a space.
	if got := h.get(mailboxPath(8, SeedMailboxID) + "/items/" + PlusItemID); got["id"] != PlusItemID {
		t.Errorf("raw plus ID: %v", got["id"])
	}
}

func TestNotFoundShapesPerVersion(t *testing.T) {
	h := newHarness(t)
	check := func(v int, path string) {
		t.Helper()
		resp, data := h.do("GET", path, nil)
		var m map[string]any
		_ = json.Unmarshal(data, &m)
		if resp.StatusCode != http.StatusNotFound || m["message"] == "" {
			t.Errorf("v%d %s: %d %s", v, path, resp.StatusCode, data)
		}
		_, hasCode := m["errorCode"]
		_, hasTrace := m["stackTrace"]
		// v6's RESTExceptionInfo has message only; v7's errorCode enum is ["ProxyOffline"], so
		// a not-found carries a null code there; v8 names it.
		if hasCode != (v >= 7) || hasTrace != (v >= 8) || (v == 7 && m["errorCode"] != nil) || (v >= 8 && m["errorCode"] != "ResourceNotFound") {
			t.Errorf("v%d error body %s", v, data)
		}
	}
	for v := 3; v <= 8; v++ {
		check(v, "/v"+strconv.Itoa(v)+"/RestoreSessions/00000000-0000-0000-0000-000000000000")
		check(v, mailboxPath(v, "00000000-0000-0000-0000-000000000000"))
		check(v, itemPath(v, "nope"))
		check(v, mailboxPath(v, SeedMailboxID)+"/Folders/nope")
	}
}

func TestLargeMailbox(t *testing.T) {
	h := newHarness(t, WithLargeMailbox("Big", 12000))
	id := LargeMailboxID("Big")
	mb := h.get(mailboxPath(8, id))
	if mb["name"] != "Big" {
		t.Fatalf("large mailbox = %v", mb)
	}
	page := h.get(mailboxPath(8, id) + "/items?offset=11990&limit=30")
	items := results(t, page)
	if len(items) != 10 || items[9]["id"] != LargeMailboxItemID("Big", 11999) || linkHref(t, page, "next") != "" {
		t.Errorf("last page: %d items, last %v", len(items), items[len(items)-1]["id"])
	}
	if got := h.get(mailboxPath(8, id) + "/items/" + esc(LargeMailboxItemID("Big", 5000))); got["subject"] != "Generated message 5001" {
		t.Errorf("item 5000 = %v", got)
	}
	if resp, _ := h.do("GET", mailboxPath(8, id)+"/items/"+esc(LargeMailboxItemID("Big", 12000)), nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("item past the end: %d", resp.StatusCode)
	}
	if n := len(results(t, h.get(mailboxPath(8, id)+"/items?limit=10000"))); n != 10000 {
		t.Errorf("limit=10000 gives %d", n)
	}
}

func TestSessionsListAndOrganization(t *testing.T) {
	h := newHarness(t)
	orgs := results(t, h.get("/v8/Organizations"))
	if len(orgs) != 1 || orgs[0]["id"] != OrganizationID || orgs[0]["name"] != OrganizationName {
		t.Errorf("v8 organizations = %v", orgs)
	}
	// v3..v5 answer a bare array (Veeam's v2..v4 pages, the v3..v5 portal), v6/v7 too, as
	// their OpenAPI documents declare; paging parameters are ignored.
	for _, p := range []string{"/v3/Organizations", "/v4/Organizations?offset=0&limit=1", "/v5/Organizations", "/v7/Organizations?limit=1"} {
		resp, data := h.do("GET", p, nil)
		var bare []map[string]any
		if err := json.Unmarshal(data, &bare); resp.StatusCode != 200 || err != nil || len(bare) != 1 || bare[0]["id"] != OrganizationID {
			t.Errorf("%s: %d %s", p, resp.StatusCode, data)
		}
	}
	if got := h.get("/v8/Organizations/" + OrganizationID); got["name"] != OrganizationName {
		t.Errorf("organization by id = %v", got)
	}
	sessions := results(t, h.get("/v3/RestoreSessions"))
	if len(sessions) != 1 || sessions[0]["id"] != SeedRestoreSessionID || sessions[0]["state"] != "Working" {
		t.Errorf("sessions = %v", sessions)
	}
	org := h.get("/v8/RestoreSessions/" + SeedRestoreSessionID + "/organization")
	if org["id"] != OrganizationID || org["type"] != "Office365" {
		t.Errorf("session organization = %v", org)
	}
	if got := h.sim.OpenSessions(); !reflect.DeepEqual(got, []string{SeedRestoreSessionID}) {
		t.Errorf("OpenSessions = %v", got)
	}
}

func TestUnauthorizedSparesAnonymousProbesAndLogout(t *testing.T) {
	h := newHarness(t)
	tok := h.token(8)
	h.sim.Unauthorized(1)
	if resp, _ := h.doWithToken("GET", "/v8/ServiceInstance", nil, ""); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("anonymous probe: %d", resp.StatusCode)
	}
	// The anonymous probe did not use up the forced 401.
	if resp, _ := h.doWithToken("GET", "/v8/Organizations", nil, tok); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("forced 401: %d", resp.StatusCode)
	}
	if resp, _ := h.doWithToken("GET", "/v8/Organizations", nil, tok); resp.StatusCode != http.StatusOK {
		t.Errorf("after the forced 401: %d", resp.StatusCode)
	}
	if resp, _ := h.doWithToken("POST", "/v8/token/logout", nil, tok); resp.StatusCode != http.StatusNoContent {
		t.Errorf("logout: %d", resp.StatusCode)
	}
	if resp, _ := h.doWithToken("GET", "/v8/Organizations", nil, tok); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("token after logout: %d", resp.StatusCode)
	}
}

func BenchmarkLargeMailboxPage(b *testing.B) {
	sim := New(WithLargeMailbox("Big", 100000))
	tokenReq := httptest.NewRequest("POST", "/v8/Token", strings.NewReader(passwordForm().Encode()))
	tokenReq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	sim.ServeHTTP(rec, tokenReq)
	var tok map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &tok)
	path := mailboxPath(8, LargeMailboxID("Big")) + "/items?offset=90000&limit=1000"
	for b.Loop() {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Authorization", "Bearer "+tok["access_token"].(string))
		rec := httptest.NewRecorder()
		sim.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

func (h *harness) explore() string {
	h.t.Helper()
	ss := h.json("POST", "/v8/Organizations/"+OrganizationID+"/explore", map[string]any{"type": "Vex"}, http.StatusCreated)
	return ss["id"].(string)
}

func TestSessionIdleTimeoutStopsIdleSessions(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)}
	h := newHarness(t, WithClock(clock.Now), WithSessionIdleTimeout(10*time.Minute))
	id := h.explore()
	if got := h.sim.ExploredSessionsWorking(); got != 1 {
		t.Fatalf("working explored sessions = %d, want 1", got)
	}
	mailboxes := "/v8/RestoreSessions/" + id + "/organization/mailboxes"
	clock.Advance(9 * time.Minute)
	h.get(mailboxes) // a use: the idle time starts again
	clock.Advance(9 * time.Minute)
	if state := h.sim.SessionState(id); state != "Working" {
		t.Fatalf("state 9 minutes after the last use = %q, want Working", state)
	}
	clock.Advance(time.Minute)
	if state := h.sim.SessionState(id); state != "Stopped" {
		t.Fatalf("state 10 minutes after the last use = %q, want Stopped", state)
	}
	if resp, data := h.do("GET", mailboxes, nil); resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("browsing a session stopped for idleness: status %d, want 400; %s", resp.StatusCode, data)
	}
	if got := h.sim.ExploredSessionsWorking(); got != 0 {
		t.Fatalf("working explored sessions = %d, want 0", got)
	}
}

func TestTokenLogCountsExploredSessionsWorking(t *testing.T) {
	h := newHarness(t)
	h.explore()
	h.explore()
	h.tokenResponse(8, passwordForm())
	h.sim.StopAllSessions()
	h.tokenResponse(8, passwordForm())
	var got []int
	for _, e := range h.sim.TokenLog() {
		got = append(got, e.ExploredSessionsWorking)
	}
	if want := []int{0, 2, 0}; !reflect.DeepEqual(got, want) {
		t.Fatalf("ExploredSessionsWorking per token request = %v, want %v", got, want)
	}
	if n := h.sim.ExploredSessions(); n != 2 {
		t.Fatalf("ExploredSessions = %d, want 2", n)
	}
	if state := h.sim.SessionState(SeedRestoreSessionID); state != "Stopped" {
		t.Fatalf("StopAllSessions stops every explore session; seed state = %q, want Stopped", state)
	}
}
