package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// planClient makes the reads of the plan of a vb365_mailboxes_restore as a plain client would,
// over the token run() took: open a restore session on the organization, list its mailboxes
// (one paged listing), list the organization's restore points (GET /RestorePoints), list the
// restore sessions started within the history window and read the events of those a run could
// be in (the account's Exchange sessions), then stop the session. It is the baseline of
// section 7 of `make bench`.
type planClient struct {
	base, token, user string
	get               func(u string, v any) error
	requests          int
}

// mailbox is RESTExchangeMailbox (the fields the plan shows).
type mailbox struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Email     string `json:"email"`
	IsArchive bool   `json:"isArchive"`
}

// restoreSession is RESTRestoreSession (the fields the look-up for earlier runs checks).
type restoreSession struct {
	ID           string `json:"id"`
	Type         string `json:"type"`
	CreationTime string `json:"creationTime"`
	State        string `json:"state"`
	InitiatedBy  string `json:"initiatedBy"`
}

// restorePoint is RESTRestorePoint (the fields that pick the backup).
type restorePoint struct {
	ID             string `json:"id"`
	BackupTime     string `json:"backupTime"`
	IsExchange     *bool  `json:"isExchange"`
	IsCopy         *bool  `json:"isCopy"`
	IsLongTermCopy *bool  `json:"isLongTermCopy"`
	IsRetrieved    *bool  `json:"isRetrieved"`
}

// event is RESTRestoreSessionEvent (the fields a run is matched by).
type event struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Status   string `json:"status"`
	ItemName string `json:"itemName"`
	Source   string `json:"source"`
	Target   string `json:"target"`
}

const planPageSize = 1000

// list fetches every page of a listing (offset/limit) into page's results and calls each on them.
func list[T any](c *planClient, u string, each func(T)) error {
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	for offset := 0; ; {
		var pg struct {
			Results []T `json:"results"`
		}
		if err := c.get(fmt.Sprintf("%s%soffset=%d&limit=%d", u, sep, offset, planPageSize), &pg); err != nil {
			return err
		}
		c.requests++
		for _, r := range pg.Results {
			each(r)
		}
		offset += len(pg.Results)
		if len(pg.Results) < planPageSize {
			return nil
		}
	}
}

func (c *planClient) post(ctx context.Context, u string, body string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	c.requests++
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("POST %s: %s", u, resp.Status)
	}
	if v == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

func (c *planClient) planReads(ctx context.Context, out io.Writer, org string, window time.Duration, prefix, idsOut string) error {
	since := time.Now().Add(-window).UTC().Format(time.RFC3339)
	var session struct {
		ID string `json:"id"`
	}
	if err := c.post(ctx, c.base+"/Organizations/"+url.PathEscape(org)+"/explore", `{"type":"Vex"}`, &session); err != nil {
		return err
	}
	if session.ID == "" {
		return errors.New("explore: no session ID")
	}
	var all, restored []mailbox
	err := list(c, c.base+"/RestoreSessions/"+url.PathEscape(session.ID)+"/organization/mailboxes", func(m mailbox) {
		all = append(all, m)
		if strings.HasPrefix(m.Name, prefix) {
			restored = append(restored, m)
		}
	})
	if err != nil {
		return err
	}
	var latest restorePoint
	err = list(c, c.base+"/RestorePoints?organizationId="+url.QueryEscape(org), func(p restorePoint) {
		primary := (p.IsExchange == nil || *p.IsExchange) && !isTrue(p.IsCopy) && !isTrue(p.IsLongTermCopy) && !isTrue(p.IsRetrieved)
		if primary && p.BackupTime > latest.BackupTime {
			latest = p
		}
	})
	if err != nil {
		return err
	}
	var candidates []restoreSession
	sessions := 0
	err = list(c, c.base+"/RestoreSessions?startTimeFrom="+url.QueryEscape(since), func(s restoreSession) {
		sessions++
		if strings.EqualFold(s.Type, "Vex") && strings.EqualFold(s.InitiatedBy, c.user) {
			candidates = append(candidates, s)
		}
	})
	if err != nil {
		return err
	}
	events := 0
	for _, s := range candidates {
		if err := list(c, c.base+"/RestoreSessions/"+url.PathEscape(s.ID)+"/Events", func(event) { events++ }); err != nil {
			return err
		}
	}
	if err := c.post(ctx, c.base+"/RestoreSessions/"+url.PathEscape(session.ID)+"/Stop", "", nil); err != nil {
		return err
	}
	if idsOut != "" {
		var b strings.Builder
		for _, m := range restored {
			b.WriteString(m.ID + "\n")
		}
		if err := os.WriteFile(idsOut, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintf(out, "mailboxes=%d restored=%d restore_point=%s sessions=%d sessions_read=%d events=%d requests=%d\n",
		len(all), len(restored), latest.ID, sessions, len(candidates), events, c.requests+1) // +1: the token
	return err
}

func isTrue(b *bool) bool { return b != nil && *b }
