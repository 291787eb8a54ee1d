package runs

// Reconciliation of a run whose answer was lost: before reporting "outcome unknown", read the
// restore session's events (GET .../RestoreSessions/{id}/Events), where the server lists what
// it ran, item by item, and decide from them only when they prove that *this* run ran.
//
// The API has no idempotency key and its events carry no item ID, so an event is the run's
// own only when it is new since the run was sent (not in the baseline), of the action's type,
// and either
//   - names one of the run's items exactly (itemName, v6+) and the run's source mailbox and
//     target (source, target, v6+), each event counted for one item only; or
//   - lies in a session opened for this run alone (Exclusive), where no other run can add
//     events: on v3..v5, whose events name no item, that is the only proof there is.
// An item without a name (a message without a subject) can never be told apart from another
// item, so a run holding one is never confirmed. Whatever is not proven stays "outcome unknown".

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// reconcileTimeout bounds reading the events, on a context detached from the request's
// (which may have ended: a timeout is one way to lose an answer).
const reconcileTimeout = time.Minute

// EventTypeOf is the event type the server records for an action.
func EventTypeOf(kind vb365.ActionKind) string {
	switch kind {
	case vb365.ActionRestoreToOriginalLocation, vb365.ActionRestoreTo:
		return "Restore"
	case vb365.ActionExportToPST:
		return "Export"
	case vb365.ActionSaveToMSG:
		return "Save"
	}
	return "Send"
}

// RunItem is one item of a run as reconciliation knows it: its ID and its name (subject) as the
// review read it; Name is empty when the item has none.
type RunItem struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Source and Target, when set, are this item's own source mailbox address and the one
	// target its event may name, in place of the run's SourceEmail and Targets: a bulk restore
	// of whole mailboxes is one item per mailbox, each from and to its own address.
	Source string `json:"source,omitempty"`
	Target string `json:"target,omitempty"`
}

// RunIdentity is what tells a run's events from other runs' events.
type RunIdentity struct {
	Kind  vb365.ActionKind `json:"kind"`
	Items []RunItem        `json:"items,omitempty"` // empty for a folder or the whole mailbox: events can then never prove the run
	// SourceEmail is the source mailbox's address (events name the source as address[/folder]);
	// empty when unknown, and then no event with a source can match.
	SourceEmail string `json:"source_email,omitempty"`
	// Targets are the values the server may write as an event's target for this run
	// (compared without regard to case); none: no event with a target can match.
	Targets []string `json:"targets,omitempty"`
	// Exclusive is true when the session was opened for this run alone.
	Exclusive bool `json:"exclusive,omitempty"`
}

// RunEvidence is what the events of a restore session say about one run.
type RunEvidence struct {
	SessionID string
	Identity  RunIdentity
	// Events are the new events of the run's type; Matched[i] is the index in Events of the
	// event proven to be about Identity.Items[i], -1 when none is.
	Events  []vb365.RestoreSessionEvent
	Matched []int
	ReadErr error
}

// EventBaseline is the set of event IDs a session had before a run: only events the server
// adds after it can be about the run. Time windows are not enough: the same items may have
// been restored in the same session a moment earlier.
type EventBaseline struct {
	IDs map[string]bool
	Err error
	// NotAfter, when set, is when the run ended: an event not shown to start by then is not the run's.
	NotAfter time.Time
}

// List returns the baseline's event IDs (nil when it could not be read).
func (b EventBaseline) List() []string {
	if b.Err != nil {
		return nil
	}
	out := make([]string, 0, len(b.IDs))
	for id := range b.IDs {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// outsideRunTime reports whether e cannot be shown to lie inside the run's time, when that is
// known (NotAfter set): it started after the run ended, or its start is missing or unreadable.
// Such an event is never the run's evidence: refresh then keeps the outcome unknown.
func (b EventBaseline) outsideRunTime(e vb365.RestoreSessionEvent) bool {
	if b.NotAfter.IsZero() {
		return false
	}
	start, err := time.Parse(time.RFC3339Nano, e.StartTime)
	return err != nil || start.After(b.NotAfter)
}

// ReadEventBaseline lists the IDs of the session's events before a run.
func ReadEventBaseline(ctx context.Context, client *vb365.Client, sessionID string) EventBaseline {
	ctx, cancel := context.WithTimeout(ctx, reconcileTimeout)
	defer cancel()
	baseline := EventBaseline{IDs: map[string]bool{}}
	for e, err := range client.RestoreSessionEvents(ctx, sessionID, vb365.ListOptions{PageSize: 1000}) {
		if err != nil {
			return EventBaseline{Err: fmt.Errorf("reading the events before the run: %w", err)}
		}
		baseline.IDs[e.ID] = true
	}
	return baseline
}

// ReadRunEvidence lists the events of sessionID that are not in the baseline and of the run's
// type, and matches them to the run's items.
func ReadRunEvidence(ctx context.Context, client *vb365.Client, sessionID string, id RunIdentity, baseline EventBaseline) RunEvidence {
	evidence := RunEvidence{SessionID: sessionID, Identity: id, ReadErr: baseline.Err}
	if baseline.Err != nil {
		return evidence
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), reconcileTimeout)
	defer cancel()
	want := EventTypeOf(id.Kind)
	for e, err := range client.RestoreSessionEvents(ctx, sessionID, vb365.ListOptions{PageSize: 1000}) {
		if err != nil {
			evidence.ReadErr = err
			return evidence
		}
		if baseline.IDs[e.ID] || e.ID == "" || !strings.EqualFold(e.Type, want) || baseline.outsideRunTime(e) {
			continue
		}
		evidence.Events = append(evidence.Events, e)
	}
	evidence.Match()
	return evidence
}

// Match assigns each item at most one event and each event at most one item.
func (e *RunEvidence) Match() {
	e.Matched = make([]int, len(e.Identity.Items))
	used := make([]bool, len(e.Events))
	for i, item := range e.Identity.Items {
		e.Matched[i] = -1
		if item.Name == "" {
			continue // nothing tells this item's event from another's
		}
		for j, ev := range e.Events {
			if !used[j] && e.Identity.proves(ev, item) {
				e.Matched[i], used[j] = j, true
				break
			}
		}
	}
}

// proves reports whether ev is proof that the run processed item.
func (id RunIdentity) proves(ev vb365.RestoreSessionEvent, item RunItem) bool {
	if ev.ItemName == "" {
		// v3..v5: the event names no item; only a session of the run's own makes it the run's.
		return id.Exclusive
	}
	if ev.ItemName != item.Name {
		return false
	}
	source, targets := id.SourceEmail, id.Targets
	if item.Source != "" {
		source = item.Source
	}
	if item.Target != "" {
		targets = []string{item.Target}
	}
	if ev.Source != "" && !sameMailboxPath(ev.Source, source) {
		return false
	}
	if ev.Target == "" {
		return id.Exclusive
	}
	for _, t := range targets {
		if strings.EqualFold(ev.Target, t) {
			return true
		}
	}
	return false
}

// sameMailboxPath reports whether an event's source ("address" or "address/folder") is in the
// mailbox with that address.
func sameMailboxPath(source, email string) bool {
	if email == "" {
		return false
	}
	s, e := strings.ToLower(source), strings.ToLower(email)
	return s == e || strings.HasPrefix(s, e+"/")
}

// Ran reports whether the events prove that the server finished the run for every item: an
// event of its own per item, none still running. A folder or the whole mailbox (no items
// listed) is never proven: how many items the server resolved is not known.
func (e RunEvidence) Ran() bool {
	if e.ReadErr != nil || len(e.Identity.Items) == 0 {
		return false
	}
	for _, j := range e.Matched {
		if j < 0 {
			return false
		}
		if st := e.Events[j].Status; st == "" || strings.EqualFold(st, "Running") {
			return false
		}
	}
	return true
}

// Failed returns the matched events that report a failed item.
func (e RunEvidence) Failed() []vb365.RestoreSessionEvent {
	var out []vb365.RestoreSessionEvent
	for _, j := range e.Matched {
		if j >= 0 && strings.EqualFold(e.Events[j].Status, "Failed") {
			out = append(out, e.Events[j])
		}
	}
	return out
}

// unnamedItems counts the run's items without a name.
func (id RunIdentity) unnamedItems() int {
	n := 0
	for _, it := range id.Items {
		if it.Name == "" {
			n++
		}
	}
	return n
}

// Describe says what the events showed, for diagnostics.
func (e RunEvidence) Describe() string {
	if e.ReadErr != nil {
		return fmt.Sprintf("Reading the events of restore session %s to find out failed: %v.", e.SessionID, e.ReadErr)
	}
	items := len(e.Identity.Items)
	var b strings.Builder
	switch {
	case items == 0:
		fmt.Fprintf(&b, "The events of restore session %s show %d new %s event(s); how many items the folder or mailbox holds is not "+
			"known, so they cannot confirm a complete run.", e.SessionID, len(e.Events), EventTypeOf(e.Identity.Kind))
	case len(e.Events) == 0:
		fmt.Fprintf(&b, "The events of restore session %s show no such run since it was sent; it may not have reached the "+
			"server, or the server may not have recorded it yet.", e.SessionID)
	default:
		matched := 0
		for _, j := range e.Matched {
			if j >= 0 {
				matched++
			}
		}
		fmt.Fprintf(&b, "The events of restore session %s prove %d of %d item(s) of this run processed (%d new %s event(s) in the session).",
			e.SessionID, matched, items, len(e.Events), EventTypeOf(e.Identity.Kind))
		for i, j := range e.Matched {
			if j < 0 {
				continue
			}
			ev := e.Events[j]
			fmt.Fprintf(&b, "\n- %s %q: %s", ev.Type, e.Identity.Items[i].Name, ev.Status)
			if ev.Message != "" {
				fmt.Fprintf(&b, " (%s)", ev.Message)
			}
		}
	}
	if n := e.Identity.unnamedItems(); n > 0 {
		fmt.Fprintf(&b, " %d item(s) of this run have no name (subject), so no event can be told to be theirs rather than another run's.", n)
	}
	if !e.Identity.Exclusive && len(e.Events) > 0 {
		b.WriteString(" The session may be shared with other runs: only events naming an item of this run, its source and its target count.")
	}
	return b.String()
}
