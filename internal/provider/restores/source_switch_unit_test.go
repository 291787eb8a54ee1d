package restores

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestJudgeSourceSwitch: what a plan makes of a change of session source.
func TestJudgeSourceSwitch(t *testing.T) {
	at := func(s string) types.String {
		if s == "" {
			return types.StringNull()
		}
		return types.StringValue(s)
	}
	session := func(id, org, pointInTime string) sourceSide {
		return sourceSide{restoreSession: id, organizationID: org, pointInTime: at(pointInTime)}
	}
	org := func(id, pointInTime string) sourceSide {
		return sourceSide{organizationID: id, pointInTime: at(pointInTime)}
	}
	const orgA, orgB, when = "9f3c1a52-5e0b-4d2a-8b8e-3c2f6d7a1b01", "00000000-0000-0000-0000-0000000000b2", "2026-11-01T10:54:40Z"
	cases := []struct {
		name           string
		record, config sourceSide
		readErr        error
		newRun         bool
		warns          []string // substrings of the warning; none: no warning
	}{
		{name: "same organization and point in time", record: session("s1", orgA, when), config: org(orgA, when)},
		{name: "organization GUID in another case", record: org(strings.ToUpper(orgA), when), config: session("s2", orgA, when)},
		{name: "another organization", record: session("s1", orgA, when), config: org(orgB, when), newRun: true,
			warns: []string{`organization "` + orgB + `"`, "runs again"}},
		{name: "point in time stated on one side only", record: session("s1", orgA, ""), config: org(orgA, when),
			warns: []string{"same point in time", "-replace", "runs nothing"}},
		{name: "session unreadable", record: session("s1", "", when), config: org(orgA, when), readErr: errors.New("reading restore session \"s1\": 404"),
			warns: []string{"same organization", "404", "-replace"}},
		{name: "unreadable and no point in time", record: session("s1", "", ""), config: session("s2", orgA, ""),
			warns: []string{"same organization", "server did not name", "nor whether", "same point in time"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := judgeSourceSwitch(c.record, c.config, c.readErr)
			if got.newRun != c.newRun {
				t.Errorf("newRun = %v, want %v (%s)", got.newRun, c.newRun, got.warning)
			}
			if len(c.warns) == 0 && got.warning != "" {
				t.Errorf("unexpected warning: %s", got.warning)
			}
			for _, w := range c.warns {
				if !strings.Contains(got.warning, w) {
					t.Errorf("warning lacks %q: %s", w, got.warning)
				}
			}
		})
	}
}
