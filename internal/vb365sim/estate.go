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
	"time"
)

// estate is the state of the routes in this file; it has its own lock.
type estate struct {
	mu         sync.Mutex
	searchSets map[string][]searchHit // setId -> the result set of a search, for paging
	// retrievals are the data retrieval jobs; retrievalDuration is how long one takes
	// (WithDataRetrievalDuration).
	retrievals        map[string]*retrieval
	retrievalOrder    []*retrieval
	retrievalDuration time.Duration
	durationSet       bool
	// noEmailSettings: the server has no e-mail settings (WithoutEmailSettings); sends fail.
	noEmailSettings bool
}

// WithoutEmailSettings starts a server whose e-mail settings are not configured: GET
// /VexEmailSettings shows sending disabled and the send actions fail with a 400.
func WithoutEmailSettings() Option { return func(s *Server) { s.estate.noEmailSettings = true } }

// DefaultDataRetrievalDuration is how long a retrieval job takes unless
// WithDataRetrievalDuration says otherwise (an expedited Glacier retrieval takes minutes).
const DefaultDataRetrievalDuration = 5 * time.Minute

// WithDataRetrievalDuration sets how long a data retrieval job stays Retrieving (0: it has
// retrieved by the first read), on the server's clock.
func WithDataRetrievalDuration(d time.Duration) Option {
	return func(s *Server) { s.estate.retrievalDuration = max(d, 0); s.estate.durationSet = true }
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
		r("POST", "/DataRetrievals", 6, 8, s.handleStartRetrieval),
		r("GET", "/DataRetrievals", 6, 8, s.handleRetrievals), // retrieval_list.go
		r("GET", "/DataRetrievals/{id}", 6, 8, s.handleRetrieval),
		r("PUT", "/DataRetrievals/{id}", 6, 8, s.handleUpdateRetrieval),
		r("DELETE", "/DataRetrievals/{id}", 6, 7, s.handleDeleteRetrieval),
		r("POST", "/DataRetrievals/{id}/explore", 6, 8, s.handleRetrievalExplore),
		r("GET", "/DataRetrievalSessions", 6, 8, s.handleRetrievalSessions),
		r("GET", "/VexEmailSettings", 6, 8, s.handleEmailSettings),
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
		for _, mb := range ss.shownMailboxes(s.mailboxes) {
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
	for _, mb := range ss.shownMailboxes(s.mailboxes) {
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
	if repo, _ := p["repositoryId"].(string); c.query["repositoryid"] != "" && !strings.EqualFold(c.query["repositoryid"], repo) {
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
	case strings.EqualFold(repository, ArchiveRepositoryID) && strings.HasPrefix(c.route.template, "/DataRetrievals/"):
		ss.repositoryID = ArchiveRepositoryID // the retrieved copy: only the retrieved mailboxes
		ss.onlyMailboxes = c.retrievedMailboxes
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

// ---- data retrievals (archive tier) ----

// retrieval is a data retrieval job of the archive tier's long-term copy.
type retrieval struct {
	id, name, description        string
	glacierPolicy                string
	pointInTime                  time.Time
	mailboxes                    []string
	showDeleted, showAllVersions bool
	availabilityDays             int64
	started, retrievedAt         time.Time
	changes                      []time.Time // availability changes (RetrievalChangeAvailabilityPeriodDays sessions)
	sessionID                    string
}

func (r *retrieval) expiresAt() time.Time {
	return r.retrievedAt.Add(time.Duration(r.availabilityDays) * 24 * time.Hour)
}

// state is the dataState and lastStatus at now; gone once the retrieved copy has expired.
func (r *retrieval) state(now time.Time) (dataState, lastStatus string, gone bool) {
	switch {
	case now.Before(r.retrievedAt):
		return "Retrieving", "Running", false
	case !now.Before(r.expiresAt()):
		return "", "", true
	}
	return "Retrieved", "Success", false
}

// ArchiveItemCount is how many objects a retrieval of the archive tier processes (progress).
const ArchiveItemCount = 40

// liveRetrieval finds a retrieval job that has not expired; it answers 404 otherwise.
func (s *Server) liveRetrieval(c *reqCtx) (*retrieval, bool) {
	s.estate.mu.Lock()
	r := s.estate.retrievals[strings.ToLower(c.params[0])]
	s.estate.mu.Unlock()
	if r == nil {
		c.notFound("Data retrieval with ID '" + c.params[0] + "' was not found.")
		return nil, false
	}
	if _, _, gone := r.state(s.now()); gone {
		c.notFound("Data retrieval with ID '" + c.params[0] + "' was not found: its retrieved data expired.")
		return nil, false
	}
	return r, true
}

// retrievalOf is the live retrieval job that has retrieved the restore point, "" when none.
func (s *Server) retrievalOf(pointID string) string {
	if !strings.EqualFold(pointID, ArchiveRestorePointID) {
		return ""
	}
	now := s.now()
	s.estate.mu.Lock()
	defer s.estate.mu.Unlock()
	for _, r := range s.estate.retrievalOrder {
		if state, _, gone := r.state(now); !gone && state == "Retrieved" {
			return r.id
		}
	}
	return ""
}

func (c *reqCtx) renderRetrieval(r *retrieval, now time.Time) map[string]any {
	dataState, lastStatus, _ := r.state(now)
	out := map[string]any{
		"id": r.id, "name": r.name, "description": r.description, "storageType": "AmazonS3Glacier",
		"amazonS3GlacierRetrievalPolicy": r.glacierPolicy, "pointInTime": isoTime(r.pointInTime),
		"organizationId": c.s.org.id, "repositoryId": ArchiveRepositoryID, "dataState": dataState, "lastStatus": lastStatus,
		"startTime": isoTime(r.started), "type": "Exchange", "showDeleted": r.showDeleted, "showAllVersions": r.showAllVersions,
		"enableExpirationNotification": false,
	}
	if dataState == "Retrieved" {
		out["retrievedRestorePointId"] = ArchiveRestorePointID
		out["expirationTime"] = isoTime(r.expiresAt())
	}
	return out
}

// handleStartRetrieval serves POST /DataRetrievals (RESTDataRetrievalFromClient): a retrieval of
// the archive tier's long-term copy; it is Retrieving for the configured duration.
func (s *Server) handleStartRetrieval(c *reqCtx) {
	body, err := readJSONObject(c)
	if err != nil || body == nil {
		c.badRequest("The request body must be a RESTDataRetrievalFromClient object.")
		return
	}
	org, _ := getString(body, "organizationId")
	repo, _ := getString(body, "repositoryId")
	switch {
	case !strings.EqualFold(org, s.org.id):
		c.notFound("Organization with ID '" + org + "' was not found.")
		return
	case strings.EqualFold(repo, PrimaryRepositoryID) || strings.EqualFold(repo, CopyRepositoryID):
		c.badRequest("Backup repository '" + repo + "' is not an archive storage tier: its data needs no retrieval.")
		return
	case !strings.EqualFold(repo, ArchiveRepositoryID):
		c.notFound("Backup repository with ID '" + repo + "' was not found.")
		return
	}
	days, present, err := getInt64(body, "availabilityPeriodDays")
	if err != nil || !present || days < 1 {
		c.badRequest("Parameter 'availabilityPeriodDays' must be a number of days, 1 or more.")
		return
	}
	policy, _ := getString(body, "amazonS3GlacierRetrievalPolicy")
	if policy == "" {
		policy = "Standard"
	}
	if policy != "Expedited" && policy != "Standard" && policy != "Bulk" {
		c.badRequest("Parameter 'amazonS3GlacierRetrievalPolicy' must be Expedited, Standard or Bulk.")
		return
	}
	if azure, _ := getString(body, "azureArchiveRetrievalPolicy"); azure != "" {
		c.badRequest("Backup repository '" + repo + "' is Amazon S3 Glacier: 'azureArchiveRetrievalPolicy' does not apply.")
		return
	}
	pit := mustTime(ArchiveRestorePointTime)
	if raw, _ := getString(body, "pointInTime"); raw != "" {
		t, err := time.Parse(time.RFC3339Nano, raw)
		if err != nil {
			c.badRequest("Parameter 'pointInTime' has an invalid date and time format: '" + raw + "'.")
			return
		}
		if t.Before(pit) {
			c.badRequest("The archive tier has no restore point at or before " + raw + ".")
			return
		}
	}
	mailboxes, ok := c.retrievalMailboxes(body) // mailboxdata.go
	if !ok {
		return
	}
	showDeleted, _, _ := getBool(body, "showDeleted")
	showAll, _, _ := getBool(body, "showAllVersions")
	name, _ := getString(body, "name")
	description, _ := getString(body, "description")
	now := s.now()
	duration := DefaultDataRetrievalDuration
	s.estate.mu.Lock()
	if s.estate.durationSet {
		duration = s.estate.retrievalDuration
	}
	r := &retrieval{
		id: newUUID(), name: name, description: description, glacierPolicy: policy, pointInTime: pit, mailboxes: mailboxes,
		showDeleted: showDeleted, showAllVersions: showAll, availabilityDays: days, started: now, retrievedAt: now.Add(duration),
		sessionID: newUUID(),
	}
	if s.estate.retrievals == nil {
		s.estate.retrievals = map[string]*retrieval{}
	}
	s.estate.retrievals[strings.ToLower(r.id)] = r
	s.estate.retrievalOrder = append(s.estate.retrievalOrder, r)
	s.estate.mu.Unlock()
	e := c.ledgerEntry(actionDataRetrieval)
	e.OrganizationID, e.Body = s.org.id, redactMap(body)
	s.recordExecuted(e, nil)
	writeJSON(c.w, http.StatusCreated, c.renderRetrieval(r, now))
}

// actionDataRetrieval names POST /DataRetrievals in the ledger.
const actionDataRetrieval = "data_retrieval"

func (s *Server) handleRetrieval(c *reqCtx) {
	r, ok := s.liveRetrieval(c)
	if !ok {
		return
	}
	writeJSON(c.w, http.StatusOK, c.renderRetrieval(r, s.now()))
}

// handleUpdateRetrieval serves PUT /DataRetrievals/{id} (RESTDataRetrievalUpdateFromClient):
// the new availability counts from when the data was retrieved; only retrieved data has one.
func (s *Server) handleUpdateRetrieval(c *reqCtx) {
	r, ok := s.liveRetrieval(c)
	if !ok {
		return
	}
	body, err := readJSONObject(c)
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	days, present, err := getInt64(body, "availabilityPeriodDays")
	if err != nil || (present && days < 1) {
		c.badRequest("Parameter 'availabilityPeriodDays' must be a number of days, 1 or more.")
		return
	}
	now := s.now()
	if state, _, _ := r.state(now); state != "Retrieved" {
		c.fail(http.StatusBadRequest, "OperationConflict", "Data retrieval '"+r.id+"' is "+state+": its availability can be changed once the data is retrieved.")
		return
	}
	s.estate.mu.Lock()
	if present {
		r.availabilityDays = days
	}
	r.changes = append(r.changes, now)
	s.estate.mu.Unlock()
	if c.v >= 8 {
		c.noContent()
		return
	}
	writeJSON(c.w, http.StatusOK, map[string]any{})
}

// handleDeleteRetrieval serves v6/v7 DELETE /DataRetrievals/{id}: the retrieved copy is removed.
func (s *Server) handleDeleteRetrieval(c *reqCtx) {
	r, ok := s.liveRetrieval(c)
	if !ok {
		return
	}
	s.estate.mu.Lock()
	delete(s.estate.retrievals, strings.ToLower(r.id))
	s.estate.mu.Unlock()
	c.emptyAnswer(http.StatusNoContent) // the v6 and v7 documents declare 204
}

// handleRetrievalExplore serves POST /DataRetrievals/{id}/explore: a restore session on the
// retrieved data, with the retrieval's point in time and options; refused while retrieving.
func (s *Server) handleRetrievalExplore(c *reqCtx) {
	r, ok := s.liveRetrieval(c)
	if !ok {
		return
	}
	if state, _, _ := r.state(s.now()); state != "Retrieved" {
		c.fail(http.StatusBadRequest, "OperationConflict", "Data retrieval '"+r.id+"' is "+state+": its data can be explored once retrieved.")
		return
	}
	opts := map[string]any{"type": "Vex", "dateTime": isoTime(r.pointInTime), "showDeleted": r.showDeleted, "showAllVersions": r.showAllVersions}
	c.params = []string{s.org.id}
	status := http.StatusOK
	if c.v >= 8 {
		status = http.StatusCreated
	}
	c.retrievedMailboxes = r.mailboxes
	s.exploreIn(c, opts, nil, status, ArchiveRepositoryID)
}

// handleRetrievalSessions serves GET /DataRetrievalSessions?dataRetrievalId=: the Retrieve
// session (progress grows with the elapsed share of the duration) and one session per
// availability change. Session IDs are UUIDs (format: uuid); repositoryId is v8's only.
func (s *Server) handleRetrievalSessions(c *reqCtx) {
	now := s.now()
	s.estate.mu.Lock()
	var out []any
	for _, r := range s.estate.retrievalOrder {
		if id := c.query["dataretrievalid"]; id != "" && !strings.EqualFold(id, r.id) {
			continue
		}
		processed := int64(ArchiveItemCount)
		status := "Success"
		if total := r.retrievedAt.Sub(r.started); now.Before(r.retrievedAt) && total > 0 {
			processed = int64(float64(ArchiveItemCount) * float64(now.Sub(r.started)) / float64(total))
			status = "Running"
		}
		session := map[string]any{
			"id": r.sessionID, "name": "Retrieve " + r.name, "retrievalId": r.id,
			"creationTime": isoTime(r.started), "progress": processed, "processedObjects": processed, "type": "Retrieve", "status": status,
		}
		if status == "Success" {
			session["endTime"] = isoTime(r.retrievedAt)
		}
		sessions := []map[string]any{session}
		for _, at := range r.changes {
			sessions = append(sessions, map[string]any{
				"id": fixtureUUID("retrieval-change", r.id, isoTime(at)), "retrievalId": r.id,
				"creationTime": isoTime(at), "endTime": isoTime(at), "type": "RetrievalChangeAvailabilityPeriodDays", "status": "Success",
				"progress": 0, "processedObjects": 0,
			})
		}
		for _, sess := range sessions {
			if c.v >= 8 { // RESTDataRetrievalSession has repositoryId from v8 on only
				sess["repositoryId"] = ArchiveRepositoryID
			}
			out = append(out, sess)
		}
	}
	s.estate.mu.Unlock()
	c.writePage(len(out), func(i int) any { return out[i] })
}

// handleEmailSettings serves GET /VexEmailSettings (RESTSmtpSettings): a configured SMTP server,
// or (WithoutEmailSettings) sending disabled with no server.
func (s *Server) handleEmailSettings(c *reqCtx) {
	out := map[string]any{"enableNotification": true, "server": "smtp.bestsupport.onmicrosoft.com", "port": 587,
		"from": "vb365@bestsupport.onmicrosoft.com", "useAuthentication": true, "username": "vb365@bestsupport.onmicrosoft.com", "useSSL": true}
	if s.estate.noEmailSettings {
		out = map[string]any{"enableNotification": false, "server": "", "from": "", "useAuthentication": false, "useSSL": false}
	}
	if c.v >= 8 {
		out["authenticationType"] = "CustomSmtp"
	}
	writeJSON(c.w, http.StatusOK, out)
}

// refuseSendWithoutEmailSettings answers a send action on a server without e-mail settings
// (as the real server fails it); it reports whether it did.
func (s *Server) refuseSendWithoutEmailSettings(c *reqCtx, action string) bool {
	if !s.estate.noEmailSettings || (action != actionSendDefault && action != actionSendDifferent) {
		return false
	}
	c.badRequest("Cannot send items: email notification settings are not configured (VexEmailSettings).")
	return true
}

// shows reports whether the session shows the mailbox: a data retrieval's session only the
// mailboxes it retrieved, a restore operator's only those its roles allow (operator.go).
func (ss *session) shows(mb *mailbox) bool {
	if ss.operatorID != "" && !containsFold(ss.operatorMailboxes, mb.id) {
		return false
	}
	return len(ss.onlyMailboxes) == 0 || containsFold(ss.onlyMailboxes, mb.id)
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// shownMailboxes are the mailboxes of all that the session shows.
func (ss *session) shownMailboxes(all []*mailbox) []*mailbox {
	if len(ss.onlyMailboxes) == 0 && ss.operatorID == "" {
		return all
	}
	var out []*mailbox
	for _, mb := range all {
		if ss.shows(mb) {
			out = append(out, mb)
		}
	}
	return out
}
