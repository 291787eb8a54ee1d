package provider

// Reconciliation of a run whose answer was lost: before reporting "outcome unknown", read the
// restore session's events (GET .../RestoreSessions/{id}/Events), where the server lists what
// it ran, item by item, and decide from them whenever they are conclusive.

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

// eventTypeOf is the event type the server records for an action.
func eventTypeOf(kind vb365.ActionKind) string {
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

// runEvidence is what the events of a restore session say about one run.
type runEvidence struct {
	SessionID string
	Events    []vb365.RestoreSessionEvent // events of the run's type, dated since the run, of its items when known
	ReadErr   error
}

// eventBaseline is the set of event IDs a session had before a run: only events the server
// adds after it can be about the run. Time windows are not enough: the same items may have
// been restored in the same session a moment earlier.
type eventBaseline struct {
	ids map[string]bool
	err error
}

// readEventBaseline lists the IDs of the session's events before a run.
func readEventBaseline(ctx context.Context, client *vb365.Client, sessionID string) eventBaseline {
	ctx, cancel := context.WithTimeout(ctx, reconcileTimeout)
	defer cancel()
	baseline := eventBaseline{ids: map[string]bool{}}
	for e, err := range client.RestoreSessionEvents(ctx, sessionID, vb365.ListOptions{PageSize: 1000}) {
		if err != nil {
			return eventBaseline{err: fmt.Errorf("reading the events before the run: %w", err)}
		}
		baseline.ids[e.ID] = true
	}
	return baseline
}

// readRunEvidence lists the events of sessionID that are not in the baseline, of the action's
// type and, when itemNames is not empty, about those items.
func readRunEvidence(ctx context.Context, client *vb365.Client, sessionID string, kind vb365.ActionKind, baseline eventBaseline, itemNames []string) runEvidence {
	evidence := runEvidence{SessionID: sessionID, ReadErr: baseline.err}
	if baseline.err != nil {
		return evidence
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), reconcileTimeout)
	defer cancel()
	want := eventTypeOf(kind)
	for e, err := range client.RestoreSessionEvents(ctx, sessionID, vb365.ListOptions{PageSize: 1000}) {
		if err != nil {
			evidence.ReadErr = err
			return evidence
		}
		if baseline.ids[e.ID] || e.ID == "" || !strings.EqualFold(e.Type, want) {
			continue
		}
		if len(itemNames) > 0 && !aboutOneOf(e, itemNames) {
			continue
		}
		evidence.Events = append(evidence.Events, e)
	}
	return evidence
}

// aboutOneOf reports whether an event names one of the items: by its item name (v6+), or,
// where events have none (v3..v5), in its message.
func aboutOneOf(e vb365.RestoreSessionEvent, names []string) bool {
	if e.ItemName != "" {
		return slices.Contains(names, e.ItemName)
	}
	return slices.ContainsFunc(names, func(name string) bool { return strings.Contains(e.Message, name) })
}

// ran reports whether the events prove that the server finished the action for every item:
// an event per item, none still running.
func (e runEvidence) ran(items int) bool {
	if e.ReadErr != nil || items == 0 || len(e.Events) < items {
		return false
	}
	for _, ev := range e.Events {
		if strings.EqualFold(ev.Status, "Running") || ev.Status == "" {
			return false
		}
	}
	return true
}

// failed returns the events that report a failed item.
func (e runEvidence) failed() []vb365.RestoreSessionEvent {
	var out []vb365.RestoreSessionEvent
	for _, ev := range e.Events {
		if strings.EqualFold(ev.Status, "Failed") {
			out = append(out, ev)
		}
	}
	return out
}

// describe says what the events showed, for diagnostics.
func (e runEvidence) describe(items int) string {
	if e.ReadErr != nil {
		return fmt.Sprintf("Reading the events of restore session %s to find out failed: %v.", e.SessionID, e.ReadErr)
	}
	if len(e.Events) == 0 {
		return fmt.Sprintf("The events of restore session %s show no such run since it was sent; it may not have reached the "+
			"server, or the server may not have recorded it yet.", e.SessionID)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The events of restore session %s show %d of %d item(s) processed:", e.SessionID, len(e.Events), items)
	for _, ev := range e.Events {
		fmt.Fprintf(&b, "\n- %s %q: %s", ev.Type, ev.ItemName, ev.Status)
		if ev.Message != "" {
			fmt.Fprintf(&b, " (%s)", ev.Message)
		}
	}
	return b.String()
}
