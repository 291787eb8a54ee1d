package vb365sim

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault describes an injected failure. It applies to requests whose method equals Method
// (any method when empty) and whose path contains PathContains (case-insensitive; any path when
// empty), Times times (Times <= 0 means once). Effects combine in this order: Latency, then
// ResetBeforeHandler, then Status (the handler does not run), then StatusAfterHandler,
// ResetAfterHandler, LatencyAfterHandler, MalformedBody or TruncatedBody (the handler runs and
// its effects happen: an action is executed and in the ledger, but the client does not learn
// it from the answer).
type Fault struct {
	Method       string
	PathContains string
	// Status answers this status with {"message": ...} instead of running the handler (e.g. 429, 500, 503).
	Status int
	// RetryAfter is sent as the Retry-After header with Status.
	RetryAfter string
	Times      int
	// ResetBeforeHandler closes the connection without a response; nothing happens on the server.
	ResetBeforeHandler bool
	// ResetAfterHandler runs the handler (the action happens) and then closes the connection
	// without sending its response.
	ResetAfterHandler bool
	// Latency delays the request (honouring request cancellation) before anything else.
	Latency time.Duration
	// StatusAfterHandler runs the handler (the action happens), discards its response and
	// answers this status instead: a gateway's 502/504 or a server's 500 after the work was done.
	StatusAfterHandler int
	// LatencyAfterHandler runs the handler (the action happens) and then holds its response
	// back for this long, or until the client gives up: a timeout after execution. The response
	// is sent if the client is still waiting.
	LatencyAfterHandler time.Duration
	// Signal, when set, receives one value (without blocking) once an *AfterHandler effect is
	// about to happen, i.e. after the handler ran: tests use it to end a client's wait without
	// timing anything.
	Signal chan<- struct{}
	// Held and Release hold the request once the fault is taken, before any of its effects: the
	// simulator sends one value on Held (when set) and waits until Release is closed or the
	// request is cancelled. Tests use them to make another request (another run) land exactly
	// while this one is in flight, without timing anything.
	Held    chan<- struct{}
	Release <-chan struct{}
	// MalformedBody replaces the response body with invalid JSON (status and headers kept).
	MalformedBody bool
	// TruncatedBody sends the declared Content-Length but only half of the body, then closes.
	TruncatedBody bool
}

// Fault registers f; it is safe to call while serving.
func (s *Server) Fault(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults = append(s.faults, &f)
}

// ClearFaults removes every pending fault.
func (s *Server) ClearFaults() {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults = nil
}

// takeFault consumes one application of the first fault matching r.
func (s *Server) takeFault(r *http.Request) *Fault {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	path := strings.ToLower(r.URL.Path)
	for i, f := range s.faults {
		if f.Method != "" && !strings.EqualFold(f.Method, r.Method) {
			continue
		}
		if f.PathContains != "" && !strings.Contains(path, strings.ToLower(f.PathContains)) {
			continue
		}
		f.Times--
		if f.Times <= 0 {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		}
		applied := *f
		return &applied
	}
	return nil
}

// readBodyFirst reads the request body into memory before a fault holds the request: net/http
// notices a client that gave up (and cancels the request's context) only once the body has been
// read, so a held POST would otherwise outlive its client, and the test server's Close would
// wait for it.
func readBodyFirst(r *http.Request) {
	if r.Body == nil || r.Body == http.NoBody {
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return // the handler reads what is left and fails as it would have
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
}

func (s *Server) serveWithFaults(c *reqCtx, handle func(*reqCtx)) {
	f := s.takeFault(c.r)
	if f == nil {
		handle(c)
		return
	}
	if f.Release != nil || f.Latency > 0 {
		readBodyFirst(c.r)
	}
	if f.Held != nil {
		f.Held <- struct{}{}
	}
	if f.Release != nil {
		select {
		case <-f.Release:
		case <-c.r.Context().Done():
			return
		}
	}
	if f.Latency > 0 {
		t := time.NewTimer(f.Latency)
		select {
		case <-t.C:
		case <-c.r.Context().Done():
			t.Stop()
			return
		}
	}
	switch {
	case f.ResetBeforeHandler:
		resetConnection(c.w, true)
		return
	case f.Status != 0:
		if f.RetryAfter != "" {
			c.w.Header().Set("Retry-After", f.RetryAfter)
		}
		writeJSON(c.w, f.Status, errorBody(c.v, "Simulated fault: "+strconv.Itoa(f.Status)+" "+http.StatusText(f.Status), ""))
		return
	case f.StatusAfterHandler != 0:
		handle(c.with(newDiscardWriter()))
		f.signal()
		writeJSON(c.w, f.StatusAfterHandler, errorBody(c.v, "Simulated fault after execution: "+strconv.Itoa(f.StatusAfterHandler)+" "+http.StatusText(f.StatusAfterHandler), ""))
		return
	case f.ResetAfterHandler:
		handle(c.with(newDiscardWriter()))
		f.signal()
		resetConnection(c.w, true)
		return
	case f.LatencyAfterHandler > 0:
		rec := newDiscardWriter()
		rec.keep = true
		handle(c.with(rec))
		f.signal()
		t := time.NewTimer(f.LatencyAfterHandler)
		defer t.Stop()
		select {
		case <-t.C:
		case <-c.r.Context().Done():
			return
		}
		for k, vs := range rec.header {
			c.w.Header()[k] = vs
		}
		c.w.WriteHeader(rec.status)
		_, _ = c.w.Write(rec.body.Bytes())
		return
	case f.MalformedBody, f.TruncatedBody:
		rec := newDiscardWriter()
		rec.keep = true
		handle(c.with(rec))
		for k, vs := range rec.header {
			c.w.Header()[k] = vs
		}
		body := rec.body.Bytes()
		if f.MalformedBody {
			body = []byte(`{"message": "simulated malformed body", "results": [ {"id": "unterminated`)
			c.w.Header().Del("Content-Length")
			c.w.WriteHeader(rec.status)
			_, _ = c.w.Write(body)
			return
		}
		c.w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		c.w.WriteHeader(rec.status)
		_, _ = c.w.Write(body[:len(body)/2])
		if fl, ok := c.w.(http.Flusher); ok {
			fl.Flush()
		}
		resetConnection(c.w, false) // a graceful close: the client reads half the body, then EOF
		return
	}
	handle(c)
}

// with returns a copy of c writing to w.
func (c *reqCtx) with(w http.ResponseWriter) *reqCtx {
	copied := *c
	copied.w = w
	return &copied
}

func (f *Fault) signal() {
	if f.Signal != nil {
		select {
		case f.Signal <- struct{}{}:
		default:
		}
	}
}

// resetConnection drops the client connection: hijack and close, with SO_LINGER 0 (a TCP RST)
// when hard, otherwise abort the handler, which makes net/http close the stream.
func resetConnection(w http.ResponseWriter, hard bool) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			if tcp, ok := conn.(*net.TCPConn); ok && hard {
				_ = tcp.SetLinger(0)
			}
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// discardWriter is a ResponseWriter that counts (or keeps) what a handler writes.
type discardWriter struct {
	header http.Header
	status int
	keep   bool
	body   bytes.Buffer
}

func newDiscardWriter() *discardWriter {
	return &discardWriter{header: http.Header{}, status: http.StatusOK}
}

func (d *discardWriter) Header() http.Header { return d.header }
func (d *discardWriter) WriteHeader(code int) {
	d.status = code
}
func (d *discardWriter) Write(p []byte) (int, error) {
	if d.keep {
		return d.body.Write(p)
	}
	return len(p), nil
}
