package vb365

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// tokenSource holds the access token shared by every goroutine of a Client. At most one token
// request is in flight; callers that waited on a failed request get its error instead of
// starting their own (so 50 goroutines with a wrong password make one request, not 50).
type tokenSource struct {
	c      *Client
	flight flight[string]

	mu        sync.Mutex
	access    string
	refresh   string
	expiresAt time.Time
	lifetime  time.Duration
	stale     bool // the server rejected access with a 401
	// past keeps the last replaced tokens for redaction: a server may echo an older one.
	past []string
}

// maxPastTokens bounds the tokens remembered for redaction after they were replaced.
const maxPastTokens = 8

func (t *tokenSource) init(c *Client) {
	t.c = c
	t.flight.what = "an access token"
}

// refreshMargin is how long before expiry a token is renewed: 1 minute, or 10% of the token's
// lifetime when that is shorter (short-lived tokens would otherwise be renewed on every call).
func refreshMargin(lifetime time.Duration) time.Duration {
	return min(time.Minute, lifetime/10)
}

// valid returns the current access token if it can be used now.
func (t *tokenSource) valid() (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.access == "" || t.stale || !t.c.clock.Now().Before(t.expiresAt.Add(-refreshMargin(t.lifetime))) {
		return "", false
	}
	return t.access, true
}

// token returns a usable access token, requesting or refreshing one when needed.
func (t *tokenSource) token(ctx context.Context, v APIVersion) (string, error) {
	if tok, ok := t.valid(); ok {
		return tok, nil
	}
	return t.flight.do(ctx, func(ctx context.Context) (string, error) {
		if tok, ok := t.valid(); ok { // renewed by a call that ended just before this one began
			return tok, nil
		}
		t.mu.Lock()
		refresh := t.refresh
		t.mu.Unlock()
		resp, err := t.fetch(ctx, v, refresh)
		if err != nil {
			return "", err
		}
		t.mu.Lock()
		defer t.mu.Unlock()
		for _, old := range []string{t.access, t.refresh} {
			if old != "" {
				t.past = append(t.past, old)
			}
		}
		if n := len(t.past); n > maxPastTokens {
			t.past = append([]string(nil), t.past[n-maxPastTokens:]...)
		}
		t.access, t.refresh, t.stale = resp.access, resp.refresh, false
		t.lifetime = resp.lifetime
		t.expiresAt = t.c.clock.Now().Add(resp.lifetime)
		return t.access, nil
	})
}

// invalidate marks used as rejected so that the next caller refreshes it. A token that was
// already replaced by another goroutine is left alone.
func (t *tokenSource) invalidate(used string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if used != "" && t.access == used {
		t.stale = true
	}
}

// secrets returns the current tokens for redaction.
func (t *tokenSource) secrets() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string{t.access, t.refresh}, t.past...)
}

type tokenResponse struct {
	access, refresh string
	lifetime        time.Duration
}

// fetch uses the refresh grant when a refresh token is known and falls back to the password
// grant when the refresh is rejected.
func (t *tokenSource) fetch(ctx context.Context, v APIVersion, refresh string) (tokenResponse, error) {
	if refresh != "" {
		resp, err := t.request(ctx, v, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}})
		if err == nil {
			return resp, nil
		}
		if ctx.Err() != nil {
			return tokenResponse{}, err
		}
		t.c.log(ctx, "vb365 token refresh failed, using the password grant", map[string]any{"error": err.Error()})
	}
	if op := t.c.operator; op != nil {
		if v < V6 {
			return tokenResponse{}, notSent(&UnsupportedVersionError{Operation: "signing in as a restore operator", Version: v, Minimum: V6})
		}
		return t.request(ctx, v, url.Values{"grant_type": {"operator"}, "client_id": {op.ClientID}, "assertion": {op.Assertion}})
	}
	return t.request(ctx, v, url.Values{
		"grant_type": {"password"},
		"username":   {t.c.username},
		"password":   {t.c.password},
	})
}

// request posts one grant to /vN/Token. The token request is never retried automatically.
func (t *tokenSource) request(ctx context.Context, v APIVersion, form url.Values) (tokenResponse, error) {
	if v >= V7 {
		// Non-browser clients opt out of the antiforgery cookie (v7+), also for refreshes.
		form.Set("disable_antiforgery_token", "true")
	}
	r := &apiRequest{
		method:      http.MethodPost,
		route:       newRoute(v).lit("Token"),
		body:        []byte(form.Encode()),
		contentType: "application/x-www-form-urlencoded",
		anonymous:   true,
		secrets:     []string{form.Get("refresh_token"), form.Get("assertion")},
	}
	resp, err := t.c.send(ctx, r)
	if err != nil {
		if isContextError(err) && ctx.Err() != nil {
			return tokenResponse{}, err
		}
		return tokenResponse{}, &authError{cause: t.c.withHTTPSHint(err)}
	}
	defer resp.Body.Close()
	obj, err := t.c.readObject(r, resp)
	if err != nil {
		return tokenResponse{}, &authError{cause: err}
	}
	access, _ := obj.str("access_token")
	if deref(access) == "" {
		return tokenResponse{}, &authError{cause: fmt.Errorf("vb365: %s: response has no access_token", r.describe())}
	}
	refreshTok, _ := obj.str("refresh_token")
	return tokenResponse{
		access:   *access,
		refresh:  deref(refreshTok),
		lifetime: tokenLifetime(obj, t.c.clock.Now()),
	}, nil
}

// maxTokenLifetime caps the lifetime a server states: an absurd expires_in (years, or a
// number too large for a time.Duration) must not keep a token past its real expiry forever.
const maxTokenLifetime = 24 * time.Hour

// tokenLifetime reads expires_in (seconds, number or string); failing that the .expires date;
// failing that the documented 60 minutes. It is at most maxTokenLifetime.
func tokenLifetime(obj object, now time.Time) time.Duration {
	if raw, ok := obj.raw("expires_in"); ok {
		s := strings.Trim(string(raw), `"`)
		if secs, err := strconv.ParseFloat(s, 64); err == nil && secs > 0 {
			if secs >= maxTokenLifetime.Seconds() {
				return maxTokenLifetime
			}
			return time.Duration(secs * float64(time.Second))
		}
	}
	if exp, _ := obj.str(".expires"); exp != nil {
		for _, layout := range []string{time.RFC1123, time.RFC1123Z, time.RFC3339Nano} {
			if t, err := time.Parse(layout, *exp); err == nil && t.After(now) {
				return min(t.Sub(now), maxTokenLifetime)
			}
		}
	}
	return time.Hour
}

func isContextError(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
