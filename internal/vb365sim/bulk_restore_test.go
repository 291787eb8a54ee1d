package vb365sim

import (
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

func bulkPath(v int) string {
	return "/v" + strconv.Itoa(v) + "/RestoreSessions/" + SeedRestoreSessionID + "/organization/mailboxes/restore"
}

func bulkBody(ids ...string) map[string]any {
	list := make([]any, len(ids))
	for i, id := range ids {
		list[i] = map[string]any{"id": id}
	}
	return map[string]any{"mailboxes": list, "office365UserName": "admin@x", "office365UserPassword": "hunter2"}
}

// itemCount is how many items of the mailbox the seed session shows.
func itemCount(t *testing.T, sim *Server, id string) int {
	t.Helper()
	n, _ := sim.findMailbox(id).itemsIn("", true, currentView)
	return n
}

func TestBulkRestoreV6V7Statistics(t *testing.T) {
	for _, v := range []int{6, 7} {
		t.Run("v"+strconv.Itoa(v), func(t *testing.T) {
			h := newHarness(t, WithFailingBulkMailboxes(RnDMailboxID))
			m := h.json("POST", bulkPath(v), bulkBody(SeedMailboxID, QAMailboxID, RnDMailboxID), http.StatusOK)
			details, _ := m["details"].([]any)
			if m["status"] != "Warning" || len(details) != 3 || m["error"] != nil {
				t.Fatalf("answer = %v", m)
			}
			seed, qa, rnd := details[0].(map[string]any), details[1].(map[string]any), details[2].(map[string]any)
			seedCounts := restoreCounts(t, seed["details"].(map[string]any))
			if seed["mailbox"].(map[string]any)["id"] != SeedMailboxID || seed["status"] != "Warning" ||
				seedCounts != [4]float64{float64(itemCount(t, h.sim, SeedMailboxID) - 1), 0, 1, 0} || seed["error"] != FailingItemMessage {
				t.Errorf("seed mailbox = %v", seed)
			}
			if qa["status"] != "Success" || restoreCounts(t, qa["details"].(map[string]any))[0] != float64(itemCount(t, h.sim, QAMailboxID)) {
				t.Errorf("qa mailbox = %v", qa)
			}
			if rnd["status"] != "Failed" || rnd["details"].(map[string]any)["cannotContinueError"] != BulkMailboxFailureMessage ||
				rnd["mailbox"].(map[string]any)["email"] != h.sim.findMailbox(RnDMailboxID).email {
				t.Errorf("rnd mailbox = %v", rnd)
			}

			doc := h.sim.LedgerDocument()
			if doc.Count != 3 {
				t.Fatalf("ledger = %+v", doc.Entries)
			}
			for i, e := range doc.Entries {
				if e.Action != actionRestoreOriginal || e.Scope != "mailbox" || e.BulkRunID == "" || e.BulkRunID != doc.Entries[0].BulkRunID ||
					e.Route != "/v"+strconv.Itoa(v)+"/RestoreSessions/{id}/Organization/Mailboxes/restore" ||
					e.Body["office365UserPassword"] != "***" || e.Restore == nil || e.MailboxEmail == "" {
					t.Errorf("ledger entry %d = %+v", i, e)
				}
			}
			if doc.Entries[1].MailboxID != QAMailboxID || doc.Entries[1].Restore.Created != itemCount(t, h.sim, QAMailboxID) {
				t.Errorf("qa entry = %+v", doc.Entries[1])
			}

			var restoreEvents []EventRecord
			for _, e := range h.sim.Events(SeedRestoreSessionID) {
				if e.Type == "Restore" {
					restoreEvents = append(restoreEvents, e)
				}
			}
			if len(restoreEvents) != 3 || restoreEvents[0].ItemName != h.sim.findMailbox(SeedMailboxID).name ||
				restoreEvents[1].Source != h.sim.findMailbox(QAMailboxID).email || restoreEvents[1].Target != restoreEvents[1].Source ||
				restoreEvents[2].Status != "Failed" || !strings.Contains(restoreEvents[2].Message, BulkMailboxFailureMessage) {
				t.Errorf("events = %+v", restoreEvents)
			}

			// A repeat finds the items present: skipped, or merged with changedItems.
			again := bulkBody(QAMailboxID)
			again["changedItems"] = true
			m = h.json("POST", bulkPath(v), again, http.StatusOK)
			counts := restoreCounts(t, m["details"].([]any)[0].(map[string]any)["details"].(map[string]any))
			if counts != [4]float64{0, float64(itemCount(t, h.sim, QAMailboxID)), 0, 0} {
				t.Errorf("repeat with changedItems = %v", counts)
			}
		})
	}
}

func TestBulkRestoreEveryMailboxFailed(t *testing.T) {
	h := newHarness(t, WithFailingBulkMailboxes(QAMailboxID, RnDMailboxID))
	m := h.json("POST", bulkPath(7), bulkBody(QAMailboxID, RnDMailboxID), http.StatusOK)
	if m["status"] != "Failed" || !strings.Contains(m["error"].(string), BulkMailboxFailureMessage) {
		t.Errorf("answer = %v", m)
	}
	if h.sim.LedgerLen() != 2 {
		t.Errorf("a failed run is still executed: ledger %+v", h.sim.Ledger())
	}
}

func TestBulkRestoreV8Async(t *testing.T) {
	h := newHarness(t, WithAsyncRestorePolls(1), WithFailingBulkMailboxes(RnDMailboxID))
	m := h.json("POST", bulkPath(8), bulkBody(QAMailboxID, RnDMailboxID), http.StatusOK)
	sid, _ := m["sessionId"].(string)
	if sid == "" || len(m) != 1 {
		t.Fatalf("answer = %v", m)
	}
	if s := h.get("/v8/RestoreSessions/" + sid); s["state"] != "Working" {
		t.Fatalf("first poll = %v", s)
	}
	s := h.get("/v8/RestoreSessions/" + sid)
	if s["state"] != "Stopped" || s["result"] != "Warning" {
		t.Fatalf("final poll = %v", s)
	}
	stats := h.get("/v8/RestoreSessions/" + sid + "/Statistics")
	items, _ := stats["items"].([]any)
	if len(items) != 2 {
		t.Fatalf("statistics = %v", stats)
	}
	qa, rnd := items[0].(map[string]any), items[1].(map[string]any)
	if qa["itemRestoreDetailsType"] != "BulkMailbox" || qa["mailboxEmail"] != h.sim.findMailbox(QAMailboxID).email ||
		qa["createdMailboxItemsCount"] != float64(itemCount(t, h.sim, QAMailboxID)) || qa["status"] != "Success" || qa["mailboxIsArchive"] != false {
		t.Errorf("qa item = %v", qa)
	}
	if rnd["status"] != "Failed" || rnd["cannotContinueMailboxError"] != BulkMailboxFailureMessage {
		t.Errorf("rnd item = %v", rnd)
	}
	for _, e := range h.sim.Ledger() {
		if e.AsyncSessionID != sid {
			t.Errorf("ledger entry without the restore session: %+v", e)
		}
	}
	if len(h.sim.Events(sid)) != 2 {
		t.Errorf("restore session events = %+v", h.sim.Events(sid))
	}

	// Every mailbox failed: the session's result is Failed.
	m = h.json("POST", bulkPath(8), bulkBody(RnDMailboxID), http.StatusOK)
	sid = m["sessionId"].(string)
	for range 2 {
		s = h.get("/v8/RestoreSessions/" + sid)
	}
	if s["result"] != "Failed" {
		t.Errorf("all failed: %v", s)
	}
}

func TestBulkRestoreRefusals(t *testing.T) {
	h := newHarness(t)
	for name, body := range map[string]any{
		"no mailboxes":     map[string]any{"changedItems": true},
		"empty list":       map[string]any{"mailboxes": []any{}},
		"not a list":       map[string]any{"mailboxes": "x"},
		"not a GUID":       map[string]any{"mailboxes": []any{map[string]any{"id": "j_smith"}}},
		"unknown mailbox":  bulkBody("00000000-0000-0000-0000-00000000dead"),
		"twice":            bulkBody(QAMailboxID, strings.ToUpper(QAMailboxID)),
		"zero days":        map[string]any{"mailboxes": []any{map[string]any{"id": QAMailboxID}}, "recentItemRestorePeriod": 0},
		"negative days":    map[string]any{"mailboxes": []any{map[string]any{"id": QAMailboxID}}, "recentItemRestorePeriod": -3},
		"bad boolean":      map[string]any{"mailboxes": []any{map[string]any{"id": QAMailboxID}}, "skipUnresolved": "maybe"},
		"cert, no account": map[string]any{"mailboxes": []any{map[string]any{"id": QAMailboxID}}, "applicationCertificate": "MII"},
		"not JSON":         "mailboxes",
	} {
		resp, data := h.do("POST", bulkPath(8), body)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(data), `"message"`) {
			t.Errorf("%s: %d %s", name, resp.StatusCode, data)
		}
		if name == "unknown mailbox" && !strings.Contains(string(data), "Mailbox with ID '00000000-0000-0000-0000-00000000dead' was not found") {
			t.Errorf("unknown mailbox message: %s", data)
		}
	}
	if h.sim.LedgerLen() != 0 {
		t.Errorf("refused requests were executed: %+v", h.sim.Ledger())
	}
	// v3..v5 do not serve the route (the GET of a mailbox named "restore" answers the POST 405).
	if resp, data := h.do("POST", "/v5/RestoreSessions/"+SeedRestoreSessionID+"/Organization/Mailboxes/restore", bulkBody(QAMailboxID)); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("v5: %d %s", resp.StatusCode, data)
	}
	// A stopped session refuses it.
	if resp, _ := h.do("POST", "/v8/RestoreSessions/"+SeedRestoreSessionID+"/Stop", nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("stop: %d", resp.StatusCode)
	}
	if resp, data := h.do("POST", bulkPath(8), bulkBody(QAMailboxID)); resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(data), "stopped") {
		t.Errorf("stopped session: %d %s", resp.StatusCode, data)
	}
}

func TestBulkRestoreCredentials(t *testing.T) {
	h := newHarness(t, WithRestoreCredentialsRequired(), WithDeviceCodesVerified())
	bare := map[string]any{"mailboxes": []any{map[string]any{"id": QAMailboxID}}}
	if resp, data := h.do("POST", bulkPath(7), bare); resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(data), "credentials are required") {
		t.Errorf("without credentials: %d %s", resp.StatusCode, data)
	}
	withCode := map[string]any{"mailboxes": bare["mailboxes"], "userCode": "NOTISSUED"}
	if resp, data := h.do("POST", bulkPath(7), withCode); resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(data), "device code") {
		t.Errorf("unknown device code: %d %s", resp.StatusCode, data)
	}
	h.json("POST", bulkPath(7), bulkBody(QAMailboxID), http.StatusOK)
	if got := h.sim.Ledger()[0].Body["office365UserName"]; got != "admin@x" {
		t.Errorf("ledgered body = %v", h.sim.Ledger()[0].Body)
	}
}

func TestBulkRestoreFaults(t *testing.T) {
	h := newHarness(t)
	h.sim.Fault(Fault{Method: "POST", PathContains: "/mailboxes/restore", Status: http.StatusServiceUnavailable, Times: 1})
	if resp, _ := h.do("POST", bulkPath(7), bulkBody(QAMailboxID)); resp.StatusCode != http.StatusServiceUnavailable || h.sim.LedgerLen() != 0 {
		t.Errorf("5xx before the run: %d, ledger %d", resp.StatusCode, h.sim.LedgerLen())
	}
	h.sim.Fault(Fault{Method: "POST", PathContains: "/mailboxes/restore", StatusAfterHandler: http.StatusBadGateway, Times: 1})
	if resp, _ := h.do("POST", bulkPath(7), bulkBody(QAMailboxID, SupportMailboxID)); resp.StatusCode != http.StatusBadGateway || h.sim.LedgerLen() != 2 {
		t.Errorf("answer lost after the run: %d, ledger %d", resp.StatusCode, h.sim.LedgerLen())
	}
}

// TestBulkItemsOptions: the exclude options drop the Drafts and Deleted Items folders and
// recentItemRestorePeriod keeps the items dated within N days of the point in time.
func TestBulkItemsOptions(t *testing.T) {
	pit := time.Date(2024, 5, 10, 12, 0, 0, 0, time.UTC)
	mb := &mailbox{
		folders: []*folder{{id: "in", category: "Inbox"}, {id: "dr", category: "Drafts"}, {id: "del", category: "Deleted"}},
		items: []*item{
			{id: "new", folderID: "in", received: pit.Add(-24 * time.Hour)},
			{id: "old", folderID: "in", received: pit.Add(-10 * 24 * time.Hour)},
			{id: "undated", folderID: "in"},
			{id: "draft", folderID: "dr"},
			{id: "deleted", folderID: "del"},
		},
	}
	ss := &session{pointInTime: pit}
	ids := func(o bulkOptions) []string {
		var out []string
		for _, it := range bulkItems(ss, mb, o) {
			out = append(out, it.id)
		}
		return out
	}
	for name, c := range map[string]struct {
		o    bulkOptions
		want []string
	}{
		"everything":     {bulkOptions{}, []string{"new", "old", "undated", "draft", "deleted"}},
		"exclude drafts": {bulkOptions{excludeDrafts: true}, []string{"new", "old", "undated", "deleted"}},
		"exclude bin":    {bulkOptions{excludeDeleted: true}, []string{"new", "old", "undated", "draft"}},
		"recent 2 days":  {bulkOptions{recentDays: 2}, []string{"new", "undated", "draft", "deleted"}},
	} {
		if got := ids(c.o); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
	}
}

func TestGeneratedMailboxes(t *testing.T) {
	h := newHarness(t, WithGeneratedMailboxes(1200))
	mb := h.sim.findMailbox(GeneratedMailboxID(1200))
	if mb == nil || mb.name != "user1200" || mb.email != "user1200@bestsupport.onmicrosoft.com" || !guidPattern.MatchString(GeneratedMailboxID(7)) || GeneratedMailboxID(1) == GeneratedMailboxID(2) {
		t.Fatalf("generated mailbox 1200 = %+v", mb)
	}
	page := h.get("/v8/RestoreSessions/" + SeedRestoreSessionID + "/organization/mailboxes?limit=10000")
	if n := len(results(t, page)); n != 6+1200 {
		t.Errorf("listing shows %d mailboxes", n)
	}
	ids := make([]string, 1000)
	for i := range ids {
		ids[i] = GeneratedMailboxID(i + 1)
	}
	m := h.json("POST", bulkPath(7), bulkBody(ids...), http.StatusOK)
	details := m["details"].([]any)
	if m["status"] != "Success" || len(details) != 1000 ||
		restoreCounts(t, details[999].(map[string]any)["details"].(map[string]any)) != [4]float64{GeneratedMailboxItems, 0, 0, 0} {
		t.Errorf("status %v, %d details", m["status"], len(details))
	}
	if h.sim.LedgerLen() != 1000 {
		t.Errorf("ledger has %d entries", h.sim.LedgerLen())
	}
}

// TestBulkRestoreFixtureFailingMailbox: a fixture file names a mailbox whose bulk restore fails.
func TestBulkRestoreFixtureFailingMailbox(t *testing.T) {
	f, err := ParseFixture("org.yaml", []byte(`
organization: { name: contoso.onmicrosoft.com }
mailboxes:
  - { name: Alice, email: alice@contoso.onmicrosoft.com }
  - { name: Bob, email: bob@contoso.onmicrosoft.com, failing: true }
`))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, WithFixture(f), WithGeneratedMailboxes(1))
	var ids []string
	for _, mb := range h.sim.Mailboxes() {
		ids = append(ids, mb.ID)
	}
	if len(ids) != 3 || h.sim.findMailbox(GeneratedMailboxID(1)).email != "user0001@contoso.onmicrosoft.com" {
		t.Fatalf("mailboxes = %+v", h.sim.Mailboxes())
	}
	m := h.json("POST", bulkPath(7), bulkBody(ids...), http.StatusOK)
	details := m["details"].([]any)
	if m["status"] != "Warning" || details[0].(map[string]any)["status"] != "Success" || details[1].(map[string]any)["status"] != "Failed" ||
		details[2].(map[string]any)["status"] != "Success" {
		t.Errorf("answer = %v", m)
	}
}
