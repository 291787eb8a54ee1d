package vb365

import (
	"context"
	"encoding/json"
	"iter"
	"net/url"
	"strings"
)

// Backed-up mailboxes of a backup repository (API v6+): GET
// BackupRepositories/{repositoryId}/MailboxData answers RESTBackupMailboxData, the form in which
// a data retrieval (POST DataRetrievals, RESTDataRetrievalFromClient.mailboxes) names the
// mailboxes it retrieves.

// BackupMailbox is a mailbox as a backup repository holds it (RESTBackupMailboxData).
type BackupMailbox struct {
	ID, Email, DisplayName string
	RepositoryID           string
	OrganizationID         string // the backed-up organization's ID
	IsArchive              bool
	// document holds the members the documents declare, as the server answered them: a data
	// retrieval sends them back unchanged, so that every property the version requires (v6
	// organizationId and isDeleted, v7 proxyId, v8 backedUpOrganizationId) is there.
	document map[string]json.RawMessage
}

// backupMailboxMembers are the members of RESTBackupMailboxData in v6..v8 (lower case); _links
// is left out of what a retrieval sends.
var backupMailboxMembers = map[string]bool{
	"id": true, "isdeleted": true, "itemtype": true, "repositoryid": true, "proxyid": true, "isarchive": true,
	"displayname": true, "email": true, "backeduptime": true, "organizationid": true, "backeduporganizationid": true,
}

func decodeBackupMailbox(obj object) (BackupMailbox, error) {
	d := &fieldDecoder{obj: obj}
	m := BackupMailbox{ID: deref(d.str("id")), Email: deref(d.str("email")), DisplayName: deref(d.str("displayName")),
		RepositoryID: deref(d.str("repositoryId")), IsArchive: deref(d.boolean("isArchive"))}
	m.OrganizationID = deref(d.str("backedUpOrganizationId"))
	if m.OrganizationID == "" {
		m.OrganizationID = deref(d.str("organizationId"))
	}
	if d.err != nil {
		return m, d.err
	}
	if m.ID == "" {
		return m, errNoID
	}
	m.document = map[string]json.RawMessage{}
	for _, key := range obj.order {
		if backupMailboxMembers[strings.ToLower(key)] {
			raw, _ := obj.raw(key)
			m.document[key] = raw
		}
	}
	return m, nil
}

// retrievalData is the RESTBackupMailboxData a data retrieval sends for m.
func (m BackupMailbox) retrievalData() map[string]json.RawMessage { return m.document }

func backupMailboxesRoute(v APIVersion, repositoryID string) route {
	return newRoute(v).lit("BackupRepositories").id("repositoryId", "backup repository ID", repositoryID).lit("MailboxData")
}

// BackupMailbox reads one backed-up mailbox of a repository (API v6+).
func (c *Client) BackupMailbox(ctx context.Context, repositoryID, mailboxID string) (BackupMailbox, error) {
	if _, err := c.requireVersion(ctx, "reading a repository's backed-up mailboxes (GET /BackupRepositories/{id}/MailboxData)", V6); err != nil {
		return BackupMailbox{}, err
	}
	return getOne(ctx, c, func(v APIVersion) route {
		return backupMailboxesRoute(v, repositoryID).id("mailboxId", "mailbox ID", mailboxID)
	}, decodeBackupMailbox)
}

// BackupMailboxFilter narrows BackupMailboxes.
type BackupMailboxFilter struct {
	ListOptions
	OrganizationID string // the backed-up organization
	Filter         string // the server's filter text (matched against names and addresses)
}

// BackupMailboxes lists the backed-up mailboxes of a repository (API v6+).
func (c *Client) BackupMailboxes(ctx context.Context, repositoryID string, f BackupMailboxFilter) iter.Seq2[BackupMailbox, error] {
	if _, err := c.requireVersion(ctx, "listing a repository's backed-up mailboxes (GET /BackupRepositories/{id}/MailboxData)", V6); err != nil {
		return failed[BackupMailbox](err)
	}
	return list(ctx, c, f.ListOptions, listing[BackupMailbox]{
		build: func(v APIVersion) (route, url.Values) {
			q := url.Values{}
			if f.OrganizationID != "" {
				q.Set("organizationId", f.OrganizationID)
			}
			if f.Filter != "" {
				q.Set("filter", f.Filter)
			}
			return backupMailboxesRoute(v, repositoryID), q
		},
		decode: decodeBackupMailbox,
		what:   "backed-up mailbox",
	})
}
