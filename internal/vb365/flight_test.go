package vb365

import (
	"context"
	"errors"
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
