package vb365

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
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

func TestAuthPasswordGrantFormAndBearer(t *testing.T) {
	for _, tt := range []struct {
		version     string
		antiforgery bool
	}{{"v3", false}, {"v6", false}, {"v7", true}, {"v8", true}} {
		t.Run(tt.version, func(t *testing.T) {
			fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 200, map[string]any{"id": "s1", "state": "Working"})
			})
			c, _ := newTestClient(t, fs.srv.URL, tt.version, func(c *Config) { c.UserAgent = "ua-test/1" })
			if _, err := c.RestoreSession(ctxT(t), "s1"); err != nil {
				t.Fatal(err)
			}
			reqs := fs.Requests()
			if len(reqs) != 2 {
				t.Fatalf("requests = %+v", reqs)
			}
			tok := reqs[0]
			if tok.Method != "POST" || tok.EscapedPath != "/"+tt.version+"/Token" || tok.ContentType != "application/x-www-form-urlencoded" || tok.Auth != "" {
				t.Errorf("token request %+v", tok)
			}
			form := fs.TokenForms()[0]
			if form.Get("grant_type") != "password" || form.Get("username") != testUser || form.Get("password") != testPassword {
				t.Errorf("token form %v", form)
			}
			if got := form.Get("disable_antiforgery_token") == "true"; got != tt.antiforgery {
				t.Errorf("disable_antiforgery_token sent = %v, want %v", got, tt.antiforgery)
			}
			if reqs[1].Auth != "Bearer access-1" || reqs[1].UserAgent != "ua-test/1" {
				t.Errorf("API request auth %q UA %q", reqs[1].Auth, reqs[1].UserAgent)
			}
		})
	}
}

func TestAuthConcurrentCallersShareOneTokenRequest(t *testing.T) {
	release := make(chan struct{})
	arrived := make(chan struct{}, 100)
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"id": "s1"})
	})
	fs.tokenHandler = func(w http.ResponseWriter, _ url.Values) bool {
		arrived <- struct{}{}
		<-release
		return false
	}
	c, _ := newTestClient(t, fs.srv.URL, "v8", func(c *Config) { c.MaxConcurrentRequests = 50 })
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Go(func() {
			_, err := c.RestoreSession(ctxT(t), "s1")
			errs <- err
		})
	}
	<-arrived
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := len(fs.TokenForms()); n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
	if n := len(fs.APIRequests()); n != 50 {
		t.Errorf("API requests = %d, want 50", n)
	}
}

func TestAuthRefreshBeforeExpiry(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]any{"id": "s1"}) })
	c, clock := newTestClient(t, fs.srv.URL, "v8")
	ctx := ctxT(t)
	for range 3 {
		if _, err := c.RestoreSession(ctx, "s1"); err != nil {
			t.Fatal(err)
		}
	}
	clock.Advance(58 * time.Minute) // 2 minutes left: still valid
	if _, err := c.RestoreSession(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	if n := len(fs.TokenForms()); n != 1 {
		t.Fatalf("token requests = %d before the refresh margin, want 1", n)
	}
	clock.Advance(90 * time.Second) // 30 seconds left: refresh
	if _, err := c.RestoreSession(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	forms := fs.TokenForms()
	if len(forms) != 2 {
		t.Fatalf("token requests = %d, want 2", len(forms))
	}
	if forms[1].Get("grant_type") != "refresh_token" || forms[1].Get("refresh_token") != "refresh-1" ||
		forms[1].Get("disable_antiforgery_token") != "true" || forms[1].Has("password") {
		t.Errorf("refresh form = %v", forms[1])
	}
	api := fs.APIRequests()
	if last := api[len(api)-1].Auth; last != "Bearer access-2" {
		t.Errorf("after refresh the client used %q", last)
	}
}

func TestAuthShortLivedTokenRefreshMargin(t *testing.T) {
	if got := refreshMargin(time.Hour); got != time.Minute {
		t.Errorf("margin(1h) = %s", got)
	}
	if got := refreshMargin(30 * time.Second); got != 3*time.Second {
		t.Errorf("margin(30s) = %s", got)
	}
}

func TestAuthRefreshFailureFallsBackToPassword(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]any{"id": "s1"}) })
	fs.tokenHandler = func(w http.ResponseWriter, form url.Values) bool {
		if form.Get("grant_type") == "refresh_token" {
			writeJSON(w, 400, map[string]any{"error": "invalid_grant", "error_description": "Refresh token expired."})
			return true
		}
		return false
	}
	c, clock := newTestClient(t, fs.srv.URL, "v6")
	ctx := ctxT(t)
	if _, err := c.RestoreSession(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(2 * time.Hour)
	if _, err := c.RestoreSession(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	var grants []string
	for _, f := range fs.TokenForms() {
		grants = append(grants, f.Get("grant_type"))
	}
	if strings.Join(grants, ",") != "password,refresh_token,password" {
		t.Errorf("grants = %v", grants)
	}
}

func TestAuthWrongPassword(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) { t.Error("API called without a token") })
	fs.tokenHandler = func(w http.ResponseWriter, _ url.Values) bool {
		writeJSON(w, 400, map[string]any{"error": "invalid_grant", "error_description": "The user name or password is incorrect."})
		return true
	}
	var logged strings.Builder
	c, _ := newTestClient(t, fs.srv.URL, "v8", func(c *Config) {
		c.Logf = func(_ context.Context, msg string, f map[string]any) { fmt.Fprintln(&logged, msg, f) }
	})
	_, err := c.RestoreSession(ctxT(t), "s1")
	if !errors.Is(err, ErrAuthentication) {
		t.Fatalf("err = %v, want ErrAuthentication", err)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.ErrorCode != "invalid_grant" {
		t.Errorf("APIError = %+v", apiErr)
	}
	msg := err.Error()
	for _, want := range []string{"authentication failed", "The user name or password is incorrect.", "POST /v8/Token"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not contain %q", msg, want)
		}
	}
	if strings.Contains(msg, testPassword) || strings.Contains(logged.String(), testPassword) {
		t.Errorf("password leaked: %q / %q", msg, logged.String())
	}
	// A failed token request is not cached: the next call asks again.
	_, _ = c.RestoreSession(ctxT(t), "s1")
	if n := len(fs.TokenForms()); n != 2 {
		t.Errorf("token requests = %d, want 2", n)
	}
}

func TestAuthServerEchoingPasswordIsRedacted(t *testing.T) {
	fs := newFakeServer(t, nil)
	fs.tokenHandler = func(w http.ResponseWriter, _ url.Values) bool {
		writeJSON(w, 400, map[string]any{"error": "invalid_grant", "error_description": "bad password " + testPassword})
		return true
	}
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	_, err := c.RestoreSession(ctxT(t), "s1")
	if err == nil || strings.Contains(err.Error(), testPassword) || !strings.Contains(err.Error(), "bad password ***") {
		t.Fatalf("err = %v", err)
	}
}

func TestAuth401RefreshesAndReplaysOnce(t *testing.T) {
	var calls atomic.Int32
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			writeJSON(w, 401, map[string]any{"message": "Authorization has been denied for this request."})
			return
		}
		writeJSON(w, 200, map[string]any{"createdItemsCount": 1})
	})
	c, _ := newTestClient(t, fs.srv.URL, "v6")
	scope := ItemScope{RestoreSessionID: "s1", MailboxID: "m1", ItemIDs: []string{"i1"}}
	stats, err := c.RestoreTo(ctxT(t), scope, RestoreToOptions{Mailbox: "x@y"}, nil)
	if err != nil || stats.Created != 1 {
		t.Fatalf("stats %+v err %v", stats, err)
	}
	api := fs.APIRequests()
	if len(api) != 2 || string(api[0].Body) != string(api[1].Body) || len(api[1].Body) == 0 {
		t.Fatalf("API requests %+v: want the POST body replayed identically", api)
	}
	if api[0].Auth != "Bearer access-1" || api[1].Auth != "Bearer access-2" {
		t.Errorf("auth headers %q, %q", api[0].Auth, api[1].Auth)
	}
	if forms := fs.TokenForms(); len(forms) != 2 || forms[1].Get("grant_type") != "refresh_token" {
		t.Errorf("token forms %v", forms)
	}
}

func TestAuthSecond401IsAnError(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 401, map[string]any{"message": "Authorization has been denied for this request."})
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	_, err := c.Mailbox(ctxT(t), "s1", "m1")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 {
		t.Fatalf("err = %v", err)
	}
	if n := len(fs.APIRequests()); n != 2 {
		t.Errorf("API requests = %d, want 2 (one replay)", n)
	}
}

func TestVersionDetection(t *testing.T) {
	var probes sync.Map
	var failing atomic.Bool
	failing.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("probe %s sent a token", r.URL.Path)
		}
		n, _ := probes.LoadOrStore(r.URL.Path, new(atomic.Int32))
		n.(*atomic.Int32).Add(1)
		switch {
		case failing.Load():
			w.WriteHeader(http.StatusInternalServerError)
		case r.URL.Path == "/v6/ServiceInstance":
			w.WriteHeader(http.StatusUnauthorized)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, "auto")
	if _, err := c.Version(ctxT(t)); err == nil || !strings.Contains(err.Error(), "detecting the API version") {
		t.Fatalf("err = %v, want a detection error", err)
	}
	failing.Store(false) // the failure was not cached
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if v, err := c.Version(ctxT(t)); err != nil || v != V6 {
				t.Errorf("Version = %v, %v; want v6", v, err)
			}
		})
	}
	wg.Wait()
	count := func(p string) int32 {
		n, ok := probes.Load(p)
		if !ok {
			return 0
		}
		return n.(*atomic.Int32).Load()
	}
	// One failed probe of v8, then one successful detection v8, v7, v6 for all 20 callers.
	if count("/v8/ServiceInstance") != 2 || count("/v7/ServiceInstance") != 1 || count("/v6/ServiceInstance") != 1 || count("/v5/ServiceInstance") != 0 {
		t.Errorf("probe counts v8=%d v7=%d v6=%d v5=%d", count("/v8/ServiceInstance"), count("/v7/ServiceInstance"), count("/v6/ServiceInstance"), count("/v5/ServiceInstance"))
	}
}

func TestVersionDetectionNothingServed(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, "")
	_, err := c.Version(ctxT(t))
	if err == nil || !strings.Contains(err.Error(), "serves none of the API versions") {
		t.Fatalf("err = %v", err)
	}
}

func TestRetryGETHonoursRetryAfterAndBackoff(t *testing.T) {
	var calls atomic.Int32
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1:
			w.Header().Set("Retry-After", "7")
			writeJSON(w, 429, map[string]any{"message": "slow down"})
		case 2:
			w.Header().Set("Retry-After", time.Date(2024, 5, 1, 12, 0, 13, 0, time.UTC).Format(http.TimeFormat))
			writeJSON(w, 503, map[string]any{"message": "busy"})
		case 3:
			writeJSON(w, 502, map[string]any{"message": "bad gateway"})
		default:
			writeJSON(w, 200, map[string]any{"id": "m1"})
		}
	})
	c, clock := newTestClient(t, fs.srv.URL, "v8")
	if _, err := c.Mailbox(ctxT(t), "s1", "m1"); err != nil {
		t.Fatal(err)
	}
	waits := clock.Waits()
	if len(waits) != 3 {
		t.Fatalf("waits = %v, want 3", waits)
	}
	// Retry-After seconds; then an HTTP date 6s after the fake now (12:00:07); then backoff
	// for the third try: full jitter in [MinDelay, MinDelay*4].
	if waits[0] != 7*time.Second || waits[1] != 6*time.Second {
		t.Errorf("waits = %v, want 7s then 6s", waits)
	}
	if waits[2] < time.Second || waits[2] > 4*time.Second {
		t.Errorf("backoff wait %s outside [1s, 4s]", waits[2])
	}
}

// TestRetryAfterBeyondTheBoundsGivesUp: a Retry-After longer than Retry.MaxDelay (8s) or than
// the context has left ends the call at once with the server's error.
func TestRetryAfterBeyondTheBoundsGivesUp(t *testing.T) {
	for _, tt := range []struct {
		name, retryAfter string
		ctxTimeout       time.Duration
		want             string
	}{
		{"beyond MaxDelay", "3600", 30 * time.Second, "retry after 1h0m0s, longer than the maximum retry delay 8s"},
		{"beyond the deadline", "5", 2 * time.Second, "retry after 5s, longer than the time left before the deadline"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				w.Header().Set("Retry-After", tt.retryAfter)
				writeJSON(w, 429, map[string]any{"message": "slow down"})
			})
			c, clock := newTestClient(t, fs.srv.URL, "v8")
			ctx, cancel := context.WithTimeout(context.Background(), tt.ctxTimeout)
			defer cancel()
			_, err := c.Mailbox(ctx, "s1", "m1")
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || !strings.Contains(err.Error(), "429 Too Many Requests: slow down") ||
				!strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want the 429 and %q", err, tt.want)
			}
			if calls.Load() != 1 || len(clock.Waits()) != 0 {
				t.Errorf("calls %d waits %v, want 1 call and no wait", calls.Load(), clock.Waits())
			}
		})
	}
}

func TestRetryGivesUpAfterAttempts(t *testing.T) {
	var calls atomic.Int32
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		writeJSON(w, 503, map[string]any{"message": "maintenance"})
	})
	c, clock := newTestClient(t, fs.srv.URL, "v8")
	_, err := c.Mailbox(ctxT(t), "s1", "m1")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || apiErr.Message != "maintenance" {
		t.Fatalf("err = %v", err)
	}
	if calls.Load() != 4 || len(clock.Waits()) != 3 {
		t.Errorf("calls %d waits %v, want 4 calls and 3 waits", calls.Load(), clock.Waits())
	}
	for _, w := range clock.Waits() {
		if w < time.Second || w > 8*time.Second {
			t.Errorf("wait %s outside [MinDelay, MaxDelay]", w)
		}
	}
}

func TestRetryStopsWhenContextEnds(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 503, nil) })
	ctx, cancel := context.WithCancel(context.Background())
	blocked := &blockingClock{fakeClock: newFakeClock(), onAfter: cancel}
	c, _ := newTestClient(t, fs.srv.URL, "v8", func(c *Config) { c.Clock = blocked })
	_, err := c.Mailbox(ctx, "s1", "m1")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := len(fs.APIRequests()); n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
}

// blockingClock never fires After; it calls onAfter instead (to cancel a context).
type blockingClock struct {
	*fakeClock
	onAfter func()
}

func (c *blockingClock) After(time.Duration) <-chan time.Time {
	c.onAfter()
	return make(chan time.Time)
}

func TestRetryConnectionErrorsOnGETButNeverPOST(t *testing.T) {
	var calls atomic.Int32
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			hijackAndClose(w)
			return
		}
		writeJSON(w, 200, map[string]any{"id": "m1"})
	})
	// One slot: a slot kept after a connection error would block every later attempt.
	c, clock := newTestClient(t, fs.srv.URL, "v8", func(c *Config) { c.MaxConcurrentRequests = 1 })
	if _, err := c.Mailbox(ctxT(t), "s1", "m1"); err != nil {
		t.Fatalf("GET after two resets: %v", err)
	}
	// net/http itself may replay a GET once on a reused connection; the client retried the rest.
	if calls.Load() != 3 || len(clock.Waits()) == 0 {
		t.Errorf("calls %d waits %v", calls.Load(), clock.Waits())
	}

	calls.Store(0)
	scope := ItemScope{RestoreSessionID: "s1", MailboxID: "m1", ItemIDs: []string{"i1"}}
	err := c.SendToDefaultAddress(ctxT(t), scope)
	if err == nil || !strings.Contains(err.Error(), "POST /v8/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/items/{itemId}/sendToDefaultAddress") {
		t.Fatalf("err = %v", err)
	}
	if calls.Load() != 1 {
		t.Errorf("POST sent %d times, want 1", calls.Load())
	}
	calls.Store(10) // no more resets
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := c.Mailbox(ctx, "s1", "m1"); err != nil {
		t.Fatalf("GET after the failed POST (slot not released?): %v", err)
	}
}

func TestPOSTIsNotRetriedOn503(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 503, map[string]any{"message": "busy"}) })
	c, clock := newTestClient(t, fs.srv.URL, "v3")
	err := c.StopRestoreSession(ctxT(t), "s1")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Route != "/v3/RestoreSessions/{restoreSessionId}/Action" || apiErr.Method != "POST" {
		t.Fatalf("err = %v", err)
	}
	if n := len(fs.APIRequests()); n != 1 || len(clock.Waits()) != 0 {
		t.Errorf("POST requests %d waits %v", n, clock.Waits())
	}
}

func hijackAndClose(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true}, {"120", 2 * time.Minute, true}, {" 3 ", 3 * time.Second, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"", 0, false}, {"-5", 0, false}, {"soon", 0, false},
	}
	for _, tt := range tests {
		got, ok := retryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("retryAfter(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestBackoffStaysWithinBounds(t *testing.T) {
	c := &Client{retry: RetryPolicy{Attempts: 10, MinDelay: time.Second, MaxDelay: 30 * time.Second}}
	for try := 1; try <= 40; try++ {
		ceiling := min(30*time.Second, time.Second<<min(try-1, 20))
		for range 50 {
			if d := c.backoff(try); d < time.Second || d > ceiling {
				t.Fatalf("backoff(%d) = %s outside [1s, %s]", try, d, ceiling)
			}
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

func TestDownloadTruncatedIsAnError(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		_, _ = io.WriteString(w, strings.Repeat("x", 400))
		hijackAndCloseAfterWrite(w)
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	scope := ItemScope{RestoreSessionID: "s1", MailboxID: "m1", ItemIDs: []string{"i1"}}
	n, err := c.SaveToMSG(ctxT(t), scope, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "truncated") || !strings.Contains(err.Error(), "of 1000 bytes") {
		t.Fatalf("n=%d err=%v", n, err)
	}
}

func TestDownloadChunkedTruncatedIsAnError(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, strings.Repeat("x", 400)) // no Content-Length: chunked
		hijackAndCloseAfterWrite(w)
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	n, err := c.SaveToMSG(ctxT(t), testScope, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "truncated after 400 bytes") || errors.Is(err, ErrNotSent) {
		t.Fatalf("n=%d err=%v", n, err)
	}
}

func hijackAndCloseAfterWrite(w http.ResponseWriter) {
	w.(http.Flusher).Flush()
	hijackAndClose(w)
}

// TestDownloadStreamsWithoutBuffering exports 8 MiB and checks that the client allocates far
// less than the file size: the body is copied, never held.
func TestDownloadStreamsWithoutBuffering(t *testing.T) {
	const size = 8 << 20
	chunk := []byte(strings.Repeat("0123456789abcdef", 2048)) // 32 KiB
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", fmt.Sprint(size))
		for sent := 0; sent < size; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	scope := ItemScope{RestoreSessionID: "s1", MailboxID: "m1", ItemIDs: []string{"i1", "i2"}}
	ctx := ctxT(t)
	if _, err := c.ExportToPST(ctx, scope, ExportToPSTOptions{}, io.Discard); err != nil { // warm up: token, connections
		t.Fatal(err)
	}
	allocated := allocatedDuring(func() {
		n, err := c.ExportToPST(ctx, scope, ExportToPSTOptions{}, io.Discard)
		if err != nil || n != size {
			t.Fatalf("n=%d err=%v", n, err)
		}
	})
	// The test server's own allocations are included; both sides together stay far below 8 MiB.
	if allocated > size/4 {
		t.Errorf("allocated %d bytes while streaming %d bytes", allocated, size)
	}
}

func allocatedDuring(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestUnusedListenerIsConnectionError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c, clock := newTestClient(t, "http://"+addr, "v8")
	_, err = c.Mailbox(ctxT(t), "s1", "m1")
	if !errors.Is(err, ErrAuthentication) || !strings.Contains(err.Error(), "POST /v8/Token") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), addr+"/v8") {
		t.Errorf("error repeats the URL: %v", err)
	}
	if len(clock.Waits()) != 0 {
		t.Errorf("the token POST was retried: %v", clock.Waits())
	}
}

// waitForWaiters spins until n callers wait for the call in flight (a barrier, no sleeping).
func waitForWaiters[T any](t *testing.T, f *flight[T], n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for f.waiters() < n {
		if ctx.Err() != nil {
			t.Fatalf("%d callers wait for the call in flight, want %d", f.waiters(), n)
		}
		runtime.Gosched()
	}
}

func TestAuthConcurrentCallersShareOneTokenFailure(t *testing.T) {
	release := make(chan struct{})
	releaseOnce := sync.OnceFunc(func() { close(release) })
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) { t.Error("API called without a token") })
	defer releaseOnce() // before the server's cleanup waits for its handlers
	fs.tokenHandler = func(w http.ResponseWriter, _ url.Values) bool {
		<-release
		writeJSON(w, 400, map[string]any{"error": "invalid_grant", "error_description": "The user name or password is incorrect."})
		return true
	}
	c, _ := newTestClient(t, fs.srv.URL, "v8", func(c *Config) { c.MaxConcurrentRequests = 50 })
	errs := make([]error, 20)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() { _, errs[i] = c.RestoreSession(ctxT(t), "s1") })
	}
	waitForWaiters(t, &c.auth.flight, len(errs)-1)
	releaseOnce()
	wg.Wait()
	for i, err := range errs {
		if !errors.Is(err, ErrAuthentication) || !strings.Contains(err.Error(), "The user name or password is incorrect.") {
			t.Errorf("caller %d: err = %v", i, err)
		}
	}
	if n := len(fs.TokenForms()); n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
}

func TestVersionDetectionConcurrentCallersShareOneFailure(t *testing.T) {
	release := make(chan struct{})
	releaseOnce := sync.OnceFunc(func() { close(release) })
	var probes atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		probes.Add(1)
		<-release
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()
	defer releaseOnce() // before srv.Close waits for its handlers
	c, _ := newTestClient(t, srv.URL, "auto", func(c *Config) { c.Retry.Attempts = 1 })
	errs := make([]error, 20)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() { _, errs[i] = c.Version(ctxT(t)) })
	}
	waitForWaiters(t, &c.version.flight, len(errs)-1)
	releaseOnce()
	wg.Wait()
	for i, err := range errs {
		if err == nil || !strings.Contains(err.Error(), "detecting the API version: GET /v8/ServiceInstance: unexpected status 500") {
			t.Errorf("caller %d: err = %v", i, err)
		}
	}
	if n := probes.Load(); n != 1 {
		t.Errorf("probe requests = %d, want 1", n)
	}
}

func TestFlightWaiterWithEndedContext(t *testing.T) {
	f := flight[int]{what: "a test call"}
	release, started := make(chan struct{}), make(chan struct{})
	leader := make(chan error, 1)
	go func() {
		_, err := f.do(context.Background(), func(context.Context) (int, error) { close(started); <-release; return 1, nil })
		leader <- err
	}()
	<-started
	ctx, cancel := context.WithCancel(context.Background())
	waiterErr := make(chan error, 1)
	go func() {
		_, err := f.do(ctx, func(context.Context) (int, error) { t.Error("the waiter ran the call"); return 0, nil })
		waiterErr <- err
	}()
	waitForWaiters(t, &f, 1)
	cancel()
	if err := <-waiterErr; !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "vb365: waiting for a test call") {
		t.Errorf("waiter err = %v", err)
	}
	close(release)
	if err := <-leader; err != nil {
		t.Errorf("leader err = %v", err)
	}

	// A leader that gave up because of its own context does not fail the waiters: they retry.
	leaderCtx, cancelLeader := context.WithCancel(context.Background())
	started = make(chan struct{})
	go func() {
		_, _ = f.do(leaderCtx, func(ctx context.Context) (int, error) { close(started); <-ctx.Done(); return 0, ctx.Err() })
	}()
	<-started
	got := make(chan int, 1)
	go func() {
		v, err := f.do(context.Background(), func(context.Context) (int, error) { return 7, nil })
		if err != nil {
			t.Error(err)
		}
		got <- v
	}()
	waitForWaiters(t, &f, 1)
	cancelLeader()
	if v := <-got; v != 7 {
		t.Errorf("waiter got %d, want its own call's 7", v)
	}
}

func TestTokenLifetimeFallbacks(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	expires := now.Add(45 * time.Minute).Format(time.RFC1123)
	for body, want := range map[string]time.Duration{
		`{"expires_in": 1800}`:                                  30 * time.Minute,
		`{"expires_in": "1800"}`:                                30 * time.Minute,
		`{".expires": "` + expires + `"}`:                       45 * time.Minute,
		`{"expires_in": "soon", ".expires": "` + expires + `"}`: 45 * time.Minute,
		`{"expires_in": 0, ".expires": "` + expires + `"}`:      45 * time.Minute,
		`{".expires": "Tue, 30 Apr 2024 12:00:00 UTC"}`:         time.Hour, // in the past
		`{}`:                        time.Hour,
		`{"expires_in": 315360000}`: 24 * time.Hour, // ten years: clamped
		`{".expires": "Thu, 01 May 2025 12:00:00 UTC"}`:            24 * time.Hour,
		`{"expires_in": 1e300}`:                                    24 * time.Hour,
		`{"expires_in": "NaN", ".expires": "` + expires + `"}`:     45 * time.Minute,
		`{"expires_in": "-5", ".expires": "not a date", "x": "y"}`: time.Hour,
	} {
		obj, err := parseObject([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		if got := tokenLifetime(obj, now); got != want {
			t.Errorf("%s: lifetime %s, want %s", body, got, want)
		}
	}
}

// TestAuthTokenLifetimeAsStringIsHonoured checks the lifetime end to end: a token with
// expires_in "300" is renewed once 5 minutes minus the margin (30s) have passed.
func TestAuthTokenLifetimeAsStringIsHonoured(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]any{"id": "s1"}) })
	var issued atomic.Int32
	fs.tokenHandler = func(w http.ResponseWriter, _ url.Values) bool {
		n := issued.Add(1)
		writeJSON(w, 200, map[string]any{"access_token": fmt.Sprint("a", n), "refresh_token": fmt.Sprint("r", n), "expires_in": "300"})
		return true
	}
	c, clock := newTestClient(t, fs.srv.URL, "v8")
	ctx := ctxT(t)
	get := func() {
		t.Helper()
		if _, err := c.RestoreSession(ctx, "s1"); err != nil {
			t.Fatal(err)
		}
	}
	get()
	clock.Advance(269 * time.Second)
	get()
	if n := issued.Load(); n != 1 {
		t.Fatalf("token requests = %d before expiry, want 1", n)
	}
	clock.Advance(2 * time.Second)
	get()
	if n := issued.Load(); n != 2 {
		t.Errorf("token requests = %d after 271s of 300s, want 2", n)
	}
}

// newQuietTLSServer is httptest.NewTLSServer without the log lines of the handshakes that
// the tests make fail on purpose.
func newQuietTLSServer(t *testing.T, h http.Handler) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func pemOf(srv *httptest.Server) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
}

func TestTLSVerification(t *testing.T) {
	srv := newQuietTLSServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized) // every version is served
	}))

	c, clock := newTestClient(t, srv.URL, "auto")
	_, err := c.Version(ctxT(t))
	var unknownAuthority x509.UnknownAuthorityError
	if !errors.As(err, &unknownAuthority) || !strings.Contains(err.Error(), "x509") {
		t.Fatalf("default config: err = %v, want an x509 unknown authority error", err)
	}
	if w := clock.Waits(); len(w) != 0 {
		t.Errorf("a certificate error was retried: waits %v", w)
	}

	for name, mutate := range map[string]func(*Config){
		"CACertPEM": func(c *Config) { c.CACertPEM = pemOf(srv) },
		"Insecure":  func(c *Config) { c.Insecure = true },
	} {
		c, _ := newTestClient(t, srv.URL, "auto", mutate)
		if v, err := c.Version(ctxT(t)); err != nil || v != V8 {
			t.Errorf("%s: Version = %v, %v", name, v, err)
		}
	}
}

func TestPermanentConnectionErrorsAreNotRetried(t *testing.T) {
	// https to a plain-http server (net/http turns the tls.RecordHeaderError into
	// ErrSchemeMismatch), and to something that does not speak TLS at all.
	plain := httptest.NewServer(http.NotFoundHandler())
	defer plain.Close()
	c, clock := newTestClient(t, strings.Replace(plain.URL, "http://", "https://", 1), "auto")
	_, err := c.Version(ctxT(t))
	if !errors.Is(err, http.ErrSchemeMismatch) || len(clock.Waits()) != 0 {
		t.Errorf("TLS to plain HTTP: err = %v, waits %v; want one try", err, clock.Waits())
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			_, _ = io.WriteString(conn, "SSH-2.0-OpenSSH_9.6\r\n")
			_ = conn.Close()
		}
	}()
	c, clock = newTestClient(t, "https://"+ln.Addr().String(), "auto")
	_, err = c.Version(ctxT(t))
	var recordHeader tls.RecordHeaderError
	if !errors.As(err, &recordHeader) || len(clock.Waits()) != 0 {
		t.Errorf("TLS to a non-TLS service: err = %v, waits %v; want one try", err, clock.Waits())
	}

	// A TLS server whose certificate does not name the host: x509.HostnameError.
	tlsSrv := newQuietTLSServer(t, http.NotFoundHandler())
	_, port, _ := net.SplitHostPort(tlsSrv.Listener.Addr().String())
	c, clock = newTestClient(t, "https://localhost:"+port, "auto", func(c *Config) { c.CACertPEM = pemOf(tlsSrv) })
	_, err = c.Version(ctxT(t))
	var hostname x509.HostnameError
	if !errors.As(err, &hostname) || len(clock.Waits()) != 0 {
		t.Errorf("wrong host name: err = %v, waits %v; want one try", err, clock.Waits())
	}

	// DNS: a name that does not exist is final, a temporary failure is retried.
	for _, tt := range []struct {
		dnsErr    *net.DNSError
		wantDials int32
	}{
		{&net.DNSError{Err: "no such host", Name: "vb365.invalid", IsNotFound: true}, 1},
		{&net.DNSError{Err: "server misbehaving", Name: "vb365.invalid", IsTemporary: true}, 4},
	} {
		var dials atomic.Int32
		transport := &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
			dials.Add(1)
			return nil, tt.dnsErr
		}}
		c, _ := newTestClient(t, "http://vb365.invalid", "v8", func(c *Config) { c.HTTPClient = &http.Client{Transport: transport} })
		primeToken(c)
		if _, err := c.Mailbox(ctxT(t), "s1", "m1"); !errors.Is(err, tt.dnsErr) {
			t.Errorf("err = %v, want the DNS error", err)
		}
		if dials.Load() != tt.wantDials {
			t.Errorf("%v: %d dials, want %d", tt.dnsErr, dials.Load(), tt.wantDials)
		}
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
