package vb365sim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// harness drives a simulator over real HTTP with raw net/http.
type harness struct {
	t      *testing.T
	sim    *Server
	srv    *httptest.Server
	tokens map[int]string
}

func newHarness(t *testing.T, opts ...Option) *harness {
	t.Helper()
	sim := New(opts...)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	return &harness{t: t, sim: sim, srv: srv, tokens: map[int]string{}}
}

// fakeClock is a manually advanced clock for token expiry.
type fakeClock struct{ now time.Time }

func (f *fakeClock) Now() time.Time          { return f.now }
func (f *fakeClock) Advance(d time.Duration) { f.now = f.now.Add(d) }

func (h *harness) tokenResponse(v int, form url.Values) (int, map[string]any) {
	h.t.Helper()
	resp, err := http.Post(h.srv.URL+"/v"+strconv.Itoa(v)+"/Token", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		h.t.Fatalf("token response is not JSON: %v", err)
	}
	return resp.StatusCode, m
}

func passwordForm() url.Values {
	return url.Values{"grant_type": {"password"}, "username": {DefaultUsername}, "password": {DefaultPassword}}
}

// token returns a cached access token for version v.
func (h *harness) token(v int) string {
	h.t.Helper()
	if tok, ok := h.tokens[v]; ok {
		return tok
	}
	status, m := h.tokenResponse(v, passwordForm())
	if status != http.StatusOK {
		h.t.Fatalf("token: status %d %v", status, m)
	}
	h.tokens[v] = m["access_token"].(string)
	return h.tokens[v]
}

// do sends a request with the version's token (path starts with /vN/). body may be nil, a
// string (sent raw) or any value (JSON-encoded).
func (h *harness) do(method, path string, body any) (*http.Response, []byte) {
	h.t.Helper()
	v, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(strings.ToLower(path), "/v"), "/", 2)[0])
	if err != nil {
		h.t.Fatalf("bad test path %q", path)
	}
	return h.doWithToken(method, path, body, h.token(v))
}

func (h *harness) doWithToken(method, path string, body any, token string) (*http.Response, []byte) {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return resp, data
}

// json sends a request and decodes a JSON object answer, failing unless the status is want.
func (h *harness) json(method, path string, body any, want int) map[string]any {
	h.t.Helper()
	resp, data := h.do(method, path, body)
	if resp.StatusCode != want {
		h.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, resp.StatusCode, want, data)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		h.t.Fatalf("%s %s: body is not a JSON object: %v: %s", method, path, err, data)
	}
	return m
}

func (h *harness) get(path string) map[string]any { return h.json("GET", path, nil, http.StatusOK) }

func results(t *testing.T, page map[string]any) []map[string]any {
	t.Helper()
	raw, ok := page["results"].([]any)
	if !ok {
		t.Fatalf("page has no results array: %v", page)
	}
	out := make([]map[string]any, len(raw))
	for i, r := range raw {
		out[i] = r.(map[string]any)
	}
	return out
}

func linkHref(t *testing.T, obj map[string]any, name string) string {
	t.Helper()
	links, _ := obj["_links"].(map[string]any)
	l, _ := links[name].(map[string]any)
	h, _ := l["href"].(string)
	return h
}

func esc(id string) string { return url.PathEscape(id) }

// mailboxPath is the browse path of a mailbox in the seed session, in the version's own spelling.
func mailboxPath(v int, mailboxID string) string {
	if v >= 6 {
		return "/v" + strconv.Itoa(v) + "/RestoreSessions/" + SeedRestoreSessionID + "/organization/mailboxes/" + esc(mailboxID)
	}
	return "/v" + strconv.Itoa(v) + "/RestoreSessions/" + SeedRestoreSessionID + "/Organization/Mailboxes/" + esc(mailboxID)
}

func itemPath(v int, itemID string) string {
	if v >= 6 {
		return mailboxPath(v, SeedMailboxID) + "/items/" + esc(itemID)
	}
	return mailboxPath(v, SeedMailboxID) + "/Items/" + esc(itemID)
}
