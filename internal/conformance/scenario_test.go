package conformance

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// clock is the shared clock of the simulator and the clients: polls and backoffs never sleep.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	c.now = c.now.Add(d)
	now := c.now
	c.mu.Unlock()
	ch := make(chan time.Time, 1)
	ch <- now
	return ch
}

func (c *clock) Advance(d time.Duration) { c.After(d) }

// env is one simulator behind the validator, and clients of version v.
type env struct {
	t     *testing.T
	v     int
	url   string
	clock *clock
	sim   *vb365sim.Server
}

func (e *env) client(cfg vb365.Config) *vb365.Client {
	e.t.Helper()
	cfg.Endpoint, cfg.APIVersion, cfg.Clock = e.url, "v"+itoa(e.v), e.clock
	cfg.PollInterval = time.Millisecond
	cfg.Retry = vb365.RetryPolicy{Attempts: 1, MinDelay: time.Millisecond, MaxDelay: time.Millisecond}
	c, err := vb365.New(cfg)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (e *env) admin() *vb365.Client {
	return e.client(vb365.Config{Username: vb365sim.DefaultUsername, Password: vb365sim.DefaultPassword})
}

func (e *env) check(what string, err error) {
	e.t.Helper()
	if err != nil {
		e.t.Errorf("%s: %v", what, err)
	}
}

func ptr[T any](v T) *T { return &v }

// exerciseClient calls every function of the client that talks to the server, with every
// option it has, as an administrator, the organization's own administrator and a restore
// operator.
func exerciseClient(e *env) {
	ctx := context.Background()
	v := e.v
	c := e.admin()
	list := vb365.ListOptions{PageSize: 2, MaxItems: 5}
	org := vb365sim.OrganizationID
	sid := vb365sim.SeedRestoreSessionID
	mb := vb365sim.SeedMailboxID

	_, err := c.Version(ctx)
	e.check("version", err)
	for _, err := range c.Organizations(ctx, list) {
		e.check("organizations", err)
	}
	for _, err := range c.RestoreSessions(ctx, list) {
		e.check("restore sessions", err)
	}
	from := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, err := range c.ListRestoreSessions(ctx, vb365.RestoreSessionFilter{ListOptions: list, StartTimeFrom: &from, State: "Working", OrderBy: "CreationTime", OrderAsc: ptr(true)}) {
		e.check("list restore sessions", err)
	}
	_, err = c.RestoreSession(ctx, sid)
	e.check("restore session", err)
	_, err = c.RestoreSessionOrganization(ctx, sid)
	e.check("session organization", err)
	for _, err := range c.RestoreSessionEvents(ctx, sid, list) {
		e.check("events", err)
	}
	for _, err := range c.Mailboxes(ctx, sid, list) {
		e.check("mailboxes", err)
	}
	_, err = c.Mailbox(ctx, sid, mb)
	e.check("mailbox", err)
	for _, q := range []vb365.FolderQuery{{ListOptions: list}, {ListOptions: list, ParentID: vb365sim.InboxFolderID, Name: "Pro*"}, {ListOptions: list, ParentID: "root"}} {
		for _, err := range c.Folders(ctx, sid, mb, q) {
			e.check("folders", err)
		}
	}
	for _, q := range []vb365.ItemQuery{{ListOptions: vb365.ListOptions{PageSize: 100}}, {ListOptions: list, FolderID: vb365sim.InboxFolderID}} {
		for _, err := range c.Items(ctx, sid, mb, q) {
			e.check("items", err)
		}
		for _, err := range c.ItemSummaries(ctx, sid, mb, q) {
			e.check("item summaries", err)
		}
	}
	_, err = c.Item(ctx, sid, mb, vb365sim.SeedMessageID)
	e.check("item", err)
	for _, folder := range []string{"", vb365sim.InboxFolderID} {
		for _, err := range c.SearchItems(ctx, sid, mb, folder, "release", list) {
			e.check("search", err)
		}
	}
	for _, q := range []vb365.OrganizationItemSearch{{ListOptions: list, Query: "release"}, {ListOptions: list, Query: "support", MailboxIDs: []string{mb, vb365sim.SupportMailboxID}}} {
		for _, err := range c.SearchOrganizationItems(ctx, sid, q) {
			e.check("organization search", err)
		}
	}

	// Explores and their options; a stop.
	pit := time.Date(2019, 4, 12, 0, 0, 0, 0, time.UTC)
	s, err := c.Explore(ctx, org, vb365.ExploreOptions{PointInTime: &pit, ShowDeleted: ptr(true), ShowAllVersions: ptr(true), Reason: "conformance"})
	e.check("explore", err)
	if v >= 7 {
		_, err = c.Explore(ctx, org, vb365.ExploreOptions{RepositoryID: vb365sim.CopyRepositoryID, PointInTime: &pit})
		e.check("explore a backup copy", err)
	}

	// Actions on items, a folder, a mailbox and the organization.
	restoreTo := vb365.RestoreToOptions{Mailbox: "qa_dallas@" + vb365sim.OrganizationName, Folder: "Restored", ChangedItems: ptr(true),
		DeletedItems: ptr(true), MarkRestoredAsUnread: ptr(true), ExcludeDrafts: ptr(true), ExcludeDeletedItems: ptr(true),
		ExcludeInPlaceHoldItems: ptr(true), ExcludeLitigationHoldItems: ptr(true)}
	creds := vb365.RestoreCredentials{UserName: "admin@" + vb365sim.OrganizationName, UserPassword: "p"}
	for _, ids := range [][]string{{vb365sim.SeedMessageID}, {vb365sim.SeedMessageID, vb365sim.FailingItemID}} {
		scope := vb365.ItemScope{RestoreSessionID: s.ID, MailboxID: mb, ItemIDs: ids}
		_, err = c.RestoreToOriginalLocation(ctx, scope, vb365.RestoreToOriginalLocationOptions{Credentials: creds}, nil)
		e.check("restore", err)
		_, err = c.RestoreTo(ctx, scope, restoreTo, nil)
		e.check("restore to", err)
		_, err = c.ExportToPST(ctx, scope, vb365.ExportToPSTOptions{EnablePSTSizeLimit: ptr(true), PSTSizeLimitBytes: ptr[int64](1 << 30)}, io.Discard)
		e.check("export to PST", err)
		_, err = c.SaveToMSG(ctx, scope, io.Discard)
		e.check("save to MSG", err)
		e.check("send to default", c.SendToDefaultAddress(ctx, scope))
		e.check("send to different", c.SendToDifferentAddress(ctx, scope, vb365.SendToDifferentAddressOptions{From: "a@x.com", To: "b@x.com", Subject: "s", Text: "t"}))
	}
	// Every restore credential and target option the client has (one credential form per call).
	dc, err := c.RestoreDeviceCode(ctx, s.ID, vb365.DeviceCodeOptions{})
	e.check("device code", err)
	for _, cr := range []vb365.RestoreCredentials{
		{UserName: "admin@" + vb365sim.OrganizationName, UserPassword: "p", ImpersonationAccountName: "imp@" + vb365sim.OrganizationName},
		{UserCode: dc.UserCode},
		{ApplicationID: "00000000-0000-4000-8000-000000000001", ApplicationCertificate: "Y2VydA==", ApplicationCertificatePassword: "cp", ImpersonationAccountName: "imp"},
	} {
		scope := vb365.ItemScope{RestoreSessionID: s.ID, MailboxID: mb, ItemIDs: []string{vb365sim.SeedMessageID}}
		_, err = c.RestoreToOriginalLocation(ctx, scope, vb365.RestoreToOriginalLocationOptions{Credentials: cr}, nil)
		e.check("restore with credentials", err)
		full := restoreTo
		full.Credentials, full.CASServer, full.OfficeRegion, full.OfficeOrganizationName = cr, "outlook.office365.com", "Worldwide", vb365sim.OrganizationName
		_, err = c.RestoreTo(ctx, scope, full, nil)
		e.check("restore to with credentials", err)
	}
	for _, scope := range []vb365.ItemScope{
		{RestoreSessionID: s.ID, MailboxID: mb, FolderID: vb365sim.InboxSubFolderID},
		{RestoreSessionID: s.ID, MailboxID: vb365sim.QAMailboxID, WholeMailbox: true},
	} {
		_, err = c.RestoreToOriginalLocation(ctx, scope, vb365.RestoreToOriginalLocationOptions{}, nil)
		e.check("scope restore", err)
		_, err = c.RestoreTo(ctx, scope, restoreTo, nil)
		e.check("scope restore to", err)
		_, err = c.ExportToPST(ctx, scope, vb365.ExportToPSTOptions{ContentKeyword: "release"}, io.Discard)
		e.check("scope export", err)
		_, err = c.ExportToPST(ctx, scope, vb365.ExportToPSTOptions{EnablePSTSizeLimit: ptr(true), PSTSizeLimitBytes: ptr[int64](1 << 30)}, io.Discard)
		e.check("scope export with a size limit", err)
	}
	_, err = c.ExportToPST(ctx, vb365.ItemScope{RestoreSessionID: s.ID, WholeOrganization: true}, vb365.ExportToPSTOptions{ContentKeyword: "release"}, io.Discard)
	e.check("organization export", err)
	_, err = c.RestoreDeviceCode(ctx, s.ID, vb365.DeviceCodeOptions{TargetApplicationID: "c0ffee00-0000-4000-8000-0000000000aa", TargetRegion: "Worldwide", TargetOrganizationName: vb365sim.OrganizationName})
	e.check("device code", err)
	e.check("stop", c.StopRestoreSession(ctx, s.ID))

	// Restore points with every filter the version has.
	points := vb365.RestorePointFilter{ListOptions: list, OrganizationID: org, From: &from, To: ptr(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)),
		RepositoryID: vb365sim.PrimaryRepositoryID, IsLongTermCopy: ptr(false), IsRetrieved: ptr(false)}
	if v >= 7 {
		points.IsCopy = ptr(false)
	}
	if v >= 8 {
		points.UserID = vb365sim.UserJohnSmithID
	}
	for _, err := range c.RestorePoints(ctx, points) {
		e.check("restore points", err)
	}

	// The archive tier: a data retrieval, its sessions, and an explore of what it retrieved.
	dr, err := c.StartDataRetrieval(ctx, vb365.DataRetrievalRequest{Name: "n", Description: "d", OrganizationID: org,
		RepositoryID: vb365sim.ArchiveRepositoryID, ShowDeleted: ptr(true), ShowAllVersions: ptr(true), AvailabilityDays: 3,
		MailboxIDs: []string{mb}, GlacierPolicy: "Bulk"})
	e.check("start data retrieval", err)
	if err == nil {
		e.clock.Advance(time.Hour)
		_, err = c.GetDataRetrieval(ctx, dr.ID)
		e.check("data retrieval", err)
		e.check("extend data retrieval", c.SetDataRetrievalAvailability(ctx, dr.ID, 5))
		for _, err := range c.DataRetrievalSessions(ctx, dr.ID, list) {
			e.check("data retrieval sessions", err)
		}
		for _, err := range c.DataRetrievals(ctx, vb365.DataRetrievalFilter{OrganizationID: org, RepositoryID: vb365sim.ArchiveRepositoryID}, list) {
			e.check("data retrievals", err)
		}
		rs, err := c.Explore(ctx, org, vb365.ExploreOptions{DataRetrievalID: dr.ID})
		e.check("explore a data retrieval", err)
		e.check("stop", c.StopRestoreSession(ctx, rs.ID))
	}
	_, err = c.GetEmailSettings(ctx)
	e.check("e-mail settings", err)
	for _, err := range c.BackupMailboxes(ctx, vb365sim.ArchiveRepositoryID, vb365.BackupMailboxFilter{ListOptions: list, OrganizationID: org, Filter: "smith"}) {
		e.check("backed-up mailboxes", err)
	}

	// The organization's users and groups, with their filters.
	for _, f := range []vb365.OrganizationUserFilter{{ListOptions: list}, {ListOptions: list, UserName: "north", DisplayName: "Support"}} {
		for _, err := range c.OrganizationUsers(ctx, org, f) {
			e.check("organization users", err)
		}
	}
	for _, f := range []vb365.OrganizationGroupFilter{{ListOptions: list}, {ListOptions: list, GroupName: "support", DisplayName: "Sup"}} {
		for _, err := range c.OrganizationGroups(ctx, org, f) {
			e.check("organization groups", err)
		}
	}
	_, err = c.OrganizationSite(ctx, org, vb365sim.SiteLegalID)
	e.check("organization site", err)

	// Governance: audit items and e-mail, restore operator roles, the Restore Portal.
	e.check("add audit items", c.AddAuditItems(ctx, org, []vb365.AuditItemRef{{Type: vb365.AuditItemUser, ID: vb365sim.UserRnDID}, {Type: vb365.AuditItemGroup, ID: vb365sim.GroupEngineeringID}}))
	_, err = c.AuditItems(ctx, org)
	e.check("audit items", err)
	e.check("remove audit items", c.RemoveAuditItems(ctx, org, []string{vb365sim.UserRnDID}))
	e.check("set audit e-mail", c.SetAuditEmailSettings(ctx, vb365.AuditEmailSettingsUpdate{AuditEmailSettings: vb365.AuditEmailSettings{
		Enabled: true, SMTPServer: "smtp.example.com", Port: 587, UseAuthentication: true, Username: "notify", UseSSL: true,
		From: "vb365@example.com", To: "audit@example.com;legal@example.com", Subject: "%Action%",
	}, Password: "smtp-secret"}))
	_, err = c.AuditEmailSettings(ctx)
	e.check("audit e-mail", err)
	e.check("send test e-mail", c.SendAuditTestEmail(ctx))
	spec := vb365.RestoreOperatorRoleSpec{
		Name: "Support desk", Description: "Support restores", RoleType: vb365.RoleSpecificObjects,
		Operators:     []vb365.RoleMember{{Type: vb365.MemberUser, ID: vb365sim.UserOperatorID}, {Type: vb365.MemberGroup, ID: vb365sim.GroupEngineeringID}},
		SelectedItems: []vb365.RoleMember{{Type: vb365.MemberGroup, ID: vb365sim.GroupSupportID}, {Type: vb365.MemberSite, ID: vb365sim.SiteIntranetID}},
		ExcludedItems: []vb365.RoleMember{{Type: vb365.MemberUser, ID: vb365sim.UserJohnSmithID}},
	}
	role, err := c.CreateRestoreOperatorRole(ctx, org, spec)
	e.check("create role", err)
	_, err = c.RestoreOperatorRole(ctx, role.ID)
	e.check("role", err)
	for _, l := range []vb365.RoleMemberList{vb365.RoleOperators, vb365.RoleSelectedItems, vb365.RoleExcludedItems} {
		_, err = c.RestoreOperatorRoleMembers(ctx, role.ID, l)
		e.check("role members", err)
	}
	e.check("update role", c.UpdateRestoreOperatorRole(ctx, role.ID, org, spec))
	_, err = c.RestorePortalSettings(ctx)
	e.check("portal", err)

	// A restore operator explores (with a scope) and restores while the role lists it.
	op := e.client(vb365.Config{Operator: &vb365.OperatorCredentials{ClientID: vb365sim.OperatorClientID(vb365sim.UserOperatorID), Assertion: vb365sim.OperatorAssertion}})
	group, err := c.OrganizationGroup(ctx, org, vb365sim.GroupSupportID)
	e.check("organization group", err)
	user, err := c.OrganizationUser(ctx, org, vb365sim.UserSupportNorthID)
	e.check("organization user", err)
	for _, scope := range []*vb365.OperatorScope{nil, ptr(group.OperatorScope()), ptr(user.OperatorScope())} {
		os, err := op.OperatorExplore(ctx, vb365.OperatorExploreOptions{Reason: "ticket 1", Scope: scope, ShowDeleted: ptr(true), ShowAllVersions: ptr(true), PointInTime: &pit})
		e.check("operator explore", err)
		if scope != nil {
			continue
		}
		_, err = op.OperatorRestore(ctx, vb365.ItemScope{RestoreSessionID: os.ID, MailboxID: vb365sim.SupportMailboxID,
			ItemIDs: []string{vb365sim.MailboxMessageID(vb365sim.SupportMailboxID, 0)}},
			vb365.OperatorRestoreOptions{Reason: "ticket 1", ChangedItems: ptr(true), DeletedItems: ptr(true), MarkRestoredAsUnread: ptr(true)}, nil)
		e.check("operator restore", err)
	}
	e.check("delete role", c.DeleteRestoreOperatorRole(ctx, role.ID))

	// The organization's own administrator.
	tenant := e.client(vb365.Config{Username: vb365sim.DefaultTenantUsername, Password: vb365sim.DefaultTenantPassword})
	_, err = tenant.SignedInOrganization(ctx)
	e.check("signed-in organization", err)
	ts, err := tenant.Explore(ctx, org, vb365.ExploreOptions{Reason: "tenant", PointInTime: &pit, ShowDeleted: ptr(true), ShowAllVersions: ptr(false)})
	e.check("tenant explore", err)
	e.check("tenant stop", tenant.StopRestoreSession(ctx, ts.ID))

	// A token refresh.
	e.clock.Advance(2 * time.Hour)
	_, err = c.Mailbox(ctx, sid, mb)
	e.check("mailbox after a refresh", err)
}

// raw sends one request as the backup administrator (or anonymously) for the routes no client
// function uses, and returns the decoded answer.
type raw struct {
	e     *env
	token string
}

func (e *env) raw() *raw { return e.rawAs(vb365sim.DefaultUsername, vb365sim.DefaultPassword) }

func (e *env) rawAs(username, password string) *raw {
	form := url.Values{"grant_type": {"password"}, "username": {username}, "password": {password}}
	resp, err := http.Post(e.url+"/v"+itoa(e.v)+"/Token", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		e.t.Fatalf("token: %v", err)
	}
	return &raw{e: e, token: tok.AccessToken}
}

func (r *raw) do(method, path string, body any) (int, any) {
	r.e.t.Helper()
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			r.e.t.Fatal(err)
		}
		rd = strings.NewReader(string(data))
	}
	req, err := http.NewRequest(method, r.e.url+"/v"+itoa(r.e.v)+path, rd)
	if err != nil {
		r.e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out any
	_ = json.Unmarshal(data, &out)
	return resp.StatusCode, out
}

func itoa(n int) string { return strconv.Itoa(n) }

// exerciseRoutes requests the routes no client function uses, and answers that are errors
// (not found, refused, forbidden), so that every route of the simulator's table and the
// version's error body are validated.
func exerciseRoutes(e *env) {
	r := e.raw()
	v := e.v
	org := vb365sim.OrganizationID
	sid := vb365sim.SeedRestoreSessionID
	mb := vb365sim.SeedMailboxID
	want := func(what string, status int, got int, body any) {
		e.t.Helper()
		if got != status {
			e.t.Errorf("v%d %s: %d %v, want %d", v, what, got, body, status)
		}
	}
	status, body := r.do("GET", "/ServiceInstance", nil)
	want("service instance", 200, status, body)
	extended := "" // v6 requires extendedView
	if v == 6 {
		extended = "?extendedView=false"
	}
	status, body = r.do("GET", "/Organizations/"+org+extended, nil)
	want("organization", 200, status, body)
	status, body = r.do("GET", "/RestoreSessions/"+sid+"/Events?limit=1", nil)
	want("events", 200, status, body)
	if page, ok := body.(map[string]any); ok {
		if results, _ := page["results"].([]any); len(results) > 0 {
			id, _ := results[0].(map[string]any)["id"].(string)
			status, body = r.do("GET", "/RestoreSessions/"+sid+"/Events/"+id, nil)
			want("event", 200, status, body)
		}
	}
	status, body = r.do("GET", "/RestoreSessions/"+sid+"/organization/mailboxes/"+mb+"/folders/"+url.PathEscape(vb365sim.InboxFolderID), nil)
	want("folder", 200, status, body)
	if v >= 7 {
		status, body = r.do("POST", "/BackupRepositories/"+vb365sim.CopyRepositoryID+"/explore?organizationId="+org, map[string]any{"type": "Vex"})
		want("repository explore", map[bool]int{true: 201, false: 200}[v >= 8], status, body)
		if s, ok := body.(map[string]any); ok && s["id"] != nil {
			status, body = r.do("POST", "/RestoreSessions/"+s["id"].(string)+"/Stop", nil)
			want("stop", map[bool]int{true: 204, false: 200}[v >= 8], status, body)
		}
	}
	if v <= 7 {
		status, body = r.do("POST", "/DataRetrievals", map[string]any{"organizationId": org, "repositoryId": vb365sim.ArchiveRepositoryID, "availabilityPeriodDays": 1})
		want("data retrieval", 201, status, body)
		if dr, ok := body.(map[string]any); ok && dr["id"] != nil {
			status, body = r.do("DELETE", "/DataRetrievals/"+dr["id"].(string), nil)
			want("delete data retrieval", 204, status, body)
		}
	}
	status, body = r.do("GET", "/BackupRepositories/"+vb365sim.ArchiveRepositoryID+"/MailboxData/"+mb, nil)
	want("backed-up mailbox", 200, status, body)

	// Restore operator roles: the listings and the member sub-routes.
	role := map[string]any{"name": "Routes", "roleType": "SpecificObjects",
		"operators":     []any{memberOf(r, "User", vb365sim.UserRnDID)},
		"selectedItems": []any{memberOf(r, "Group", vb365sim.GroupEngineeringID), memberOf(r, "Site", vb365sim.SiteLegalID)}}
	status, body = r.do("POST", "/Organizations/"+org+"/RbacRoles", role)
	want("create role", map[bool]int{true: 201, false: 200}[v >= 8], status, body)
	created, _ := body.(map[string]any)
	id, _ := created["id"].(string)
	for _, path := range []string{"/RbacRoles", "/Organizations/" + org + "/RbacRoles"} {
		status, body = r.do("GET", path, nil)
		want("roles", 200, status, body)
	}
	for _, m := range []struct {
		list string
		add  map[string]any
	}{
		{"operators", memberOf(r, "Group", vb365sim.GroupSupportID)},
		{"selectedItems", memberOf(r, "User", vb365sim.UserQADallasID)},
		{"excludedItems", memberOf(r, "User", vb365sim.UserJohnSmithID)},
	} {
		status, body = r.do("POST", "/RbacRoles/"+id+"/"+m.list, []any{m.add})
		want("add "+m.list, 204, status, body)
		status, body = r.do("GET", "/RbacRoles/"+id+"/"+m.list+"/"+m.add["id"].(string), nil)
		want("member of "+m.list, 200, status, body)
		status, body = r.do("DELETE", "/RbacRoles/"+id+"/"+m.list+"?ids="+m.add["id"].(string), nil)
		want("remove "+m.list, 204, status, body)
	}
	status, body = r.do("DELETE", "/RbacRoles/"+id, nil)
	want("delete role", 204, status, body)

	// Error answers: not found, a refused body, a forbidden route (the version's error body).
	status, body = r.do("GET", "/RestoreSessions/00000000-0000-0000-0000-000000000000", nil)
	want("unknown session", 404, status, body)
	_, mailbox := r.do("GET", "/BackupRepositories/"+vb365sim.ArchiveRepositoryID+"/MailboxData/"+mb, nil)
	unknown, _ := mailbox.(map[string]any)
	delete(unknown, "_links")
	unknown["id"] = "00000000-0000-0000-0000-000000000000"
	status, body = r.do("POST", "/DataRetrievals", map[string]any{"organizationId": org, "repositoryId": vb365sim.ArchiveRepositoryID,
		"availabilityPeriodDays": 1, "mailboxes": []any{unknown}})
	want("unknown mailbox", 404, status, body)
	status, body = r.do("PUT", "/DataRetrievals/00000000-0000-0000-0000-000000000000", map[string]any{"availabilityPeriodDays": 2})
	want("unknown data retrieval", 404, status, body)
	status, body = r.do("POST", "/Organizations/"+org+"/RbacRoles", map[string]any{"name": "No operators", "roleType": "EntireOrganization", "operators": []any{}})
	want("role without operators", 400, status, body)
	tenant := e.rawAs(vb365sim.DefaultTenantUsername, vb365sim.DefaultTenantPassword)
	status, body = tenant.do("GET", "/Organizations"+extended, nil)
	want("tenant on the administrator's route", 403, status, body)
	anonymous := &raw{e: e}
	status, body = anonymous.do("GET", "/Organizations/"+org+"/Users", nil)
	want("no token", 401, status, body)
	if v >= 7 {
		status, body = r.do("POST", "/Token/logout", nil)
		want("logout", map[bool]int{true: 204, false: 200}[v >= 8], status, body)
	}
}

// memberOf reads a user, group or site of the organization and renders it as a role member.
func memberOf(r *raw, typ, id string) map[string]any {
	path := map[string]string{"User": "/Users/", "Group": "/Groups/", "Site": "/Sites/"}[typ]
	_, body := r.do("GET", "/Organizations/"+vb365sim.OrganizationID+path+id, nil)
	obj, _ := body.(map[string]any)
	var nested map[string]any
	switch typ {
	case "Site":
		nested = map[string]any{"id": id, "url": obj["url"], "title": obj["title"], "isCloud": obj["isCloud"], "isPersonal": obj["isPersonal"]}
	case "User":
		nested = map[string]any{"id": id, "displayName": obj["displayName"], "name": obj["name"],
			"type": map[any]string{"User": "User", "Shared": "SharedMailbox", "Public": "PublicMailbox"}[obj["type"]]}
	default:
		nested = map[string]any{"id": id, "displayName": obj["displayName"], "name": obj["name"], "type": obj["type"]}
	}
	return map[string]any{"type": typ, "id": id, strings.ToLower(typ): nested}
}
