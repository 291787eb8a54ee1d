package vb365

import (
	"context"
	"errors"
	"net/http/httptest"
	"net/url"
	"reflect"
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
