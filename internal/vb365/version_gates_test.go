package vb365

import (
	"context"
	"errors"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// gatedOperation is a client operation that only some API versions have.
type gatedOperation struct {
	name    string
	minimum APIVersion
	run     func(ctx context.Context, c *Client) error
}

// firstError drains a listing and returns its error, if any.
func firstError[T any](seq iter.Seq2[T, error]) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// gatedOperations lists every version gate of the client with inputs the simulator accepts.
func gatedOperations() []gatedOperation {
	return []gatedOperation{
		{"search one mailbox (query)", V6, func(ctx context.Context, c *Client) error {
			return firstError(c.SearchItems(ctx, vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, "", "support", ListOptions{}))
		}},
		{"restore points", V6, func(ctx context.Context, c *Client) error {
			return firstError(c.RestorePoints(ctx, RestorePointFilter{OrganizationID: vb365sim.OrganizationID}))
		}},
		{"search across mailboxes", V6, func(ctx context.Context, c *Client) error {
			return firstError(c.SearchOrganizationItems(ctx, vb365sim.SeedRestoreSessionID, OrganizationItemSearch{Query: "message 1"}))
		}},
		{"search across chosen mailboxes", V6, func(ctx context.Context, c *Client) error {
			return firstError(c.SearchOrganizationItems(ctx, vb365sim.SeedRestoreSessionID,
				OrganizationItemSearch{Query: "message 1", MailboxIDs: []string{vb365sim.QAMailboxID}}))
		}},
		{"PST export of a folder by content keyword", V6, func(ctx context.Context, c *Client) error {
			_, err := c.ExportToPST(ctx, ItemScope{RestoreSessionID: vb365sim.SeedRestoreSessionID, MailboxID: vb365sim.SeedMailboxID,
				FolderID: vb365sim.InboxFolderID}, ExportToPSTOptions{ContentKeyword: "kickoff"}, io.Discard)
			return err
		}},
		{"PST export of the whole organization", V6, func(ctx context.Context, c *Client) error {
			_, err := c.ExportToPST(ctx, ItemScope{RestoreSessionID: vb365sim.SeedRestoreSessionID, WholeOrganization: true},
				ExportToPSTOptions{ContentKeyword: "message 1"}, io.Discard)
			return err
		}},
		{"PST export of the whole organization without a keyword", V6, func(ctx context.Context, c *Client) error {
			_, err := c.ExportToPST(ctx, ItemScope{RestoreSessionID: vb365sim.SeedRestoreSessionID, WholeOrganization: true}, ExportToPSTOptions{}, io.Discard)
			return err
		}},
	}
}

// TestVersionGatesAtBoundaries: each gated operation fails with UnsupportedVersionError on
// the last version without it, before any request leaves (not even a token request), and
// works on the first version with it.
func TestVersionGatesAtBoundaries(t *testing.T) {
	for _, op := range gatedOperations() {
		for _, v := range []APIVersion{op.minimum - 1, op.minimum} {
			t.Run(op.name+"/"+v.String(), func(t *testing.T) {
				var requests atomic.Int64
				sim := vb365sim.New()
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					requests.Add(1)
					sim.ServeHTTP(w, r)
				}))
				t.Cleanup(srv.Close)
				c, err := New(Config{Endpoint: srv.URL, APIVersion: "v" + strconv.Itoa(int(v)),
					Username: vb365sim.DefaultUsername, Password: vb365sim.DefaultPassword,
					Retry: RetryPolicy{Attempts: 1, MinDelay: time.Millisecond, MaxDelay: time.Millisecond}})
				if err != nil {
					t.Fatal(err)
				}
				err = op.run(ctxT(t), c)
				var unsupported *UnsupportedVersionError
				if v < op.minimum {
					if !errors.As(err, &unsupported) || unsupported.Minimum != op.minimum || unsupported.Version != v {
						t.Fatalf("%s on %s: %v, want an UnsupportedVersionError naming %s", op.name, v, err, op.minimum)
					}
					if n := requests.Load(); n != 0 {
						t.Errorf("%s on %s sent %d request(s)", op.name, v, n)
					}
					return
				}
				if err != nil {
					t.Fatalf("%s on %s: %v", op.name, v, err)
				}
				if requests.Load() == 0 {
					t.Errorf("%s on %s sent nothing", op.name, v)
				}
			})
		}
	}
}

// TestContentKeywordNotForListedItems: a content keyword on listed items is refused before
// anything is sent (the API narrows folders, mailboxes and the organization only); the
// organization scope offers only the PST export.
func TestContentKeywordNotForListedItems(t *testing.T) {
	env := startSim(t, "v8")
	scope := ItemScope{RestoreSessionID: vb365sim.SeedRestoreSessionID, MailboxID: vb365sim.SeedMailboxID, ItemIDs: []string{vb365sim.SeedMessageID}}
	_, err := env.client.ExportToPST(ctxT(t), scope, ExportToPSTOptions{ContentKeyword: "x"}, io.Discard)
	if !ProvablyNotRun(err) || !errors.Is(err, ErrNotSent) {
		t.Fatalf("keyword on items: %v, want a not-sent error", err)
	}
	org := ItemScope{RestoreSessionID: vb365sim.SeedRestoreSessionID, WholeOrganization: true}
	if _, err := env.client.RestoreToOriginalLocation(ctxT(t), org, RestoreToOriginalLocationOptions{}, nil); !errors.Is(err, ErrNotSent) {
		t.Fatalf("restore of the whole organization: %v, want a not-sent error", err)
	}
	if n := len(env.sim.Ledger()); n != 0 {
		t.Errorf("%d actions reached the server", n)
	}
}
