package vb365

import (
	"errors"
	"net/http"
)

// ProvablyNotRun reports whether the error of an action proves that the server did not run
// it: the request never left (ErrNotSent), or the server refused it with a 4xx answer, which
// it gives before running anything. Every other failure after the request was written (a 5xx
// from the server or a gateway, an unreadable answer, a lost connection, a timeout) means the
// action may have run.
func ProvablyNotRun(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrNotSent) {
		return true
	}
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode >= http.StatusBadRequest && apiErr.StatusCode < http.StatusInternalServerError
}
