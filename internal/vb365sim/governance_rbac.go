package vb365sim

import (
	"net/http"
	"strconv"
	"strings"
)

// Restore operator roles (RbacRoles, API v6+) and the Restore Portal settings, written from the
// v6..v8 documents. A role (RESTRbacRole) belongs to an organization; its operators
// (RESTRbacOperator: users or groups) may restore the role's selected items (RESTRbacItemComposed:
// users, groups, sites; teams on v8) of the organization, or all of it (roleType
// EntireOrganization), except its excluded items. The create model (RESTRbacRoleCreateModel)
// carries the members; PUT takes the same model and replaces what it carries.

// Sites of the fixture organization, for role items.
const (
	SiteIntranetID = "8bef8dbb-9cde-4a7f-8bd8-7daecf4a6b88"
	SiteLegalID    = "9cfa9ecc-adef-4b8a-9ce9-8ebfda5b7c99"
)

// orgSite is a SharePoint site of the fixture organization (RESTRbacSite).
type orgSite struct {
	id, title, url string
}

func fixtureSites() []orgSite {
	return []orgSite{
		{SiteIntranetID, "Intranet", "https://bestsupport.sharepoint.com/sites/intranet"},
		{SiteLegalID, "Legal", "https://bestsupport.sharepoint.com/sites/legal"},
	}
}

// rbacMember is an operator or an item of a role.
type rbacMember struct {
	typ string // User, Group, Site
	id  string
}

type rbacRole struct {
	id, name, description, roleType string
	operators, selected, excluded   []rbacMember
}

func (g *governance) site(id string) *orgSite {
	for i := range g.sites {
		if strings.EqualFold(g.sites[i].id, id) {
			return &g.sites[i]
		}
	}
	return nil
}

func (g *governance) role(id string) *rbacRole {
	for _, r := range g.roles {
		if strings.EqualFold(r.id, id) {
			return r
		}
	}
	return nil
}

func (s *Server) rbacRoutes() []route {
	r := func(method, tmpl string, minV, maxV int, h routeFunc) route {
		return route{method: method, template: tmpl, segs: strings.Split(strings.TrimPrefix(tmpl, "/"), "/"), minV: minV, maxV: maxV, handler: h}
	}
	const tRole = "/RbacRoles/{id}"
	routes := []route{
		r("GET", "/RbacRoles", 6, 8, s.handleRoles),
		r("GET", tOrganization+"/RbacRoles", 6, 8, s.handleRoles),
		r("POST", tOrganization+"/RbacRoles", 6, 8, s.handleCreateRole),
		r("GET", tRole, 6, 8, s.handleRole),
		r("PUT", tRole, 6, 8, s.handlePutRole),
		r("DELETE", tRole, 6, 8, s.handleDeleteRole),
		r("GET", "/RestorePortalSettings", 6, 8, s.handleRestorePortalSettings),
	}
	for _, list := range []string{"operators", "selectedItems", "excludedItems"} {
		routes = append(routes,
			r("GET", tRole+"/"+list, 6, 8, func(c *reqCtx) { s.handleRoleMembers(c, list) }),
			r("GET", tRole+"/"+list+"/{id}", 6, 8, func(c *reqCtx) { s.handleRoleMember(c, list) }),
			r("POST", tRole+"/"+list, 6, 8, func(c *reqCtx) { s.handleAddRoleMembers(c, list) }),
			r("DELETE", tRole+"/"+list, 6, 8, func(c *reqCtx) { s.handleRemoveRoleMembers(c, list) }),
		)
	}
	return routes
}

func (r *rbacRole) members(list string) *[]rbacMember {
	switch list {
	case "operators":
		return &r.operators
	case "selectedItems":
		return &r.selected
	}
	return &r.excluded
}

func (s *Server) renderRoleLocked(c *reqCtx, r *rbacRole) map[string]any {
	return map[string]any{
		"id": r.id, "organizationId": s.org.id, "name": r.name, "description": r.description, "roleType": r.roleType,
		"_links": map[string]any{"self": map[string]any{"href": "/v" + strconv.Itoa(c.v) + "/RbacRoles/" + r.id}},
	}
}

// renderMemberLocked renders RESTRbacOperator or RESTRbacItemComposed.
func (s *Server) renderMemberLocked(c *reqCtx, m rbacMember) map[string]any {
	out := map[string]any{"id": m.id, "type": m.typ}
	switch m.typ {
	case "User":
		if u := s.gov.user(m.id); u != nil {
			t := map[string]string{"User": "User", "Shared": "SharedMailbox", "Public": "PublicMailbox"}[u.typ]
			out["user"] = map[string]any{"id": u.id, "displayName": u.displayName, "name": u.name, "type": t}
		}
	case "Group":
		if g := s.gov.group(m.id); g != nil {
			out["group"] = map[string]any{"id": g.id, "displayName": g.displayName, "name": g.name, "type": g.typ}
		}
	case "Site":
		if st := s.gov.site(m.id); st != nil {
			out["site"] = map[string]any{"id": st.id, "url": st.url, "title": st.title, "isCloud": true, "isPersonal": false}
		}
	}
	return out
}

func (s *Server) handleRoles(c *reqCtx) {
	if len(c.params) > 0 && !c.orgOrNotFound() {
		return
	}
	s.mu.Lock()
	out := make([]map[string]any, 0, len(s.gov.roles))
	for _, r := range s.gov.roles {
		out = append(out, s.renderRoleLocked(c, r))
	}
	s.mu.Unlock()
	writeJSON(c.w, http.StatusOK, out)
}

// roleOrNotFound finds the role of the route's first parameter; the caller holds s.mu.
func (c *reqCtx) roleOrNotFoundLocked() *rbacRole {
	r := c.s.gov.role(c.params[0])
	if r == nil {
		c.notFound("Restore operator role with ID '" + c.params[0] + "' was not found.")
	}
	return r
}

func (s *Server) handleRole(c *reqCtx) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := c.roleOrNotFoundLocked(); r != nil {
		writeJSON(c.w, http.StatusOK, s.renderRoleLocked(c, r))
	}
}

// readMembers reads an array of RESTRbacOperator (operators) or RESTRbacItemComposed; every
// member must name a known user, group or site (operators: users and groups only) once, as a
// whole RESTRbacUser, RESTRbacGroup or RESTRbacSite object (rbacObjectID).
func (s *Server) readMembersLocked(c *reqCtx, raw any, list string) ([]rbacMember, string) {
	arr, ok := raw.([]any)
	if !ok {
		return nil, "Property '" + list + "' must be an array."
	}
	seen := map[string]bool{}
	out := make([]rbacMember, 0, len(arr))
	for i, el := range arr {
		m, ok := el.(map[string]any)
		if !ok {
			return nil, "Every element of '" + list + "' must be an object."
		}
		typ, _ := getString(m, "type")
		var key string
		switch strings.ToLower(typ) {
		case "user":
			typ, key = "User", "user"
		case "group":
			typ, key = "Group", "group"
		case "site":
			typ, key = "Site", "site"
		default:
			return nil, "Type '" + typ + "' is not valid in '" + list + "'."
		}
		if list == "operators" && typ == "Site" {
			return nil, "A restore operator must be a user or a group."
		}
		id, msg := rbacObjectID(m, key, list+"["+strconv.Itoa(i)+"]")
		if msg != "" {
			return nil, msg
		}
		known := (typ == "User" && s.gov.user(id) != nil) || (typ == "Group" && s.gov.group(id) != nil) ||
			(typ == "Site" && s.gov.site(id) != nil)
		if !known {
			return nil, typ + " with ID '" + id + "' was not found in organization '" + s.org.name + "'."
		}
		if seen[strings.ToLower(id)] {
			return nil, "The " + strings.ToLower(typ) + " with ID '" + id + "' is specified more than once in '" + list + "'."
		}
		seen[strings.ToLower(id)] = true
		out = append(out, rbacMember{typ: typ, id: id})
	}
	return out, ""
}

// applyRoleBodyLocked applies a RESTRbacRoleCreateModel to r (a copy); arrays absent keep r's.
func (s *Server) applyRoleBodyLocked(c *reqCtx, r *rbacRole, body map[string]any) string {
	if name, present := lookup(body, "name"); present {
		n, _ := name.(string)
		r.name = n
	}
	if d, present := lookup(body, "description"); present {
		r.description, _ = d.(string)
	}
	if rt, present := lookup(body, "roleType"); present && rt != nil {
		t, _ := rt.(string)
		switch strings.ToLower(t) {
		case "entireorganization":
			r.roleType = "EntireOrganization"
		case "specificobjects":
			r.roleType = "SpecificObjects"
		default:
			return "Role type '" + t + "' is not valid."
		}
	}
	for _, list := range []string{"operators", "selectedItems", "excludedItems"} {
		raw, present := lookup(body, list)
		if !present || raw == nil {
			continue
		}
		members, msg := s.readMembersLocked(c, raw, list)
		if msg != "" {
			return msg
		}
		*r.members(list) = members
	}
	return s.checkRoleLocked(r)
}

// checkRoleLocked is what every stored role satisfies.
func (s *Server) checkRoleLocked(r *rbacRole) string {
	switch {
	case strings.TrimSpace(r.name) == "":
		return "Specify the name of the restore operator role."
	case len(r.operators) == 0:
		return "Add at least one restore operator to the role."
	case r.roleType == "SpecificObjects" && len(r.selected) == 0:
		return "A role of type SpecificObjects needs at least one selected item."
	case r.roleType == "EntireOrganization" && len(r.selected) > 0:
		return "Selected items apply to roles of type SpecificObjects only."
	}
	for _, other := range s.gov.roles {
		if other.id != r.id && strings.EqualFold(other.name, r.name) {
			return "A restore operator role named '" + r.name + "' already exists."
		}
	}
	for _, ex := range r.excluded {
		for _, sel := range r.selected {
			if strings.EqualFold(ex.id, sel.id) {
				return "The " + strings.ToLower(ex.typ) + " with ID '" + ex.id + "' cannot be both selected and excluded."
			}
		}
	}
	return ""
}

func (s *Server) handleCreateRole(c *reqCtx) {
	if !c.orgOrNotFound() {
		return
	}
	body, err := readJSONObject(c)
	if err != nil || body == nil {
		c.badRequest("The request body must be a restore operator role (RESTRbacRoleCreateModel).")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r := &rbacRole{id: newUUID(), roleType: "EntireOrganization"}
	if msg := s.applyRoleBodyLocked(c, r, body); msg != "" {
		c.badRequest(msg)
		return
	}
	s.gov.roles = append(s.gov.roles, r)
	status := http.StatusOK
	if c.v >= 8 {
		status = http.StatusCreated
	}
	writeJSON(c.w, status, s.renderRoleLocked(c, r))
}

func (s *Server) handlePutRole(c *reqCtx) {
	body, err := readJSONObject(c)
	if err != nil || body == nil {
		c.badRequest("The request body must be a restore operator role (RESTRbacRoleCreateModel).")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r := c.roleOrNotFoundLocked()
	if r == nil {
		return
	}
	next := *r
	next.operators, next.selected, next.excluded = append([]rbacMember(nil), r.operators...),
		append([]rbacMember(nil), r.selected...), append([]rbacMember(nil), r.excluded...)
	if msg := s.applyRoleBodyLocked(c, &next, body); msg != "" {
		c.badRequest(msg)
		return
	}
	*r = next
	c.emptyAnswer(http.StatusNoContent) // 204 on every version (v6..v8 documents)
}

func (s *Server) handleDeleteRole(c *reqCtx) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := c.roleOrNotFoundLocked()
	if r == nil {
		return
	}
	for i, other := range s.gov.roles {
		if other == r {
			s.gov.roles = append(s.gov.roles[:i], s.gov.roles[i+1:]...)
			break
		}
	}
	c.emptyAnswer(http.StatusNoContent) // 204 on every version (v6..v8 documents)
}

func (s *Server) handleRoleMembers(c *reqCtx, list string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := c.roleOrNotFoundLocked()
	if r == nil {
		return
	}
	out := make([]map[string]any, 0)
	for _, m := range *r.members(list) {
		out = append(out, s.renderMemberLocked(c, m))
	}
	writeJSON(c.w, http.StatusOK, out)
}

func (s *Server) handleRoleMember(c *reqCtx, list string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := c.roleOrNotFoundLocked()
	if r == nil {
		return
	}
	for _, m := range *r.members(list) {
		if strings.EqualFold(m.id, c.params[1]) {
			writeJSON(c.w, http.StatusOK, s.renderMemberLocked(c, m))
			return
		}
	}
	c.notFound("Item with ID '" + c.params[1] + "' was not found in the role.")
}

// handleAddRoleMembers adds members; a member already in the list is refused (duplicate).
func (s *Server) handleAddRoleMembers(c *reqCtx, list string) {
	arr, err := readJSONArray(c)
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	raw := make([]any, len(arr))
	for i := range arr {
		raw[i] = arr[i]
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r := c.roleOrNotFoundLocked()
	if r == nil {
		return
	}
	add, msg := s.readMembersLocked(c, raw, list)
	if msg == "" {
		for _, m := range add {
			for _, have := range *r.members(list) {
				if strings.EqualFold(have.id, m.id) {
					msg = "The " + strings.ToLower(m.typ) + " with ID '" + m.id + "' is already in '" + list + "' of the role."
				}
			}
		}
	}
	next := *r
	*next.members(list) = append(append([]rbacMember(nil), *r.members(list)...), add...)
	if msg == "" {
		msg = s.checkRoleLocked(&next)
	}
	if msg != "" {
		c.badRequest(msg)
		return
	}
	*r = next
	c.emptyAnswer(http.StatusNoContent) // 204 on every version (v6..v8 documents)
}

// handleRemoveRoleMembers removes the members named by ids (comma-separated).
func (s *Server) handleRemoveRoleMembers(c *reqCtx, list string) {
	ids := strings.Split(c.query["ids"], ",")
	s.mu.Lock()
	defer s.mu.Unlock()
	r := c.roleOrNotFoundLocked()
	if r == nil {
		return
	}
	if c.query["ids"] == "" {
		c.badRequest("Specify the ids of the members to remove.")
		return
	}
	next := *r
	kept := []rbacMember{}
	for _, m := range *r.members(list) {
		drop := false
		for _, id := range ids {
			drop = drop || strings.EqualFold(strings.TrimSpace(id), m.id)
		}
		if !drop {
			kept = append(kept, m)
		}
	}
	if len(kept) != len(*r.members(list))-len(ids) {
		c.notFound("Not every ID in ids is in '" + list + "' of the role.")
		return
	}
	*next.members(list) = kept
	if msg := s.checkRoleLocked(&next); msg != "" {
		c.badRequest(msg)
		return
	}
	*r = next
	c.emptyAnswer(http.StatusNoContent) // 204 on every version (v6..v8 documents)
}

func (s *Server) handleRestorePortalSettings(c *reqCtx) {
	s.mu.Lock()
	p := s.gov.portal
	s.mu.Unlock()
	out := map[string]any{"applicationId": p.applicationID, "msalAuthorityUri": p.authority, "isEnabled": p.enabled}
	if c.v >= 8 {
		out["restorePortalUri"] = p.portalURI
	}
	writeJSON(c.w, http.StatusOK, out)
}

// restorePortal is the Restore Portal configuration the simulator reports.
type restorePortal struct {
	enabled                             bool
	applicationID, authority, portalURI string
}

func fixturePortal() restorePortal {
	return restorePortal{enabled: true, applicationID: "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6",
		authority: "https://login.microsoftonline.com/", portalURI: "https://vb365.example.com:4443/"}
}

// ---- test and demo hooks ----

// RoleOperatorIDs returns the IDs of a role's operators (nil when there is no such role).
func (s *Server) RoleOperatorIDs(roleID string) []string {
	return s.roleMemberIDs(roleID, "operators")
}

// RoleSelectedItemIDs and RoleExcludedItemIDs return the IDs of a role's items.
func (s *Server) RoleSelectedItemIDs(roleID string) []string {
	return s.roleMemberIDs(roleID, "selectedItems")
}

func (s *Server) RoleExcludedItemIDs(roleID string) []string {
	return s.roleMemberIDs(roleID, "excludedItems")
}

func (s *Server) roleMemberIDs(roleID, list string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.gov.role(roleID)
	if r == nil {
		return nil
	}
	out := []string{}
	for _, m := range *r.members(list) {
		out = append(out, m.id)
	}
	return out
}

// RoleIDs returns the IDs of every restore operator role.
func (s *Server) RoleIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []string{}
	for _, r := range s.gov.roles {
		out = append(out, r.id)
	}
	return out
}

// ChangeRoleOutOfBand changes a role as an administrator in the console would: a new set of
// operator user IDs (nil keeps them) and a new name (empty keeps it). It reports whether the
// role exists.
func (s *Server) ChangeRoleOutOfBand(roleID string, operatorUserIDs []string, name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.gov.role(roleID)
	if r == nil {
		return false
	}
	if operatorUserIDs != nil {
		r.operators = nil
		for _, id := range operatorUserIDs {
			r.operators = append(r.operators, rbacMember{typ: "User", id: id})
		}
	}
	if name != "" {
		r.name = name
	}
	return true
}

// DeleteRoleOutOfBand deletes a role behind the provider's back.
func (s *Server) DeleteRoleOutOfBand(roleID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, r := range s.gov.roles {
		if strings.EqualFold(r.id, roleID) {
			s.gov.roles = append(s.gov.roles[:i], s.gov.roles[i+1:]...)
			return
		}
	}
}

// rbacRequired are the properties the documents require of RESTRbacUser, RESTRbacGroup and
// RESTRbacSite (the same in v6..v8), and the values their type may take (null included).
var rbacRequired = map[string][]string{
	"user":  {"id", "displayName", "name", "type"},
	"group": {"id", "displayName", "name", "type"},
	"site":  {"id", "url", "title", "isCloud", "isPersonal"},
}

var rbacTypes = map[string][]string{
	"user":  {"User", "SharedMailbox", "PublicMailbox"},
	"group": {"Office365", "Security", "Distribution", "DynamicDistribution", "Unknown"},
}

// rbacObjectID reads the ID of a role member or an operator scope (RESTRbacItemComposed,
// RESTRbacOperator) from its nested object m[key], which must carry every property the documents
// require; a member reduced to {"id"} is refused, as the server's model validation refuses it.
// It returns the ID, or the refusal's message.
func rbacObjectID(m map[string]any, key, where string) (string, string) {
	raw, _ := lookup(m, key)
	nested, ok := raw.(map[string]any)
	if !ok {
		return "", "Parameter '" + where + "." + key + "' is required: a " + key + " object (RESTRbac" + strings.ToUpper(key[:1]) + key[1:] + ")."
	}
	for _, name := range rbacRequired[key] {
		if _, present := lookup(nested, name); !present {
			return "", "Parameter '" + where + "." + key + "." + name + "' is required."
		}
	}
	if allowed := rbacTypes[key]; allowed != nil {
		if t, _ := lookup(nested, "type"); t != nil {
			ts, _ := t.(string)
			valid := false
			for _, a := range allowed {
				valid = valid || strings.EqualFold(a, ts)
			}
			if !valid {
				return "", "Parameter '" + where + "." + key + ".type' has an invalid value '" + ts + "'."
			}
		}
	}
	id, _ := getString(nested, "id")
	if top, _ := getString(m, "id"); top != "" && !strings.EqualFold(top, id) {
		return "", "Parameter '" + where + ".id' ('" + top + "') and '" + where + "." + key + ".id' ('" + id + "') name different objects."
	}
	return id, ""
}
