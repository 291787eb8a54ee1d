package vb365sim

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"
)

func restoreCounts(t *testing.T, m map[string]any) [4]float64 {
	t.Helper()
	return [4]float64{m["createdItemsCount"].(float64), m["mergedItemsCount"].(float64), m["failedItemsCount"].(float64), m["skippedItemsCount"].(float64)}
}

func TestExploreAndStopV3(t *testing.T) {
	h := newHarness(t)
	body := map[string]any{"Explore": map[string]any{"datetime": "2019-04-12 10:54:40", "type": "vex", "ShowDeleted": "true", "ShowAllVersions": "1"}}
	ss := h.json("POST", "/v3/Organizations/"+OrganizationID+"/Action", body, http.StatusCreated)
	id := ss["id"].(string)
	if ss["state"] != "Working" || ss["type"] != "Vex" || !strings.HasPrefix(linkHref(t, ss, "self"), "https://support.east.local:4443/v3/restoresessions/") {
		t.Errorf("explore response = %v", ss)
	}
	if h.sim.SessionState(id) != "Working" || len(h.sim.OpenSessions()) != 2 {
		t.Errorf("state %q, open %v", h.sim.SessionState(id), h.sim.OpenSessions())
	}
	resp, data := h.do("POST", "/v3/RestoreSessions/"+id+"/Action", map[string]any{"stop": nil})
	if resp.StatusCode != http.StatusOK || len(data) != 0 {
		t.Fatalf("stop: %d %q", resp.StatusCode, data)
	}
	if h.sim.SessionState(id) != "Stopped" {
		t.Errorf("state after stop = %q", h.sim.SessionState(id))
	}
	got := h.get("/v3/RestoreSessions/" + id)
	if got["state"] != "Stopped" || got["endTime"] == nil {
		t.Errorf("stopped session = %v", got)
	}
	ledger := h.sim.Ledger()
	if len(ledger) != 2 || ledger[0].Action != "explore" || ledger[0].Route != "/v3/Organizations/{id}/Action" ||
		ledger[0].OrganizationID != OrganizationID || ledger[0].RestoreSessionID != id ||
		ledger[1].Action != "stop" || ledger[1].Route != "/v3/RestoreSessions/{id}/Action" {
		t.Errorf("ledger = %+v", ledger)
	}
	// Browsing or acting on a stopped session is refused.
	resp, data = h.do("GET", "/v3/RestoreSessions/"+id+"/Organization/Mailboxes", nil)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(data), "stopped") {
		t.Errorf("browse stopped session: %d %s", resp.StatusCode, data)
	}
	for _, bad := range []any{`{}`, `{"explore":{},"stop":null}`, `{"fly":null}`, `{"explore":{"type":"veod"}}`, `{"explore":{"datetime":"yesterday"}}`, `{"explore":{"showDeleted":"maybe"}}`, `not json`, `{"explore":5}`} {
		resp, data := h.do("POST", "/v3/Organizations/"+OrganizationID+"/Action", bad)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(data), `"message"`) {
			t.Errorf("explore body %v: %d %s", bad, resp.StatusCode, data)
		}
	}
	if resp, _ := h.do("POST", "/v3/Organizations/00000000-0000-0000-0000-000000000000/Action", map[string]any{"explore": nil}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("explore unknown org: %d", resp.StatusCode)
	}
}

func TestExploreAndStopV6V8(t *testing.T) {
	h := newHarness(t)
	for v, want := range map[int][2]int{6: {200, 200}, 7: {200, 200}, 8: {201, 204}} {
		p := "/v" + string(rune('0'+v))
		ss := h.json("POST", p+"/Organizations/"+OrganizationID+"/explore", map[string]any{"dateTime": "2024-01-02T03:04:05Z", "type": "Vex", "showDeleted": true, "showAllVersions": false, "reason": "ticket 42"}, want[0])
		if ss["state"] != "Working" || ss["reason"] != "ticket 42" {
			t.Errorf("v%d explore = %v", v, ss)
		}
		resp, _ := h.do("POST", p+"/RestoreSessions/"+ss["id"].(string)+"/Stop", nil)
		if resp.StatusCode != want[1] {
			t.Errorf("v%d stop: %d, want %d", v, resp.StatusCode, want[1])
		}
		// Stopping again is a no-op success.
		if resp, _ := h.do("POST", p+"/RestoreSessions/"+ss["id"].(string)+"/stop", nil); resp.StatusCode != want[1] {
			t.Errorf("v%d second stop: %d", v, resp.StatusCode)
		}
	}
	resp, data := h.do("POST", "/v8/Organizations/"+OrganizationID+"/explore", "<xml/>")
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(data), "ParameterValidationFailure") {
		t.Errorf("non-JSON explore body: %d %s", resp.StatusCode, data)
	}
	if resp, _ := h.do("POST", "/v8/RestoreSessions/00000000-0000-0000-0000-000000000000/Stop", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("stop unknown session: %d", resp.StatusCode)
	}
}

func TestItemActionsV3(t *testing.T) {
	h := newHarness(t)
	single := itemPath(3, SeedMessageID) + "/Action"
	bulk := mailboxPath(3, SeedMailboxID) + "/Items/Action"

	m := h.json("POST", single, map[string]any{"restoretoOriginallocation": map[string]any{"userName": "admin@x", "userPassword": "pw"}}, 200)
	if restoreCounts(t, m) != [4]float64{1, 0, 0, 0} || len(m) != 4 {
		t.Errorf("first restore = %v", m)
	}
	m = h.json("POST", strings.NewReplacer("/Organization/", "/organization/", "/Items/", "/ITEMS/", "/Action", "/action").Replace(single), map[string]any{"RESTORETOORIGINALLOCATION": nil}, 200)
	if restoreCounts(t, m) != [4]float64{0, 0, 0, 1} {
		t.Errorf("repeat restore = %v", m)
	}
	m = h.json("POST", bulk, map[string]any{"restoreTo": map[string]any{"mailbox": "qa@x", "folder": "Restored", "changedItems": "true",
		"Items": []any{map[string]any{"Id": SeedMessageID}, map[string]any{"id": FailingItemID}}}}, 200)
	if restoreCounts(t, m) != [4]float64{1, 0, 1, 0} {
		t.Errorf("bulk restoreTo = %v", m)
	}
	m = h.json("POST", bulk, map[string]any{"restoreTo": map[string]any{"mailbox": "QA@x", "folder": "restored", "changedItems": "1",
		"items": []any{map[string]any{"id": SeedMessageID}}}}, 200)
	if restoreCounts(t, m) != [4]float64{0, 1, 0, 0} {
		t.Errorf("repeat restoreTo with changedItems = %v", m)
	}

	for _, key := range []string{"exporttoPst", "exportToPst", "ExportToPst"} {
		resp, data := h.do("POST", single, map[string]any{key: nil})
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/octet-stream" || !bytes.HasPrefix(data, []byte("!BDN")) || len(data) != DefaultPSTSize {
			t.Errorf("%s: %d %s %d bytes", key, resp.StatusCode, resp.Header.Get("Content-Type"), len(data))
		}
		if !bytes.Equal(data, h.sim.ExportBytes(SeedRestoreSessionID, SeedMailboxID, []string{SeedMessageID}, "pst")) {
			t.Errorf("%s bytes differ from ExportBytes", key)
		}
	}
	resp, data := h.do("POST", single, map[string]any{"savetoMsg": nil})
	if resp.StatusCode != 200 || !bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		t.Errorf("savetoMsg: %d % x", resp.StatusCode, data[:8])
	}
	resp, data = h.do("POST", bulk, map[string]any{"savetoMsg": map[string]any{"items": []any{map[string]any{"id": SeedMessageID}, map[string]any{"id": SeedTaskID}}}})
	if resp.StatusCode != 200 || !bytes.Equal(data, h.sim.ExportBytes(SeedRestoreSessionID, SeedMailboxID, []string{SeedMessageID, SeedTaskID}, "msg")) {
		t.Errorf("bulk savetoMsg: %d, %d bytes", resp.StatusCode, len(data))
	}
	for _, body := range []map[string]any{{"sendtoDefaultaddress": nil}, {"sendtoDifferentaddress": map[string]any{"from": "a@x", "to": "b@x", "subject": "s", "text": "t"}}} {
		resp, data := h.do("POST", single, body)
		if resp.StatusCode != 200 || len(data) != 0 {
			t.Errorf("%v: %d %q", body, resp.StatusCode, data)
		}
	}

	bad := []any{`{}`, `{"savetoMsg":null,"exporttoPst":null}`, `{"teleport":null}`, `"savetoMsg"`, `{"savetoMsg":[1]}`,
		`{"restoreTo":{"folder":"x"}}`, `{"sendtoDifferentaddress":{"from":"a@x"}}`, `{"restoreTo":{"mailbox":"m","changedItems":"perhaps"}}`,
		`{"exporttoPst":{"enablePstSizeLimit":"true","pstSizeLimitBytes":"5"}}`, `{"restoretoOriginallocation":{"applicationCertificate":"MIIC"}}`}
	for _, b := range bad {
		resp, data := h.do("POST", single, b)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(data), `"message"`) || strings.Contains(string(data), "errorCode") {
			t.Errorf("body %v: %d %s", b, resp.StatusCode, data)
		}
	}
	for _, b := range []any{`{"savetoMsg":null}`, `{"savetoMsg":{"items":[]}}`, `{"savetoMsg":{"items":[{"x":1}]}}`} {
		if resp, _ := h.do("POST", bulk, b); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("bulk body %v: %d", b, resp.StatusCode)
		}
	}
	if resp, _ := h.do("POST", bulk, `{"savetoMsg":{"items":[{"id":"nope"}]}}`); resp.StatusCode != http.StatusNotFound {
		t.Errorf("bulk unknown item: %d", resp.StatusCode)
	}
	if resp, _ := h.do("POST", itemPath(3, "nope")+"/Action", `{"savetoMsg":null}`); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown item: %d", resp.StatusCode)
	}

	wantActions := []string{"restore_to_original_location", "restore_to_original_location", "restore_to", "restore_to",
		"export_to_pst", "export_to_pst", "export_to_pst", "save_to_msg", "save_to_msg", "send_to_default_address", "send_to_different_address"}
	var got []string
	for _, e := range h.sim.Ledger() {
		got = append(got, e.Action)
	}
	if !reflect.DeepEqual(got, wantActions) {
		t.Errorf("ledger actions = %v", got)
	}
}

func TestItemActionsV8Async(t *testing.T) {
	h := newHarness(t, WithAsyncRestorePolls(2))
	base := mailboxPath(8, SeedMailboxID) + "/items"
	m := h.json("POST", base+"/"+esc(SeedMessageID)+"/restore", map[string]any{"userName": "u", "userPassword": "p", "unknownProperty": 1}, 200)
	sid, _ := m["sessionId"].(string)
	if sid == "" || len(m) != 1 {
		t.Fatalf("v8 restore response = %v", m)
	}
	stats := h.get("/v8/RestoreSessions/" + sid + "/Statistics")
	if stats["totalItemsCount"] != float64(1) || stats["restoredItemsCount"] != float64(0) {
		t.Errorf("statistics while working = %v", stats)
	}
	for i := range 2 {
		if s := h.get("/v8/RestoreSessions/" + sid); s["state"] != "Working" || s["name"] != "Restore items" || s["type"] != "Vex" {
			t.Fatalf("poll %d: %v", i, s)
		}
	}
	s := h.get("/v8/RestoreSessions/" + sid)
	if s["state"] != "Stopped" || s["result"] != "Success" || s["endTime"] == nil {
		t.Fatalf("final poll: %v", s)
	}
	stats = h.get("/v8/RestoreSessions/" + sid + "/Statistics")
	detail := stats["items"].([]any)[0].(map[string]any)
	if stats["restoredItemsCount"] != float64(1) || detail["itemRestoreDetailsType"] != "BulkMailbox" ||
		detail["createdMailboxItemsCount"] != float64(1) || detail["mailboxEmail"] != "j_smith@bestsupport.onmicrosoft.com" {
		t.Errorf("final statistics = %v", stats)
	}

	// Bulk with a failing item: Warning; only the failing item: Failed.
	m = h.json("POST", base+"/RESTORE", map[string]any{"items": []any{map[string]any{"id": SeedTaskID}, map[string]any{"id": FailingItemID}}}, 200)
	sid = m["sessionId"].(string)
	for range 3 {
		s = h.get("/v8/RestoreSessions/" + sid)
	}
	stats = h.get("/v8/RestoreSessions/" + sid + "/Statistics")
	if s["result"] != "Warning" || stats["failedItemsCount"] != float64(1) || !reflect.DeepEqual(stats["errors"], []any{FailingItemMessage}) {
		t.Errorf("warning session %v, stats %v", s, stats)
	}
	m = h.json("POST", base+"/"+esc(FailingItemID)+"/restoreTo", map[string]any{"mailbox": "qa@x"}, 200)
	sid = m["sessionId"].(string)
	for range 3 {
		s = h.get("/v8/RestoreSessions/" + sid)
	}
	if s["result"] != "Failed" {
		t.Errorf("failed session %v", s)
	}
	ledger := h.sim.Ledger()
	if ledger[2].AsyncSessionID != sid || ledger[2].Restore.Failed != 1 || ledger[2].Route != "/v8/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items/{id}/restoreTo" {
		t.Errorf("ledger entry = %+v", ledger[2])
	}
	// Restore sessions are not explore sessions.
	if got := h.sim.OpenSessions(); !reflect.DeepEqual(got, []string{SeedRestoreSessionID}) {
		t.Errorf("OpenSessions = %v", got)
	}
}

func TestItemActionsV8Files(t *testing.T) {
	h := newHarness(t, WithPSTSize(3<<20+7))
	base := mailboxPath(8, SeedMailboxID) + "/items"
	resp, data := h.do("POST", base+"/exportToPst", map[string]any{"items": []any{map[string]any{"id": SeedMessageID}, map[string]any{"id": SlashItemID}}, "enablePstSizeLimit": true, "pstSizeLimitBytes": 2 << 30})
	if resp.StatusCode != 200 || len(data) != 3<<20+7 || !bytes.HasPrefix(data, []byte("!BDN")) {
		t.Fatalf("bulk PST: %d, %d bytes", resp.StatusCode, len(data))
	}
	if !bytes.Equal(data, h.sim.ExportBytes(SeedRestoreSessionID, SeedMailboxID, []string{SeedMessageID, SlashItemID}, "pst")) {
		t.Error("PST bytes differ from ExportBytes")
	}
	other := h.sim.ExportBytes(SeedRestoreSessionID, SeedMailboxID, []string{SeedMessageID}, "pst")
	if bytes.Equal(data[:4096], other[:4096]) {
		t.Error("PST bytes do not depend on the items")
	}
	e := h.sim.Ledger()[0]
	sum := sha256.Sum256(data)
	if e.OutputSize != int64(len(data)) || e.OutputSHA256 != hex.EncodeToString(sum[:]) || !e.Bulk || e.Action != "export_to_pst" {
		t.Errorf("ledger = %+v", e)
	}
	resp, data = h.do("POST", base+"/"+esc(SeedMessageID)+"/save", nil)
	if resp.StatusCode != 200 || !bytes.Equal(data, h.sim.ExportBytes(SeedRestoreSessionID, SeedMailboxID, []string{SeedMessageID}, "msg")) {
		t.Errorf("single save: %d", resp.StatusCode)
	}
	resp, _ = h.do("POST", base+"/Save", map[string]any{"items": []any{map[string]any{"id": SeedTaskID}}})
	if resp.StatusCode != 200 {
		t.Errorf("bulk Save: %d", resp.StatusCode)
	}
	for _, p := range []string{"/" + esc(SeedMessageID) + "/sendToDefaultAddress", "/sendToDefaultAddress"} {
		body := map[string]any{"items": []any{map[string]any{"id": SeedMessageID}}}
		if resp, data := h.do("POST", base+p, body); resp.StatusCode != http.StatusNoContent || len(data) != 0 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
	if resp, _ := h.do("POST", base+"/"+esc(SeedMessageID)+"/sendToDifferentAddress", map[string]any{"to": "x@y"}); resp.StatusCode != http.StatusNoContent {
		t.Errorf("sendToDifferentAddress: %d", resp.StatusCode)
	}
	if resp, _ := h.do("POST", mailboxPath(6, SeedMailboxID)+"/items/sendToDifferentAddress", map[string]any{"to": "x@y", "items": []any{map[string]any{"id": SeedMessageID}}}); resp.StatusCode != http.StatusOK {
		t.Errorf("v6 bulk sendToDifferentAddress: %d", resp.StatusCode)
	}
	resp, data = h.do("POST", base+"/restore", "{not json")
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(data), `"errorCode":"ParameterValidationFailure"`) || !strings.Contains(string(data), `"stackTrace":null`) {
		t.Errorf("bad JSON on v8: %d %s", resp.StatusCode, data)
	}
}

func TestItemActionsV6Statistics(t *testing.T) {
	h := newHarness(t)
	m := h.json("POST", mailboxPath(6, SeedMailboxID)+"/items/restore", map[string]any{"items": []any{map[string]any{"id": SeedNoteID}, map[string]any{"id": FailingItemID}}}, 200)
	if restoreCounts(t, m) != [4]float64{1, 0, 1, 0} || !reflect.DeepEqual(m["exceptions"], []any{FailingItemMessage}) {
		t.Errorf("v6 restore statistics = %v", m)
	}
	m = h.json("POST", mailboxPath(7, SeedMailboxID)+"/items/"+esc(SeedNoteID)+"/restore", nil, 200)
	if restoreCounts(t, m) != [4]float64{0, 0, 0, 1} {
		t.Errorf("v7 repeat restore = %v", m)
	}
}

func TestActionsOnStoppedSession(t *testing.T) {
	h := newHarness(t)
	if resp, _ := h.do("POST", "/v8/RestoreSessions/"+SeedRestoreSessionID+"/Stop", nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("stop seed: %d", resp.StatusCode)
	}
	resp, data := h.do("POST", itemPath(8, SeedMessageID)+"/restore", nil)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(data), "stopped") {
		t.Errorf("v8 action on stopped session: %d %s", resp.StatusCode, data)
	}
	resp, data = h.do("POST", itemPath(3, SeedMessageID)+"/Action", map[string]any{"savetoMsg": nil})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(data), "stopped") {
		t.Errorf("v3 action on stopped session: %d %s", resp.StatusCode, data)
	}
	if len(h.sim.OpenSessions()) != 0 {
		t.Errorf("OpenSessions = %v", h.sim.OpenSessions())
	}
}

func TestLedgerRedactsSecrets(t *testing.T) {
	h := newHarness(t)
	h.json("POST", itemPath(3, SeedMessageID)+"/Action", map[string]any{"restoreTo": map[string]any{
		"mailbox": "qa@x", "userName": "admin", "UserPassword": "hunter2", "applicationCertificate": "MIIC",
		"applicationCertificatePassword": "certpw", "impersonationAccountName": "svc", "userCode": "ABCD"}}, 200)
	h.json("POST", itemPath(8, SeedMessageID)+"/restore", map[string]any{"userName": "admin", "userPassword": "hunter2", "password": "x"}, 200)
	ledger := h.sim.Ledger()
	inner := ledger[0].Body["restoreTo"].(map[string]any)
	for _, k := range []string{"UserPassword", "applicationCertificate", "applicationCertificatePassword", "userCode"} {
		if inner[k] != "***" {
			t.Errorf("%s = %v", k, inner[k])
		}
	}
	if inner["userName"] != "admin" || inner["mailbox"] != "qa@x" {
		t.Errorf("non-secret fields changed: %v", inner)
	}
	if ledger[1].Body["userPassword"] != "***" || ledger[1].Body["password"] != "***" {
		t.Errorf("v8 body = %v", ledger[1].Body)
	}
	e := ledger[0]
	if e.Version != 3 || e.Method != "POST" || e.Route != "/v3/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items/{id}/Action" ||
		e.RestoreSessionID != SeedRestoreSessionID || e.MailboxID != SeedMailboxID || !reflect.DeepEqual(e.ItemIDs, []string{SeedMessageID}) ||
		e.Bulk || e.Time.IsZero() || e.Restore == nil || e.Restore.Created != 1 {
		t.Errorf("ledger entry = %+v", e)
	}
	for _, entry := range ledger {
		if strings.Contains(strings.Join(flatten(entry.Body), " "), "hunter2") {
			t.Error("password leaked into the ledger")
		}
	}
}

func flatten(v any) []string {
	switch t := v.(type) {
	case map[string]any:
		var out []string
		for k, val := range t {
			out = append(out, k)
			out = append(out, flatten(val)...)
		}
		return out
	case []any:
		var out []string
		for _, val := range t {
			out = append(out, flatten(val)...)
		}
		return out
	case string:
		return []string{t}
	}
	return nil
}

// blockingWriter is a ResponseWriter whose Write blocks until release is closed: a client
// that does not read its response.
type blockingWriter struct {
	header  http.Header
	writing chan struct{}
	release chan struct{}
}

func (w *blockingWriter) Header() http.Header { return w.header }
func (w *blockingWriter) WriteHeader(int)     {}
func (w *blockingWriter) Write(p []byte) (int, error) {
	close(w.writing)
	<-w.release
	return len(p), nil
}

// TestStatisticsWriteDoesNotHoldTheLock: while one statistics response is stuck in its write,
// other requests are served.
func TestStatisticsWriteDoesNotHoldTheLock(t *testing.T) {
	h := newHarness(t)
	m := h.json("POST", mailboxPath(8, SeedMailboxID)+"/items/"+esc(SeedMessageID)+"/restore", map[string]any{}, 200)
	sid := m["sessionId"].(string)

	stuck := &blockingWriter{header: http.Header{}, writing: make(chan struct{}), release: make(chan struct{})}
	req := httptest.NewRequest("GET", "/v8/RestoreSessions/"+sid+"/Statistics", nil)
	req.Header.Set("Authorization", "Bearer "+h.token(8))
	served := make(chan struct{})
	go func() {
		defer close(served)
		h.sim.ServeHTTP(stuck, req)
	}()
	<-stuck.writing

	other := make(chan map[string]any, 1)
	go func() {
		resp, data := h.do("GET", "/v8/RestoreSessions/"+sid, nil)
		var session map[string]any
		if resp.StatusCode == http.StatusOK {
			_ = json.Unmarshal(data, &session)
		}
		other <- session
	}()
	select {
	case session := <-other:
		if session["id"] != sid {
			t.Errorf("session = %v", session)
		}
	case <-time.After(10 * time.Second): // a guard against a deadlock, not a wait
		t.Error("a request blocked while a statistics response was being written")
	}
	close(stuck.release)
	<-served
}

// TestExploreBeforeEveryBackupIsRefused: a point in time before the oldest restore point is
// refused with 400 and opens no session; the time of the oldest point itself is accepted.
func TestExploreBeforeEveryBackupIsRefused(t *testing.T) {
	h := newHarness(t)
	oldest := mustTime(RestorePointTimes[0])
	before := oldest.Add(-time.Second).Format(time.RFC3339)
	for _, v := range []string{"v6", "v8"} {
		resp, data := h.do("POST", "/"+v+"/Organizations/"+OrganizationID+"/explore", map[string]any{"dateTime": before, "type": "Vex"})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(data), "No restore points") {
			t.Errorf("%s explore at %s: %d %s", v, before, resp.StatusCode, data)
		}
		h.json("POST", "/"+v+"/Organizations/"+OrganizationID+"/explore", map[string]any{"dateTime": oldest.Format(time.RFC3339), "type": "Vex"}, map[string]int{"v6": 200, "v8": 201}[v])
	}
	resp, data := h.do("POST", "/v3/Organizations/"+OrganizationID+"/Action", map[string]any{"explore": map[string]any{"datetime": "2019-04-10 21:59:59", "type": "vex"}})
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("v3 explore before every backup: %d %s", resp.StatusCode, data)
	}
	for _, e := range h.sim.Ledger() {
		if e.Action == "explore" && e.Body != nil && strings.Contains(fmt.Sprint(e.Body), "21:59:59") {
			t.Errorf("a refused explore is in the ledger: %+v", e)
		}
	}
}
