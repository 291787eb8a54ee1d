package vb365sim

import (
	"net/http"
	"strconv"
	"testing"
)

// TestOrganizationSearchPagesOneResultSet: the organization search finds items of several
// mailboxes; later pages are asked for with the first answer's setId and come from the same
// result set; an unknown setId is refused; the pages conform to Veeam's documents.
func TestOrganizationSearchPagesOneResultSet(t *testing.T) {
	for _, v := range []int{6, 7, 8} {
		t.Run("v"+strconv.Itoa(v), func(t *testing.T) {
			doc := loadSpec(t, v)
			h := newHarness(t)
			base := "/v" + strconv.Itoa(v) + "/RestoreSessions/" + SeedRestoreSessionID + "/organization/mailboxes/search"
			query := map[string]any{"query": "message 1"}
			first := h.json("POST", base+"?offset=0&limit=3", query, http.StatusOK)
			doc.conform(t, "organization search page", first, doc.named(t, "PageOfRESTExchangeItemsComposed"))
			setID, _ := first["setId"].(string)
			if setID == "" {
				t.Fatalf("no setId in %v", first)
			}
			mailboxes := map[string]bool{}
			seen := map[string]bool{}
			for offset := 0; ; offset += 3 {
				page := first
				if offset > 0 {
					page = h.json("POST", base+"?offset="+strconv.Itoa(offset)+"&limit=3&setId="+setID, query, http.StatusOK)
				}
				if page["setId"] != setID {
					t.Fatalf("page at %d answers setId %v, want %s", offset, page["setId"], setID)
				}
				res := results(t, page)
				for _, it := range res {
					doc.conform(t, "found item", it, doc.named(t, itemSchema(it)))
					if seen[it["id"].(string)] {
						t.Errorf("item %s on two pages", it["id"])
					}
					seen[it["id"].(string)] = true
					mailboxes[linkHref(t, it, "mailbox")] = true
				}
				if len(res) < 3 {
					break
				}
			}
			// support_north message 1, 10..19; qa_dallas, rnd, archive and public message 1.
			if len(seen) != 15 || len(mailboxes) != 5 {
				t.Errorf("found %d items in %d mailboxes, want 15 in 5", len(seen), len(mailboxes))
			}
			h.json("POST", base+"?offset=0&limit=3&setId=7f9e0c52-0000-4000-8000-000000000000", query, http.StatusBadRequest)
			h.json("POST", base, map[string]any{"query": " "}, http.StatusBadRequest)
		})
	}
}
