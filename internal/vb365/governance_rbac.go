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
	// DisplayName the display name or title; Kind the user's or group's type as a role names it
	// (RESTRbacUser.type: User, SharedMailbox, PublicMailbox; RESTRbacGroup.type: Office365,
	// Security, Distribution, DynamicDistribution, Unknown). The server reports them; in a
	// request they may be left empty: the client then reads them from the organization
	// (OrganizationUser, OrganizationGroup), as it always reads sites and teams.
	Name        string
	DisplayName string
	Kind        string
}

// Types a role names users and groups with (RESTRbacUser.type, RESTRbacGroup.type).
var (
	rbacUserKinds  = []string{"User", "SharedMailbox", "PublicMailbox"}
	rbacGroupKinds = []string{"Office365", "Security", "Distribution", "DynamicDistribution", "Unknown"}
)

func canonicalKind(kind string, kinds []string) (string, bool) {
	for _, k := range kinds {
		if strings.EqualFold(k, kind) {
			return k, true
		}
	}
	return "", false
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

// memberObject renders m as the documents require a role member (RESTRbacOperator,
// RESTRbacItemComposed): the type, the ID and the whole RESTRbacUser, RESTRbacGroup,
// RESTRbacSite or RESTRbacTeam. A user or group without its name, display name and kind, and
// every site and team, is read from the organization first. what names the list in errors.
func (c *Client) memberObject(ctx context.Context, organizationID string, m RoleMember, what string) (map[string]any, error) {
	if err := validateID(what+" ID", m.ID); err != nil {
		return nil, err
	}
	var nested map[string]any
	switch m.Type {
	case MemberUser:
		if m.Name == "" || m.DisplayName == "" || m.Kind == "" {
			u, err := c.OrganizationUser(ctx, organizationID, m.ID)
			if err != nil {
				return nil, fmt.Errorf("vb365: %s %s: reading the organization's user: %w", what, m.ID, err)
			}
			m.Name, m.DisplayName, m.Kind = u.Name, u.DisplayName, u.RbacType()
		}
		kind, ok := canonicalKind(m.Kind, rbacUserKinds)
		if !ok {
			return nil, fmt.Errorf("vb365: %s %s: user type %q is not one of %s", what, m.ID, m.Kind, strings.Join(rbacUserKinds, ", "))
		}
		nested = map[string]any{"id": m.ID, "displayName": m.DisplayName, "name": m.Name, "type": kind}
	case MemberGroup:
		if m.Name == "" || m.DisplayName == "" || m.Kind == "" {
			g, err := c.OrganizationGroup(ctx, organizationID, m.ID)
			if err != nil {
				return nil, fmt.Errorf("vb365: %s %s: reading the organization's group: %w", what, m.ID, err)
			}
			m.Name, m.DisplayName, m.Kind = g.Name, g.DisplayName, g.RbacType()
		}
		kind, ok := canonicalKind(m.Kind, rbacGroupKinds)
		if !ok {
			return nil, fmt.Errorf("vb365: %s %s: group type %q is not one of %s", what, m.ID, m.Kind, strings.Join(rbacGroupKinds, ", "))
		}
		nested = map[string]any{"id": m.ID, "displayName": m.DisplayName, "name": m.Name, "type": kind}
	case MemberSite:
		st, err := c.OrganizationSite(ctx, organizationID, m.ID)
		if err != nil {
			return nil, fmt.Errorf("vb365: %s %s: reading the organization's site: %w", what, m.ID, err)
		}
		nested = map[string]any{"id": m.ID, "url": st.URL, "title": st.Title, "isCloud": st.IsCloud, "isPersonal": st.IsPersonal}
		if st.ParentURL != "" {
			nested["parentUrl"] = st.ParentURL
		}
	case MemberTeam:
		tm, err := c.OrganizationTeam(ctx, organizationID, m.ID)
		if err != nil {
			return nil, fmt.Errorf("vb365: %s %s: reading the organization's team: %w", what, m.ID, err)
		}
		nested = map[string]any{"id": m.ID, "displayName": tm.DisplayName, "description": tm.Description, "mail": tm.Mail}
	default:
		return nil, fmt.Errorf("vb365: %s: type %q is not one of User, Group, Site, Team", what, m.Type)
	}
	return map[string]any{"type": m.Type, "id": m.ID, strings.ToLower(m.Type): nested}, nil
}

// roleBody renders a role as RESTRbacRoleCreateModel, its members as whole objects.
func (c *Client) roleBody(ctx context.Context, organizationID string, s RestoreOperatorRoleSpec) (map[string]any, error) {
	members := func(list []RoleMember, what string) ([]any, error) {
		out := make([]any, 0, len(list))
		for _, m := range list {
			switch m.Type {
			case MemberUser, MemberGroup, MemberSite, MemberTeam:
			default:
				return nil, fmt.Errorf("vb365: %s: type %q is not one of User, Group, Site, Team", what, m.Type)
			}
			obj, err := c.memberObject(ctx, organizationID, m, what)
			if err != nil {
				return nil, err
			}
			out = append(out, obj)
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
	body, err := c.roleBody(ctx, organizationID, spec)
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
			m.Name, m.DisplayName, m.Kind = deref(nd.str("name")), deref(nd.str("displayName")), deref(nd.str("type"))
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
	body, err := c.roleBody(ctx, organizationID, spec)
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
