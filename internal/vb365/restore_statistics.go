package vb365

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// redactStatistics redacts the server's texts in s (see Redact).
func (c *Client) redactStatistics(s *RestoreStatistics, secrets []string) {
	s.CannotContinueError = c.redact(s.CannotContinueError, secrets)
	for i := range s.Warnings {
		s.Warnings[i] = c.redact(s.Warnings[i], secrets)
	}
	for i := range s.Exceptions {
		s.Exceptions[i] = c.redact(s.Exceptions[i], secrets)
	}
	for i := range s.Items {
		it := &s.Items[i]
		it.Name, it.Title, it.Path = c.redact(it.Name, secrets), c.redact(it.Title, secrets), c.redact(it.Path, secrets)
		it.Error = c.redact(it.Error, secrets)
		for j := range it.Warnings {
			it.Warnings[j] = c.redact(it.Warnings[j], secrets)
		}
	}
}

// decodeItemsRestoreStatistics reads RESTItemsRestoreStatistics (v3..v7) and v6/v7's
// RESTFoldersRestoreStatistics (the same plus failedFoldersCount).
func decodeItemsRestoreStatistics(obj object) (RestoreStatistics, error) {
	d := &fieldDecoder{obj: obj}
	stats := RestoreStatistics{
		Created:             deref(d.integer("createdItemsCount")),
		Merged:              deref(d.integer("mergedItemsCount")),
		Failed:              deref(d.integer("failedItemsCount")),
		Skipped:             deref(d.integer("skippedItemsCount")),
		FailedFolders:       deref(d.integer("failedFoldersCount")),
		Warnings:            d.strings("warnings"),
		Exceptions:          d.strings("exceptions"),
		CannotContinueError: deref(d.str("cannotContinueError")),
	}
	return stats, d.err
}

// awaitRestore polls a v8 asynchronous restore session every PollInterval until it is Stopped,
// reporting progress from its statistics.
// secrets are the request's credentials, redacted from the server's texts.
func (c *Client) awaitRestore(ctx context.Context, sessionID string, progress func(RestoreProgress), secrets []string) (RestoreStatistics, error) {
	unconfirmed := func(err error) (RestoreStatistics, error) {
		return RestoreStatistics{SessionID: sessionID}, fmt.Errorf("vb365: restore session %s: %w: %w", sessionID, ErrRestoreUnconfirmed, err)
	}
	v, err := c.Version(ctx)
	if err != nil {
		return unconfirmed(err)
	}
	for {
		session, err := c.RestoreSession(ctx, sessionID)
		if err != nil {
			return unconfirmed(fmt.Errorf("polling: %w", err))
		}
		done := strings.EqualFold(session.State, "Stopped")
		raw, err := c.restoreStatistics(ctx, v, sessionID)
		switch {
		case err == nil:
			if progress != nil {
				progress(RestoreProgress{
					SessionID: sessionID, State: session.State, Total: raw.total,
					Restored: raw.restored, Failed: raw.failed, Skipped: raw.skipped,
				})
			}
		case IsNotFound(err) && !done:
			// Statistics may appear only once the restore has started.
		default:
			return unconfirmed(fmt.Errorf("reading statistics: %w", err))
		}
		if done {
			stats := raw.final(sessionID)
			stats.Result = session.Result
			c.redactStatistics(&stats, secrets)
			session.Details = c.redact(session.Details, secrets)
			if strings.EqualFold(session.Result, "Failed") {
				detail := strings.Join(stats.Exceptions, "; ") // the specific reasons first
				if detail == "" {
					detail = session.Details
				}
				return stats, fmt.Errorf("vb365: restore session %s: %w: %s", sessionID, ErrRestoreFailed, orDefault(detail, "the server reported result Failed"))
			}
			return stats, nil
		}
		select {
		case <-ctx.Done():
			return unconfirmed(fmt.Errorf("waiting (state %s): %w", session.State, ctx.Err()))
		case <-c.clock.After(c.pollInterval):
		}
	}
}

// sessionStatistics is RESTRestoreSessionStatistics (v8).
type sessionStatistics struct {
	total, restored, failed, skipped int64
	created, merged                  int64
	hasCreated                       bool
	warnings, errors                 []string
	items                            []ItemRestoreResult
}

func (s sessionStatistics) final(sessionID string) RestoreStatistics {
	stats := RestoreStatistics{
		Created: s.restored, Merged: s.merged, Failed: s.failed, Skipped: s.skipped,
		Warnings: s.warnings, Exceptions: s.errors, SessionID: sessionID, Items: s.items,
	}
	if s.hasCreated {
		stats.Created = s.created
	}
	return stats
}

func (c *Client) restoreStatistics(ctx context.Context, v APIVersion, sessionID string) (sessionStatistics, error) {
	rt := sessionRoute(v, sessionID).lit("Statistics")
	obj, err := c.getJSON(ctx, rt, nil)
	if err != nil {
		return sessionStatistics{}, err
	}
	d := &fieldDecoder{obj: obj}
	s := sessionStatistics{
		total:    deref(d.integer("totalItemsCount")),
		restored: deref(d.integer("restoredItemsCount")),
		failed:   deref(d.integer("failedItemsCount")),
		skipped:  deref(d.integer("skippedItemsCount")),
		warnings: d.strings("warnings"),
		errors:   d.strings("errors"),
	}
	if raw, ok := obj.raw("items"); ok {
		var details []json.RawMessage
		if err := json.Unmarshal(raw, &details); err != nil {
			return s, fmt.Errorf("vb365: GET %s: malformed JSON response: \"items\": %w", rt.template, err)
		}
		for _, detail := range details {
			do, err := parseObject(detail)
			if err != nil {
				continue
			}
			dd := &fieldDecoder{obj: do}
			if created := dd.integer("createdMailboxItemsCount"); created != nil {
				s.created += *created
				s.hasCreated = true
			}
			s.merged += deref(dd.integer("mergedMailboxItemsCount"))
			s.items = append(s.items, decodeItemRestoreResult(dd))
			if dd.err != nil && d.err == nil {
				d.err = dd.err
			}
		}
	}
	if d.err != nil {
		return s, fmt.Errorf("vb365: GET %s: malformed JSON response: %w", rt.template, d.err)
	}
	return s, nil
}

// decodeItemRestoreResult reads RESTItemRestoreDetailsComposed; a malformed field is
// reported through d.err like the counters.
func decodeItemRestoreResult(d *fieldDecoder) ItemRestoreResult {
	return ItemRestoreResult{
		ID:           deref(d.str("id")),
		DetailsType:  deref(d.str("itemRestoreDetailsType")),
		Name:         deref(d.str("name")),
		Title:        deref(d.str("title")),
		ItemType:     deref(d.str("itemType")),
		Status:       deref(d.str("status")),
		Path:         deref(d.str("path")),
		MailboxEmail: deref(d.str("mailboxEmail")),
		Error:        orDefault(deref(d.str("error")), deref(d.str("cannotContinueMailboxError"))),
		Warnings:     d.strings("warnings"),

		MailboxIsArchive: deref(d.boolean("mailboxIsArchive")),
		MailboxIsPublic:  deref(d.boolean("mailboxIsPublic")),
		Created:          deref(d.integer("createdMailboxItemsCount")),
		Merged:           deref(d.integer("mergedMailboxItemsCount")),
		Failed:           deref(d.integer("failedMailboxItemsCount")),
		Skipped:          deref(d.integer("skippedMailboxItemsCount")),
	}
}
