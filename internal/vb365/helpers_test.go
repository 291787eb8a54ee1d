package vb365

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testUser     = "admin@example.test"
	testPassword = "s3cret-Passw0rd!"
)

// fakeClock is a Clock whose After fires at once and advances the time, recording each wait,
// so that backoff and polling run instantly and deterministically.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits = append(c.waits, d)
	c.now = c.now.Add(d)
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *fakeClock) Waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}

// recorded is one request seen by fakeServer.
type recorded struct {
	Method, EscapedPath, Query, Auth, ContentType, UserAgent string
	Body                                                     []byte
}

// fakeServer is a scripted VB365 server for cases the simulator cannot produce: it answers
// the token endpoint itself and hands every other request to api.
type fakeServer struct {
	t   *testing.T
	srv *httptest.Server

	mu            sync.Mutex
	requests      []recorded
	tokenForms    []url.Values
	tokenLifetime int
	tokenHandler  func(w http.ResponseWriter, form url.Values) bool // true = handled
	api           http.HandlerFunc
	issued        int
}

func newFakeServer(t *testing.T, api http.HandlerFunc) *fakeServer {
	t.Helper()
	fs := &fakeServer{t: t, api: api, tokenLifetime: 3600}
	fs.srv = httptest.NewServer(http.HandlerFunc(fs.serve))
	t.Cleanup(fs.srv.Close)
	return fs
}

func (fs *fakeServer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec := recorded{
		Method: r.Method, EscapedPath: r.URL.EscapedPath(), Query: r.URL.RawQuery, Auth: r.Header.Get("Authorization"),
		ContentType: r.Header.Get("Content-Type"), UserAgent: r.Header.Get("User-Agent"), Body: body,
	}
	fs.mu.Lock()
	fs.requests = append(fs.requests, rec)
	fs.mu.Unlock()
	if r.Method == http.MethodPost && strings.HasSuffix(strings.ToLower(r.URL.Path), "/token") {
		form, _ := url.ParseQuery(string(body))
		fs.mu.Lock()
		fs.tokenForms = append(fs.tokenForms, form)
		handler := fs.tokenHandler
		fs.mu.Unlock()
		if handler != nil && handler(w, form) {
			return
		}
		fs.issueToken(w)
		return
	}
	r.Body = io.NopCloser(strings.NewReader(string(body)))
	fs.api(w, r)
}

func (fs *fakeServer) issueToken(w http.ResponseWriter) {
	fs.mu.Lock()
	fs.issued++
	n, lifetime := fs.issued, fs.tokenLifetime
	fs.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": fmt.Sprintf("access-%d", n), "refresh_token": fmt.Sprintf("refresh-%d", n),
		"token_type": "bearer", "expires_in": lifetime, ".issued": "x", ".expires": "y",
	})
}

func (fs *fakeServer) Requests() []recorded {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return append([]recorded(nil), fs.requests...)
}

// APIRequests are the requests other than token requests.
func (fs *fakeServer) APIRequests() []recorded {
	var out []recorded
	for _, r := range fs.Requests() {
		if !strings.HasSuffix(strings.ToLower(r.EscapedPath), "/token") {
			out = append(out, r)
		}
	}
	return out
}

func (fs *fakeServer) TokenForms() []url.Values {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return append([]url.Values(nil), fs.tokenForms...)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// newTestClient returns a client for url with a fake clock and fast retries.
func newTestClient(t testing.TB, endpoint, version string, mutate ...func(*Config)) (*Client, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	cfg := Config{
		Endpoint: endpoint, APIVersion: version, Username: testUser, Password: testPassword,
		Clock: clock, Retry: RetryPolicy{Attempts: 4, MinDelay: time.Second, MaxDelay: 8 * time.Second},
	}
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, clock
}

func collect[T any](t testing.TB, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatalf("listing: %v", err)
		}
		out = append(out, v)
	}
	return out
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}
