package vb365

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Explore opens an Exchange explore (browse) session on an organization:
// v3..v5 POST /vN/Organizations/{id}/Action {"explore": {...}}, v6+ POST
// /vN/Organizations/{id}/explore with the options as the body.
//
// opts.Reason is not sent: no organization explore request schema has a reason (only the
// restore-operator explore does); callers keep it for their own records.
//
// With tenant sign-in (tenant.go) it explores the signed-in organization at POST
// /vN/Organization/Action (v3..v5) or /vN/Organization/Explore (v6+), the same body.
func (c *Client) Explore(ctx context.Context, organizationID string, opts ExploreOptions) (RestoreSession, error) {
	session, err := c.explore(ctx, organizationID, opts)
	if tenantOrg, ok := c.detectTenantAfter(ctx, err); ok {
		if err := tenantExploreTarget(tenantOrg, organizationID); err != nil {
			return RestoreSession{}, notSent(err)
		}
		return c.explore(ctx, organizationID, opts)
	}
	return session, err
}

func (c *Client) explore(ctx context.Context, organizationID string, opts ExploreOptions) (RestoreSession, error) {
	v, err := c.Version(ctx)
	if err != nil {
		return RestoreSession{}, notSent(err)
	}
	org := newRoute(v).lit("Organizations").id("organizationId", "organization ID", organizationID)
	exploreSegment := "explore"
	if tenantOrg, tenant := c.TenantOrganization(); tenant {
		if err := tenantExploreTarget(tenantOrg, organizationID); err != nil {
			return RestoreSession{}, notSent(err)
		}
		org, exploreSegment = newRoute(v).lit("Organization"), "Explore"
	}
	options := jsonObject{}
	if opts.PointInTime != nil {
		options.set(pick(v, "datetime", "dateTime"), opts.PointInTime.UTC().Format(time.RFC3339Nano))
	}
	options.set("type", pick(v, "vex", "Vex"))
	options.setBool("showDeleted", opts.ShowDeleted)
	options.setBool("showAllVersions", opts.ShowAllVersions)

	var r *apiRequest
	switch {
	case opts.DataRetrievalID != "" && v < V6:
		return RestoreSession{}, notSent(&UnsupportedVersionError{Operation: "exploring retrieved archive data (data_retrieval_id)", Version: v, Minimum: V6})
	case opts.DataRetrievalID != "" && (opts.PointInTime != nil || opts.ShowDeleted != nil || opts.ShowAllVersions != nil || opts.RepositoryID != ""):
		return RestoreSession{}, notSent(errors.New("vb365: the explore of a data retrieval takes no point in time, options or repository: the retrieval fixes them"))
	case opts.DataRetrievalID != "":
		r = &apiRequest{method: http.MethodPost, route: retrievalRoute(v, opts.DataRetrievalID).lit("explore")}
	case opts.RepositoryID != "" && v < V7:
		return RestoreSession{}, notSent(&UnsupportedVersionError{Operation: "exploring a backup repository (repository_id)", Version: v, Minimum: V7})
	case opts.RepositoryID != "" && v == V7:
		// v7 explores a repository on its own route, the organization a query parameter.
		rt := newRoute(v).lit("BackupRepositories").id("repositoryId", "repository ID", opts.RepositoryID).lit("explore")
		if r, err = postJSON(rt, options); err == nil {
			r.query = url.Values{"organizationId": {organizationID}}
		}
	case opts.RepositoryID != "":
		options.set("repositoryId", opts.RepositoryID)
		r, err = postJSON(org.lit(exploreSegment), options)
	case legacyDialect(v):
		r, err = postJSON(org.lit("Action"), map[string]any{"explore": options})
	default:
		r, err = postJSON(org.lit(exploreSegment), options)
	}
	if err != nil {
		return RestoreSession{}, notSent(err)
	}
	r.action, r.retryUnsent = true, true
	resp, err := c.send(ctx, r)
	if err != nil {
		return RestoreSession{}, err
	}
	defer resp.Body.Close()
	obj, err := c.readObject(r, resp)
	if err != nil {
		return RestoreSession{}, err
	}
	session, err := decodeRestoreSession(obj)
	if err != nil {
		return RestoreSession{}, fmt.Errorf("vb365: %s: %w", r.describe(), err)
	}
	return session, nil
}

// StopRestoreSession stops a restore session: v3..v5 POST RestoreSessions/{id}/Action
// {"stop": null}, v6+ POST RestoreSessions/{id}/Stop.
func (c *Client) StopRestoreSession(ctx context.Context, id string) error {
	v, err := c.Version(ctx)
	if err != nil {
		return notSent(err)
	}
	var r *apiRequest
	if legacyDialect(v) {
		if r, err = postJSON(sessionRoute(v, id).lit("Action"), map[string]any{"stop": nil}); err != nil {
			return notSent(err)
		}
	} else {
		r = &apiRequest{method: http.MethodPost, route: sessionRoute(v, id).lit("Stop")}
	}
	r.action, r.retryUnsent = true, true
	resp, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	discard(resp)
	return nil
}

// RestoreToOriginalLocation restores the items to the mailbox they were backed up from. On v8
// the server runs the restore asynchronously; the call polls until it finishes, reporting
// progress (progress may be nil).
func (c *Client) RestoreToOriginalLocation(ctx context.Context, scope ItemScope, opts RestoreToOriginalLocationOptions, progress func(RestoreProgress)) (RestoreStatistics, error) {
	fields := jsonObject{}
	secrets := fields.setCredentials(opts.Credentials)
	a := itemAction{kind: ActionRestoreToOriginalLocation, fields: fields, secrets: secrets}
	return c.restore(ctx, scope, a, progress)
}

// RestoreTo restores the items to another mailbox (opts.Mailbox) and optionally folder.
func (c *Client) RestoreTo(ctx context.Context, scope ItemScope, opts RestoreToOptions, progress func(RestoreProgress)) (RestoreStatistics, error) {
	if strings.TrimSpace(opts.Mailbox) == "" {
		return RestoreStatistics{}, notSent(errors.New("vb365: restore to another mailbox: the target mailbox is required"))
	}
	fields := jsonObject{}
	secrets := fields.setCredentials(opts.Credentials)
	fields.set("mailbox", opts.Mailbox)
	fields.set("casServer", opts.CASServer)
	fields.set("folder", opts.Folder)
	fields.set("officeRegion", opts.OfficeRegion)
	fields.set("officeOrganizationName", opts.OfficeOrganizationName)
	fields.setBool("changedItems", opts.ChangedItems)
	fields.setBool("deletedItems", opts.DeletedItems)
	fields.setBool("markRestoredAsUnread", opts.MarkRestoredAsUnread)
	fields.setBool("excludeDrafts", opts.ExcludeDrafts)
	fields.setBool("excludeDeletedItems", opts.ExcludeDeletedItems)
	fields.setBool("excludeInPlaceHoldItems", opts.ExcludeInPlaceHoldItems)
	fields.setBool("excludeLitigationHoldItems", opts.ExcludeLitigationHoldItems)
	a := itemAction{kind: ActionRestoreTo, fields: fields, secrets: secrets}
	return c.restore(ctx, scope, a, progress)
}

// ExportToPST exports the items to a PST file streamed into w; it returns the bytes written.
// The body is copied as it arrives, never held in memory.
func (c *Client) ExportToPST(ctx context.Context, scope ItemScope, opts ExportToPSTOptions, w io.Writer) (int64, error) {
	if opts.PSTSizeLimitBytes != nil && *opts.PSTSizeLimitBytes <= 0 {
		return 0, notSent(fmt.Errorf("vb365: PST size limit must be positive, got %d", *opts.PSTSizeLimitBytes))
	}
	fields := jsonObject{}
	fields.setBool("enablePstSizeLimit", opts.EnablePSTSizeLimit)
	if opts.PSTSizeLimitBytes != nil {
		fields["pstSizeLimitBytes"] = *opts.PSTSizeLimitBytes
	}
	if opts.ContentKeyword != "" {
		if len(scope.ItemIDs) > 0 {
			return 0, notSent(errors.New("vb365: a content keyword applies to a folder, a whole mailbox or the organization, not to listed items"))
		}
		if _, err := c.requireVersion(ctx, "exporting to PST by content keyword (contentKeyword)", V6); err != nil {
			return 0, notSent(err)
		}
		fields.set("contentKeyword", opts.ContentKeyword)
	}
	return c.download(ctx, scope, itemAction{kind: ActionExportToPST, fields: fields}, w)
}

// SaveToMSG saves the items as MSG (a single item) streamed into w; it returns the bytes written.
func (c *Client) SaveToMSG(ctx context.Context, scope ItemScope, w io.Writer) (int64, error) {
	return c.download(ctx, scope, itemAction{kind: ActionSaveToMSG, fields: jsonObject{}}, w)
}

// SendToDefaultAddress mails the items to the address configured in the server's email settings.
func (c *Client) SendToDefaultAddress(ctx context.Context, scope ItemScope) error {
	return c.sendItems(ctx, scope, itemAction{kind: ActionSendToDefaultAddress, fields: jsonObject{}})
}

// SendToDifferentAddress mails the items to opts.To.
func (c *Client) SendToDifferentAddress(ctx context.Context, scope ItemScope, opts SendToDifferentAddressOptions) error {
	if strings.TrimSpace(opts.To) == "" {
		return notSent(errors.New("vb365: send to a different address: the recipient address (to) is required"))
	}
	fields := jsonObject{}
	fields.set("from", opts.From)
	fields.set("to", opts.To)
	fields.set("subject", opts.Subject)
	fields.set("text", opts.Text)
	return c.sendItems(ctx, scope, itemAction{kind: ActionSendToDifferentAddress, fields: fields})
}

// actionRoutes names an action in both dialects: the v3..v5 envelope key (the v3
// documentation's spelling) and the v6+ route segments for one item, several, a folder and a
// whole mailbox ("" where the API has no such route).
type actionRoutes struct {
	legacyKey       string
	single, bulk    string
	singleNoBody    bool // the v6+ single-item route takes no request body
	folder, mailbox string
}

var actionTable = map[ActionKind]actionRoutes{
	ActionRestoreToOriginalLocation: {legacyKey: "restoretoOriginallocation", single: "restore", bulk: "restore", folder: "restore", mailbox: "restore"},
	ActionRestoreTo:                 {legacyKey: "restoreTo", single: "restoreTo", bulk: "restoreTo", folder: "restoreTo", mailbox: "restoreTo"},
	ActionExportToPST:               {legacyKey: "exporttoPst", single: "exportToPst", bulk: "exportToPst", folder: "exportToPst", mailbox: "exportToPst"},
	ActionSaveToMSG:                 {legacyKey: "savetoMsg", single: "save", bulk: "Save", singleNoBody: true},
	ActionSendToDefaultAddress:      {legacyKey: "sendtoDefaultaddress", single: "sendToDefaultAddress", bulk: "sendToDefaultAddress", singleNoBody: true},
	ActionSendToDifferentAddress:    {legacyKey: "sendtoDifferentaddress", single: "sendToDifferentAddress", bulk: "sendToDifferentAddress"},
}

type itemAction struct {
	kind    ActionKind
	fields  jsonObject // the action's options, without items
	secrets []string   // values to redact from server messages
}

// actionRequest builds the request for an action in the version's dialect. One item uses the
// item route, several the mailbox's bulk route with "items": [{"id": ...}]; a folder or the
// whole mailbox their own routes (v3..v5: their Action endpoints with the same envelope).
func actionRequest(v APIVersion, scope ItemScope, a itemAction) (*apiRequest, error) {
	if err := scope.validate(); err != nil {
		return nil, err
	}
	routes := actionTable[a.kind]
	if scope.WholeOrganization {
		return organizationActionRequest(v, scope, a)
	}
	if scope.FolderID != "" || scope.WholeMailbox {
		return scopeActionRequest(v, scope, a, routes)
	}
	single := len(scope.ItemIDs) == 1
	items := make([]map[string]string, len(scope.ItemIDs))
	for i, id := range scope.ItemIDs {
		items[i] = map[string]string{"id": id}
	}

	var r *apiRequest
	var err error
	switch {
	case legacyDialect(v) && single:
		rt := itemRoute(v, scope.RestoreSessionID, scope.MailboxID, scope.ItemIDs[0]).lit("Action")
		r, err = postJSON(rt, map[string]any{routes.legacyKey: a.legacyOptions()})
	case legacyDialect(v):
		inner := a.fields.with("items", items)
		rt := itemsRoute(v, scope.RestoreSessionID, scope.MailboxID).lit("Action")
		r, err = postJSON(rt, map[string]any{routes.legacyKey: inner})
	case single:
		rt := itemRoute(v, scope.RestoreSessionID, scope.MailboxID, scope.ItemIDs[0]).lit(routes.single)
		if routes.singleNoBody {
			r = &apiRequest{method: http.MethodPost, route: rt}
		} else {
			r, err = postJSON(rt, a.fields)
		}
	default:
		rt := itemsRoute(v, scope.RestoreSessionID, scope.MailboxID).lit(routes.bulk)
		r, err = postJSON(rt, a.fields.with("items", items))
	}
	if err != nil {
		return nil, err
	}
	r.secrets = a.secrets
	return r, nil
}

// scopeActionRequest builds a folder or whole-mailbox action.
func scopeActionRequest(v APIVersion, scope ItemScope, a itemAction, routes actionRoutes) (*apiRequest, error) {
	rt := mailboxRoute(v, scope.RestoreSessionID, scope.MailboxID)
	segment, what := routes.mailbox, "a whole mailbox"
	if scope.FolderID != "" {
		rt = foldersRoute(v, scope.RestoreSessionID, scope.MailboxID).id("folderId", "folder ID", scope.FolderID)
		segment, what = routes.folder, "a folder"
	}
	if segment == "" {
		return nil, fmt.Errorf("vb365: %s cannot be applied to %s: the API offers it for items only", a.kind, what)
	}
	var r *apiRequest
	var err error
	if legacyDialect(v) {
		r, err = postJSON(rt.lit("Action"), map[string]any{routes.legacyKey: a.legacyOptions()})
	} else {
		r, err = postJSON(rt.lit(segment), a.fields)
	}
	if err != nil {
		return nil, err
	}
	r.secrets = a.secrets
	return r, nil
}

// organizationActionRequest builds the export of the whole organization (v6+:
// RestoreSessions/{id}/organization/exportToPst; the API has no other organization action).
func organizationActionRequest(v APIVersion, scope ItemScope, a itemAction) (*apiRequest, error) {
	if a.kind != ActionExportToPST {
		return nil, fmt.Errorf("vb365: %s cannot be applied to the whole organization: the API offers only a PST export", a.kind)
	}
	if v < V6 {
		return nil, &UnsupportedVersionError{Operation: "exporting the whole organization to PST", Version: v, Minimum: V6}
	}
	r, err := postJSON(sessionOrgRoute(v, scope.RestoreSessionID).lit("exportToPst"), a.fields)
	if err != nil {
		return nil, err
	}
	r.secrets = a.secrets
	return r, nil
}

// legacyOptions is the value of a v3..v5 envelope's key: null when the action has no options
// ({"savetoMsg": null}).
func (a itemAction) legacyOptions() any {
	if len(a.fields) > 0 {
		return a.fields
	}
	return nil
}

func (s ItemScope) validate() error {
	scopes := 0
	if len(s.ItemIDs) > 0 {
		scopes++
	}
	if s.FolderID != "" {
		scopes++
	}
	if s.WholeMailbox {
		scopes++
	}
	if s.WholeOrganization {
		scopes++
	}
	switch {
	case scopes == 0:
		return errors.New("vb365: no item IDs, folder ID or whole mailbox (or whole organization) given")
	case scopes > 1:
		return errors.New("vb365: give exactly one of item IDs, a folder ID, the whole mailbox or the whole organization")
	case s.WholeOrganization:
		return nil
	case s.FolderID != "":
		return validateID("folder ID", s.FolderID)
	case s.WholeMailbox:
		return nil
	}
	seen := make(map[string]bool, len(s.ItemIDs))
	for _, id := range s.ItemIDs {
		if err := validateID("item ID", id); err != nil {
			return err
		}
		if seen[id] {
			return fmt.Errorf("vb365: item ID %q is listed twice", id)
		}
		seen[id] = true
	}
	return nil
}

// sendAction sends an item action; every error before the request reached the server wraps
// ErrNotSent (send marks its own).
func (c *Client) sendAction(ctx context.Context, scope ItemScope, a itemAction, accept string) (*http.Response, *apiRequest, error) {
	v, err := c.Version(ctx)
	if err != nil {
		return nil, nil, notSent(err)
	}
	r, err := actionRequest(v, scope, a)
	if err != nil {
		return nil, nil, notSent(err)
	}
	r.accept, r.action = accept, true
	resp, err := c.send(ctx, r)
	if err != nil {
		return nil, nil, err
	}
	return resp, r, nil
}

func (c *Client) sendItems(ctx context.Context, scope ItemScope, a itemAction) error {
	resp, _, err := c.sendAction(ctx, scope, a, "")
	if err != nil {
		return err
	}
	discard(resp)
	return nil
}

// download copies a PST/MSG response body into w as it arrives. A body shorter than its
// Content-Length (or a chunked body cut short) is an error, never a silently short file.
func (c *Client) download(ctx context.Context, scope ItemScope, a itemAction, w io.Writer) (int64, error) {
	if w == nil {
		return 0, notSent(errors.New("vb365: no writer for the downloaded file"))
	}
	resp, r, err := c.sendAction(ctx, scope, a, "application/octet-stream")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(w, resp.Body)
	switch {
	case err == nil:
		return n, nil
	case errors.Is(err, io.ErrUnexpectedEOF): // net/http: shorter than Content-Length, or a cut chunked body
		of := ""
		if resp.ContentLength >= 0 {
			of = fmt.Sprintf(" of %d", resp.ContentLength)
		}
		return n, fmt.Errorf("vb365: %s: response body truncated after %d%s bytes: %w", r.describe(), n, of, err)
	case ctx.Err() != nil:
		return n, fmt.Errorf("vb365: %s: download interrupted after %d bytes: %w", r.describe(), n, ctx.Err())
	default:
		return n, fmt.Errorf("vb365: %s: download failed after %d bytes: %w", r.describe(), n, err)
	}
}

// restore runs a restore action: v3..v7 answer with the statistics, v8 with {"sessionId"} of
// an asynchronous restore that is polled to completion.
func (c *Client) restore(ctx context.Context, scope ItemScope, a itemAction, progress func(RestoreProgress)) (RestoreStatistics, error) {
	resp, r, err := c.sendAction(ctx, scope, a, "")
	if err != nil {
		return RestoreStatistics{}, err
	}
	data, err := c.readBody(r, resp)
	resp.Body.Close()
	if err != nil {
		return RestoreStatistics{}, err
	}
	// The server ran something but reported neither statistics nor a session to poll: calling
	// that a success with zero counts would hide a restore of unknown outcome.
	unreported := fmt.Errorf("vb365: %s: %w: the server answered %d without restore statistics or a restore session ID",
		r.describe(), ErrRestoreUnconfirmed, resp.StatusCode)
	if len(bytes.TrimSpace(data)) == 0 {
		return RestoreStatistics{}, unreported
	}
	obj, err := parseObject(data)
	if err != nil {
		return RestoreStatistics{}, malformed(r, err)
	}
	if !obj.has("sessionId") && !obj.has("createdItemsCount") && !obj.has("mergedItemsCount") &&
		!obj.has("failedItemsCount") && !obj.has("skippedItemsCount") && !obj.has("failedFoldersCount") {
		return RestoreStatistics{}, unreported
	}
	if obj.has("sessionId") && !obj.has("createdItemsCount") {
		sessionID, err := obj.str("sessionId")
		if err != nil || deref(sessionID) == "" {
			return RestoreStatistics{}, malformed(r, errors.New(`"sessionId" is not a restore session ID`))
		}
		return c.awaitRestore(ctx, *sessionID, progress, r.secrets)
	}
	stats, err := decodeItemsRestoreStatistics(obj)
	if err != nil {
		return RestoreStatistics{}, malformed(r, err)
	}
	c.redactStatistics(&stats, r.secrets)
	if stats.CannotContinueError != "" {
		return stats, fmt.Errorf("vb365: %s: %w: %s", r.describe(), ErrRestoreFailed, stats.CannotContinueError)
	}
	return stats, nil
}
