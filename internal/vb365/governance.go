package vb365

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Governance: the audit list of an organization (the users and groups the server sends audit
// notifications for; Organizations/{organizationId}/AuditItems, API v5+).

// MinAuditVersion is the first API version with the audit routes.
const MinAuditVersion = V5

// Audit item types (RESTAuditUserOrGroup.type).
const (
	AuditItemUser  = "User"
	AuditItemGroup = "Group"
)

// AuditItem is one entry of an organization's audit list (RESTAuditUserOrGroup). Its ID is the
// ID of the user or group it names.
type AuditItem struct {
	ID   string
	Type string // AuditItemUser or AuditItemGroup
	// Name and DisplayName are the user's e-mail address or the group's name, and its display
	// name, as the server reports them (empty when it names neither).
	Name        string
	DisplayName string
}

// AuditItemRef names a user or group to add to the audit list.
type AuditItemRef struct {
	Type string // AuditItemUser or AuditItemGroup
	ID   string // the user's or group's ID in the organization
}

func auditItemsRoute(v APIVersion, organizationID string) route {
	return newRoute(v).lit("Organizations").id("organizationId", "organization ID", organizationID).lit("AuditItems")
}

// AuditItems reads the audit list of an organization (GET .../AuditItems, a bare array).
func (c *Client) AuditItems(ctx context.Context, organizationID string) ([]AuditItem, error) {
	v, err := c.requireVersion(ctx, "reading audit items", MinAuditVersion)
	if err != nil {
		return nil, err
	}
	return getArray(ctx, c, auditItemsRoute(v, organizationID), "audit item", decodeAuditItem)
}

func decodeAuditItem(raw []byte) (AuditItem, error) {
	obj, err := parseObject(raw)
	if err != nil {
		return AuditItem{}, err
	}
	d := &fieldDecoder{obj: obj}
	it := AuditItem{ID: deref(d.str("id")), Type: deref(d.str("type"))}
	if d.err != nil {
		return it, d.err
	}
	if strings.EqualFold(it.Type, AuditItemUser) {
		it.Type = AuditItemUser
	} else if strings.EqualFold(it.Type, AuditItemGroup) {
		it.Type = AuditItemGroup
	}
	if nested, ok := obj.raw(strings.ToLower(it.Type)); ok {
		inner, err := parseObject(nested)
		if err != nil {
			return it, fieldError(strings.ToLower(it.Type), err)
		}
		nd := &fieldDecoder{obj: inner}
		it.Name, it.DisplayName = deref(nd.str("name")), deref(nd.str("displayName"))
		if it.ID == "" {
			it.ID = deref(nd.str("id"))
		}
		if nd.err != nil {
			return it, nd.err
		}
	}
	if it.ID == "" {
		return it, errors.New("audit item without an ID")
	}
	return it, nil
}

// AddAuditItems adds users and groups to the audit list in one POST (the route takes an array).
// The POST is never retried; a 4xx answer means the server refused the whole request.
func (c *Client) AddAuditItems(ctx context.Context, organizationID string, refs []AuditItemRef) error {
	v, err := c.requireVersion(ctx, "adding audit items", MinAuditVersion)
	if err != nil {
		return notSent(err)
	}
	if len(refs) == 0 {
		return notSent(errors.New("vb365: adding audit items: no user or group given"))
	}
	body := make([]map[string]any, len(refs))
	for i, ref := range refs {
		var key string
		switch ref.Type {
		case AuditItemUser:
			key = "user"
		case AuditItemGroup:
			key = "group"
		default:
			return notSent(fmt.Errorf("vb365: adding audit items: type %q is neither %s nor %s", ref.Type, AuditItemUser, AuditItemGroup))
		}
		if err := validateID(key+" ID", ref.ID); err != nil {
			return notSent(err)
		}
		body[i] = map[string]any{"type": ref.Type, key: map[string]any{"id": ref.ID}}
	}
	r, err := postJSON(auditItemsRoute(v, organizationID), body)
	if err != nil {
		return notSent(err)
	}
	resp, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	discard(resp)
	return nil
}

// RemoveAuditItems removes audit items by ID (POST .../AuditItems/remove {"itemIds": [...]}).
func (c *Client) RemoveAuditItems(ctx context.Context, organizationID string, ids []string) error {
	v, err := c.requireVersion(ctx, "removing audit items", MinAuditVersion)
	if err != nil {
		return notSent(err)
	}
	for _, id := range ids {
		if err := validateID("audit item ID", id); err != nil {
			return notSent(err)
		}
	}
	r, err := postJSON(auditItemsRoute(v, organizationID).lit("remove"), map[string]any{"itemIds": ids})
	if err != nil {
		return notSent(err)
	}
	resp, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	discard(resp)
	return nil
}
