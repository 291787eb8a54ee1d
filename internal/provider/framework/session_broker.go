package framework

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// SessionScope is what a session the provider opens on its own explores: an organization's
// backups at a point in time (empty: the latest), with the explore options. Every field is
// part of the broker's key, so reads with different options never share a session.
type SessionScope struct {
	OrganizationID string
	PointInTime    string // RFC 3339, as configured

	// Where and what the session explores besides (issue 16).
	ShowDeleted     bool
	ShowAllVersions bool
	RepositoryID    string // a backup repository, e.g. a backup copy; empty: the primary backup
	// DataRetrievalID explores retrieved archive data; the retrieval fixes the point in time
	// and the options, so the other fields (but the organization) are empty with it.
	DataRetrievalID string
}

func (s SessionScope) ExploreOptions() (vb365.ExploreOptions, error) {
	if s.DataRetrievalID != "" {
		return vb365.ExploreOptions{DataRetrievalID: s.DataRetrievalID}, nil
	}
	opts := vb365.ExploreOptions{RepositoryID: s.RepositoryID}
	// Only true is sent: false is the server's default, and a request without the options is
	// what every version accepts.
	if s.ShowDeleted {
		opts.ShowDeleted = &s.ShowDeleted
	}
	if s.ShowAllVersions {
		opts.ShowAllVersions = &s.ShowAllVersions
	}
	if s.PointInTime == "" {
		return opts, nil
	}
	t, err := time.Parse(time.RFC3339, s.PointInTime)
	if err != nil {
		return vb365.ExploreOptions{}, fmt.Errorf("point_in_time %q is not an RFC 3339 timestamp: %w", s.PointInTime, err)
	}
	opts.PointInTime = &t
	return opts, nil
}

// ShowsCurrentOnly reports whether the scope's sessions show only current items.
func (s SessionScope) ShowsCurrentOnly() bool { return !s.ShowDeleted && !s.ShowAllVersions }

// SessionBroker opens the restore sessions that data sources, restores and the action use
// when they are given organization_id instead of restore_session_id. Mailbox and item IDs are
// the same in every session of an organization, so nothing a user configures depends on these
// transient sessions. Concurrent users of one scope share a session; the last one to release
// it stops it, before its own RPC returns, so no session the provider opened outlives the
// operation that needed it (a killed process leaves it to the server's idle timeout).
type SessionBroker struct {
	opener SessionOpener

	mu   sync.Mutex
	open map[SessionScope]*sharedSession
}

type sharedSession struct {
	ready chan struct{} // closed when the explore request has finished
	id    string
	err   error
	users int
}

func NewSessionBroker(client *vb365.Client, username string) *SessionBroker {
	return &SessionBroker{opener: SessionOpener{Client: client, Username: username}, open: map[SessionScope]*sharedSession{}}
}

// Acquire returns the ID of a working session of scope and the function that releases it,
// which must be called exactly once when the caller no longer uses the session; its error
// says that stopping the session failed.
func (b *SessionBroker) Acquire(ctx context.Context, scope SessionScope) (string, func(context.Context) error, error) {
	opts, err := scope.ExploreOptions()
	if err != nil {
		return "", nil, err
	}
	b.mu.Lock()
	shared, joined := b.open[scope]
	if !joined {
		shared = &sharedSession{ready: make(chan struct{})}
		b.open[scope] = shared
	}
	shared.users++
	b.mu.Unlock()

	if !joined {
		session, err := b.opener.Open(ctx, scope.OrganizationID, opts)
		shared.id, shared.err = session.ID, err
		close(shared.ready)
		if err == nil {
			tflog.Debug(ctx, "opened a restore session for this operation", map[string]any{
				"id": session.ID, "organization_id": scope.OrganizationID, "point_in_time": scope.PointInTime})
		}
	} else {
		select {
		case <-shared.ready:
		case <-ctx.Done():
			_ = b.release(ctx, scope, shared)
			return "", nil, fmt.Errorf("waiting for a restore session of organization %s: %w", scope.OrganizationID, ctx.Err())
		}
	}
	if shared.err != nil {
		_ = b.release(ctx, scope, shared)
		return "", nil, shared.err
	}
	var once sync.Once
	release := func(ctx context.Context) error {
		var err error
		once.Do(func() { err = b.release(ctx, scope, shared) })
		return err
	}
	return shared.id, release, nil
}

// release drops one user of shared and stops the session when it was the last one.
func (b *SessionBroker) release(ctx context.Context, scope SessionScope, shared *sharedSession) error {
	b.mu.Lock()
	shared.users--
	last := shared.users == 0
	if last && b.open[scope] == shared {
		delete(b.open, scope)
	}
	b.mu.Unlock()
	if !last || shared.id == "" { // shared.id is empty when the explore failed: nothing to stop
		return nil
	}
	if err := b.opener.StopDetached(ctx, shared.id); err != nil {
		return fmt.Errorf("stopping restore session %s, which the provider opened for this operation: %w; "+
			"the server stops it when it has been idle long enough, or stop it yourself", shared.id, err)
	}
	tflog.Debug(ctx, "stopped the restore session opened for this operation", map[string]any{"id": shared.id})
	return nil
}
