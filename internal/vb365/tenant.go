package vb365

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"sync"
)

// Tenant sign-in. A server can be used by an organization's own administrator (the account the
// organization was added with) instead of the backup administrator. Such an account reaches its
// organization through the tenant routes only: GET /vN/Organization (the signed-in
// organization) and explore at POST /vN/Organization/Action {"explore": {...}} (v3..v5) or
// POST /vN/Organization/Explore (v6+); the backup administrator's /Organizations routes refuse
// it. Restore sessions, browsing and restores are the same for both accounts.
//
// The client learns which account it signed in as from the server, with no request for the
// backup administrator: when GET /Organizations or an explore by organization ID is refused
// with 403, it asks GET /Organization; an answer there means tenant sign-in, kept for the life of
// the client, and the call is made on the tenant route (a refused explore did not run, so
// sending the tenant's explore is not a second one).

// signInState is what the account is known to have signed in as.
type signInState struct {
	mu     sync.Mutex
	tenant bool
	org    Organization // the signed-in organization (tenant only)
}

// TenantOrganization returns the signed-in organization and true once the client has learnt
// that it signed in as an organization's own administrator (tenant sign-in).
func (c *Client) TenantOrganization() (Organization, bool) {
	c.signIn.mu.Lock()
	defer c.signIn.mu.Unlock()
	return c.signIn.org, c.signIn.tenant
}

// SignedInOrganization reads GET /vN/Organization: the organization whose own administrator
// signed in (tenant sign-in). The backup administrator gets the server's refusal (403).
func (c *Client) SignedInOrganization(ctx context.Context) (Organization, error) {
	org, err := getOne(ctx, c, func(v APIVersion) route { return newRoute(v).lit("Organization") }, decodeOrganization)
	if err != nil {
		return Organization{}, err
	}
	c.signIn.mu.Lock()
	c.signIn.tenant, c.signIn.org = true, org
	c.signIn.mu.Unlock()
	return org, nil
}

// detectTenantAfter answers whether refused, an error of a backup-administrator route, means
// that the account is an organization's administrator: only a 403 is asked about, with
// GET /Organization.
func (c *Client) detectTenantAfter(ctx context.Context, refused error) (Organization, bool) {
	var apiErr *APIError
	if !errors.As(refused, &apiErr) || apiErr.StatusCode != http.StatusForbidden {
		return Organization{}, false
	}
	if _, known := c.TenantOrganization(); known {
		return Organization{}, false // already tenant: the refusal is something else
	}
	org, err := c.SignedInOrganization(ctx)
	if err != nil {
		c.log(ctx, "vb365 GET /Organization after a 403 did not answer: not a tenant sign-in", map[string]any{"error": err.Error()})
		return Organization{}, false
	}
	c.log(ctx, "vb365 signed in as an organization's own administrator (tenant sign-in)", map[string]any{"organization_id": org.ID})
	return org, true
}

// tenantOrganizations is the listing of a tenant sign-in: its one organization.
func (c *Client) tenantOrganizations(ctx context.Context, admin iter.Seq2[Organization, error]) iter.Seq2[Organization, error] {
	return func(yield func(Organization, error) bool) {
		if org, ok := c.TenantOrganization(); ok {
			yield(org, nil)
			return
		}
		first := true
		for org, err := range admin {
			if err != nil && first {
				if tenantOrg, ok := c.detectTenantAfter(ctx, err); ok {
					yield(tenantOrg, nil)
					return
				}
			}
			first = false
			if !yield(org, err) || err != nil {
				return
			}
		}
	}
}

// tenantExploreTarget checks that a tenant sign-in explores its own organization.
func tenantExploreTarget(org Organization, organizationID string) error {
	if organizationID == "" || strings.EqualFold(organizationID, org.ID) {
		return nil
	}
	return fmt.Errorf("vb365: signed in as the administrator of organization %s (%s), which can explore only its own organization, not %s",
		org.Name, org.ID, organizationID)
}
