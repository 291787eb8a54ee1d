package vb365sim

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// The ledger as users read it: GET /_sim/ledger (outside the VB365 API, which lives under
// /vN/) and LedgerJSON, which the vb365-sim command also writes to its -ledger-out file. The
// route is anonymous and read-only; request bodies in it carry secrets as "***".

// LedgerPath is the simulator's own route serving the ledger.
const LedgerPath = "/_sim/ledger"

// LedgerDocument is the JSON document of GET /_sim/ledger and of a ledger file.
type LedgerDocument struct {
	// Organization the simulator serves (its ID and name).
	OrganizationID   string `json:"organization_id"`
	OrganizationName string `json:"organization_name"`
	// Count is len(Entries).
	Count   int           `json:"count"`
	Entries []LedgerEvent `json:"entries"`
}

// LedgerEvent is one executed action, oldest first: explores, stops, restores, exports,
// saves and sends that the simulator ran. A request the simulator refused (4xx) is not in it;
// one whose answer a fault lost is.
type LedgerEvent struct {
	Sequence int       `json:"sequence"` // 1, 2, ... in execution order
	Time     time.Time `json:"time"`
	// APIVersion is the version the client spoke (3..8).
	APIVersion int    `json:"api_version"`
	Method     string `json:"method"`
	Route      string `json:"route"` // the route template, e.g. /v8/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items/restoreTo
	// Action: restore_to_original_location, restore_to, export_to_pst, save_to_msg,
	// send_to_default_address, send_to_different_address, explore or stop.
	Action           string `json:"action"`
	OrganizationID   string `json:"organization_id,omitempty"`
	RestoreSessionID string `json:"restore_session_id,omitempty"` // the session browsed (explore: the new session)
	// ServerRestoreSessionID is the asynchronous restore session of a v8 restore ({"sessionId"}).
	ServerRestoreSessionID string `json:"server_restore_session_id,omitempty"`
	MailboxID              string `json:"mailbox_id,omitempty"`
	MailboxEmail           string `json:"mailbox_email,omitempty"`
	// Scope: "items" (ItemIDs named by the request), "folder", "mailbox" or "organization".
	Scope     string   `json:"scope,omitempty"`
	FolderID  string   `json:"folder_id,omitempty"`
	ItemIDs   []string `json:"item_ids"`
	ItemCount int      `json:"item_count"`
	// Target is where the action put the items, in words ("mailbox a@b, folder F", "original
	// location (a@b)", "PST file", "MSG file", "default address", "address x@y"); TargetMailbox
	// and TargetFolder are the restore target's parts.
	Target        string         `json:"target,omitempty"`
	TargetMailbox string         `json:"target_mailbox,omitempty"`
	TargetFolder  string         `json:"target_folder,omitempty"`
	Reason        string         `json:"reason,omitempty"`
	Restore       *LedgerRestore `json:"restore,omitempty"`
	OutputSize    int64          `json:"output_size_bytes,omitempty"`
	OutputSHA256  string         `json:"output_sha256,omitempty"`
	Body          map[string]any `json:"body,omitempty"` // the request body, secrets "***"
	// BulkRunID is shared by the entries of one bulk mailbox restore request
	// (POST .../Organization/Mailboxes/restore): one entry per mailbox, recorded together.
	BulkRunID string `json:"bulk_run_id,omitempty"`
}

// LedgerRestore is a restore's outcome.
type LedgerRestore struct {
	Created    int      `json:"created"`
	Merged     int      `json:"merged"`
	Failed     int      `json:"failed"`
	Skipped    int      `json:"skipped"`
	Exceptions []string `json:"exceptions,omitempty"`
}

// LedgerLen returns how many actions the ledger holds (cheap: to notice that it changed).
func (s *Server) LedgerLen() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.ledger)
}

// LedgerDocument returns the ledger as users read it.
func (s *Server) LedgerDocument() LedgerDocument {
	s.mu.Lock()
	defer s.mu.Unlock()
	doc := LedgerDocument{OrganizationID: s.org.id, OrganizationName: s.org.name, Entries: make([]LedgerEvent, 0, len(s.ledger))}
	for i, e := range s.ledger {
		doc.Entries = append(doc.Entries, s.ledgerEventLocked(i+1, e))
	}
	doc.Count = len(doc.Entries)
	return doc
}

// LedgerJSON is LedgerDocument as indented JSON with a final newline.
func (s *Server) LedgerJSON() []byte {
	data, err := json.MarshalIndent(s.LedgerDocument(), "", "  ")
	if err != nil { // only maps of decoded JSON and plain values: cannot happen
		panic(err)
	}
	return append(data, '\n')
}

func (s *Server) ledgerEventLocked(seq int, e LedgerEntry) LedgerEvent {
	ev := LedgerEvent{
		Sequence: seq, Time: e.Time.UTC(), APIVersion: e.Version, Method: e.Method, Route: e.Route, Action: e.Action,
		OrganizationID: e.OrganizationID, RestoreSessionID: e.RestoreSessionID, ServerRestoreSessionID: e.AsyncSessionID,
		MailboxID: e.MailboxID, FolderID: e.FolderID, ItemIDs: slices.Clone(e.ItemIDs), ItemCount: len(e.ItemIDs),
		Reason: e.Reason, OutputSize: e.OutputSize, OutputSHA256: e.OutputSHA256, Body: e.Body,
		BulkRunID: e.BulkRunID,
	}
	if ev.ItemIDs == nil {
		ev.ItemIDs = []string{}
	}
	for _, mb := range s.mailboxes {
		if strings.EqualFold(mb.id, e.MailboxID) {
			ev.MailboxEmail = mb.email
		}
	}
	switch {
	case e.WholeOrganization:
		ev.Scope = "organization"
	case e.WholeMailbox:
		ev.Scope = "mailbox"
	case e.FolderID != "":
		ev.Scope = "folder"
	case e.MailboxID != "":
		ev.Scope = "items"
	}
	opts := actionOptions(e.Version, e.Body)
	str := func(key string) string { v, _ := getString(opts, key); return v }
	switch e.Action {
	case actionRestoreOriginal:
		ev.Target, ev.TargetMailbox = "original location ("+ev.MailboxEmail+")", ev.MailboxEmail
	case actionRestoreTo:
		ev.TargetMailbox, ev.TargetFolder = str("mailbox"), str("folder")
		ev.Target = "mailbox " + ev.TargetMailbox
		if ev.TargetFolder != "" {
			ev.Target += ", folder " + ev.TargetFolder
		}
	case actionExportPST:
		ev.Target = "PST file"
	case actionSaveMSG:
		ev.Target = "MSG file"
	case actionSendDefault:
		ev.Target = "default address"
	case actionSendDifferent:
		ev.Target = "address " + str("to")
	}
	if e.Restore != nil {
		ev.Restore = &LedgerRestore{Created: e.Restore.Created, Merged: e.Restore.Merged, Failed: e.Restore.Failed,
			Skipped: e.Restore.Skipped, Exceptions: slices.Clone(e.Restore.Exceptions)}
	}
	return ev
}

// actionOptions finds an action's options in a recorded body: v3..v5 wrap them in an envelope
// whose only key names the action; v6+ send them bare.
func actionOptions(v int, body map[string]any) map[string]any {
	if v <= 5 && len(body) == 1 {
		for _, inner := range body {
			if m, ok := inner.(map[string]any); ok {
				return m
			}
		}
	}
	return body
}

// serveSim answers the simulator's own routes under /_sim/ (not part of the VB365 API).
func (s *Server) serveSim(w http.ResponseWriter, r *http.Request, segs []string) {
	if len(segs) == 1 && strings.EqualFold(segs[0], "devicelogin") {
		s.serveDeviceLogin(w, r) // devicecode.go
		return
	}
	if len(segs) != 1 || !strings.EqualFold(segs[0], "ledger") {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "The simulator serves " + LedgerPath + " and " + DeviceLoginPath + " under /_sim/; nothing else."})
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"message": LedgerPath + " is read-only: GET it."})
		return
	}
	doc := s.LedgerDocument()
	q := r.URL.Query()
	if action, mailbox, item := q.Get("action"), q.Get("mailbox_id"), q.Get("item_id"); action != "" || mailbox != "" || item != "" {
		kept := doc.Entries[:0]
		for _, e := range doc.Entries {
			if (action == "" || strings.EqualFold(e.Action, action)) &&
				(mailbox == "" || strings.EqualFold(e.MailboxID, mailbox)) &&
				(item == "" || slices.Contains(e.ItemIDs, item)) {
				kept = append(kept, e)
			}
		}
		doc.Entries, doc.Count = kept, len(kept)
	}
	writeJSON(w, http.StatusOK, doc)
}
