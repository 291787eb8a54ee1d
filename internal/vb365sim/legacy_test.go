package vb365sim

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// Tests of the v3..v5 behaviour real servers and their own clients show (issue 19).

// TestExploreDateTimeLenient: the server parses the explore point in time like .NET does;
// what every v3..v5 portal version sends ("2019.04.12 10:54", no seconds) is accepted.
func TestExploreDateTimeLenient(t *testing.T) {
	h := newHarness(t)
	cases := map[string]string{
		"2019.04.12 10:54":             "2019-04-12T10:54:00Z",
		"2019.04.12 10:54:40":          "2019-04-12T10:54:40Z",
		"2019.4.2 9:05":                "2019-04-02T09:05:00Z",
		"2019.04.12":                   "2019-04-12T00:00:00Z",
		"2019-04-12 10:54:40.279":      "2019-04-12T10:54:40.279Z",
		"2019-04-12 10:54":             "2019-04-12T10:54:00Z",
		"2019-04-12":                   "2019-04-12T00:00:00Z",
		"2019-04-12T10:54:40.2794046Z": "2019-04-12T10:54:40.2794046Z",
		"2019-04-12T10:54:40":          "2019-04-12T10:54:40Z",
		"2019-04-12T10:54":             "2019-04-12T10:54:00Z",
		"2019-04-12T12:54:40+02:00":    "2019-04-12T10:54:40Z",
		"2019-04-12T12:54+02:00":       "2019-04-12T10:54:00Z",
		"4/12/2019 10:54 AM":           "2019-04-12T10:54:00Z",
		" 2019.04.12 10:54 ":           "2019-04-12T10:54:00Z",
	}
	for _, v := range []int{3, 4, 5, 6, 8} {
		for in, want := range cases {
			var ss map[string]any
			if v < 6 {
				ss = h.json("POST", "/v"+strconv.Itoa(v)+"/Organizations/"+OrganizationID+"/Action",
					map[string]any{"explore": map[string]any{"datetime": in, "type": "vex"}}, http.StatusCreated)
			} else {
				ss = h.json("POST", "/v"+strconv.Itoa(v)+"/Organizations/"+OrganizationID+"/explore",
					map[string]any{"dateTime": in, "type": "Vex"}, map[bool]int{true: 201, false: 200}[v >= 8])
			}
			if got := ss["details"]; got != "Exchange items at "+want {
				t.Errorf("v%d datetime %q: details %v, want the point in time %s", v, in, got, want)
			}
		}
	}
	for _, bad := range []string{"yesterday", "2019.13.12 10:54", "2019-04-12 25:00", "12.04.2019 10:54:40x"} {
		resp, data := h.do("POST", "/v3/Organizations/"+OrganizationID+"/Action", map[string]any{"explore": map[string]any{"datetime": bad}})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(data), "dateTime") {
			t.Errorf("datetime %q: %d %s, want 400", bad, resp.StatusCode, data)
		}
	}
}
