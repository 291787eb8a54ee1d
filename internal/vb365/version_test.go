package vb365

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

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
