package restores

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest/simclient"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// BenchmarkAdoptionLookup: what planning a new record costs on a busy server when
// history_window is on: 1,000 working sessions of the organization in the window (the worst
// case: each one's events are read), one of them holding the identical run. Over real HTTP to
// the in-process simulator (no latency added), per look-up.
func BenchmarkAdoptionLookup(b *testing.B) {
	const sessions = 1000
	sim := vb365sim.New()
	ts := httptest.NewServer(sim)
	b.Cleanup(ts.Close)
	client, err := vb365.New(vb365.Config{Endpoint: ts.URL, APIVersion: "v8",
		Username: vb365sim.DefaultUsername, Password: vb365sim.DefaultPassword, Clock: simclient.InstantClock{}})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var target string
	for i := range sessions {
		s, err := client.Explore(ctx, vb365sim.OrganizationID, vb365.ExploreOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if i == sessions/2 {
			target = s.ID
			scope := vb365.ItemScope{RestoreSessionID: s.ID, MailboxID: vb365sim.SeedMailboxID, ItemIDs: []string{vb365sim.SeedMessageID}}
			if err := client.SendToDefaultAddress(ctx, scope); err != nil {
				b.Fatal(err)
			}
		}
	}
	id := runIdentity{Kind: vb365.ActionSendToDefaultAddress, SourceEmail: seedMailboxEmail,
		Targets: []string{"the default address", seedMailboxEmail}, Items: []runItem{{ID: vb365sim.SeedMessageID, Name: "Support case"}}}
	since := time.Now().Add(-24 * time.Hour)
	b.ResetTimer()
	for b.Loop() {
		found, ok, err := findAdoptableRun(ctx, client, vb365sim.DefaultUsername, vb365sim.OrganizationID, "", since, id)
		if err != nil || !ok || found.Session.ID != target {
			b.Fatalf("found %v %v %v, want %s", found.Session.ID, ok, err, target)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/lookup")
}
