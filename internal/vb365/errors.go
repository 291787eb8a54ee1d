package vb365

import (
	"errors"
	"fmt"
	"net/http"
)

// ErrAuthentication is wrapped by every failure to obtain an access token (wrong credentials,
// rejected grant, unreachable token endpoint).
var ErrAuthentication = errors.New("authentication failed")

// ErrRestoreFailed is wrapped when the server reports that a restore could not complete
// (a cannotContinueError, or a v8 restore session that ended with result Failed).
var ErrRestoreFailed = errors.New("restore failed")

// ErrNotSent is wrapped by every error of an action (explore, stop, item actions) that happened
// before the request could reach the server: invalid input, no token, no connection, the
// context ending while waiting for a slot. Such an action certainly did not run. Any other
// error of an action without a server response leaves its outcome unknown.
var ErrNotSent = errors.New("request not sent")

// ErrRestoreUnconfirmed is wrapped when the server accepted a restore but its outcome could
// not be read: polling a v8 asynchronous restore failed or the context ended, or the server
// answered success without statistics or a session ID. The restore may have run or still be
// running: the returned statistics carry at most the session ID, and the caller must not
// repeat the request blindly.
var ErrRestoreUnconfirmed = errors.New("restore accepted but its outcome is unknown")

// APIError is a non-success HTTP response. It carries the route template, never the concrete
// URL with IDs filled in, and never a token or password.
type APIError struct {
	StatusCode int
	Message    string // the server's message (RESTExceptionInfo.message or OAuth error_description)
	ErrorCode  string // RESTExceptionInfo.errorCode (v7+) or the OAuth error
	Method     string
	Route      string // e.g. "/v8/RestoreSessions/{restoreSessionId}"
}

// Error renders e.g. `GET /v8/RestoreSessions/{restoreSessionId}: 404 Not Found: Restore session not found (ResourceNotFound)`.
func (e *APIError) Error() string {
	s := fmt.Sprintf("%s %s: %d %s", e.Method, e.Route, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.ErrorCode != "" {
		s += " (" + e.ErrorCode + ")"
	}
	return s
}

// IsNotFound reports whether err is (or wraps) an APIError with status 404.
func IsNotFound(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound
}

// notSentError marks an error that happened before a request reached the server, keeping the
// original message.
type notSentError struct{ cause error }

func (e *notSentError) Error() string   { return e.cause.Error() }
func (e *notSentError) Unwrap() []error { return []error{ErrNotSent, e.cause} }

// notSent wraps ErrNotSent into err (nil stays nil).
func notSent(err error) error {
	if err == nil || errors.Is(err, ErrNotSent) {
		return err
	}
	return &notSentError{cause: err}
}

// authError wraps a token-endpoint failure so that both errors.Is(err, ErrAuthentication) and
// errors.As(err, **APIError) work.
type authError struct{ cause error }

func (e *authError) Error() string {
	return "vb365: " + ErrAuthentication.Error() + ": " + e.cause.Error()
}
func (e *authError) Unwrap() []error { return []error{ErrAuthentication, e.cause} }

// ProvablyNotRun reports whether err, the error of an action (explore, stop, an item action),
// proves that the server did not run the action, so that the caller may treat it as never
// attempted. It is true only for
//   - an error wrapping ErrNotSent: the request never left the client (invalid input, no token,
//     no connection, the context ended before the request was written), and
//   - a 4xx APIError answering the action itself: the server refused it before running it
//     (bad body, unknown ID, stopped session, 401 after the one replay, 429).
//
// Everything else after the request was written is "may have run": a 5xx (a gateway's 502 or
// 504 arrives after the server may have executed the POST), a redirect, a connection lost or
// reset, no answer in time, an unreadable or unexpected answer, a download cut short, and every
// error wrapping ErrRestoreUnconfirmed or ErrRestoreFailed (the server accepted the request),
// even when one of those wraps a 4xx of a later poll. nil is false: success is not "not run".
func ProvablyNotRun(err error) bool {
	if err == nil || errors.Is(err, ErrRestoreUnconfirmed) || errors.Is(err, ErrRestoreFailed) {
		return false
	}
	if errors.Is(err, ErrNotSent) {
		return true
	}
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode >= 400 && apiErr.StatusCode <= 499
}

// httpsHint is added to a 400 answer on a plain-HTTP endpoint: an HTTPS server answers a
// plain HTTP request on its port with 400 (Go's and Kestrel's servers do), which otherwise
// reads as a refused request.
func (c *Client) httpsHint(status int) string {
	if status != http.StatusBadRequest || c.base == nil || c.base.Scheme != "http" {
		return ""
	}
	return " (the endpoint is http://" + c.base.Host + ": if the server serves HTTPS on this port, use https:// in endpoint)"
}

// withHTTPSHint adds httpsHint to a 400 APIError without an error code (an OAuth refusal of
// the credentials, also 400, has one).
func (c *Client) withHTTPSHint(err error) error {
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.ErrorCode == "" {
		if hint := c.httpsHint(apiErr.StatusCode); hint != "" {
			return fmt.Errorf("%w%s", err, hint)
		}
	}
	return err
}
