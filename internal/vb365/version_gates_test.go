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
		{"restore points of backup copies (isCopy)", V7, func(ctx context.Context, c *Client) error {
			return firstError(c.RestorePoints(ctx, RestorePointFilter{IsCopy: ptr(true)}))
		}},
		{"restore points of a user (userId)", V8, func(ctx context.Context, c *Client) error {
			return firstError(c.RestorePoints(ctx, RestorePointFilter{UserID: vb365sim.UserJohnSmithID}))
		}},
		{"explore a backup copy repository", V7, func(ctx context.Context, c *Client) error {
			s, err := c.Explore(ctx, vb365sim.OrganizationID, ExploreOptions{RepositoryID: vb365sim.CopyRepositoryID})
			if err == nil {
				err = c.StopRestoreSession(ctx, s.ID)
			}
			return err
		}},
		{"start a data retrieval", V6, func(ctx context.Context, c *Client) error {
			_, err := c.StartDataRetrieval(ctx, DataRetrievalRequest{OrganizationID: vb365sim.OrganizationID,
				RepositoryID: vb365sim.ArchiveRepositoryID, AvailabilityDays: 1})
			return err
		}},
		{"data retrieval sessions", V6, func(ctx context.Context, c *Client) error {
			return firstError(c.DataRetrievalSessions(ctx, "7f9e0c52-0000-4000-8000-000000000002", ListOptions{}))
		}},
		{"e-mail settings", V6, func(ctx context.Context, c *Client) error {
			_, err := c.GetEmailSettings(ctx)
			return err
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

// TestRestorePointFiltersAndCopies: the repository, copy, long-term copy and retrieved filters
// select the simulator's backup copy and archive-tier points (v6 without isCopy); a backup
// copy is explored on v7's repository route and v8's repositoryId, and its session browses
// like the primary's; the archive tier refuses an explore until retrieved.
func TestRestorePointFiltersAndCopies(t *testing.T) {
	for _, version := range []string{"v6", "v7", "v8"} {
		t.Run(version, func(t *testing.T) {
			env := startSim(t, version)
			ids := func(f RestorePointFilter) []string {
				var out []string
				for _, p := range drain(t, env.client.RestorePoints(ctxT(t), f)) {
					out = append(out, p.ID)
				}
				return out
			}
			if got := ids(RestorePointFilter{RepositoryID: vb365sim.CopyRepositoryID}); len(got) != 1 || got[0] != vb365sim.CopyRestorePointID {
				t.Errorf("copy repository points = %v", got)
			}
			if got := ids(RestorePointFilter{IsLongTermCopy: ptr(true)}); len(got) != 1 || got[0] != vb365sim.ArchiveRestorePointID {
				t.Errorf("long-term copies = %v", got)
			}
			if got := ids(RestorePointFilter{IsRetrieved: ptr(true)}); len(got) != 0 {
				t.Errorf("retrieved points before any retrieval = %v", got)
			}
			if version == "v6" {
				return
			}
			if got := ids(RestorePointFilter{IsCopy: ptr(true)}); len(got) != 2 {
				t.Errorf("backup copies = %v, want the copy and the archive tier's", got)
			}
			s, err := env.client.Explore(ctxT(t), vb365sim.OrganizationID, ExploreOptions{RepositoryID: vb365sim.CopyRepositoryID})
			if err != nil {
				t.Fatal(err)
			}
			if mb := drain(t, env.client.Mailboxes(ctxT(t), s.ID, ListOptions{})); len(mb) == 0 {
				t.Errorf("the copy's session lists no mailboxes")
			}
			route := map[string]string{"v7": "/v7/BackupRepositories/{id}/explore", "v8": "/v8/Organizations/{id}/explore"}[version]
			if n := env.sim.RequestCount("POST", route); n != 1 {
				t.Errorf("POST %s sent %d times: %v", route, n, env.sim.RequestCounts())
			}
			_, err = env.client.Explore(ctxT(t), vb365sim.OrganizationID, ExploreOptions{RepositoryID: vb365sim.ArchiveRepositoryID})
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || !ProvablyNotRun(err) {
				t.Errorf("explore of the archive tier: %v, want a 400 refusal", err)
			}
		})
	}
}
