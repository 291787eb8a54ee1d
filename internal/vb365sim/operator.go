package vb365sim

import (
	"net/http"
	"slices"
	"strings"
)

// Restore operators (v6+), written from the v6..v8 documents: POST /vN/Token with
// grant_type=operator (client_id "userId.tenantId" and an assertion from the Microsoft identity
// platform), POST /vN/Organization/OperatorExplore (RESTOperatorExploreOptions: scope, reason,
// repositoryId on v8) and POST .../mailboxes/{id}/items/operatorRestore
// (RESTOperatorRestoreOptions with reason, answered with RESTOperatorRestoreResponse
// {"sessionId"} on every version).

const (
	// TenantID is the Microsoft 365 tenant of the fixture organization: the second half of an
	// operator's client_id.
	TenantID = "0e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8"
	// OperatorAssertion stands for a valid Microsoft identity platform assertion: the
	// simulator accepts only this value (a real server validates the token with Entra ID).
	OperatorAssertion = "simulated-entra-assertion"
)

// OperatorClientID is the client_id of an operator grant for the fixture user userID.
func OperatorClientID(userID string) string { return userID + "." + TenantID }

// operatorSignIn checks an operator grant; the caller holds s.mu. It returns the operator's
// user ID, or the refusal's description.
func (s *Server) operatorSignIn(v int, clientID, assertion string) (string, string) {
	if v < 6 {
		return "", "Grant type 'operator' is not supported."
	}
	userID, tenant, ok := strings.Cut(clientID, ".")
	if !ok || !strings.EqualFold(tenant, TenantID) || s.gov.user(userID) == nil {
		return "", "The client_id must be 'userId.tenantId' of a user of an added organization."
	}
	if assertion != OperatorAssertion {
		return "", "The assertion is not valid for this user."
	}
	if s.operatorRoleLocked(userID) == nil {
		return "", "User '" + userID + "' is not an operator of any restore operator role."
	}
	return s.gov.user(userID).id, ""
}

// operatorRoleLocked is the first role listing userID among its operators; the caller holds s.mu.
func (s *Server) operatorRoleLocked(userID string) *rbacRole {
	for _, r := range s.gov.roles {
		for _, m := range r.operators {
			if strings.EqualFold(m.typ, "User") && strings.EqualFold(m.id, userID) {
				return r
			}
		}
	}
	return nil
}

// operatorName is the display name the server records for an operator.
func (s *Server) operatorName(userID string) string {
	if u := s.gov.user(userID); u != nil {
		return u.name
	}
	return userID
}

// denyOperator answers 403 to a request that is not signed in as a restore operator.
func (c *reqCtx) denyOperator() bool {
	if c.operator != "" {
		return false
	}
	c.fail(http.StatusForbidden, "ResourceAccessDenied", "This resource is available to restore operators only; sign in with grant_type=operator.")
	return true
}

// handleOperatorExplore serves POST /vN/Organization/OperatorExplore (v6+): an explore session
// of the organization that records the operator, the reason and the scope's name.
func (s *Server) handleOperatorExplore(c *reqCtx) {
	if c.denyOperator() {
		return
	}
	body, err := readJSONObject(c)
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	c.scopeName = s.org.name
	if raw, present := body["scope"]; present && raw != nil {
		scope, ok := raw.(map[string]any)
		if !ok {
			c.badRequest("Parameter 'scope' must be an object (RESTRbacItemComposed).")
			return
		}
		name, msg := s.operatorScopeName(scope)
		if msg != "" {
			c.badRequest(msg)
			return
		}
		c.scopeName = name
	}
	status := http.StatusOK
	if c.v >= 8 {
		status = http.StatusCreated
	}
	s.mu.Lock()
	c.operatorMailboxes = s.operatorMailboxesLocked(c.operator)
	s.mu.Unlock()
	s.explore(c, body, body, status)
}

// operatorMailboxesLocked are the IDs of the mailboxes that the restore operator roles listing
// operatorID let it restore: every mailbox of an EntireOrganization role, the mailboxes of the
// users and groups a SpecificObjects role selects, less the users and groups a role excludes.
// A mailbox belongs to the user whose name is its address. The caller holds s.mu.
func (s *Server) operatorMailboxesLocked(operatorID string) []string {
	var allowed []string
	for _, mb := range s.mailboxes {
		owner := s.mailboxOwnerLocked(mb)
		if slices.ContainsFunc(s.gov.roles, func(r *rbacRole) bool { return s.roleAllowsLocked(r, operatorID, owner) }) {
			allowed = append(allowed, mb.id)
		}
	}
	return allowed
}

// roleAllowsLocked reports whether role r lets operatorID restore the mailbox of user owner
// ("" for a mailbox of no user: only an EntireOrganization role allows it).
func (s *Server) roleAllowsLocked(r *rbacRole, operatorID, owner string) bool {
	switch {
	case !s.roleListsLocked(r.operators, operatorID):
		return false
	case owner == "":
		return r.roleType == "EntireOrganization"
	case s.roleListsLocked(r.excluded, owner):
		return false
	}
	return r.roleType == "EntireOrganization" || s.roleListsLocked(r.selected, owner)
}

// roleListsLocked reports whether members name the user, directly or through a group.
func (s *Server) roleListsLocked(members []rbacMember, userID string) bool {
	for _, m := range members {
		switch {
		case strings.EqualFold(m.typ, "User") && strings.EqualFold(m.id, userID):
			return true
		case strings.EqualFold(m.typ, "Group"):
			if g := s.gov.group(m.id); g != nil && containsFold(g.members, userID) {
				return true
			}
		}
	}
	return false
}

// operatorScopeName resolves a RESTRbacItemComposed scope (a user or a group, as a whole
// RESTRbacUser or RESTRbacGroup object) to its name.
func (s *Server) operatorScopeName(scope map[string]any) (string, string) {
	typ, _ := getString(scope, "type")
	id, _ := getString(scope, "id")
	if key := strings.ToLower(typ); key == "user" || key == "group" {
		nestedID, msg := rbacObjectID(scope, key, "scope") // a whole RESTRbacUser or RESTRbacGroup
		if msg != "" {
			return "", msg
		}
		id = nestedID
	}
	switch {
	case strings.EqualFold(typ, "User") && s.gov.user(id) != nil:
		return s.gov.user(id).displayName, ""
	case strings.EqualFold(typ, "Group") && s.gov.group(id) != nil:
		return s.gov.group(id).displayName, ""
	}
	return "", "Parameter 'scope' must name a user or a group of the organization; got type '" + typ + "' and ID '" + id + "'."
}

// handleOperatorRestore serves POST .../mailboxes/{id}/items/operatorRestore (v6+): the items
// restored to their original location in a new restore session that records the reason.
func (s *Server) handleOperatorRestore(c *reqCtx) {
	if c.denyOperator() {
		return
	}
	body, err := readJSONObject(c)
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	ss, mb, ok := c.mailbox()
	if !ok {
		return
	}
	if ss.operatorID == "" || !strings.EqualFold(ss.operatorID, c.operator) {
		c.fail(http.StatusForbidden, "ResourceAccessDenied", "Restore session '"+ss.id+"' was not started by this restore operator (use Organization/OperatorExplore).")
		return
	}
	reason, err := getString(body, "reason")
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	for _, k := range []string{"changedItems", "deletedItems", "markRestoredAsUnread"} {
		if _, _, err := getBool(body, k); err != nil {
			c.badRequest(err.Error())
			return
		}
	}
	if _, err := getString(body, "folder"); err != nil {
		c.badRequest(err.Error())
		return
	}
	ids, _, err := getItemIDs(body)
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	if len(ids) == 0 {
		c.badRequest("Parameter 'items' must list at least one item: [{\"id\": \"...\"}].")
		return
	}
	items := make([]*item, 0, len(ids))
	canonical := make([]string, 0, len(ids))
	for _, id := range ids {
		it := mb.findItem(id, ss.view())
		if it == nil {
			c.notFound("Item with ID '" + id + "' was not found in mailbox '" + mb.id + "'.")
			return
		}
		items = append(items, it)
		canonical = append(canonical, it.id)
	}
	changed, _, _ := getBool(body, "changedItems")
	out := s.restore("original\x00"+mb.id, items, changed)
	out.mailboxID, out.mailboxName, out.mailboxEmail = mb.id, mb.name, mb.email
	out.mailboxIsArchive, out.mailboxIsPublic = mb.isArchive, mb.isPublic
	counts := out.counts()
	e := c.ledgerEntry(actionRestoreOriginal)
	e.RestoreSessionID, e.MailboxID, e.ItemIDs, e.Body, e.Bulk = ss.id, mb.id, canonical, redactMap(body), true
	e.Restore, e.Reason = &counts, reason
	rs := &session{
		id: newUUID(), kind: sessionRestore, name: "Restore items", state: "Working", result: "Success",
		created: s.now(), initiatedBy: c.principal(), reason: reason, scopeName: ss.scopeName, operatorID: c.operator,
		pointInTime: ss.pointInTime, parentID: ss.id, pollsLeft: s.asyncPolls, stats: out,
	}
	e.AsyncSessionID = rs.id
	s.mu.Lock()
	s.addSession(rs)
	s.mu.Unlock()
	events := itemEvents(actionRestoreOriginal, mb, items, mb.email, restoreStatuses(items, out))
	s.recordExecuted(e, events, ss, rs)
	writeJSON(c.w, http.StatusOK, map[string]any{"sessionId": rs.id})
}
