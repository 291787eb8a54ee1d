package vb365

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Page size bounds: the server's maximum limit is 10,000.
const (
	DefaultPageSize = 500
	MaxPageSize     = 10000
)

func (o ListOptions) normalize() (ListOptions, error) {
	if o.PageSize == 0 {
		o.PageSize = DefaultPageSize
	}
	if o.PageSize < 1 || o.PageSize > MaxPageSize {
		return o, fmt.Errorf("vb365: page size must be between 1 and %d, got %d", MaxPageSize, o.PageSize)
	}
	if o.MaxItems < 0 {
		return o, fmt.Errorf("vb365: max items must not be negative, got %d", o.MaxItems)
	}
	return o, nil
}

// listing describes one paged collection: how to build its route and query for a version and
// how to decode one element.
type listing[T any] struct {
	build  func(v APIVersion) (route, url.Values)
	decode func(obj object) (T, error)
	what   string // "mailbox", for errors
	// unpaged reports versions whose documented response is the whole collection as a bare
	// array with no offset/limit parameters (GET /v6|v7/Organizations).
	unpaged func(v APIVersion) bool
}

// list pages through {offset, limit, results} envelopes, requesting PageSize items per page
// and stopping after MaxItems items, on an empty page or on a page shorter than its limit.
// A page is fully read (and its connection slot released) before its items are yielded, so a
// consumer may call the client from inside the loop.
func list[T any](ctx context.Context, c *Client, opts ListOptions, l listing[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		opts, err := opts.normalize()
		if err != nil {
			yield(zero, err)
			return
		}
		v, err := c.Version(ctx)
		if err != nil {
			yield(zero, err)
			return
		}
		rt, query := l.build(v)
		if query == nil {
			query = url.Values{}
		}
		offset, count := 0, 0
		paged := l.unpaged == nil || !l.unpaged(v)
		for {
			limit := opts.PageSize
			if opts.MaxItems > 0 {
				limit = min(limit, opts.MaxItems-count)
			}
			if paged {
				query.Set("offset", strconv.Itoa(offset))
				query.Set("limit", strconv.Itoa(limit))
			}
			pg, err := c.fetchPage(ctx, rt, query)
			if err == nil && paged && !pg.bare {
				err = checkPage(rt, pg, offset, limit)
			}
			if err != nil {
				yield(zero, err)
				return
			}
			for i, raw := range pg.results {
				obj, err := parseObject(raw)
				var elem T
				if err == nil {
					elem, err = l.decode(obj)
				}
				if err != nil {
					yield(zero, fmt.Errorf("vb365: GET %s: %s %d of the page at offset %d: %w", rt.template, l.what, i+1, offset, err))
					return
				}
				count++
				if !yield(elem, nil) {
					return
				}
				if opts.MaxItems > 0 && count >= opts.MaxItems {
					return
				}
			}
			// The server may cap the limit below what was asked; a page is short relative to
			// the limit it reports.
			effective := limit
			if !paged {
				effective = pg.limit // an envelope after all: follow its paging; none = complete
			} else if pg.limit > 0 && pg.limit < effective {
				effective = pg.limit
			}
			if len(pg.results) == 0 || pg.bare || effective <= 0 || len(pg.results) < effective {
				return
			}
			offset += len(pg.results)
			paged = true
		}
	}
}

// checkPage rejects a page that does not answer the request: a server that ignores offset
// would otherwise make the listing repeat its first page forever.
func checkPage(rt route, pg page, offset, limit int) error {
	if pg.hasOffset && pg.offset != offset {
		return fmt.Errorf("vb365: GET %s: server ignored offset: asked for offset %d, got the page at offset %d", rt.template, offset, pg.offset)
	}
	if len(pg.results) > limit {
		return fmt.Errorf("vb365: GET %s: server ignored limit: asked for %d results, got %d", rt.template, limit, len(pg.results))
	}
	return nil
}

type page struct {
	offset, limit int
	hasOffset     bool // the page reported its offset
	results       []json.RawMessage
	bare          bool // a bare JSON array (v3 documentation style): the whole collection
}

// fetchPage GETs one page and decodes it token by token, without first buffering the body.
func (c *Client) fetchPage(ctx context.Context, rt route, query url.Values) (page, error) {
	r := &apiRequest{method: http.MethodGet, route: rt, query: query}
	resp, err := c.send(ctx, r)
	if err != nil {
		return page{}, err
	}
	defer resp.Body.Close()
	pg, err := decodePage(json.NewDecoder(&cappedReader{r: resp.Body, remaining: c.maxJSON}))
	if errors.Is(err, errResponseTooLarge) {
		return page{}, c.tooLarge(r)
	}
	if err != nil {
		return page{}, malformed(r, err)
	}
	return pg, nil
}

func decodePage(dec *json.Decoder) (page, error) {
	var pg page
	tok, err := dec.Token()
	if err != nil {
		return pg, unexpectedEOF(err)
	}
	switch tok {
	case json.Delim('['):
		pg.bare = true
		pg.results, err = decodeArrayRest(dec)
		return pg, err
	case json.Delim('{'):
	default:
		return pg, fmt.Errorf("expected a page object, got %s", describeToken(tok))
	}
	sawResults := false
	for dec.More() {
		keyTok, err := dec.Token()
		if err != nil {
			return pg, unexpectedEOF(err)
		}
		key, _ := keyTok.(string)
		switch strings.ToLower(key) {
		case "results":
			tok, err := dec.Token()
			if err != nil {
				return pg, unexpectedEOF(err)
			}
			if tok == nil { // "results": null
				sawResults = true
				continue
			}
			if tok != json.Delim('[') {
				return pg, fmt.Errorf(`"results" is %s, not an array`, describeToken(tok))
			}
			if pg.results, err = decodeArrayRest(dec); err != nil {
				return pg, err
			}
			sawResults = true
		case "offset", "limit":
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return pg, unexpectedEOF(err)
			}
			if isNull(raw) {
				continue
			}
			text := strings.Trim(strings.TrimSpace(string(raw)), `"`)
			i, err := strconv.Atoi(text)
			if err != nil {
				return pg, fmt.Errorf("%q: %s is not an integer", key, raw)
			}
			if strings.EqualFold(key, "offset") {
				pg.offset, pg.hasOffset = i, true
			} else {
				pg.limit = i
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return pg, unexpectedEOF(err)
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return pg, unexpectedEOF(err)
	}
	if !sawResults {
		return pg, errors.New(`page has no "results" member`)
	}
	return pg, nil
}

// decodeArrayRest reads the elements after an opening '[' and the closing ']'.
func decodeArrayRest(dec *json.Decoder) ([]json.RawMessage, error) {
	var out []json.RawMessage
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, unexpectedEOF(err)
		}
		out = append(out, raw)
	}
	if _, err := dec.Token(); err != nil {
		return nil, unexpectedEOF(err)
	}
	return out, nil
}
