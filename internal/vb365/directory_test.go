package vb365

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestOrganizationUsersAndGroups: the organization's users and groups, filtered by the
// documented query names, and one of each by ID.
func TestOrganizationUsersAndGroups(t *testing.T) {
	env := startGovernanceSim(t, "v8")
	ctx := ctxT(t)
	org := vb365sim.OrganizationID
	var users []OrganizationUser
	for u, err := range env.client.OrganizationUsers(ctx, org, OrganizationUserFilter{ListOptions: ListOptions{PageSize: 2}, UserName: "north"}) {
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	if len(users) != 1 || users[0].ID != vb365sim.UserSupportNorthID || users[0].Type != "Shared" || users[0].RbacType() != "SharedMailbox" ||
		users[0].Name != "support_north@"+vb365sim.OrganizationName || users[0].LocationType != "Cloud" {
		t.Errorf("users named north: %+v", users)
	}
	n := 0
	for _, err := range env.client.OrganizationUsers(ctx, org, OrganizationUserFilter{ListOptions: ListOptions{PageSize: 2}}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 5 {
		t.Errorf("all users over pages of 2: %d, want 5", n)
	}
	var groups []OrganizationGroup
	for g, err := range env.client.OrganizationGroups(ctx, org, OrganizationGroupFilter{DisplayName: "eng", GroupName: "engineering"}) {
		if err != nil {
			t.Fatal(err)
		}
		groups = append(groups, g)
	}
	if len(groups) != 1 || groups[0].ID != vb365sim.GroupEngineeringID || groups[0].RbacType() != "Security" {
		t.Errorf("groups: %+v", groups)
	}
	queries := map[string]url.Values{}
	for _, r := range env.requests() {
		q, _ := url.ParseQuery(r.Query)
		queries[r.EscapedPath] = q
	}
	if q := queries["/v8/Organizations/"+org+"/Users"]; q.Get("userName") != "" || q.Get("limit") != "2" {
		// the last users request was unfiltered
		t.Errorf("users query %v", q)
	}
	if q := queries["/v8/Organizations/"+org+"/Groups"]; q.Get("displayName") != "eng" || q.Get("groupName") != "engineering" {
		t.Errorf("groups query %v", q)
	}
	if u, err := env.client.OrganizationUser(ctx, org, vb365sim.UserJohnSmithID); err != nil || u.DisplayName != "John Smith" {
		t.Errorf("user: %+v %v", u, err)
	}
	if g, err := env.client.OrganizationGroup(ctx, org, vb365sim.GroupSupportID); err != nil || g.Type != "Office365" || g.OperatorScope().Kind != "Office365" {
		t.Errorf("group: %+v %v", g, err)
	}
	if s, err := env.client.OrganizationSite(ctx, org, vb365sim.SiteLegalID); err != nil || s.Title != "Legal" || !s.IsCloud || s.IsPersonal {
		t.Errorf("site: %+v %v", s, err)
	}
	var apiErr *APIError
	if _, err := env.client.OrganizationUser(ctx, org, vb365sim.GroupSupportID); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound {
		t.Errorf("a group's ID as a user: %v, want 404", err)
	}
	v5 := startGovernanceSim(t, "v5")
	for _, err := range v5.client.OrganizationUsers(ctx, org, OrganizationUserFilter{}) {
		var unsupported *UnsupportedVersionError
		if !errors.As(err, &unsupported) {
			t.Errorf("v5 users: %v, want an UnsupportedVersionError", err)
		}
	}
}

// TestRoleMembersSentWhole: a role's members go out as the whole RESTRbacUser, RESTRbacGroup
// and RESTRbacSite the documents require (id, displayName, name and the documented type; a
// site's url, title, isCloud and isPersonal), read from the organization when the caller gave
// only the type and ID; a member given whole is not read again; an unknown member fails before
// anything is posted.
func TestRoleMembersSentWhole(t *testing.T) {
	for _, version := range []string{"v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			env := startGovernanceSim(t, version)
			ctx := ctxT(t)
			spec := roleSpec()
			spec.Operators = append(spec.Operators, RoleMember{Type: MemberUser, ID: vb365sim.UserSupportNorthID})
			spec.ExcludedItems = []RoleMember{{Type: MemberUser, ID: vb365sim.UserJohnSmithID, Name: "j_smith@" + vb365sim.OrganizationName,
				DisplayName: "John Smith", Kind: "user"}}
			role, err := env.client.CreateRestoreOperatorRole(ctx, vb365sim.OrganizationID, spec)
			if err != nil {
				t.Fatal(err)
			}
			var body map[string]any
			lookups := map[string]int{}
			for _, r := range env.requests() {
				switch {
				case r.Method == "POST" && strings.HasSuffix(r.EscapedPath, "/RbacRoles"):
					if err := json.Unmarshal(r.Body, &body); err != nil {
						t.Fatal(err)
					}
				case r.Method == "GET" && strings.Contains(r.EscapedPath, "/Organizations/"):
					lookups[r.EscapedPath[strings.LastIndex(r.EscapedPath[:strings.LastIndex(r.EscapedPath, "/")], "/")+1:]]++
				}
			}
			member := func(list string, i int, key string) map[string]any {
				t.Helper()
				m := body[list].([]any)[i].(map[string]any)
				if m["id"] == nil || m["type"] == nil {
					t.Errorf("%s[%d] has no type or id: %v", list, i, m)
				}
				nested, _ := m[key].(map[string]any)
				return nested
			}
			want := func(got map[string]any, fields map[string]any) {
				t.Helper()
				for k, v := range fields {
					if got[k] != v {
						t.Errorf("%v: %s = %v, want %v", got, k, got[k], v)
					}
				}
			}
			want(member("operators", 0, "user"), map[string]any{"id": vb365sim.UserOperatorID, "displayName": "Restore Operator",
				"name": "restore.operator@" + vb365sim.OrganizationName, "type": "User"})
			want(member("operators", 1, "group"), map[string]any{"id": vb365sim.GroupEngineeringID, "displayName": "Engineering",
				"name": "engineering@" + vb365sim.OrganizationName, "type": "Security"})
			want(member("operators", 2, "user"), map[string]any{"id": vb365sim.UserSupportNorthID, "type": "SharedMailbox"})
			want(member("selectedItems", 1, "site"), map[string]any{"id": vb365sim.SiteIntranetID, "title": "Intranet",
				"url": "https://bestsupport.sharepoint.com/sites/intranet", "isCloud": true, "isPersonal": false})
			want(member("excludedItems", 0, "user"), map[string]any{"displayName": "John Smith", "type": "User"})
			if lookups["Users/"+vb365sim.UserJohnSmithID] != 0 || lookups["Users/"+vb365sim.UserOperatorID] != 1 || lookups["Sites/"+vb365sim.SiteIntranetID] != 1 {
				t.Errorf("lookups %v: each incomplete member read once, the whole one never", lookups)
			}
			// PUT sends the same shapes (the simulator refuses anything less).
			if err := env.client.UpdateRestoreOperatorRole(ctx, role.ID, vb365sim.OrganizationID, spec); err != nil {
				t.Fatal(err)
			}

			before := len(env.requests())
			bad := roleSpec()
			bad.Name = "Other"
			bad.Operators = []RoleMember{{Type: MemberUser, ID: "00000000-0000-0000-0000-00000000dead"}}
			if _, err := env.client.CreateRestoreOperatorRole(ctx, vb365sim.OrganizationID, bad); !errors.Is(err, ErrNotSent) || !strings.Contains(err.Error(), "00000000-0000-0000-0000-00000000dead") {
				t.Errorf("unknown operator: %v, want a not-sent error naming it", err)
			}
			bad.Operators = []RoleMember{{Type: MemberGroup, ID: vb365sim.GroupSupportID, Name: "n", DisplayName: "d", Kind: "Team"}}
			if _, err := env.client.CreateRestoreOperatorRole(ctx, vb365sim.OrganizationID, bad); !errors.Is(err, ErrNotSent) || !strings.Contains(err.Error(), `group type "Team"`) {
				t.Errorf("bad group type: %v", err)
			}
			for _, r := range env.requests()[before:] {
				if r.Method != "GET" {
					t.Errorf("a refused role sent %s %s", r.Method, r.EscapedPath)
				}
			}
		})
	}
}

// TestRoleTeamMembersReadTheTeam: a team item (v8) goes out as RESTRbacTeam (id, displayName,
// description, mail), read from GET Organizations/{id}/Teams/{teamId}.
func TestRoleTeamMembersReadTheTeam(t *testing.T) {
	const team = "0a1b2c3d-0000-4000-8000-000000007ea1"
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case strings.HasSuffix(p, "/ServiceInstance"):
			w.WriteHeader(http.StatusUnauthorized)
		case strings.HasSuffix(p, "/Users/"+vb365sim.UserOperatorID):
			writeJSON(w, 200, map[string]any{"id": vb365sim.UserOperatorID, "displayName": "Op", "name": "op@x.com", "type": "User"})
		case strings.HasSuffix(p, "/Teams/"+team):
			writeJSON(w, 200, map[string]any{"id": team, "displayName": "Legal team", "description": "Counsel", "mail": "legal@x.com"})
		case r.Method == http.MethodPost:
			writeJSON(w, 201, map[string]any{"id": "0a1b2c3d-0000-4000-8000-0000000000r1", "name": "n"})
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	spec := RestoreOperatorRoleSpec{Name: "n", RoleType: RoleSpecificObjects,
		Operators: []RoleMember{{Type: MemberUser, ID: vb365sim.UserOperatorID}}, SelectedItems: []RoleMember{{Type: MemberTeam, ID: team}}}
	if _, err := c.CreateRestoreOperatorRole(ctxT(t), "o1", spec); err != nil {
		t.Fatal(err)
	}
	var body struct {
		SelectedItems []struct {
			Type, ID string
			Team     map[string]any
		}
	}
	reqs := fs.Requests()
	if err := json.Unmarshal(reqs[len(reqs)-1].Body, &body); err != nil || len(body.SelectedItems) != 1 {
		t.Fatalf("body %s: %v", reqs[len(reqs)-1].Body, err)
	}
	got := body.SelectedItems[0]
	if got.Type != "Team" || got.ID != team || got.Team["displayName"] != "Legal team" || got.Team["description"] != "Counsel" || got.Team["mail"] != "legal@x.com" {
		t.Errorf("team item %+v", got)
	}
}

// TestOperatorScopeIsWhole: an operator explore's scope carries the whole RESTRbacUser or
// RESTRbacGroup; a scope without its names or with a type outside the documents' fails before
// anything is sent.
func TestOperatorScopeIsWhole(t *testing.T) {
	for _, tc := range []struct {
		scope OperatorScope
		want  string
	}{
		{OperatorScope{Type: "User", ID: "u1", Kind: "User"}, "name and display name are required"},
		{OperatorScope{Type: "User", ID: "u1", Name: "n", DisplayName: "d", Kind: "Shared"}, `type "Shared" is not one of`},
		{OperatorScope{Type: "Site", ID: "s1", Name: "n", DisplayName: "d"}, "use User or Group"},
	} {
		if _, err := tc.scope.object(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.scope, err, tc.want)
		}
	}
	obj, err := OrganizationUser{ID: "u1", Name: "n@x", DisplayName: "N", Type: "Public"}.OperatorScope().object()
	if err != nil {
		t.Fatal(err)
	}
	user := obj["user"].(map[string]any)
	if obj["type"] != "User" || obj["id"] != "u1" || user["type"] != "PublicMailbox" || user["name"] != "n@x" || user["displayName"] != "N" {
		t.Errorf("scope %v", obj)
	}
}
