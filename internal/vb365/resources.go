package vb365

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
)

// Route builders. v3..v5 use the v3 documentation's casing, v6+ the OpenAPI documents' casing;
// the server routes case-insensitively, the templates appear in errors and logs.

func legacyDialect(v APIVersion) bool { return v < V6 }

func pick(v APIVersion, legacy, modern string) string {
	if legacyDialect(v) {
		return legacy
	}
	return modern
}

func sessionsRoute(v APIVersion) route { return newRoute(v).lit("RestoreSessions") }

func sessionRoute(v APIVersion, sessionID string) route {
	return sessionsRoute(v).id("restoreSessionId", "restore session ID", sessionID)
}

func sessionOrgRoute(v APIVersion, sessionID string) route {
	return sessionRoute(v, sessionID).lit(pick(v, "Organization", "organization"))
}

func mailboxesRoute(v APIVersion, sessionID string) route {
	return sessionOrgRoute(v, sessionID).lit(pick(v, "Mailboxes", "mailboxes"))
}

func mailboxRoute(v APIVersion, sessionID, mailboxID string) route {
	return mailboxesRoute(v, sessionID).id("mailboxId", "mailbox ID", mailboxID)
}

func foldersRoute(v APIVersion, sessionID, mailboxID string) route {
	return mailboxRoute(v, sessionID, mailboxID).lit(pick(v, "Folders", "folders"))
}

func itemsRoute(v APIVersion, sessionID, mailboxID string) route {
	return mailboxRoute(v, sessionID, mailboxID).lit(pick(v, "Items", "items"))
}

func itemRoute(v APIVersion, sessionID, mailboxID, itemID string) route {
	return itemsRoute(v, sessionID, mailboxID).id("itemId", "item ID", itemID)
}

// Organizations lists the organizations known to the server (GET /vN/Organizations).
// With tenant sign-in (tenant.go) it is the signed-in organization, read at GET /vN/Organization.
func (c *Client) Organizations(ctx context.Context, opts ListOptions) iter.Seq2[Organization, error] {
	return c.tenantOrganizations(ctx, list(ctx, c, opts, listing[Organization]{
		build: func(v APIVersion) (route, url.Values) {
			// v6's document declares extendedView required; v7/v8 make it optional with
			// default false, so it is sent on v6 only. false: the controller answers without
			// asking the proxy (no backup times are needed here).
			var q url.Values
			if v == V6 {
				q = url.Values{"extendedView": {"false"}}
			}
			return newRoute(v).lit("Organizations"), q
		},
		decode: decodeOrganization,
		what:   "organization",
		// v3..v5 answer a bare array too (Veeam's v2..v4 pages; the v3..v5 portal indexes
		// [0]); the listing also follows an envelope should a server send one.
		unpaged: func(v APIVersion) bool { return v <= V7 },
	}))
}

// RestoreSessions lists restore sessions (GET /vN/RestoreSessions).
func (c *Client) RestoreSessions(ctx context.Context, opts ListOptions) iter.Seq2[RestoreSession, error] {
	return list(ctx, c, opts, listing[RestoreSession]{
		build:  func(v APIVersion) (route, url.Values) { return sessionsRoute(v), nil },
		decode: decodeRestoreSession,
		what:   "restore session",
	})
}

// RestoreSession reads one restore session.
func (c *Client) RestoreSession(ctx context.Context, id string) (RestoreSession, error) {
	s, err := getOne(ctx, c, func(v APIVersion) route { return sessionRoute(v, id) }, decodeRestoreSession)
	s.Details = c.redact(s.Details, nil)
	return s, err
}

// RestoreSessionOrganization reads the organization a restore session explores.
func (c *Client) RestoreSessionOrganization(ctx context.Context, sessionID string) (Organization, error) {
	return getOne(ctx, c, func(v APIVersion) route { return sessionOrgRoute(v, sessionID) }, decodeOrganization)
}

// Mailboxes lists the mailboxes of a restore session.
func (c *Client) Mailboxes(ctx context.Context, sessionID string, opts ListOptions) iter.Seq2[Mailbox, error] {
	return list(ctx, c, opts, listing[Mailbox]{
		build:  func(v APIVersion) (route, url.Values) { return mailboxesRoute(v, sessionID), nil },
		decode: decodeMailbox,
		what:   "mailbox",
	})
}

// Mailbox reads one mailbox of a restore session.
func (c *Client) Mailbox(ctx context.Context, sessionID, mailboxID string) (Mailbox, error) {
	return getOne(ctx, c, func(v APIVersion) route { return mailboxRoute(v, sessionID, mailboxID) }, decodeMailbox)
}

// Folders lists the folders of a mailbox; q.ParentID ("root" or a folder ID) and q.Name
// (wildcards * and ?) are passed to the server as parentId and name. The top level is spelled
// as each version documents it: parentId=null on v4..v6 (their help pages), parentId=root on
// v7+ (their OpenAPI documents). v3 documents no parentId: the client lists every folder and
// keeps the children asked for by their parent links (top-level folders have none).
func (c *Client) Folders(ctx context.Context, sessionID, mailboxID string, q FolderQuery) iter.Seq2[Folder, error] {
	v, err := c.Version(ctx)
	if err != nil {
		return failed[Folder](err)
	}
	if v == V3 && q.ParentID != "" {
		unfiltered := q
		unfiltered.ParentID, unfiltered.MaxItems = "", 0
		want := q.ParentID
		if IsTopLevelFolderID(want) {
			want = ""
		}
		return filterSeq(c.Folders(ctx, sessionID, mailboxID, unfiltered), func(f Folder) bool { return f.ParentID == want }, q.MaxItems)
	}
	return list(ctx, c, q.ListOptions, listing[Folder]{
		build: func(v APIVersion) (route, url.Values) {
			query := url.Values{}
			if q.ParentID != "" {
				query.Set("parentId", folderParentParam(v, q.ParentID))
			}
			if q.Name != "" {
				query.Set("name", q.Name)
			}
			return foldersRoute(v, sessionID, mailboxID), query
		},
		decode: decodeFolder,
		what:   "folder",
	})
}

// IsTopLevelFolderID reports whether a folder filter names the mailbox's top level: "root"
// (v7+) or "null" (v4..v6), in any case.
func IsTopLevelFolderID(parentID string) bool {
	return strings.EqualFold(parentID, "root") || strings.EqualFold(parentID, "null")
}

// folderParentParam is the parentId value for parentID at version v.
func folderParentParam(v APIVersion, parentID string) string {
	switch {
	case !IsTopLevelFolderID(parentID):
		return parentID
	case v >= V7:
		return "root"
	}
	return "null"
}

// Items lists the items of a mailbox, or of one folder when q.FolderID is set (sent as
// folderId on v3..v6 and parentId on v7+).
func (c *Client) Items(ctx context.Context, sessionID, mailboxID string, q ItemQuery) iter.Seq2[Item, error] {
	return list(ctx, c, q.ListOptions, listing[Item]{
		build:  func(v APIVersion) (route, url.Values) { return itemsQuery(v, sessionID, mailboxID, q) },
		decode: decodeListedItem,
		what:   "item",
	})
}

// itemsQuery is the route and query of an item listing: the folder filter is the only one
// GET .../items accepts in any version (v3..v6 folderId, v7+ parentId).
func itemsQuery(v APIVersion, sessionID, mailboxID string, q ItemQuery) (route, url.Values) {
	query := url.Values{}
	if q.FolderID != "" {
		query.Set(itemFolderParam(v), q.FolderID)
	}
	return itemsRoute(v, sessionID, mailboxID), query
}

func itemFolderParam(v APIVersion) string {
	if v >= V7 {
		return "parentId"
	}
	return "folderId"
}

// Item reads one mailbox item.
func (c *Client) Item(ctx context.Context, sessionID, mailboxID, itemID string) (Item, error) {
	return getOne(ctx, c, func(v APIVersion) route { return itemRoute(v, sessionID, mailboxID, itemID) }, decodeListedItem)
}

// decodeListedItem decodes an item the server returned by ID or in a listing: unlike
// DecodeItem, which stays lenient for documentation examples without one (the v3 seed's
// contact), it requires an id, since such an item could not be read or restored again.
func decodeListedItem(obj object) (Item, error) {
	item, err := decodeItemObject(obj)
	if err == nil && item.ID == "" {
		err = errNoID
	}
	return item, err
}

func getOne[T any](ctx context.Context, c *Client, build func(APIVersion) route, decode func(object) (T, error)) (T, error) {
	var zero T
	v, err := c.Version(ctx)
	if err != nil {
		return zero, err
	}
	rt := build(v)
	if rt.err != nil {
		return zero, rt.err
	}
	obj, err := c.getJSON(ctx, rt, nil)
	if err != nil {
		return zero, err
	}
	out, err := decode(obj)
	if err != nil {
		return zero, fmt.Errorf("vb365: GET %s: %w", rt.template, err)
	}
	return out, nil
}

// getArray reads a route that answers a bare JSON array (no page envelope) and decodes each
// element; a malformed element fails the whole read, naming it by what and its position.
func getArray[T any](ctx context.Context, c *Client, rt route, what string, decode func([]byte) (T, error)) ([]T, error) {
	if rt.err != nil {
		return nil, rt.err
	}
	r := &apiRequest{method: http.MethodGet, route: rt}
	resp, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := c.readBody(r, resp)
	if err != nil {
		return nil, err
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(data, &elems); err != nil {
		return nil, malformed(r, fmt.Errorf("expected a JSON array of %ss: %w", what, err))
	}
	out := make([]T, 0, len(elems))
	for i, raw := range elems {
		e, err := decode(raw)
		if err != nil {
			return nil, malformed(r, fmt.Errorf("%s %d: %w", what, i+1, err))
		}
		out = append(out, e)
	}
	return out, nil
}

func decodeOrganization(obj object) (Organization, error) {
	d := &fieldDecoder{obj: obj}
	org := Organization{ID: deref(d.str("id")), Name: deref(d.str("name")), Type: deref(d.str("type"))}
	if d.err != nil {
		return org, d.err
	}
	if org.ID == "" {
		return org, errNoID
	}
	return org, nil
}

func decodeRestoreSession(obj object) (RestoreSession, error) {
	d := &fieldDecoder{obj: obj}
	s := RestoreSession{
		ID:           deref(d.str("id")),
		Name:         deref(d.str("name")),
		Type:         deref(d.str("type")),
		CreationTime: deref(d.timestamp("creationTime")),
		EndTime:      deref(d.timestamp("endTime")),
		State:        deref(d.str("state")),
		Result:       deref(d.str("result")),
		InitiatedBy:  deref(d.str("initiatedBy")),
		Details:      deref(d.str("details")),
		Reason:       deref(d.str("reason")),
		ScopeName:    deref(d.str("scopeName")),
		ClientHost:   deref(d.str("clientHost")),
	}
	// "organization" is the organization's name; tolerate an embedded object as well.
	if raw, ok := obj.raw("organization"); ok && strings.HasPrefix(strings.TrimSpace(string(raw)), "{") {
		if org, err := parseObject(raw); err == nil {
			od := &fieldDecoder{obj: org}
			s.Organization, s.OrganizationID = deref(od.str("name")), deref(od.str("id"))
		}
	} else {
		s.Organization = deref(d.str("organization"))
	}
	if d.err != nil {
		return s, d.err
	}
	if s.ID == "" {
		return s, errNoID
	}
	if s.OrganizationID == "" {
		if links, ok := obj.raw("_links"); ok {
			if lo, err := parseObject(links); err == nil {
				if href, err := linkHref(lo, "organization"); err == nil {
					s.OrganizationID = organizationIDFromLink(href)
				}
			}
		}
	}
	return s, nil
}

// organizationIDFromLink returns the ID in ".../Organizations/{id}", or "" for links such as
// "/v8/RestoreSessions/{id}/organization" that name no organization ID.
func organizationIDFromLink(href string) string {
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	segments := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	for i := 0; i+1 < len(segments); i++ {
		if strings.EqualFold(segments[i], "organizations") {
			if id, err := url.PathUnescape(segments[i+1]); err == nil {
				return id
			}
		}
	}
	return ""
}

func decodeMailbox(obj object) (Mailbox, error) {
	d := &fieldDecoder{obj: obj}
	m := Mailbox{
		ID:        deref(d.str("id")),
		Name:      deref(d.str("name")),
		Email:     deref(d.str("email")),
		IsArchive: deref(d.boolean("isArchive")),
		IsPublic:  deref(d.boolean("isPublic")),
	}
	if d.err != nil {
		return m, d.err
	}
	if m.ID == "" {
		return m, errNoID
	}
	return m, nil
}

func decodeFolder(obj object) (Folder, error) {
	d := &fieldDecoder{obj: obj}
	f := Folder{
		ID:          deref(d.str("id")),
		Name:        deref(d.str("name")),
		Type:        deref(d.str("type")),
		Category:    deref(d.str("category")),
		Description: deref(d.str("description")),
		MailboxID:   deref(d.str("mailboxId")),
	}
	if d.err != nil {
		return f, d.err
	}
	if f.ID == "" {
		return f, errNoID
	}
	links, err := decodeItemLinks(obj)
	if err != nil {
		return f, err
	}
	if parent, err := ParseItemLink(links.Parent); err == nil {
		f.ParentID = parent.FolderID
		if f.MailboxID == "" {
			f.MailboxID = parent.MailboxID
		}
	}
	if f.MailboxID == "" {
		for _, href := range []string{links.Self, links.Mailbox} {
			if ids, err := ParseItemLink(href); err == nil && ids.MailboxID != "" {
				f.MailboxID = ids.MailboxID
				break
			}
		}
	}
	return f, nil
}

func restoreSessionEventsRoute(v APIVersion, sessionID string) route {
	return sessionRoute(v, sessionID).lit("Events")
}

// RestoreSessionEvents lists the events of a restore session (GET
// /vN/RestoreSessions/{id}/Events, every version): the server's own record of what it ran.
// After an action whose outcome is unknown (ProvablyNotRun false), the events of the browsed
// session (v3..v7, and v8 where the server records them there) or of the v8 restore session
// tell whether and how it ran. Titles and messages are redacted with the password and tokens;
// callers redact their own secrets (restore credentials) with Redact.
func (c *Client) RestoreSessionEvents(ctx context.Context, sessionID string, opts ListOptions) iter.Seq2[RestoreSessionEvent, error] {
	return list(ctx, c, opts, listing[RestoreSessionEvent]{
		build:  func(v APIVersion) (route, url.Values) { return restoreSessionEventsRoute(v, sessionID), nil },
		decode: func(obj object) (RestoreSessionEvent, error) { return c.decodeRestoreSessionEvent(obj) },
		what:   "restore session event",
	})
}

func (c *Client) decodeRestoreSessionEvent(obj object) (RestoreSessionEvent, error) {
	d := &fieldDecoder{obj: obj}
	e := RestoreSessionEvent{
		ID:            deref(d.str("id")),
		Type:          deref(d.str("type")),
		Status:        deref(d.str("status")),
		ItemName:      deref(d.str("itemName")),
		ItemType:      deref(d.str("itemType")),
		ItemSizeBytes: d.integer("itemSizeBytes"),
		Source:        deref(d.str("source")),
		Target:        deref(d.str("target")),
		StartTime:     deref(d.timestamp("startTime")),
		EndTime:       deref(d.timestamp("endTime")),
		Duration:      deref(d.str("duration")),
		Title:         c.redact(deref(d.str("title")), nil),
		Message:       c.redact(deref(d.str("message")), nil),
		Order:         d.integer("order"),
	}
	if d.err != nil {
		return e, d.err
	}
	if e.ID == "" {
		return e, errNoID
	}
	return e, nil
}
