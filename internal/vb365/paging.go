package vb365

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
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
	// decodeRaw, when set, replaces decode: it reads the element's JSON text directly (which
	// is valid JSON; it must not retain data) and spares the member map of an object.
	decodeRaw func(data []byte) (T, error)
	what      string // "mailbox", for errors
	// unpaged reports versions whose documented response is the whole collection as a bare
	// array with no offset/limit parameters (GET /v6|v7/Organizations).
	unpaged func(v APIVersion) bool
}

func (l listing[T]) decodeElement(data []byte) (T, error) {
	if l.decodeRaw != nil {
		return l.decodeRaw(data)
	}
	obj, err := parseObject(data)
	if err != nil {
		var zero T
		return zero, err
	}
	return l.decode(obj)
}

// MaxListedItems bounds every listing: a server that keeps sending new full pages (or one
// that ignores offset without saying so and is not caught otherwise) cannot make a listing
// run forever.
const MaxListedItems = 10_000_000

// maxListedItems is MaxListedItems; tests lower it.
var maxListedItems = MaxListedItems

// list pages through {offset, limit, results} envelopes, requesting PageSize items per page
// and stopping after MaxItems items, on an empty page, on a page shorter than its limit or on
// a page whose _links have self or first but no next (so a collection of exactly k full
// pages takes k requests, not k+1).
// Elements are decoded as the page streams in; only the decoded elements of one page are
// held. A page is fully read (and its connection slot released) before its elements are
// yielded, so a consumer may call the client from inside the loop.
//
// Paging is bounded: a page that reports another offset than the one asked for, a page that
// repeats the previous one (a server ignoring offset without echoing it), or more than
// MaxListedItems elements end the listing with an error.
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
		seed := maphash.MakeSeed()
		var prevHash uint64
		for {
			limit := opts.PageSize
			if opts.MaxItems > 0 {
				limit = min(limit, opts.MaxItems-count)
			}
			if paged {
				query.Set("offset", strconv.Itoa(offset))
				query.Set("limit", strconv.Itoa(limit))
			}
			pg, err := fetchPage(ctx, c, rt, query, l, seed)
			if err == nil && paged && !pg.bare {
				err = checkPage(rt, pg, offset, limit)
			}
			if err == nil && offset > 0 && pg.n > 0 && pg.hash == prevHash {
				err = fmt.Errorf("vb365: GET %s: the page at offset %d repeats the previous page: the server ignores offset", rt.template, offset)
			}
			if err == nil && offset+pg.n > maxListedItems {
				err = fmt.Errorf("vb365: GET %s: the listing passed %d elements and was stopped", rt.template, maxListedItems)
			}
			if err != nil {
				yield(zero, err)
				return
			}
			prevHash = pg.hash
			for _, elem := range pg.elems {
				count++
				if !yield(elem, nil) {
					return
				}
				if opts.MaxItems > 0 && count >= opts.MaxItems {
					return
				}
			}
			if pg.elemErr != nil {
				yield(zero, fmt.Errorf("vb365: GET %s: %s %d of the page at offset %d: %w", rt.template, l.what, len(pg.elems)+1, offset, pg.elemErr))
				return
			}
			// The server may cap the limit below what was asked; a page is short relative to
			// the limit it reports.
			effective := limit
			if !paged {
				effective = pg.limit // an envelope after all: follow its paging; none = complete
			} else if pg.limit > 0 && pg.limit < effective {
				effective = pg.limit
			}
			if pg.n == 0 || pg.bare || pg.last || effective <= 0 || pg.n < effective {
				return
			}
			offset += pg.n
			paged = true
		}
	}
}

// checkPage rejects a page that does not answer the request: a server that ignores offset
// would otherwise make the listing repeat its first page forever.
func checkPage[T any](rt route, pg page[T], offset, limit int) error {
	if pg.hasOffset && pg.offset != offset {
		return fmt.Errorf("vb365: GET %s: server ignored offset: asked for offset %d, got the page at offset %d", rt.template, offset, pg.offset)
	}
	if pg.n > limit {
		return fmt.Errorf("vb365: GET %s: server ignored limit: asked for %d results, got %d", rt.template, limit, pg.n)
	}
	return nil
}

// page is one decoded page: its envelope and its elements, decoded while the body streamed.
type page[T any] struct {
	offset, limit int
	hasOffset     bool // the page reported its offset
	n             int  // number of elements in results
	elems         []T  // the elements decoded before the first that failed
	elemErr       error
	hash          uint64 // of the elements' JSON text, to recognise a repeated page
	bare          bool   // a bare JSON array (v3 documentation style): the whole collection
	last          bool   // the page's _links name no next page
}

// fetchPage GETs one page and decodes it token by token, without first buffering the body.
func fetchPage[T any](ctx context.Context, c *Client, rt route, query url.Values, l listing[T], seed maphash.Seed) (page[T], error) {
	r := &apiRequest{method: http.MethodGet, route: rt, query: query}
	resp, err := c.send(ctx, r)
	if err != nil {
		return page[T]{}, err
	}
	defer resp.Body.Close()
	pg, err := decodePage(json.NewDecoder(&cappedReader{r: resp.Body, remaining: c.maxJSON}), l.decodeElement, seed)
	if errors.Is(err, errResponseTooLarge) {
		return page[T]{}, c.tooLarge(r)
	}
	if err != nil {
		return page[T]{}, malformed(r, err)
	}
	return pg, nil
}

func decodePage[T any](dec *json.Decoder, decode func([]byte) (T, error), seed maphash.Seed) (page[T], error) {
	var pg page[T]
	tok, err := dec.Token()
	if err != nil {
		return pg, unexpectedEOF(err)
	}
	switch tok {
	case json.Delim('['):
		pg.bare = true
		err = decodeArrayRest(dec, &pg, decode, seed)
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
			if err = decodeArrayRest(dec, &pg, decode, seed); err != nil {
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
		case "_links":
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return pg, unexpectedEOF(err)
			}
			// Navigation links appear "if it is possible to navigate": a page that links
			// itself or the first page but has no next link is the last one.
			self, next := false, false
			eachMember(raw, func(key, v []byte) bool {
				switch {
				case bytes.EqualFold(key, []byte("self")), bytes.EqualFold(key, []byte("first")):
					self = self || !isNull(v)
				case bytes.EqualFold(key, []byte("next")):
					next = !isNull(v)
				}
				return true
			})
			pg.last = self && !next
		default:
			if err := skipJSONValue(dec); err != nil {
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

// skipJSONValue reads past one value without keeping it.
func skipJSONValue(dec *json.Decoder) error {
	var skip json.RawMessage
	return dec.Decode(&skip)
}

// decodeArrayRest reads the elements after an opening '[' and the closing ']', decoding each
// as it arrives into pg (after the first element that fails to decode, the rest are counted
// and hashed only). One buffer is reused for every element's text.
func decodeArrayRest[T any](dec *json.Decoder, pg *page[T], decode func([]byte) (T, error), seed maphash.Seed) error {
	var raw json.RawMessage
	var h maphash.Hash
	h.SetSeed(seed)
	for dec.More() {
		if err := dec.Decode(&raw); err != nil {
			return unexpectedEOF(err)
		}
		pg.n++
		_, _ = h.Write(raw)
		if pg.elemErr != nil {
			continue
		}
		elem, err := decode(raw)
		if err != nil {
			pg.elemErr = err
			continue
		}
		pg.elems = append(pg.elems, elem)
	}
	pg.hash = h.Sum64()
	if _, err := dec.Token(); err != nil {
		return unexpectedEOF(err)
	}
	return nil
}
