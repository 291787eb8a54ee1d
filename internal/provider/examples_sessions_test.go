package provider_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// openSecondSession opens a restore session on the simulator besides its seed session (a
// session "left open"), so that the restore session example imports two different sessions.
func openSecondSession(t *testing.T, endpoint string) string {
	t.Helper()
	client, err := vb365.New(vb365.Config{Endpoint: endpoint, APIVersion: "v8",
		Username: vb365sim.DefaultUsername, Password: vb365sim.DefaultPassword})
	if err != nil {
		t.Fatal(err)
	}
	session, err := client.Explore(context.Background(), vb365sim.OrganizationID, vb365.ExploreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if session.ID == "" || session.ID == vb365sim.SeedRestoreSessionID {
		t.Fatalf("explore opened %q", session.ID)
	}
	t.Cleanup(func() { // before the simulator's check that no session is left working
		if err := client.StopRestoreSession(context.Background(), session.ID); err != nil {
			t.Errorf("stopping the second session: %v", err)
		}
	})
	return session.ID
}

// exampleFinds names, per example, a text its plan shows when it finds what it looks for on the
// simulator (an example that finds nothing there teaches nothing).
var exampleFinds = map[string]string{
	"data-sources/vb365_item_search":    "Invitation: Release review",
	"resources/vb365_mailboxes_restore": "qa_dallas@bestsupport.onmicrosoft.com",
}

// exampleSimOptions serves an example's own simulator fixture (fixture.yaml beside it, as
// examples/rehearsal has), whose organization and mailboxes its variables' defaults name.
func exampleSimOptions(t *testing.T, dir string) []vb365sim.Option {
	t.Helper()
	path := filepath.Join(dir, "fixture.yaml")
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	f, err := vb365sim.LoadFixture(path)
	if err != nil {
		t.Fatal(err)
	}
	return []vb365sim.Option{vb365sim.WithFixture(f)}
}
