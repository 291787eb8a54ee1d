package provider

import (
	"context"
	"fmt"
)

// defaultMaxConcurrentRestores bounds the runs in flight per provider instance. Each run
// holds a session of its own, and servers limit sessions (Veeam's hosted service runs 2
// restores in parallel).
const defaultMaxConcurrentRestores = 2

// runSlots bounds the runs in flight (max_concurrent_restores).
type runSlots chan struct{}

func newRunSlots(n int) runSlots {
	if n < 1 {
		n = defaultMaxConcurrentRestores
	}
	return make(runSlots, n)
}

// take waits for a free slot until ctx ends.
func (s runSlots) take(ctx context.Context) error {
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

func (s runSlots) free() {
	if s != nil {
		<-s
	}
}
