package vb365

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Discovery: restore points (GET /RestorePoints), restore sessions with filters (GET
// /RestoreSessions), and the server-side item search (POST .../search).

// UnsupportedVersionError says that the API version in use has no route for an operation.
type UnsupportedVersionError struct {
	Operation string
	Version   APIVersion
	Minimum   APIVersion
}

func (e *UnsupportedVersionError) Error() string {
	return fmt.Sprintf("vb365: %s needs API v%d or later; the server is used with API v%d", e.Operation, e.Minimum, e.Version)
}

// requireVersion fails with an UnsupportedVersionError below minimum.
func (c *Client) requireVersion(ctx context.Context, operation string, minimum APIVersion) (APIVersion, error) {
	v, err := c.Version(ctx)
	if err != nil {
		return v, err
	}
	if v < minimum {
		return v, &UnsupportedVersionError{Operation: operation, Version: v, Minimum: minimum}
	}
	return v, nil
}

// failed yields one error: a listing that cannot start.
func failed[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}

// RestorePoint is a backup of an organization (RESTRestorePoint, API v6+).
type RestorePoint struct {
	ID             string
	OrganizationID string
	BackupTime     string // RFC 3339 UTC when parseable, else as sent
	RepositoryID   string
	JobID          string
	IsExchange     *bool
	IsSharePoint   *bool
	IsOneDrive     *bool
	IsTeams        *bool
	IsCopy         *bool // v7+
	IsLongTermCopy *bool
	IsRetrieved    *bool
	RetrievalID    string // the data retrieval that retrieved the point, when retrieved
}

// RestorePointFilter selects restore points. From and To bound the backup time; v7+ servers
// filter by them (from/to), on v6 (which has no such parameters and answers one unpaged
// array) the client filters.
type RestorePointFilter struct {
	ListOptions
	OrganizationID string
	From, To       *time.Time
	// RepositoryID, IsLongTermCopy and IsRetrieved are v6+ parameters, IsCopy v7+; nil: any.
	RepositoryID   string
	IsCopy         *bool
	IsLongTermCopy *bool
	IsRetrieved    *bool
	// UserID (v8 userId) keeps the points that hold the backup of this organization user (the
	// user's ID in the organization, as audit items and restore operator roles name users).
	// The points carry no user, so only the server can apply it.
	UserID string
}

// RestorePoints lists restore points (GET /vN/RestorePoints, API v6+).
func (c *Client) RestorePoints(ctx context.Context, f RestorePointFilter) iter.Seq2[RestorePoint, error] {
	if _, err := c.requireVersion(ctx, "listing restore points (GET /RestorePoints)", V6); err != nil {
		return failed[RestorePoint](err)
	}
	if f.IsCopy != nil {
		if _, err := c.requireVersion(ctx, "filtering restore points by backup copy (isCopy)", V7); err != nil {
			return failed[RestorePoint](err)
		}
	}
	if f.UserID != "" {
		if _, err := c.requireVersion(ctx, "filtering restore points by user (userId)", V8); err != nil {
			return failed[RestorePoint](err)
		}
	}
	// MaxItems bounds the points that match (see filterSeq), not the listing.
	all := list(ctx, c, ListOptions{PageSize: f.PageSize}, listing[RestorePoint]{
		build: func(v APIVersion) (route, url.Values) {
			q := url.Values{}
			if f.OrganizationID != "" {
				q.Set("organizationId", f.OrganizationID)
			}
			if v >= V7 {
				setTime(q, "from", f.From, false)
				setTime(q, "to", f.To, true)
			}
			if f.RepositoryID != "" {
				q.Set("repositoryId", f.RepositoryID)
			}
			setBoolParam(q, "isCopy", f.IsCopy)
			setBoolParam(q, "isLongTermCopy", f.IsLongTermCopy)
			setBoolParam(q, "isRetrieved", f.IsRetrieved)
			if f.UserID != "" {
				q.Set("userId", f.UserID)
			}
			return newRoute(v).lit("RestorePoints"), q
		},
		decode:  decodeRestorePoint,
		what:    "restore point",
		unpaged: func(v APIVersion) bool { return v == V6 },
	})
	// Every version is filtered here too: the bounds are cheap to check, and a server that
	// ignores a parameter must not widen the answer.
	return filterSeq(all, func(p RestorePoint) bool {
		return (f.OrganizationID == "" || p.OrganizationID == "" || strings.EqualFold(p.OrganizationID, f.OrganizationID)) &&
			inRange(p.BackupTime, f.From, f.To) &&
			(f.RepositoryID == "" || p.RepositoryID == "" || strings.EqualFold(p.RepositoryID, f.RepositoryID)) &&
			boolMatches(f.IsCopy, p.IsCopy) && boolMatches(f.IsLongTermCopy, p.IsLongTermCopy) && boolMatches(f.IsRetrieved, p.IsRetrieved)
	}, f.MaxItems)
}

func decodeRestorePoint(obj object) (RestorePoint, error) {
	d := &fieldDecoder{obj: obj}
	p := RestorePoint{
		ID:             deref(d.str("id")),
		OrganizationID: deref(d.str("organizationId")),
		BackupTime:     deref(d.timestamp("backupTime")),
		RepositoryID:   deref(d.str("repositoryId")),
		JobID:          deref(d.str("jobId")),
		IsExchange:     d.boolean("isExchange"),
		IsSharePoint:   d.boolean("isSharePoint"),
		IsOneDrive:     d.boolean("isOneDrive"),
		IsTeams:        d.boolean("isTeams"),
		IsCopy:         d.boolean("isCopy"),
		IsLongTermCopy: d.boolean("isLongTermCopy"),
		IsRetrieved:    d.boolean("isRetrieved"),
		RetrievalID:    deref(d.str("retrievalId")),
	}
	if d.err != nil {
		return p, d.err
	}
	if p.ID == "" {
		return p, errNoID
	}
	return p, nil
}

// RestoreSessionFilter selects restore sessions. The time bounds go to the server where it
// has the parameter (start time v6+, end time v8) and are checked here in every version; State
// has no server-side filter in any version and is checked here. OrderBy ("CreationTime" or
// "EndTime") and OrderAsc are v8 parameters, ignored before.
type RestoreSessionFilter struct {
	ListOptions
	StartTimeFrom, StartTimeTo *time.Time
	EndTimeFrom, EndTimeTo     *time.Time
	State                      string
	OrderBy                    string
	OrderAsc                   *bool
}

// ListRestoreSessions lists restore sessions matching f (GET /vN/RestoreSessions).
func (c *Client) ListRestoreSessions(ctx context.Context, f RestoreSessionFilter) iter.Seq2[RestoreSession, error] {
	// MaxItems bounds the sessions that match, so the listing itself is not bounded by it.
	all := list(ctx, c, ListOptions{PageSize: f.PageSize}, listing[RestoreSession]{
		build: func(v APIVersion) (route, url.Values) {
			q := url.Values{}
			if v >= V6 {
				setTime(q, "startTimeFrom", f.StartTimeFrom, false)
				setTime(q, "startTimeTo", f.StartTimeTo, true)
			}
			if v >= V8 {
				setTime(q, "endTimeFrom", f.EndTimeFrom, false)
				setTime(q, "endTimeTo", f.EndTimeTo, true)
				if f.OrderBy != "" {
					q.Set("orderBy", f.OrderBy)
				}
				if f.OrderAsc != nil {
					q.Set("orderAsc", strconv.FormatBool(*f.OrderAsc))
				}
			}
			return sessionsRoute(v), q
		},
		decode: func(obj object) (RestoreSession, error) {
			s, err := decodeRestoreSession(obj)
			s.Details = c.redact(s.Details, nil)
			return s, err
		},
		what: "restore session",
	})
	return filterSeq(all, func(s RestoreSession) bool {
		if f.State != "" && !strings.EqualFold(s.State, f.State) {
			return false
		}
		if !inRange(s.CreationTime, f.StartTimeFrom, f.StartTimeTo) {
			return false
		}
		if f.EndTimeFrom != nil || f.EndTimeTo != nil {
			return s.EndTime != "" && inRange(s.EndTime, f.EndTimeFrom, f.EndTimeTo)
		}
		return true
	}, f.MaxItems)
}

// SearchItems runs the server-side search (POST .../mailboxes/{id}/search, or
// .../folders/{id}/search when folderID is set; body RESTSearchOptions {"query"}; API v6+)
// and lists the items found, page by page (the same item page as a listing). The search
// changes nothing on the server, so it is a read, not an action.
func (c *Client) SearchItems(ctx context.Context, sessionID, mailboxID, folderID, query string, opts ListOptions) iter.Seq2[Item, error] {
	v, err := c.requireVersion(ctx, "searching items (POST .../search)", V6)
	if err != nil {
		return failed[Item](err)
	}
	if strings.TrimSpace(query) == "" {
		return failed[Item](fmt.Errorf("vb365: search: the query is empty"))
	}
	body, err := jsonBody(map[string]any{"query": query})
	if err != nil {
		return failed[Item](err)
	}
	rt := mailboxRoute(v, sessionID, mailboxID)
	if folderID != "" {
		rt = foldersRoute(v, sessionID, mailboxID).id("folderId", "folder ID", folderID)
	}
	return c.searchPages(ctx, rt.lit("search"), body, opts)
}

// searchPages POSTs the search once per page (offset, limit and, from the first answer on,
// its setId in the query, so the server pages its cached result) and decodes the items.
// POSTs are never retried by the transport; a failed page ends the listing with its error.
func (c *Client) searchPages(ctx context.Context, rt route, body []byte, opts ListOptions) iter.Seq2[Item, error] {
	return func(yield func(Item, error) bool) {
		opts, err := opts.normalize()
		if err != nil {
			yield(Item{}, err)
			return
		}
		if rt.err != nil {
			yield(Item{}, rt.err)
			return
		}
		query := url.Values{}
		offset, count := 0, 0
		seed := maphash.MakeSeed()
		for {
			limit := opts.PageSize
			if opts.MaxItems > 0 {
				limit = min(limit, opts.MaxItems-count)
			}
			query.Set("offset", strconv.Itoa(offset))
			query.Set("limit", strconv.Itoa(limit))
			r := &apiRequest{method: http.MethodPost, route: rt, query: query, body: body, contentType: "application/json"}
			resp, err := c.send(ctx, r)
			if err != nil {
				yield(Item{}, err)
				return
			}
			data, err := c.readBody(r, resp)
			resp.Body.Close()
			if err != nil {
				yield(Item{}, err)
				return
			}
			pg, err := decodePage(json.NewDecoder(bytes.NewReader(data)), decodeSearchItem, seed)
			if err == nil && !pg.bare {
				err = checkPage(rt, pg, offset, limit)
			}
			if err != nil {
				yield(Item{}, malformed(r, err))
				return
			}
			if obj, err := parseObject(data); err == nil {
				if setID, err := obj.str("setId"); err == nil && deref(setID) != "" {
					query.Set("setId", *setID)
				}
			}
			for _, it := range pg.elems {
				count++
				if !yield(it, nil) || (opts.MaxItems > 0 && count >= opts.MaxItems) {
					return
				}
			}
			if pg.elemErr != nil {
				yield(Item{}, fmt.Errorf("vb365: %s: item %d of the page at offset %d: %w", r.describe(), len(pg.elems)+1, offset, pg.elemErr))
				return
			}
			if pg.n == 0 || pg.bare || pg.n < limit {
				return
			}
			offset += pg.n
		}
	}
}

// decodeSearchItem decodes one element of a search page.
func decodeSearchItem(raw []byte) (Item, error) {
	obj, err := parseObject(raw)
	if err != nil {
		return Item{}, err
	}
	return decodeListedItem(obj)
}

// setTime sets a time bound in whole seconds, widened outwards (an upper bound rounded up):
// the server's filter may only keep more, and the client applies the exact bounds.
func setTime(q url.Values, key string, t *time.Time, upper bool) {
	if t == nil {
		return
	}
	at := t.UTC()
	if whole := at.Truncate(time.Second); upper && !whole.Equal(at) {
		at = whole.Add(time.Second)
	}
	q.Set(key, at.Truncate(time.Second).Format(time.RFC3339))
}

// inRange reports whether the timestamp ts (RFC 3339 when the server's value parsed) lies in
// [from, to]; a timestamp that does not parse is kept, since it cannot be shown to be outside.
func inRange(ts string, from, to *time.Time) bool {
	if from == nil && to == nil {
		return true
	}
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return true
	}
	return (from == nil || !t.Before(*from)) && (to == nil || !t.After(*to))
}

// filterSeq keeps the elements of seq that keep accepts, at most maxItems of them (0: all):
// a bound on what the caller asked for, not on what the server sent.
func filterSeq[T any](seq iter.Seq2[T, error], keep func(T) bool, maxItems int) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		kept := 0
		for v, err := range seq {
			if err != nil {
				yield(v, err)
				return
			}
			if !keep(v) {
				continue
			}
			kept++
			if !yield(v, nil) || (maxItems > 0 && kept >= maxItems) {
				return
			}
		}
	}
}

// OrganizationItemSearch narrows a search across the mailboxes of a restore session's
// organization: Query in the server's search syntax, optionally only MailboxIDs.
type OrganizationItemSearch struct {
	ListOptions
	Query      string
	MailboxIDs []string // empty: every mailbox of the organization
}

// SearchOrganizationItems searches the items of every mailbox of a restore session's
// organization (API v6+): POST .../organization/mailboxes/search, paged with the server's
// setId. With MailboxIDs it searches those mailboxes one after the other (POST
// .../mailboxes/{id}/search), since the organization search takes no mailbox filter. Each item
// names its mailbox (Item.MailboxID: v8's field, or parsed from its links).
func (c *Client) SearchOrganizationItems(ctx context.Context, sessionID string, q OrganizationItemSearch) iter.Seq2[Item, error] {
	v, err := c.requireVersion(ctx, "searching items across mailboxes (POST .../organization/mailboxes/search)", V6)
	if err != nil {
		return failed[Item](err)
	}
	if strings.TrimSpace(q.Query) == "" {
		return failed[Item](fmt.Errorf("vb365: search: the query is empty"))
	}
	body, err := jsonBody(map[string]any{"query": q.Query})
	if err != nil {
		return failed[Item](err)
	}
	if len(q.MailboxIDs) == 0 {
		return c.searchPages(ctx, mailboxesRoute(v, sessionID).lit("search"), body, q.ListOptions)
	}
	return func(yield func(Item, error) bool) {
		count := 0
		for _, mailboxID := range q.MailboxIDs {
			opts := q.ListOptions
			if opts.MaxItems > 0 {
				opts.MaxItems -= count
			}
			for item, err := range c.searchPages(ctx, mailboxRoute(v, sessionID, mailboxID).lit("search"), body, opts) {
				if err != nil {
					yield(Item{}, fmt.Errorf("searching mailbox %s: %w", mailboxID, err))
					return
				}
				if item.MailboxID == "" {
					item.MailboxID = mailboxID
				}
				count++
				if !yield(item, nil) || (q.MaxItems > 0 && count >= q.MaxItems) {
					return
				}
			}
		}
	}
}

// RequireVersion fails with an UnsupportedVersionError, before any request of operation is
// sent, when the API version in use is older than minimum. Callers check it before the
// requests that prepare operation (e.g. opening a restore session for a search).
func (c *Client) RequireVersion(ctx context.Context, operation string, minimum APIVersion) error {
	_, err := c.requireVersion(ctx, operation, minimum)
	return err
}

func setBoolParam(q url.Values, key string, b *bool) {
	if b != nil {
		q.Set(key, strconv.FormatBool(*b))
	}
}

// boolMatches: a filter value (nil: any) against what the server sent (nil: not said, kept).
func boolMatches(want, got *bool) bool {
	return want == nil || got == nil || *want == *got
}
