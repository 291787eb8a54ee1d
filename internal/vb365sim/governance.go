package vb365sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Governance: the organization's users and groups, its audit items (the users and groups the
// server sends audit notifications for, v5+), written from the v6..v8 documents
// (Organizations/{organizationId}/AuditItems: GET, POST an array of RESTAuditUserOrGroup,
// POST remove with RESTRemoveAuditItemsOptions).

// Users and groups of the fixture organization, for audit items and restore-operator roles.
const (
	UserJohnSmithID    = "1a7e1c44-2b6d-4f0e-9a61-0c3d5e7f9a11"
	UserSupportNorthID = "2b8f2d55-3c7e-4a1f-8b72-1d4e6f8a0b22"
	UserQADallasID     = "3c9a3e66-4d8f-4b2a-9c83-2e5f7a9b1c33"
	UserRnDID          = "4dab4f77-5e9a-4c3b-8d94-3f6a8b0c2d44"
	UserOperatorID     = "5ebc5a88-6fab-4d4c-9ea5-4a7b9c1d3e55" // restore operator of the fixture
	GroupSupportID     = "6fcd6b99-7abc-4e5d-8fb6-5b8cad2e4f66" // Support team (j_smith, support_north)
	GroupEngineeringID = "7ade7caa-8bcd-4f6e-9ac7-6c9dbe3f5a77" // Engineering (qa_dallas, rnd)
)

// orgUser is a user of the fixture organization (RESTUser).
type orgUser struct {
	id, displayName, name, typ string
}

// orgGroup is a group of the fixture organization (RESTGroup) with its members' user IDs (the
// server reads them from Microsoft 365; no REST route lists them).
type orgGroup struct {
	id, displayName, name, typ string
	members                    []string
}

func fixtureUsers() []orgUser {
	return []orgUser{
		{UserJohnSmithID, "John Smith", "j_smith@" + OrganizationName, "User"},
		{UserSupportNorthID, "Support North", "support_north@" + OrganizationName, "Shared"},
		{UserQADallasID, "QA Dallas", "qa_dallas@" + OrganizationName, "User"},
		{UserRnDID, "R&D", "rnd@" + OrganizationName, "User"},
		{UserOperatorID, "Restore Operator", "restore.operator@" + OrganizationName, "User"},
	}
}

func fixtureGroups() []orgGroup {
	return []orgGroup{
		{GroupSupportID, "Support", "support@" + OrganizationName, "Office365", []string{UserJohnSmithID, UserSupportNorthID}},
		{GroupEngineeringID, "Engineering", "engineering@" + OrganizationName, "Security", []string{UserQADallasID, UserRnDID}},
	}
}

// governance is the server's governance state; guarded by Server.mu.
type governance struct {
	users  []orgUser
	groups []orgGroup
	// audit is the audit list of the fixture organization, in the order items were added;
	// an item's ID is the ID of its user or group.
	audit []auditItem
	// email is the audit e-mail configuration; testEmails the test messages sent.
	email      auditEmail
	testEmails []TestEmail
	// sites of the organization, restore operator roles and the Restore Portal (governance_rbac.go).
	sites  []orgSite
	roles  []*rbacRole
	portal restorePortal
}

type auditItem struct {
	typ string // "User" or "Group"
	id  string
}

func newGovernance() *governance {
	return &governance{users: fixtureUsers(), groups: fixtureGroups(), email: newAuditEmail(),
		sites: fixtureSites(), portal: fixturePortal()}
}

func (g *governance) user(id string) *orgUser {
	for i := range g.users {
		if strings.EqualFold(g.users[i].id, id) {
			return &g.users[i]
		}
	}
	return nil
}

func (g *governance) group(id string) *orgGroup {
	for i := range g.groups {
		if strings.EqualFold(g.groups[i].id, id) {
			return &g.groups[i]
		}
	}
	return nil
}

func (g *governance) auditIndex(id string) int {
	for i, it := range g.audit {
		if strings.EqualFold(it.id, id) {
			return i
		}
	}
	return -1
}

// governanceRoutes are the governance routes; served from v5 (audit) and v6 (the rest).
func (s *Server) governanceRoutes() []route {
	r := func(method, tmpl string, minV, maxV int, h routeFunc) route {
		return route{method: method, template: tmpl, segs: strings.Split(strings.TrimPrefix(tmpl, "/"), "/"), minV: minV, maxV: maxV, handler: h}
	}
	routes := []route{
		r("GET", tOrganization+"/AuditItems", 5, 8, s.handleAuditItems),
		r("POST", tOrganization+"/AuditItems", 5, 8, s.handleAddAuditItems),
		r("POST", tOrganization+"/AuditItems/remove", 5, 8, s.handleRemoveAuditItems),
	}
	routes = append(routes, s.emailRoutes()...)
	return append(routes, s.rbacRoutes()...)
}

// orgOrNotFound answers 404 unless the route's first parameter is the fixture organization.
func (c *reqCtx) orgOrNotFound() bool {
	if strings.EqualFold(c.params[0], c.s.org.id) {
		return true
	}
	c.notFound("Organization with ID '" + c.params[0] + "' was not found.")
	return false
}

// renderUser renders RESTUser of version v: v7 added office and onPremisesSid.
func renderUser(v int, u *orgUser) map[string]any {
	out := map[string]any{"id": u.id, "displayName": u.displayName, "name": u.name, "type": u.typ, "locationType": "Cloud"}
	if v >= 7 {
		out["office"], out["onPremisesSid"] = "", ""
	}
	return out
}

func renderGroup(g *orgGroup) map[string]any {
	return map[string]any{"id": g.id, "displayName": g.displayName, "name": g.name, "type": g.typ, "locationType": "Cloud"}
}

func (s *Server) renderAuditItemLocked(c *reqCtx, it auditItem) map[string]any {
	out := map[string]any{"id": it.id, "type": it.typ}
	if it.typ == "User" {
		if u := s.gov.user(it.id); u != nil {
			out["user"] = renderUser(c.v, u)
		}
	} else if g := s.gov.group(it.id); g != nil {
		out["group"] = renderGroup(g)
	}
	out["_links"] = map[string]any{"organization": map[string]any{"href": "/v" + fmt.Sprint(c.v) + "/Organizations/" + s.org.id}}
	return out
}

// handleAuditItems: GET Organizations/{id}/AuditItems answers a bare array (not a page).
func (s *Server) handleAuditItems(c *reqCtx) {
	if !c.orgOrNotFound() {
		return
	}
	s.mu.Lock()
	out := make([]map[string]any, 0, len(s.gov.audit))
	for _, it := range s.gov.audit {
		out = append(out, s.renderAuditItemLocked(c, it))
	}
	s.mu.Unlock()
	writeJSON(c.w, http.StatusOK, out)
}

// readJSONArray reads a request body that must be a JSON array of objects.
func readJSONArray(c *reqCtx) ([]map[string]any, error) {
	raw, err := io.ReadAll(io.LimitReader(c.r.Body, maxBodyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading the request body: %v", err)
	}
	if len(raw) > maxBodyBytes {
		return nil, errors.New("the request body is too large")
	}
	var arr []map[string]any
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimSpace(raw)))
	if err := dec.Decode(&arr); err != nil || dec.More() {
		return nil, errors.New("the request body must be a JSON array of audit items")
	}
	return arr, nil
}

// auditRequestItem reads one RESTAuditUserOrGroup of a POST: type User with user.id, or type
// Group with group.id (the item's own id, when sent, must name the same object).
func auditRequestItem(el map[string]any) (auditItem, error) {
	typ, err := getString(el, "type")
	if err != nil {
		return auditItem{}, err
	}
	var key string
	switch strings.ToLower(typ) {
	case "user":
		typ, key = "User", "user"
	case "group":
		typ, key = "Group", "group"
	default:
		return auditItem{}, fmt.Errorf("audit item type '%s' is not valid; use User or Group", typ)
	}
	var id string
	if obj, ok := lookup(el, key); ok {
		m, isObj := obj.(map[string]any)
		if !isObj {
			return auditItem{}, fmt.Errorf("property '%s' must be an object", key)
		}
		if id, err = getString(m, "id"); err != nil {
			return auditItem{}, err
		}
	}
	own, err := getString(el, "id")
	if err != nil {
		return auditItem{}, err
	}
	switch {
	case id == "" && own == "":
		return auditItem{}, fmt.Errorf("audit item of type %s names no %s ID", typ, key)
	case id == "":
		id = own
	case own != "" && !strings.EqualFold(own, id):
		return auditItem{}, fmt.Errorf("audit item ID '%s' does not match %s ID '%s'", own, key, id)
	}
	return auditItem{typ: typ, id: id}, nil
}

// handleAddAuditItems adds the items of the array all or none: every item is checked (known
// user or group, not yet audited, not twice in the request) before any is added, so a refused
// request changes nothing.
func (s *Server) handleAddAuditItems(c *reqCtx) {
	if !c.orgOrNotFound() {
		return
	}
	arr, err := readJSONArray(c)
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	if len(arr) == 0 {
		c.badRequest("The list of audit items is empty.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := map[string]bool{}
	items := make([]auditItem, 0, len(arr))
	for _, el := range arr {
		it, err := auditRequestItem(el)
		if err != nil {
			c.badRequest(err.Error())
			return
		}
		if it.typ == "User" && s.gov.user(it.id) == nil {
			c.badRequest("User with ID '" + it.id + "' was not found in organization '" + s.org.name + "'.")
			return
		}
		if it.typ == "Group" && s.gov.group(it.id) == nil {
			c.badRequest("Group with ID '" + it.id + "' was not found in organization '" + s.org.name + "'.")
			return
		}
		key := strings.ToLower(it.id)
		if seen[key] || s.gov.auditIndex(it.id) >= 0 {
			c.badRequest("The " + strings.ToLower(it.typ) + " with ID '" + it.id + "' is already in the audit list.")
			return
		}
		seen[key] = true
		items = append(items, it)
	}
	s.gov.audit = append(s.gov.audit, items...)
	if c.v == 6 || c.v == 7 { // the v6 and v7 documents declare 201, v8 204
		c.emptyAnswer(http.StatusCreated)
		return
	}
	c.noContent()
}

// handleRemoveAuditItems removes the items named by itemIds; an ID that is not in the audit
// list is refused and nothing is removed.
func (s *Server) handleRemoveAuditItems(c *reqCtx) {
	if !c.orgOrNotFound() {
		return
	}
	body, err := readJSONObject(c)
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	ids, err := getStrings(body, "itemIds")
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	if len(ids) == 0 {
		c.badRequest("Specify the itemIds of the audit items to remove.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		if s.gov.auditIndex(id) < 0 {
			c.notFound("Audit item with ID '" + id + "' was not found.")
			return
		}
	}
	for _, id := range ids {
		i := s.gov.auditIndex(id)
		s.gov.audit = append(s.gov.audit[:i], s.gov.audit[i+1:]...)
	}
	c.noContent()
}

// getStrings reads an array of strings.
func getStrings(m map[string]any, key string) ([]string, error) {
	v, ok := lookup(m, key)
	if !ok || v == nil {
		return nil, nil
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("property '%s' must be an array of strings", key)
	}
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		s, isString := e.(string)
		if !isString {
			return nil, fmt.Errorf("property '%s' must be an array of strings", key)
		}
		out = append(out, s)
	}
	return out, nil
}

// ---- test and demo hooks: changes made "on the server" behind the provider's back ----

// AuditItemIDs returns the IDs of the audit list, in the order they were added.
func (s *Server) AuditItemIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, len(s.gov.audit))
	for i, it := range s.gov.audit {
		out[i] = it.id
	}
	return out
}

// RemoveAuditItemOutOfBand removes an audit item as an administrator in the console would;
// it reports whether the item was there.
func (s *Server) RemoveAuditItemOutOfBand(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.gov.auditIndex(id)
	if i < 0 {
		return false
	}
	s.gov.audit = append(s.gov.audit[:i], s.gov.audit[i+1:]...)
	return true
}
