package vb365

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"
)

// route is a request path: the template names its parameters (for errors and logs), the
// escaped path carries the values, each escaped as one segment.
type route struct {
	version  APIVersion
	template string // "/v8/RestoreSessions/{restoreSessionId}"
	path     string // unescaped, for url.URL.Path
	rawPath  string // escaped, for url.URL.RawPath
	err      error  // the first invalid ID
}

func newRoute(v APIVersion) route {
	seg := v.String()
	return route{version: v, template: "/" + seg, path: "/" + seg, rawPath: "/" + seg}
}

// lit appends a literal segment.
func (r route) lit(segment string) route {
	r.template += "/" + segment
	r.path += "/" + segment
	r.rawPath += "/" + segment
	return r
}

// id appends an ID segment. label names the ID in errors ("mailbox ID").
func (r route) id(param, label, value string) route {
	if r.err == nil {
		r.err = validateID(label, value)
	}
	r.template += "/{" + param + "}"
	r.path += "/" + value
	r.rawPath += "/" + url.PathEscape(value)
	return r
}

func validateID(label, value string) error {
	switch {
	case strings.TrimSpace(value) == "":
		return fmt.Errorf("vb365: %s is empty", label)
	case value == "." || value == "..":
		return fmt.Errorf("vb365: %s %q is not a valid ID", label, value)
	case strings.ContainsAny(value, "\x00\r\n"):
		return fmt.Errorf("vb365: %s %q contains control characters", label, value)
	}
	return nil
}

// apiRequest is one logical API call; its body is buffered so that it can be replayed after a
// 401 (and, for GET, retried).
type apiRequest struct {
	method      string
	route       route
	query       url.Values
	body        []byte
	contentType string
	accept      string
	anonymous   bool // no bearer token: version probes and the token request itself
	// action marks an action POST (explore, stop, item actions, downloads). It is bounded by
	// the caller's context only: a synchronous restore answers when it has finished and a PST
	// export's server first writes a temporary file, so a per-request timeout would report a
	// failure while the server keeps running the action.
	action bool
	// retryUnsent marks an action that restores nothing (explore, stop): a connection failure
	// before it reached the server is retried like a GET's, since nothing ran and nothing was
	// opened. Restores, exports and sends are never retried.
	retryUnsent bool
	secrets     []string
}

func (r *apiRequest) describe() string { return r.method + " " + r.route.template }

// notSent marks err, a failure before r reached the server, with ErrNotSent when r is not a
// GET (see ErrNotSent); GET errors are returned unchanged.
func (r *apiRequest) notSent(err error) error {
	if r.method == http.MethodGet {
		return err
	}
	return notSent(err)
}

// failedBeforeSending describes a transport failure before r reached the server:
// "vb365: POST /v8/...: request not sent: <cause>" (GETs omit "request not sent").
func (r *apiRequest) failedBeforeSending(cause error) error {
	if r.method == http.MethodGet {
		return fmt.Errorf("vb365: %s: %w", r.describe(), cause)
	}
	return fmt.Errorf("vb365: %s: %w: %w", r.describe(), ErrNotSent, cause)
}

func jsonBody(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("vb365: encoding request body: %w", err)
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

func (c *Client) buildURL(r *apiRequest) *url.URL {
	u := *c.base
	u.Path = c.base.Path + r.route.path
	u.RawPath = c.base.EscapedPath() + r.route.rawPath
	if len(r.query) > 0 {
		u.RawQuery = r.query.Encode()
	}
	return &u
}

// send performs r and returns the response when its status is 2xx; the caller closes the
// body. Any other status becomes an *APIError. GET requests are retried on 429/502/503/504 and
// connection errors, explores and stops on connection errors before they reached the server;
// every request is replayed once with a fresh token after a 401.
func (c *Client) send(ctx context.Context, r *apiRequest) (*http.Response, error) {
	if r.route.err != nil {
		return nil, r.notSent(r.route.err)
	}
	resp, err := c.sendRaw(ctx, r)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, c.apiError(r, resp)
	}
	return resp, nil
}

// sendRaw is send without the status check: version probes need to see 401 and 404.
func (c *Client) sendRaw(ctx context.Context, r *apiRequest) (*http.Response, error) {
	replayed := false
	sends := 0
	for try := 1; ; try++ {
		var token string
		if !r.anonymous {
			var err error
			token, err = c.auth.token(ctx, r.route.version)
			if err != nil {
				return nil, r.notSent(err)
			}
		}
		sends++
		resp, err := c.attempt(ctx, r, token, sends)
		if err == nil && resp.StatusCode == http.StatusUnauthorized && !r.anonymous && !replayed {
			// The server did not execute the request: refresh the token and replay once.
			discard(resp)
			c.auth.invalidate(token)
			replayed = true
			try--
			continue
		}
		if !c.shouldRetry(ctx, r, resp, err, try) {
			if err != nil {
				return nil, err
			}
			return resp, nil
		}
		wait := c.backoff(try)
		if resp != nil {
			if d, ok := retryAfter(resp.Header.Get("Retry-After"), c.clock.Now()); ok {
				if why := c.retryAfterTooLong(ctx, d); why != "" {
					// Waiting that long would outlast the policy or the caller: give up now
					// with the server's answer.
					return nil, fmt.Errorf("%w (the server asked to retry after %s, %s)", c.apiError(r, resp), d, why)
				}
				wait = d
			}
			discard(resp)
		}
		c.log(ctx, "vb365 retry wait", map[string]any{"method": r.method, "route": r.route.template, "attempt": sends, "wait_ms": wait.Milliseconds()})
		select {
		case <-ctx.Done():
			if err != nil {
				return nil, fmt.Errorf("%w (gave up retrying: %v)", err, ctx.Err())
			}
			return nil, fmt.Errorf("vb365: %s: %w", r.describe(), ctx.Err())
		case <-c.clock.After(wait):
		}
	}
}

func (c *Client) shouldRetry(ctx context.Context, r *apiRequest, resp *http.Response, err error, try int) bool {
	if try >= c.retry.Attempts || ctx.Err() != nil {
		return false
	}
	if r.method != http.MethodGet {
		var netErr net.Error
		return r.retryUnsent && errors.Is(err, ErrNotSent) && errors.As(err, &netErr) && !permanentConnectionError(err)
	}
	if err != nil {
		// No response at all: connection refused/reset, timeout before headers. A certificate
		// or DNS failure stays the same on every try.
		return !permanentConnectionError(err)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryAfterTooLong says why a Retry-After delay d is not worth waiting for, or "" when it is.
func (c *Client) retryAfterTooLong(ctx context.Context, d time.Duration) string {
	if d > c.retry.MaxDelay {
		return fmt.Sprintf("longer than the maximum retry delay %s", c.retry.MaxDelay)
	}
	if deadline, ok := ctx.Deadline(); ok && d >= time.Until(deadline) {
		return "longer than the time left before the deadline"
	}
	return ""
}

func permanentConnectionError(err error) bool {
	var (
		unknownAuthority x509.UnknownAuthorityError
		hostname         x509.HostnameError
		invalid          x509.CertificateInvalidError
		verification     *tls.CertificateVerificationError
		recordHeader     tls.RecordHeaderError
		dns              *net.DNSError
	)
	return errors.As(err, &unknownAuthority) || errors.As(err, &hostname) || errors.As(err, &invalid) ||
		errors.As(err, &verification) || errors.As(err, &recordHeader) || errors.Is(err, http.ErrSchemeMismatch) ||
		errors.As(err, &dns) && dns.IsNotFound
}

// backoff is exponential with full jitter: uniform in [MinDelay, min(MaxDelay, MinDelay*2^(try-1))].
func (c *Client) backoff(try int) time.Duration {
	ceiling := c.retry.MaxDelay
	if shift := try - 1; shift < 30 {
		if d := c.retry.MinDelay << shift; d > 0 && d < ceiling {
			ceiling = d
		}
	}
	span := ceiling - c.retry.MinDelay
	if span <= 0 {
		return c.retry.MinDelay
	}
	return c.retry.MinDelay + rand.N(span+1)
}

// maxRetryAfter is the longest Retry-After delay represented: a time.Duration's maximum.
const maxRetryAfter = time.Duration(math.MaxInt64)

// retryAfter parses a Retry-After header: delay seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseUint(v, 10, 64); err == nil {
		// Clamped: seconds beyond ~292 years would overflow time.Duration into a tiny or
		// negative delay, turning "come back much later" into "retry at once".
		if secs > uint64(maxRetryAfter/time.Second) {
			return maxRetryAfter, true
		}
		return time.Duration(secs) * time.Second, true
	} else if errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(v, "-") {
		return maxRetryAfter, true // more digits than any uint64
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// attempt sends one HTTP request while holding a concurrency slot. The slot and the per-request
// timeout are released when the response body is closed.
func (c *Client) attempt(ctx context.Context, r *apiRequest, token string, n int) (*http.Response, error) {
	select {
	case c.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, r.failedBeforeSending(ctx.Err())
	}
	release := sync.OnceFunc(func() { <-c.slots })

	reqCtx, cancel := context.WithCancelCause(ctx)
	timeoutErr := fmt.Errorf("no response within %s", c.requestTimeout)
	stopTimer := func() bool { return false }
	if !r.action {
		stopTimer = time.AfterFunc(c.requestTimeout, func() { cancel(timeoutErr) }).Stop
	}
	done := func() {
		stopTimer()
		cancel(context.Canceled)
		release()
	}

	// wrote is set once the whole request has been written to a connection: a failure
	// before that certainly did not reach the server.
	var wrote atomic.Bool
	trace := &httptrace.ClientTrace{WroteRequest: func(info httptrace.WroteRequestInfo) {
		if info.Err == nil {
			wrote.Store(true)
		}
	}}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(reqCtx, trace), r.method, c.buildURL(r).String(), nil)
	if err != nil {
		done()
		return nil, r.failedBeforeSending(err)
	}
	// The URL string round trip keeps %2F inside IDs: EscapedPath prefers RawPath.
	switch {
	case r.action:
		// An action's body can be read once only: no GetBody, and a body even when the route
		// takes none. Go's HTTP/2 client silently resends a request whose body is absent or
		// rewindable when the server refuses the stream or goes away, and a server or proxy
		// that does so after reading the request may already have run it. Without a rewindable
		// body the transport returns the error instead, and the caller learns "may have run".
		req.Body = &oneShotBody{Reader: bytes.NewReader(r.body)}
		req.ContentLength = int64(len(r.body))
		if r.body != nil {
			req.Header.Set("Content-Type", r.contentType)
		}
	case r.body != nil:
		body := r.body
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		req.ContentLength = int64(len(body))
		req.Header.Set("Content-Type", r.contentType)
	}
	req.Header.Set("Accept", orDefault(r.accept, "application/json"))
	req.Header.Set("User-Agent", c.userAgent)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}

	hc := c.httpClient
	if r.action {
		hc = c.actionClient
	}
	start := time.Now()
	resp, err := hc.Do(req)
	// One format for every duration in the logs: whole milliseconds, as the plugin framework's
	// own tf_req_duration_ms (a time.Duration printed as "1.2s" in text logs and as nanoseconds
	// in JSON logs).
	fields := map[string]any{"method": r.method, "route": r.route.template, "attempt": n, "duration_ms": time.Since(start).Milliseconds()}
	if err != nil {
		cause := context.Cause(reqCtx)
		done()
		if ctx.Err() != nil {
			err = ctx.Err()
		} else if errors.Is(cause, timeoutErr) {
			err = timeoutErr
		} else {
			var urlErr *url.Error
			if errors.As(err, &urlErr) {
				err = urlErr.Err // drop the URL: the route template names the request
			}
		}
		fields["error"] = err.Error()
		c.log(ctx, "vb365 request", fields)
		if !wrote.Load() {
			return nil, r.failedBeforeSending(err)
		}
		return nil, fmt.Errorf("vb365: %s: %w", r.describe(), err)
	}
	fields["status"] = resp.StatusCode
	c.log(ctx, "vb365 request", fields)
	resp.Body = &releasingBody{ReadCloser: resp.Body, release: done}
	return resp, nil
}

// oneShotBody is a request body the transport cannot rewind (it is not one of the in-memory
// readers net/http knows how to replay, and the request has no GetBody).
type oneShotBody struct{ *bytes.Reader }

func (*oneShotBody) Close() error { return nil }

type releasingBody struct {
	io.ReadCloser
	release func()
}

func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.release()
	return err
}

// discard drains a little of the body (so the connection can be reused) and closes it.
func discard(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	_ = resp.Body.Close()
}

// apiError reads an error response into an *APIError and closes the body.
func (c *Client) apiError(r *apiRequest, resp *http.Response) error {
	defer discard(resp)
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	e := &APIError{StatusCode: resp.StatusCode, Method: r.method, Route: r.route.template}
	e.Message, e.ErrorCode = errorBodyMessage(data)
	e.Message = c.redact(e.Message, r.secrets)
	e.ErrorCode = c.redact(e.ErrorCode, r.secrets)
	return e
}

// errorBodyMessage extracts the message from RESTExceptionInfo {"message","errorCode"} or an
// OAuth error {"error","error_description"}; a short plain-text body is used as is.
func errorBodyMessage(data []byte) (message, code string) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return "", ""
	}
	if obj, err := parseObject(data); err == nil {
		msg, _ := obj.str("message")
		errCode, _ := obj.str("errorCode")
		desc, _ := obj.str("error_description")
		oauthErr, _ := obj.str("error")
		message = deref(msg)
		if message == "" {
			message = deref(desc)
		}
		code = deref(errCode)
		if code == "" {
			code = deref(oauthErr)
		}
		return message, code
	}
	if data[0] == '<' { // an HTML error page says nothing useful
		return "", ""
	}
	const maxLen = 300
	s := strings.ToValidUTF8(string(data), "?")
	if len(s) > maxLen {
		s = s[:maxLen] + "..."
	}
	return s, ""
}

// Redact returns text, which came from the server (a message, a warning, an exception, a
// cannotContinueError, an event), with every secret the client knows replaced by "***": the
// configured password, the access and refresh tokens this client was issued, and secrets, the
// caller's own (restore credentials of the request at hand). Each secret is also matched as
// URL-form- and JSON-escaped, since a server may echo a request body.
//
// A secret of minSubstringSecret characters or more is replaced wherever it occurs. A shorter
// one is replaced only where it stands alone (between non-alphanumeric characters or at the
// ends of the text): replacing "ab" inside every word would make messages unreadable and would
// itself reveal the secret by the gaps it leaves, while a short secret embedded in a longer
// word is not told apart by a reader anyway. Empty secrets are ignored.
//
// The client already redacts the texts it returns (APIError messages, restore statistics, v8
// restore session details, events) with the password, its tokens and the request's
// credentials; callers apply Redact with their own secrets to anything else they show or store.
func (c *Client) Redact(text string, secrets ...string) string {
	return c.redact(text, secrets)
}

// minSubstringSecret is the length from which a secret is redacted even inside a word.
const minSubstringSecret = 6

func (c *Client) redact(s string, extra []string) string {
	if s == "" {
		return s
	}
	secrets := append([]string{c.password, c.operator.assertion()}, extra...)
	secrets = append(secrets, c.auth.secrets()...)
	// Longest first: a secret that contains another must be replaced whole.
	slices.SortFunc(secrets, func(a, b string) int { return len(b) - len(a) })
	for _, secret := range secrets {
		if secret == "" {
			continue
		}
		// A server may echo the form-encoded token request or a JSON body (as sent, or
		// re-encoded with HTML-safe escapes).
		htmlSafe, _ := json.Marshal(secret)
		asSent, _ := jsonBody(secret)
		for _, form := range []string{secret, url.QueryEscape(secret), unquote(htmlSafe), unquote(asSent)} {
			if len(form) >= minSubstringSecret {
				s = strings.ReplaceAll(s, form, redactedMark)
			} else {
				s = replaceStandalone(s, form)
			}
		}
	}
	return s
}

const redactedMark = "***"

// replaceStandalone replaces the occurrences of secret in s that are not part of a longer run
// of letters and digits.
func replaceStandalone(s, secret string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, secret)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := i + len(secret)
		first, _ := utf8.DecodeRuneInString(secret)
		last, _ := utf8.DecodeLastRuneInString(secret)
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[end:])
		// A side is a boundary at the text's end, next to a non-word character, or where the
		// secret itself ends in punctuation ("!!" is not part of a word).
		leftAlone := i == 0 || !isWordRune(before) || !isWordRune(first)
		rightAlone := end == len(s) || !isWordRune(after) || !isWordRune(last)
		alone := leftAlone && rightAlone
		b.WriteString(s[:i])
		if alone {
			b.WriteString(redactedMark)
		} else {
			b.WriteString(secret)
		}
		s = s[end:]
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// unquote strips the quotes of an encoded JSON string.
func unquote(encoded []byte) string {
	return strings.TrimSuffix(strings.TrimPrefix(string(encoded), `"`), `"`)
}

func (c *Client) log(ctx context.Context, msg string, fields map[string]any) {
	if c.logf != nil {
		c.logf(ctx, msg, fields)
	}
}

// getJSON performs a GET and decodes the JSON object response with decode.
func (c *Client) getJSON(ctx context.Context, rt route, query url.Values) (object, error) {
	r := &apiRequest{method: http.MethodGet, route: rt, query: query}
	resp, err := c.send(ctx, r)
	if err != nil {
		return object{}, err
	}
	defer resp.Body.Close()
	return c.readObject(r, resp)
}

// readObject decodes a JSON object response body.
func (c *Client) readObject(r *apiRequest, resp *http.Response) (object, error) {
	data, err := c.readBody(r, resp)
	if err != nil {
		return object{}, err
	}
	obj, err := parseObject(data)
	if err != nil {
		return object{}, malformed(r, err)
	}
	return obj, nil
}

// maxJSONResponse bounds a JSON response body, which is held in memory: a broken or hostile
// server must not exhaust it. The largest legitimate body is a page of 10,000 items.
const maxJSONResponse = 32 << 20

var errResponseTooLarge = errors.New("response body too large")

// readBody reads a whole JSON response body of at most c.maxJSON bytes.
func (c *Client) readBody(r *apiRequest, resp *http.Response) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(resp.Body, c.maxJSON+1))
	if err != nil {
		return nil, fmt.Errorf("vb365: %s: reading response: %w", r.describe(), err)
	}
	if int64(len(data)) > c.maxJSON {
		return nil, c.tooLarge(r)
	}
	return data, nil
}

func (c *Client) tooLarge(r *apiRequest) error {
	limit := fmt.Sprintf("%d bytes", c.maxJSON)
	if c.maxJSON%(1<<20) == 0 {
		limit = fmt.Sprintf("%d MiB", c.maxJSON>>20)
	}
	return fmt.Errorf("vb365: %s: %w: more than %s", r.describe(), errResponseTooLarge, limit)
}

// cappedReader delivers at most remaining bytes and then fails with errResponseTooLarge if
// the body goes on; it bounds bodies that are decoded as a stream.
type cappedReader struct {
	r         io.Reader
	remaining int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.remaining < 0 {
		return 0, errResponseTooLarge // sticky: json.Decoder may read again after an error
	}
	if c.remaining == 0 {
		// At the bound: one more byte means the body is too large, none that it ended.
		var probe [1]byte
		n, err := c.r.Read(probe[:])
		if n > 0 {
			c.remaining = -1
			return 0, errResponseTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > c.remaining {
		p = p[:c.remaining]
	}
	n, err := c.r.Read(p)
	c.remaining -= int64(n)
	return n, err
}

func malformed(r *apiRequest, err error) error {
	return fmt.Errorf("vb365: %s: malformed JSON response: %w", r.describe(), err)
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
