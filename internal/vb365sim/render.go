package vb365sim

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// link builds a resource href. format uses the v6+ spec casing with %s for IDs, e.g.
// "RestoreSessions/%s/organization". v3..v5 hrefs are absolute, name the public host and are
// lower case apart from the IDs (like the seed page); v6+ hrefs are relative "/vN/...".
func (c *reqCtx) link(format string, ids ...string) string {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = url.PathEscape(id)
	}
	if c.v >= 6 {
		return fmt.Sprintf("/v%d/"+format, append([]any{c.v}, args...)...)
	}
	return fmt.Sprintf("https://%s/v%d/"+strings.ToLower(format), append([]any{c.s.publicHost, c.v}, args...)...)
}

func href(h string) map[string]any { return map[string]any{"href": h} }

// v3 timestamps: the seed mixes ISO dates with 7 fractional digits, "2017-05-04 18:00:00"
// (task dueDate) and "6/5/2017 1:12 PM" (note date).
const (
	layoutV3DueDate  = "2006-01-02 15:04:05"
	layoutV3NoteDate = "1/2/2006 3:04 PM"
)

func isoTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func setIf(m map[string]any, key, value string) {
	if value != "" {
		m[key] = value
	}
}

func renderAttachments(as []attachment, v int) []any {
	out := make([]any, 0, len(as))
	for _, a := range as {
		if v >= 6 {
			out = append(out, map[string]any{"name": a.name, "sizeBytes": a.size})
		} else {
			out = append(out, map[string]any{"name": a.name, "size": strconv.FormatInt(a.size, 10)})
		}
	}
	return out
}

// v3ActionKeys are the seed page's `_actions` keys, odd casing included.
var v3ActionKeys = []string{"restoretoOriginallocation", "restoreTo", "exporttoPst", "savetoMsg", "sendtoDefaultaddress", "sendtoDifferentaddress"}

// v6ActionKeys are the v6+ per-item action route names, used as `_actions` keys.
var v6ActionKeys = []string{"restore", "restoreTo", "exportToPst", "save", "sendToDefaultAddress", "sendToDifferentAddress"}

func (c *reqCtx) renderItem(sessionID string, mb *mailbox, it *item) map[string]any {
	self := c.link("RestoreSessions/%s/organization/mailboxes/%s/items/%s", sessionID, mb.id, it.id)
	links := map[string]any{
		"self":    href(self),
		"mailbox": href(c.link("RestoreSessions/%s/organization/mailboxes/%s", sessionID, mb.id)),
	}
	if it.folderID != "" {
		links["parent"] = href(c.link("RestoreSessions/%s/organization/mailboxes/%s/folders/%s", sessionID, mb.id, it.folderID))
	}
	actions := map[string]any{}
	if c.v >= 6 {
		for _, k := range v6ActionKeys {
			actions[k] = map[string]any{"uri": self + "/" + k, "method": "POST"}
		}
	} else {
		for _, k := range v3ActionKeys {
			actions[k] = map[string]any{"uri": self + "/action", "method": "POST"}
		}
	}
	m := map[string]any{"id": it.id, "itemClass": it.class, "_links": links, "_actions": actions}
	if c.v >= 8 {
		m["mailboxId"] = mb.id
	}
	if c.v >= 6 {
		renderItemV6(m, it, c.v)
	} else {
		renderItemV3(m, it)
	}
	return m
}

// renderItemV3 follows the seed page: booleans and numbers as strings, its date layouts,
// the sticky note as name + date.
func renderItemV3(m map[string]any, it *item) {
	switch it.kind {
	case kindMessage:
		setIf(m, "from", it.from)
		setIf(m, "to", it.to)
		setIf(m, "cc", it.cc)
		setIf(m, "bcc", it.bcc)
		setIf(m, "subject", it.subject)
		m["sent"] = isoTime(it.sent)
		m["received"] = isoTime(it.received)
		m["reminder"] = strconv.FormatBool(it.reminder)
	case kindAppointment:
		m["startTime"] = isoTime(it.startTime)
		m["endTime"] = isoTime(it.endTime)
		setIf(m, "organizer", it.organizer)
		setIf(m, "location", it.location)
		setIf(m, "attendees", it.attendees)
		m["recurring"] = strconv.FormatBool(it.recurring)
		if len(it.attachments) > 0 {
			m["attachments"] = renderAttachments(it.attachments, 3)
		}
	case kindTask:
		setIf(m, "status", it.status)
		m["percentComplete"] = strconv.FormatFloat(it.percentComplete, 'f', -1, 64)
		m["startDate"] = isoTime(it.startDate)
		m["dueDate"] = it.dueDate.UTC().Format(layoutV3DueDate)
		setIf(m, "owner", it.owner)
	case kindJournal:
		setIf(m, "subject", it.subject)
		m["startDate"] = isoTime(it.startDate)
		m["duration"] = strconv.Itoa(it.duration)
		setIf(m, "entryType", it.entryType)
	case kindNote:
		m["name"] = it.subject
		m["date"] = it.date.UTC().Format(layoutV3NoteDate)
	case kindContact:
		renderContactFields(m, it)
	case kindContactGroup:
		m["name"] = it.subject
	case kindDiscussion:
		setIf(m, "from", it.from)
		setIf(m, "subject", it.subject)
		m["postedOn"] = isoTime(it.postedOn)
	default:
		setIf(m, "subject", it.subject)
	}
}

// renderItemV6 follows the v6..v8 OpenAPI item schemas (RESTExchangeMessageItem, ...).
func renderItemV6(m map[string]any, it *item, v int) {
	switch it.kind {
	case kindMessage:
		setIf(m, "from", it.from)
		setIf(m, "to", it.to)
		setIf(m, "cc", it.cc)
		setIf(m, "bcc", it.bcc)
		m["subject"] = it.subject
		m["sent"] = isoTime(it.sent)
		m["received"] = isoTime(it.received)
		m["reminder"] = it.reminder
		m["attachments"] = renderAttachments(it.attachments, v)
		setIf(m, "importance", it.importance)
	case kindAppointment:
		m["subject"] = it.subject
		m["startTime"] = isoTime(it.startTime)
		m["endTime"] = isoTime(it.endTime)
		setIf(m, "organizer", it.organizer)
		setIf(m, "location", it.location)
		setIf(m, "attendees", it.attendees)
		m["recurring"] = it.recurring
		setIf(m, "recurrencePatternFormat", it.recurrence)
		m["attachments"] = renderAttachments(it.attachments, v)
	case kindTask:
		m["subject"] = it.subject
		setIf(m, "status", it.status)
		m["percentComplete"] = it.percentComplete
		m["startDate"] = isoTime(it.startDate)
		m["dueDate"] = isoTime(it.dueDate)
		setIf(m, "owner", it.owner)
	case kindJournal:
		m["subject"] = it.subject
		m["startTime"] = isoTime(it.startDate)
		m["duration"] = it.duration
		setIf(m, "entryType", it.entryType)
		setIf(m, "company", it.company)
	case kindNote:
		m["subject"] = it.subject
		m["date"] = isoTime(it.date)
	case kindContact:
		renderContactFields(m, it)
		setIf(m, "displayAs", it.displayAs)
		setIf(m, "fileAs", it.fileAs)
		setIf(m, "imAddress", it.imAddress)
	case kindContactGroup:
		m["name"] = it.subject
	case kindDiscussion:
		setIf(m, "from", it.from)
		m["postedOn"] = isoTime(it.postedOn)
		if v >= 7 { // v6's RESTDiscussionItem has no subject, attachments or importance
			m["subject"] = it.subject
			m["attachments"] = renderAttachments(it.attachments, v)
			setIf(m, "importance", it.importance)
		}
	default:
		setIf(m, "subject", it.subject)
	}
}

func (c *reqCtx) renderMailbox(sessionID string, mb *mailbox) map[string]any {
	self := c.link("RestoreSessions/%s/organization/mailboxes/%s", sessionID, mb.id)
	m := map[string]any{
		"id": mb.id, "name": mb.name, "email": mb.email, "isArchive": mb.isArchive,
		"_links": map[string]any{
			"self":           href(self),
			"restoreSession": href(c.link("RestoreSessions/%s", sessionID)),
			"folders":        href(self + "/folders"),
			"items":          href(self + "/items"),
		},
	}
	if c.v >= 6 {
		m["isPublic"] = mb.isPublic
		m["_actions"] = map[string]any{
			"restore":     map[string]any{"uri": self + "/restore", "method": "POST"},
			"exportToPst": map[string]any{"uri": self + "/exportToPst", "method": "POST"},
		}
	}
	return m
}

func (c *reqCtx) renderFolder(sessionID string, mb *mailbox, f *folder) map[string]any {
	self := c.link("RestoreSessions/%s/organization/mailboxes/%s/folders/%s", sessionID, mb.id, f.id)
	links := map[string]any{
		"self":    href(self),
		"mailbox": href(c.link("RestoreSessions/%s/organization/mailboxes/%s", sessionID, mb.id)),
	}
	if f.parentID != "" {
		links["parent"] = href(c.link("RestoreSessions/%s/organization/mailboxes/%s/folders/%s", sessionID, mb.id, f.parentID))
	}
	m := map[string]any{"id": f.id, "name": f.name, "type": f.typ, "_links": links}
	setIf(m, "description", f.description)
	if c.v >= 6 {
		m["category"] = f.category
		m["_actions"] = map[string]any{
			"restore":     map[string]any{"uri": self + "/restore", "method": "POST"},
			"exportToPst": map[string]any{"uri": self + "/exportToPst", "method": "POST"},
		}
	}
	if c.v >= 8 {
		m["mailboxId"] = mb.id
	}
	return m
}

func (c *reqCtx) renderSession(ss *session) map[string]any {
	m := map[string]any{
		"id": ss.id, "name": ss.name, "organization": c.s.org.name, "type": "Vex",
		"creationTime": isoTime(ss.created), "state": ss.state, "result": ss.result,
		"initiatedBy": ss.initiatedBy, "details": ss.details(),
		"_links": map[string]any{
			"self":         href(c.link("RestoreSessions/%s", ss.id)),
			"organization": href(c.link("RestoreSessions/%s/organization", ss.id)),
		},
	}
	if !ss.ended.IsZero() {
		m["endTime"] = isoTime(ss.ended)
	}
	if c.v >= 6 {
		m["scopeName"] = c.s.org.name
		if ss.scopeName != "" {
			m["scopeName"] = ss.scopeName
		}
		m["clientHost"] = "127.0.0.1"
		m["reason"] = ss.reason
	}
	if c.v >= 8 {
		m["eTag"] = ss.eTag
	}
	return m
}

func (c *reqCtx) renderBackupOrganization(sessionID string) map[string]any {
	return map[string]any{
		"id": c.s.org.id, "name": c.s.org.name, "type": "Office365",
		"_links": map[string]any{
			"self":      href(c.link("RestoreSessions/%s/organization", sessionID)),
			"mailboxes": href(c.link("RestoreSessions/%s/organization/mailboxes", sessionID)),
		},
	}
}

func (c *reqCtx) renderOrganization() map[string]any {
	self := c.link("Organizations/%s", c.s.org.id)
	m := map[string]any{
		"id": c.s.org.id, "name": c.s.org.name, "officeName": "bestsupport", "type": "Office365", "region": "Worldwide",
		"description": "Simulated Microsoft 365 organization", "isBackedup": true,
		"isExchangeOnline": true, "isSharePointOnline": false, "isTeamsOnline": false,
		"firstBackuptime": "2019-04-01T00:00:00Z", "lastBackuptime": "2019-04-12T10:54:40Z",
		"_links": map[string]any{"self": href(self)},
		"_actions": map[string]any{
			"explore": map[string]any{"uri": self + map[bool]string{true: "/explore", false: "/action"}[c.v >= 6], "method": "POST"},
		},
	}
	if c.v == 6 {
		delete(m, "description") // RestOffice365Organization gained description in v7
	}
	return m
}

// renderContactFields sets the contact fields that every version has (the v3 page's list).
func renderContactFields(m map[string]any, it *item) {
	setIf(m, "fullName", it.fullName)
	setIf(m, "mobile", it.mobile)
	setIf(m, "homePhone", it.homePhone)
	setIf(m, "fax", it.fax)
	setIf(m, "address", it.address)
	setIf(m, "company", it.company)
	setIf(m, "jobTitle", it.jobTitle)
	setIf(m, "email", it.email)
	setIf(m, "businessPhone", it.businessPhone)
	setIf(m, "webPage", it.webPage)
}
