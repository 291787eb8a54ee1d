package vb365

import (
	"encoding/json"
	"fmt"
	"hash/maphash"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// pagedMailboxes serves total mailboxes in {offset, limit, results} pages; maxLimit > 0 caps
// the limit like a server with a lower maximum.
func pagedMailboxes(total, maxLimit int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		if maxLimit > 0 && limit > maxLimit {
			limit = maxLimit
		}
		results := []map[string]any{}
		for i := offset; i < total && i < offset+limit; i++ {
			results = append(results, map[string]any{"id": fmt.Sprintf("m%d", i), "name": fmt.Sprintf("box %d", i), "isArchive": "false"})
		}
		writeJSON(w, 200, map[string]any{"offset": offset, "limit": limit, "results": results, "_links": map[string]any{}})
	}
}

func queries(reqs []recorded) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.Query)
	}
	return out
}

func TestPagingStopsOnShortPage(t *testing.T) {
	fs := newFakeServer(t, pagedMailboxes(23, 0))
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	got := collect(t, c.Mailboxes(ctxT(t), "s1", ListOptions{PageSize: 5}))
	if len(got) != 23 || got[0].ID != "m0" || got[22].ID != "m22" || got[5].Name != "box 5" {
		t.Fatalf("got %d mailboxes: %+v", len(got), got)
	}
	want := "limit=5&offset=0 limit=5&offset=5 limit=5&offset=10 limit=5&offset=15 limit=5&offset=20"
	if q := strings.Join(queries(fs.APIRequests()), " "); q != want {
		t.Errorf("queries = %s\nwant      %s", q, want)
	}
}

func TestPagingStopsOnEmptyPage(t *testing.T) {
	fs := newFakeServer(t, pagedMailboxes(10, 0))
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	got := collect(t, c.Mailboxes(ctxT(t), "s1", ListOptions{PageSize: 5}))
	if len(got) != 10 || len(fs.APIRequests()) != 3 {
		t.Fatalf("got %d items in %d requests, want 10 in 3", len(got), len(fs.APIRequests()))
	}
}

func TestPagingMaxItems(t *testing.T) {
	fs := newFakeServer(t, pagedMailboxes(100, 0))
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	got := collect(t, c.Mailboxes(ctxT(t), "s1", ListOptions{PageSize: 5, MaxItems: 7}))
	if len(got) != 7 {
		t.Fatalf("got %d, want 7", len(got))
	}
	if q := strings.Join(queries(fs.APIRequests()), " "); q != "limit=5&offset=0 limit=2&offset=5" {
		t.Errorf("queries = %s", q)
	}
}

func TestPagingDefaultPageSizeAndServerCappedLimit(t *testing.T) {
	fs := newFakeServer(t, pagedMailboxes(8, 3))
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	got := collect(t, c.Mailboxes(ctxT(t), "s1", ListOptions{}))
	if len(got) != 8 {
		t.Fatalf("got %d, want 8 despite the server capping pages at 3", len(got))
	}
	want := "limit=500&offset=0 limit=500&offset=3 limit=500&offset=6"
	if q := strings.Join(queries(fs.APIRequests()), " "); q != want {
		t.Errorf("queries = %s", q)
	}
}

func TestPagingEarlyBreakSendsNoMoreRequests(t *testing.T) {
	fs := newFakeServer(t, pagedMailboxes(100, 0))
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	n := 0
	for _, err := range c.Mailboxes(ctxT(t), "s1", ListOptions{PageSize: 10}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 12 {
			break
		}
	}
	if len(fs.APIRequests()) != 2 {
		t.Errorf("requests = %d, want 2", len(fs.APIRequests()))
	}
}

func TestPagingAllowsClientCallsInsideTheLoop(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/mailboxes") {
			pagedMailboxes(3, 0)(w, r)
			return
		}
		writeJSON(w, 200, map[string]any{"id": "one"})
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8", func(c *Config) { c.MaxConcurrentRequests = 1 })
	for m, err := range c.Mailboxes(ctxT(t), "s1", ListOptions{PageSize: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Mailbox(ctxT(t), "s1", m.ID); err != nil { // would deadlock if the page held the slot
			t.Fatal(err)
		}
	}
}

func TestPagingValidatesOptions(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) { t.Error("request sent") })
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	for _, opts := range []ListOptions{{PageSize: -1}, {PageSize: 10001}, {MaxItems: -1}} {
		var errs []error
		for _, err := range c.Organizations(ctxT(t), opts) {
			errs = append(errs, err)
		}
		if len(errs) != 1 || errs[0] == nil {
			t.Errorf("options %+v: errors %v", opts, errs)
		}
	}
}

func TestPagingMaxPageSizeAccepted(t *testing.T) {
	fs := newFakeServer(t, pagedMailboxes(2, 0))
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	if got := collect(t, c.Mailboxes(ctxT(t), "s1", ListOptions{PageSize: MaxPageSize})); len(got) != 2 {
		t.Fatalf("got %d", len(got))
	}
	if q := fs.APIRequests()[0].Query; q != "limit=10000&offset=0" {
		t.Errorf("query %s", q)
	}
}

func TestPagingBareArrayAndCaseInsensitiveEnvelope(t *testing.T) {
	body := `[{"id":"o1","name":"a"},{"id":"o2","name":"b"}]`
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, body) })
	c, _ := newTestClient(t, fs.srv.URL, "v3")
	if got := collect(t, c.Organizations(ctxT(t), ListOptions{PageSize: 2})); len(got) != 2 || got[1].Name != "b" {
		t.Fatalf("bare array: %+v", got)
	}
	if len(fs.APIRequests()) != 1 {
		t.Errorf("a bare array is the whole collection; requests = %d", len(fs.APIRequests()))
	}
	body = `{"Offset":"0","LIMIT":null,"Results":[{"Id":"o1"}],"setId":"x"}`
	got := collect(t, c.Organizations(ctxT(t), ListOptions{PageSize: 2}))
	if len(got) != 1 || got[0].ID != "o1" {
		t.Fatalf("envelope: %+v", got)
	}
}

func TestPagingMalformedPages(t *testing.T) {
	tests := map[string]string{
		`{"offset":0,"limit":5,"results":[{"id":"m1"},`:   "malformed JSON response",
		`{"offset":0,"limit":5}`:                          `page has no "results" member`,
		`{"results":{"id":"m1"}}`:                         `"results" is {, not an array`,
		`"text"`:                                          "expected a page object",
		`{"results":[{"id":"m1","isArchive":"perhaps"}]}`: `mailbox 1 of the page at offset 0: field "isArchive"`,
		`{"results":[{"name":"no id"}]}`:                  "the server response has no id",
		`{"results":[17]}`:                                "expected a JSON object",
	}
	for body, want := range tests {
		fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, body) })
		c, _ := newTestClient(t, fs.srv.URL, "v8")
		var err error
		for _, e := range c.Mailboxes(ctxT(t), "s1", ListOptions{}) {
			err = e
		}
		if err == nil || !strings.Contains(err.Error(), want) ||
			!strings.Contains(err.Error(), "GET /v8/RestoreSessions/{restoreSessionId}/organization/mailboxes") {
			t.Errorf("body %s: err = %v, want %q and the route", body, err, want)
		}
	}
}

func TestFolderAndItemQueries(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"offset": 0, "limit": 50, "results": []any{}})
	})
	for _, tt := range []struct{ version, itemParam, prefix, folderQuery string }{
		// v3 documents no parentId (the client filters), v4..v6 spell the top level null, v7+ root.
		{"v3", "folderId", "/v3/RestoreSessions/s1/Organization/Mailboxes/m1/", "limit=50&name=In%2A&offset=0"},
		{"v6", "folderId", "/v6/RestoreSessions/s1/organization/mailboxes/m1/", "limit=50&name=In%2A&offset=0&parentId=null"},
		{"v7", "parentId", "/v7/RestoreSessions/s1/organization/mailboxes/m1/", "limit=50&name=In%2A&offset=0&parentId=root"},
	} {
		c, _ := newTestClient(t, fs.srv.URL, tt.version)
		before := len(fs.APIRequests())
		collect(t, c.Items(ctxT(t), "s1", "m1", ItemQuery{FolderID: "f/1=", ListOptions: ListOptions{PageSize: 50}}))
		collect(t, c.Folders(ctxT(t), "s1", "m1", FolderQuery{ParentID: "root", Name: "In*", ListOptions: ListOptions{PageSize: 50}}))
		collect(t, c.Items(ctxT(t), "s1", "m1", ItemQuery{}))
		reqs := fs.APIRequests()[before:]
		wantItems := tt.prefix + pick(APIVersion(tt.version[1]-'0'), "Items", "items")
		wantFolders := tt.prefix + pick(APIVersion(tt.version[1]-'0'), "Folders", "folders")
		if reqs[0].EscapedPath != wantItems || reqs[0].Query != (url.Values{"limit": {"50"}, "offset": {"0"}, tt.itemParam: {"f/1="}}).Encode() {
			t.Errorf("%s items request %s?%s", tt.version, reqs[0].EscapedPath, reqs[0].Query)
		}
		if reqs[1].EscapedPath != wantFolders || reqs[1].Query != tt.folderQuery {
			t.Errorf("%s folders request %s?%s", tt.version, reqs[1].EscapedPath, reqs[1].Query)
		}
		if reqs[2].Query != "limit=500&offset=0" {
			t.Errorf("%s unfiltered items query %s", tt.version, reqs[2].Query)
		}
	}
}

func TestDecodeFolderParentFromLink(t *testing.T) {
	data := `{"id":"f2","name":"Projects","type":"None","category":"None",
	  "_links":{"self":{"href":"/v8/RestoreSessions/s1/organization/mailboxes/m1/folders/f2"},
	            "parent":{"href":"/v8/RestoreSessions/s1/organization/mailboxes/m1/folders/f%2F1"}}}`
	obj, err := parseObject([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	f, err := decodeFolder(obj)
	if err != nil || f.ParentID != "f/1" || f.MailboxID != "m1" || f.Name != "Projects" {
		t.Fatalf("folder %+v err %v", f, err)
	}
	top := `{"id":"f1","_links":{"parent":{"href":"https://h:4443/v3/restoresessions/s1/organization/mailboxes/m1"}}}`
	obj, _ = parseObject([]byte(top))
	f, err = decodeFolder(obj)
	if err != nil || f.ParentID != "" || f.MailboxID != "m1" {
		t.Fatalf("top-level folder %+v err %v", f, err)
	}
}

func TestDecodeRestoreSession(t *testing.T) {
	data := `{"id":"s1","name":"n","organization":"org.onmicrosoft.com","type":"Vex","creationTime":"2023-01-02 03:04:05",
	  "endTime":null,"state":"Working","result":"Success","initiatedBy":"admin","details":"d","reason":"audit",
	  "_links":{"organization":{"href":"/v8/Organizations/o%201"}}}`
	obj, _ := parseObject([]byte(data))
	s, err := decodeRestoreSession(obj)
	want := RestoreSession{ID: "s1", Name: "n", Organization: "org.onmicrosoft.com", OrganizationID: "o 1", Type: "Vex",
		CreationTime: "2023-01-02T03:04:05Z", State: "Working", Result: "Success", InitiatedBy: "admin", Details: "d", Reason: "audit"}
	if err != nil || s != want {
		t.Fatalf("session %+v err %v\nwant %+v", s, err, want)
	}
	obj, _ = parseObject([]byte(`{"id":"s2","organization":{"id":"o2","name":"org2"},"_links":{"organization":{"href":"/v8/RestoreSessions/s2/organization"}}}`))
	s, err = decodeRestoreSession(obj)
	if err != nil || s.Organization != "org2" || s.OrganizationID != "o2" {
		t.Fatalf("embedded organization: %+v %v", s, err)
	}
}

func TestDecodePageStreamsElements(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(`{"offset":0,"limit":3,"results":[`)
	for i := range 3 {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `{"id":"%d"}`, i)
	}
	sb.WriteString(`],"_links":{"next":{"href":"https://elsewhere.example/steal"}}}`)
	ids := func(data []byte) (string, error) {
		obj, err := parseObject(data)
		if err != nil {
			return "", err
		}
		id, err := obj.str("id")
		return deref(id), err
	}
	pg, err := decodePage(json.NewDecoder(strings.NewReader(sb.String())), ids, maphash.MakeSeed())
	if err != nil || pg.n != 3 || pg.limit != 3 || strings.Join(pg.elems, ",") != "0,1,2" {
		t.Fatalf("page %+v err %v", pg, err)
	}
}

func TestOrganizationsUnpagedOnV6AndV7(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("limit") {
			pagedMailboxes(7, 0)(w, r)
			return
		}
		_, _ = io.WriteString(w, `[{"id":"o1","name":"a","type":"Office365"},{"id":"o2","name":"b"}]`)
	})
	c, _ := newTestClient(t, fs.srv.URL, "v7")
	got := collect(t, c.Organizations(ctxT(t), ListOptions{PageSize: 1}))
	if len(got) != 2 || got[0].Type != "Office365" || fs.APIRequests()[0].Query != "" {
		t.Fatalf("v7 organizations %+v, query %q", got, fs.APIRequests()[0].Query)
	}
	c8, _ := newTestClient(t, fs.srv.URL, "v8")
	if got := collect(t, c8.Organizations(ctxT(t), ListOptions{PageSize: 5})); len(got) != 7 {
		t.Fatalf("v8 organizations: %d, want 7 over two pages", len(got))
	}
}

func TestUnpagedListingFollowsAnEnvelope(t *testing.T) {
	// A v6 server that pages organizations after all (limit 2 by default) is followed.
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		if !r.URL.Query().Has("limit") {
			r.URL.RawQuery = "offset=0&limit=2"
		}
		pagedMailboxes(5, 2)(w, r)
	})
	c, _ := newTestClient(t, fs.srv.URL, "v6")
	if got := collect(t, c.Organizations(ctxT(t), ListOptions{PageSize: 2})); len(got) != 5 {
		t.Fatalf("got %d, want 5", len(got))
	}
}

// TestPagingServerIgnoringOffsetIsAnError: a server that answers every request with its first
// page would otherwise make the listing loop forever.
func TestPagingServerIgnoringOffsetIsAnError(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		r.URL.RawQuery = "offset=0&limit=5"
		pagedMailboxes(100, 0)(w, r)
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	var got int
	var err error
	for _, e := range c.Mailboxes(ctxT(t), "s1", ListOptions{PageSize: 5}) {
		if e != nil {
			err = e
			break
		}
		if got++; got > 50 {
			t.Fatal("the listing does not end")
		}
	}
	if err == nil || !strings.Contains(err.Error(), "server ignored offset: asked for offset 5, got the page at offset 0") {
		t.Fatalf("err = %v", err)
	}
	if got != 5 || len(fs.APIRequests()) != 2 {
		t.Errorf("yielded %d mailboxes in %d requests, want 5 in 2", got, len(fs.APIRequests()))
	}
}

func TestPagingServerIgnoringLimitIsAnError(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		offset := r.URL.Query().Get("offset")
		r.URL.RawQuery = "offset=" + offset + "&limit=10"
		pagedMailboxes(100, 0)(w, r)
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	var err error
	for _, e := range c.Mailboxes(ctxT(t), "s1", ListOptions{PageSize: 5}) {
		if e != nil {
			err = e
			break
		}
		t.Fatal("a mailbox of an invalid page was yielded")
	}
	if err == nil || !strings.Contains(err.Error(), "server ignored limit: asked for 5 results, got 10") {
		t.Fatalf("err = %v", err)
	}
}

func TestItemsWithoutIDAreRejected(t *testing.T) {
	const noID = `{"itemClass":"IPM.Note","subject":"no id"}`
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/items") {
			_, _ = io.WriteString(w, `{"offset":0,"limit":5,"results":[{"id":"i1","itemClass":"IPM.Note"},`+noID+`]}`)
			return
		}
		_, _ = io.WriteString(w, noID)
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	var got []Item
	var err error
	for it, e := range c.Items(ctxT(t), "s1", "m1", ItemQuery{ListOptions: ListOptions{PageSize: 5}}) {
		if e != nil {
			err = e
			break
		}
		got = append(got, it)
	}
	if len(got) != 1 || err == nil || !strings.Contains(err.Error(), "item 2 of the page at offset 0: the server response has no id") {
		t.Errorf("listing: %d items, err %v", len(got), err)
	}
	if _, err := c.Item(ctxT(t), "s1", "m1", "i1"); err == nil || !strings.Contains(err.Error(), "the server response has no id") {
		t.Errorf("Item: err = %v", err)
	}
	// DecodeItem stays lenient: the v3 documentation's contact example has no id.
	if it, err := DecodeItem([]byte(noID)); err != nil || it.Subject == nil || *it.Subject != "no id" {
		t.Errorf("DecodeItem = %+v, %v", it, err)
	}
}

// TestPagingServerIgnoringOffsetSilentlyIsAnError: a server that ignores offset and does not
// echo it answers every request with the same first page; the listing must stop with an
// error instead of looping.
func TestPagingServerIgnoringOffsetSilentlyIsAnError(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		results := []map[string]any{}
		for i := range 5 {
			results = append(results, map[string]any{"id": fmt.Sprintf("m%d", i), "name": "box"})
		}
		writeJSON(w, 200, map[string]any{"results": results}) // neither offset nor limit
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	var got int
	var err error
	for _, e := range c.Mailboxes(ctxT(t), "s1", ListOptions{PageSize: 5}) {
		if e != nil {
			err = e
			break
		}
		if got++; got > 50 {
			t.Fatal("the listing does not end")
		}
	}
	if err == nil || !strings.Contains(err.Error(), "the page at offset 5 repeats the previous page: the server ignores offset") {
		t.Fatalf("err = %v", err)
	}
	if got != 5 || len(fs.APIRequests()) != 2 {
		t.Errorf("yielded %d mailboxes in %d requests, want 5 in 2", got, len(fs.APIRequests()))
	}
}

// TestPagingIsBounded: a server that keeps sending new full pages ends at the bound
// (MaxListedItems, lowered here). Not parallel: it changes a package variable.
func TestPagingIsBounded(t *testing.T) {
	defer func(n int) { maxListedItems = n }(maxListedItems)
	maxListedItems = 12
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		results := []any{}
		for i := range limit {
			results = append(results, map[string]any{"id": fmt.Sprintf("m%d", offset+i)})
		}
		writeJSON(w, 200, map[string]any{"offset": offset, "limit": limit, "results": results})
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	n, err := 0, error(nil)
	for _, e := range c.Mailboxes(ctxT(t), "s1", ListOptions{PageSize: 5}) {
		if e != nil {
			err = e
			break
		}
		if n++; n > 100 {
			t.Fatal("the listing does not end")
		}
	}
	if n != 10 || err == nil || !strings.Contains(err.Error(), "the listing passed 12 elements and was stopped") {
		t.Fatalf("%d elements, err %v", n, err)
	}
}

// TestPagingStopsWhenLinksNameNoNextPage: a collection of exactly two full pages takes two
// requests when the pages link themselves and only the first links a next page.
func TestPagingStopsWhenLinksNameNoNextPage(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		results := []any{}
		for i := offset; i < 10 && i < offset+5; i++ {
			results = append(results, map[string]any{"id": fmt.Sprintf("m%d", i)})
		}
		links := map[string]any{"self": map[string]any{"href": "/v8/x"}}
		if offset+5 < 10 {
			links["next"] = map[string]any{"href": "/v8/x?offset=5"}
		}
		writeJSON(w, 200, map[string]any{"offset": offset, "limit": 5, "results": results, "_links": links})
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	got := collect(t, c.Mailboxes(ctxT(t), "s1", ListOptions{PageSize: 5}))
	if len(got) != 10 || len(fs.APIRequests()) != 2 {
		t.Fatalf("%d mailboxes in %d requests, want 10 in 2", len(got), len(fs.APIRequests()))
	}
}
