package vb365

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// Tests against the simulator over real HTTP, in the v3 (Action envelopes, absolute links) and
// v8 (per-action routes, asynchronous restores) dialects.

var dialects = []string{"v3", "v8"}

type simEnv struct {
	srv    *httptest.Server
	sim    *vb365sim.Server
	url    string
	clock  *fakeClock
	client *Client
}

// startSim serves a simulator sharing a fake clock with a client of the given version.
func startSim(t testing.TB, version string, opts ...vb365sim.Option) *simEnv {
	t.Helper()
	clock := newFakeClock()
	sim := vb365sim.New(append([]vb365sim.Option{vb365sim.WithClock(clock.Now)}, opts...)...)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	c, err := New(Config{
		Endpoint: srv.URL, APIVersion: version,
		Username: vb365sim.DefaultUsername, Password: vb365sim.DefaultPassword,
		Clock: clock, Retry: RetryPolicy{Attempts: 4, MinDelay: time.Second, MaxDelay: 8 * time.Second},
	})
	if err != nil {
		t.Fatal(err)
	}
	return &simEnv{srv: srv, sim: sim, url: srv.URL, clock: clock, client: c}
}

// settle waits for every handler to return by closing the server: the simulator records a
// PST/MSG export in its ledger only after the last byte was written, which the client may have
// read already.
func (e *simEnv) settle() { e.srv.Close() }

func (e *simEnv) grants() []string {
	var out []string
	for _, tr := range e.sim.TokenLog() {
		out = append(out, tr.GrantType)
	}
	return out
}

func seedScope(ids ...string) ItemScope {
	return ItemScope{RestoreSessionID: vb365sim.SeedRestoreSessionID, MailboxID: vb365sim.SeedMailboxID, ItemIDs: ids}
}

func TestSimAuthRefreshAfterExpiry(t *testing.T) {
	for _, version := range dialects {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			ctx := ctxT(t)
			mailbox := func() {
				t.Helper()
				if _, err := e.client.Mailbox(ctx, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID); err != nil {
					t.Fatal(err)
				}
			}
			mailbox()
			mailbox()
			e.clock.Advance(59*time.Minute + 30*time.Second) // inside the refresh margin
			mailbox()
			e.clock.Advance(3 * time.Hour) // long expired: the refresh token still works
			mailbox()
			if got := strings.Join(e.grants(), ","); got != "password,refresh_token,refresh_token" {
				t.Errorf("grants = %s", got)
			}
			for _, tr := range e.sim.TokenLog() {
				if tr.Status != 0 && tr.Status != 200 {
					t.Errorf("token request failed: %+v", tr)
				}
				if want := version == "v8"; tr.DisableAntiforgeryToken != want {
					t.Errorf("disable_antiforgery_token = %v on %s", tr.DisableAntiforgeryToken, version)
				}
			}
		})
	}
}

func TestSimServerSideExpiryAnd401Replay(t *testing.T) {
	for _, version := range dialects {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			ctx := ctxT(t)
			if _, err := e.client.RestoreSession(ctx, vb365sim.SeedRestoreSessionID); err != nil {
				t.Fatal(err)
			}
			e.sim.ExpireTokens() // the client still believes its token valid
			if _, err := e.client.RestoreSession(ctx, vb365sim.SeedRestoreSessionID); err != nil {
				t.Fatal(err)
			}
			if n := e.sim.RequestCount("GET", "/"+version+"/RestoreSessions/{id}"); n != 3 {
				t.Errorf("GET session count = %d, want 3 (one 401 replayed)", n)
			}
			// A 401 on a POST action: the action is replayed once with a fresh token and runs once.
			e.sim.Unauthorized(1)
			if err := e.client.SendToDefaultAddress(ctx, seedScope(vb365sim.SeedMessageID)); err != nil {
				t.Fatal(err)
			}
			sends := 0
			for _, l := range e.sim.Ledger() {
				if l.Action == "send_to_default_address" {
					sends++
				}
			}
			if sends != 1 {
				t.Errorf("send executed %d times, want 1", sends)
			}
			if got := strings.Join(e.grants(), ","); got != "password,refresh_token,refresh_token" {
				t.Errorf("grants = %s", got)
			}
		})
	}
}

func TestSimConcurrentCallersShareOneToken(t *testing.T) {
	e := startSim(t, "v8")
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if _, err := e.client.Mailbox(ctxT(t), vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := e.sim.TokenRequests(); n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
}

func TestSimWrongPassword(t *testing.T) {
	e := startSim(t, "v8", vb365sim.WithCredentials(vb365sim.DefaultUsername, "another-password"))
	_, err := e.client.RestoreSession(ctxT(t), vb365sim.SeedRestoreSessionID)
	if !errors.Is(err, ErrAuthentication) || !strings.Contains(err.Error(), "The user name or password is incorrect.") ||
		strings.Contains(err.Error(), vb365sim.DefaultPassword) {
		t.Fatalf("err = %v", err)
	}
}

func TestSimVersionDetection(t *testing.T) {
	tests := []struct {
		served []int
		want   APIVersion
	}{
		{[]int{3, 4, 5, 6, 7, 8}, V8},
		{[]int{3, 4, 5}, V5},
		{[]int{3, 6, 7}, V7},
		{[]int{3}, V3},
	}
	for _, tt := range tests {
		e := startSim(t, "auto", vb365sim.WithVersions(tt.served...))
		v, err := e.client.Version(ctxT(t))
		if err != nil || v != tt.want {
			t.Errorf("served %v: Version = %v, %v; want %v", tt.served, v, err, tt.want)
			continue
		}
		// The detected version is used for every request, token included.
		if _, err := e.client.RestoreSession(ctxT(t), vb365sim.SeedRestoreSessionID); err != nil {
			t.Errorf("served %v: %v", tt.served, err)
		}
		if log := e.sim.TokenLog(); len(log) != 1 || log[0].Version != int(tt.want) {
			t.Errorf("served %v: token log %+v", tt.served, log)
		}
	}
}

func TestSimPagingAcrossPages(t *testing.T) {
	for _, version := range dialects {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			items := collect(t, e.client.Items(ctxT(t), vb365sim.SeedRestoreSessionID, vb365sim.SupportMailboxID, ItemQuery{ListOptions: ListOptions{PageSize: 10}}))
			if len(items) != 45 {
				t.Fatalf("items = %d, want 45", len(items))
			}
			ids := map[string]bool{}
			for _, it := range items {
				ids[it.ID] = true
			}
			if len(ids) != 45 {
				t.Errorf("distinct IDs = %d", len(ids))
			}
			if n := e.sim.RequestCount("GET", "/"+version+"/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items"); n != 5 {
				t.Errorf("page requests = %d, want 5", n)
			}
			limited := collect(t, e.client.Items(ctxT(t), vb365sim.SeedRestoreSessionID, vb365sim.SupportMailboxID, ItemQuery{ListOptions: ListOptions{PageSize: 10, MaxItems: 12}}))
			if len(limited) != 12 || limited[11].ID != items[11].ID {
				t.Errorf("MaxItems 12: got %d", len(limited))
			}
		})
	}
}

func TestSimBrowse(t *testing.T) {
	for _, version := range dialects {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			ctx := ctxT(t)
			orgs := collect(t, e.client.Organizations(ctx, ListOptions{}))
			if len(orgs) != 1 || orgs[0].ID != vb365sim.OrganizationID || orgs[0].Name != vb365sim.OrganizationName {
				t.Errorf("organizations %+v", orgs)
			}
			org, err := e.client.RestoreSessionOrganization(ctx, vb365sim.SeedRestoreSessionID)
			if err != nil || org.ID != vb365sim.OrganizationID {
				t.Errorf("session organization %+v %v", org, err)
			}
			sessions := collect(t, e.client.RestoreSessions(ctx, ListOptions{}))
			if len(sessions) == 0 || sessions[0].ID != vb365sim.SeedRestoreSessionID || sessions[0].State != "Working" || sessions[0].CreationTime == "" {
				t.Errorf("sessions %+v", sessions)
			}
			mailboxes := collect(t, e.client.Mailboxes(ctx, vb365sim.SeedRestoreSessionID, ListOptions{PageSize: 2}))
			var archive, public bool
			for _, m := range mailboxes {
				archive = archive || (m.ID == vb365sim.ArchiveMailboxID && m.IsArchive)
				public = public || (m.ID == vb365sim.PublicMailboxID && m.IsPublic)
			}
			if len(mailboxes) < 6 || !archive || (version == "v8" && !public) {
				t.Errorf("mailboxes %+v", mailboxes)
			}
			top := collect(t, e.client.Folders(ctx, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, FolderQuery{ParentID: "root"}))
			sub := collect(t, e.client.Folders(ctx, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, FolderQuery{ParentID: vb365sim.InboxFolderID}))
			named := collect(t, e.client.Folders(ctx, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, FolderQuery{Name: "Cal*"}))
			if len(top) == 0 || len(named) != 1 || named[0].ID != vb365sim.SeedCalendarFolderID || named[0].ParentID != "" {
				t.Errorf("top %d named %+v", len(top), named)
			}
			for _, f := range top {
				if f.ParentID != "" || f.MailboxID != vb365sim.SeedMailboxID {
					t.Errorf("top-level folder %+v", f)
				}
			}
			var found bool
			for _, f := range sub {
				found = found || f.ID == vb365sim.InboxSubFolderID
				if f.ParentID != vb365sim.InboxFolderID {
					t.Errorf("subfolder %+v: parent from link = %q", f, f.ParentID)
				}
			}
			if !found {
				t.Errorf("Inbox subfolders %+v lack %s", sub, vb365sim.InboxSubFolderID)
			}
			nested := collect(t, e.client.Folders(ctx, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, FolderQuery{ParentID: vb365sim.InboxSubFolderID}))
			if len(nested) != 1 || nested[0].ID != vb365sim.InboxSubSubFolderID || nested[0].ParentID != vb365sim.InboxSubFolderID {
				t.Errorf("nested %+v", nested)
			}
		})
	}
}

func TestSimItemsOfEveryType(t *testing.T) {
	for _, version := range dialects {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			ctx := ctxT(t)
			items := collect(t, e.client.Items(ctx, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, ItemQuery{}))
			byID := map[string]Item{}
			types := map[ItemType]bool{}
			for _, it := range items {
				byID[it.ID] = it
				types[it.Type] = true
				assertOneTypedPointer(t, it)
				if it.MailboxID != vb365sim.SeedMailboxID || it.FolderID == "" {
					t.Errorf("item %s: mailbox %q folder %q", it.ID, it.MailboxID, it.FolderID)
				}
			}
			for _, typ := range ItemTypes {
				if !types[typ] {
					t.Errorf("no item of type %s among %d items", typ, len(items))
				}
			}
			want := map[string]ItemType{
				vb365sim.SeedAppointmentID: ItemTypeAppointment, vb365sim.SeedTaskID: ItemTypeTask,
				vb365sim.SeedJournalID: ItemTypeJournal, vb365sim.SeedNoteID: ItemTypeNote, vb365sim.SeedMessageID: ItemTypeMessage,
				vb365sim.StickyNoteItemID: ItemTypeNote, vb365sim.ActivityItemID: ItemTypeJournal, vb365sim.ContactItemID: ItemTypeContact,
				vb365sim.ContactGroupItemID: ItemTypeContactGroup, vb365sim.DiscussionItemID: ItemTypeDiscussion,
				vb365sim.MeetingRequestItemID: ItemTypeMessage, vb365sim.UnknownClassItemID: ItemTypeUnknown,
			}
			for id, typ := range want {
				if got := byID[id].Type; got != typ {
					t.Errorf("item %s: type %q, want %q", id, got, typ)
				}
			}
			if u := byID[vb365sim.UnknownClassItemID].Unknown; u == nil || len(u.Attributes) == 0 {
				t.Errorf("unknown item attributes %+v", u)
			}

			// The folder filter: folderId on v3, parentId on v8.
			calendar := collect(t, e.client.Items(ctx, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, ItemQuery{FolderID: vb365sim.SeedCalendarFolderID}))
			if len(calendar) == 0 || len(calendar) >= len(items) {
				t.Errorf("calendar items %d of %d: the folder filter was not applied", len(calendar), len(items))
			}
			for _, it := range calendar {
				if it.FolderID != vb365sim.SeedCalendarFolderID {
					t.Errorf("calendar listing holds %s from folder %s", it.ID, it.FolderID)
				}
			}

			// IDs with '/' and '+' survive the round trip as path segments.
			for _, id := range []string{vb365sim.SlashItemID, vb365sim.PlusItemID} {
				it, err := e.client.Item(ctx, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, id)
				if err != nil || it.ID != id {
					t.Errorf("Item(%s) = %s, %v", id, it.ID, err)
				}
			}
		})
	}
}

// TestSimSeedAppointment checks the seed page's appointment field for field as served.
func TestSimSeedAppointment(t *testing.T) {
	for _, version := range dialects {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			it, err := e.client.Item(ctxT(t), vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, vb365sim.SeedAppointmentID)
			if err != nil {
				t.Fatal(err)
			}
			a := it.Appointment
			if it.Type != ItemTypeAppointment || a == nil {
				t.Fatalf("item %+v", it)
			}
			checks := map[string][2]string{
				"startTime": {deref(a.StartTime), "2022-10-09T21:00:00Z"},
				"endTime":   {deref(a.EndTime), "2022-10-10T21:00:00Z"},
				"organizer": {deref(a.Organizer), "j_smith@bestsupport.onmicrosoft.com"},
				"location":  {deref(a.Location), "Confroom07"},
				"attendees": {deref(a.Attendees), "qa@bestsupport.onmicrosoft.com"},
				"itemClass": {it.ItemClass, "IPM.Appointment"},
				"id":        {it.ID, vb365sim.SeedAppointmentID},
				"folder":    {it.FolderID, vb365sim.SeedCalendarFolderID},
				"mailbox":   {it.MailboxID, vb365sim.SeedMailboxID},
			}
			for field, gw := range checks {
				if gw[0] != gw[1] {
					t.Errorf("%s = %q, want %q", field, gw[0], gw[1])
				}
			}
			if a.Recurring == nil || *a.Recurring {
				t.Errorf("recurring = %v, want false", a.Recurring)
			}
			wantActions := []ActionKind{ActionExportToPST, ActionRestoreTo, ActionRestoreToOriginalLocation, ActionSaveToMSG, ActionSendToDefaultAddress, ActionSendToDifferentAddress}
			if !reflect.DeepEqual(it.AvailableActions, wantActions) {
				t.Errorf("actions = %v", it.AvailableActions)
			}
			self, err := ParseItemLink(it.Links.Self)
			if err != nil || self.ItemID != vb365sim.SeedAppointmentID || self.Version.String() != version {
				t.Errorf("self link %q: %+v %v", it.Links.Self, self, err)
			}
			if version == "v3" {
				// The v3 links are the seed page's, verbatim: the decoded item equals the seed's.
				seed, err := DecodeItem(readItemFile(t, "v3_seed_appointment.json"))
				if err != nil {
					t.Fatal(err)
				}
				if it.Links != seed.Links {
					t.Errorf("links %+v\nwant seed %+v", it.Links, seed.Links)
				}
			} else if !strings.HasPrefix(it.Links.Self, "/v8/") {
				t.Errorf("v8 self link %q is not relative", it.Links.Self)
			}
		})
	}
}

func TestSimExploreAndStop(t *testing.T) {
	for _, version := range dialects {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			ctx := ctxT(t)
			pit := time.Date(2019, 4, 12, 0, 0, 0, 0, time.UTC)
			s, err := e.client.Explore(ctx, vb365sim.OrganizationID, ExploreOptions{PointInTime: &pit, ShowDeleted: ptr(true), ShowAllVersions: ptr(false)})
			if err != nil || s.ID == "" || s.State != "Working" {
				t.Fatalf("explore: %+v %v", s, err)
			}
			if !slices.Contains(e.sim.OpenSessions(), s.ID) {
				t.Errorf("open sessions %v lack %s", e.sim.OpenSessions(), s.ID)
			}
			got, err := e.client.RestoreSession(ctx, s.ID)
			if err != nil || got.ID != s.ID {
				t.Errorf("read back %+v %v", got, err)
			}
			if err := e.client.StopRestoreSession(ctx, s.ID); err != nil {
				t.Fatal(err)
			}
			if st := e.sim.SessionState(s.ID); st != "Stopped" {
				t.Errorf("state after stop = %q", st)
			}
			ledger := e.sim.Ledger()
			if len(ledger) != 2 || ledger[0].Action != "explore" || ledger[1].Action != "stop" || ledger[1].RestoreSessionID != s.ID {
				t.Fatalf("ledger %+v", ledger)
			}
			wantRoute := map[string]string{"v3": "/v3/Organizations/{id}/Action", "v8": "/v8/Organizations/{id}/explore"}[version]
			if ledger[0].Route != wantRoute || ledger[0].OrganizationID != vb365sim.OrganizationID {
				t.Errorf("explore ledger %+v", ledger[0])
			}
			body := ledger[0].Body
			if version == "v3" {
				body, _ = body["explore"].(map[string]any)
			}
			if body["showDeleted"] != true || body["showAllVersions"] != false || body == nil {
				t.Errorf("explore body %v", ledger[0].Body)
			}
		})
	}
}

func TestSimEveryActionSingleAndBulk(t *testing.T) {
	type check func(t *testing.T, e *simEnv, scope ItemScope, l vb365sim.LedgerEntry)
	run := []struct {
		action string
		do     func(ctx context.Context, c *Client, scope ItemScope) (int64, error)
		check  check
	}{
		{"restore_to_original_location", func(ctx context.Context, c *Client, s ItemScope) (int64, error) {
			stats, err := c.RestoreToOriginalLocation(ctx, s, RestoreToOriginalLocationOptions{Credentials: RestoreCredentials{UserName: "op@x", UserPassword: "op-secret"}}, nil)
			return stats.Created + stats.Merged + stats.Skipped, err
		}, func(t *testing.T, e *simEnv, s ItemScope, l vb365sim.LedgerEntry) {
			if inner := actionBody(l); inner["userName"] != "op@x" || inner["userPassword"] != "***" {
				t.Errorf("body %v", l.Body)
			}
		}},
		{"restore_to", func(ctx context.Context, c *Client, s ItemScope) (int64, error) {
			stats, err := c.RestoreTo(ctx, s, RestoreToOptions{Mailbox: "qa_dallas@bestsupport.onmicrosoft.com", Folder: "Restored", ChangedItems: ptr(true), MarkRestoredAsUnread: ptr(false)}, nil)
			return stats.Created + stats.Merged + stats.Skipped, err
		}, func(t *testing.T, e *simEnv, s ItemScope, l vb365sim.LedgerEntry) {
			if inner := actionBody(l); inner["mailbox"] != "qa_dallas@bestsupport.onmicrosoft.com" || inner["folder"] != "Restored" ||
				inner["changedItems"] != true || inner["markRestoredAsUnread"] != false {
				t.Errorf("body %v", l.Body)
			}
		}},
		{"export_to_pst", nil, nil}, // below: streamed and compared
		{"save_to_msg", nil, nil},
		{"send_to_default_address", func(ctx context.Context, c *Client, s ItemScope) (int64, error) {
			return 0, c.SendToDefaultAddress(ctx, s)
		}, nil},
		{"send_to_different_address", func(ctx context.Context, c *Client, s ItemScope) (int64, error) {
			return 0, c.SendToDifferentAddress(ctx, s, SendToDifferentAddressOptions{To: "legal@bestsupport.onmicrosoft.com", Subject: "Evidence", Text: "See attached"})
		}, func(t *testing.T, e *simEnv, s ItemScope, l vb365sim.LedgerEntry) {
			if inner := actionBody(l); inner["to"] != "legal@bestsupport.onmicrosoft.com" || inner["subject"] != "Evidence" || inner["text"] != "See attached" || inner["from"] != nil {
				t.Errorf("body %v", l.Body)
			}
		}},
	}
	for _, version := range dialects {
		for _, ids := range [][]string{{vb365sim.SeedMessageID}, {vb365sim.SeedMessageID, vb365sim.SeedAppointmentID, vb365sim.SlashItemID}} {
			mode := "single"
			if len(ids) > 1 {
				mode = "bulk"
			}
			for _, a := range run {
				t.Run(version+"/"+mode+"/"+a.action, func(t *testing.T) {
					e := startSim(t, version, vb365sim.WithAsyncRestorePolls(2))
					ctx := ctxT(t)
					scope := seedScope(ids...)
					var written int64
					var sum string
					var err error
					switch a.action {
					case "export_to_pst", "save_to_msg":
						h := sha256.New()
						if a.action == "export_to_pst" {
							written, err = e.client.ExportToPST(ctx, scope, ExportToPSTOptions{EnablePSTSizeLimit: ptr(false)}, h)
						} else {
							written, err = e.client.SaveToMSG(ctx, scope, h)
						}
						sum = hex.EncodeToString(h.Sum(nil))
					default:
						written, err = a.do(ctx, e.client, scope)
					}
					if err != nil {
						t.Fatal(err)
					}
					e.settle()
					ledger := e.sim.Ledger()
					if len(ledger) != 1 {
						t.Fatalf("ledger %+v, want exactly one action", ledger)
					}
					l := ledger[0]
					if l.Action != a.action || !reflect.DeepEqual(l.ItemIDs, ids) || l.Bulk != (mode == "bulk") ||
						l.RestoreSessionID != vb365sim.SeedRestoreSessionID || l.MailboxID != vb365sim.SeedMailboxID || l.Method != "POST" {
						t.Errorf("ledger entry %+v", l)
					}
					if want := expectedActionRoute(version, mode, a.action); l.Route != want {
						t.Errorf("route %s, want %s", l.Route, want)
					}
					switch a.action {
					case "export_to_pst", "save_to_msg":
						kind := map[string]string{"export_to_pst": "pst", "save_to_msg": "msg"}[a.action]
						want := e.sim.ExportBytes(scope.RestoreSessionID, scope.MailboxID, ids, kind)
						wantSum := sha256.Sum256(want)
						if written != int64(len(want)) || sum != hex.EncodeToString(wantSum[:]) || sum != l.OutputSHA256 || written != l.OutputSize {
							t.Errorf("wrote %d bytes sha %s; want %d bytes sha %x (ledger %d %s)", written, sum, len(want), wantSum, l.OutputSize, l.OutputSHA256)
						}
					case "restore_to_original_location", "restore_to":
						if l.Restore == nil || written != int64(l.Restore.Created+l.Restore.Merged+l.Restore.Skipped) || written != int64(len(ids)) {
							t.Errorf("statistics total %d, ledger %+v", written, l.Restore)
						}
						if version == "v8" && (l.AsyncSessionID == "" || e.sim.SessionState(l.AsyncSessionID) != "Stopped") {
							t.Errorf("async session %q state %q", l.AsyncSessionID, e.sim.SessionState(l.AsyncSessionID))
						}
					}
					if a.check != nil {
						a.check(t, e, scope, l)
					}
				})
			}
		}
	}
}

// actionBody returns the action's options from a ledger body: the envelope's single value on
// v3..v5, the body itself on v6+.
func actionBody(l vb365sim.LedgerEntry) map[string]any {
	if l.Version <= 5 {
		for _, v := range l.Body {
			inner, _ := v.(map[string]any)
			return inner
		}
	}
	return l.Body
}

func expectedActionRoute(version, mode, action string) string {
	base := "/" + version + "/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items"
	if version == "v3" {
		if mode == "single" {
			return base + "/{id}/Action"
		}
		return base + "/Action"
	}
	seg := map[string]string{
		"restore_to_original_location": "restore", "restore_to": "restoreTo", "export_to_pst": "exportToPst",
		"save_to_msg": "save", "send_to_default_address": "sendToDefaultAddress", "send_to_different_address": "sendToDifferentAddress",
	}[action]
	if mode == "single" {
		return base + "/{id}/" + seg
	}
	if seg == "save" {
		seg = "Save"
	}
	return base + "/" + seg
}

func TestSimV8AsyncRestoreProgress(t *testing.T) {
	e := startSim(t, "v8", vb365sim.WithAsyncRestorePolls(3))
	var progress []RestoreProgress
	stats, err := e.client.RestoreTo(ctxT(t), seedScope(vb365sim.SeedMessageID, vb365sim.SeedTaskID),
		RestoreToOptions{Mailbox: "qa_dallas@bestsupport.onmicrosoft.com"}, func(p RestoreProgress) { progress = append(progress, p) })
	if err != nil {
		t.Fatal(err)
	}
	l := e.sim.Ledger()[0]
	if stats.SessionID != l.AsyncSessionID || stats.Created != int64(l.Restore.Created) || stats.Merged != int64(l.Restore.Merged) ||
		stats.Skipped != int64(l.Restore.Skipped) || stats.Failed != 0 {
		t.Errorf("stats %+v, ledger %+v", stats, l.Restore)
	}
	if len(progress) < 2 || progress[len(progress)-1].State != "Stopped" || progress[0].SessionID != l.AsyncSessionID {
		t.Errorf("progress %+v", progress)
	}
	waits := e.clock.Waits()
	if len(waits) == 0 || slices.ContainsFunc(waits, func(d time.Duration) bool { return d != DefaultPollInterval }) {
		t.Errorf("poll waits %v, want PollInterval each", waits)
	}
}

func TestSimFailingRestore(t *testing.T) {
	for _, version := range dialects {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			stats, err := e.client.RestoreToOriginalLocation(ctxT(t), seedScope(vb365sim.FailingItemID), RestoreToOriginalLocationOptions{}, nil)
			if stats.Failed != 1 {
				t.Errorf("stats %+v err %v", stats, err)
			}
			if version == "v8" && (!errors.Is(err, ErrRestoreFailed) || !strings.Contains(err.Error(), "damaged")) {
				t.Errorf("v8 all-failed restore: err = %v", err)
			}
			if version == "v3" && err != nil {
				t.Errorf("v3 restore with failed items reports counts, not an error: %v", err)
			}
		})
	}
}

func TestSimPSTStreamingMultiMiB(t *testing.T) {
	const size = 8 << 20
	e := startSim(t, "v8", vb365sim.WithPSTSize(size))
	scope := seedScope(vb365sim.SeedMessageID, vb365sim.SeedTaskID)
	h := sha256.New()
	n, err := e.client.ExportToPST(ctxT(t), scope, ExportToPSTOptions{}, h)
	if err != nil || n != size {
		t.Fatalf("n=%d err=%v", n, err)
	}
	want := sha256.Sum256(e.sim.ExportBytes(scope.RestoreSessionID, scope.MailboxID, scope.ItemIDs, "pst"))
	if got := h.Sum(nil); !reflect.DeepEqual(got, want[:]) {
		t.Errorf("sha256 %x, want %x", got, want)
	}
}

func TestSimRetryAfterOnGET(t *testing.T) {
	for _, version := range dialects {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			e.sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/mailboxes", Status: 429, RetryAfter: "3", Times: 2})
			e.sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/mailboxes", Status: 503, Times: 1})
			got := collect(t, e.client.Mailboxes(ctxT(t), vb365sim.SeedRestoreSessionID, ListOptions{}))
			if len(got) < 6 {
				t.Fatalf("mailboxes %d", len(got))
			}
			waits := e.clock.Waits()
			if len(waits) != 3 || waits[0] != 3*time.Second || waits[1] != 3*time.Second || waits[2] < time.Second || waits[2] > 4*time.Second {
				t.Errorf("waits = %v, want 3s, 3s, then a backoff in [1s, 4s]", waits)
			}
			if n := e.sim.RequestCount("GET", "/"+version+"/RestoreSessions/{id}/Organization/Mailboxes"); n != 4 {
				t.Errorf("requests = %d, want 4", n)
			}
		})
	}
}

func TestSimConnectionResetOnGETIsRetried(t *testing.T) {
	e := startSim(t, "v8")
	e.sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/items/", ResetBeforeHandler: true, Times: 3})
	it, err := e.client.Item(ctxT(t), vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, vb365sim.SeedTaskID)
	if err != nil || it.Type != ItemTypeTask {
		t.Fatalf("item %+v err %v", it, err)
	}
}

func TestSimPOSTIsNeverRetried(t *testing.T) {
	for _, version := range dialects {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			path := map[string]string{"v3": "/action", "v8": "/restoreto"}[version]
			e.sim.Fault(vb365sim.Fault{Method: "POST", PathContains: path, ResetAfterHandler: true, Times: 5})
			_, err := e.client.RestoreTo(ctxT(t), seedScope(vb365sim.SeedMessageID), RestoreToOptions{Mailbox: "qa_dallas@bestsupport.onmicrosoft.com"}, nil)
			if err == nil {
				t.Fatal("a connection reset after the POST must surface as an error")
			}
			var restores []vb365sim.LedgerEntry
			for _, l := range e.sim.Ledger() {
				if l.Action == "restore_to" {
					restores = append(restores, l)
				}
			}
			if len(restores) != 1 {
				t.Errorf("restore executed %d times, want exactly 1", len(restores))
			}
			route := expectedActionRoute(version, "single", "restore_to")
			if n := e.sim.RequestCount("POST", route); n != 1 {
				t.Errorf("POST %s received %d times, want 1", route, n)
			}
			if len(e.clock.Waits()) != 0 {
				t.Errorf("waited %v: a POST was scheduled for retry", e.clock.Waits())
			}
		})
	}
}

func TestSimTypedErrors(t *testing.T) {
	for _, tt := range []struct{ version, code string }{{"v3", ""}, {"v8", "ResourceNotFound"}} {
		t.Run(tt.version, func(t *testing.T) {
			e := startSim(t, tt.version)
			_, err := e.client.Item(ctxT(t), vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, "no-such-item")
			var apiErr *APIError
			if !errors.As(err, &apiErr) || !IsNotFound(err) {
				t.Fatalf("err = %v", err)
			}
			wantRoute := map[string]string{
				"v3": "/v3/RestoreSessions/{restoreSessionId}/Organization/Mailboxes/{mailboxId}/Items/{itemId}",
				"v8": "/v8/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}/items/{itemId}",
			}[tt.version]
			if apiErr.Route != wantRoute || apiErr.Method != "GET" || apiErr.Message == "" || apiErr.ErrorCode != tt.code {
				t.Errorf("APIError %+v", apiErr)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "GET "+wantRoute+": 404 Not Found: ") || strings.Contains(msg, vb365sim.DefaultPassword) ||
				strings.Contains(msg, "Bearer") || strings.Contains(msg, "no-such-item") && !strings.Contains(apiErr.Message, "no-such-item") {
				t.Errorf("Error() = %q", msg)
			}
			for _, tok := range e.client.auth.secrets() {
				if tok != "" && strings.Contains(msg, tok) {
					t.Errorf("error contains a token: %q", msg)
				}
			}
		})
	}
}

func TestSimMalformedAndTruncatedBodies(t *testing.T) {
	e := startSim(t, "v8")
	ctx := ctxT(t)
	e.sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/mailboxes", MalformedBody: true})
	var err error
	for _, e := range e.client.Mailboxes(ctx, vb365sim.SeedRestoreSessionID, ListOptions{}) {
		err = e
	}
	if err == nil || !strings.Contains(err.Error(), "GET /v8/RestoreSessions/{restoreSessionId}/organization/mailboxes: malformed JSON response") {
		t.Errorf("malformed page: %v", err)
	}
	e.sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/items/", MalformedBody: true})
	if _, err := e.client.Item(ctx, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, vb365sim.SeedTaskID); err == nil ||
		!strings.Contains(err.Error(), "/items/{itemId}: malformed JSON response") {
		t.Errorf("malformed item: %v", err)
	}
	e.sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/exporttopst", TruncatedBody: true})
	n, err := e.client.ExportToPST(ctx, seedScope(vb365sim.SeedMessageID), ExportToPSTOptions{}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("truncated PST: n=%d err=%v", n, err)
	}
}

// TestSimRequestsStayOnTheConfiguredEndpoint checks that links in responses (absolute v3 links
// name support.east.local:4443) are never followed: every request reached the simulator.
func TestSimRequestsStayOnTheConfiguredEndpoint(t *testing.T) {
	// The links name a live server that fails the test on any request it receives.
	attacker := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request sent to the host named in links: %s %s (Authorization %q)", r.Method, r.URL, r.Header.Get("Authorization"))
	}))
	defer attacker.Close()
	attackerHost := strings.TrimPrefix(attacker.URL, "https://")
	e := startSim(t, "v3", vb365sim.WithPublicHost(attackerHost))
	ctx := ctxT(t)
	items := collect(t, e.client.Items(ctx, vb365sim.SeedRestoreSessionID, vb365sim.SupportMailboxID, ItemQuery{ListOptions: ListOptions{PageSize: 20}}))
	if len(items) != 45 || !strings.HasPrefix(items[0].Links.Self, "https://"+attackerHost+"/") {
		t.Fatalf("items %d, self %q", len(items), items[0].Links.Self)
	}
	// Reads and actions on what the links name still go to the configured endpoint.
	ids, err := ParseItemLink(items[0].Links.Self)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.Item(ctx, ids.RestoreSessionID, ids.MailboxID, ids.ItemID); err != nil {
		t.Fatal(err)
	}
	if err := e.client.SendToDefaultAddress(ctx, ItemScope{RestoreSessionID: ids.RestoreSessionID, MailboxID: ids.MailboxID, ItemIDs: []string{ids.ItemID}}); err != nil {
		t.Fatal(err)
	}
	counts := e.sim.RequestCounts()
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if counts["GET /v3/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items"] != 3 {
		t.Errorf("request counts %v", keys)
	}
}

func BenchmarkListLargeMailbox(b *testing.B) {
	const n = 10000
	e := startSim(b, "v8", vb365sim.WithLargeMailbox("Large Box", n))
	mailbox := vb365sim.LargeMailboxID("Large Box")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		count := 0
		for _, err := range e.client.Items(ctx, vb365sim.SeedRestoreSessionID, mailbox, ItemQuery{ListOptions: ListOptions{PageSize: 1000}}) {
			if err != nil {
				b.Fatal(err)
			}
			count++
		}
		if count != n {
			b.Fatalf("listed %d items, want %d", count, n)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "items/s")
}

func BenchmarkExportPST8MiB(b *testing.B) {
	const size = 8 << 20
	e := startSim(b, "v8", vb365sim.WithPSTSize(size))
	scope := seedScope(vb365sim.SeedMessageID)
	ctx := context.Background()
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if n, err := e.client.ExportToPST(ctx, scope, ExportToPSTOptions{}, io.Discard); err != nil || n != size {
			b.Fatalf("n=%d err=%v", n, err)
		}
	}
}

// TestParseItemLinkWithSlashInIDs: an ID containing '/' is parsed whole, from v3 absolute links
// that carry it unescaped and from v8 links that escape it; never cut at the slash.
func TestParseItemLinkWithSlashInIDs(t *testing.T) {
	sid, mid := vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID
	v3 := "https://support.east.local:4443/v3/restoresessions/" + sid + "/organization/mailboxes/" + mid
	v8 := "/v8/RestoreSessions/" + sid + "/organization/mailboxes/" + mid
	item := ItemLinkIDs{RestoreSessionID: sid, MailboxID: mid, ItemID: vb365sim.SlashItemID}
	folder := ItemLinkIDs{RestoreSessionID: sid, MailboxID: mid, FolderID: vb365sim.SlashFolderID}
	with := func(ids ItemLinkIDs, v APIVersion) ItemLinkIDs { ids.Version = v; return ids }
	for href, want := range map[string]ItemLinkIDs{
		v3 + "/items/" + vb365sim.SlashItemID:                                  with(item, V3),
		v3 + "/items/" + vb365sim.SlashItemID + "/action":                      with(item, V3),
		v3 + "/folders/" + vb365sim.SlashFolderID:                              with(folder, V3),
		v8 + "/items/" + url.PathEscape(vb365sim.SlashItemID):                  with(item, V8),
		v8 + "/items/" + url.PathEscape(vb365sim.SlashItemID) + "/exportToPst": with(item, V8),
		v8 + "/items/" + vb365sim.SlashItemID + "/exportToPst":                 with(item, V8),
		v8 + "/folders/" + url.PathEscape(vb365sim.SlashFolderID):              with(folder, V8),
		v8 + "/items/action": {Version: V8, RestoreSessionID: sid, MailboxID: mid},
		v8 + "/items/a//b/":  {Version: V8, RestoreSessionID: sid, MailboxID: mid, ItemID: "a//b/"},
	} {
		got, err := ParseItemLink(href)
		if err != nil || got != want {
			t.Errorf("ParseItemLink(%q) = %+v, %v\nwant %+v", href, got, err, want)
		}
	}
	if ids, err := ParseItemLink(v8 + "/items/a/%zz"); err == nil || !strings.Contains(err.Error(), "not a VB365 restore session link") {
		t.Errorf("bad escaping: %+v, %v", ids, err)
	}

	// Against the simulator: the links of the item with a '/' in its ID name it whole.
	for _, version := range dialects {
		e := startSim(t, version)
		it, err := e.client.Item(ctxT(t), sid, mid, vb365sim.SlashItemID)
		if err != nil {
			t.Fatal(err)
		}
		self, err := ParseItemLink(it.Links.Self)
		if err != nil || self.ItemID != vb365sim.SlashItemID {
			t.Errorf("%s: self link %q parsed as %+v, %v", version, it.Links.Self, self, err)
		}
	}
}
