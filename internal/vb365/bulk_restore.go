package vb365

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// RestoreMailboxes runs the bulk restore of whole mailboxes to their original location (v6+):
// POST /vN/RestoreSessions/{id}/organization/mailboxes/restore. v6/v7 answer with
// RESTBulkRestoreStatistics when every mailbox has run; v8 with {"sessionId"} of an
// asynchronous restore that is polled to completion like an item restore, reporting progress
// (progress may be nil); its statistics list one BulkMailbox item per mailbox.
//
// A mailbox that failed is data in the result; the run fails (ErrRestoreFailed, with the
// result) when the server reports status Failed or every mailbox failed.
func (c *Client) RestoreMailboxes(ctx context.Context, restoreSessionID string, opts MailboxesRestoreOptions, progress func(RestoreProgress)) (MailboxesRestoreResult, error) {
	v, err := c.requireVersion(ctx, "the bulk restore of whole mailboxes (organization/mailboxes/restore)", V6)
	if err != nil {
		return MailboxesRestoreResult{}, notSent(err)
	}
	r, err := bulkRestoreRequest(v, restoreSessionID, opts)
	if err != nil {
		return MailboxesRestoreResult{}, notSent(err)
	}
	// An action: bounded by ctx only and never retried once it may have reached the server.
	r.action = true
	resp, err := c.send(ctx, r)
	if err != nil {
		return MailboxesRestoreResult{}, err
	}
	data, err := c.readBody(r, resp)
	resp.Body.Close()
	if err != nil {
		return MailboxesRestoreResult{}, err
	}
	// As for item restores: an answer naming neither statistics nor a session to poll is a
	// restore of unknown outcome, never a success with nothing restored.
	unreported := fmt.Errorf("vb365: %s: %w: the server answered %d without bulk restore statistics or a restore session ID",
		r.describe(), ErrRestoreUnconfirmed, resp.StatusCode)
	if len(bytes.TrimSpace(data)) == 0 {
		return MailboxesRestoreResult{}, unreported
	}
	obj, err := parseObject(data)
	if err != nil {
		return MailboxesRestoreResult{}, malformed(r, err)
	}
	switch {
	case obj.has("sessionId"):
		sessionID, err := obj.str("sessionId")
		if err != nil || deref(sessionID) == "" {
			return MailboxesRestoreResult{}, malformed(r, errors.New(`"sessionId" is not a restore session ID`))
		}
		return c.awaitMailboxesRestore(ctx, *sessionID, opts.Mailboxes, progress, r.secrets)
	case obj.has("details"), obj.has("status"):
		res, err := decodeBulkRestoreStatistics(obj)
		if err != nil {
			return MailboxesRestoreResult{}, malformed(r, err)
		}
		c.redactMailboxesResult(&res, r.secrets)
		if len(res.Mailboxes) == 0 && !strings.EqualFold(res.Status, "Failed") {
			break // a success that names no mailbox restored nothing we could confirm
		}
		return res, bulkFailure(r.describe(), res)
	}
	return MailboxesRestoreResult{}, unreported
}

// bulkRestoreRequest builds RestBulkRestoreOptions; the mailboxes carry their ID and what the
// caller knows of them (name, e-mail, and the archive and public flags when set).
func bulkRestoreRequest(v APIVersion, restoreSessionID string, opts MailboxesRestoreOptions) (*apiRequest, error) {
	if err := validateID("restore session ID", restoreSessionID); err != nil {
		return nil, err
	}
	if len(opts.Mailboxes) == 0 {
		return nil, errors.New("vb365: a bulk mailbox restore needs at least one mailbox")
	}
	seen := make(map[string]bool, len(opts.Mailboxes))
	mailboxes := make([]jsonObject, 0, len(opts.Mailboxes))
	for _, mb := range opts.Mailboxes {
		if err := validateID("mailbox ID", mb.ID); err != nil {
			return nil, err
		}
		key := strings.ToLower(mb.ID) // mailbox IDs are GUIDs: case does not tell them apart
		if seen[key] {
			return nil, fmt.Errorf("vb365: mailbox ID %q is listed twice", mb.ID)
		}
		seen[key] = true
		m := jsonObject{"id": mb.ID}
		m.set("name", mb.Name)
		m.set("email", mb.Email)
		if mb.IsArchive {
			m["isArchive"] = true
		}
		if mb.IsPublic {
			m["isPublic"] = true
		}
		mailboxes = append(mailboxes, m)
	}
	if p := opts.RecentItemRestorePeriod; p != nil && *p < 1 {
		return nil, fmt.Errorf("vb365: the recent item restore period must be a positive number of days, got %d", *p)
	}
	cr := opts.Credentials
	fields := jsonObject{"mailboxes": mailboxes}
	fields.set("office365UserName", cr.UserName)
	fields.set("office365UserPassword", cr.UserPassword)
	fields.set("userCode", cr.UserCode)
	fields.set("applicationId", cr.ApplicationID)
	fields.set("applicationCertificate", cr.ApplicationCertificate)
	fields.set("applicationCertificatePassword", cr.ApplicationCertificatePassword)
	fields.set("impersonationAccountName", cr.ImpersonationAccountName)
	fields.set("casServer", opts.CASServer)
	for key, value := range map[string]*bool{
		"changedItems": opts.ChangedItems, "deletedItems": opts.DeletedItems, "markRestoredAsUnread": opts.MarkRestoredAsUnread,
		"skipUnresolved": opts.SkipUnresolved, "excludeDrafts": opts.ExcludeDrafts, "excludeDeletedItems": opts.ExcludeDeletedItems,
		"excludeInPlaceHoldItems": opts.ExcludeInPlaceHoldItems, "excludeLitigationHoldItems": opts.ExcludeLitigationHoldItems,
	} {
		fields.setBool(key, value)
	}
	if opts.RecentItemRestorePeriod != nil {
		fields["recentItemRestorePeriod"] = *opts.RecentItemRestorePeriod
	}
	r, err := postJSON(sessionOrgRoute(v, restoreSessionID).lit(pick(v, "Mailboxes", "mailboxes")).lit("restore"), fields)
	if err != nil {
		return nil, err
	}
	r.secrets = []string{cr.UserPassword, cr.UserCode, cr.ApplicationCertificate, cr.ApplicationCertificatePassword}
	return r, nil
}

// decodeBulkRestoreStatistics reads v6/v7's RESTBulkRestoreStatistics.
func decodeBulkRestoreStatistics(obj object) (MailboxesRestoreResult, error) {
	d := &fieldDecoder{obj: obj}
	res := MailboxesRestoreResult{Status: deref(d.str("status")), Error: deref(d.str("error"))}
	if d.err != nil {
		return res, d.err
	}
	raw, ok := obj.raw("details")
	if !ok || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return res, nil
	}
	var details []json.RawMessage
	if err := json.Unmarshal(raw, &details); err != nil {
		return res, fmt.Errorf(`"details": %w`, err)
	}
	for i, detail := range details {
		do, err := parseObject(detail)
		if err != nil {
			return res, fmt.Errorf("details[%d]: %w", i, err)
		}
		mb, err := decodeBulkMailboxStatistics(do)
		if err != nil {
			return res, fmt.Errorf("details[%d]: %w", i, err)
		}
		res.Mailboxes = append(res.Mailboxes, mb)
	}
	return res, nil
}

// decodeBulkMailboxStatistics reads RESTBulkMailboxRestoreStatistics: the mailbox, its status
// and error, and its RESTCommonRestoreStatistics.
func decodeBulkMailboxStatistics(obj object) (MailboxRestoreResult, error) {
	d := &fieldDecoder{obj: obj}
	out := MailboxRestoreResult{Status: deref(d.str("status")), Error: deref(d.str("error"))}
	for _, nested := range []struct {
		key    string
		decode func(*fieldDecoder)
	}{
		{"mailbox", func(m *fieldDecoder) {
			out.MailboxID, out.Email, out.IsArchive = deref(m.str("id")), deref(m.str("email")), deref(m.boolean("isArchive"))
		}},
		{"details", func(s *fieldDecoder) {
			out.Created, out.Merged = deref(s.integer("createdItemsCount")), deref(s.integer("mergedItemsCount"))
			out.Failed, out.Skipped = deref(s.integer("failedItemsCount")), deref(s.integer("skippedItemsCount"))
			out.Error = orDefault(out.Error, deref(s.str("cannotContinueError")))
			out.Warnings = s.strings("warnings")
		}},
	} {
		raw, ok := obj.raw(nested.key)
		if !ok || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			continue
		}
		no, err := parseObject(raw)
		if err != nil {
			return out, fmt.Errorf("%q: %w", nested.key, err)
		}
		nd := &fieldDecoder{obj: no}
		nested.decode(nd)
		if nd.err != nil {
			return out, fmt.Errorf("%q: %w", nested.key, nd.err)
		}
	}
	return out, d.err
}

// awaitMailboxesRestore polls a v8 bulk restore (awaitRestore) and reads its BulkMailbox
// items. The statistics name a mailbox by e-mail and archive flag only, so each is matched to
// the requested mailbox with the same e-mail and flag for its ID.
func (c *Client) awaitMailboxesRestore(ctx context.Context, sessionID string, requested []BulkMailbox, progress func(RestoreProgress), secrets []string) (MailboxesRestoreResult, error) {
	stats, err := c.awaitRestore(ctx, sessionID, progress, secrets)
	res := MailboxesRestoreResult{SessionID: sessionID, Status: stats.Result}
	if err != nil && !errors.Is(err, ErrRestoreFailed) {
		return res, err
	}
	for _, it := range stats.Items {
		if !strings.EqualFold(it.DetailsType, "BulkMailbox") {
			continue
		}
		mb := MailboxRestoreResult{
			Email: it.MailboxEmail, IsArchive: it.MailboxIsArchive, Status: it.Status,
			Created: it.Created, Merged: it.Merged, Failed: it.Failed, Skipped: it.Skipped,
			Error: it.Error, Warnings: it.Warnings,
		}
		for _, want := range requested {
			if want.Email != "" && strings.EqualFold(want.Email, it.MailboxEmail) && want.IsArchive == it.MailboxIsArchive {
				mb.MailboxID = want.ID
				break
			}
		}
		res.Mailboxes = append(res.Mailboxes, mb)
	}
	if err != nil { // the session's result is Failed: awaitRestore has the reasons
		res.Error = strings.Join(stats.Exceptions, "; ")
		return res, err
	}
	if len(res.Mailboxes) == 0 {
		return res, fmt.Errorf("vb365: restore session %s: %w: its statistics list no mailbox", sessionID, ErrRestoreUnconfirmed)
	}
	return res, bulkFailure("restore session "+sessionID, res)
}

// bulkFailure is ErrRestoreFailed when the server reports the run Failed or every mailbox
// failed (as an item restore's cannotContinueError is); a mailbox that failed among others is
// data, not an error.
func bulkFailure(what string, res MailboxesRestoreResult) error {
	allFailed := len(res.Mailboxes) > 0
	var reasons []string
	for _, mb := range res.Mailboxes {
		if !strings.EqualFold(mb.Status, "Failed") {
			allFailed = false
		} else if mb.Error != "" {
			reasons = append(reasons, mb.Email+": "+mb.Error)
		}
	}
	if !strings.EqualFold(res.Status, "Failed") && !allFailed {
		return nil
	}
	detail := orDefault(res.Error, strings.Join(reasons, "; "))
	return fmt.Errorf("vb365: %s: %w: %s", what, ErrRestoreFailed, orDefault(detail, "the server reported status Failed"))
}

// redactMailboxesResult redacts the server's texts in res (see Redact).
func (c *Client) redactMailboxesResult(res *MailboxesRestoreResult, secrets []string) {
	res.Error = c.redact(res.Error, secrets)
	for i := range res.Mailboxes {
		mb := &res.Mailboxes[i]
		mb.Error = c.redact(mb.Error, secrets)
		for j := range mb.Warnings {
			mb.Warnings[j] = c.redact(mb.Warnings[j], secrets)
		}
	}
}
