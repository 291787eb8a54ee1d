package framework

import (
	"strings"
	"sync"
	"time"
)

// RunRegistry is what one provider process knows of the runs that restore records hold: a
// record read, planned (for replacement or not) or destroyed names its run here, with what it
// restores (its definition) and when it ran, and a run recorded from an earlier session claims
// it. A new record's look-up for runs a killed runner left never counts a session a record
// holds, nor a run of the same definition from before a record's run (the record's own earlier
// runs when -replace, taint or triggers run it again); and two records never record one run.
type RunRegistry struct {
	mu      sync.Mutex
	held    map[string]bool
	claimed map[string]bool
	ranAt   map[string]time.Time // latest run of a record, by definition
}

// NewRunRegistry returns an empty registry.
func NewRunRegistry() *RunRegistry {
	return &RunRegistry{held: map[string]bool{}, claimed: map[string]bool{}, ranAt: map[string]time.Time{}}
}

// Hold notes that a record holds sessionID as its run's session, a run of definition at ranAt
// (zero when not known).
func (r *RunRegistry) Hold(sessionID, definition string, ranAt time.Time) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if sessionID != "" {
		r.held[strings.ToLower(sessionID)] = true
	}
	if definition != "" && ranAt.After(r.ranAt[definition]) {
		r.ranAt[definition] = ranAt
	}
}

// LatestRun is when a record of this process last ran definition (zero: none known). A run of
// that definition from before it is that record's or an earlier record's, not a killed runner's.
func (r *RunRegistry) LatestRun(definition string) time.Time {
	if r == nil {
		return time.Time{}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ranAt[definition]
}

// Held reports whether a record holds sessionID.
func (r *RunRegistry) Held(sessionID string) bool {
	if r == nil {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.held[strings.ToLower(sessionID)]
}

// Claim records that a record takes sessionID's run as its own; false when another record
// of this process already did (or holds it).
func (r *RunRegistry) Claim(sessionID string) bool {
	if r == nil {
		return false // no registry, no proof that no other record took it
	}
	key := strings.ToLower(sessionID)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.claimed[key] || r.held[key] {
		return false
	}
	r.claimed[key] = true
	return true
}
