package vb365

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

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
