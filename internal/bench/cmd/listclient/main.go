// Command listclient is the plain-client baseline of `make bench`: it takes a token and
// fetches every page of a mailbox's items at the given page size, decoding each page with
// encoding/json into typed structs (as a client generated from Veeam's OpenAPI documents
// does), and prints the number of items and of list requests.
//
//	listclient -endpoint http://127.0.0.1:4443 -session ID (-mailbox ID | -mailbox-name NAME) [-page-size 10000]
//
// With -plan-reads ORG it makes instead the reads of the plan of a vb365_mailboxes_restore
// (plan_reads.go) and prints what it read.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// exchangeItem is RESTExchangeItemsComposed of the v8 OpenAPI document (fields the simulator
// sends; attachments kept raw).
type exchangeItem struct {
	ID                      string          `json:"id"`
	ItemClass               string          `json:"itemClass"`
	MailboxID               string          `json:"mailboxId"`
	Subject                 *string         `json:"subject"`
	From                    *string         `json:"from"`
	To                      *string         `json:"to"`
	Cc                      *string         `json:"cc"`
	Bcc                     *string         `json:"bcc"`
	Sent                    *string         `json:"sent"`
	Received                *string         `json:"received"`
	Reminder                *bool           `json:"reminder"`
	Importance              *string         `json:"importance"`
	Organizer               *string         `json:"organizer"`
	Attendees               *string         `json:"attendees"`
	StartTime               *string         `json:"startTime"`
	EndTime                 *string         `json:"endTime"`
	Location                *string         `json:"location"`
	Recurring               *bool           `json:"recurring"`
	RecurrencePatternFormat *string         `json:"recurrencePatternFormat"`
	Attachments             json.RawMessage `json:"attachments"`
	Links                   map[string]struct {
		Href string `json:"href"`
	} `json:"_links"`
	Actions map[string]json.RawMessage `json:"_actions"`
}

type itemPage struct {
	Offset  int            `json:"offset"`
	Limit   int            `json:"limit"`
	Results []exchangeItem `json:"results"`
}

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "listclient:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("listclient", flag.ContinueOnError)
	endpoint := fs.String("endpoint", "http://127.0.0.1:4443", "simulator URL")
	version := fs.String("api-version", "v8", "API version")
	user := fs.String("user", "admin@vb365.local", "username")
	password := fs.String("password", "vb365-sim-password", "password")
	session := fs.String("session", "", "restore session ID")
	mailbox := fs.String("mailbox", "", "mailbox ID")
	mailboxName := fs.String("mailbox-name", "", "without -mailbox: the name of the mailbox, looked up first")
	pageSize := fs.Int("page-size", 10000, "items per page")
	firstItem := fs.Bool("first-item", false, "print the first mailbox's ID and its first item's ID (path-escaped) and stop")
	planOrg := fs.String("plan-reads", "", "organization ID: make the reads of a vb365_mailboxes_restore plan (plan_reads.go) instead")
	window := fs.Duration("history-window", 24*time.Hour, "with -plan-reads: how far back restore sessions are listed")
	namePrefix := fs.String("name-prefix", "user", "with -plan-reads: the mailboxes counted as restored (and written by -ids-out)")
	idsOut := fs.String("ids-out", "", "with -plan-reads: write the IDs of the mailboxes named -name-prefix... to this file, one a line")
	if err := fs.Parse(args); err != nil {
		return err
	}
	base := strings.TrimRight(*endpoint, "/") + "/" + *version
	ctx := context.Background()
	form := url.Values{"grant_type": {"password"}, "username": {*user}, "password": {*password}, "disable_antiforgery_token": {"true"}}
	treq, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/Token", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	treq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(treq)
	if err != nil {
		return err
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	err = json.NewDecoder(resp.Body).Decode(&tok)
	_ = resp.Body.Close()
	if err != nil || tok.AccessToken == "" {
		return fmt.Errorf("token: %v (HTTP %d)", err, resp.StatusCode)
	}
	get := func(u string, v any) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		req.Header.Set("Accept", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return errors.New(resp.Status)
		}
		return json.NewDecoder(resp.Body).Decode(v)
	}
	if *planOrg != "" {
		c := &planClient{base: base, token: tok.AccessToken, user: *user, get: get}
		return c.planReads(ctx, out, *planOrg, *window, *namePrefix, *idsOut)
	}
	if *firstItem {
		var boxes struct{ Results []struct{ ID string } }
		if err := get(fmt.Sprintf("%s/RestoreSessions/%s/organization/mailboxes?limit=1", base, url.PathEscape(*session)), &boxes); err != nil {
			return err
		}
		var items itemPage
		if len(boxes.Results) == 1 {
			if err := get(fmt.Sprintf("%s/RestoreSessions/%s/organization/mailboxes/%s/items?limit=1", base, url.PathEscape(*session), url.PathEscape(boxes.Results[0].ID)), &items); err != nil {
				return err
			}
		}
		if len(items.Results) != 1 {
			return errors.New("no item")
		}
		_, err := fmt.Fprintln(out, url.PathEscape(boxes.Results[0].ID), url.PathEscape(items.Results[0].ID))
		return err
	}
	if *mailbox == "" {
		var boxes struct {
			Results []struct{ ID, Name string }
		}
		if err := get(fmt.Sprintf("%s/RestoreSessions/%s/organization/mailboxes?limit=1000", base, url.PathEscape(*session)), &boxes); err != nil {
			return err
		}
		for _, b := range boxes.Results {
			if b.Name == *mailboxName {
				*mailbox = b.ID
			}
		}
		if *mailbox == "" {
			return fmt.Errorf("no mailbox named %q", *mailboxName)
		}
	}
	items, requests := 0, 0
	for offset := 0; ; {
		u := fmt.Sprintf("%s/RestoreSessions/%s/organization/mailboxes/%s/items?offset=%d&limit=%d",
			base, url.PathEscape(*session), url.PathEscape(*mailbox), offset, *pageSize)
		var pg itemPage
		if err := get(u, &pg); err != nil {
			return err
		}
		requests++
		items += len(pg.Results)
		offset += len(pg.Results)
		if len(pg.Results) < *pageSize {
			break
		}
	}
	_, err = fmt.Fprintf(out, "items=%d requests=%d\n", items, requests)
	return err
}
