package vb365sim

import (
	"net/http"
	"reflect"
	"slices"
	"testing"
)

// Folder and whole-mailbox actions.

func TestFolderRestoreV3CoversSubfoldersWithEvents(t *testing.T) {
	h := newHarness(t)
	before := len(h.sim.Events(SeedRestoreSessionID))
	path := mailboxPath(3, SeedMailboxID) + "/Folders/" + esc(InboxFolderID) + "/Action"
	out := h.json("POST", path, map[string]any{"restoreTo": map[string]any{"mailbox": "qa_dallas@bestsupport.onmicrosoft.com"}}, http.StatusOK)
	ledger := h.sim.Ledger()
	if len(ledger) != 1 {
		t.Fatalf("ledger %+v", ledger)
	}
	l := ledger[0]
	mb := h.sim.findMailbox(SeedMailboxID)
	var want []string
	for _, it := range mb.items {
		inTree := it.folderID == InboxFolderID || it.folderID == InboxSubFolderID || it.folderID == InboxSubSubFolderID || it.folderID == SlashFolderID
		if inTree && currentView.shows(it) { // the seed session shows no deleted items
			want = append(want, it.id)
		}
	}
	if l.FolderID != InboxFolderID || l.WholeMailbox || !reflect.DeepEqual(l.ItemIDs, want) || !slices.Contains(want, SubFolderItemID) {
		t.Errorf("ledger %+v, want items %v", l, want)
	}
	// The Inbox holds FailingItemID: one failed, the rest created.
	if got := restoreCounts(t, out); got != [4]float64{float64(len(want) - 1), 0, 1, 0} {
		t.Errorf("counts %v", got)
	}
	if _, ok := out["failedFoldersCount"]; ok {
		t.Errorf("v3 answers the four counters only: %v", out)
	}
	events := h.sim.Events(SeedRestoreSessionID)[before:]
	if len(events) != len(want) {
		t.Errorf("%d events, want one per item (%d)", len(events), len(want))
	}
}

func TestWholeMailboxActionsV7AndV8(t *testing.T) {
	h := newHarness(t)
	out := h.json("POST", mailboxPath(7, QAMailboxID)+"/restore", map[string]any{}, http.StatusOK)
	n := len(h.sim.findMailbox(QAMailboxID).items)
	if got := restoreCounts(t, out); got != [4]float64{float64(n), 0, 0, 0} || out["failedFoldersCount"] != float64(0) {
		t.Errorf("v7 statistics %v, want %d created and failedFoldersCount 0", out, n)
	}
	async := h.json("POST", mailboxPath(8, QAMailboxID)+"/restoreTo", map[string]any{"mailbox": "rnd@bestsupport.onmicrosoft.com"}, http.StatusOK)
	sid, _ := async["sessionId"].(string)
	if sid == "" {
		t.Fatalf("v8 answer %v", async)
	}
	ledger := h.sim.Ledger()
	if len(ledger) != 2 || !ledger[0].WholeMailbox || !ledger[1].WholeMailbox || ledger[1].AsyncSessionID != sid ||
		len(ledger[1].ItemIDs) != n || ledger[1].Route != "/v8/RestoreSessions/{id}/Organization/Mailboxes/{id}/restoreTo" {
		t.Errorf("ledger %+v", ledger)
	}
	if ev := h.sim.Events(sid); len(ev) != n {
		t.Errorf("async session events %d, want %d", len(ev), n)
	}
}

func TestScopeActionsRefuseOtherActionsAndUnknownFolders(t *testing.T) {
	h := newHarness(t)
	folder := mailboxPath(3, SeedMailboxID) + "/Folders/" + esc(InboxFolderID) + "/Action"
	for _, tc := range []struct {
		method, path string
		body         any
		want         int
	}{
		{"POST", folder, map[string]any{"savetoMsg": nil}, http.StatusBadRequest},
		{"POST", mailboxPath(3, SeedMailboxID) + "/Action", map[string]any{"sendtoDefaultaddress": nil}, http.StatusBadRequest},
		{"POST", mailboxPath(3, SeedMailboxID) + "/Folders/nope/Action", map[string]any{"exporttoPst": nil}, http.StatusNotFound},
		{"POST", mailboxPath(8, SeedMailboxID) + "/folders/nope/restore", map[string]any{}, http.StatusNotFound},
		{"POST", mailboxPath(8, SeedMailboxID) + "/folders/" + esc(InboxFolderID) + "/save", map[string]any{}, http.StatusNotFound},
		{"POST", mailboxPath(8, SeedMailboxID) + "/sendToDefaultAddress", map[string]any{}, http.StatusNotFound},
		{"POST", mailboxPath(5, SeedMailboxID) + "/restore", map[string]any{}, http.StatusNotFound}, // v6+ route
	} {
		resp, data := h.do(tc.method, tc.path, tc.body)
		if resp.StatusCode != tc.want {
			t.Errorf("%s %s: %d %s, want %d", tc.method, tc.path, resp.StatusCode, data, tc.want)
		}
	}
	if l := h.sim.Ledger(); len(l) != 0 {
		t.Errorf("ledger %+v, want nothing executed", l)
	}
}
