package vb365

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
)

func TestProvablyNotRun(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"not sent", notSent(errors.New("dial tcp: connection refused")), true},
		{"not sent, wrapped", fmt.Errorf("explore: %w", notSent(context.Canceled)), true},
		{"400", &APIError{StatusCode: 400}, true},
		{"404", fmt.Errorf("x: %w", &APIError{StatusCode: 404}), true},
		{"409", &APIError{StatusCode: 409}, true},
		{"499", &APIError{StatusCode: 499}, true},
		{"500", &APIError{StatusCode: 500}, false},
		{"502", &APIError{StatusCode: 502}, false},
		{"504 from a gateway after the server ran it", fmt.Errorf("x: %w", &APIError{StatusCode: 504}), false},
		{"3xx", &APIError{StatusCode: 302}, false},
		{"connection lost after sending", io.ErrUnexpectedEOF, false},
		{"deadline after sending", context.DeadlineExceeded, false},
		{"restore unconfirmed", ErrRestoreUnconfirmed, false},
	}
	for _, c := range cases {
		if got := ProvablyNotRun(c.err); got != c.want {
			t.Errorf("%s: ProvablyNotRun(%v) = %v, want %v", c.name, c.err, got, c.want)
		}
	}
}
