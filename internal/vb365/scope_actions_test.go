package vb365

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// Folder and whole-mailbox actions against the simulator: v3 (Action envelopes), v7
// (RESTFoldersRestoreStatistics) and v8 (asynchronous restores).

func folderScope(folderID string) ItemScope {
	return ItemScope{RestoreSessionID: vb365sim.SeedRestoreSessionID, MailboxID: vb365sim.SeedMailboxID, FolderID: folderID}
}

func mailboxScope(mailboxID string) ItemScope {
	return ItemScope{RestoreSessionID: vb365sim.SeedRestoreSessionID, MailboxID: mailboxID, WholeMailbox: true}
}

func TestSimFolderRestoreToCoversTheFolderTree(t *testing.T) {
	for _, version := range []string{"v3", "v5", "v7", "v8"} {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			// Inbox/Projects holds one item; its subfolder Inbox/Projects/2019 none.
			stats, err := e.client.RestoreTo(ctxT(t), folderScope(vb365sim.InboxSubFolderID),
				RestoreToOptions{Mailbox: "qa_dallas@bestsupport.onmicrosoft.com", Folder: "Recovered"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			ledger := e.sim.Ledger()
			if len(ledger) != 1 {
				t.Fatalf("ledger %+v, want exactly one action", ledger)
			}
			l := ledger[0]
			if l.Action != "restore_to" || l.FolderID != vb365sim.InboxSubFolderID || l.WholeMailbox || l.Bulk ||
				!reflect.DeepEqual(l.ItemIDs, []string{vb365sim.SubFolderItemID}) {
				t.Errorf("ledger entry %+v", l)
			}
			wantRoute := "/" + version + "/RestoreSessions/{id}/Organization/Mailboxes/{id}/Folders/{id}/"
			if version == "v3" || version == "v5" {
				wantRoute += "Action"
				if _, ok := l.Body["restoreTo"]; !ok || len(l.Body) != 1 {
					t.Errorf("envelope %v, want the one key restoreTo", l.Body)
				}
			} else {
				wantRoute += "restoreTo"
			}
			if l.Route != wantRoute {
				t.Errorf("route %s, want %s", l.Route, wantRoute)
			}
			if inner := actionBody(l); inner["mailbox"] != "qa_dallas@bestsupport.onmicrosoft.com" || inner["folder"] != "Recovered" || inner["items"] != nil {
				t.Errorf("body %v", l.Body)
			}
			if stats.Created != 1 || stats.Failed != 0 || stats.FailedFolders != 0 {
				t.Errorf("stats %+v", stats)
			}
			if version == "v8" && (stats.SessionID == "" || stats.SessionID != l.AsyncSessionID) {
				t.Errorf("v8 session %q, ledger %q", stats.SessionID, l.AsyncSessionID)
			}
		})
	}
}

func TestSimFolderExportIncludesSubfolders(t *testing.T) {
	for _, version := range dialects {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			h := sha256.New()
			n, err := e.client.ExportToPST(ctxT(t), folderScope(vb365sim.InboxFolderID), ExportToPSTOptions{}, h)
			if err != nil {
				t.Fatal(err)
			}
			e.settle()
			l := e.sim.Ledger()[0]
			if l.Action != "export_to_pst" || l.FolderID != vb365sim.InboxFolderID || !slices.Contains(l.ItemIDs, vb365sim.SubFolderItemID) ||
				!slices.Contains(l.ItemIDs, vb365sim.SeedMessageID) || slices.Contains(l.ItemIDs, vb365sim.SeedTaskID) {
				t.Errorf("ledger entry %+v: want Inbox's items and its subfolders', nothing else", l)
			}
			if hex.EncodeToString(h.Sum(nil)) != l.OutputSHA256 || n != l.OutputSize {
				t.Errorf("wrote %d bytes, ledger %d %s", n, l.OutputSize, l.OutputSHA256)
			}
		})
	}
}

func TestSimWholeMailboxActions(t *testing.T) {
	for _, version := range []string{"v3", "v7", "v8"} {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			ctx := ctxT(t)
			stats, err := e.client.RestoreToOriginalLocation(ctx, mailboxScope(vb365sim.QAMailboxID), RestoreToOriginalLocationOptions{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.client.ExportToPST(ctx, mailboxScope(vb365sim.QAMailboxID), ExportToPSTOptions{}, io.Discard); err != nil {
				t.Fatal(err)
			}
			e.settle()
			ledger := e.sim.Ledger()
			if len(ledger) != 2 {
				t.Fatalf("ledger %+v, want two actions", ledger)
			}
			for i, seg := range []string{"restore", "exportToPst"} {
				l := ledger[i]
				want := "/" + version + "/RestoreSessions/{id}/Organization/Mailboxes/{id}/" + seg
				if version == "v3" {
					want = "/v3/RestoreSessions/{id}/Organization/Mailboxes/{id}/Action"
				}
				if l.Route != want || !l.WholeMailbox || l.FolderID != "" || l.MailboxID != vb365sim.QAMailboxID || len(l.ItemIDs) == 0 {
					t.Errorf("ledger entry %d %+v, want route %s", i, l, want)
				}
			}
			if stats.Created != int64(len(ledger[0].ItemIDs)) {
				t.Errorf("created %d, the mailbox has %d items", stats.Created, len(ledger[0].ItemIDs))
			}
		})
	}
}

func TestFolderRestoreStatisticsFailedFolders(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/folders/f1/restore") {
			t.Errorf("path %s", r.URL.Path)
		}
		writeJSON(w, 200, map[string]any{"createdItemsCount": 3, "mergedItemsCount": 0, "failedItemsCount": 1, "skippedItemsCount": 0,
			"failedFoldersCount": 2, "warnings": []string{}, "exceptions": []string{"folder X"}})
	})
	c, _ := newTestClient(t, fs.srv.URL, "v7")
	stats, err := c.RestoreToOriginalLocation(ctxT(t), ItemScope{RestoreSessionID: "s1", MailboxID: "m1", FolderID: "f1"}, RestoreToOriginalLocationOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if stats.FailedFolders != 2 || stats.Failed != 1 || stats.Created != 3 {
		t.Errorf("stats %+v", stats)
	}
}

func TestScopeErrorsAreNotSent(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) { t.Errorf("request sent: %s", r.URL) })
	for _, version := range []string{"v3", "v8"} {
		c, _ := newTestClient(t, fs.srv.URL, version)
		ctx := ctxT(t)
		folder := ItemScope{RestoreSessionID: "s1", MailboxID: "m1", FolderID: "f1"}
		whole := ItemScope{RestoreSessionID: "s1", MailboxID: "m1", WholeMailbox: true}
		_, errMSG := c.SaveToMSG(ctx, folder, io.Discard)
		for name, tt := range map[string]struct {
			err  error
			want string
		}{
			"save folder":          {errMSG, "save_to_msg cannot be applied to a folder"},
			"send mailbox":         {c.SendToDefaultAddress(ctx, whole), "send_to_default_address cannot be applied to a whole mailbox"},
			"send folder":          {c.SendToDifferentAddress(ctx, folder, SendToDifferentAddressOptions{To: "a@b"}), "cannot be applied to a folder"},
			"items and folder":     {c.SendToDefaultAddress(ctx, ItemScope{RestoreSessionID: "s1", MailboxID: "m1", ItemIDs: []string{"i1"}, FolderID: "f1"}), "exactly one of"},
			"folder and mailbox":   {c.SendToDefaultAddress(ctx, ItemScope{RestoreSessionID: "s1", MailboxID: "m1", WholeMailbox: true, FolderID: "f1"}), "exactly one of"},
			"nothing":              {c.SendToDefaultAddress(ctx, ItemScope{RestoreSessionID: "s1", MailboxID: "m1"}), "no item IDs, folder ID or whole mailbox"},
			"folder ID with space": {c.SendToDefaultAddress(ctx, ItemScope{RestoreSessionID: "s1", MailboxID: "m1", FolderID: " "}), "folder ID"},
		} {
			if tt.err == nil || !errors.Is(tt.err, ErrNotSent) || !strings.Contains(tt.err.Error(), tt.want) {
				t.Errorf("%s %s: err = %v, want ErrNotSent and %q", version, name, tt.err, tt.want)
			}
		}
	}
}
