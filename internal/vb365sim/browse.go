package vb365sim

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

const (
	sessionExplore = "explore" // opened by explore; browsable
	sessionRestore = "restore" // v8 asynchronous item restore
)

type session struct {
	id, kind, name, state, result string
	created, ended                time.Time
	initiatedBy, reason           string
	scopeName                     string   // OperatorExplore: the scope's name (operator.go); empty: the organization
	operatorID                    string   // the restore operator who opened it (operator.go)
	operatorMailboxes             []string // with operatorID: the only mailboxes its roles allow (operator.go)
	pointInTime                   time.Time
	lastUsed                      time.Time // for WithSessionIdleTimeout
	showDeleted, showAllVersions  bool
	repositoryID                  string   // the backup repository explored (estate.go); empty: the primary
	onlyMailboxes                 []string // a data retrieval's mailboxes (estate.go); empty: every mailbox
	eTag                          int64

	// sessionRestore only.
	parentID  string
	pollsLeft int
	stats     *restoreOutcome
	bulk      []*restoreOutcome // a bulk mailbox restore: one outcome per mailbox (bulk_restore.go)

	events []event // what ran in the session, in order (events.go)
}

func (ss *session) details() string {
	if ss.kind == sessionRestore {
		return "Restore items from restore session " + ss.parentID
	}
	return "Exchange items at " + isoTime(ss.pointInTime)
}

func (s *Server) addSession(ss *session) {
	ss.lastUsed = ss.created
	s.sessions[strings.ToLower(ss.id)] = ss
	s.sessionOrder = append(s.sessionOrder, ss)
}

// workingExploreSessionsLocked counts the working explore sessions (seed included); the caller holds s.mu.
func (s *Server) workingExploreSessionsLocked() int {
	s.stopIdleSessionsLocked()
	n := 0
	for _, ss := range s.sessionOrder {
		if ss.kind == sessionExplore && ss.state == "Working" {
			n++
		}
	}
	return n
}

// OpenSessions returns the IDs of explore sessions in state Working.
func (s *Server) OpenSessions() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopIdleSessionsLocked()
	var out []string
	for _, ss := range s.sessionOrder {
		if ss.kind == sessionExplore && ss.state == "Working" {
			out = append(out, ss.id)
		}
	}
	return out
}

// ExploredSessionsWorking counts the working sessions opened by explore requests; the seed
// session (SeedRestoreSessionID), open from the start, is not counted.
func (s *Server) ExploredSessionsWorking() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopIdleSessionsLocked()
	n := 0
	for _, ss := range s.sessionOrder {
		if ss.kind == sessionExplore && ss.state == "Working" && !strings.EqualFold(ss.id, SeedRestoreSessionID) {
			n++
		}
	}
	return n
}

// ExploredSessions counts every session opened by an explore request, working or not.
func (s *Server) ExploredSessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, ss := range s.sessionOrder {
		if ss.kind == sessionExplore && !strings.EqualFold(ss.id, SeedRestoreSessionID) {
			n++
		}
	}
	return n
}

// StopAllSessions stops every working explore session, as a server restart or an operator
// would; restores in them are not affected.
func (s *Server) StopAllSessions() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ss := range s.sessionOrder {
		if ss.kind == sessionExplore && ss.state == "Working" {
			ss.finish(s.now())
		}
	}
}

// stopIdleSessionsLocked applies WithSessionIdleTimeout. s.mu must be held.
func (s *Server) stopIdleSessionsLocked() {
	if s.sessionIdleTimeout <= 0 {
		return
	}
	now := s.now()
	for _, ss := range s.sessionOrder {
		if ss.kind == sessionExplore && ss.state == "Working" && now.Sub(ss.lastUsed) >= s.sessionIdleTimeout {
			ss.finish(now)
		}
	}
}

// SessionState returns "Working", "Stopped", or "" for an unknown session.
func (s *Server) SessionState(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopIdleSessionsLocked()
	if ss := s.sessions[strings.ToLower(id)]; ss != nil {
		return ss.state
	}
	return ""
}

// ---- paging ----

const (
	defaultLimit = 30
	maxLimit     = 10000
)

// paging reads offset/limit; on bad values it answers 400 and returns ok=false.
func (c *reqCtx) paging() (offset, limit int, ok bool) {
	offset, limit = 0, defaultLimit
	if s, present := c.query["offset"]; present && s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			c.badRequest("Parameter 'offset' must be a non-negative integer.")
			return 0, 0, false
		}
		offset = n
	}
	if s, present := c.query["limit"]; present && s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			c.badRequest("Parameter 'limit' must be between 1 and 10000.")
			return 0, 0, false
		}
		limit = n
	}
	return offset, limit, true
}

// pageLink rebuilds the request's collection URL (other query parameters kept) at offset/limit.
func (c *reqCtx) pageLink(offset, limit int) string {
	var b strings.Builder
	params := c.params
	for _, seg := range c.route.segs {
		b.WriteByte('/')
		if seg == "{id}" {
			b.WriteString(url.PathEscape(params[0]))
			params = params[1:]
			continue
		}
		if c.v < 6 {
			seg = strings.ToLower(seg)
		} else if spec, ok := v6SegmentCasing[seg]; ok {
			seg = spec
		}
		b.WriteString(seg)
	}
	var extra []string
	for i := 0; i+1 < len(c.queryKV); i += 2 {
		k := strings.ToLower(c.queryKV[i])
		if k == "offset" || k == "limit" {
			continue
		}
		extra = append(extra, url.QueryEscape(c.queryKV[i])+"="+url.QueryEscape(c.queryKV[i+1]))
	}
	extra = append(extra, "offset="+strconv.Itoa(offset), "limit="+strconv.Itoa(limit))
	path := "/v" + strconv.Itoa(c.v) + b.String() + "?" + strings.Join(extra, "&")
	if c.v < 6 {
		return "https://" + c.s.publicHost + path
	}
	return path
}

// v6SegmentCasing spells collection segments of v6+ links the way the OpenAPI paths do.
var v6SegmentCasing = map[string]string{"Organization": "organization", "Mailboxes": "mailboxes", "Folders": "folders", "Items": "items"}

// writePage answers the PageOf... envelope {offset, limit, results, _links{self, first, prev?, next?}}.
func (c *reqCtx) writePage(total int, at func(i int) any) {
	offset, limit, ok := c.paging()
	if !ok {
		return
	}
	results := []any{}
	for i := offset; i < total && i < offset+limit; i++ {
		results = append(results, at(i))
	}
	links := map[string]any{
		"self":  href(c.pageLink(offset, limit)),
		"first": href(c.pageLink(0, limit)),
	}
	if offset > 0 {
		links["prev"] = href(c.pageLink(max(offset-limit, 0), limit))
	}
	if offset+limit < total {
		links["next"] = href(c.pageLink(offset+limit, limit))
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"offset": offset, "limit": limit, "results": results, "_links": links})
}

// ---- lookups ----

func (s *Server) findMailbox(id string) *mailbox {
	for _, mb := range s.mailboxes {
		if strings.EqualFold(mb.id, id) {
			return mb
		}
	}
	return nil
}

// session finds params[0]; unknown IDs answer 404.
func (c *reqCtx) session() (*session, bool) {
	c.s.mu.Lock()
	c.s.stopIdleSessionsLocked()
	ss := c.s.sessions[strings.ToLower(c.params[0])]
	if ss != nil && ss.state == "Working" {
		ss.lastUsed = c.s.now()
	}
	c.s.mu.Unlock()
	if ss == nil {
		c.notFound("Restore session with ID '" + c.params[0] + "' was not found.")
		return nil, false
	}
	return ss, true
}

// browseSession is session() plus: the session must be a Working explore session (400 otherwise).
func (c *reqCtx) browseSession() (*session, bool) {
	ss, ok := c.session()
	if !ok {
		return nil, false
	}
	c.s.mu.Lock()
	kind, state := ss.kind, ss.state
	c.s.mu.Unlock()
	if kind != sessionExplore {
		c.badRequest("Restore session '" + ss.id + "' is an item restore session and cannot be browsed.")
		return nil, false
	}
	if state != "Working" {
		c.fail(http.StatusBadRequest, "OperationConflict", "Restore session '"+ss.id+"' is stopped.")
		return nil, false
	}
	return ss, true
}

func (c *reqCtx) mailbox() (*session, *mailbox, bool) {
	ss, ok := c.browseSession()
	if !ok {
		return nil, nil, false
	}
	mb := c.s.findMailbox(c.params[1])
	if mb != nil && !ss.shows(mb) { // estate.go
		mb = nil
	}
	if mb == nil {
		c.notFound("Mailbox with ID '" + c.params[1] + "' was not found in restore session '" + ss.id + "'.")
		return nil, nil, false
	}
	return ss, mb, true
}

// ---- GET handlers ----

// handleOrganizations answers a bare JSON array on v3..v7 and a page on v8: Veeam's v2..v4
// pages (get_organizations.html) and every v3..v5 client (the self-service portal indexes
// [0]) show the array, and the v6 and v7 specs declare one (GET /v6|v7/Organizations has no
// offset/limit parameters); v8 declares PageOfRestOrganizationComposed.
func (s *Server) handleOrganizations(c *reqCtx) {
	if c.denyTenant() {
		return
	}
	// v6's document declares extendedView required (v7/v8: optional, default false).
	if _, given := c.query["extendedview"]; c.v == 6 && !given {
		c.badRequest("Parameter 'extendedView' is required.")
		return
	}
	if c.v <= 7 {
		writeJSON(c.w, http.StatusOK, []any{c.renderOrganization()})
		return
	}
	c.writePage(1, func(int) any { return c.renderOrganization() })
}

func (s *Server) handleOrganization(c *reqCtx) {
	if c.denyTenant() {
		return
	}
	if !strings.EqualFold(c.params[0], s.org.id) {
		c.notFound("Organization with ID '" + c.params[0] + "' was not found.")
		return
	}
	writeJSON(c.w, http.StatusOK, c.renderOrganization())
}

// handleSessions lists sessions in creation order, filtered and ordered as the version's
// contract says (filterSessions: v6+ creation-time bounds, v8 also end-time bounds and order).
func (s *Server) handleSessions(c *reqCtx) {
	s.mu.Lock()
	s.stopIdleSessionsLocked()
	list, ok := c.filterSessions(append([]*session(nil), s.sessionOrder...))
	if !ok {
		s.mu.Unlock()
		return
	}
	rendered := make([]map[string]any, len(list))
	for i, ss := range list {
		rendered[i] = c.renderSession(ss)
	}
	s.mu.Unlock()
	c.writePage(len(rendered), func(i int) any { return rendered[i] })
}

// handleSession also advances v8 restore sessions: they stay Working for asyncPolls GETs.
func (s *Server) handleSession(c *reqCtx) {
	ss, ok := c.session()
	if !ok {
		return
	}
	s.mu.Lock()
	if ss.kind == sessionRestore && ss.state == "Working" {
		if ss.pollsLeft > 0 {
			ss.pollsLeft--
		} else {
			ss.finish(s.now())
		}
	}
	body := c.renderSession(ss)
	s.mu.Unlock()
	writeJSON(c.w, http.StatusOK, body)
}

func (ss *session) finish(now time.Time) {
	ss.state = "Stopped"
	ss.ended = now
	ss.eTag++
	switch {
	case ss.bulk != nil:
		ss.result = bulkResult(ss.bulk)
	case ss.stats != nil:
		ss.result = ss.stats.result()
	}
}

func (s *Server) handleSessionOrganization(c *reqCtx) {
	ss, ok := c.session()
	if !ok {
		return
	}
	writeJSON(c.w, http.StatusOK, c.renderBackupOrganization(ss.id))
}

func (s *Server) handleMailboxes(c *reqCtx) {
	ss, ok := c.browseSession()
	if !ok {
		return
	}
	shown := ss.shownMailboxes(s.mailboxes) // estate.go
	c.writePage(len(shown), func(i int) any { return c.renderMailbox(ss.id, shown[i]) })
}

func (s *Server) handleMailbox(c *reqCtx) {
	ss, mb, ok := c.mailbox()
	if !ok {
		return
	}
	writeJSON(c.w, http.StatusOK, c.renderMailbox(ss.id, mb))
}

// handleFolders filters by parentId (a folder ID: its children; the top level: "null" on
// v4..v6 as their help pages document, "root" on v7+ as their OpenAPI documents do; omitted:
// all) and name (case-insensitive, wildcards * and ?). v3's pages document no parentId, so v3
// ignores it like any undeclared parameter; the other version's top-level spelling is no
// folder ID (404).
func (s *Server) handleFolders(c *reqCtx) {
	ss, mb, ok := c.mailbox()
	if !ok {
		return
	}
	parent, hasParent := c.query["parentid"]
	if c.v == 3 {
		parent, hasParent = "", false
	}
	topLevel := "root"
	if c.v <= 6 {
		topLevel = "null"
	}
	isTop := strings.EqualFold(parent, topLevel)
	if hasParent && parent != "" && !isTop && mb.findFolder(parent) == nil {
		c.notFound("Folder with ID '" + parent + "' was not found in mailbox '" + mb.id + "'.")
		return
	}
	if isTop {
		parent = "root"
	}
	namePattern := c.query["name"]
	var sel []*folder
	for _, f := range mb.folders {
		switch {
		case !hasParent || parent == "":
		case strings.EqualFold(parent, "root"):
			if f.parentID != "" {
				continue
			}
		default:
			if f.parentID != parent {
				continue
			}
		}
		if namePattern != "" && !wildcardMatch(strings.ToLower(namePattern), strings.ToLower(f.name)) {
			continue
		}
		sel = append(sel, f)
	}
	c.writePage(len(sel), func(i int) any { return c.renderFolder(ss.id, mb, sel[i]) })
}

func (s *Server) handleFolder(c *reqCtx) {
	ss, mb, ok := c.mailbox()
	if !ok {
		return
	}
	f := mb.findFolder(c.params[2])
	if f == nil {
		c.notFound("Folder with ID '" + c.params[2] + "' was not found in mailbox '" + mb.id + "'.")
		return
	}
	writeJSON(c.w, http.StatusOK, c.renderFolder(ss.id, mb, f))
}

// handleItems filters by folderId on v3..v6 and parentId on v7+. Like ASP.NET, the server
// ignores a query parameter the version does not declare (so v8 ?folderId= lists everything).
// The mailbox's root is named as for folders: folderId=null on v3..v6 (as third-party v3..v5
// clients send it), parentId=root on v7+.
func (s *Server) handleItems(c *reqCtx) {
	ss, mb, ok := c.mailbox()
	if !ok {
		return
	}
	filterName, topLevel := "folderid", "null"
	if c.v >= 7 {
		filterName, topLevel = "parentid", "root"
	}
	folderID := c.query[filterName]
	all := folderID == ""
	if !all && !strings.EqualFold(folderID, topLevel) && mb.findFolder(folderID) == nil {
		c.notFound("Folder with ID '" + folderID + "' was not found in mailbox '" + mb.id + "'.")
		return
	}
	if strings.EqualFold(folderID, topLevel) {
		folderID = "" // items directly under the mailbox root: the fixture keeps none there
	}
	total, at := mb.itemsIn(folderID, all, ss.view())
	c.writePage(total, func(i int) any { return c.renderItem(ss.id, mb, at(i)) })
}

func (s *Server) handleItem(c *reqCtx) {
	ss, mb, ok := c.mailbox()
	if !ok {
		return
	}
	it := mb.findItem(c.params[2], ss.view())
	if it == nil {
		c.notFound("Item with ID '" + c.params[2] + "' was not found in mailbox '" + mb.id + "'.")
		return
	}
	writeJSON(c.w, http.StatusOK, c.renderItem(ss.id, mb, it))
}

// wildcardMatch matches * (any run) and ? (one character).
func wildcardMatch(pattern, s string) bool {
	p, str := []rune(pattern), []rune(s)
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(str) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == str[si]):
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
