package vb365

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestProvablyNotRun covers every class of error an action can return: only a request that
// never left and a 4xx answer to the action itself prove that it did not run.
func TestProvablyNotRun(t *testing.T) {
	apiErr := func(status int) error {
		return &APIError{StatusCode: status, Method: "POST", Route: "/v8/RestoreSessions/{restoreSessionId}/Stop"}
	}
	notRun := map[string]error{
		"ErrNotSent itself":                  ErrNotSent,
		"notSent wrapper":                    notSent(errors.New("dial tcp: connection refused")),
		"failedBeforeSending of a POST":      (&apiRequest{method: "POST", route: newRoute(V8).lit("Token")}).failedBeforeSending(context.Canceled),
		"ErrNotSent wrapped with fmt.Errorf": fmt.Errorf("outer: %w", notSent(errors.New("x"))),
		"token refused, action not sent":     notSent(&authError{cause: apiErr(400)}),
		"4xx wrapped with fmt.Errorf":        fmt.Errorf("explore: %w", apiErr(409)),
	}
	for status := 400; status <= 499; status++ {
		notRun[fmt.Sprintf("APIError %d", status)] = apiErr(status)
	}
	mayHaveRun := map[string]error{
		"nil (success)":                  nil,
		"connection reset after sending": fmt.Errorf("vb365: POST /v8/x: %w", errors.New("read: connection reset by peer")),
		"lost connection (EOF)":          fmt.Errorf("vb365: POST /v8/x: %w", io.EOF),
		"context deadline after sending": fmt.Errorf("vb365: POST /v8/x: %w", context.DeadlineExceeded),
		"timeout":                        errors.New("no response within 60s"),
		"malformed answer":               malformed(&apiRequest{method: "POST", route: newRoute(V7).lit("x")}, errors.New("unexpected end of JSON input")),
		"download cut short":             fmt.Errorf("vb365: POST /v8/x: response body truncated after 3 bytes: %w", io.ErrUnexpectedEOF),
		"unconfirmed wrapping a 404 poll": fmt.Errorf("vb365: restore session s: %w: %w",
			ErrRestoreUnconfirmed, fmt.Errorf("polling: %w", apiErr(404))),
		"failed restore wrapping a 400": errors.Join(fmt.Errorf("x: %w", ErrRestoreFailed), apiErr(400)),
		"unconfirmed with ErrNotSent":   errors.Join(ErrRestoreUnconfirmed, ErrNotSent), // a poll not sent does not unsend the POST
		"plain error":                   errors.New("something"),
		"APIError 0":                    apiErr(0),
	}
	for status := 100; status <= 399; status++ {
		mayHaveRun[fmt.Sprintf("APIError %d", status)] = apiErr(status)
	}
	for status := 500; status <= 599; status++ {
		mayHaveRun[fmt.Sprintf("APIError %d", status)] = apiErr(status)
	}
	for name, err := range notRun {
		if !ProvablyNotRun(err) {
			t.Errorf("%s: ProvablyNotRun(%v) = false, want true", name, err)
		}
	}
	for name, err := range mayHaveRun {
		if ProvablyNotRun(err) {
			t.Errorf("%s: ProvablyNotRun(%v) = true, want false (may have run)", name, err)
		}
	}
	t.Logf("classified %d did-not-run and %d may-have-run errors", len(notRun), len(mayHaveRun))
}

// TestRetryAfterBeyondDurationIsClamped: a Retry-After of more seconds than a time.Duration
// holds is "much later", not an overflowed tiny or negative delay.
func TestRetryAfterBeyondDurationIsClamped(t *testing.T) {
	now := time.Now()
	for _, v := range []string{"9223372037", "18446744073709551615", "99999999999999999999999999", "10000000000000"} {
		d, ok := retryAfter(v, now)
		if !ok || d != maxRetryAfter {
			t.Errorf("retryAfter(%q) = %s, %v; want the maximum delay", v, d, ok)
		}
	}
	if d, ok := retryAfter("9223372036", now); !ok || d != 9223372036*time.Second {
		t.Errorf("largest representable: %s, %v", d, ok)
	}
	if _, ok := retryAfter("-1", now); ok {
		t.Error("a negative delay was accepted")
	}

	// Through the client: the server asks for centuries; the GET gives up at once, no wait.
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "99999999999999")
		writeJSON(w, 503, map[string]any{"message": "busy"})
	})
	c, clock := newTestClient(t, fs.srv.URL, "v8")
	_, err := c.RestoreSession(ctxT(t), "s1")
	if err == nil || !strings.Contains(err.Error(), "longer than the maximum retry delay") {
		t.Fatalf("err = %v", err)
	}
	if w := clock.Waits(); len(w) != 0 || len(fs.APIRequests()) != 1 {
		t.Errorf("waits %v, requests %d: want one request and no wait", w, len(fs.APIRequests()))
	}
}

// TestActionsUseHTTP1WhileReadsUseHTTP2: on the client's own transport an action POST never
// travels over HTTP/2, whose client resends requests by itself.
func TestActionsUseHTTP1WhileReadsUseHTTP2(t *testing.T) {
	sim := vb365sim.New()
	var mu sync.Mutex
	protos := map[string]map[int]int{} // method -> major version -> count
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if protos[r.Method] == nil {
			protos[r.Method] = map[int]int{}
		}
		if !strings.HasSuffix(strings.ToLower(r.URL.Path), "/token") {
			protos[r.Method][r.ProtoMajor]++
		}
		mu.Unlock()
		sim.ServeHTTP(w, r)
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	c, err := New(Config{Endpoint: srv.URL, APIVersion: "v8", Username: vb365sim.DefaultUsername,
		Password: vb365sim.DefaultPassword, CACertPEM: pemOf(srv)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := ctxT(t)
	if _, err := c.Mailbox(ctx, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID); err != nil {
		t.Fatal(err)
	}
	if err := c.SendToDefaultAddress(ctx, seedScope(vb365sim.SeedMessageID)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RestoreToOriginalLocation(ctx, seedScope(vb365sim.SeedTaskID), RestoreToOriginalLocationOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if protos["GET"][2] == 0 || protos["GET"][1] != 0 {
		t.Errorf("GETs by protocol %v, want HTTP/2 only", protos["GET"])
	}
	if protos["POST"][1] != 2 || protos["POST"][2] != 0 {
		t.Errorf("action POSTs by protocol %v, want 2 over HTTP/1.1", protos["POST"])
	}
}

// TestHTTP2StreamResetAfterBodyIsNotResent: an HTTP/2 server reads a whole action POST (it
// executes it) and then resets the stream with REFUSED_STREAM. Go's HTTP/2 client resends such
// a request by itself when it can (no body, or a GetBody); the second one is answered with
// success. The caller's own HTTP/2 client is used, so only the action's one-shot body stands
// between the server and a second execution: exactly one execution and a "may have run" error.
func TestHTTP2StreamResetAfterBodyIsNotResent(t *testing.T) {
	for _, tc := range []struct {
		name    string
		version string
		run     func(context.Context, *Client) error
	}{
		{"v7 restore with a JSON body", "v7", func(ctx context.Context, c *Client) error {
			_, err := c.RestoreToOriginalLocation(ctx, testScope, RestoreToOriginalLocationOptions{}, nil)
			return err
		}},
		{"v8 send to the default address without a body", "v8", func(ctx context.Context, c *Client) error {
			return c.SendToDefaultAddress(ctx, testScope)
		}},
		{"v8 stop without a body", "v8", func(ctx context.Context, c *Client) error {
			return c.StopRestoreSession(ctx, "s1")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h2 := startResettingH2Server(t)
			c, _ := newTestClient(t, h2.url, tc.version, func(cfg *Config) {
				cfg.HTTPClient = &http.Client{Transport: &http.Transport{
					TLSClientConfig: &tls.Config{RootCAs: h2.roots}, ForceAttemptHTTP2: true,
				}}
			})
			primeToken(c)
			err := tc.run(ctxT(t), c)
			if n := h2.executions.Load(); n != 1 {
				t.Fatalf("the server executed the action %d times (err = %v), want exactly once", n, err)
			}
			if h2.http2Streams.Load() == 0 {
				t.Fatal("the request did not travel over HTTP/2: the test proves nothing")
			}
			if err == nil || ProvablyNotRun(err) {
				t.Fatalf("err = %v, want a may-have-run error", err)
			}
			t.Logf("stream reset after the body: 1 execution, reported as may have run: %v", err)
		})
	}
}

type resettingH2Server struct {
	url          string
	roots        *x509.CertPool
	executions   atomic.Int32 // requests read completely
	http2Streams atomic.Int32
}

// startResettingH2Server is a minimal HTTP/2 server over TLS: it reads each request's headers
// and whole body (that is its execution), resets the first stream with REFUSED_STREAM and
// answers later ones 200 {"createdItemsCount": 1}.
func startResettingH2Server(t *testing.T) *resettingH2Server {
	t.Helper()
	certSrv := httptest.NewTLSServer(http.NotFoundHandler()) // only for its certificate
	cert, roots := certSrv.TLS.Certificates[0], x509.NewCertPool()
	roots.AddCert(certSrv.Certificate())
	certSrv.Close()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"h2"}})
	if err != nil {
		t.Fatal(err)
	}
	s := &resettingH2Server{url: "https://" + ln.Addr().String(), roots: roots}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		for _, c := range conns {
			_ = c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer conn.Close()
				s.serveConn(conn)
			}()
		}
	}()
	return s
}

func (s *resettingH2Server) serveConn(conn net.Conn) {
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	preface := make([]byte, len(http2.ClientPreface))
	if _, err := io.ReadFull(conn, preface); err != nil || string(preface) != http2.ClientPreface {
		return
	}
	fr := http2.NewFramer(conn, conn)
	fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	if fr.WriteSettings() != nil {
		return
	}
	complete := func(streamID uint32) {
		s.http2Streams.Add(1)
		if s.executions.Add(1) == 1 {
			_ = fr.WriteRSTStream(streamID, http2.ErrCodeRefusedStream)
			return
		}
		var hdr bytes.Buffer
		enc := hpack.NewEncoder(&hdr)
		_ = enc.WriteField(hpack.HeaderField{Name: ":status", Value: "200"})
		_ = enc.WriteField(hpack.HeaderField{Name: "content-type", Value: "application/json"})
		_ = fr.WriteHeaders(http2.HeadersFrameParam{StreamID: streamID, BlockFragment: hdr.Bytes(), EndHeaders: true})
		_ = fr.WriteData(streamID, true, []byte(`{"createdItemsCount": 1}`))
	}
	for {
		f, err := fr.ReadFrame()
		if err != nil {
			return
		}
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if !f.IsAck() {
				_ = fr.WriteSettingsAck()
			}
		case *http2.PingFrame:
			if !f.IsAck() {
				_ = fr.WritePing(true, f.Data)
			}
		case *http2.MetaHeadersFrame:
			if f.StreamEnded() {
				complete(f.StreamID)
			}
		case *http2.DataFrame:
			if f.StreamEnded() {
				complete(f.StreamID)
			}
		}
	}
}
