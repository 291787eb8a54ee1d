package vb365sim

import (
	"net/http"
	"sort"
	"strings"
	"time"
)

// Discovery routes: restore points (GET /vN/RestorePoints, v6+), the filters of GET
// /vN/RestoreSessions, and the item search (POST .../mailboxes/{id}/search and
// .../folders/{id}/search, v6+).
//
// Restore points: v6 answers a bare array (its document declares no paging) and filters by
// organizationId only; v7+ answers PageOfRESTRestorePoint and also filters by from/to.
// Search: RESTSearchOptions {"query"}; the simulator models the server's search syntax as a
// case-insensitive substring of the item's subject (or name), the same item page as a listing,
// with a setId.

// RestorePointTimes are the backup times of the fixture organization's restore points, oldest
// first. The seed session's point in time is the newest.
var RestorePointTimes = []string{"2019-04-10T22:00:00Z", "2019-04-11T22:00:00Z", "2019-04-12T10:54:40Z"}

// RestorePointIDs are the IDs of those restore points, in the same order.
var RestorePointIDs = []string{
	"a1e0c2d4-0001-4a5b-8c6d-7e8f9a0b1c01",
	"a1e0c2d4-0002-4a5b-8c6d-7e8f9a0b1c02",
	"a1e0c2d4-0003-4a5b-8c6d-7e8f9a0b1c03",
}

const (
	simRepositoryID = "b2f1d3e5-1111-4b6c-9d7e-8f9a0b1c2d01"
	simJobID        = "c3a2e4f6-2222-4c7d-8e9f-9a0b1c2d3e01"
)

func (s *Server) handleRestorePoints(c *reqCtx) {
	if org := c.query["organizationid"]; org != "" && !strings.EqualFold(org, s.org.id) {
		c.writeCollection(nil)
		return
	}
	// v8 userId: the points holding the user's backup. Every point of the fixture holds every
	// mailbox, so that is all of them, or none for a user without a mailbox (or unknown).
	if user, given := c.query["userid"]; given && c.v >= 8 && !s.userBackedUp(user) {
		c.writeCollection(nil)
		return
	}
	var from, to time.Time
	if c.v >= 7 {
		var ok bool
		if from, ok = c.timeParam("from"); !ok {
			return
		}
		if to, ok = c.timeParam("to"); !ok {
			return
		}
	}
	var out []any
	for i, ts := range RestorePointTimes {
		t := mustTime(ts)
		if (!from.IsZero() && t.Before(from)) || (!to.IsZero() && t.After(to)) {
			continue
		}
		p := map[string]any{
			"id": RestorePointIDs[i], "repositoryId": simRepositoryID, "backupTime": isoTime(t),
			"jobId": simJobID, "organizationId": s.org.id,
			"isExchange": true, "isSharePoint": false, "isOneDrive": false, "isTeams": false,
			"isLongTermCopy": false, "isRetrieved": false,
		}
		if c.v >= 7 {
			p["isCopy"], p["isDeleted"] = false, false
		}
		if c.restorePointMatches(p) {
			out = append(out, p)
		}
	}
	// The backup copy's and the archive tier's points (estate.go).
	for _, xp := range extraRestorePoints {
		t := mustTime(xp.time)
		if (!from.IsZero() && t.Before(from)) || (!to.IsZero() && t.After(to)) {
			continue
		}
		if p := c.repositoryPoint(xp, s.org.id, s.retrievalOf(xp.id)); c.restorePointMatches(p) {
			out = append(out, p)
		}
	}
	c.writeCollection(out)
}

// writeCollection answers v6's bare array or v7+'s page.
func (c *reqCtx) writeCollection(results []any) {
	if c.v == 6 {
		if results == nil {
			results = []any{}
		}
		writeJSON(c.w, http.StatusOK, results)
		return
	}
	c.writePage(len(results), func(i int) any { return results[i] })
}

// timeParam reads an optional date-time query parameter; a malformed one is a 400.
func (c *reqCtx) timeParam(name string) (time.Time, bool) {
	raw := c.query[strings.ToLower(name)]
	if raw == "" {
		return time.Time{}, true
	}
	if t, ok := parseLenientTime(raw); ok {
		return t, true
	}
	c.badRequest("Parameter '" + name + "' has an invalid date and time format: '" + raw + "'.")
	return time.Time{}, false
}

// filterSessions applies the GET /RestoreSessions filters the version documents: v6+
// startTimeFrom/startTimeTo, v8 endTimeFrom/endTimeTo and orderBy/orderAsc (without them the
// sessions keep the order they were opened in). Unknown parameters are ignored, as ASP.NET does.
func (c *reqCtx) filterSessions(list []*session) ([]*session, bool) {
	if c.v < 6 {
		return list, true
	}
	bounds := []string{"startTimeFrom", "startTimeTo"}
	if c.v >= 8 {
		bounds = append(bounds, "endTimeFrom", "endTimeTo")
	}
	limits := map[string]time.Time{}
	for _, name := range bounds {
		t, ok := c.timeParam(name)
		if !ok {
			return nil, false
		}
		limits[name] = t
	}
	var out []*session
	for _, ss := range list {
		if t := limits["startTimeFrom"]; !t.IsZero() && ss.created.Before(t) {
			continue
		}
		if t := limits["startTimeTo"]; !t.IsZero() && ss.created.After(t) {
			continue
		}
		if t := limits["endTimeFrom"]; !t.IsZero() && (ss.ended.IsZero() || ss.ended.Before(t)) {
			continue
		}
		if t := limits["endTimeTo"]; !t.IsZero() && (ss.ended.IsZero() || ss.ended.After(t)) {
			continue
		}
		out = append(out, ss)
	}
	if c.v >= 8 && (c.query["orderby"] != "" || c.query["orderasc"] != "") {
		by := c.query["orderby"]
		if by != "" && !strings.EqualFold(by, "CreationTime") && !strings.EqualFold(by, "EndTime") {
			c.badRequest("Parameter 'orderBy' must be CreationTime or EndTime.")
			return nil, false
		}
		asc, _ := parseBoolString(c.query["orderasc"])
		key := func(ss *session) time.Time {
			if strings.EqualFold(by, "EndTime") {
				return ss.ended
			}
			return ss.created
		}
		sort.SliceStable(out, func(i, j int) bool {
			if asc {
				return key(out[i]).Before(key(out[j]))
			}
			return key(out[i]).After(key(out[j]))
		})
	}
	return out, true
}

// handleSearch serves POST .../mailboxes/{id}/search and .../folders/{id}/search.
func (s *Server) handleSearch(c *reqCtx) {
	ss, mb, ok := c.mailbox()
	if !ok {
		return
	}
	body, err := readJSONObject(c)
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	query, err := getString(body, "query")
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	folderID := ""
	if len(c.params) == 3 {
		folderID = c.params[2]
		if mb.findFolder(folderID) == nil {
			c.notFound("Folder with ID '" + folderID + "' was not found in mailbox '" + mb.id + "'.")
			return
		}
	}
	total, at := mb.itemsIn(folderID, folderID == "", ss.view())
	var found []*item
	needle := strings.ToLower(strings.TrimSpace(query))
	for i := 0; i < total; i++ {
		it := at(i)
		if needle == "" || strings.Contains(strings.ToLower(it.subject), needle) {
			found = append(found, it)
		}
	}
	offset, limit, ok := c.paging()
	if !ok {
		return
	}
	results := []any{}
	for i := offset; i < len(found) && i < offset+limit; i++ {
		results = append(results, c.renderItem(ss.id, mb, found[i]))
	}
	setID := c.query["setid"]
	if setID == "" {
		setID = newUUID()
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"offset": offset, "limit": limit, "setId": setID, "results": results})
}

// restorePointAtOrBefore reports whether the organization has a restore point at or before t.
func restorePointAtOrBefore(t time.Time) bool {
	for _, ts := range RestorePointTimes {
		if !mustTime(ts).After(t) {
			return true
		}
	}
	return false
}

// userBackedUp reports whether an organization user has a backed-up mailbox.
func (s *Server) userBackedUp(userID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, mb := range s.mailboxes {
		if owner := s.mailboxOwnerLocked(mb); owner != "" && strings.EqualFold(owner, userID) {
			return true
		}
	}
	return false
}

// mailboxOwnerLocked is the ID of the organization user a mailbox belongs to (the user whose
// name is its address), or "" (a public folder mailbox). The caller holds s.mu.
func (s *Server) mailboxOwnerLocked(mb *mailbox) string {
	for _, u := range s.gov.users {
		if strings.EqualFold(u.name, mb.email) {
			return u.id
		}
	}
	return ""
}
