package provider

import (
	"errors"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

func TestRunEvidence(t *testing.T) {
	ev := func(status, name, message string) vb365.RestoreSessionEvent {
		return vb365.RestoreSessionEvent{Type: "Send", Status: status, ItemName: name, Message: message}
	}
	cases := []struct {
		name       string
		evidence   runEvidence
		items      int
		ran        bool
		failed     int
		describing string
	}{
		{"all finished", runEvidence{Events: []vb365.RestoreSessionEvent{ev("Success", "a", ""), ev("Skipped", "b", "")}}, 2, true, 0, "2 of 2"},
		{"one failed", runEvidence{Events: []vb365.RestoreSessionEvent{ev("Success", "a", ""), ev("Failed", "b", "damaged")}}, 2, true, 1, "damaged"},
		{"one still running", runEvidence{Events: []vb365.RestoreSessionEvent{ev("Success", "a", ""), ev("Running", "b", "")}}, 2, false, 0, "2 of 2"},
		{"fewer events than items", runEvidence{Events: []vb365.RestoreSessionEvent{ev("Success", "a", "")}}, 2, false, 0, "1 of 2"},
		{"none", runEvidence{SessionID: "s1"}, 1, false, 0, "show no such run"},
		{"unreadable", runEvidence{SessionID: "s1", Events: []vb365.RestoreSessionEvent{ev("Success", "a", "")}, ReadErr: errors.New("500")}, 1, false, 0, "failed: 500"},
	}
	for _, c := range cases {
		if got := c.evidence.ran(c.items); got != c.ran {
			t.Errorf("%s: ran = %v, want %v", c.name, got, c.ran)
		}
		if got := len(c.evidence.failed()); got != c.failed {
			t.Errorf("%s: %d failed, want %d", c.name, got, c.failed)
		}
		if got := c.evidence.describe(c.items); !strings.Contains(got, c.describing) {
			t.Errorf("%s: describe = %q, want it to contain %q", c.name, got, c.describing)
		}
	}
}

func TestAboutOneOf(t *testing.T) {
	names := []string{"Support case", "Project kickoff"}
	for _, c := range []struct {
		e    vb365.RestoreSessionEvent
		want bool
	}{
		{vb365.RestoreSessionEvent{ItemName: "Support case"}, true},
		{vb365.RestoreSessionEvent{ItemName: "Other"}, false},
		{vb365.RestoreSessionEvent{Message: "Item Project kickoff was sent to j@x"}, true}, // v3..v5: no item name
		{vb365.RestoreSessionEvent{Message: "Item Other was sent"}, false},
	} {
		if got := aboutOneOf(c.e, names); got != c.want {
			t.Errorf("aboutOneOf(%+v) = %v, want %v", c.e, got, c.want)
		}
	}
}

func TestEventTypeOf(t *testing.T) {
	for kind, want := range map[vb365.ActionKind]string{
		vb365.ActionRestoreToOriginalLocation: "Restore", vb365.ActionRestoreTo: "Restore", vb365.ActionExportToPST: "Export",
		vb365.ActionSaveToMSG: "Save", vb365.ActionSendToDefaultAddress: "Send", vb365.ActionSendToDifferentAddress: "Send",
	} {
		if got := eventTypeOf(kind); got != want {
			t.Errorf("eventTypeOf(%s) = %s, want %s", kind, got, want)
		}
	}
}
