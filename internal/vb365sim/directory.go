package vb365sim

import (
	"net/http"
	"strconv"
	"strings"
)

// The organization's users, groups and sites (API v6+), written from the v6..v8 documents:
// GET /Organizations/{organizationId}/Users (PageOfRESTUser; userName and displayName filters),
// .../Users/{userId} (RESTUser), .../Groups (PageOfRESTGroup; groupName and displayName
// filters), .../Groups/{groupId} (RESTGroup) and .../Sites/{siteId} (RESTSite). A filter
// matches names containing its text, case-insensitively. Restore operator roles name their
// members as these routes describe them (governance_rbac.go).

func (s *Server) directoryRoutes() []route {
	r := func(method, tmpl string, minV, maxV int, h routeFunc) route {
		return route{method: method, template: tmpl, segs: strings.Split(strings.TrimPrefix(tmpl, "/"), "/"), minV: minV, maxV: maxV, handler: h}
	}
	return []route{
		r("GET", tOrganization+"/Users", 6, 8, s.handleOrgUsers),
		r("GET", tOrganization+"/Users/{id}", 6, 8, s.handleOrgUser),
		r("GET", tOrganization+"/Groups", 6, 8, s.handleOrgGroups),
		r("GET", tOrganization+"/Groups/{id}", 6, 8, s.handleOrgGroup),
		r("GET", tOrganization+"/Sites/{id}", 6, 8, s.handleOrgSite),
	}
}

// directoryAccess answers 404 for another organization and 403 for a tenant or operator token
// (these are the backup administrator's routes); it reports whether the request may go on.
func (c *reqCtx) directoryAccess() bool {
	return !c.denyTenant() && c.orgOrNotFound()
}

func textContainsFold(s, sub string) bool {
	return sub == "" || strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

func (s *Server) handleOrgUsers(c *reqCtx) {
	if !c.directoryAccess() {
		return
	}
	s.mu.Lock()
	var shown []*orgUser
	for i := range s.gov.users {
		u := &s.gov.users[i]
		if textContainsFold(u.name, c.query["username"]) && textContainsFold(u.displayName, c.query["displayname"]) {
			shown = append(shown, u)
		}
	}
	s.mu.Unlock()
	c.writePage(len(shown), func(i int) any { return c.withSelf(renderUser(c.v, shown[i]), "Users", shown[i].id) })
}

func (s *Server) handleOrgUser(c *reqCtx) {
	if !c.directoryAccess() {
		return
	}
	s.mu.Lock()
	u := s.gov.user(c.params[1])
	s.mu.Unlock()
	if u == nil {
		c.notFound("User with ID '" + c.params[1] + "' was not found in organization '" + s.org.name + "'.")
		return
	}
	writeJSON(c.w, http.StatusOK, c.withSelf(renderUser(c.v, u), "Users", u.id))
}

func (s *Server) handleOrgGroups(c *reqCtx) {
	if !c.directoryAccess() {
		return
	}
	s.mu.Lock()
	var shown []*orgGroup
	for i := range s.gov.groups {
		g := &s.gov.groups[i]
		if textContainsFold(g.name, c.query["groupname"]) && textContainsFold(g.displayName, c.query["displayname"]) {
			shown = append(shown, g)
		}
	}
	s.mu.Unlock()
	c.writePage(len(shown), func(i int) any { return c.withSelf(renderGroup(shown[i]), "Groups", shown[i].id) })
}

func (s *Server) handleOrgGroup(c *reqCtx) {
	if !c.directoryAccess() {
		return
	}
	s.mu.Lock()
	g := s.gov.group(c.params[1])
	s.mu.Unlock()
	if g == nil {
		c.notFound("Group with ID '" + c.params[1] + "' was not found in organization '" + s.org.name + "'.")
		return
	}
	writeJSON(c.w, http.StatusOK, c.withSelf(renderGroup(g), "Groups", g.id))
}

func (s *Server) handleOrgSite(c *reqCtx) {
	if !c.directoryAccess() {
		return
	}
	s.mu.Lock()
	st := s.gov.site(c.params[1])
	s.mu.Unlock()
	if st == nil {
		c.notFound("Site with ID '" + c.params[1] + "' was not found in organization '" + s.org.name + "'.")
		return
	}
	out := map[string]any{"id": st.id, "url": st.url, "title": st.title, "name": st.title, "isCloud": true, "isPersonal": false, "isAvailable": true}
	writeJSON(c.w, http.StatusOK, c.withSelf(out, "Sites", st.id))
}

// withSelf adds the v6+ relative self link of an organization's user, group or site.
func (c *reqCtx) withSelf(out map[string]any, kind, id string) map[string]any {
	out["_links"] = map[string]any{"self": map[string]any{"href": "/v" + strconv.Itoa(c.v) + "/Organizations/" + c.s.org.id + "/" + kind + "/" + id}}
	return out
}
