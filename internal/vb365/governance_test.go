package vb365

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// governanceEnv is a simulator behind a recorder of the requests the client sends.
type governanceEnv struct {
	sim    *vb365sim.Server
	client *Client
	mu     sync.Mutex
	reqs   []recorded
}

func startGovernanceSim(t *testing.T, version string, opts ...vb365sim.Option) *governanceEnv {
	t.Helper()
	env := &governanceEnv{sim: vb365sim.New(opts...)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		env.mu.Lock()
		env.reqs = append(env.reqs, recorded{Method: r.Method, EscapedPath: r.URL.EscapedPath(), Query: r.URL.RawQuery,
			ContentType: r.Header.Get("Content-Type"), Body: body})
		env.mu.Unlock()
		env.sim.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{Endpoint: srv.URL, APIVersion: version, Username: vb365sim.DefaultUsername, Password: vb365sim.DefaultPassword,
		Retry: RetryPolicy{Attempts: 1, MinDelay: time.Millisecond, MaxDelay: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	env.client = c
	return env
}

func (e *governanceEnv) requests() []recorded {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]recorded(nil), e.reqs...)
}

func TestAuditItemsRoundTrip(t *testing.T) {
	for _, version := range []string{"v5", "v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			env := startGovernanceSim(t, version)
			ctx := ctxT(t)
			refs := []AuditItemRef{{AuditItemUser, vb365sim.UserJohnSmithID}, {AuditItemGroup, vb365sim.GroupSupportID}}
			if err := env.client.AddAuditItems(ctx, vb365sim.OrganizationID, refs); err != nil {
				t.Fatal(err)
			}
			items, err := env.client.AuditItems(ctx, vb365sim.OrganizationID)
			if err != nil {
				t.Fatal(err)
			}
			want := []AuditItem{
				{ID: vb365sim.UserJohnSmithID, Type: AuditItemUser, Name: "j_smith@" + vb365sim.OrganizationName, DisplayName: "John Smith"},
				{ID: vb365sim.GroupSupportID, Type: AuditItemGroup, Name: "support@" + vb365sim.OrganizationName, DisplayName: "Support"},
			}
			if !slices.Equal(items, want) {
				t.Fatalf("audit items = %+v, want %+v", items, want)
			}
			if err := env.client.RemoveAuditItems(ctx, vb365sim.OrganizationID, []string{vb365sim.UserJohnSmithID}); err != nil {
				t.Fatal(err)
			}
			if got := env.sim.AuditItemIDs(); !slices.Equal(got, []string{vb365sim.GroupSupportID}) {
				t.Errorf("after remove: %v", got)
			}
		})
	}
}

// The refusal of a batch is a 4xx APIError carrying the server's message: the request ran and
// changed nothing, so the caller may ask again item by item.
func TestAddAuditItemsRefusal(t *testing.T) {
	env := startGovernanceSim(t, "v8")
	err := env.client.AddAuditItems(ctxT(t), vb365sim.OrganizationID, []AuditItemRef{
		{AuditItemUser, vb365sim.UserQADallasID}, {AuditItemUser, "00000000-0000-0000-0000-00000000dead"},
	})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || !strings.Contains(apiErr.Message, "was not found") {
		t.Fatalf("err = %v, want a 400 naming the unknown user", err)
	}
	if !ProvablyNotRun(err) {
		t.Errorf("a 400 refusal must count as not run: %v", err)
	}
	if got := env.sim.AuditItemIDs(); len(got) != 0 {
		t.Errorf("a refused batch added %v", got)
	}
}

// Below v5 the audit routes do not exist: an UnsupportedVersionError naming v5, and no
// request is sent (v4 is the last version without, v5 the first with).
func TestAuditItemsVersionGate(t *testing.T) {
	env := startGovernanceSim(t, "v4")
	c := ctxT(t)
	_, errRead := env.client.AuditItems(c, vb365sim.OrganizationID)
	errAdd := env.client.AddAuditItems(c, vb365sim.OrganizationID, []AuditItemRef{{AuditItemUser, vb365sim.UserRnDID}})
	errRemove := env.client.RemoveAuditItems(c, vb365sim.OrganizationID, []string{vb365sim.UserRnDID})
	for _, err := range []error{errRead, errAdd, errRemove} {
		var unsupported *UnsupportedVersionError
		if !errors.As(err, &unsupported) || unsupported.Minimum != V5 || unsupported.Version != V4 {
			t.Errorf("err = %v, want UnsupportedVersionError v4 < v5", err)
		}
	}
	if !ProvablyNotRun(errAdd) || !ProvablyNotRun(errRemove) {
		t.Errorf("gated POSTs must be marked not sent: %v, %v", errAdd, errRemove)
	}
	if reqs := env.requests(); len(reqs) != 0 {
		t.Errorf("requests sent below v5: %+v", reqs)
	}
	if err := startGovernanceSim(t, "v5").client.AddAuditItems(c, vb365sim.OrganizationID,
		[]AuditItemRef{{AuditItemUser, vb365sim.UserRnDID}}); err != nil {
		t.Errorf("v5: %v", err)
	}
}

func TestAddAuditItemsBadInputNotSent(t *testing.T) {
	env := startGovernanceSim(t, "v8")
	c := ctxT(t)
	for _, refs := range [][]AuditItemRef{nil, {{"Site", "x"}}, {{AuditItemUser, " "}}} {
		if err := env.client.AddAuditItems(c, vb365sim.OrganizationID, refs); !errors.Is(err, ErrNotSent) {
			t.Errorf("%v: err = %v, want ErrNotSent", refs, err)
		}
	}
	for _, r := range env.requests() {
		if r.Method == http.MethodPost && strings.Contains(r.EscapedPath, "AuditItems") {
			t.Errorf("bad input reached the server: %s %s", r.Method, r.EscapedPath)
		}
	}
}

// TestEveryGovernanceOperation: every governance operation succeeds against the simulator on
// v5..v8 (the roles and the operator's explore and restore on v6+); their requests and answers
// are held to the documents by internal/conformance.
func TestEveryGovernanceOperation(t *testing.T) {
	for _, version := range []string{"v5", "v6", "v7", "v8"} {
		t.Run(version, func(t *testing.T) { exerciseGovernance(t, startGovernanceSim(t, version)) })
	}
}

// exerciseGovernance calls every governance operation of the client once.
func exerciseGovernance(t *testing.T, env *governanceEnv) {
	t.Helper()
	c := ctxT(t)
	org := vb365sim.OrganizationID
	check := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	check("add audit items", env.client.AddAuditItems(c, org, []AuditItemRef{{AuditItemUser, vb365sim.UserRnDID}, {AuditItemGroup, vb365sim.GroupEngineeringID}}))
	_, err := env.client.AuditItems(c, org)
	check("audit items", err)
	check("remove audit items", env.client.RemoveAuditItems(c, org, []string{vb365sim.UserRnDID}))
	check("set audit e-mail", env.client.SetAuditEmailSettings(c, smtpUpdate()))
	_, err = env.client.AuditEmailSettings(c)
	check("audit e-mail", err)
	check("send test e-mail", env.client.SendAuditTestEmail(c))
	if env.client.configured >= V6 {
		role, err := env.client.CreateRestoreOperatorRole(c, org, roleSpec())
		check("create role", err)
		_, err = env.client.RestoreOperatorRole(c, role.ID)
		check("role", err)
		for _, list := range []RoleMemberList{RoleOperators, RoleSelectedItems, RoleExcludedItems} {
			_, err = env.client.RestoreOperatorRoleMembers(c, role.ID, list)
			check(string(list), err)
		}
		check("update role", env.client.UpdateRestoreOperatorRole(c, role.ID, org, roleSpec()))
		_, err = env.client.RestorePortalSettings(c)
		check("portal", err)
		// The restore operator's explore and restore (operator.go), while the role lists them.
		op := operatorClient(t, env, env.client.configured.String(), vb365sim.OperatorAssertion)
		group, err := env.client.OrganizationGroup(c, org, vb365sim.GroupSupportID)
		check("organization group", err)
		scope := group.OperatorScope()
		session, err := op.OperatorExplore(c, OperatorExploreOptions{Reason: "r", Scope: &scope})
		check("operator explore", err)
		// The role (roleSpec) allows support_north's mailbox, not j_smith's.
		_, err = op.OperatorRestore(c, ItemScope{RestoreSessionID: session.ID, MailboxID: vb365sim.SupportMailboxID,
			ItemIDs: []string{vb365sim.MailboxMessageID(vb365sim.SupportMailboxID, 0)}},
			OperatorRestoreOptions{Reason: "r", ChangedItems: new(bool)}, nil)
		check("operator restore", err)
		check("delete role", env.client.DeleteRestoreOperatorRole(c, role.ID))
	}
}

func roleSpec() RestoreOperatorRoleSpec {
	return RestoreOperatorRoleSpec{
		Name: "Support desk", Description: "Support restores", RoleType: RoleSpecificObjects,
		Operators:     []RoleMember{{Type: MemberUser, ID: vb365sim.UserOperatorID}, {Type: MemberGroup, ID: vb365sim.GroupEngineeringID}},
		SelectedItems: []RoleMember{{Type: MemberGroup, ID: vb365sim.GroupSupportID}, {Type: MemberSite, ID: vb365sim.SiteIntranetID}},
		ExcludedItems: []RoleMember{{Type: MemberUser, ID: vb365sim.UserJohnSmithID}},
	}
}

func TestRestoreOperatorRoleRoundTrip(t *testing.T) {
	for _, version := range []string{"v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			env := startGovernanceSim(t, version)
			c := ctxT(t)
			role, err := env.client.CreateRestoreOperatorRole(c, vb365sim.OrganizationID, roleSpec())
			if err != nil {
				t.Fatal(err)
			}
			got, err := env.client.RestoreOperatorRole(c, role.ID)
			want := RestoreOperatorRole{ID: role.ID, OrganizationID: vb365sim.OrganizationID, Name: "Support desk",
				Description: "Support restores", RoleType: RoleSpecificObjects}
			if err != nil || got != want {
				t.Fatalf("role = %+v, %v; want %+v", got, err, want)
			}
			ops, err := env.client.RestoreOperatorRoleMembers(c, role.ID, RoleOperators)
			if err != nil || len(ops) != 2 || ops[0] != (RoleMember{Type: MemberUser, ID: vb365sim.UserOperatorID,
				Name: "restore.operator@" + vb365sim.OrganizationName, DisplayName: "Restore Operator", Kind: "User"}) {
				t.Errorf("operators = %+v, %v", ops, err)
			}
			sel, err := env.client.RestoreOperatorRoleMembers(c, role.ID, RoleSelectedItems)
			if err != nil || len(sel) != 2 || sel[1].Type != MemberSite || sel[1].DisplayName != "Intranet" {
				t.Errorf("selected = %+v, %v", sel, err)
			}
			spec := roleSpec()
			spec.Operators = spec.Operators[:1]
			spec.RoleType, spec.SelectedItems = RoleEntireOrganization, nil
			if err := env.client.UpdateRestoreOperatorRole(c, role.ID, vb365sim.OrganizationID, spec); err != nil {
				t.Fatal(err)
			}
			if ops := env.sim.RoleOperatorIDs(role.ID); !slices.Equal(ops, []string{vb365sim.UserOperatorID}) {
				t.Errorf("operators after PUT = %v", ops)
			}
			if err := env.client.DeleteRestoreOperatorRole(c, role.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := env.client.RestoreOperatorRole(c, role.ID); !IsNotFound(err) {
				t.Errorf("deleted role: %v, want 404", err)
			}
			p, err := env.client.RestorePortalSettings(c)
			if err != nil || !p.Enabled || p.ApplicationID == "" || (version == "v8") != (p.RestorePortalURI != "") {
				t.Errorf("portal = %+v, %v", p, err)
			}
		})
	}
}

// Below v6 there are no roles: UnsupportedVersionError naming v6, nothing sent (v5 is the last
// version without).
func TestRestoreOperatorRoleVersionGate(t *testing.T) {
	env := startGovernanceSim(t, "v5")
	c := ctxT(t)
	_, errCreate := env.client.CreateRestoreOperatorRole(c, vb365sim.OrganizationID, roleSpec())
	_, errRead := env.client.RestoreOperatorRole(c, "r")
	_, errPortal := env.client.RestorePortalSettings(c)
	for _, err := range []error{errCreate, errRead, errPortal} {
		var unsupported *UnsupportedVersionError
		if !errors.As(err, &unsupported) || unsupported.Minimum != V6 {
			t.Errorf("err = %v, want UnsupportedVersionError v6", err)
		}
	}
	if !errors.Is(errCreate, ErrNotSent) || len(env.requests()) != 0 {
		t.Errorf("requests below v6: %v", env.requests())
	}
}

func smtpUpdate() AuditEmailSettingsUpdate {
	return AuditEmailSettingsUpdate{AuditEmailSettings: AuditEmailSettings{
		Enabled: true, SMTPServer: "smtp.example.com", Port: 587, UseAuthentication: true, Username: "notify", UseSSL: true,
		From: "vb365@example.com", To: "audit@example.com;legal@example.com", Subject: "%Action%",
	}, Password: "smtp-secret"}
}

func TestAuditEmailSettingsRoundTrip(t *testing.T) {
	for _, version := range []string{"v5", "v6", "v7", "v8"} {
		t.Run(version, func(t *testing.T) {
			env := startGovernanceSim(t, version)
			c := ctxT(t)
			if err := env.client.SetAuditEmailSettings(c, smtpUpdate()); err != nil {
				t.Fatal(err)
			}
			got, err := env.client.AuditEmailSettings(c)
			if err != nil {
				t.Fatal(err)
			}
			want := smtpUpdate().AuditEmailSettings
			if version >= "v7" {
				want.AuthenticationType, want.IsAuthenticated = AuditEmailSMTP, got.IsAuthenticated
			}
			if got != want {
				t.Errorf("settings = %+v, want %+v", got, want)
			}
			if env.sim.AuditEmailPassword() != "smtp-secret" {
				t.Error("password did not reach the server")
			}
			if err := env.client.SendAuditTestEmail(c); err != nil || len(env.sim.TestEmails()) != 1 {
				t.Errorf("test e-mail: %v, sent %d", err, len(env.sim.TestEmails()))
			}
		})
	}
}

// The OAuth forms need v7: on v6 (the last version without) the PUT is refused before sending.
func TestAuditEmailOAuthVersionGate(t *testing.T) {
	env := startGovernanceSim(t, "v6")
	u := AuditEmailSettingsUpdate{AuditEmailSettings: AuditEmailSettings{Enabled: true, From: "a@x", To: "b@x",
		AuthenticationType: AuditEmailMicrosoft365, UserID: "u"}, RequestID: "r"}
	err := env.client.SetAuditEmailSettings(ctxT(t), u)
	var unsupported *UnsupportedVersionError
	if !errors.As(err, &unsupported) || unsupported.Minimum != V7 || !errors.Is(err, ErrNotSent) {
		t.Fatalf("err = %v, want UnsupportedVersionError v7, not sent", err)
	}
	for _, r := range env.requests() {
		if r.Method == http.MethodPut {
			t.Errorf("PUT sent on v6: %s", r.EscapedPath)
		}
	}
	env7 := startGovernanceSim(t, "v7")
	if err := env7.client.SetAuditEmailSettings(ctxT(t), u); err != nil {
		t.Errorf("v7: %v", err)
	}
}
