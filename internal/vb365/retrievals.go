package vb365

// Data retrievals (API v6+): archive-tier backups (Amazon S3 Glacier, Azure Blob Storage
// Archive) are retrieved by a retrieval job before they can be explored; the retrieved copy is
// kept for availabilityPeriodDays. POST /DataRetrievals starts one (RESTDataRetrievalFromClient
// -> 201 RESTDataRetrievalComposed), GET /DataRetrievals/{id} reports its dataState
// (Retrieving, Retrieved, ChangingAvailabilityPeriod, Removing), PUT changes the availability
// (RESTDataRetrievalUpdateFromClient), GET /DataRetrievalSessions?dataRetrievalId= the
// progress of its sessions, and POST /DataRetrievals/{id}/explore opens a restore session on
// the retrieved data. v6 and v7 also have DELETE (removes the retrieved copy early); v8 has
// none.

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"time"
)

// DataRetrievalRequest is what a retrieval retrieves (RESTDataRetrievalFromClient, Exchange).
type DataRetrievalRequest struct {
	Name, Description string
	OrganizationID    string
	RepositoryID      string // the archive-tier repository
	PointInTime       *time.Time
	ShowDeleted       *bool
	ShowAllVersions   *bool
	AvailabilityDays  int64
	// MailboxIDs are the mailboxes to retrieve (none: all of the organization's). The client
	// reads each from the repository (GET BackupRepositories/{id}/MailboxData/{mailboxId})
	// and sends it as the documents require, a RESTBackupMailboxData object.
	MailboxIDs []string
	// GlacierPolicy is Expedited, Standard or Bulk; AzurePolicy StandardPriority or
	// HighPriority; the one of the repository's cloud applies.
	GlacierPolicy, AzurePolicy string
}

// DataRetrieval is a retrieval job (RESTDataRetrievalComposed).
type DataRetrieval struct {
	ID, Name, Description     string
	OrganizationID            string
	RepositoryID              string
	PointInTime               string
	RetrievedRestorePointID   string
	StorageType               string // AmazonS3Glacier, AzureArchive
	GlacierPolicy             string
	AzurePolicy               string
	DataState                 string // Retrieving, Retrieved, ChangingAvailabilityPeriod, Removing
	LastStatus                string // Stopped, Running, Success, Failed, Warning, NotConfigured
	StartTime, ExpirationTime string
	Type                      string
}

// DataRetrievalSession is one run of a retrieval job (RESTDataRetrievalSession).
type DataRetrievalSession struct {
	ID, Type, Status        string
	CreationTime, EndTime   string
	Progress, ProcessedObjs *int64
}

func retrievalsRoute(v APIVersion) route { return newRoute(v).lit("DataRetrievals") }

func retrievalRoute(v APIVersion, id string) route {
	return retrievalsRoute(v).id("dataRetrievalId", "data retrieval ID", id)
}

// StartDataRetrieval starts a retrieval job. It is an action: never sent twice.
func (c *Client) StartDataRetrieval(ctx context.Context, req DataRetrievalRequest) (DataRetrieval, error) {
	v, err := c.requireVersion(ctx, "retrieving archived data (POST /DataRetrievals)", V6)
	if err != nil {
		return DataRetrieval{}, notSent(err)
	}
	body := jsonObject{}
	body.set("name", req.Name)
	body.set("description", req.Description)
	body.set("organizationId", req.OrganizationID)
	body.set("repositoryId", req.RepositoryID)
	if req.PointInTime != nil {
		body.set("pointInTime", req.PointInTime.UTC().Format(time.RFC3339))
	}
	body.setBool("showDeleted", req.ShowDeleted)
	body.setBool("showAllVersions", req.ShowAllVersions)
	if req.AvailabilityDays > 0 {
		body["availabilityPeriodDays"] = req.AvailabilityDays
	}
	if len(req.MailboxIDs) > 0 {
		// RESTDataRetrievalFromClient.mailboxes is an array of RESTBackupMailboxData objects,
		// not of IDs: each is read from the repository first (nothing is sent when one fails).
		if req.RepositoryID == "" {
			return DataRetrieval{}, notSent(errors.New("vb365: a data retrieval of mailboxes needs the repository ID: the mailboxes are named as the repository holds them"))
		}
		mailboxes := make([]any, 0, len(req.MailboxIDs))
		for _, id := range req.MailboxIDs {
			m, err := c.BackupMailbox(ctx, req.RepositoryID, id)
			if err != nil {
				return DataRetrieval{}, notSent(fmt.Errorf("vb365: data retrieval: mailbox %s of repository %s: %w", id, req.RepositoryID, err))
			}
			mailboxes = append(mailboxes, m.retrievalData())
		}
		body["mailboxes"] = mailboxes
	}
	body.set("amazonS3GlacierRetrievalPolicy", req.GlacierPolicy)
	body.set("azureArchiveRetrievalPolicy", req.AzurePolicy)
	r, err := postJSON(retrievalsRoute(v), body)
	if err != nil {
		return DataRetrieval{}, notSent(err)
	}
	r.action = true
	resp, err := c.send(ctx, r)
	if err != nil {
		return DataRetrieval{}, err
	}
	defer resp.Body.Close()
	obj, err := c.readObject(r, resp)
	if err != nil {
		return DataRetrieval{}, err
	}
	out, err := decodeDataRetrieval(obj)
	if err != nil {
		return DataRetrieval{}, malformed(r, err)
	}
	return out, nil
}

// GetDataRetrieval reads a retrieval job.
func (c *Client) GetDataRetrieval(ctx context.Context, id string) (DataRetrieval, error) {
	if _, err := c.requireVersion(ctx, "reading a data retrieval (GET /DataRetrievals/{id})", V6); err != nil {
		return DataRetrieval{}, err
	}
	return getOne(ctx, c, func(v APIVersion) route { return retrievalRoute(v, id) }, decodeDataRetrieval)
}

// SetDataRetrievalAvailability changes how many days the retrieved data stays available.
func (c *Client) SetDataRetrievalAvailability(ctx context.Context, id string, days int64) error {
	v, err := c.requireVersion(ctx, "changing a data retrieval's availability (PUT /DataRetrievals/{id})", V6)
	if err != nil {
		return notSent(err)
	}
	data, err := jsonBody(map[string]any{"availabilityPeriodDays": days})
	if err != nil {
		return notSent(err)
	}
	r := &apiRequest{method: http.MethodPut, route: retrievalRoute(v, id), body: data, contentType: "application/json"}
	resp, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	discard(resp)
	return nil
}

// DataRetrievalSessions lists the sessions (runs) of a retrieval job.
func (c *Client) DataRetrievalSessions(ctx context.Context, retrievalID string, opts ListOptions) iter.Seq2[DataRetrievalSession, error] {
	if _, err := c.requireVersion(ctx, "listing data retrieval sessions (GET /DataRetrievalSessions)", V6); err != nil {
		return failed[DataRetrievalSession](err)
	}
	return list(ctx, c, opts, listing[DataRetrievalSession]{
		build: func(v APIVersion) (route, url.Values) {
			return newRoute(v).lit("DataRetrievalSessions"), url.Values{"dataRetrievalId": {retrievalID}}
		},
		decode: decodeDataRetrievalSession,
		what:   "data retrieval session",
	})
}

func decodeDataRetrieval(obj object) (DataRetrieval, error) {
	d := &fieldDecoder{obj: obj}
	r := DataRetrieval{
		ID: deref(d.str("id")), Name: deref(d.str("name")), Description: deref(d.str("description")),
		OrganizationID: deref(d.str("organizationId")), RepositoryID: deref(d.str("repositoryId")),
		PointInTime: deref(d.timestamp("pointInTime")), RetrievedRestorePointID: deref(d.str("retrievedRestorePointId")),
		StorageType: deref(d.str("storageType")), GlacierPolicy: deref(d.str("amazonS3GlacierRetrievalPolicy")),
		AzurePolicy: deref(d.str("azureArchiveRetrievalPolicy")), DataState: deref(d.str("dataState")),
		LastStatus: deref(d.str("lastStatus")), StartTime: deref(d.timestamp("startTime")),
		ExpirationTime: deref(d.timestamp("expirationTime")), Type: deref(d.str("type")),
	}
	if d.err != nil {
		return r, d.err
	}
	if r.ID == "" {
		return r, errNoID
	}
	return r, nil
}

func decodeDataRetrievalSession(obj object) (DataRetrievalSession, error) {
	d := &fieldDecoder{obj: obj}
	s := DataRetrievalSession{
		ID: deref(d.str("id")), Type: deref(d.str("type")), Status: deref(d.str("status")),
		CreationTime: deref(d.timestamp("creationTime")), EndTime: deref(d.timestamp("endTime")),
		Progress: d.integer("progress"), ProcessedObjs: d.integer("processedObjects"),
	}
	return s, d.err
}

// EmailSettings are the server's settings for sending restored items by e-mail
// (RESTSmtpSettings, GET /VexEmailSettings, API v6+); the send actions need them.
type EmailSettings struct {
	EnableNotification *bool
	Server             string
	From               string
	AuthenticationType string // v8: CustomSmtp, GoogleGmail, Microsoft365
	MailAPIURL         string // v8, Microsoft365
	IsAuthenticated    *bool  // v8, OAuth types
}

// Configured reports whether the server can send e-mail: sending enabled, and an SMTP server
// (or, on v8, an authenticated mail API account).
func (s EmailSettings) Configured() bool {
	if s.EnableNotification == nil || !*s.EnableNotification {
		return false
	}
	switch s.AuthenticationType {
	case "", "CustomSmtp":
		return s.Server != ""
	}
	return s.IsAuthenticated != nil && *s.IsAuthenticated
}

// GetEmailSettings reads the server's e-mail settings (API v6+). Secrets are not read.
func (c *Client) GetEmailSettings(ctx context.Context) (EmailSettings, error) {
	if _, err := c.requireVersion(ctx, "reading the e-mail settings (GET /VexEmailSettings)", V6); err != nil {
		return EmailSettings{}, err
	}
	return getOne(ctx, c, func(v APIVersion) route { return newRoute(v).lit("VexEmailSettings") }, func(obj object) (EmailSettings, error) {
		d := &fieldDecoder{obj: obj}
		s := EmailSettings{
			EnableNotification: d.boolean("enableNotification"), Server: deref(d.str("server")), From: deref(d.str("from")),
			AuthenticationType: deref(d.str("authenticationType")), MailAPIURL: deref(d.str("mailApiUrl")),
			IsAuthenticated: d.boolean("isAuthenticated"),
		}
		return s, d.err
	})
}
