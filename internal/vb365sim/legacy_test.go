package vb365sim

import (
	"encoding/json"
	"net/http"
	"net/url"
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
		"2019.4.20 9:05":               "2019-04-20T09:05:00Z",
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

// TestTrailingCommasAccepted: JSON bodies with trailing commas are accepted, as Json.NET does;
// commas inside strings are data, and other malformed JSON stays a 400.
func TestTrailingCommasAccepted(t *testing.T) {
	h := newHarness(t)
	ss := h.json("POST", "/v3/Organizations/"+OrganizationID+"/Action",
		`{ "explore": { "datetime": "2019.04.12 10:54", "type": "vex", "ShowDeleted": "true", }, }`, http.StatusCreated)
	sid := ss["id"].(string)
	h.json("POST", "/v8/Organizations/"+OrganizationID+"/explore", "{\"type\": \"Vex\",\n}", http.StatusCreated)
	item := "/v5/RestoreSessions/" + sid + "/Organization/Mailboxes/" + SeedMailboxID + "/Items/" + esc(SeedMessageID) + "/Action"
	out := h.json("POST", item, `{"restoreTo": {"mailbox": "qa@x.com", "folder": "a,}", "items": [], }}`, http.StatusOK)
	if out["createdItemsCount"] != float64(1) {
		t.Errorf("restoreTo with trailing commas: %v", out)
	}
	ledger := h.sim.Ledger()
	inner, _ := ledger[len(ledger)-1].Body["restoreTo"].(map[string]any)
	if inner["folder"] != "a,}" {
		t.Errorf("a comma inside a string was changed: folder %q", inner["folder"])
	}
	for _, bad := range []string{`{"explore": {"type": "vex",,}}`, `{"explore": {,}}`, `{"explore": {"type": "vex"},`, `{"explore" "vex"}`} {
		resp, data := h.do("POST", "/v3/Organizations/"+OrganizationID+"/Action", bad)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", bad, resp.StatusCode, data)
		}
	}
	// The token endpoint's JSON body too.
	req, _ := http.NewRequest("POST", h.srv.URL+"/v6/Token", strings.NewReader(`{"grant_type": "password", "username": "`+DefaultUsername+`", "password": "`+DefaultPassword+`",}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("JSON token request with a trailing comma: %d", resp.StatusCode)
	}
}

func TestWithoutTrailingCommas(t *testing.T) {
	for in, want := range map[string]string{
		`{"a": 1,}`:               `{"a": 1}`,
		`[1, 2 ,  ]`:              `[1, 2   ]`,
		`{"a": [1,], "b": "x,}"}`: `{"a": [1], "b": "x,}"}`,
		`{"a": "q\",}",}`:         `{"a": "q\",}"}`,
		`{"a": 1, "b": 2}`:        `{"a": 1, "b": 2}`,
	} {
		if got := string(withoutTrailingCommas([]byte(in))); got != want {
			t.Errorf("withoutTrailingCommas(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestFolderTopLevelSpelling: the top level is parentId=null on v4..v6 (their help pages) and
// parentId=root on v7+ (their OpenAPI documents); the other spelling names no folder (404);
// v3 documents no parentId and ignores it.
func TestFolderTopLevelSpelling(t *testing.T) {
	h := newHarness(t)
	count := func(v int, query string) (int, int) {
		resp, data := h.do("GET", mailboxPath(v, SeedMailboxID)+"/Folders?limit=100&"+query, nil)
		if resp.StatusCode != http.StatusOK {
			return resp.StatusCode, 0
		}
		var page map[string]any
		_ = json.Unmarshal(data, &page)
		return resp.StatusCode, len(page["results"].([]any))
	}
	all, top := 12, 9
	for v := 3; v <= 8; v++ {
		good, other := "parentId=root", "parentId=null"
		if v <= 6 {
			good, other = "parentId=NULL", "parentId=root"
		}
		wantGood, wantOther := top, -1
		if v == 3 {
			wantGood, wantOther = all, all
		}
		if status, n := count(v, good); status != 200 || n != wantGood {
			t.Errorf("v%d %s: %d, %d folders, want %d", v, good, status, n, wantGood)
		}
		status, n := count(v, other)
		if wantOther < 0 && status != http.StatusNotFound {
			t.Errorf("v%d %s: %d, want 404", v, other, status)
		}
		if wantOther >= 0 && (status != 200 || n != wantOther) {
			t.Errorf("v%d %s: %d, %d folders, want %d", v, other, status, n, wantOther)
		}
		if v > 3 {
			if status, n := count(v, "parentId="+url.QueryEscape(InboxFolderID)); status != 200 || n != 2 {
				t.Errorf("v%d children of Inbox: %d, %d", v, status, n)
			}
		}
	}
}

// TestItemsTopLevelSpelling: items directly under the mailbox's root are folderId=null on
// v3..v6 (a third-party v3..v5 client lists them so) and parentId=root on v7+, as for folders;
// the fixture keeps no item there, so both answer an empty page, not a 404.
func TestItemsTopLevelSpelling(t *testing.T) {
	h := newHarness(t)
	for v := 3; v <= 8; v++ {
		query := "folderId=null"
		if v >= 7 {
			query = "parentId=root"
		}
		resp, data := h.do("GET", mailboxPath(v, SeedMailboxID)+"/items?limit=100&"+query, nil)
		var page map[string]any
		_ = json.Unmarshal(data, &page)
		if resp.StatusCode != http.StatusOK || len(page["results"].([]any)) != 0 {
			t.Errorf("v%d items?%s: %d %s, want 200 and no items", v, query, resp.StatusCode, data)
		}
		if v <= 6 {
			if resp, _ := h.do("GET", mailboxPath(v, SeedMailboxID)+"/items?folderId=root", nil); resp.StatusCode != http.StatusNotFound {
				t.Errorf("v%d items?folderId=root: %d, want 404 (v7's spelling)", v, resp.StatusCode)
			}
		}
	}
}
