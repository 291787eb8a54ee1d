package vb365sim

// The rest of a VB365 estate beyond one mailbox's primary backup: searches across the
// organization's mailboxes with server-side result sets (setId), keyword and organization PST
// exports, and backup repositories: the primary one, a backup copy (v7+ explores it), and an
// archive tier (object storage archive, e.g. S3 Glacier) whose long-term copy must be
// retrieved before it can be explored.

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// estate is the state of the routes in this file; it has its own lock.
type estate struct {
	mu         sync.Mutex
	searchSets map[string][]searchHit // setId -> the result set of a search, for paging
}

// searchHit is one item a search found, with its mailbox.
type searchHit struct {
	mb *mailbox
	it *item
}

func (s *Server) estateRoutes() []route {
	r := func(method, tmpl string, minV, maxV int, h routeFunc) route {
		return route{method: method, template: tmpl, segs: strings.Split(strings.TrimPrefix(tmpl, "/"), "/"), minV: minV, maxV: maxV, handler: h}
	}
	return []route{
		r("POST", tMailboxes+"/search", 6, 8, s.handleOrganizationSearch),
		r("POST", tSession+"/Organization/exportToPst", 6, 8, s.handleOrganizationExport),
		r("POST", "/BackupRepositories/{id}/explore", 7, 8, s.handleRepositoryExplore),
	}
}

// searchMatches is the simulator's reading of the search syntax: `from:x` matches senders
// containing x, `subject:x` and bare text subjects containing it (case-insensitive).
func searchMatches(it *item, query string) bool {
	q := strings.ToLower(strings.TrimSpace(query))
	field, needle := "subject", q
	if k, v, ok := strings.Cut(q, ":"); ok && (k == "from" || k == "subject") {
		field, needle = k, strings.TrimSpace(v)
	}
	if field == "from" {
		return strings.Contains(strings.ToLower(it.from), needle)
	}
	return strings.Contains(strings.ToLower(it.subject), needle)
}

// handleOrganizationSearch serves POST .../organization/mailboxes/search (v6+): the items of
// every mailbox of the session that match. The first request computes the result set and
// answers its setId; a request with that setId pages the same set (the server's cache), so
// pages stay consistent; an unknown setId is a 400.
func (s *Server) handleOrganizationSearch(c *reqCtx) {
	ss, ok := c.browseSession()
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
	if strings.TrimSpace(query) == "" {
		c.badRequest("Parameter 'query' is required.")
		return
	}
	offset, limit, ok := c.paging()
	if !ok {
		return
	}
	s.estate.mu.Lock()
	defer s.estate.mu.Unlock()
	setID := c.query["setid"]
	hits, known := s.estate.searchSets[strings.ToLower(setID)]
	switch {
	case setID != "" && !known:
		c.badRequest("Search result set '" + setID + "' was not found.")
		return
	case setID == "":
		for _, mb := range s.mailboxes {
			n, at := mb.itemsIn("", true, ss.view())
			for i := range n {
				if it := at(i); searchMatches(it, query) {
					hits = append(hits, searchHit{mb: mb, it: it})
				}
			}
		}
		setID = newUUID()
		if s.estate.searchSets == nil {
			s.estate.searchSets = map[string][]searchHit{}
		}
		s.estate.searchSets[strings.ToLower(setID)] = hits
	}
	results := []any{}
	for i := offset; i < len(hits) && i < offset+limit; i++ {
		results = append(results, c.renderItem(ss.id, hits[i].mb, hits[i].it))
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"offset": offset, "limit": limit, "setId": setID, "results": results})
}

// contentKeyword reads the contentKeyword of a folder, mailbox or organization PST export
// (RESTExportFolderToPst, v6+). ok is false when the request was answered (a bad value).
func contentKeyword(c *reqCtx, action string, opts map[string]any) (keyword string, ok bool) {
	if action != actionExportPST || c.v < 6 {
		return "", true
	}
	keyword, err := getString(opts, "contentKeyword")
	if err != nil {
		c.badRequest(err.Error())
		return "", false
	}
	return strings.TrimSpace(keyword), true
}

// keywordMatches keeps the items whose subject, sender or recipients contain keyword
// (case-insensitive): the simulator's reading of "a keyword to query backed-up data".
func keywordMatches(items []*item, keyword string) []*item {
	k := strings.ToLower(keyword)
	var out []*item
	for _, it := range items {
		for _, field := range []string{it.subject, it.from, it.to, it.cc} {
			if strings.Contains(strings.ToLower(field), k) {
				out = append(out, it)
				break
			}
		}
	}
	return out
}

// handleOrganizationExport serves POST .../organization/exportToPst (v6+): the items of every
// mailbox of the session (with contentKeyword, those that match) as one PST stream.
func (s *Server) handleOrganizationExport(c *reqCtx) {
	ss, ok := c.browseSession()
	if !ok {
		return
	}
	opts, err := readJSONObject(c)
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	keyword, ok := contentKeyword(c, actionExportPST, opts)
	if !ok {
		return
	}
	if enabled, _, _ := getBool(opts, "enablePstSizeLimit"); enabled {
		if limit, present, err := getInt64(opts, "pstSizeLimitBytes"); err != nil || !present || limit < 1<<30 || limit > 49<<30 {
			c.badRequest("Parameter 'pstSizeLimitBytes' must be between 1 GB and 49 GB when 'enablePstSizeLimit' is true.")
			return
		}
	}
	e := c.ledgerEntry(actionExportPST)
	e.WholeOrganization, e.OrganizationID, e.RestoreSessionID, e.Body = true, s.org.id, ss.id, redactMap(opts)
	var events []event
	for _, mb := range s.mailboxes {
		var items []*item
		n, at := mb.itemsIn("", true, ss.view())
		for i := range n {
			items = append(items, at(i))
		}
		if keyword != "" {
			items = keywordMatches(items, keyword)
		}
		for _, it := range items {
			e.ItemIDs = append(e.ItemIDs, it.id)
		}
		events = append(events, itemEvents(actionExportPST, mb, items, "organization.pst", nil)...)
	}
	size := s.payloadSize("pst", len(e.ItemIDs))
	c.w.Header().Set("Content-Type", "application/octet-stream")
	c.w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	c.w.Header().Set("Content-Disposition", `attachment; filename="organization.pst"`)
	seed := payloadSeed("pst", ss.id, s.org.id, e.ItemIDs)
	e.OutputSize, e.OutputSHA256, _ = writePayload(io.Discard, "pst", seed, size)
	s.recordExecuted(e, events, ss)
	c.w.WriteHeader(http.StatusOK)
	_, _, _ = writePayload(c.w, "pst", seed, size)
}

// Backup repositories and their restore points besides the primary ones (discovery.go).
const (
	// PrimaryRepositoryID holds the restore points RestorePointIDs.
	PrimaryRepositoryID = simRepositoryID
	// CopyRepositoryID is a backup copy repository: CopyRestorePointID copies the backup of
	// RestorePointTimes[0]; its sessions show what the primary does.
	CopyRepositoryID     = "b2f1d3e5-3333-4b6c-9d7e-8f9a0b1c2d03"
	CopyRestorePointID   = "a1e0c2d4-0101-4a5b-8c6d-7e8f9a0b1c11"
	CopyRestorePointTime = "2019-04-10T23:00:00Z"
	// ArchiveRepositoryID is an archive tier (Amazon S3 Glacier): ArchiveRestorePointID is a
	// long-term copy that no explore reaches until a data retrieval has retrieved it.
	ArchiveRepositoryID     = "b2f1d3e5-4444-4b6c-9d7e-8f9a0b1c2d04"
	ArchiveRestorePointID   = "a1e0c2d4-0201-4a5b-8c6d-7e8f9a0b1c21"
	ArchiveRestorePointTime = "2019-04-10T23:30:00Z"
)

// extraRestorePoint is a restore point outside the primary repository.
type extraRestorePoint struct {
	id, time, repositoryID string
	isCopy, isLongTermCopy bool
}

var extraRestorePoints = []extraRestorePoint{
	{id: CopyRestorePointID, time: CopyRestorePointTime, repositoryID: CopyRepositoryID, isCopy: true},
	{id: ArchiveRestorePointID, time: ArchiveRestorePointTime, repositoryID: ArchiveRepositoryID, isCopy: true, isLongTermCopy: true},
}

// repositoryPoint renders an extra restore point; retrievalID is the data retrieval that
// retrieved it ("" when not retrieved).
func (c *reqCtx) repositoryPoint(p extraRestorePoint, orgID, retrievalID string) map[string]any {
	out := map[string]any{
		"id": p.id, "repositoryId": p.repositoryID, "backupTime": isoTime(mustTime(p.time)),
		"jobId": simJobID, "organizationId": orgID,
		"isExchange": true, "isSharePoint": false, "isOneDrive": false, "isTeams": false,
		"isLongTermCopy": p.isLongTermCopy, "isRetrieved": retrievalID != "",
	}
	if retrievalID != "" {
		out["retrievalId"] = retrievalID
	}
	if c.v >= 7 {
		out["isCopy"], out["isDeleted"] = p.isCopy, false
	}
	return out
}

// restorePointFilters applies the v6+ repositoryId, isLongTermCopy and isRetrieved and the
// v7+ isCopy parameters to a rendered point (ASP.NET ignores a parameter the version lacks).
func (c *reqCtx) restorePointMatches(p map[string]any) bool {
	if repo := c.query["repositoryid"]; repo != "" && !strings.EqualFold(repo, p["repositoryId"].(string)) {
		return false
	}
	names := []string{"isLongTermCopy", "isRetrieved"}
	if c.v >= 7 {
		names = append(names, "isCopy")
	}
	for _, name := range names {
		raw, given := c.query[strings.ToLower(name)]
		if !given {
			continue
		}
		want, err := strconv.ParseBool(raw)
		if err != nil {
			continue
		}
		if got, _ := p[name].(bool); got != want {
			return false
		}
	}
	return true
}

// exploreRepository checks the repository an explore names and records it in ss: the primary
// and the copy are explored as they are; the archive tier refuses until retrieved (the data
// retrieval's own explore reaches it); an unknown repository is a 404. It reports whether the
// explore may go on (false: answered).
func (s *Server) exploreRepository(c *reqCtx, ss *session, repository string) bool {
	switch {
	case repository == "" || strings.EqualFold(repository, PrimaryRepositoryID):
	case strings.EqualFold(repository, CopyRepositoryID):
		ss.repositoryID = CopyRepositoryID
	case strings.EqualFold(repository, ArchiveRepositoryID):
		c.fail(http.StatusBadRequest, "OperationConflict", "Backup repository '"+repository+"' is in an archive storage tier: "+
			"its restore points must be retrieved by a data retrieval job before they can be explored.")
		return false
	default:
		c.notFound("Backup repository with ID '" + repository + "' was not found.")
		return false
	}
	return true
}

// handleRepositoryExplore serves POST /BackupRepositories/{id}/explore?organizationId= (v7+,
// RESTExploreOptions): an explore of the organization's backups in that repository.
func (s *Server) handleRepositoryExplore(c *reqCtx) {
	body, err := readJSONObject(c)
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	org := c.query["organizationid"]
	if org == "" {
		c.badRequest("Parameter 'organizationId' is required.")
		return
	}
	repository := c.params[0]
	c.params = []string{org}
	status := http.StatusOK
	if c.v >= 8 {
		status = http.StatusCreated
	}
	s.exploreIn(c, body, body, status, repository)
}

// retrievalOf is the data retrieval that has retrieved the restore point, "" when none has
// (data retrievals come with the archive tier's retrieval jobs).
func (s *Server) retrievalOf(pointID string) string { return "" }
