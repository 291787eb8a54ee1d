package vb365sim

// The rest of a VB365 estate beyond one mailbox's primary backup: searches across the
// organization's mailboxes with server-side result sets (setId).

import (
	"net/http"
	"strings"
	"sync"
)

// estate is the state of the routes in this file; it has its own lock.
type estate struct {
	mu         sync.Mutex
	searchSets map[string][]searchHit // setId -> the result set of a search, for paging
}

// searchHit is one item a search found, with its mailbox.
type searchHit struct {
	mb *mailbox
	it *item
}

func (s *Server) estateRoutes() []route {
	r := func(method, tmpl string, minV, maxV int, h routeFunc) route {
		return route{method: method, template: tmpl, segs: strings.Split(strings.TrimPrefix(tmpl, "/"), "/"), minV: minV, maxV: maxV, handler: h}
	}
	return []route{
		r("POST", tMailboxes+"/search", 6, 8, s.handleOrganizationSearch),
	}
}

// searchMatches is the simulator's reading of the search syntax: `from:x` matches senders
// containing x, `subject:x` and bare text subjects containing it (case-insensitive).
func searchMatches(it *item, query string) bool {
	q := strings.ToLower(strings.TrimSpace(query))
	field, needle := "subject", q
	if k, v, ok := strings.Cut(q, ":"); ok && (k == "from" || k == "subject") {
		field, needle = k, strings.TrimSpace(v)
	}
	if field == "from" {
		return strings.Contains(strings.ToLower(it.from), needle)
	}
	return strings.Contains(strings.ToLower(it.subject), needle)
}

// handleOrganizationSearch serves POST .../organization/mailboxes/search (v6+): the items of
// every mailbox of the session that match. The first request computes the result set and
// answers its setId; a request with that setId pages the same set (the server's cache), so
// pages stay consistent; an unknown setId is a 400.
func (s *Server) handleOrganizationSearch(c *reqCtx) {
	ss, ok := c.browseSession()
	if !ok {
		return
	}
	body, err := readJSONObject(c)
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	query, err := getString(body, "query")
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	if strings.TrimSpace(query) == "" {
		c.badRequest("Parameter 'query' is required.")
		return
	}
	offset, limit, ok := c.paging()
	if !ok {
		return
	}
	s.estate.mu.Lock()
	defer s.estate.mu.Unlock()
	setID := c.query["setid"]
	hits, known := s.estate.searchSets[strings.ToLower(setID)]
	switch {
	case setID != "" && !known:
		c.badRequest("Search result set '" + setID + "' was not found.")
		return
	case setID == "":
		for _, mb := range s.mailboxes {
			n, at := mb.itemsIn("", true, ss.view())
			for i := range n {
				if it := at(i); searchMatches(it, query) {
					hits = append(hits, searchHit{mb: mb, it: it})
				}
			}
		}
		setID = newUUID()
		if s.estate.searchSets == nil {
			s.estate.searchSets = map[string][]searchHit{}
		}
		s.estate.searchSets[strings.ToLower(setID)] = hits
	}
	results := []any{}
	for i := offset; i < len(hits) && i < offset+limit; i++ {
		results = append(results, c.renderItem(ss.id, hits[i].mb, hits[i].it))
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"offset": offset, "limit": limit, "setId": setID, "results": results})
}
