package vb365

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestNewValidatesConfig(t *testing.T) {
	valid := Config{Endpoint: "https://vb.example.com", Username: "u", Password: "p"}
	tests := map[string]struct {
		mutate func(*Config)
		want   string
	}{
		"missing endpoint":    {func(c *Config) { c.Endpoint = "" }, "endpoint is required"},
		"bad URL":             {func(c *Config) { c.Endpoint = "https://vb.example.com:99999999" }, "invalid port"},
		"port 0":              {func(c *Config) { c.Endpoint = "https://vb.example.com:0" }, "invalid port"},
		"port 65536":          {func(c *Config) { c.Endpoint = "https://vb.example.com:65536" }, "invalid port"},
		"unparseable URL":     {func(c *Config) { c.Endpoint = "https://[::1" }, "not a valid URL"},
		"ftp scheme":          {func(c *Config) { c.Endpoint = "ftp://vb.example.com" }, "must start with https://"},
		"no scheme":           {func(c *Config) { c.Endpoint = "vb.example.com:4443" }, "must start with https://"},
		"no host":             {func(c *Config) { c.Endpoint = "https://" }, "no host name"},
		"credentials in URL":  {func(c *Config) { c.Endpoint = "https://u:p@vb.example.com" }, "must not contain credentials"},
		"query in URL":        {func(c *Config) { c.Endpoint = "https://vb.example.com/?x=1" }, "must not contain a query"},
		"unknown version":     {func(c *Config) { c.APIVersion = "v9" }, `unknown API version "v9"`},
		"version w/o v":       {func(c *Config) { c.APIVersion = "8" }, `unknown API version "8"`},
		"old version":         {func(c *Config) { c.APIVersion = "v2" }, `unknown API version "v2"`},
		"negative timeout":    {func(c *Config) { c.RequestTimeout = -time.Second }, "request timeout must not be negative"},
		"negative poll":       {func(c *Config) { c.PollInterval = -time.Second }, "poll interval must not be negative"},
		"negative attempts":   {func(c *Config) { c.Retry.Attempts = -1 }, "retry attempts must not be negative"},
		"negative delay":      {func(c *Config) { c.Retry.MinDelay = -1 }, "retry delays must not be negative"},
		"max below min delay": {func(c *Config) { c.Retry = RetryPolicy{MinDelay: 10 * time.Second, MaxDelay: time.Second} }, "shorter than min delay"},
		"negative cap":        {func(c *Config) { c.MaxConcurrentRequests = -2 }, "max concurrent requests must not be negative"},
		"invalid PEM": {func(c *Config) {
			c.CACertPEM = []byte("-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n")
		}, "no valid certificate"},
		"missing username": {func(c *Config) { c.Username = " " }, "username is required"},
		"missing password": {func(c *Config) { c.Password = "" }, "password is required"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := valid
			tt.mutate(&cfg)
			c, err := New(cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New = %v, %v; want an error containing %q", c, err, tt.want)
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	tests := map[string]string{
		"https://vb.example.com":           "https://vb.example.com:4443",
		"https://vb.example.com/":          "https://vb.example.com:4443",
		"HTTPS://vb.example.com:8443":      "https://vb.example.com:8443",
		"http://127.0.0.1:39999":           "http://127.0.0.1:39999",
		"https://[::1]":                    "https://[::1]:4443",
		"https://proxy.example.com/vb365/": "https://proxy.example.com:4443/vb365",
	}
	for in, want := range tests {
		c, err := New(Config{Endpoint: in, Username: "u", Password: "p", APIVersion: "V8"})
		if err != nil {
			t.Fatalf("New(%q): %v", in, err)
		}
		if got := c.Endpoint(); got != want {
			t.Errorf("Endpoint(%q) = %q, want %q", in, got, want)
		}
		if v, _ := c.Version(context.Background()); v != V8 {
			t.Errorf("configured version = %v, want v8", v)
		}
		if c.requestTimeout != DefaultRequestTimeout || c.retry != (RetryPolicy{5, time.Second, 30 * time.Second}) ||
			cap(c.slots) != DefaultMaxConcurrentRequests || c.pollInterval != DefaultPollInterval {
			t.Errorf("defaults not applied: timeout %s retry %+v slots %d poll %s", c.requestTimeout, c.retry, cap(c.slots), c.pollInterval)
		}
	}
}

func TestAPIErrorShape(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 404, map[string]any{"message": "Restore session not found", "errorCode": "ResourceNotFound", "stackTrace": nil})
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	_, err := c.RestoreSession(ctxT(t), "3da69c6c-bb12-4bed-9c4d-7276cb9074bf")
	want := "GET /v8/RestoreSessions/{restoreSessionId}: 404 Not Found: Restore session not found (ResourceNotFound)"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if !IsNotFound(err) || IsNotFound(errors.New("x")) || IsNotFound(nil) {
		t.Error("IsNotFound misclassifies")
	}
	if strings.Contains(err.Error(), "access-1") || strings.Contains(err.Error(), "3da69c6c") {
		t.Errorf("error names a token or a concrete ID: %v", err)
	}
}

func TestErrorBodyMessage(t *testing.T) {
	tests := []struct{ body, msg, code string }{
		{`{"message":"m","errorCode":"ProxyOffline"}`, "m", "ProxyOffline"},
		{`{"Message":"m"}`, "m", ""},
		{`{"error":"invalid_grant","error_description":"d"}`, "d", "invalid_grant"},
		{`Service Unavailable`, "Service Unavailable", ""},
		{`<html><body>502</body></html>`, "", ""},
		{``, "", ""},
		{strings.Repeat("x", 500), strings.Repeat("x", 300) + "...", ""},
	}
	for _, tt := range tests {
		msg, code := errorBodyMessage([]byte(tt.body))
		if msg != tt.msg || code != tt.code {
			t.Errorf("errorBodyMessage(%.20q) = %q, %q; want %q, %q", tt.body, msg, code, tt.msg, tt.code)
		}
	}
}

func TestMalformedJSONNamesRoute(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id": "m1", "name": `)
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	_, err := c.Mailbox(ctxT(t), "s1", "m1")
	if err == nil || !strings.Contains(err.Error(), "GET /v8/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}: malformed JSON response") {
		t.Fatalf("err = %v", err)
	}
}

func TestIDsArePathEscapedPerSegment(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"id": "x", "itemClass": "IPM.Note"})
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	itemID := "AAAA/bb+cc_dd-ee=="
	if _, err := c.Item(ctxT(t), "s 1", "m?1", itemID); err != nil {
		t.Fatal(err)
	}
	got := fs.APIRequests()[0].EscapedPath
	want := "/v8/RestoreSessions/s%201/organization/mailboxes/m%3F1/items/AAAA%2Fbb+cc_dd-ee=="
	if got != want {
		t.Errorf("path = %q, want %q", got, want)
	}
}

func TestInvalidIDsAreRejectedBeforeSending(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) { t.Errorf("request sent: %s", r.URL) })
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	ctx := ctxT(t)
	checks := map[string]error{}
	_, checks["empty session"] = c.RestoreSession(ctx, "")
	_, checks["dot-dot mailbox"] = c.Mailbox(ctx, "s1", "..")
	_, checks["empty item"] = c.Item(ctx, "s1", "m1", " ")
	checks["no items"] = c.SendToDefaultAddress(ctx, ItemScope{RestoreSessionID: "s1", MailboxID: "m1"})
	checks["duplicate items"] = c.SendToDefaultAddress(ctx, ItemScope{RestoreSessionID: "s1", MailboxID: "m1", ItemIDs: []string{"a", "a"}})
	checks["newline"] = c.StopRestoreSession(ctx, "a\nb")
	for _, err := range c.Items(ctx, "", "m1", ItemQuery{}) {
		checks["listing"] = err
	}
	for name, err := range checks {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if len(fs.Requests()) != 0 {
		t.Errorf("requests sent: %+v", fs.Requests())
	}
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	var leaked atomic.Bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { leaked.Store(true) }))
	defer other.Close()
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/steal", http.StatusFound)
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	_, err := c.Mailbox(ctxT(t), "s1", "m1")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusFound {
		t.Fatalf("err = %v", err)
	}
	if leaked.Load() {
		t.Error("the redirect was followed")
	}
}

func TestLogfNeverSeesSecrets(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"createdItemsCount": 0})
	})
	var mu sync.Mutex
	var entries []map[string]any
	c, _ := newTestClient(t, fs.srv.URL, "v7", func(c *Config) {
		c.Logf = func(_ context.Context, msg string, f map[string]any) {
			mu.Lock()
			defer mu.Unlock()
			entries = append(entries, f)
		}
	})
	scope := ItemScope{RestoreSessionID: "s1", MailboxID: "m1", ItemIDs: []string{"i1"}}
	opts := RestoreToOriginalLocationOptions{Credentials: RestoreCredentials{UserName: "op", UserPassword: "restore-pass-123"}}
	if _, err := c.RestoreToOriginalLocation(ctxT(t), scope, opts, nil); err != nil {
		t.Fatal(err)
	}
	dump := fmt.Sprint(entries)
	for _, secret := range []string{testPassword, "restore-pass-123", "access-1", "refresh-1"} {
		if strings.Contains(dump, secret) {
			t.Errorf("log contains %q: %s", secret, dump)
		}
	}
	last := entries[len(entries)-1]
	if last["method"] != "POST" || last["route"] != "/v7/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/items/{itemId}/restore" ||
		last["status"] != 200 || last["attempt"] != 1 {
		t.Errorf("log entry %v", last)
	}
	if _, ok := last["duration_ms"].(int64); !ok {
		t.Errorf("log entry has no duration: %v", last)
	}
}

func TestConcurrencyCap(t *testing.T) {
	var inFlight, peak atomic.Int32
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(5 * time.Millisecond) // hold the request so that concurrent callers overlap
		inFlight.Add(-1)
		writeJSON(w, 200, map[string]any{"id": "m1"})
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8", func(c *Config) { c.MaxConcurrentRequests = 2 })
	var wg sync.WaitGroup
	for range 12 {
		wg.Go(func() {
			if _, err := c.Mailbox(ctxT(t), "s1", "m1"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if p := peak.Load(); p > 2 || p < 1 {
		t.Errorf("peak concurrent requests = %d, want at most 2", p)
	}
}

// primeToken gives c a valid access token without a request, so that a test's short request
// timeout never races the token POST.
func primeToken(c *Client) {
	c.auth.mu.Lock()
	defer c.auth.mu.Unlock()
	c.auth.access, c.auth.lifetime = "primed-token", time.Hour
	c.auth.expiresAt = c.clock.Now().Add(time.Hour)
}

// TestRequestTimeoutBoundsGETsButNotActions runs a restore-like POST and a download that
// outlast the request timeout (their handlers are released only after a GET with the same
// timeout has timed out): the actions succeed, the GET fails.
func TestRequestTimeoutBoundsGETsButNotActions(t *testing.T) {
	release := make(chan struct{})
	arrived := make(chan string, 2)
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/restore"):
			arrived <- "restore"
			<-release
			writeJSON(w, 200, map[string]any{"createdItemsCount": 1})
		case strings.HasSuffix(r.URL.Path, "/exportToPst"):
			w.Header().Set("Content-Length", "6")
			_, _ = io.WriteString(w, "PST")
			w.(http.Flusher).Flush()
			arrived <- "export"
			<-release
			_, _ = io.WriteString(w, "pst")
		default:
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}
	})
	c, _ := newTestClient(t, fs.srv.URL, "v7", func(c *Config) {
		c.RequestTimeout = 50 * time.Millisecond
		c.Retry.Attempts = 1
	})
	primeToken(c)
	ctx := ctxT(t)

	type result struct {
		stats RestoreStatistics
		n     int64
		body  string
		err   error
	}
	restored, exported := make(chan result, 1), make(chan result, 1)
	go func() {
		stats, err := c.RestoreToOriginalLocation(ctx, testScope, RestoreToOriginalLocationOptions{}, nil)
		restored <- result{stats: stats, err: err}
	}()
	go func() {
		var buf strings.Builder
		n, err := c.ExportToPST(ctx, testScope, ExportToPSTOptions{}, &buf)
		exported <- result{n: n, body: buf.String(), err: err}
	}()
	<-arrived
	<-arrived

	_, err := c.Mailbox(ctx, "s1", "m1") // started after both actions, so it ends after their timeout would have
	if err == nil || !strings.Contains(err.Error(), "no response within 50ms") {
		t.Fatalf("GET err = %v, want a timeout", err)
	}
	close(release)
	if r := <-restored; r.err != nil || r.stats.Created != 1 {
		t.Errorf("slow restore: %+v", r)
	}
	if r := <-exported; r.err != nil || r.n != 6 || r.body != "PSTpst" {
		t.Errorf("slow download: %+v", r)
	}
}

func TestCallerHTTPClientStillRefusesRedirects(t *testing.T) {
	var leaked atomic.Bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { leaked.Store(true) }))
	defer other.Close()
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/steal", http.StatusFound)
	})
	own := &http.Client{}
	c, _ := newTestClient(t, fs.srv.URL, "v8", func(c *Config) { c.HTTPClient = own })
	_, err := c.Mailbox(ctxT(t), "s1", "m1")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusFound {
		t.Fatalf("err = %v", err)
	}
	if leaked.Load() {
		t.Error("the redirect was followed with the caller's HTTP client")
	}
	if own.CheckRedirect != nil {
		t.Error("the caller's HTTP client was modified")
	}
}
