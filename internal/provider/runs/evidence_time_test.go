package runs

import (
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// In a shared session only events shown to start within the run's time count: one that starts
// later, or whose start is missing or unreadable, is not the run's evidence.
func TestEventBaselineOutsideRunTime(t *testing.T) {
	ended := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	bounded := EventBaseline{NotAfter: ended}
	for _, c := range []struct {
		start   string
		outside bool
	}{
		{"2026-12-07T08:59:59.5Z", false},
		{"2026-12-07T09:00:00Z", false},
		{"2026-12-07T09:00:00.0000001Z", true},
		{"", true},
		{"12/07/2026 08:59:59", true},
	} {
		if got := bounded.outsideRunTime(vb365.RestoreSessionEvent{StartTime: c.start}); got != c.outside {
			t.Errorf("start %q: outside = %v, want %v", c.start, got, c.outside)
		}
	}
	// Without a known end (the run's own session), time does not decide.
	if (EventBaseline{}).outsideRunTime(vb365.RestoreSessionEvent{StartTime: ""}) {
		t.Error("an event was judged by time without a known end of the run")
	}
}
