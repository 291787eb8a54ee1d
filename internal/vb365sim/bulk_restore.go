package vb365sim

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// The bulk restore of whole mailboxes to their original location (v6+):
// POST /vN/RestoreSessions/{id}/Organization/Mailboxes/restore with RestBulkRestoreOptions.
// v6/v7 answer RESTBulkRestoreStatistics when every mailbox has run; v8 answers {"sessionId"}
// of an asynchronous restore session whose Statistics list one BulkMailbox item per mailbox.

// tBulkRestore is the bulk restore's route template.
const tBulkRestore = tMailboxes + "/restore"

// BulkMailboxFailureMessage is the cannotContinueError of a mailbox made to fail
// (WithFailingBulkMailboxes).
const BulkMailboxFailureMessage = "Cannot continue the mailbox restore: the target mailbox is not available (simulated failure)"

// WithFailingBulkMailboxes makes the bulk restore of these mailboxes fail as a whole: the
// mailbox's status is Failed with BulkMailboxFailureMessage, none of its items is restored and
// all of them count as failed. Item restores of these mailboxes are not affected.
func WithFailingBulkMailboxes(ids ...string) Option {
	return func(s *Server) {
		for _, id := range ids {
			s.failingBulkMailboxes = append(s.failingBulkMailboxes, strings.ToLower(id))
		}
	}
}

func (s *Server) bulkRestoreRoutes(r func(method, tmpl string, minV, maxV int, h routeFunc) route) []route {
	return []route{r("POST", tBulkRestore, 6, 8, s.handleBulkRestore)}
}

var guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// bulkBoolOptions and bulkStringOptions are RestBulkRestoreOptions' typed members.
var bulkBoolOptions = []string{"changedItems", "deletedItems", "markRestoredAsUnread", "skipUnresolved", "excludeDrafts",
	"excludeDeletedItems", "excludeInPlaceHoldItems", "excludeLitigationHoldItems"}

var bulkStringOptions = []string{"casServer", "office365UserName", "office365UserPassword", "domainName", "onPremisesUserName",
	"onPremisesUserPassword", "userCode", "applicationId", "applicationCertificate", "applicationCertificatePassword",
	"impersonationAccountName"}

// bulkOptions are the options that decide which items of a mailbox are restored.
type bulkOptions struct {
	changed, excludeDrafts, excludeDeleted bool
	recentDays                             int64 // 0: every item
}

func (s *Server) handleBulkRestore(c *reqCtx) {
	ss, ok := c.browseSession()
	if !ok {
		return
	}
	body, err := readJSONObject(c)
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	opts, err := readBulkOptions(body)
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	mailboxes, ok := s.bulkMailboxes(c, ss, body)
	if !ok || !s.bulkCredentialsAccepted(c, body) {
		return
	}
	s.runBulkRestore(c, ss, mailboxes, opts, body)
}

func readBulkOptions(body map[string]any) (bulkOptions, error) {
	for _, k := range bulkBoolOptions {
		if _, _, err := getBool(body, k); err != nil {
			return bulkOptions{}, err
		}
	}
	for _, k := range bulkStringOptions {
		if _, err := getString(body, k); err != nil {
			return bulkOptions{}, err
		}
	}
	var o bulkOptions
	o.changed, _, _ = getBool(body, "changedItems")
	o.excludeDrafts, _, _ = getBool(body, "excludeDrafts")
	o.excludeDeleted, _, _ = getBool(body, "excludeDeletedItems")
	days, present, err := getInt64(body, "recentItemRestorePeriod")
	switch {
	case err != nil:
		return bulkOptions{}, err
	case present && (days < 1 || days > 1<<31-1):
		return bulkOptions{}, fmt.Errorf("property 'recentItemRestorePeriod' must be a positive number of days, got %d", days)
	}
	o.recentDays = days
	return o, nil
}

// bulkMailboxes resolves the body's mailboxes[] in the session, refusing (400) what a server
// refuses: no list, an empty one, an ID that is not a GUID, a mailbox the session does not
// hold, the same mailbox twice.
func (s *Server) bulkMailboxes(c *reqCtx, ss *session, body map[string]any) ([]*mailbox, bool) {
	v, _ := lookup(body, "mailboxes")
	list, isList := v.([]any)
	if !isList || len(list) == 0 {
		c.badRequest("Parameter 'mailboxes' must list at least one mailbox: [{\"id\": \"...\"}].")
		return nil, false
	}
	byID := make(map[string]*mailbox, len(s.mailboxes))
	for _, mb := range s.mailboxes {
		byID[strings.ToLower(mb.id)] = mb
	}
	seen := make(map[string]bool, len(list))
	out := make([]*mailbox, 0, len(list))
	for i, el := range list {
		obj, isObj := el.(map[string]any)
		id, err := getString(obj, "id")
		if !isObj || err != nil || !guidPattern.MatchString(id) {
			c.badRequest(fmt.Sprintf("mailboxes[%d].id must be a mailbox ID (a GUID), got %s.", i, describe(el)))
			return nil, false
		}
		mb := byID[strings.ToLower(id)]
		if mb == nil || !ss.shows(mb) {
			c.badRequest("Mailbox with ID '" + id + "' was not found in restore session '" + ss.id + "'.")
			return nil, false
		}
		if seen[strings.ToLower(mb.id)] {
			c.badRequest("Mailbox with ID '" + id + "' is listed twice.")
			return nil, false
		}
		seen[strings.ToLower(mb.id)] = true
		out = append(out, mb)
	}
	return out, true
}

// bulkCredentialsAccepted applies the item restores' credential rules to the bulk options'
// names (office365UserName/office365UserPassword for userName/userPassword).
func (s *Server) bulkCredentialsAccepted(c *reqCtx, body map[string]any) bool {
	if s.restoreCredentialsRequiredOn(c.v) && !hasBulkCredentials(body) {
		c.badRequest("Restore credentials are required: specify office365UserName and office365UserPassword, userCode, or applicationId with applicationCertificate.")
		return false
	}
	if s.deviceCodeRefused(c, body) {
		return false
	}
	if cert, _ := getString(body, "applicationCertificate"); cert != "" {
		if acct, _ := getString(body, "impersonationAccountName"); acct == "" {
			c.badRequest("Parameter 'impersonationAccountName' is required with 'applicationCertificate'.")
			return false
		}
	}
	return true
}

func hasBulkCredentials(body map[string]any) bool {
	for _, k := range []string{"office365UserName", "office365UserPassword", "onPremisesUserName", "userCode", "applicationId", "applicationCertificate"} {
		if v, _ := getString(body, k); v != "" {
			return true
		}
	}
	return false
}

// bulkItems are the items of mb the bulk restore covers: what the session shows, less the
// folders the exclude options name and, with recentItemRestorePeriod N, the items dated more
// than N days before the session's point in time (an item without a date is kept).
func bulkItems(ss *session, mb *mailbox, o bulkOptions) []*item {
	excluded := map[string]bool{}
	for _, f := range mb.folders {
		if (o.excludeDrafts && f.category == "Drafts") || (o.excludeDeleted && f.category == "Deleted") {
			excluded[f.id] = true
		}
	}
	since := ss.pointInTime.Add(-time.Duration(o.recentDays) * 24 * time.Hour)
	n, at := mb.itemsIn("", true, ss.view())
	out := make([]*item, 0, n)
	for i := range n {
		it := at(i)
		if excluded[it.folderID] {
			continue
		}
		if d := it.arrival(); o.recentDays > 0 && !d.IsZero() && d.Before(since) {
			continue
		}
		out = append(out, it)
	}
	return out
}

// date is when the item arrived, as a recent-items restore judges it.
func (it *item) arrival() time.Time {
	for _, t := range []time.Time{it.received, it.sent, it.postedOn, it.startTime, it.date} {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// runBulkRestore restores each mailbox in turn and records one ledger entry and one event per
// mailbox, all in one critical section.
func (s *Server) runBulkRestore(c *reqCtx, ss *session, mailboxes []*mailbox, o bulkOptions, body map[string]any) {
	runID := newUUID()
	redacted := redactMap(body)
	outs := make([]*restoreOutcome, 0, len(mailboxes))
	entries := make([]LedgerEntry, 0, len(mailboxes))
	events := make([]event, 0, len(mailboxes))
	for _, mb := range mailboxes {
		start := s.now()
		items := bulkItems(ss, mb, o)
		var out *restoreOutcome
		if containsFold(s.failingBulkMailboxes, mb.id) {
			out = &restoreOutcome{failed: len(items), exceptions: []string{BulkMailboxFailureMessage}, warnings: []string{}, cannotContinue: BulkMailboxFailureMessage}
		} else {
			out = s.restore("original\x00"+mb.id, items, o.changed)
		}
		out.mailboxID, out.mailboxName, out.mailboxEmail = mb.id, mb.name, mb.email
		out.mailboxIsArchive, out.mailboxIsPublic = mb.isArchive, mb.isPublic
		outs = append(outs, out)
		e := c.ledgerEntry(actionRestoreOriginal)
		e.RestoreSessionID, e.MailboxID, e.WholeMailbox, e.Body, e.BulkRunID = ss.id, mb.id, true, redacted, runID
		e.UserCode, _ = getString(body, "userCode")
		e.ItemIDs = make([]string, 0, len(items))
		for _, it := range items {
			e.ItemIDs = append(e.ItemIDs, it.id)
		}
		counts := out.counts()
		e.Restore = &counts
		entries = append(entries, e)
		events = append(events, bulkMailboxEvent(mb, out, start, s.now()))
	}
	status := bulkResult(outs)
	if c.v >= 8 {
		rs := &session{
			id: newUUID(), kind: sessionRestore, name: "Restore mailboxes", state: "Working", result: "Success",
			created: s.now(), initiatedBy: c.principal(), pointInTime: ss.pointInTime,
			parentID: ss.id, pollsLeft: s.asyncPolls, stats: sumOutcomes(outs), bulk: outs,
		}
		for i := range entries {
			entries[i].AsyncSessionID = rs.id
		}
		s.recordBulk(entries, events, ss, rs)
		writeJSON(c.w, http.StatusOK, map[string]any{"sessionId": rs.id})
		return
	}
	s.recordBulk(entries, events, ss, nil)
	writeJSON(c.w, http.StatusOK, bulkStatisticsBody(status, outs))
}

// recordBulk records a bulk run's entries and events at once, so that a reader of the ledger
// never sees half of it; rs (v8) is added to the store in the same step.
func (s *Server) recordBulk(entries []LedgerEntry, events []event, ss, rs *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rs != nil {
		s.addSession(rs)
	}
	s.ledger = append(s.ledger, entries...)
	for _, ev := range events {
		s.addEventLocked(ss, ev)
		if rs != nil {
			s.addEventLocked(rs, ev)
		}
	}
}

func bulkMailboxEvent(mb *mailbox, out *restoreOutcome, start, end time.Time) event {
	e := event{typ: "Restore", itemName: mb.name, itemType: "Mailbox", source: mb.email, target: mb.email, start: start, end: end}
	switch status := out.bulkStatus(); status {
	case "Failed":
		e.status, e.title = "Failed", "Mailbox was not restored"
		e.message = fmt.Sprintf("Failed to restore mailbox %s (source: %s; target: %s): %s", mb.name, mb.email, mb.email, strings.Join(out.exceptions, "; "))
	default:
		e.status, e.title = status, "Mailbox is restored"
		e.message = fmt.Sprintf("Mailbox %s was restored (created %d, merged %d, failed %d, skipped %d; source: %s; target: %s)",
			mb.name, out.created, out.merged, out.failed, out.skipped, mb.email, mb.email)
	}
	return e
}

// bulkStatus is a mailbox's status: Failed when it could not continue or every item failed.
func (o *restoreOutcome) bulkStatus() string {
	if o.cannotContinue != "" {
		return "Failed"
	}
	return o.result()
}

// bulkResult is the run's status: Failed when every mailbox failed, Warning when some did or
// warned, Success otherwise.
func bulkResult(outs []*restoreOutcome) string {
	failed, warned := 0, 0
	for _, o := range outs {
		switch o.bulkStatus() {
		case "Failed":
			failed++
		case "Warning":
			warned++
		}
	}
	switch {
	case failed == len(outs):
		return "Failed"
	case failed > 0 || warned > 0:
		return "Warning"
	}
	return "Success"
}

func sumOutcomes(outs []*restoreOutcome) *restoreOutcome {
	sum := &restoreOutcome{exceptions: []string{}, warnings: []string{}}
	for _, o := range outs {
		sum.created += o.created
		sum.merged += o.merged
		sum.failed += o.failed
		sum.skipped += o.skipped
		sum.exceptions = append(sum.exceptions, o.exceptions...)
		sum.warnings = append(sum.warnings, o.warnings...)
	}
	return sum
}

// bulkStatisticsBody renders RESTBulkRestoreStatistics (v6/v7).
func bulkStatisticsBody(status string, outs []*restoreOutcome) map[string]any {
	details := make([]any, 0, len(outs))
	var failures []string
	for _, o := range outs {
		common := map[string]any{
			"createdItemsCount": o.created, "mergedItemsCount": o.merged,
			"failedItemsCount": o.failed, "skippedItemsCount": o.skipped, "warnings": append([]string{}, o.warnings...),
		}
		d := map[string]any{
			"mailbox": map[string]any{"id": o.mailboxID, "name": o.mailboxName, "email": o.mailboxEmail, "isArchive": o.mailboxIsArchive, "isPublic": o.mailboxIsPublic},
			"status":  o.bulkStatus(), "details": common,
		}
		if o.cannotContinue != "" {
			common["cannotContinueError"] = o.cannotContinue
		}
		if len(o.exceptions) > 0 {
			d["error"] = strings.Join(o.exceptions, "; ")
			failures = append(failures, o.mailboxEmail+": "+strings.Join(o.exceptions, "; "))
		}
		details = append(details, d)
	}
	body := map[string]any{"status": status, "details": details}
	if status == "Failed" {
		body["error"] = "No mailbox was restored: " + strings.Join(failures, "; ")
	}
	return body
}

// bulkMailboxDetail is one mailbox of a v8 restore session's Statistics
// (RESTBulkMailboxItemRestoreDetails).
func bulkMailboxDetail(o *restoreOutcome, status, title string) map[string]any {
	detail := map[string]any{
		"id": o.mailboxID, "name": o.mailboxName, "itemType": "ExchangeMailbox", "status": status,
		"itemRestoreDetailsType": "BulkMailbox", "title": title,
		"mailboxEmail": o.mailboxEmail, "mailboxIsArchive": o.mailboxIsArchive, "mailboxIsPublic": o.mailboxIsPublic,
		"createdMailboxItemsCount": o.created, "mergedMailboxItemsCount": o.merged,
		"failedMailboxItemsCount": o.failed, "skippedMailboxItemsCount": o.skipped,
		"warnings": append([]string{}, o.warnings...),
	}
	if o.failed > 0 || o.cannotContinue != "" {
		detail["error"] = strings.Join(o.exceptions, "; ")
	}
	if o.cannotContinue != "" {
		detail["cannotContinueMailboxError"] = o.cannotContinue
	}
	return detail
}
