package vb365

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

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
