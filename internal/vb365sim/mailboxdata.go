package vb365sim

import (
	"net/http"
	"strconv"
	"strings"
)

// Backed-up mailboxes of a backup repository (API v6+), written from the v6..v8 documents:
// GET /BackupRepositories/{repositoryId}/MailboxData (PageOfRESTBackupMailboxData, filtered by
// organizationId and a filter text) and .../MailboxData/{mailboxId} (RESTBackupMailboxData).
// Every repository of the fixture (primary, backup copy, archive tier) holds every mailbox of
// the organization. A data retrieval names its mailboxes in this form (estate.go).

// ProxyID is the backup proxy of the fixture's repositories (RESTBackupMailboxData.proxyId, v7).
const ProxyID = "c0ffee00-0000-4000-8000-00000000b0b0"

// mailboxBackedUpTime is when the fixture's repositories last backed the mailboxes up.
const mailboxBackedUpTime = "2019-04-12T10:54:40Z"

func (s *Server) mailboxDataRoutes() []route {
	r := func(method, tmpl string, minV, maxV int, h routeFunc) route {
		return route{method: method, template: tmpl, segs: strings.Split(strings.TrimPrefix(tmpl, "/"), "/"), minV: minV, maxV: maxV, handler: h}
	}
	return []route{
		r("GET", "/BackupRepositories/{id}/MailboxData", 6, 8, s.handleMailboxData),
		r("GET", "/BackupRepositories/{id}/MailboxData/{id}", 6, 8, s.handleOneMailboxData),
	}
}

// repositoryOrNotFound answers 404 unless params[0] names a repository of the fixture.
func (c *reqCtx) repositoryOrNotFound() (string, bool) {
	for _, id := range []string{PrimaryRepositoryID, CopyRepositoryID, ArchiveRepositoryID} {
		if strings.EqualFold(c.params[0], id) {
			return id, true
		}
	}
	c.notFound("Backup repository with ID '" + c.params[0] + "' was not found.")
	return "", false
}

// renderMailboxData renders RESTBackupMailboxData of version v: v6 requires isDeleted, itemType
// and repositoryId (without declaring them: an erratum of its document) beside organizationId;
// v7 adds proxyId and backedUpOrganizationId; v8 drops isDeleted and proxyId.
func (c *reqCtx) renderMailboxData(repositoryID string, mb *mailbox) map[string]any {
	out := map[string]any{
		"id": mb.id, "itemType": "Mailbox", "repositoryId": repositoryID, "isArchive": mb.isArchive,
		"displayName": mb.name, "email": mb.email, "backedUpTime": mailboxBackedUpTime, "organizationId": c.s.org.id,
	}
	if c.v <= 7 {
		out["isDeleted"] = false
	}
	if c.v == 7 {
		out["proxyId"] = ProxyID
	}
	if c.v >= 7 {
		out["backedUpOrganizationId"] = c.s.org.id
	}
	return out
}

func (s *Server) handleMailboxData(c *reqCtx) {
	repo, ok := c.repositoryOrNotFound()
	if !ok {
		return
	}
	if org := c.query["organizationid"]; org != "" && !strings.EqualFold(org, s.org.id) {
		c.writePage(0, nil)
		return
	}
	filter := strings.ToLower(c.query["filter"])
	var shown []*mailbox
	for _, mb := range s.mailboxes {
		if filter == "" || strings.Contains(strings.ToLower(mb.name), filter) || strings.Contains(strings.ToLower(mb.email), filter) {
			shown = append(shown, mb)
		}
	}
	c.writePage(len(shown), func(i int) any { return c.renderMailboxData(repo, shown[i]) })
}

func (s *Server) handleOneMailboxData(c *reqCtx) {
	repo, ok := c.repositoryOrNotFound()
	if !ok {
		return
	}
	mb := s.findMailbox(c.params[1])
	if mb == nil {
		c.notFound("Mailbox with ID '" + c.params[1] + "' was not found in backup repository '" + repo + "'.")
		return
	}
	writeJSON(c.w, http.StatusOK, c.renderMailboxData(repo, mb))
}

// retrievalMailboxes reads RESTDataRetrievalFromClient.mailboxes: an array of
// RESTBackupMailboxData objects. A bare ID string is refused with a 400, as the server's JSON
// binding refuses a string where it expects an object. It answers the refusal itself and
// reports ok false.
func (c *reqCtx) retrievalMailboxes(body map[string]any) ([]string, bool) {
	raw, present := lookup(body, "mailboxes")
	if !present || raw == nil {
		return nil, true
	}
	list, isList := raw.([]any)
	if !isList {
		c.badRequest("Parameter 'mailboxes' must be an array of RESTBackupMailboxData objects.")
		return nil, false
	}
	var ids []string
	for i, el := range list {
		where := "mailboxes[" + strconv.Itoa(i) + "]"
		m, isObject := el.(map[string]any)
		if !isObject {
			c.badRequest("Error converting value " + jsonText(el) + " to type 'RESTBackupMailboxData'. Path '" + where + "'.")
			return nil, false
		}
		id, _ := getString(m, "id")
		if id == "" {
			c.badRequest("Parameter '" + where + ".id' is required.")
			return nil, false
		}
		if c.s.findMailbox(id) == nil {
			c.notFound("Mailbox with ID '" + id + "' was not found in the archive tier's backup.")
			return nil, false
		}
		ids = append(ids, id)
	}
	return ids, true
}
