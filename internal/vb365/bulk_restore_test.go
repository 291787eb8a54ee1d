package vb365

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// bulkMailboxes lists the seed session's mailboxes with these IDs as the caller would pass them.
func bulkMailboxes(t *testing.T, e *simEnv, ids ...string) []BulkMailbox {
	t.Helper()
	byID := map[string]Mailbox{}
	for _, mb := range collect(t, e.client.Mailboxes(ctxT(t), vb365sim.SeedRestoreSessionID, ListOptions{})) {
		byID[mb.ID] = mb
	}
	out := make([]BulkMailbox, 0, len(ids))
	for _, id := range ids {
		mb, ok := byID[id]
		if !ok {
			t.Fatalf("the seed session lists no mailbox %s", id)
		}
		out = append(out, BulkMailbox(mb))
	}
	return out
}

func bulkCredentials() RestoreCredentials {
	return RestoreCredentials{UserName: "op@x", UserPassword: "bulk-secret-1"}
}

func TestSimRestoreMailboxesV6V7(t *testing.T) {
	for _, version := range []string{"v6", "v7"} {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version, vb365sim.WithFailingBulkMailboxes(vb365sim.RnDMailboxID))
			mailboxes := bulkMailboxes(t, e, vb365sim.SeedMailboxID, vb365sim.QAMailboxID, vb365sim.RnDMailboxID)
			res, err := e.client.RestoreMailboxes(ctxT(t), vb365sim.SeedRestoreSessionID, MailboxesRestoreOptions{
				Mailboxes: mailboxes, Credentials: bulkCredentials(), ChangedItems: ptr(true), RecentItemRestorePeriod: ptr(int32(36500)),
			}, nil)
			if err != nil {
				t.Fatalf("a run where some mailboxes failed is not an error: %v", err)
			}
			if res.SessionID != "" || res.Status != "Warning" || len(res.Mailboxes) != 3 {
				t.Fatalf("result = %+v", res)
			}
			seed, qa, rnd := res.Mailboxes[0], res.Mailboxes[1], res.Mailboxes[2]
			if seed.MailboxID != vb365sim.SeedMailboxID || seed.Status != "Warning" || seed.Failed != 1 || seed.Created == 0 || seed.Error != vb365sim.FailingItemMessage {
				t.Errorf("seed = %+v", seed)
			}
			if qa.MailboxID != vb365sim.QAMailboxID || qa.Email != mailboxes[1].Email || qa.Status != "Success" || qa.Created == 0 {
				t.Errorf("qa = %+v", qa)
			}
			if rnd.Status != "Failed" || rnd.Error != vb365sim.BulkMailboxFailureMessage {
				t.Errorf("rnd = %+v", rnd)
			}
			ledger := e.sim.Ledger()
			if len(ledger) != 3 {
				t.Fatalf("ledger = %+v", ledger)
			}
			body := ledger[0].Body
			if body["office365UserName"] != "op@x" || body["office365UserPassword"] != "***" || body["userName"] != nil ||
				body["changedItems"] != true || body["recentItemRestorePeriod"] != float64(36500) {
				t.Errorf("body = %v", body)
			}
			sent, _ := body["mailboxes"].([]any)
			if len(sent) != 3 || sent[1].(map[string]any)["id"] != vb365sim.QAMailboxID || sent[1].(map[string]any)["email"] != mailboxes[1].Email {
				t.Errorf("mailboxes sent = %v", body["mailboxes"])
			}
		})
	}
}

// TestSimRestoreMailboxesV8 also covers the matching of the statistics' mailboxes (e-mail and
// archive flag) to the requested IDs: j_smith's mailbox and its archive share an address.
func TestSimRestoreMailboxesV8(t *testing.T) {
	e := startSim(t, "v8", vb365sim.WithAsyncRestorePolls(2))
	mailboxes := bulkMailboxes(t, e, vb365sim.ArchiveMailboxID, vb365sim.SeedMailboxID, vb365sim.QAMailboxID)
	if !strings.EqualFold(mailboxes[0].Email, mailboxes[1].Email) || !mailboxes[0].IsArchive {
		t.Fatalf("the fixture's archive no longer shares its owner's address: %+v", mailboxes[:2])
	}
	var progress []RestoreProgress
	res, err := e.client.RestoreMailboxes(ctxT(t), vb365sim.SeedRestoreSessionID, MailboxesRestoreOptions{Mailboxes: mailboxes},
		func(p RestoreProgress) { progress = append(progress, p) })
	if err != nil {
		t.Fatal(err)
	}
	if res.SessionID == "" || res.Status != "Warning" || len(res.Mailboxes) != 3 || len(progress) != 3 || progress[2].State != "Stopped" {
		t.Fatalf("result = %+v, progress %+v", res, progress)
	}
	for i, want := range []string{vb365sim.ArchiveMailboxID, vb365sim.SeedMailboxID, vb365sim.QAMailboxID} {
		if got := res.Mailboxes[i]; got.MailboxID != want || got.IsArchive != (i == 0) || got.Created == 0 && got.Failed == 0 {
			t.Errorf("mailbox %d = %+v, want ID %s", i, got, want)
		}
	}
	if seed := res.Mailboxes[1]; seed.Status != "Warning" || seed.Failed != 1 || seed.Error == "" {
		t.Errorf("seed = %+v", seed)
	}
	for _, l := range e.sim.Ledger() {
		if l.AsyncSessionID != res.SessionID {
			t.Errorf("ledger entry %+v does not name session %s", l, res.SessionID)
		}
	}
}

func TestSimRestoreMailboxesEveryMailboxFailed(t *testing.T) {
	for _, version := range []string{"v7", "v8"} {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version, vb365sim.WithFailingBulkMailboxes(vb365sim.QAMailboxID, vb365sim.RnDMailboxID))
			res, err := e.client.RestoreMailboxes(ctxT(t), vb365sim.SeedRestoreSessionID, MailboxesRestoreOptions{
				Mailboxes: bulkMailboxes(t, e, vb365sim.QAMailboxID, vb365sim.RnDMailboxID),
			}, nil)
			if !errors.Is(err, ErrRestoreFailed) || errors.Is(err, ErrNotSent) || !strings.Contains(err.Error(), vb365sim.BulkMailboxFailureMessage) {
				t.Fatalf("err = %v", err)
			}
			if res.Status != "Failed" || len(res.Mailboxes) != 2 || res.Mailboxes[0].Status != "Failed" || res.Error == "" {
				t.Errorf("the failed run's result = %+v", res)
			}
		})
	}
}

func TestRestoreMailboxesBeforeV6IsNotSent(t *testing.T) {
	e := startSim(t, "v5")
	_, err := e.client.RestoreMailboxes(ctxT(t), vb365sim.SeedRestoreSessionID, MailboxesRestoreOptions{
		Mailboxes: []BulkMailbox{{ID: vb365sim.QAMailboxID}},
	}, nil)
	var unsupported *UnsupportedVersionError
	if !errors.Is(err, ErrNotSent) || !errors.As(err, &unsupported) || unsupported.Minimum != V6 || unsupported.Version != V5 ||
		!strings.Contains(unsupported.Operation, "bulk restore") {
		t.Fatalf("err = %v", err)
	}
	if n := e.sim.RequestCount("POST", "/v5/RestoreSessions/{id}/Organization/Mailboxes/restore"); n != 0 || e.sim.LedgerLen() != 0 {
		t.Errorf("the request was sent: %d, ledger %d", n, e.sim.LedgerLen())
	}
}

func TestRestoreMailboxesInvalidOptionsAreNotSent(t *testing.T) {
	e := startSim(t, "v8")
	qa := BulkMailbox{ID: vb365sim.QAMailboxID}
	for name, opts := range map[string]MailboxesRestoreOptions{
		"no mailbox":    {},
		"empty ID":      {Mailboxes: []BulkMailbox{{ID: " "}}},
		"listed twice":  {Mailboxes: []BulkMailbox{qa, {ID: strings.ToUpper(qa.ID)}}},
		"zero days":     {Mailboxes: []BulkMailbox{qa}, RecentItemRestorePeriod: ptr(int32(0))},
		"negative days": {Mailboxes: []BulkMailbox{qa}, RecentItemRestorePeriod: ptr(int32(-1))},
	} {
		if _, err := e.client.RestoreMailboxes(ctxT(t), vb365sim.SeedRestoreSessionID, opts, nil); !errors.Is(err, ErrNotSent) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if _, err := e.client.RestoreMailboxes(ctxT(t), "", MailboxesRestoreOptions{Mailboxes: []BulkMailbox{qa}}, nil); !errors.Is(err, ErrNotSent) {
		t.Errorf("no session: err = %v", err)
	}
	if e.sim.LedgerLen() != 0 {
		t.Errorf("ledger = %+v", e.sim.Ledger())
	}
}

// TestSimRestoreMailboxesIsNeverRetried: neither an answer lost after the run nor a 5xx is
// followed by a second POST (the second could restore every mailbox again).
func TestSimRestoreMailboxesIsNeverRetried(t *testing.T) {
	const route = "/v7/RestoreSessions/{id}/Organization/Mailboxes/restore"
	for name, fault := range map[string]vb365sim.Fault{
		"lost answer": {Method: "POST", PathContains: "/mailboxes/restore", ResetAfterHandler: true, Times: 5},
		"502 after":   {Method: "POST", PathContains: "/mailboxes/restore", StatusAfterHandler: http.StatusBadGateway, Times: 5},
		"503 before":  {Method: "POST", PathContains: "/mailboxes/restore", Status: http.StatusServiceUnavailable, Times: 5},
	} {
		t.Run(name, func(t *testing.T) {
			e := startSim(t, "v7")
			mailboxes := bulkMailboxes(t, e, vb365sim.QAMailboxID)
			e.sim.Fault(fault)
			_, err := e.client.RestoreMailboxes(ctxT(t), vb365sim.SeedRestoreSessionID, MailboxesRestoreOptions{Mailboxes: mailboxes}, nil)
			if err == nil || errors.Is(err, ErrNotSent) {
				t.Fatalf("err = %v, want an error of unknown outcome", err)
			}
			if n := e.sim.RequestCount("POST", route); n != 1 {
				t.Errorf("POST sent %d times, want 1", n)
			}
			if len(e.clock.Waits()) != 0 {
				t.Errorf("waited %v: the POST was scheduled for retry", e.clock.Waits())
			}
		})
	}
}

// TestRestoreMailboxesAnswers covers answers the simulator does not give: texts echoing the
// credentials, and answers that confirm nothing or cannot be read.
func TestRestoreMailboxesAnswers(t *testing.T) {
	const password = "bulk-pw-99"
	var answer string
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, answer)
	})
	c, _ := newTestClient(t, fs.srv.URL, "v7")
	opts := MailboxesRestoreOptions{
		Mailboxes:   []BulkMailbox{{ID: vb365sim.QAMailboxID, Email: "qa@x"}},
		Credentials: RestoreCredentials{UserName: "op", UserPassword: password},
	}
	echo, _ := json.Marshal(map[string]any{"status": "Warning", "details": []any{map[string]any{
		"mailbox": map[string]any{"id": vb365sim.QAMailboxID, "email": "qa@x"}, "status": "Warning", "error": "login op/" + password + " refused",
		"details": map[string]any{"createdItemsCount": 2, "warnings": []string{"retried with " + password}},
	}}})
	answer = string(echo)
	res, err := c.RestoreMailboxes(ctxT(t), "s1", opts, nil)
	if err != nil || len(res.Mailboxes) != 1 || res.Mailboxes[0].Created != 2 {
		t.Fatalf("result %+v, err %v", res, err)
	}
	if got := res.Mailboxes[0].Error + strings.Join(res.Mailboxes[0].Warnings, ""); strings.Contains(got, password) || !strings.Contains(got, "***") {
		t.Errorf("texts not redacted: %q", got)
	}
	sent := fs.APIRequests()[0].Body
	if !strings.Contains(string(sent), `"office365UserPassword":"`+password+`"`) || strings.Contains(string(sent), `"userPassword"`) {
		t.Errorf("request body = %s", sent)
	}

	answer = `{"status":"Failed","error":"cannot connect with ` + password + `"}`
	res, err = c.RestoreMailboxes(ctxT(t), "s1", opts, nil)
	if !errors.Is(err, ErrRestoreFailed) || strings.Contains(err.Error(), password) || strings.Contains(res.Error, password) || res.Status != "Failed" {
		t.Errorf("failed run: %+v %v", res, err)
	}

	for _, unconfirmed := range []string{``, `{}`, `{"status":"Success"}`, `{"status":"Success","details":[]}`} {
		answer = unconfirmed
		if _, err := c.RestoreMailboxes(ctxT(t), "s1", opts, nil); !errors.Is(err, ErrRestoreUnconfirmed) || errors.Is(err, ErrNotSent) {
			t.Errorf("answer %q: err = %v, want ErrRestoreUnconfirmed", unconfirmed, err)
		}
	}
	for _, bad := range []string{`{"details":"x"}`, `{"status":"Success","details":[{"details":{"createdItemsCount":"many"}}]}`, `[1]`, `{"sessionId":""}`} {
		answer = bad
		_, err := c.RestoreMailboxes(ctxT(t), "s1", opts, nil)
		if err == nil || !strings.Contains(err.Error(), "malformed") || errors.Is(err, ErrNotSent) {
			t.Errorf("answer %s: err = %v, want malformed", bad, err)
		}
	}
}

// TestRestoreMailboxesOutlastsTheRequestTimeout: a v6/v7 server answers the bulk restore only
// when every mailbox has run, so the POST is bounded by the caller's context alone (an action),
// never by RequestTimeout, which would report a failure while the server keeps restoring.
func TestRestoreMailboxesOutlastsTheRequestTimeout(t *testing.T) {
	release, arrived := make(chan struct{}), make(chan struct{}, 1)
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/mailboxes/restore") {
			arrived <- struct{}{}
			<-release
			writeJSON(w, 200, map[string]any{"status": "Success", "details": []any{map[string]any{
				"mailbox": map[string]any{"id": vb365sim.QAMailboxID}, "status": "Success", "details": map[string]any{"createdItemsCount": 4},
			}}})
			return
		}
		select { // a GET: held until it has timed out
		case <-release:
		case <-r.Context().Done():
		}
	})
	c, _ := newTestClient(t, fs.srv.URL, "v7", func(c *Config) {
		c.RequestTimeout = 50 * time.Millisecond
		c.Retry.Attempts = 1
	})
	primeToken(c)
	type outcome struct {
		res MailboxesRestoreResult
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := c.RestoreMailboxes(ctxT(t), "s1", MailboxesRestoreOptions{Mailboxes: []BulkMailbox{{ID: vb365sim.QAMailboxID}}}, nil)
		done <- outcome{res, err}
	}()
	<-arrived
	if _, err := c.Mailbox(ctxT(t), "s1", "m1"); err == nil || !strings.Contains(err.Error(), "no response within 50ms") {
		t.Fatalf("GET err = %v, want a timeout", err)
	}
	close(release)
	if o := <-done; o.err != nil || len(o.res.Mailboxes) != 1 || o.res.Mailboxes[0].Created != 4 {
		t.Errorf("slow bulk restore: %+v", o)
	}
}
