package vb365

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// Restore operator roles (RbacRoles, API v6+) and the Restore Portal settings.

// MinRbacVersion is the first API version with restore operator roles and the Restore Portal.
const MinRbacVersion = V6

// Role types (RESTRbacRole.roleType) and member types (RESTRbacItemType, RESTRbacOperatorType).
const (
	RoleEntireOrganization = "EntireOrganization"
	RoleSpecificObjects    = "SpecificObjects"
	MemberUser             = "User"
	MemberGroup            = "Group"
	MemberSite             = "Site"
	MemberTeam             = "Team" // v8
)

// RoleMemberList names a member list of a role.
type RoleMemberList string

// The member lists of a role (sub-routes of RbacRoles/{roleId}).
const (
	RoleOperators     RoleMemberList = "operators"
	RoleSelectedItems RoleMemberList = "selectedItems"
	RoleExcludedItems RoleMemberList = "excludedItems"
)

// RoleMember is an operator (user or group) or an item (user, group, site, team) of a role.
type RoleMember struct {
	Type string
	ID   string
	// Name is the user's e-mail, the group's name, the site's URL or the team's mail;
	// DisplayName the display name or title, as the server reports them (empty in requests).
	Name        string
	DisplayName string
}

// RestoreOperatorRole is RESTRbacRole.
type RestoreOperatorRole struct {
	ID             string
	OrganizationID string
	Name           string
	Description    string
	RoleType       string
}

// RestoreOperatorRoleSpec is what a create or a PUT sends (RESTRbacRoleCreateModel).
type RestoreOperatorRoleSpec struct {
	Name, Description, RoleType string
	Operators                   []RoleMember
	SelectedItems               []RoleMember
	ExcludedItems               []RoleMember
}

func roleRoute(v APIVersion, roleID string) route {
	return newRoute(v).lit("RbacRoles").id("roleId", "restore operator role ID", roleID)
}

func (s RestoreOperatorRoleSpec) body(organizationID string) (map[string]any, error) {
	members := func(list []RoleMember, what string) ([]any, error) {
		out := make([]any, 0, len(list))
		for _, m := range list {
			key := strings.ToLower(m.Type)
			switch m.Type {
			case MemberUser, MemberGroup, MemberSite, MemberTeam:
			default:
				return nil, fmt.Errorf("vb365: %s: type %q is not one of User, Group, Site, Team", what, m.Type)
			}
			if err := validateID(what+" ID", m.ID); err != nil {
				return nil, err
			}
			out = append(out, map[string]any{"type": m.Type, "id": m.ID, key: map[string]any{"id": m.ID}})
		}
		return out, nil
	}
	ops, err := members(s.Operators, "operator")
	if err != nil {
		return nil, err
	}
	sel, err := members(s.SelectedItems, "selected item")
	if err != nil {
		return nil, err
	}
	exc, err := members(s.ExcludedItems, "excluded item")
	if err != nil {
		return nil, err
	}
	return map[string]any{"organizationId": organizationID, "name": s.Name, "description": s.Description,
		"roleType": s.RoleType, "operators": ops, "selectedItems": sel, "excludedItems": exc}, nil
}

// CreateRestoreOperatorRole creates a role with its members in one POST (never retried).
func (c *Client) CreateRestoreOperatorRole(ctx context.Context, organizationID string, spec RestoreOperatorRoleSpec) (RestoreOperatorRole, error) {
	v, err := c.requireVersion(ctx, "creating restore operator roles", MinRbacVersion)
	if err != nil {
		return RestoreOperatorRole{}, notSent(err)
	}
	body, err := spec.body(organizationID)
	if err != nil {
		return RestoreOperatorRole{}, notSent(err)
	}
	r, err := postJSON(newRoute(v).lit("Organizations").id("organizationId", "organization ID", organizationID).lit("RbacRoles"), body)
	if err != nil {
		return RestoreOperatorRole{}, notSent(err)
	}
	resp, err := c.send(ctx, r)
	if err != nil {
		return RestoreOperatorRole{}, err
	}
	defer resp.Body.Close()
	obj, err := c.readObject(r, resp)
	if err != nil {
		return RestoreOperatorRole{}, err
	}
	role, err := decodeRole(obj)
	if err != nil || role.ID == "" {
		if err == nil {
			err = fmt.Errorf("the answer names no role ID")
		}
		return role, malformed(r, err)
	}
	return role, nil
}

func decodeRole(obj object) (RestoreOperatorRole, error) {
	d := &fieldDecoder{obj: obj}
	r := RestoreOperatorRole{ID: deref(d.str("id")), OrganizationID: deref(d.str("organizationId")), Name: deref(d.str("name")),
		Description: deref(d.str("description")), RoleType: deref(d.str("roleType"))}
	return r, d.err
}

// RestoreOperatorRole reads one role.
func (c *Client) RestoreOperatorRole(ctx context.Context, roleID string) (RestoreOperatorRole, error) {
	if _, err := c.requireVersion(ctx, "reading restore operator roles", MinRbacVersion); err != nil {
		return RestoreOperatorRole{}, err
	}
	return getOne(ctx, c, func(v APIVersion) route { return roleRoute(v, roleID) }, decodeRole)
}

// RestoreOperatorRoleMembers reads one member list of a role (a bare array).
func (c *Client) RestoreOperatorRoleMembers(ctx context.Context, roleID string, list RoleMemberList) ([]RoleMember, error) {
	v, err := c.requireVersion(ctx, "reading restore operator roles", MinRbacVersion)
	if err != nil {
		return nil, err
	}
	return getArray(ctx, c, roleRoute(v, roleID).lit(string(list)), "member", decodeRoleMember)
}

func decodeRoleMember(raw []byte) (RoleMember, error) {
	obj, err := parseObject(raw)
	if err != nil {
		return RoleMember{}, err
	}
	d := &fieldDecoder{obj: obj}
	m := RoleMember{ID: deref(d.str("id")), Type: deref(d.str("type"))}
	if d.err != nil {
		return m, d.err
	}
	for _, t := range []string{MemberUser, MemberGroup, MemberSite, MemberTeam} {
		if strings.EqualFold(m.Type, t) {
			m.Type = t
		}
	}
	if nested, ok := obj.raw(strings.ToLower(m.Type)); ok {
		inner, err := parseObject(nested)
		if err != nil {
			return m, fieldError(strings.ToLower(m.Type), err)
		}
		nd := &fieldDecoder{obj: inner}
		switch m.Type {
		case MemberSite:
			m.Name, m.DisplayName = deref(nd.str("url")), deref(nd.str("title"))
		case MemberTeam:
			m.Name, m.DisplayName = deref(nd.str("mail")), deref(nd.str("displayName"))
		default:
			m.Name, m.DisplayName = deref(nd.str("name")), deref(nd.str("displayName"))
		}
		if m.ID == "" {
			m.ID = deref(nd.str("id"))
		}
		if nd.err != nil {
			return m, nd.err
		}
	}
	if m.ID == "" {
		return m, fmt.Errorf("role member without an ID")
	}
	return m, nil
}

// UpdateRestoreOperatorRole replaces a role's settings and members (PUT RbacRoles/{roleId}).
func (c *Client) UpdateRestoreOperatorRole(ctx context.Context, roleID, organizationID string, spec RestoreOperatorRoleSpec) error {
	v, err := c.requireVersion(ctx, "changing restore operator roles", MinRbacVersion)
	if err != nil {
		return notSent(err)
	}
	body, err := spec.body(organizationID)
	if err != nil {
		return notSent(err)
	}
	body["id"] = roleID
	data, err := jsonBody(body)
	if err != nil {
		return notSent(err)
	}
	resp, err := c.send(ctx, &apiRequest{method: http.MethodPut, route: roleRoute(v, roleID), body: data, contentType: "application/json"})
	if err != nil {
		return err
	}
	discard(resp)
	return nil
}

// DeleteRestoreOperatorRole removes a role.
func (c *Client) DeleteRestoreOperatorRole(ctx context.Context, roleID string) error {
	v, err := c.requireVersion(ctx, "removing restore operator roles", MinRbacVersion)
	if err != nil {
		return notSent(err)
	}
	resp, err := c.send(ctx, &apiRequest{method: http.MethodDelete, route: roleRoute(v, roleID)})
	if err != nil {
		return err
	}
	discard(resp)
	return nil
}

// RestorePortalSettings is RESTRestorePortalSettings.
type RestorePortalSettings struct {
	Enabled          bool
	ApplicationID    string
	MSALAuthorityURI string
	RestorePortalURI string // v8
}

// RestorePortalSettings reads the Restore Portal settings.
func (c *Client) RestorePortalSettings(ctx context.Context) (RestorePortalSettings, error) {
	v, err := c.requireVersion(ctx, "reading the Restore Portal settings", MinRbacVersion)
	if err != nil {
		return RestorePortalSettings{}, err
	}
	obj, err := c.getJSON(ctx, newRoute(v).lit("RestorePortalSettings"), nil)
	if err != nil {
		return RestorePortalSettings{}, err
	}
	d := &fieldDecoder{obj: obj}
	s := RestorePortalSettings{Enabled: deref(d.boolean("isEnabled")), ApplicationID: deref(d.str("applicationId")),
		MSALAuthorityURI: deref(d.str("msalAuthorityUri")), RestorePortalURI: deref(d.str("restorePortalUri"))}
	if d.err != nil {
		return s, fmt.Errorf("vb365: GET /%s/RestorePortalSettings: %w", v, d.err)
	}
	return s, nil
}
