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
