package vb365sim

import (
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Canonical action names used in the ledger.
const (
	actionRestoreOriginal = "restore_to_original_location"
	actionRestoreTo       = "restore_to"
	actionExportPST       = "export_to_pst"
	actionSaveMSG         = "save_to_msg"
	actionSendDefault     = "send_to_default_address"
	actionSendDifferent   = "send_to_different_address"
	actionExplore         = "explore"
	actionStop            = "stop"
)

// v3ActionNames maps lower-cased v3..v5 body keys to canonical actions.
var v3ActionNames = map[string]string{
	"restoretooriginallocation": actionRestoreOriginal,
	"restoreto":                 actionRestoreTo,
	"exporttopst":               actionExportPST,
	"savetomsg":                 actionSaveMSG,
	"sendtodefaultaddress":      actionSendDefault,
	"sendtodifferentaddress":    actionSendDifferent,
}

// LedgerEntry records one executed action.
type LedgerEntry struct {
	Time    time.Time
	Version int
	Method  string
	// Route is the route template, e.g. "/v3/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items/{id}/Action".
	Route string
	// Action is restore_to_original_location, restore_to, export_to_pst, save_to_msg,
	// send_to_default_address, send_to_different_address, explore or stop.
	Action           string
	OrganizationID   string // explore only
	RestoreSessionID string // the browsed session; for explore the new session
	MailboxID        string
	// ItemIDs are the items the action covered: those named by the request, or for a folder
	// or whole-mailbox action every item the simulator resolved (possibly none).
	ItemIDs      []string
	Bulk         bool           // the mailbox-level bulk item route (.../Items/Action, .../items/restore) was used
	FolderID     string         // a folder action: the folder (its items and its subfolders' items)
	WholeMailbox bool           // a whole-mailbox action (.../Mailboxes/{id}/Action, .../mailboxes/{id}/restore)
	Body         map[string]any // decoded request body as sent (v3..v5: the whole envelope), secrets "***"; nil when empty
	OutputSize   int64          // PST/MSG bytes written
	OutputSHA256 string         // hex SHA-256 of those bytes
	Restore      *RestoreCounts // restores only
	// AsyncSessionID is the v8 restore session returned as {"sessionId"}.
	AsyncSessionID string
	// WholeOrganization: the organization's PST export (.../organization/exportToPst, v6+);
	// ItemIDs are then the items of every mailbox it exported.
	WholeOrganization bool
	// Reason is the reason of a restore operator's operatorRestore (operator.go).
	Reason string
	// BulkRunID ties together the entries (one per mailbox) of one bulk mailbox restore
	// request (bulk_restore.go); empty for every other action.
	BulkRunID string
	// UserCode is the device code a restore carried as userCode (in Body it is "***"), for
	// tests that check which code a restore used; never in the ledger document.
	UserCode string
}

// RestoreCounts is the outcome of one restore action.
type RestoreCounts struct {
	Created, Merged, Failed, Skipped int
	Exceptions                       []string
}

func newUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func (c *reqCtx) ledgerEntry(action string) LedgerEntry {
	return LedgerEntry{Time: c.s.now(), Version: c.v, Method: c.r.Method, Route: c.routeTemplate(), Action: action}
}

// singleKey reads a v3..v5 envelope: exactly one top-level key naming the action.
func (c *reqCtx) singleKey() (key string, inner map[string]any, body map[string]any, ok bool) {
	body, err := readJSONObject(c)
	if err != nil {
		c.badRequest(err.Error())
		return "", nil, nil, false
	}
	if len(body) != 1 {
		c.badRequest(fmt.Sprintf("The action body must have exactly one top-level key naming the action; it has %d.", len(body)))
		return "", nil, nil, false
	}
	for k, v := range body {
		key = k
		switch t := v.(type) {
		case nil:
		case map[string]any:
			inner = t
		default:
			c.badRequest("The value of action '" + k + "' must be an object or null.")
			return "", nil, nil, false
		}
	}
	return key, inner, body, true
}

// ---- explore / stop ----

func (s *Server) handleExploreV3(c *reqCtx) {
	if c.denyTenant() {
		return
	}
	key, inner, body, ok := c.singleKey()
	if !ok {
		return
	}
	if !strings.EqualFold(key, "explore") {
		c.badRequest("Unknown organization action '" + key + "'. Supported: explore.")
		return
	}
	s.explore(c, inner, body, http.StatusCreated)
}

func (s *Server) handleExploreV6(c *reqCtx) {
	if c.denyTenant() {
		return
	}
	body, err := readJSONObject(c)
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	status := http.StatusOK
	if c.v >= 8 {
		status = http.StatusCreated
	}
	s.explore(c, body, body, status)
}

// exploreTimeLayouts are what the server's .NET DateTime parsing accepts in practice (en-US
// and invariant culture): ISO 8601 with or without an offset, seconds or fractions; the
// documented "yyyy-MM-dd HH:mm:ss.SSS" and "yyyy.MM.dd hh:mm:ss"; the same without seconds
// ("2019.04.12 10:54", what every v3..v5 portal version sends) or without a time; US dates
// ("6/5/2017 1:12 PM"). Months, days and hours may have one digit; fractions of a second are
// accepted after the seconds of every layout. A time without an offset is taken as UTC.
var exploreTimeLayouts = []string{
	time.RFC3339Nano, "2006-1-2T15:04Z07:00", "2006-1-2T15:04:05", "2006-1-2T15:04", "2006-1-2 15:04:05Z07:00",
	"2006-1-2 15:04:05", "2006-1-2 15:04", "2006-1-2",
	"2006.1.2 15:04:05", "2006.1.2 15:04", "2006.1.2", "2006.1.2T15:04:05",
	"2006/1/2 15:04:05", "2006/1/2 15:04", "2006/1/2",
	"1/2/2006 3:04:05 PM", "1/2/2006 3:04 PM", "1/2/2006 15:04:05", "1/2/2006 15:04", "1/2/2006",
}

// parseLenientTime parses s with the first of exploreTimeLayouts that fits, surrounding
// spaces ignored.
func parseLenientTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range exploreTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// explore opens a session on the route's organization, or on the signed-in organization on
// the tenant routes, which name none.
func (s *Server) explore(c *reqCtx, opts, body map[string]any, status int) {
	repository := ""
	if c.v >= 8 { // RESTOrganizationExploreOptions.repositoryId (v8); earlier versions ignore it
		var err error
		if repository, err = getString(opts, "repositoryId"); err != nil {
			c.badRequest(err.Error())
			return
		}
	}
	s.exploreIn(c, opts, body, status, repository)
}

// exploreIn opens an explore session of the organization params[0] in repository (empty:
// the primary backup; see estate.go).
func (s *Server) exploreIn(c *reqCtx, opts, body map[string]any, status int, repository string) {
	if len(c.params) > 0 && !strings.EqualFold(c.params[0], s.org.id) {
		c.notFound("Organization with ID '" + c.params[0] + "' was not found.")
		return
	}
	typ, err := getString(opts, "type")
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	if typ != "" && !strings.EqualFold(typ, "vex") {
		c.badRequest("Restore session type '" + typ + "' is not supported by the simulator; only Exchange (Vex).")
		return
	}
	pit := s.now()
	dt, err := getString(opts, "dateTime")
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	if dt != "" {
		t, parsed := parseLenientTime(dt)
		if parsed {
			pit = t
		} else {
			c.badRequest("Parameter 'dateTime' has an invalid date and time format: '" + dt + "'.")
			return
		}
		// Like a server, the session browses the latest backup at or before the time asked
		// for: without one there is nothing to explore.
		if !restorePointAtOrBefore(pit) {
			c.badRequest("No restore points of organization '" + s.org.name + "' were found at or before " + isoTime(pit) + ".")
			return
		}
	}
	showDeleted, _, err1 := getBool(opts, "showDeleted")
	showAll, _, err2 := getBool(opts, "showAllVersions")
	reason, err3 := getString(opts, "reason")
	for _, e := range []error{err1, err2, err3} {
		if e != nil {
			c.badRequest(e.Error())
			return
		}
	}
	ss := &session{
		id: newUUID(), kind: sessionExplore, name: "Exchange restore session", state: "Working", result: "Success",
		created: s.now(), initiatedBy: c.principal(), reason: reason, pointInTime: pit,
		scopeName: c.scopeName, operatorID: c.operator, operatorMailboxes: c.operatorMailboxes,
		showDeleted: showDeleted, showAllVersions: showAll,
	}
	if !s.exploreRepository(c, ss, repository) { // estate.go
		return
	}
	e := c.ledgerEntry(actionExplore)
	e.OrganizationID, e.RestoreSessionID, e.Body = s.org.id, ss.id, redactMap(body)
	s.mu.Lock()
	if s.sessionLimit > 0 && s.workingExploreSessionsLocked() >= s.sessionLimit {
		s.refusedExplores++
		s.mu.Unlock()
		c.badRequest(SessionLimitMessage)
		return
	}
	s.addSession(ss)
	s.ledger = append(s.ledger, e)
	s.addEventLocked(ss, sessionStartedEvent(ss, c.principal()))
	out := c.renderSession(ss)
	s.mu.Unlock()
	writeJSON(c.w, status, out)
}

func (s *Server) handleStopV3(c *reqCtx) {
	key, _, body, ok := c.singleKey()
	if !ok {
		return
	}
	if !strings.EqualFold(key, "stop") {
		c.badRequest("Unknown restore session action '" + key + "'. Supported: stop.")
		return
	}
	s.stop(c, body)
}

func (s *Server) handleStopV6(c *reqCtx) {
	_, _ = io.Copy(io.Discard, io.LimitReader(c.r.Body, maxBodyBytes)) // Stop takes no body
	s.stop(c, nil)
}

// stop ends a session; stopping a stopped session is a successful no-op.
func (s *Server) stop(c *reqCtx, body map[string]any) {
	ss, ok := c.session()
	if !ok {
		return
	}
	e := c.ledgerEntry(actionStop)
	e.RestoreSessionID, e.Body = ss.id, redactMap(body)
	s.mu.Lock()
	if ss.state != "Stopped" {
		ss.finish(s.now())
	}
	s.ledger = append(s.ledger, e)
	s.mu.Unlock()
	c.noContent()
}

// ---- item actions ----

func (s *Server) handleItemActionV3(c *reqCtx) {
	key, inner, body, ok := c.singleKey()
	if !ok {
		return
	}
	action, known := v3ActionNames[strings.ToLower(key)]
	if !known {
		c.badRequest("Unknown item action '" + key + "'. Supported: restoretoOriginallocation, restoreTo, exporttoPst, savetoMsg, sendtoDefaultaddress, sendtoDifferentaddress.")
		return
	}
	s.itemAction(c, action, inner, body)
}

func (s *Server) handleItemActionV6(c *reqCtx, action string) {
	body, err := readJSONObject(c)
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	s.itemAction(c, action, body, body)
}

var boolOptions = []string{"changedItems", "deletedItems", "markRestoredAsUnread", "excludeDrafts", "excludeDeletedItems",
	"excludeInPlaceHoldItems", "excludeLitigationHoldItems", "enablePstSizeLimit"}

var stringOptions = []string{"userName", "userPassword", "userCode", "applicationId", "applicationCertificate",
	"applicationCertificatePassword", "impersonationAccountName", "mailbox", "casServer", "folder", "officeRegion",
	"officeOrganizationName", "from", "to", "subject", "text", "contentKeywords"}

// itemAction runs one action on the item of the route (single) or the body's items (bulk).
func (s *Server) itemAction(c *reqCtx, action string, opts, body map[string]any) {
	ss, mb, ok := c.mailbox()
	if !ok {
		return
	}
	bulk := len(c.params) == 2
	var ids []string
	if bulk {
		list, _, err := getItemIDs(opts)
		if err != nil {
			c.badRequest(err.Error())
			return
		}
		if len(list) == 0 {
			c.badRequest("Parameter 'items' must list at least one item: [{\"id\": \"...\"}].")
			return
		}
		ids = list
	} else {
		ids = []string{c.params[2]}
	}
	items := make([]*item, 0, len(ids))
	for _, id := range ids {
		it := mb.findItem(id, ss.view())
		if it == nil {
			c.notFound("Item with ID '" + id + "' was not found in mailbox '" + mb.id + "'.")
			return
		}
		items = append(items, it)
	}
	e := c.ledgerEntry(action)
	e.Bulk = bulk
	s.runAction(c, ss, mb, action, opts, body, e, items)
}

// ---- folder and mailbox actions ----

// folderMailboxActions are the actions a folder or a whole mailbox supports (v3..v5 envelope
// keys and v6+ routes alike).
var folderMailboxActions = []string{actionRestoreOriginal, actionRestoreTo, actionExportPST}

func (s *Server) handleScopeActionV3(c *reqCtx) {
	key, inner, body, ok := c.singleKey()
	if !ok {
		return
	}
	action, known := v3ActionNames[strings.ToLower(key)]
	if !known || !slices.Contains(folderMailboxActions, action) {
		c.badRequest("Unknown folder or mailbox action '" + key + "'. Supported: restoretoOriginallocation, restoreTo, exporttoPst.")
		return
	}
	s.scopeAction(c, action, inner, body)
}

func (s *Server) handleScopeActionV6(c *reqCtx, action string) {
	body, err := readJSONObject(c)
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	s.scopeAction(c, action, body, body)
}

// scopeAction runs an action on the folder of the route (params[2]) or, on the mailbox route,
// on every item of the mailbox. A folder covers its subfolders' items too, as restoring a
// folder in Veeam Explorer restores the folder tree below it.
func (s *Server) scopeAction(c *reqCtx, action string, opts, body map[string]any) {
	ss, mb, ok := c.mailbox()
	if !ok {
		return
	}
	e := c.ledgerEntry(action)
	var items []*item
	if len(c.params) == 3 {
		f := mb.findFolder(c.params[2])
		if f == nil {
			c.notFound("Folder with ID '" + c.params[2] + "' was not found in mailbox '" + mb.id + "'.")
			return
		}
		e.FolderID = f.id
		items = mb.itemsUnder(f.id, ss.view())
	} else {
		e.WholeMailbox = true
		n, at := mb.itemsIn("", true, ss.view())
		for i := range n {
			items = append(items, at(i))
		}
	}
	keyword, ok := contentKeyword(c, action, opts) // estate.go
	if !ok {
		return
	}
	if keyword != "" {
		items = keywordMatches(items, keyword)
	}
	s.runAction(c, ss, mb, action, opts, body, e, items)
}

// runAction validates the options and executes action on items, recording e in the ledger.
func (s *Server) runAction(c *reqCtx, ss *session, mb *mailbox, action string, opts, body map[string]any, e LedgerEntry, items []*item) {
	canonical := make([]string, 0, len(items))
	for _, it := range items {
		canonical = append(canonical, it.id)
	}
	for _, k := range boolOptions {
		if _, _, err := getBool(opts, k); err != nil {
			c.badRequest(err.Error())
			return
		}
	}
	for _, k := range stringOptions {
		if _, err := getString(opts, k); err != nil {
			c.badRequest(err.Error())
			return
		}
	}
	e.RestoreSessionID, e.MailboxID, e.ItemIDs, e.Body = ss.id, mb.id, canonical, redactMap(body)
	if s.refuseSendWithoutEmailSettings(c, action) { // estate.go
		return
	}

	switch action {
	case actionRestoreOriginal, actionRestoreTo:
		if s.restoreCredentialsRequiredOn(c.v) && !hasRestoreCredentials(opts) {
			c.badRequest("Restore credentials are required: specify userName and userPassword, userCode, or applicationId with applicationCertificate.")
			return
		}
		if s.deviceCodeRefused(c, opts) { // devicecode.go
			return
		}
		e.UserCode, _ = getString(opts, "userCode")
		if cert, _ := getString(opts, "applicationCertificate"); cert != "" {
			if acct, _ := getString(opts, "impersonationAccountName"); acct == "" {
				c.badRequest("Parameter 'impersonationAccountName' is required with 'applicationCertificate'.")
				return
			}
		}
		target := "original\x00" + mb.id
		targetName, targetEmail := mb.name, mb.email
		eventTarget := mb.email
		if action == actionRestoreTo {
			dest, _ := getString(opts, "mailbox")
			if dest == "" {
				c.badRequest("Parameter 'mailbox' is required to restore to another location.")
				return
			}
			if s.unknownTargetRefused(c, dest) { // restore_target.go
				return
			}
			folderName, _ := getString(opts, "folder")
			target = "to\x00" + strings.ToLower(dest) + "\x00" + strings.ToLower(folderName)
			targetName, targetEmail = dest, dest
			eventTarget = dest
			if folderName != "" {
				eventTarget += "/" + folderName
			}
		}
		changed, _, _ := getBool(opts, "changedItems")
		out := s.restore(target, items, changed)
		out.mailboxID, out.mailboxName, out.mailboxEmail = mb.id, targetName, targetEmail
		out.mailboxIsArchive = action == actionRestoreOriginal && mb.isArchive
		out.mailboxIsPublic = action == actionRestoreOriginal && mb.isPublic
		counts := out.counts()
		e.Restore = &counts
		s.respondRestore(c, ss, out, e, itemEvents(action, mb, items, eventTarget, restoreStatuses(items, out)))
	case actionExportPST, actionSaveMSG:
		if action == actionExportPST {
			if enabled, _, _ := getBool(opts, "enablePstSizeLimit"); enabled {
				limit, present, err := getInt64(opts, "pstSizeLimitBytes")
				if err != nil {
					c.badRequest(err.Error())
					return
				}
				if !present || limit < 1<<30 || limit > 49<<30 {
					c.badRequest("Parameter 'pstSizeLimitBytes' must be between 1 GB and 49 GB when 'enablePstSizeLimit' is true.")
					return
				}
			}
		}
		kind := payloadKind(action)
		size := s.payloadSize(kind, len(canonical))
		name := "export.pst"
		if kind == "msg" {
			name = "item.msg"
		}
		c.w.Header().Set("Content-Type", "application/octet-stream")
		c.w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
		c.w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		// The entry is recorded before the body is sent: a client that has read the last byte
		// must find its export in the ledger. The payload is deterministic, so hashing it to
		// io.Discard first yields exactly the bytes that follow.
		seed := payloadSeed(kind, ss.id, mb.id, canonical)
		e.OutputSize, e.OutputSHA256, _ = writePayload(io.Discard, kind, seed, size)
		s.recordExecuted(e, itemEvents(action, mb, items, name, nil), ss)
		c.w.WriteHeader(http.StatusOK)
		_, _, _ = writePayload(c.w, kind, seed, size)
	case actionSendDefault:
		s.recordExecuted(e, itemEvents(action, mb, items, "the default address", nil), ss)
		c.noContent()
	case actionSendDifferent:
		to, _ := getString(opts, "to")
		if to == "" {
			c.badRequest("Parameter 'to' is required to send items to a different address.")
			return
		}
		s.recordExecuted(e, itemEvents(action, mb, items, to, nil), ss)
		c.noContent()
	}
}

// restoreOutcome is the result of one restore and the statistics of a v8 restore session.
type restoreOutcome struct {
	created, merged, failed, skipped int
	exceptions, warnings             []string
	mailboxID, mailboxName           string
	mailboxEmail                     string
	mailboxIsArchive                 bool
	mailboxIsPublic                  bool
	// cannotContinue: the whole mailbox failed (bulk restore, WithFailingBulkMailboxes).
	cannotContinue string
}

func (o *restoreOutcome) total() int { return o.created + o.merged + o.failed + o.skipped }

func (o *restoreOutcome) result() string {
	switch {
	case o.failed > 0 && o.failed == o.total():
		return "Failed"
	case o.failed > 0 || len(o.warnings) > 0:
		return "Warning"
	}
	return "Success"
}

func (o *restoreOutcome) counts() RestoreCounts {
	return RestoreCounts{Created: o.created, Merged: o.merged, Failed: o.failed, Skipped: o.skipped, Exceptions: append([]string(nil), o.exceptions...)}
}

// restore applies the outcome model: FailingItemID fails; the first restore of an item into a
// target creates it; a repeat is merged when changedItems is true and skipped otherwise.
func (s *Server) restore(target string, items []*item, changedItems bool) *restoreOutcome {
	out := &restoreOutcome{exceptions: []string{}, warnings: []string{}}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, it := range items {
		if it.failing {
			out.failed++
			out.exceptions = append(out.exceptions, FailingItemMessage)
			continue
		}
		key := target + "\x00" + it.id
		n := s.restored[key]
		s.restored[key] = n + 1
		switch {
		case n == 0:
			out.created++
		case changedItems:
			out.merged++
		default:
			out.skipped++
		}
	}
	return out
}

// respondRestore answers v3..v5 with the four counters, v6/v7 with RESTItemsRestoreStatistics
// (RESTFoldersRestoreStatistics for a folder or mailbox),
// v8 with {"sessionId"} of a new restore session that finishes after asyncPolls GETs.
func (s *Server) respondRestore(c *reqCtx, parent *session, out *restoreOutcome, e LedgerEntry, events []event) {
	body := map[string]any{
		"createdItemsCount": out.created, "mergedItemsCount": out.merged,
		"failedItemsCount": out.failed, "skippedItemsCount": out.skipped,
	}
	switch {
	case c.v >= 8:
		rs := &session{
			id: newUUID(), kind: sessionRestore, name: "Restore items", state: "Working", result: "Success",
			created: s.now(), initiatedBy: s.username, pointInTime: parent.pointInTime,
			parentID: parent.id, pollsLeft: s.asyncPolls, stats: out,
		}
		e.AsyncSessionID = rs.id
		s.mu.Lock()
		s.addSession(rs)
		s.mu.Unlock()
		s.recordExecuted(e, events, parent, rs)
		writeJSON(c.w, http.StatusOK, map[string]any{"sessionId": rs.id})
		return
	case c.v >= 6:
		body["exceptions"] = out.exceptions
		body["warnings"] = out.warnings
		if e.FolderID != "" || e.WholeMailbox {
			// RESTFoldersRestoreStatistics; the simulator's folders always restore.
			body["failedFoldersCount"] = 0
		}
	}
	s.recordExecuted(e, events, parent)
	writeJSON(c.w, http.StatusOK, body)
}

// handleStatistics serves RESTRestoreSessionStatistics; counts appear once the session is Stopped.
// The body is built under the lock and written after it: a client that reads slowly must not
// stall every other request.
func (s *Server) handleStatistics(c *reqCtx) {
	ss, ok := c.session()
	if !ok {
		return
	}
	s.mu.Lock()
	body := statisticsBody(ss)
	s.mu.Unlock()
	writeJSON(c.w, http.StatusOK, body)
}

// statisticsBody renders a session's statistics; the caller holds s.mu. Lists are copied so
// that the body shares nothing with the store.
func statisticsBody(ss *session) map[string]any {
	body := map[string]any{
		"totalItemsCount": 0, "restoredItemsCount": 0, "failedItemsCount": 0, "skippedItemsCount": 0,
		"warnings": []string{}, "errors": []string{}, "items": []any{},
	}
	o := ss.stats
	if o == nil {
		return body
	}
	body["totalItemsCount"] = o.total()
	if ss.state != "Stopped" {
		return body
	}
	body["restoredItemsCount"] = o.created + o.merged
	body["failedItemsCount"] = o.failed
	body["skippedItemsCount"] = o.skipped
	body["warnings"] = slices.Clone(o.warnings)
	body["errors"] = slices.Clone(o.exceptions)
	if ss.bulk != nil { // a bulk mailbox restore (bulk_restore.go): one entry per mailbox
		items := make([]any, 0, len(ss.bulk))
		for _, mo := range ss.bulk {
			items = append(items, bulkMailboxDetail(mo, mo.bulkStatus(), "Restore mailbox "+mo.mailboxEmail))
		}
		body["items"] = items
		return body
	}
	body["items"] = []any{bulkMailboxDetail(o, o.result(), "Restore items to "+o.mailboxEmail)}
	return body
}

// hasRestoreCredentials reports whether a restore body carries any form of credentials.
func hasRestoreCredentials(opts map[string]any) bool {
	for _, k := range []string{"userName", "userPassword", "userCode", "applicationId", "applicationCertificate"} {
		if v, _ := getString(opts, k); v != "" {
			return true
		}
	}
	return false
}
