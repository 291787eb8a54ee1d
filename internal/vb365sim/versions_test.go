package vb365sim

import (
	"net/http"
	"net/url"
	"slices"
	"testing"
)

// TestExploreOptionsShowDeletedItemsAndEarlierVersions: a deleted item and an earlier version
// are listed, read and acted on only in sessions explored with showDeleted / showAllVersions;
// elsewhere they are not found. Their JSON is that of any item (Veeam's item schemas carry no
// marker).
func TestExploreOptionsShowDeletedItemsAndEarlierVersions(t *testing.T) {
	h := newHarness(t)
	for _, v := range []int{3, 6, 8} {
		open := func(opts map[string]any) string {
			var ss map[string]any
			if v < 6 {
				opts["type"] = "vex"
				ss = h.json("POST", "/v"+itoa(v)+"/Organizations/"+OrganizationID+"/Action", map[string]any{"explore": opts}, http.StatusCreated)
			} else {
				opts["type"] = "Vex"
				want := http.StatusOK
				if v == 8 {
					want = http.StatusCreated
				}
				ss = h.json("POST", "/v"+itoa(v)+"/Organizations/"+OrganizationID+"/explore", opts, want)
			}
			return ss["id"].(string)
		}
		listed := func(session string) []string {
			var ids []string
			page := h.get("/v" + itoa(v) + "/RestoreSessions/" + session + "/Organization/Mailboxes/" + SeedMailboxID + "/Items?limit=1000")
			for _, it := range results(t, page) {
				ids = append(ids, it["id"].(string))
			}
			return ids
		}
		itemStatus := func(session, id string) int {
			resp, _ := h.do("GET", "/v"+itoa(v)+"/RestoreSessions/"+session+"/Organization/Mailboxes/"+SeedMailboxID+"/Items/"+url.PathEscape(id), nil)
			return resp.StatusCode
		}
		plain := open(map[string]any{})
		deleted := open(map[string]any{"showDeleted": true})
		versions := open(map[string]any{"showAllVersions": "true"}) // string booleans are accepted
		for _, tc := range []struct {
			session            string
			deleted, versioned bool
		}{{plain, false, false}, {deleted, true, false}, {versions, false, true}} {
			ids := listed(tc.session)
			if slices.Contains(ids, DeletedMessageItemID) != tc.deleted || slices.Contains(ids, EarlierTaskVersionItemID) != tc.versioned {
				t.Errorf("v%d session %s lists deleted=%v earlier=%v, want %v %v", v, tc.session,
					slices.Contains(ids, DeletedMessageItemID), slices.Contains(ids, EarlierTaskVersionItemID), tc.deleted, tc.versioned)
			}
			if !slices.Contains(ids, SeedTaskID) {
				t.Errorf("v%d: the current version of the task is always listed", v)
			}
			wantStatus := map[bool]int{true: http.StatusOK, false: http.StatusNotFound}
			if got := itemStatus(tc.session, DeletedMessageItemID); got != wantStatus[tc.deleted] {
				t.Errorf("v%d GET deleted item: %d, want %d", v, got, wantStatus[tc.deleted])
			}
			if got := itemStatus(tc.session, EarlierTaskVersionItemID); got != wantStatus[tc.versioned] {
				t.Errorf("v%d GET earlier version: %d, want %d", v, got, wantStatus[tc.versioned])
			}
		}
	}
}

func itoa(v int) string { return string(rune('0' + v)) }
