package vb365sim

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestOrganizationSearchPagesOneResultSet: the organization search finds items of several
// mailboxes; later pages are asked for with the first answer's setId and come from the same
// result set; an unknown setId is refused (page shapes: internal/conformance).
func TestOrganizationSearchPagesOneResultSet(t *testing.T) {
	for _, v := range []int{6, 7, 8} {
		t.Run("v"+strconv.Itoa(v), func(t *testing.T) {
			h := newHarness(t)
			base := "/v" + strconv.Itoa(v) + "/RestoreSessions/" + SeedRestoreSessionID + "/organization/mailboxes/search"
			query := map[string]any{"query": "message 1"}
			first := h.json("POST", base+"?offset=0&limit=3", query, http.StatusOK)
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

// TestKeywordAndOrganizationPSTExports: contentKeyword narrows a folder, a mailbox and the
// organization's export to the matching items (v6+); the organization export covers every
// mailbox; v5 has no organization export (request bodies: internal/conformance).
func TestKeywordAndOrganizationPSTExports(t *testing.T) {
	h := newHarness(t)
	for _, v := range []int{6, 8} {
		before := len(h.sim.Ledger())
		body := map[string]any{"contentKeyword": "kickoff"}
		_, data := h.do("POST", mailboxPath(v, SeedMailboxID)+"/folders/"+InboxFolderID+"/exportToPst", body)
		if len(data) == 0 {
			t.Fatalf("v%d: empty folder export", v)
		}
		h.do("POST", mailboxPath(v, SupportMailboxID)+"/exportToPst", map[string]any{"contentKeyword": "message 4"})
		resp, _ := h.do("POST", "/v"+strconv.Itoa(v)+"/RestoreSessions/"+SeedRestoreSessionID+"/organization/exportToPst", map[string]any{"contentKeyword": "message 1"})
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/octet-stream" {
			t.Fatalf("v%d organization export: %d %s", v, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		entries := h.sim.Ledger()[before:]
		if len(entries) != 3 {
			t.Fatalf("v%d: %d ledger entries, want 3", v, len(entries))
		}
		if got := entries[0].ItemIDs; len(got) != 1 || got[0] != SubFolderItemID {
			t.Errorf("v%d: keyword folder export covered %v, want the kickoff message of Inbox/Projects", v, got)
		}
		if got := entries[1].ItemIDs; len(got) != 7 { // support_north message 4 and 40..45
			t.Errorf("v%d: keyword mailbox export covered %d items, want 7", v, len(got))
		}
		org := entries[2]
		if !org.WholeOrganization || org.OrganizationID != OrganizationID || len(org.ItemIDs) != 15 || org.OutputSize == 0 {
			t.Errorf("v%d: organization export entry %+v, want the 15 items matching 'message 1' in every mailbox", v, org)
		}
	}
	resp, _ := h.do("POST", "/v5/RestoreSessions/"+SeedRestoreSessionID+"/organization/exportToPst", map[string]any{})
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("v5 organization export: %d, want 404 (no such route)", resp.StatusCode)
	}
}

// TestDataRetrievalLifecycle: a retrieval of the archive tier is Retrieving for the configured
// duration (explore refused, the point not retrieved), then Retrieved (explorable, the point
// retrieved, an expiration time); PUT extends the availability; after it the job is gone.
// Shapes are checked against Veeam's documents by internal/conformance.
func TestDataRetrievalLifecycle(t *testing.T) {
	for _, v := range []int{6, 8} {
		t.Run("v"+strconv.Itoa(v), func(t *testing.T) {
			clock := &fakeClock{now: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)}
			h := newHarness(t, WithClock(clock.Now), WithTokenLifetime(365*24*time.Hour), WithDataRetrievalDuration(time.Hour))
			vp := "/v" + strconv.Itoa(v)
			// The mailboxes are RESTBackupMailboxData objects, as the repository answers them;
			// a bare ID is refused with a 400 and starts nothing.
			mailbox := h.get(vp + "/BackupRepositories/" + ArchiveRepositoryID + "/MailboxData/" + SeedMailboxID)
			body := map[string]any{"organizationId": OrganizationID, "repositoryId": ArchiveRepositoryID, "availabilityPeriodDays": 2,
				"amazonS3GlacierRetrievalPolicy": "Bulk", "mailboxes": []any{SeedMailboxID}, "name": "INC-9"}
			if resp, data := h.do("POST", vp+"/DataRetrievals", body); resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(data), "RESTBackupMailboxData") {
				t.Errorf("mailboxes as bare IDs: %d %s, want 400 naming RESTBackupMailboxData", resp.StatusCode, data)
			}
			body["mailboxes"] = []any{mailbox}
			created := h.json("POST", vp+"/DataRetrievals", body, http.StatusCreated)
			id := created["id"].(string)
			if created["dataState"] != "Retrieving" {
				t.Fatalf("new retrieval %v", created)
			}
			h.json("POST", vp+"/DataRetrievals/"+id+"/explore", nil, http.StatusBadRequest)
			h.json("PUT", vp+"/DataRetrievals/"+id, map[string]any{"availabilityPeriodDays": 3}, http.StatusBadRequest)
			if sessions := results(t, h.get(vp+"/DataRetrievalSessions?dataRetrievalId="+id)); len(sessions) != 1 {
				t.Errorf("retrieval sessions: %v, want one (a bare-ID request started nothing)", sessions)
			}

			clock.Advance(time.Hour)
			got := h.get(vp + "/DataRetrievals/" + id)
			if got["dataState"] != "Retrieved" || got["retrievedRestorePointId"] != ArchiveRestorePointID || got["expirationTime"] != "2024-05-03T13:00:00Z" {
				t.Fatalf("retrieved: %v", got)
			}
			status := map[bool]int{true: http.StatusCreated, false: http.StatusOK}[v >= 8]
			ss := h.json("POST", vp+"/DataRetrievals/"+id+"/explore", nil, status)
			// The retrieval retrieved one mailbox: its session shows that one only.
			shown := results(t, h.get(vp+"/RestoreSessions/"+ss["id"].(string)+"/organization/mailboxes"))
			if len(shown) != 1 || shown[0]["id"] != SeedMailboxID {
				t.Errorf("the retrieved data shows mailboxes %v, want only the retrieved one", shown)
			}
			h.json("GET", vp+"/RestoreSessions/"+ss["id"].(string)+"/organization/mailboxes/"+SupportMailboxID, nil, http.StatusNotFound)
			if v == 6 {
				_, data := h.do("GET", vp+"/RestorePoints?isRetrieved=true", nil)
				if !strings.Contains(string(data), id) {
					t.Errorf("v6 retrieved points %s do not name the retrieval", data)
				}
			} else if r := results(t, h.get(vp+"/RestorePoints?isRetrieved=true")); len(r) != 1 || r[0]["retrievalId"] != id {
				t.Errorf("retrieved points %v", r)
			}

			resp, _ := h.do("PUT", vp+"/DataRetrievals/"+id, map[string]any{"availabilityPeriodDays": 5})
			if resp.StatusCode != map[bool]int{true: http.StatusNoContent, false: http.StatusOK}[v >= 8] {
				t.Errorf("PUT: %d", resp.StatusCode)
			}
			if got := h.get(vp + "/DataRetrievals/" + id); got["expirationTime"] != "2024-05-06T13:00:00Z" {
				t.Errorf("extended: %v", got["expirationTime"])
			}
			clock.Advance(5 * 24 * time.Hour)
			h.json("GET", vp+"/DataRetrievals/"+id, nil, http.StatusNotFound)
			h.json("POST", vp+"/DataRetrievals", map[string]any{"organizationId": OrganizationID, "repositoryId": CopyRepositoryID,
				"availabilityPeriodDays": 1}, http.StatusBadRequest)
		})
	}
}

// TestEmailSettingsPresentOrAbsent: GET /VexEmailSettings conforms to RESTSmtpSettings; without
// e-mail settings sending is disabled and the send actions are refused with a 400 (nothing in
// the ledger), while other actions run.
func TestEmailSettingsPresentOrAbsent(t *testing.T) {
	for _, v := range []int{6, 8} {
		vp := "/v" + strconv.Itoa(v)
		configured := newHarness(t).get(vp + "/VexEmailSettings")
		if configured["enableNotification"] != true || configured["server"] == "" {
			t.Errorf("v%d configured settings %v", v, configured)
		}
		h := newHarness(t, WithoutEmailSettings())
		absent := h.get(vp + "/VexEmailSettings")
		if absent["enableNotification"] != false {
			t.Errorf("v%d absent settings %v", v, absent)
		}
		h.json("POST", itemPath(v, SeedMessageID)+"/sendToDefaultAddress", nil, http.StatusBadRequest)
		if n := len(h.sim.Ledger()); n != 0 {
			t.Errorf("v%d: a refused send is in the ledger (%d entries)", v, n)
		}
	}
}

// TestRestorePointsUserFilter: v8 keeps the points holding the user's backup (every point for
// a user with a mailbox, none for one without); v7, whose document has no userId, ignores it.
func TestRestorePointsUserFilter(t *testing.T) {
	h := newHarness(t)
	all := len(RestorePointIDs) + len(extraRestorePoints)
	for _, c := range []struct {
		version, user string
		want          int
	}{
		{"v8", UserJohnSmithID, all},
		{"v8", UserOperatorID, 0},
		{"v8", "00000000-0000-4000-8000-0000000000aa", 0},
		{"v7", UserOperatorID, all},
	} {
		if got := results(t, h.get("/"+c.version+"/RestorePoints?userId="+c.user)); len(got) != c.want {
			t.Errorf("%s points of user %s = %d, want %d", c.version, c.user, len(got), c.want)
		}
	}
}

// TestDataRetrievalSessionsAsDocumented: every session ID is a UUID (RESTDataRetrievalSession.id
// is format: uuid; a client generated from the documents parses it) and repositoryId, which
// only v8's document declares, is answered on v8 only.
func TestDataRetrievalSessionsAsDocumented(t *testing.T) {
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	for _, v := range []int{6, 7, 8} {
		clock := &fakeClock{now: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)}
		h := newHarness(t, WithClock(clock.Now), WithTokenLifetime(365*24*time.Hour), WithDataRetrievalDuration(0))
		vp := "/v" + strconv.Itoa(v)
		created := h.json("POST", vp+"/DataRetrievals", map[string]any{"organizationId": OrganizationID, "repositoryId": ArchiveRepositoryID,
			"availabilityPeriodDays": 2, "name": "INC-9"}, http.StatusCreated)
		id := created["id"].(string)
		clock.Advance(time.Minute)
		if resp, data := h.do("PUT", vp+"/DataRetrievals/"+id, map[string]any{"availabilityPeriodDays": 4}); resp.StatusCode/100 != 2 {
			t.Fatalf("v%d PUT: %d %s", v, resp.StatusCode, data)
		}
		sessions := results(t, h.get(vp+"/DataRetrievalSessions?dataRetrievalId="+id))
		if v <= 7 { // DELETE (v6, v7 only) answers the documented 204
			other := h.json("POST", vp+"/DataRetrievals", map[string]any{"organizationId": OrganizationID, "repositoryId": ArchiveRepositoryID,
				"availabilityPeriodDays": 1}, http.StatusCreated)
			if resp, data := h.do("DELETE", vp+"/DataRetrievals/"+other["id"].(string), nil); resp.StatusCode != http.StatusNoContent {
				t.Errorf("v%d DELETE: %d %s, want 204", v, resp.StatusCode, data)
			}
		}
		if len(sessions) != 2 {
			t.Fatalf("v%d sessions: %v, want the retrieval and the availability change", v, sessions)
		}
		for _, s := range sessions {
			if sid, _ := s["id"].(string); !uuid.MatchString(sid) {
				t.Errorf("v%d session %v: ID %q is not a UUID", v, s["type"], sid)
			}
			if _, has := s["repositoryId"]; has != (v >= 8) {
				t.Errorf("v%d session %v: repositoryId present = %v, want %v (v8 only)", v, s["type"], has, v >= 8)
			}
		}
	}
}

// TestMailboxDataCarriesWhatEachVersionRequires: RESTBackupMailboxData's required members per
// version (v6 id, isDeleted, itemType, repositoryId, isArchive, email, organizationId; v7 adds
// proxyId and backedUpOrganizationId; v8 id, itemType, repositoryId, isArchive, email,
// backedUpOrganizationId), in the listing and the single read; unknown IDs answer 404.
func TestMailboxDataCarriesWhatEachVersionRequires(t *testing.T) {
	h := newHarness(t)
	required := map[int][]string{
		6: {"id", "isDeleted", "itemType", "repositoryId", "isArchive", "email", "organizationId"},
		7: {"id", "isDeleted", "itemType", "repositoryId", "proxyId", "isArchive", "email", "backedUpOrganizationId"},
		8: {"id", "itemType", "repositoryId", "isArchive", "email", "backedUpOrganizationId"},
	}
	for v, names := range required {
		base := "/v" + strconv.Itoa(v) + "/BackupRepositories/" + ArchiveRepositoryID + "/MailboxData"
		page := results(t, h.get(base+"?organizationId="+OrganizationID+"&filter=smith"))
		if len(page) != 2 { // j_smith and j_smith's in-place archive
			t.Errorf("v%d filter=smith: %d mailboxes, want 2", v, len(page))
		}
		for _, m := range append(page, h.get(base+"/"+SeedMailboxID)) {
			for _, name := range names {
				if _, ok := m[name]; !ok {
					t.Errorf("v%d mailbox %v: no %s", v, m["id"], name)
				}
			}
			if _, ok := m["proxyId"]; ok != (v == 7) {
				t.Errorf("v%d mailbox %v: proxyId present = %v (v7 only)", v, m["id"], ok)
			}
		}
		h.json("GET", base+"/00000000-0000-0000-0000-000000000000", nil, http.StatusNotFound)
		h.json("GET", "/v"+strconv.Itoa(v)+"/BackupRepositories/00000000-0000-0000-0000-000000000000/MailboxData", nil, http.StatusNotFound)
	}
}
