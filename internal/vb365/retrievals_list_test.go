package vb365

import (
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestDataRetrievalsListAndFilter: GET /DataRetrievals lists the server's retrievals (v6's and
// v7's bare array, v8's pages) with the name a caller gave them, filtered on the server by
// organization, repository and data state.
func TestDataRetrievalsListAndFilter(t *testing.T) {
	for _, version := range []string{"v6", "v7", "v8"} {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			ctx := ctxT(t)
			var started []DataRetrieval
			for _, name := range []string{"first (run a1)", "second (run b2)", "third (run c3)"} {
				d, err := e.client.StartDataRetrieval(ctx, DataRetrievalRequest{Name: name, OrganizationID: vb365sim.OrganizationID,
					RepositoryID: vb365sim.ArchiveRepositoryID, AvailabilityDays: 1, GlacierPolicy: "Expedited"})
				if err != nil {
					t.Fatal(err)
				}
				started = append(started, d)
			}
			list := func(f DataRetrievalFilter) []DataRetrieval {
				return collect(t, e.client.DataRetrievals(ctx, f, ListOptions{PageSize: 2}))
			}
			all := list(DataRetrievalFilter{OrganizationID: vb365sim.OrganizationID, RepositoryID: vb365sim.ArchiveRepositoryID})
			if len(all) != len(started) {
				t.Fatalf("listed %+v, want the %d started", all, len(started))
			}
			for i, d := range all {
				if d.ID != started[i].ID || d.Name != started[i].Name || d.DataState != "Retrieving" {
					t.Errorf("retrieval %d = %+v, want %s %q Retrieving", i, d, started[i].ID, started[i].Name)
				}
			}
			for _, f := range []DataRetrievalFilter{
				{OrganizationID: "00000000-0000-4000-8000-000000000001"},
				{RepositoryID: "00000000-0000-4000-8000-000000000002"},
				{DataState: "Retrieved"},
			} {
				if got := list(f); len(got) != 0 {
					t.Errorf("filter %+v listed %+v, want none", f, got)
				}
			}
		})
	}
}
