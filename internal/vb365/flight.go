package vb365

import (
	"context"
	"fmt"
	"sync"
)

// flight runs one call at a time and hands its outcome to every caller that arrived while it
// ran: 50 goroutines needing a token with a wrong password make one token request, not 50. A
// caller arriving after a call ended starts a new one, so a failure is not cached.
type flight[T any] struct {
	what    string // what callers wait for, in errors: "an access token"
	mu      sync.Mutex
	current *flightCall[T]
	waiting int // callers waiting for current (tests use it as a barrier)
}

type flightCall[T any] struct {
	done chan struct{}
	val  T
	err  error
}

// do returns fn's outcome, running fn unless a call is in flight. A waiter whose own context
// ends stops waiting; a waiter whose leader failed only because the leader's context ended runs
// fn itself.
func (f *flight[T]) do(ctx context.Context, fn func(context.Context) (T, error)) (T, error) {
	for {
		f.mu.Lock()
		call := f.current
		if call == nil {
			call = &flightCall[T]{done: make(chan struct{})}
			f.current = call
			f.mu.Unlock()
			call.val, call.err = fn(ctx)
			f.mu.Lock()
			f.current = nil
			f.mu.Unlock()
			close(call.done)
			return call.val, call.err
		}
		f.waiting++
		f.mu.Unlock()
		select {
		case <-call.done:
		case <-ctx.Done():
		}
		f.mu.Lock()
		f.waiting--
		f.mu.Unlock()
		if err := ctx.Err(); err != nil {
			var zero T
			return zero, fmt.Errorf("vb365: waiting for %s: %w", f.what, err)
		}
		if call.err != nil && isContextError(call.err) {
			continue // the leader gave up, not the server: try again for this caller
		}
		return call.val, call.err
	}
}

// waiters reports how many callers wait for the call in flight.
func (f *flight[T]) waiters() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.waiting
}
