package vb365sim

import (
	"strings"
)

// handleRetrievals serves GET /DataRetrievals: the retrieval jobs whose data has not expired,
// oldest first, filtered by organizationId, repositoryId and dataState (case-insensitive); a
// bare array on v6 and v7, a page on v8 (PageOfRESTDataRetrievalComposed).
func (s *Server) handleRetrievals(c *reqCtx) {
	now := s.now()
	org, repo, state := c.query["organizationid"], c.query["repositoryid"], c.query["datastate"]
	s.estate.mu.Lock()
	var out []any
	for _, r := range s.estate.retrievalOrder {
		dataState, _, gone := r.state(now)
		switch {
		case gone:
		case org != "" && !strings.EqualFold(org, s.org.id):
		case repo != "" && !strings.EqualFold(repo, ArchiveRepositoryID):
		case state != "" && !strings.EqualFold(state, dataState):
		default:
			out = append(out, c.renderRetrieval(r, now))
		}
	}
	s.estate.mu.Unlock()
	if c.v < 8 {
		if out == nil {
			out = []any{}
		}
		writeJSON(c.w, 200, out)
		return
	}
	c.writePage(len(out), func(i int) any { return out[i] })
}
