package vb365sim

import (
	"fmt"
	"strings"
	"time"
)

// Restore session events: GET /vN/RestoreSessions/{id}/Events (every version: the v3 reference
// documents the route with the same envelope as v6..v8's PageOfRESTRestoreSessionEvent) and
// GET .../Events/{eventId}. The simulator writes them from what it executes, in the same step
// as the ledger entry, so the events and the ledger always agree:
//   - explore: one "Restore session started" event (type None) in the new session;
//   - every executed item action: one event per item (type Restore, Export, Save or Send)
//     in the browsed session, with the item's name and type, source (mailbox and folder),
//     target (mailbox, folder, file or address), status (Success, Skipped or Failed for a
//     restore; Success otherwise) and a message in the server's style;
//   - a v8 asynchronous restore: the same item events also in the restore session it returns.
//
// Where the real server records the item events of a v8 restore (browsed session, restore
// session, or both) is not documented; recording them in both lets a client that never
// received the sessionId find the outcome from the session it browsed.

// event is one restore session event.
type event struct {
	id, typ, status    string
	title, message     string
	itemName, itemType string
	itemSize           int64
	source, target     string
	start, end         time.Time
	order              int
	user               string
}

// addEventLocked appends e to ss with the next order number; the caller holds s.mu.
func (s *Server) addEventLocked(ss *session, e event) {
	e.id = newUUID()
	e.order = len(ss.events)
	if e.start.IsZero() {
		e.start = s.now()
	}
	if e.end.IsZero() {
		e.end = e.start
	}
	ss.events = append(ss.events, e)
}

// sessionStartedEvent is the first event of an explore session.
func sessionStartedEvent(ss *session, user string) event {
	return event{typ: "None", status: "Success", title: "Restore session started",
		message: "Restore session started by " + user, start: ss.created, user: user}
}

// eventTypes maps canonical actions to event types.
var eventTypes = map[string]string{
	actionRestoreOriginal: "Restore", actionRestoreTo: "Restore", actionExportPST: "Export",
	actionSaveMSG: "Save", actionSendDefault: "Send", actionSendDifferent: "Send",
}

var eventVerbs = map[string]string{"Restore": "restored", "Export": "exported", "Save": "saved", "Send": "sent"}

// itemEvents builds one event per item of an executed action. statusOf returns the status
// of item i ("Success", "Skipped", "Failed") and its failure text.
func itemEvents(action string, mb *mailbox, items []*item, target string, statusOf func(i int) (string, string)) []event {
	typ := eventTypes[action]
	out := make([]event, 0, len(items))
	for i, it := range items {
		name := it.subject
		if name == "" {
			name = it.id
		}
		source := mb.email
		if f := mb.findFolder(it.folderID); f != nil {
			source += "/" + f.name
		}
		status, failure := "Success", ""
		if statusOf != nil {
			status, failure = statusOf(i)
		}
		e := event{typ: typ, status: status, itemName: name, itemType: "Item", source: source, target: target}
		switch status {
		case "Failed":
			e.title = "Item was not " + eventVerbs[typ]
			e.message = fmt.Sprintf("Failed to %s item %s (type: Item; source: %s; target: %s): %s",
				strings.ToLower(typ), name, source, target, failure)
		case "Skipped":
			e.title = "Item was skipped"
			e.message = fmt.Sprintf("Item %s was skipped: it is already present and unchanged (type: Item; source: %s; target: %s)", name, source, target)
		default:
			e.title = "Item is successfully " + eventVerbs[typ]
			e.message = fmt.Sprintf("Item %s was %s successfully (type: Item; source: %s; target: %s)", name, eventVerbs[typ], source, target)
		}
		out = append(out, e)
	}
	return out
}

// restoreStatuses assigns each item of a restore its status from the outcome, in the order
// restore() counted them: failing items failed, then created/merged succeeded, skipped skipped.
func restoreStatuses(items []*item, out *restoreOutcome) func(i int) (string, string) {
	statuses := make([]string, len(items))
	okLeft := out.created + out.merged
	for i, it := range items {
		switch {
		case it.failing:
			statuses[i] = "Failed"
		case okLeft > 0:
			statuses[i] = "Success"
			okLeft--
		default:
			statuses[i] = "Skipped"
		}
	}
	return func(i int) (string, string) {
		if statuses[i] == "Failed" {
			return "Failed", FailingItemMessage
		}
		return statuses[i], ""
	}
}

// Events returns the events of a restore session, oldest first (nil for an unknown session).
// Tests compare them with the ledger.
func (s *Server) Events(sessionID string) []EventRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss := s.sessions[strings.ToLower(sessionID)]
	if ss == nil {
		return nil
	}
	out := make([]EventRecord, len(ss.events))
	for i, e := range ss.events {
		out[i] = EventRecord{ID: e.id, Type: e.typ, Status: e.status, ItemName: e.itemName, Source: e.source, Target: e.target, Message: e.message}
	}
	return out
}

// EventRecord is a restore session event as the simulator stored it.
type EventRecord struct {
	ID, Type, Status, ItemName, Source, Target, Message string
}

func (s *Server) handleEvents(c *reqCtx) {
	ss, ok := c.session()
	if !ok {
		return
	}
	s.mu.Lock()
	rendered := make([]map[string]any, len(ss.events))
	for i, e := range ss.events {
		rendered[i] = c.renderEvent(ss, e)
	}
	s.mu.Unlock()
	c.writePage(len(rendered), func(i int) any { return rendered[i] })
}

func (s *Server) handleEvent(c *reqCtx) {
	ss, ok := c.session()
	if !ok {
		return
	}
	s.mu.Lock()
	var body map[string]any
	for _, e := range ss.events {
		if strings.EqualFold(e.id, c.params[1]) {
			body = c.renderEvent(ss, e)
		}
	}
	s.mu.Unlock()
	if body == nil {
		c.notFound("Restore session event with ID '" + c.params[1] + "' was not found.")
		return
	}
	writeJSON(c.w, 200, body)
}

// renderEvent renders RESTRestoreSessionEvent: v3..v5 the fields of the v3 reference (id,
// type, status, times, duration, title, message), v6+ also the item fields and order, v8 the
// organization and user IDs.
func (c *reqCtx) renderEvent(ss *session, e event) map[string]any {
	m := map[string]any{
		"id": e.id, "type": e.typ, "status": e.status, "startTime": isoTime(e.start), "endTime": isoTime(e.end),
		"duration": formatDuration(e.end.Sub(e.start)), "title": e.title, "message": e.message,
		"_links": map[string]any{
			"self":           href(c.link("RestoreSessions/%s/Events/%s", ss.id, e.id)),
			"restoreSession": href(c.link("RestoreSessions/%s", ss.id)),
		},
	}
	if c.v >= 6 {
		m["order"] = e.order
		setIf(m, "itemName", e.itemName)
		setIf(m, "itemType", e.itemType)
		setIf(m, "source", e.source)
		setIf(m, "target", e.target)
		if e.itemSize > 0 {
			m["itemSizeBytes"] = e.itemSize
		}
	}
	if c.v >= 8 {
		m["organizationId"] = c.s.org.id
		m["backedUpOrganizationId"] = nil
		m["userId"], m["groupId"], m["siteId"], m["teamId"] = nil, nil, nil, nil
	}
	return m
}

// formatDuration renders a .NET TimeSpan: "00:00:00.0446928".
func formatDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	sec := d % time.Minute
	s := fmt.Sprintf("%02d:%02d:%02d", h, m, int(sec/time.Second))
	if frac := sec % time.Second; frac > 0 {
		s += fmt.Sprintf(".%07d", int(frac/100))
	}
	return s
}
