package vb365

import (
	"context"
	"net/http"
)

// Audit e-mail settings: the server's one configuration of where audit notifications go
// (GET/PUT AuditEmailSettings, API v5+; the OAuth forms Microsoft365 and GoogleGmail v7+).

// MinAuditEmailOAuthVersion is the first API version with authenticationType (the OAuth forms).
const MinAuditEmailOAuthVersion = V7

// Authentication types of audit e-mail (RESTAuthenticationType).
const (
	AuditEmailSMTP         = "CustomSmtp"
	AuditEmailMicrosoft365 = "Microsoft365"
	AuditEmailGoogleGmail  = "GoogleGmail"
)

// AuditEmailSettings is RESTAuditEmailSettingsResponse: what the server reports (never a password).
type AuditEmailSettings struct {
	Enabled           bool
	SMTPServer        string
	Port              int64
	UseAuthentication bool
	Username          string
	UseSSL            bool
	From              string
	To                string // recipients separated by ';', as the server keeps them
	Subject           string
	// AuthenticationType, UserID and MailAPIURL are v7+ (empty before: SMTP).
	AuthenticationType string
	UserID             string
	MailAPIURL         string
	// IsAuthenticated (v7+) says whether an OAuth sign-in is complete; nil when not reported.
	IsAuthenticated *bool
}

// AuditEmailSettingsUpdate is what a PUT sends: the settings, the SMTP password (empty: not
// sent, the server keeps the stored one) and, for the OAuth forms, the ID of a completed
// sign-in (RESTAuditEmailSettingsRequest.requestId).
type AuditEmailSettingsUpdate struct {
	AuditEmailSettings
	Password  string
	RequestID string
}

func auditEmailRoute(v APIVersion) route { return newRoute(v).lit("AuditEmailSettings") }

// AuditEmailSettings reads the audit e-mail settings.
func (c *Client) AuditEmailSettings(ctx context.Context) (AuditEmailSettings, error) {
	v, err := c.requireVersion(ctx, "reading audit e-mail settings", MinAuditVersion)
	if err != nil {
		return AuditEmailSettings{}, err
	}
	obj, err := c.getJSON(ctx, auditEmailRoute(v), nil)
	if err != nil {
		return AuditEmailSettings{}, err
	}
	d := &fieldDecoder{obj: obj}
	s := AuditEmailSettings{
		Enabled: deref(d.boolean("enableNotification")), SMTPServer: deref(d.str("smtpServer")), Port: deref(d.integer("port")),
		UseAuthentication: deref(d.boolean("useAuthentication")), Username: deref(d.str("username")),
		UseSSL: deref(d.boolean("useSSL")), From: deref(d.str("from")), To: deref(d.str("to")), Subject: deref(d.str("subject")),
		AuthenticationType: deref(d.str("authenticationType")), UserID: deref(d.str("userId")),
		MailAPIURL: deref(d.str("mailApiUrl")), IsAuthenticated: d.boolean("isAuthenticated"),
	}
	if d.err != nil {
		return s, malformed(&apiRequest{method: http.MethodGet, route: auditEmailRoute(v)}, d.err)
	}
	return s, nil
}

// SetAuditEmailSettings replaces the audit e-mail settings (PUT). The OAuth forms need v7.
func (c *Client) SetAuditEmailSettings(ctx context.Context, u AuditEmailSettingsUpdate) error {
	v, err := c.requireVersion(ctx, "changing audit e-mail settings", MinAuditVersion)
	if err != nil {
		return notSent(err)
	}
	oauth := u.AuthenticationType != "" && u.AuthenticationType != AuditEmailSMTP
	if oauth && v < MinAuditEmailOAuthVersion {
		return notSent(&UnsupportedVersionError{Operation: "sending audit e-mail through " + u.AuthenticationType,
			Version: v, Minimum: MinAuditEmailOAuthVersion})
	}
	body := jsonObject{
		"enableNotification": u.Enabled, "useAuthentication": u.UseAuthentication, "useSSL": u.UseSSL,
		"smtpServer": u.SMTPServer, "username": u.Username, "from": u.From, "to": u.To, "subject": u.Subject,
	}
	if u.Port > 0 {
		body["port"] = u.Port
	}
	body.set("userPassword", u.Password)
	if v >= MinAuditEmailOAuthVersion {
		body["authenticationType"] = orDefault(u.AuthenticationType, AuditEmailSMTP)
		body.set("userId", u.UserID)
		body.set("mailApiUrl", u.MailAPIURL)
		body.set("requestId", u.RequestID)
	}
	data, err := jsonBody(body)
	if err != nil {
		return notSent(err)
	}
	r := &apiRequest{method: http.MethodPut, route: auditEmailRoute(v), body: data, contentType: "application/json"}
	if u.Password != "" {
		r.secrets = []string{u.Password}
	}
	resp, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	discard(resp)
	return nil
}

// SendAuditTestEmail asks the server to send a test message to the configured recipients
// (POST AuditEmailSettings/SendTest on v5..v7, SendTestEmail on v8). Never retried.
func (c *Client) SendAuditTestEmail(ctx context.Context) error {
	v, err := c.requireVersion(ctx, "sending a test audit e-mail", MinAuditVersion)
	if err != nil {
		return notSent(err)
	}
	name := "SendTest"
	if v >= V8 {
		name = "SendTestEmail"
	}
	resp, err := c.send(ctx, &apiRequest{method: http.MethodPost, route: auditEmailRoute(v).lit(name)})
	if err != nil {
		return err
	}
	discard(resp)
	return nil
}
