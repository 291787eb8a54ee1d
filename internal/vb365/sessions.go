package vb365

import (
	"context"
	"iter"
	"net/url"
	"time"
)

// RestoreSessionQuery filters a listing of restore sessions by creation time. The bounds are
// inclusive. Servers of v6+ filter by them (startTimeFrom, startTimeTo); the client applies them
// as well, so that every API version returns the same sessions. MaxItems counts the sessions
// that match.
type RestoreSessionQuery struct {
	ListOptions
	CreatedFrom *time.Time
	CreatedTo   *time.Time
}

// matches reports whether a session falls in the query's time range. A creation time that
// does not parse only matches a query without bounds.
func (q RestoreSessionQuery) matches(s RestoreSession) bool {
	if q.CreatedFrom == nil && q.CreatedTo == nil {
		return true
	}
	created, err := time.Parse(time.RFC3339Nano, s.CreationTime)
	if err != nil {
		return false
	}
	return (q.CreatedFrom == nil || !created.Before(*q.CreatedFrom)) && (q.CreatedTo == nil || !created.After(*q.CreatedTo))
}

// QueryRestoreSessions lists the restore sessions created in the query's time range
// (GET /vN/RestoreSessions, paged).
func (c *Client) QueryRestoreSessions(ctx context.Context, q RestoreSessionQuery) iter.Seq2[RestoreSession, error] {
	return func(yield func(RestoreSession, error) bool) {
		opts, err := q.normalize()
		if err != nil {
			yield(RestoreSession{}, err)
			return
		}
		sessions := list(ctx, c, ListOptions{PageSize: opts.PageSize}, listing[RestoreSession]{
			build: func(v APIVersion) (route, url.Values) {
				query := url.Values{}
				// Whole seconds, widened outwards: the client applies the exact bounds.
				if v >= V6 {
					if q.CreatedFrom != nil {
						query.Set("startTimeFrom", q.CreatedFrom.UTC().Truncate(time.Second).Format(time.RFC3339))
					}
					if q.CreatedTo != nil {
						to := q.CreatedTo.UTC()
						if !to.Equal(to.Truncate(time.Second)) {
							to = to.Truncate(time.Second).Add(time.Second)
						}
						query.Set("startTimeTo", to.Format(time.RFC3339))
					}
				}
				return sessionsRoute(v), query
			},
			decode: decodeRestoreSession,
			what:   "restore session",
		})
		count := 0
		for s, err := range sessions {
			if err != nil {
				yield(RestoreSession{}, err)
				return
			}
			if !q.matches(s) {
				continue
			}
			count++
			if !yield(s, nil) || (opts.MaxItems > 0 && count >= opts.MaxItems) {
				return
			}
		}
	}
}
