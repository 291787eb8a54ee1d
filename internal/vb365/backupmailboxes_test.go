package vb365

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestDataRetrievalSendsBackupMailboxData: a retrieval of named mailboxes sends each as the
// repository holds it (RESTBackupMailboxData: what the version requires, without _links), read
// from BackupRepositories/{id}/MailboxData/{id} first; a mailbox the repository does not hold,
// or no repository, fails before anything is posted.
func TestDataRetrievalSendsBackupMailboxData(t *testing.T) {
	for _, version := range []string{"v6", "v7", "v8"} {
		t.Run(version, func(t *testing.T) {
			env := startGovernanceSim(t, version, vb365sim.WithDataRetrievalDuration(0))
			ctx := ctxT(t)
			req := DataRetrievalRequest{Name: "INC-1", OrganizationID: vb365sim.OrganizationID, RepositoryID: vb365sim.ArchiveRepositoryID,
				AvailabilityDays: 2, MailboxIDs: []string{vb365sim.SeedMailboxID, vb365sim.ArchiveMailboxID}}
			if _, err := env.client.StartDataRetrieval(ctx, req); err != nil {
				t.Fatal(err)
			}
			var posted map[string]any
			for _, r := range env.requests() {
				if r.Method == "POST" && strings.HasSuffix(r.EscapedPath, "/DataRetrievals") {
					if err := json.Unmarshal(r.Body, &posted); err != nil {
						t.Fatal(err)
					}
				}
			}
			mailboxes, _ := posted["mailboxes"].([]any)
			if len(mailboxes) != 2 {
				t.Fatalf("posted mailboxes %v, want two objects", posted["mailboxes"])
			}
			required := map[string][]string{
				"v6": {"id", "isDeleted", "itemType", "repositoryId", "isArchive", "email", "organizationId"},
				"v7": {"id", "isDeleted", "itemType", "repositoryId", "proxyId", "isArchive", "email", "backedUpOrganizationId"},
				"v8": {"id", "itemType", "repositoryId", "isArchive", "email", "backedUpOrganizationId"},
			}[version]
			for i, el := range mailboxes {
				m, ok := el.(map[string]any)
				if !ok {
					t.Fatalf("mailbox %d is %T (%v), want a RESTBackupMailboxData object", i, el, el)
				}
				for _, name := range required {
					if _, ok := m[name]; !ok {
						t.Errorf("mailbox %d has no %s: %v", i, name, m)
					}
				}
				if _, ok := m["_links"]; ok {
					t.Errorf("mailbox %d sends _links", i)
				}
			}
			if mailboxes[1].(map[string]any)["id"] != vb365sim.ArchiveMailboxID || mailboxes[1].(map[string]any)["isArchive"] != true {
				t.Errorf("second mailbox %v, want the in-place archive", mailboxes[1])
			}

			before := len(env.requests())
			for _, bad := range []DataRetrievalRequest{
				{OrganizationID: vb365sim.OrganizationID, RepositoryID: vb365sim.ArchiveRepositoryID, AvailabilityDays: 2, MailboxIDs: []string{"00000000-0000-0000-0000-000000000000"}},
				{OrganizationID: vb365sim.OrganizationID, AvailabilityDays: 2, MailboxIDs: []string{vb365sim.SeedMailboxID}},
			} {
				if _, err := env.client.StartDataRetrieval(ctx, bad); !errors.Is(err, ErrNotSent) {
					t.Errorf("%+v: %v, want a not-sent error", bad, err)
				}
			}
			for _, r := range env.requests()[before:] {
				if r.Method == "POST" {
					t.Errorf("a refused retrieval posted %s", r.EscapedPath)
				}
			}
		})
	}
}
