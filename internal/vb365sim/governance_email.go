package vb365sim

import (
	"net/http"
	"strconv"
	"strings"
)

// Audit e-mail settings: the server's one configuration of where audit notifications go
// (GET/PUT AuditEmailSettings; POST AuditEmailSettings/SendTest on v5..v7, SendTestEmail on v8).
// v7 added the OAuth forms (authenticationType Microsoft365 or GoogleGmail with the userId of a
// completed sign-in); before v7 every configuration is SMTP.

// auditEmail is the stored configuration; guarded by Server.mu. The password is kept but never
// rendered, as the documents' response schema has no password.
type auditEmail struct {
	enabled           bool
	smtpServer        string
	port              int64
	useAuthentication bool
	username          string
	password          string
	useSSL            bool
	from, to, subject string
	authType          string // CustomSmtp, Microsoft365, GoogleGmail
	userID            string
	mailAPIURL        string
	requestID         string
}

// TestEmail is a test message the server was asked to send.
type TestEmail struct {
	To, From, Subject, AuthenticationType string
}

func newAuditEmail() auditEmail {
	return auditEmail{port: 25, authType: "CustomSmtp",
		subject: "[%Action%] %OrganizationName% - %DisplayName% (%InitiatedByUserName%)"}
}

func (s *Server) emailRoutes() []route {
	r := func(method, tmpl string, minV, maxV int, h routeFunc) route {
		return route{method: method, template: tmpl, segs: strings.Split(strings.TrimPrefix(tmpl, "/"), "/"), minV: minV, maxV: maxV, handler: h}
	}
	return []route{
		r("GET", "/AuditEmailSettings", 5, 8, s.handleGetAuditEmail),
		r("PUT", "/AuditEmailSettings", 5, 8, s.handlePutAuditEmail),
		r("POST", "/AuditEmailSettings/SendTest", 5, 7, s.handleSendTestEmail),
		r("POST", "/AuditEmailSettings/SendTestEmail", 8, 8, s.handleSendTestEmail),
	}
}

// renderAuditEmailLocked renders RESTAuditEmailSettingsResponse of version v.
func (s *Server) renderAuditEmailLocked(v int) map[string]any {
	e := s.gov.email
	out := map[string]any{
		"enableNotification": e.enabled, "smtpServer": e.smtpServer, "port": e.port,
		"useAuthentication": e.useAuthentication, "username": e.username, "useSSL": e.useSSL,
		"from": e.from, "to": e.to, "subject": e.subject,
		"_links": map[string]any{"self": map[string]any{"href": "/v" + strconv.Itoa(v) + "/AuditEmailSettings"}},
	}
	if v >= 7 {
		out["authenticationType"] = e.authType
		out["userId"] = e.userID
		out["mailApiUrl"] = nilIfEmpty(e.mailAPIURL)
		out["isAuthenticated"] = e.authType != "CustomSmtp" && e.requestID != ""
	}
	return out
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (s *Server) handleGetAuditEmail(c *reqCtx) {
	s.mu.Lock()
	out := s.renderAuditEmailLocked(c.v)
	s.mu.Unlock()
	writeJSON(c.w, http.StatusOK, out)
}

// handlePutAuditEmail replaces the configuration (RESTAuditEmailSettingsRequest). A request
// without userPassword keeps the stored password. Refusals change nothing: notifications
// enabled without a server, sender or recipient; authentication without a user name or any
// password; an OAuth form before v7 or without the request ID of a sign-in.
func (s *Server) handlePutAuditEmail(c *reqCtx) {
	body, err := readJSONObject(c)
	if err != nil || body == nil {
		msg := "The request body must be a JSON object."
		if err != nil {
			msg = err.Error()
		}
		c.badRequest(msg)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	next := s.gov.email
	str := func(key string, into *string) bool {
		if _, ok := lookup(body, key); !ok {
			return true
		}
		v, err := getString(body, key)
		if err != nil {
			c.badRequest(err.Error())
			return false
		}
		*into = v
		return true
	}
	boolean := func(key string, into *bool) bool {
		v, present, err := getBool(body, key)
		if err != nil {
			c.badRequest(err.Error())
			return false
		}
		if present {
			*into = v
		}
		return true
	}
	password := ""
	ok := boolean("enableNotification", &next.enabled) && str("smtpServer", &next.smtpServer) &&
		boolean("useAuthentication", &next.useAuthentication) && str("username", &next.username) &&
		boolean("useSSL", &next.useSSL) && str("from", &next.from) && str("to", &next.to) &&
		str("subject", &next.subject) && str("userPassword", &password)
	if !ok {
		return
	}
	if port, present, err := getInt64(body, "port"); err != nil {
		c.badRequest(err.Error())
		return
	} else if present {
		if port < 1 || port > 65535 {
			c.badRequest("The port must be between 1 and 65535.")
			return
		}
		next.port = port
	}
	if password != "" {
		next.password = password
	}
	if c.v >= 7 {
		if !str("authenticationType", &next.authType) || !str("userId", &next.userID) ||
			!str("mailApiUrl", &next.mailAPIURL) || !str("requestId", &next.requestID) {
			return
		}
	} else {
		for _, key := range []string{"authenticationType", "userId", "mailApiUrl", "requestId"} {
			if _, present := lookup(body, key); present {
				c.badRequest("Property '" + key + "' is not supported by this API version.")
				return
			}
		}
	}
	switch strings.ToLower(next.authType) {
	case "customsmtp", "":
		next.authType = "CustomSmtp"
		next.userID, next.mailAPIURL, next.requestID = "", "", ""
		if next.enabled && strings.TrimSpace(next.smtpServer) == "" {
			c.badRequest("Specify the SMTP server for audit email notifications.")
			return
		}
		if next.useAuthentication && (next.username == "" || next.password == "") {
			c.badRequest("SMTP authentication requires a user name and a password.")
			return
		}
	case "microsoft365", "googlegmail":
		next.authType = map[string]string{"microsoft365": "Microsoft365", "googlegmail": "GoogleGmail"}[strings.ToLower(next.authType)]
		if next.requestID == "" || next.userID == "" {
			c.badRequest("Complete the sign-in (CompleteOAuthSignIn) and specify its requestId and the userId to send notifications as.")
			return
		}
	default:
		c.badRequest("Authentication type '" + next.authType + "' is not valid.")
		return
	}
	if next.enabled && (strings.TrimSpace(next.from) == "" || strings.TrimSpace(next.to) == "") {
		c.badRequest("Specify the sender and the recipients of audit email notifications.")
		return
	}
	s.gov.email = next
	c.noContent()
}

// handleSendTestEmail records a test message to the configured recipients; refused when
// notifications are disabled or have no recipient.
func (s *Server) handleSendTestEmail(c *reqCtx) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.gov.email
	if !e.enabled || e.to == "" {
		c.badRequest("Audit email notifications are disabled or have no recipients; enable and configure them first.")
		return
	}
	s.gov.testEmails = append(s.gov.testEmails, TestEmail{To: e.to, From: e.from, Subject: e.subject, AuthenticationType: e.authType})
	c.noContent()
}

// TestEmails returns the test messages sent so far.
func (s *Server) TestEmails() []TestEmail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]TestEmail(nil), s.gov.testEmails...)
}

// AuditEmailPassword returns the stored SMTP password, for tests that check it reached the server.
func (s *Server) AuditEmailPassword() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gov.email.password
}

// ChangeAuditEmailOutOfBand changes the audit e-mail settings as an administrator in the
// console would: the recipients, the subject, or notifications off.
func (s *Server) ChangeAuditEmailOutOfBand(to, subject string, enabled bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gov.email.to, s.gov.email.subject, s.gov.email.enabled = to, subject, enabled
}
