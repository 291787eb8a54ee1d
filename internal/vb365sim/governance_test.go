package vb365sim

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func auditPath(v int, orgID string) string {
	return "/v" + strconv.Itoa(v) + "/Organizations/" + orgID + "/AuditItems"
}

func (h *harness) auditList(v int) []map[string]any {
	h.t.Helper()
	resp, data := h.do("GET", auditPath(v, OrganizationID), nil)
	if resp.StatusCode != http.StatusOK {
		h.t.Fatalf("GET audit items: %d %s", resp.StatusCode, data)
	}
	var out []map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		h.t.Fatalf("audit items are not a JSON array: %v: %s", err, data)
	}
	return out
}

func userAudit(id string) map[string]any {
	return map[string]any{"type": "User", "user": map[string]any{"id": id}}
}

// rbacUser, rbacGroup and rbacSite are role members (RESTRbacItemComposed, RESTRbacOperator) as
// the documents require them: the whole RESTRbacUser, RESTRbacGroup or RESTRbacSite, filled from
// the fixture (or made up for an ID the fixture does not have).
func rbacUser(id string) map[string]any {
	g := newGovernance()
	user := map[string]any{"id": id, "displayName": "Nobody", "name": "nobody@" + OrganizationName, "type": "User"}
	if u := g.user(id); u != nil {
		user = map[string]any{"id": u.id, "displayName": u.displayName, "name": u.name,
			"type": map[string]string{"User": "User", "Shared": "SharedMailbox", "Public": "PublicMailbox"}[u.typ]}
	}
	return map[string]any{"type": "User", "id": id, "user": user}
}

// withMember returns member with its nested object's property name set to value.
func withMember(member map[string]any, key, name string, value any) map[string]any {
	nested := map[string]any{}
	for k, v := range member[key].(map[string]any) {
		nested[k] = v
	}
	nested[name] = value
	out := map[string]any{}
	for k, v := range member {
		out[k] = v
	}
	out[key] = nested
	return out
}

func rbacGroup(id string) map[string]any {
	group := map[string]any{"id": id, "displayName": "Nobody", "name": "nobody@" + OrganizationName, "type": "Unknown"}
	if g := newGovernance().group(id); g != nil {
		group = map[string]any{"id": g.id, "displayName": g.displayName, "name": g.name, "type": g.typ}
	}
	return map[string]any{"type": "Group", "id": id, "group": group}
}

func rbacSite(id string) map[string]any {
	site := map[string]any{"id": id, "url": "https://example.invalid", "title": "Nowhere", "isCloud": true, "isPersonal": false}
	if st := newGovernance().site(id); st != nil {
		site = map[string]any{"id": st.id, "url": st.url, "title": st.title, "isCloud": true, "isPersonal": false}
	}
	return map[string]any{"type": "Site", "id": id, "site": site}
}

// The audit routes answer the documents' shapes: a bare array of RESTAuditUserOrGroup whose
// user and group are RESTUser and RESTGroup; the POST body the provider sends is the
// document's RESTAuditUserOrGroup array.
func TestAuditItemsRoundTrip(t *testing.T) {
	for _, v := range []int{6, 7, 8} {
		t.Run("v"+strconv.Itoa(v), func(t *testing.T) {
			h := newHarness(t)
			body := []any{userAudit(UserJohnSmithID), map[string]any{"type": "Group", "group": map[string]any{"id": GroupSupportID}}}
			resp, data := h.do("POST", auditPath(v, OrganizationID), body)
			if want := map[bool]int{true: 204, false: 201}[v >= 8]; resp.StatusCode != want { // the documents: 201 (v6, v7), 204 (v8)
				t.Fatalf("POST audit items: %d, want %d: %s", resp.StatusCode, want, data)
			}
			list := h.auditList(v)
			if len(list) != 2 {
				t.Fatalf("audit list = %v, want 2 items", list)
			}
			if u, _ := list[0]["user"].(map[string]any); u["displayName"] != "John Smith" || u["name"] != "j_smith@"+OrganizationName {
				t.Errorf("audited user = %v, want the whole RESTUser", list[0]["user"])
			}
			if g, _ := list[1]["group"].(map[string]any); g["displayName"] != "Support" || g["type"] != "Office365" {
				t.Errorf("audited group = %v, want the whole RESTGroup", list[1]["group"])
			}
			if list[0]["id"] != UserJohnSmithID || list[1]["id"] != GroupSupportID {
				t.Errorf("audit item IDs = %v, %v; want the user's and the group's IDs", list[0]["id"], list[1]["id"])
			}
			remove := map[string]any{"itemIds": []any{UserJohnSmithID}}
			if resp, data := h.do("POST", auditPath(v, OrganizationID)+"/remove", remove); resp.StatusCode/100 != 2 {
				t.Fatalf("remove: %d %s", resp.StatusCode, data)
			}
			if got := h.sim.AuditItemIDs(); !slices.Equal(got, []string{GroupSupportID}) {
				t.Errorf("after remove: %v, want only the group", got)
			}
		})
	}
}

// A refused POST changes nothing: unknown users or groups, duplicates (already audited or
// twice in one request), bad types and bodies are refused with 400 and the server's message.
func TestAuditItemsRefusalsChangeNothing(t *testing.T) {
	h := newHarness(t)
	if resp, _ := h.do("POST", auditPath(8, OrganizationID), []any{userAudit(UserRnDID)}); resp.StatusCode != 204 {
		t.Fatalf("setup: %d", resp.StatusCode)
	}
	cases := []struct {
		name string
		body any
		want string
	}{
		{"unknown user", []any{userAudit(UserQADallasID), userAudit("00000000-0000-0000-0000-00000000dead")}, "was not found"},
		{"unknown group", []any{map[string]any{"type": "Group", "group": map[string]any{"id": UserJohnSmithID}}}, "Group with ID"},
		{"already audited", []any{userAudit(UserQADallasID), userAudit(UserRnDID)}, "already in the audit list"},
		{"twice in one request", []any{userAudit(UserQADallasID), userAudit(strings.ToUpper(UserQADallasID))}, "already in the audit list"},
		{"bad type", []any{map[string]any{"type": "Site", "id": UserQADallasID}}, "not valid"},
		{"no ID", []any{map[string]any{"type": "User"}}, "names no user ID"},
		{"not an array", map[string]any{"type": "User"}, "JSON array"},
		{"empty", []any{}, "empty"},
	}
	for _, tc := range cases {
		resp, data := h.do("POST", auditPath(8, OrganizationID), tc.body)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(data), tc.want) {
			t.Errorf("%s: %d %s; want 400 naming %q", tc.name, resp.StatusCode, data, tc.want)
		}
	}
	if got := h.sim.AuditItemIDs(); !slices.Equal(got, []string{UserRnDID}) {
		t.Errorf("audit list after refusals = %v, want only %s", got, UserRnDID)
	}
	if resp, data := h.do("POST", auditPath(8, OrganizationID)+"/remove", map[string]any{"itemIds": []any{UserRnDID, UserQADallasID}}); resp.StatusCode != 404 {
		t.Errorf("remove of a missing item: %d %s, want 404", resp.StatusCode, data)
	}
	if got := h.sim.AuditItemIDs(); len(got) != 1 {
		t.Errorf("a refused remove removed something: %v", got)
	}
	if resp, _ := h.do("GET", auditPath(8, "00000000-0000-0000-0000-000000000000"), nil); resp.StatusCode != 404 {
		t.Errorf("unknown organization: %d, want 404", resp.StatusCode)
	}
	// v5 serves the audit routes, v4 does not.
	if resp, _ := h.do("GET", auditPath(5, OrganizationID), nil); resp.StatusCode != 200 {
		t.Errorf("v5 audit items: %d, want 200", resp.StatusCode)
	}
	if resp, _ := h.do("GET", auditPath(4, OrganizationID), nil); resp.StatusCode != 404 {
		t.Errorf("v4 audit items: %d, want 404", resp.StatusCode)
	}
}

func smtpSettings() map[string]any {
	return map[string]any{
		"enableNotification": true, "smtpServer": "smtp.example.com", "port": 587, "useAuthentication": true,
		"username": "notify", "userPassword": "smtp-secret", "useSSL": true,
		"from": "vb365@example.com", "to": "audit@example.com;legal@example.com", "subject": "%Action% by %InitiatedByUserName%",
	}
}

// The audit e-mail routes answer each version's status (shapes: internal/conformance); the
// password is stored, never shown.
func TestAuditEmailSettingsPerVersion(t *testing.T) {
	for _, v := range []int{6, 7, 8} {
		t.Run("v"+strconv.Itoa(v), func(t *testing.T) {
			h := newHarness(t)
			vp := "/v" + strconv.Itoa(v)
			body := smtpSettings()
			if v >= 7 {
				body["authenticationType"] = "CustomSmtp"
			}
			resp, data := h.do("PUT", vp+"/AuditEmailSettings", body)
			if resp.StatusCode/100 != 2 {
				t.Fatalf("PUT: %d %s", resp.StatusCode, data)
			}
			got := h.get(vp + "/AuditEmailSettings")
			if strings.Contains(string(mustJSON(t, got)), "smtp-secret") || h.sim.AuditEmailPassword() != "smtp-secret" {
				t.Errorf("password shown or not stored: %v", got)
			}
			if got["to"] != "audit@example.com;legal@example.com" || got["port"] != float64(587) {
				t.Errorf("settings read back = %v", got)
			}
			if _, has := got["authenticationType"]; has != (v >= 7) {
				t.Errorf("authenticationType present = %v on v%d", has, v)
			}
			send := map[bool]string{true: "/AuditEmailSettings/SendTestEmail", false: "/AuditEmailSettings/SendTest"}[v >= 8]
			if resp, data := h.do("POST", vp+send, nil); resp.StatusCode/100 != 2 {
				t.Fatalf("send test: %d %s", resp.StatusCode, data)
			}
			if n := len(h.sim.TestEmails()); n != 1 {
				t.Errorf("test e-mails = %d", n)
			}
		})
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestAuditEmailRefusalsChangeNothing(t *testing.T) {
	h := newHarness(t)
	if resp, _ := h.do("PUT", "/v8/AuditEmailSettings", smtpSettings()); resp.StatusCode != 204 {
		t.Fatal("setup")
	}
	before := h.get("/v8/AuditEmailSettings")
	with := func(k string, v any) map[string]any {
		m := smtpSettings()
		m[k] = v
		return m
	}
	cases := []struct {
		path string
		body any
		want string
	}{
		{"/v8/AuditEmailSettings", with("smtpServer", ""), "SMTP server"},
		{"/v8/AuditEmailSettings", with("to", ""), "recipients"},
		{"/v8/AuditEmailSettings", with("port", 70000), "port"},
		{"/v8/AuditEmailSettings", with("authenticationType", "Microsoft365"), "CompleteOAuthSignIn"},
		{"/v8/AuditEmailSettings", with("authenticationType", "Pigeon"), "not valid"},
		{"/v6/AuditEmailSettings", with("authenticationType", "CustomSmtp"), "not supported by this API version"},
		{"/v8/AuditEmailSettings", "[1]", "JSON object"},
	}
	for _, tc := range cases {
		resp, data := h.do("PUT", tc.path, tc.body)
		if resp.StatusCode != 400 || !strings.Contains(string(data), tc.want) {
			t.Errorf("%v: %d %s; want 400 naming %q", tc.body, resp.StatusCode, data, tc.want)
		}
	}
	if after := h.get("/v8/AuditEmailSettings"); string(mustJSON(t, after)) != string(mustJSON(t, before)) {
		t.Errorf("a refused PUT changed the settings:\n%v\n%v", before, after)
	}
	h.sim.ChangeAuditEmailOutOfBand("x@example.com", "s", false)
	if resp, _ := h.do("POST", "/v8/AuditEmailSettings/SendTestEmail", nil); resp.StatusCode != 400 {
		t.Errorf("test e-mail with notifications off: %d, want 400", resp.StatusCode)
	}
	// A PUT without a password keeps the stored one.
	m := smtpSettings()
	delete(m, "userPassword")
	if resp, data := h.do("PUT", "/v8/AuditEmailSettings", m); resp.StatusCode != 204 || h.sim.AuditEmailPassword() != "smtp-secret" {
		t.Errorf("PUT without password: %d %s, password kept = %v", resp.StatusCode, data, h.sim.AuditEmailPassword() == "smtp-secret")
	}
}

func roleBody(name string) map[string]any {
	return map[string]any{
		"name": name, "description": "Support desk restores", "roleType": "SpecificObjects",
		"operators":     []any{rbacUser(UserOperatorID)},
		"selectedItems": []any{rbacGroup(GroupSupportID), rbacSite(SiteIntranetID)},
		"excludedItems": []any{rbacUser(UserJohnSmithID)},
	}
}

func TestRbacRoleMembersAnswerWholeObjects(t *testing.T) {
	for _, v := range []int{6, 7, 8} {
		t.Run("v"+strconv.Itoa(v), func(t *testing.T) {
			h := newHarness(t)
			vp := "/v" + strconv.Itoa(v)
			body := roleBody("Support desk")
			role := h.json("POST", vp+"/Organizations/"+OrganizationID+"/RbacRoles", body, map[bool]int{true: 201, false: 200}[v >= 8])
			id := role["id"].(string)
			for _, list := range []string{"operators", "selectedItems", "excludedItems"} {
				_, data := h.do("GET", vp+"/RbacRoles/"+id+"/"+list, nil)
				var members []map[string]any
				if err := json.Unmarshal(data, &members); err != nil || len(members) == 0 {
					t.Fatalf("%s: %v %s", list, err, data)
				}
				for i, m := range members {
					key := strings.ToLower(m["type"].(string))
					n, _ := m[key].(map[string]any)
					if n == nil || n["id"] != m["id"] || (key != "site" && (n["displayName"] == nil || n["name"] == nil || n["type"] == nil)) ||
						(key == "site" && (n["url"] == nil || n["title"] == nil)) {
						t.Errorf("%s[%d] = %v, want the whole RESTRbac object", list, i, m)
					}
				}
			}
			var portal map[string]any
			_, data := h.do("GET", vp+"/RestorePortalSettings", nil)
			if err := json.Unmarshal(data, &portal); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestRbacRoleRefusalsChangeNothing(t *testing.T) {
	h := newHarness(t)
	role := h.json("POST", "/v8/Organizations/"+OrganizationID+"/RbacRoles", roleBody("Support desk"), 201)
	id := role["id"].(string)
	with := func(k string, v any) map[string]any {
		m := roleBody("Other")
		m[k] = v
		return m
	}
	user := rbacUser
	cases := []struct {
		method, path string
		body         any
		want         string
	}{
		{"POST", "/v8/Organizations/" + OrganizationID + "/RbacRoles", roleBody("support DESK"), "already exists"},
		{"POST", "/v8/Organizations/" + OrganizationID + "/RbacRoles", with("operators", []any{user("00000000-0000-0000-0000-00000000dead")}), "was not found"},
		{"POST", "/v8/Organizations/" + OrganizationID + "/RbacRoles", with("operators", []any{user(UserRnDID), user(UserRnDID)}), "more than once"},
		{"POST", "/v8/Organizations/" + OrganizationID + "/RbacRoles", with("operators", []any{}), "at least one restore operator"},
		{"POST", "/v8/Organizations/" + OrganizationID + "/RbacRoles", with("operators", []any{rbacSite(SiteLegalID)}), "user or a group"},
		{"POST", "/v8/Organizations/" + OrganizationID + "/RbacRoles", with("selectedItems", []any{}), "at least one selected item"},
		{"POST", "/v8/Organizations/" + OrganizationID + "/RbacRoles", with("roleType", "EntireOrganization"), "SpecificObjects only"},
		{"POST", "/v8/Organizations/" + OrganizationID + "/RbacRoles", with("excludedItems", []any{rbacSite(SiteIntranetID)}), "both selected and excluded"},
		{"POST", "/v8/RbacRoles/" + id + "/operators", []any{user(UserOperatorID)}, "already in 'operators'"},
		{"PUT", "/v8/RbacRoles/" + id, map[string]any{"roleType": "Bogus"}, "not valid"},
		// Members are whole RESTRbacUser, RESTRbacGroup and RESTRbacSite objects (issue 26).
		{"POST", "/v8/Organizations/" + OrganizationID + "/RbacRoles", with("operators", []any{map[string]any{"type": "User", "user": map[string]any{"id": UserRnDID}}}), "'operators[0].user.displayName' is required"},
		{"POST", "/v8/Organizations/" + OrganizationID + "/RbacRoles", with("operators", []any{map[string]any{"type": "User", "id": UserRnDID}}), "'operators[0].user' is required"},
		{"PUT", "/v8/RbacRoles/" + id, with("selectedItems", []any{map[string]any{"type": "Site", "site": map[string]any{"id": SiteLegalID, "url": "u", "title": "t", "isCloud": true}}}), "'selectedItems[0].site.isPersonal' is required"},
		{"POST", "/v8/RbacRoles/" + id + "/excludedItems", []any{withMember(rbacGroup(GroupEngineeringID), "group", "type", "Team")}, "'excludedItems[0].group.type' has an invalid value"},
		{"POST", "/v8/RbacRoles/" + id + "/operators", []any{withMember(rbacUser(UserRnDID), "user", "id", UserQADallasID)}, "name different objects"},
	}
	for _, tc := range cases {
		resp, data := h.do(tc.method, tc.path, tc.body)
		if resp.StatusCode != 400 || !strings.Contains(string(data), tc.want) {
			t.Errorf("%s %s %v: %d %s; want 400 naming %q", tc.method, tc.path, tc.body, resp.StatusCode, data, tc.want)
		}
	}
	if ids := h.sim.RoleIDs(); len(ids) != 1 {
		t.Errorf("roles after refusals: %v", ids)
	}
	if ops := h.sim.RoleOperatorIDs(id); !slices.Equal(ops, []string{UserOperatorID}) {
		t.Errorf("operators after refusals: %v", ops)
	}
	// Members by sub-route: add, remove by ids, 404 for unknown ids.
	if resp, data := h.do("POST", "/v8/RbacRoles/"+id+"/operators", []any{user(UserRnDID)}); resp.StatusCode != 204 {
		t.Fatalf("add operator: %d %s", resp.StatusCode, data)
	}
	if resp, _ := h.do("DELETE", "/v8/RbacRoles/"+id+"/operators?ids="+UserRnDID, nil); resp.StatusCode != 204 {
		t.Fatalf("remove operator: %d", resp.StatusCode)
	}
	if resp, _ := h.do("DELETE", "/v8/RbacRoles/"+id+"/operators?ids="+UserOperatorID, nil); resp.StatusCode != 400 {
		t.Errorf("removing the last operator: %d, want 400", resp.StatusCode)
	}
	if resp, _ := h.do("DELETE", "/v8/RbacRoles/"+id, nil); resp.StatusCode != 204 {
		t.Errorf("delete: %d", resp.StatusCode)
	}
	if resp, _ := h.do("GET", "/v8/RbacRoles/"+id, nil); resp.StatusCode != 404 {
		t.Errorf("deleted role: %d, want 404", resp.StatusCode)
	}
}

// TestRoleChangesAnswer204OnEveryVersion: the v6..v8 documents declare 204 for a role's PUT and
// DELETE and for adding and removing members.
func TestRoleChangesAnswer204OnEveryVersion(t *testing.T) {
	for _, v := range []int{6, 7, 8} {
		h := newHarness(t)
		vp := "/v" + strconv.Itoa(v)
		role := h.json("POST", vp+"/Organizations/"+OrganizationID+"/RbacRoles", roleBody("Desk"), map[bool]int{true: 201, false: 200}[v >= 8])
		id := role["id"].(string)
		for _, step := range []struct {
			method, path string
			body         any
		}{
			{"PUT", vp + "/RbacRoles/" + id, roleBody("Desk 2")},
			{"POST", vp + "/RbacRoles/" + id + "/operators", []any{rbacUser(UserRnDID)}},
			{"DELETE", vp + "/RbacRoles/" + id + "/operators?ids=" + UserRnDID, nil},
			{"DELETE", vp + "/RbacRoles/" + id, nil},
		} {
			if resp, data := h.do(step.method, step.path, step.body); resp.StatusCode != http.StatusNoContent {
				t.Errorf("v%d %s %s: %d %s, want 204", v, step.method, step.path, resp.StatusCode, data)
			}
		}
	}
}

// TestOrganizationDirectory: the organization's users and groups, filtered by name and display
// name (contains, any case), one user, group or site by ID, 404 for unknown IDs and another
// organization, 403 for the organization's own administrator.
func TestOrganizationDirectory(t *testing.T) {
	h := newHarness(t)
	for _, v := range []int{6, 7, 8} {
		base := "/v" + strconv.Itoa(v) + "/Organizations/" + OrganizationID
		names := func(path, key string) []string {
			var out []string
			for _, r := range results(t, h.get(base+path)) {
				out = append(out, r[key].(string))
			}
			return out
		}
		if got := names("/Users?userName=NORTH", "displayName"); !slices.Equal(got, []string{"Support North"}) {
			t.Errorf("v%d users named north: %v", v, got)
		}
		if got := names("/Users?displayName=a&limit=2", "id"); len(got) != 2 {
			t.Errorf("v%d a page of users: %v", v, got)
		}
		if got := names("/Groups?groupName=engineering@", "displayName"); !slices.Equal(got, []string{"Engineering"}) {
			t.Errorf("v%d groups: %v", v, got)
		}
		if got := names("/Groups?displayName=sup", "type"); !slices.Equal(got, []string{"Office365"}) {
			t.Errorf("v%d groups by display name: %v", v, got)
		}
		if u := h.get(base + "/Users/" + UserSupportNorthID); u["name"] != "support_north@"+OrganizationName || u["type"] != "Shared" {
			t.Errorf("v%d user: %v", v, u)
		}
		if g := h.get(base + "/Groups/" + GroupEngineeringID); g["type"] != "Security" {
			t.Errorf("v%d group: %v", v, g)
		}
		if st := h.get(base + "/Sites/" + SiteLegalID); st["title"] != "Legal" || st["isCloud"] != true || st["isPersonal"] != false {
			t.Errorf("v%d site: %v", v, st)
		}
		for _, path := range []string{base + "/Users/" + GroupSupportID, base + "/Groups/" + UserRnDID, base + "/Sites/" + UserRnDID,
			"/v" + strconv.Itoa(v) + "/Organizations/00000000-0000-0000-0000-000000000000/Users"} {
			h.json("GET", path, nil, http.StatusNotFound)
		}
		_, tok := h.tokenResponse(v, tenantForm())
		if resp, _ := h.doWithToken("GET", base+"/Users", nil, tok["access_token"].(string)); resp.StatusCode != http.StatusForbidden {
			t.Errorf("v%d tenant: %d, want 403", v, resp.StatusCode)
		}
	}
}
