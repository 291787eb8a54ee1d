package vb365sim

import (
	"net/http"
	"strings"
)

// Tenant sign-in: an organization's own administrator (the account the organization was added
// with) signs in instead of the backup administrator. Such a token reaches the organization
// through the tenant routes only:
//
//	GET  /vN/Organization            RESTLoggedInOrganization (every version)
//	POST /vN/Organization/Action     {"explore": {...}} (v3..v5) -> 201 session
//	POST /vN/Organization/Explore    RESTExploreOptions (v6+) -> 200 (v6/v7) / 201 (v8)
//
// The provider-side routes (GET /vN/Organizations, GET /vN/Organizations/{id}, explore by
// organization ID) answer it 403, and the tenant routes answer the backup administrator 403:
// neither account is the other. Restore sessions, browsing and restores are the same for both.

// Default credentials of the fixture organization's own administrator.
const (
	DefaultTenantUsername = "admin@" + OrganizationName
	DefaultTenantPassword = "vb365-sim-tenant-password"
)

// WithTenantCredentials sets the username and password of the organization's own administrator
// (default DefaultTenantUsername / DefaultTenantPassword); an empty username disables tenant
// sign-in.
func WithTenantCredentials(user, password string) Option {
	return func(s *Server) { s.tenantUsername, s.tenantPassword = user, password }
}

// signedInAs names the account a password grant signs in as: the backup administrator, the
// organization's administrator (tenant), or none (ok false).
func (s *Server) signedInAs(user, password string) (name string, tenant, ok bool) {
	switch {
	case s.username != "" && user == s.username && password == s.password:
		return s.username, false, true
	case s.tenantUsername != "" && user == s.tenantUsername && password == s.tenantPassword:
		return s.tenantUsername, true, true
	}
	return "", false, false
}

// principal is the name of the account the request's token was issued to.
func (c *reqCtx) principal() string {
	if c.tenant {
		return c.s.tenantUsername
	}
	if c.operator != "" {
		return c.s.operatorName(c.operator)
	}
	return c.s.username
}

const (
	tenantOnlyMessage   = "This resource is available to an organization's own administrator only; sign in with the credentials the organization was added with."
	providerOnlyMessage = "Access is denied: an organization's administrator reaches its organization through /Organization only."
)

// denyTenant answers 403 to a tenant token on a backup-administrator route.
func (c *reqCtx) denyTenant() bool {
	if c.operator != "" { // a restore operator explores through Organization/OperatorExplore only
		c.fail(http.StatusForbidden, "ResourceAccessDenied", "Access is denied: a restore operator explores through /Organization/OperatorExplore.")
		return true
	}
	if !c.tenant {
		return false
	}
	c.fail(http.StatusForbidden, "ResourceAccessDenied", providerOnlyMessage)
	return true
}

// handleLoggedInOrganization serves GET /vN/Organization: the signed-in organization.
func (s *Server) handleLoggedInOrganization(c *reqCtx) {
	if !c.tenant {
		c.fail(http.StatusForbidden, "ResourceAccessDenied", tenantOnlyMessage)
		return
	}
	org := c.renderOrganization()
	// RESTLoggedInOrganization: id, name, type, isBackedup, first/lastBackuptime, _actions
	// (v8 also description); its explore action is the tenant route.
	out := map[string]any{}
	for _, k := range []string{"id", "name", "type", "isBackedup", "firstBackuptime", "lastBackuptime"} {
		out[k] = org[k]
	}
	if c.v >= 8 {
		out["description"] = org["description"]
	}
	explore := c.link("Organization/Action")
	if c.v >= 6 {
		explore = c.link("Organization/Explore")
	}
	out["_actions"] = map[string]any{"explore": map[string]any{"uri": explore, "method": "POST"}}
	writeJSON(c.w, http.StatusOK, out)
}

// handleTenantExploreV3 serves POST /vN/Organization/Action {"explore": {...}} (v3..v5).
func (s *Server) handleTenantExploreV3(c *reqCtx) {
	if !c.tenant {
		c.fail(http.StatusForbidden, "ResourceAccessDenied", tenantOnlyMessage)
		return
	}
	key, inner, body, ok := c.singleKey()
	if !ok {
		return
	}
	if !strings.EqualFold(key, "explore") {
		c.badRequest("Unknown organization action '" + key + "'. Supported: explore.")
		return
	}
	s.explore(c, inner, body, http.StatusCreated)
}

// handleTenantExploreV6 serves POST /vN/Organization/Explore (v6+).
func (s *Server) handleTenantExploreV6(c *reqCtx) {
	if !c.tenant {
		c.fail(http.StatusForbidden, "ResourceAccessDenied", tenantOnlyMessage)
		return
	}
	body, err := readJSONObject(c)
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	status := http.StatusOK
	if c.v >= 8 {
		status = http.StatusCreated
	}
	s.explore(c, body, body, status)
}
