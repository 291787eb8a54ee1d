package runs

import (
	"errors"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

func TestRunEvidence(t *testing.T) {
	ev := func(status, name, message string) vb365.RestoreSessionEvent {
		return vb365.RestoreSessionEvent{Type: "Send", Status: status, ItemName: name, Message: message,
			Source: "j@x.example/Inbox", Target: "the default address"}
	}
	two := RunIdentity{Kind: vb365.ActionSendToDefaultAddress, SourceEmail: "j@x.example", Targets: []string{"the default address"},
		Items: []RunItem{{ID: "1", Name: "a"}, {ID: "2", Name: "b"}}}
	one := two
	one.Items = two.Items[:1]
	cases := []struct {
		name       string
		evidence   RunEvidence
		ran        bool
		failed     int
		describing string
	}{
		{"all finished", RunEvidence{Identity: two, Events: []vb365.RestoreSessionEvent{ev("Success", "a", ""), ev("Skipped", "b", "")}}, true, 0, "2 of 2"},
		{"one failed", RunEvidence{Identity: two, Events: []vb365.RestoreSessionEvent{ev("Success", "a", ""), ev("Failed", "b", "damaged")}}, true, 1, "damaged"},
		{"one still running", RunEvidence{Identity: two, Events: []vb365.RestoreSessionEvent{ev("Success", "a", ""), ev("Running", "b", "")}}, false, 0, "2 of 2"},
		{"fewer events than items", RunEvidence{Identity: two, Events: []vb365.RestoreSessionEvent{ev("Success", "a", "")}}, false, 0, "1 of 2"},
		// Two events about the same item are one item, not two (counted per distinct item).
		{"two events of one item", RunEvidence{Identity: two, Events: []vb365.RestoreSessionEvent{ev("Success", "a", ""), ev("Success", "a", "")}}, false, 0, "1 of 2"},
		{"none", RunEvidence{Identity: one, SessionID: "s1"}, false, 0, "show no such run"},
		{"unreadable", RunEvidence{Identity: one, SessionID: "s1", Events: []vb365.RestoreSessionEvent{ev("Success", "a", "")}, ReadErr: errors.New("500")}, false, 0, "failed: 500"},
	}
	for _, c := range cases {
		c.evidence.Match()
		if got := c.evidence.Ran(); got != c.ran {
			t.Errorf("%s: ran = %v, want %v", c.name, got, c.ran)
		}
		if got := len(c.evidence.Failed()); got != c.failed {
			t.Errorf("%s: %d failed, want %d", c.name, got, c.failed)
		}
		if got := c.evidence.Describe(); !strings.Contains(got, c.describing) {
			t.Errorf("%s: describe = %q, want it to contain %q", c.name, got, c.describing)
		}
	}
}

// Events that are not provably the run's own never confirm it: another run's items, another
// target or source, names that merely contain the item's name, items without a name, and, in a
// session other runs may use, v3..v5 events that name no item.
func TestRunEvidenceRefusesOtherRunsEvents(t *testing.T) {
	base := RunIdentity{Kind: vb365.ActionRestoreTo, SourceEmail: "j@x.example", Targets: []string{"k@x.example/Restored"},
		Items: []RunItem{{ID: "1", Name: "Generated message 1"}}}
	ok := vb365.RestoreSessionEvent{Type: "Restore", Status: "Success", ItemName: "Generated message 1",
		Source: "J@X.example/Inbox", Target: "k@x.example/restored"}
	with := func(f func(*vb365.RestoreSessionEvent)) vb365.RestoreSessionEvent { e := ok; f(&e); return e }
	unnamed := base
	unnamed.Items = []RunItem{{ID: "1"}}
	exclusive := base
	exclusive.Exclusive = true
	v3 := vb365.RestoreSessionEvent{Type: "Restore", Status: "Success", Message: "Item Generated message 10 was restored successfully"}
	for _, c := range []struct {
		name  string
		id    RunIdentity
		event vb365.RestoreSessionEvent
		want  bool
	}{
		{"its own event", base, ok, true},
		{"a name that contains the item's name", base, with(func(e *vb365.RestoreSessionEvent) { e.ItemName = "Generated message 10" }), false},
		{"another target", base, with(func(e *vb365.RestoreSessionEvent) { e.Target = "k@x.example/Other" }), false},
		{"another source mailbox", base, with(func(e *vb365.RestoreSessionEvent) { e.Source = "other@x.example/Inbox" }), false},
		{"an item without a name", unnamed, with(func(e *vb365.RestoreSessionEvent) { e.ItemName = "" }), false},
		{"v3..v5 event in a shared session", base, v3, false},
		{"v3..v5 event in the run's own session", exclusive, v3, true},
		{"another type", base, with(func(e *vb365.RestoreSessionEvent) { e.Type = "Send" }), false},
	} {
		evidence := RunEvidence{Identity: c.id, Events: []vb365.RestoreSessionEvent{c.event}}
		if c.event.Type != "Restore" {
			evidence.Events = nil // readRunEvidence keeps only events of the run's type
		}
		evidence.Match()
		if got := evidence.Ran(); got != c.want {
			t.Errorf("%s: ran = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestEventTypeOf(t *testing.T) {
	for kind, want := range map[vb365.ActionKind]string{
		vb365.ActionRestoreToOriginalLocation: "Restore", vb365.ActionRestoreTo: "Restore", vb365.ActionExportToPST: "Export",
		vb365.ActionSaveToMSG: "Save", vb365.ActionSendToDefaultAddress: "Send", vb365.ActionSendToDifferentAddress: "Send",
	} {
		if got := EventTypeOf(kind); got != want {
			t.Errorf("eventTypeOf(%s) = %s, want %s", kind, got, want)
		}
	}
}

// A bulk restore of whole mailboxes is one item per mailbox, each with its own source and
// target: an event proves a mailbox only from and to that mailbox's own address, never from
// the run's SourceEmail or Targets, and never another mailbox of the same run.
func TestRunEvidencePerItemSourceAndTarget(t *testing.T) {
	id := RunIdentity{Kind: vb365.ActionRestoreToOriginalLocation, SourceEmail: "ignored@x.example", Targets: []string{"ignored@x.example"},
		Items: []RunItem{{ID: "m1", Name: "Ann", Source: "ann@x.example", Target: "ann@x.example"},
			{ID: "m2", Name: "Bob", Source: "bob@x.example", Target: "bob@x.example"}}}
	ev := func(name, source, target string) vb365.RestoreSessionEvent {
		return vb365.RestoreSessionEvent{ID: name + source + target, Type: "Restore", Status: "Success", ItemName: name, Source: source, Target: target}
	}
	cases := []struct {
		name    string
		events  []vb365.RestoreSessionEvent
		matched []int
	}{
		{"each from and to its own address", []vb365.RestoreSessionEvent{ev("Bob", "bob@x.example", "BOB@x.example"), ev("Ann", "ann@x.example", "ann@x.example")}, []int{1, 0}},
		{"the run's own source does not stand in", []vb365.RestoreSessionEvent{ev("Ann", "ignored@x.example", "ann@x.example")}, []int{-1, -1}},
		{"the run's own target does not stand in", []vb365.RestoreSessionEvent{ev("Ann", "ann@x.example", "ignored@x.example")}, []int{-1, -1}},
		{"another mailbox's address", []vb365.RestoreSessionEvent{ev("Ann", "bob@x.example", "bob@x.example")}, []int{-1, -1}},
	}
	for _, c := range cases {
		e := RunEvidence{Identity: id, Events: c.events}
		e.Match()
		for i, want := range c.matched {
			if e.Matched[i] != want {
				t.Errorf("%s: item %s matched event %d, want %d", c.name, id.Items[i].ID, e.Matched[i], want)
			}
		}
	}
}
