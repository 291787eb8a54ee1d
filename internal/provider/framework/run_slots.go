package framework

import (
	"context"
	"fmt"
)

// DefaultMaxConcurrentRestores bounds the runs in flight per provider instance. Each run
// holds a session of its own, and servers limit sessions (Veeam's hosted service runs 2
// restores in parallel).
const DefaultMaxConcurrentRestores = 2

// RunSlots bounds the runs in flight (max_concurrent_restores).
type RunSlots chan struct{}

func NewRunSlots(n int) RunSlots {
	if n < 1 {
		n = DefaultMaxConcurrentRestores
	}
	return make(RunSlots, n)
}

// Take waits for a free slot until ctx ends.
func (s RunSlots) Take(ctx context.Context) error {
	if s == nil {
		return nil
	}
	select {
	case s <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("waiting for one of the %d restores in flight to end (max_concurrent_restores): %w", cap(s), ctx.Err())
	}
}

func (s RunSlots) Free() {
	if s != nil {
		<-s
	}
}
