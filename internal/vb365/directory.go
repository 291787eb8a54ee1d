package vb365

import (
	"context"
	"iter"
	"net/url"
	"strings"
)

// The organization's users, groups, sites and teams (API v6+): GET
// Organizations/{organizationId}/Users (RESTUser, filtered by userName and displayName),
// .../Groups (RESTGroup, filtered by groupName and displayName), and one of each by ID
// (.../Users/{userId}, .../Groups/{groupId}, .../Sites/{siteId}, .../Teams/{teamId}). Restore
// operator roles name their members with what these answer (governance_rbac.go); the
// vb365_organization_users and vb365_organization_groups data sources list them.

// MinDirectoryVersion is the first API version whose documents have the organization's users
// and groups.
const MinDirectoryVersion = V6

// OrganizationUser is a user of an organization (RESTUser).
type OrganizationUser struct {
	ID          string
	DisplayName string
	// Name is the user's sign-in name, its e-mail address.
	Name string
	// Type is User, Shared (a shared mailbox) or Public (a public folder mailbox).
	Type         string
	LocationType string // Cloud, OnPremises or Hybrid
	// OnPremisesSID and Office are v7+.
	OnPremisesSID string
	Office        string
}

// RbacType is the user's type as a restore operator role names it (RESTRbacUser.type):
// User, SharedMailbox or PublicMailbox.
func (u OrganizationUser) RbacType() string {
	switch strings.ToLower(u.Type) {
	case "shared", "sharedmailbox":
		return "SharedMailbox"
	case "public", "publicmailbox":
		return "PublicMailbox"
	}
	return "User"
}

// OrganizationGroup is a group of an organization (RESTGroup).
type OrganizationGroup struct {
	ID          string
	DisplayName string
	Name        string // the group's name (its e-mail address for mail-enabled groups)
	// Type is Office365, Security, Distribution or DynamicDistribution.
	Type          string
	LocationType  string
	ManagedBy     string
	Site          string
	OnPremisesSID string // v7+
}

// RbacType is the group's type as a restore operator role names it (RESTRbacGroup.type, which
// adds Unknown for a group without one).
func (g OrganizationGroup) RbacType() string {
	for _, t := range []string{"Office365", "Security", "Distribution", "DynamicDistribution"} {
		if strings.EqualFold(g.Type, t) {
			return t
		}
	}
	return "Unknown"
}

// OrganizationSite is a SharePoint site of an organization (RESTSite).
type OrganizationSite struct {
	ID, URL, ParentURL, Name, Title string
	IsCloud, IsPersonal             bool
}

// OrganizationTeam is a team of an organization (RESTTeam).
type OrganizationTeam struct {
	ID, DisplayName, Description, Mail string
}

// OrganizationUserFilter narrows OrganizationUsers; the server matches each given text against
// the user's name (its e-mail address) and display name.
type OrganizationUserFilter struct {
	ListOptions
	UserName    string
	DisplayName string
}

// OrganizationGroupFilter narrows OrganizationGroups by the group's name and display name.
type OrganizationGroupFilter struct {
	ListOptions
	GroupName   string
	DisplayName string
}

func organizationRoute(v APIVersion, organizationID string) route {
	return newRoute(v).lit("Organizations").id("organizationId", "organization ID", organizationID)
}

func decodeOrganizationUser(obj object) (OrganizationUser, error) {
	d := &fieldDecoder{obj: obj}
	u := OrganizationUser{ID: deref(d.str("id")), DisplayName: deref(d.str("displayName")), Name: deref(d.str("name")),
		Type: deref(d.str("type")), LocationType: deref(d.str("locationType")), OnPremisesSID: deref(d.str("onPremisesSid")),
		Office: deref(d.str("office"))}
	if d.err == nil && u.ID == "" {
		return u, errNoID
	}
	return u, d.err
}

func decodeOrganizationGroup(obj object) (OrganizationGroup, error) {
	d := &fieldDecoder{obj: obj}
	g := OrganizationGroup{ID: deref(d.str("id")), DisplayName: deref(d.str("displayName")), Name: deref(d.str("name")),
		Type: deref(d.str("type")), LocationType: deref(d.str("locationType")), ManagedBy: deref(d.str("managedBy")),
		Site: deref(d.str("site")), OnPremisesSID: deref(d.str("onPremisesSid"))}
	if d.err == nil && g.ID == "" {
		return g, errNoID
	}
	return g, d.err
}

func decodeOrganizationSite(obj object) (OrganizationSite, error) {
	d := &fieldDecoder{obj: obj}
	s := OrganizationSite{ID: deref(d.str("id")), URL: deref(d.str("url")), ParentURL: deref(d.str("parentUrl")),
		Name: deref(d.str("name")), Title: deref(d.str("title")), IsCloud: deref(d.boolean("isCloud")), IsPersonal: deref(d.boolean("isPersonal"))}
	if d.err == nil && s.ID == "" {
		return s, errNoID
	}
	return s, d.err
}

func decodeOrganizationTeam(obj object) (OrganizationTeam, error) {
	d := &fieldDecoder{obj: obj}
	t := OrganizationTeam{ID: deref(d.str("id")), DisplayName: deref(d.str("displayName")), Description: deref(d.str("description")),
		Mail: deref(d.str("mail"))}
	if d.err == nil && t.ID == "" {
		return t, errNoID
	}
	return t, d.err
}

// OrganizationUsers lists the users of an organization (API v6+).
func (c *Client) OrganizationUsers(ctx context.Context, organizationID string, f OrganizationUserFilter) iter.Seq2[OrganizationUser, error] {
	if _, err := c.requireVersion(ctx, "listing an organization's users (GET /Organizations/{id}/Users)", MinDirectoryVersion); err != nil {
		return failed[OrganizationUser](err)
	}
	return list(ctx, c, f.ListOptions, listing[OrganizationUser]{
		build: func(v APIVersion) (route, url.Values) {
			q := url.Values{}
			setNonEmpty(q, "userName", f.UserName)
			setNonEmpty(q, "displayName", f.DisplayName)
			return organizationRoute(v, organizationID).lit("Users"), q
		},
		decode: decodeOrganizationUser,
		what:   "user",
	})
}

// OrganizationGroups lists the groups of an organization (API v6+).
func (c *Client) OrganizationGroups(ctx context.Context, organizationID string, f OrganizationGroupFilter) iter.Seq2[OrganizationGroup, error] {
	if _, err := c.requireVersion(ctx, "listing an organization's groups (GET /Organizations/{id}/Groups)", MinDirectoryVersion); err != nil {
		return failed[OrganizationGroup](err)
	}
	return list(ctx, c, f.ListOptions, listing[OrganizationGroup]{
		build: func(v APIVersion) (route, url.Values) {
			q := url.Values{}
			setNonEmpty(q, "groupName", f.GroupName)
			setNonEmpty(q, "displayName", f.DisplayName)
			return organizationRoute(v, organizationID).lit("Groups"), q
		},
		decode: decodeOrganizationGroup,
		what:   "group",
	})
}

// OrganizationUser reads one user of an organization (API v6+).
func (c *Client) OrganizationUser(ctx context.Context, organizationID, userID string) (OrganizationUser, error) {
	if _, err := c.requireVersion(ctx, "reading an organization's user (GET /Organizations/{id}/Users/{userId})", MinDirectoryVersion); err != nil {
		return OrganizationUser{}, err
	}
	return getOne(ctx, c, func(v APIVersion) route {
		return organizationRoute(v, organizationID).lit("Users").id("userId", "user ID", userID)
	}, decodeOrganizationUser)
}

// OrganizationGroup reads one group of an organization (API v6+).
func (c *Client) OrganizationGroup(ctx context.Context, organizationID, groupID string) (OrganizationGroup, error) {
	if _, err := c.requireVersion(ctx, "reading an organization's group (GET /Organizations/{id}/Groups/{groupId})", MinDirectoryVersion); err != nil {
		return OrganizationGroup{}, err
	}
	return getOne(ctx, c, func(v APIVersion) route {
		return organizationRoute(v, organizationID).lit("Groups").id("groupId", "group ID", groupID)
	}, decodeOrganizationGroup)
}

// OrganizationSite reads one site of an organization (API v6+).
func (c *Client) OrganizationSite(ctx context.Context, organizationID, siteID string) (OrganizationSite, error) {
	if _, err := c.requireVersion(ctx, "reading an organization's site (GET /Organizations/{id}/Sites/{siteId})", MinDirectoryVersion); err != nil {
		return OrganizationSite{}, err
	}
	return getOne(ctx, c, func(v APIVersion) route {
		return organizationRoute(v, organizationID).lit("Sites").id("siteId", "site ID", siteID)
	}, decodeOrganizationSite)
}

// OrganizationTeam reads one team of an organization (API v6+).
func (c *Client) OrganizationTeam(ctx context.Context, organizationID, teamID string) (OrganizationTeam, error) {
	if _, err := c.requireVersion(ctx, "reading an organization's team (GET /Organizations/{id}/Teams/{teamId})", MinDirectoryVersion); err != nil {
		return OrganizationTeam{}, err
	}
	return getOne(ctx, c, func(v APIVersion) route {
		return organizationRoute(v, organizationID).lit("Teams").id("teamId", "team ID", teamID)
	}, decodeOrganizationTeam)
}

func setNonEmpty(q url.Values, key, value string) {
	if value != "" {
		q.Set(key, value)
	}
}
