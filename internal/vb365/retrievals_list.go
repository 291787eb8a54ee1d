package vb365

import (
	"context"
	"iter"
	"net/url"
)

// DataRetrievalFilter narrows GET /DataRetrievals on the server; empty fields do not filter.
type DataRetrievalFilter struct {
	OrganizationID, RepositoryID string
	DataState                    string // Retrieving, Retrieved, ChangingAvailabilityPeriod, Removing
}

// DataRetrievals lists the server's retrieval jobs (GET /DataRetrievals, API v6+): a bare array
// on v6 and v7, pages on v8. A caller whose POST /DataRetrievals was answered lost finds here
// whether the server started it (by the name it sent).
func (c *Client) DataRetrievals(ctx context.Context, filter DataRetrievalFilter, opts ListOptions) iter.Seq2[DataRetrieval, error] {
	if _, err := c.requireVersion(ctx, "listing data retrievals (GET /DataRetrievals)", V6); err != nil {
		return failed[DataRetrieval](err)
	}
	return list(ctx, c, opts, listing[DataRetrieval]{
		build: func(v APIVersion) (route, url.Values) {
			q := url.Values{}
			for k, val := range map[string]string{"organizationId": filter.OrganizationID, "repositoryId": filter.RepositoryID,
				"dataState": filter.DataState} {
				if val != "" {
					q.Set(k, val)
				}
			}
			return retrievalsRoute(v), q
		},
		decode:  decodeDataRetrieval,
		what:    "data retrieval",
		unpaged: func(v APIVersion) bool { return v < V8 },
	})
}
