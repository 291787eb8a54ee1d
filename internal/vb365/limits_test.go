package vb365

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// paddedJSON returns a JSON object of exactly size bytes: {"id":"x","pad":"aaa..."} plus fields.
func paddedJSON(size int, fields string) string {
	head := `{"id":"x",` + fields + `"pad":"`
	return head + strings.Repeat("a", size-len(head)-2) + `"}`
}

// TestResponseBodiesAreBounded lowers the 32 MiB bound to 1000 bytes: a body of exactly the
// bound is read, one byte more is refused with a clear error, for every body held in memory.
func TestResponseBodiesAreBounded(t *testing.T) {
	const limit = 1000
	var body string
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, body) })
	c, _ := newTestClient(t, fs.srv.URL, "v7")
	c.maxJSON = limit
	ctx := ctxT(t)
	const wantErr = ": response body too large: more than 1000 bytes"

	body = paddedJSON(limit, "")
	if _, err := c.Mailbox(ctx, "s1", "m1"); err != nil {
		t.Fatalf("a body of exactly the limit: %v", err)
	}
	body = paddedJSON(limit+1, "")
	if _, err := c.Mailbox(ctx, "s1", "m1"); err == nil || !strings.Contains(err.Error(), "GET /v7/RestoreSessions/{restoreSessionId}/organization/mailboxes/{mailboxId}"+wantErr) {
		t.Errorf("object: err = %v", err)
	}

	page := func(size int) string {
		head := `{"offset":0,"limit":5,"results":[{"id":"m1","name":"`
		return head + strings.Repeat("b", size-len(head)-4) + `"}]}`
	}
	body = page(limit)
	if got := collect(t, c.Mailboxes(ctx, "s1", ListOptions{PageSize: 5})); len(got) != 1 {
		t.Fatalf("a page of exactly the limit: %+v", got)
	}
	body = page(limit + 1)
	var err error
	for _, e := range c.Mailboxes(ctx, "s1", ListOptions{PageSize: 5}) {
		err = e
	}
	if err == nil || !strings.Contains(err.Error(), "GET /v7/RestoreSessions/{restoreSessionId}/organization/mailboxes"+wantErr) {
		t.Errorf("page: err = %v", err)
	}

	body = paddedJSON(limit+1, `"createdItemsCount":1,`)
	_, err = c.RestoreToOriginalLocation(ctx, testScope, RestoreToOriginalLocationOptions{}, nil)
	if err == nil || !strings.Contains(err.Error(), "/restore"+wantErr) {
		t.Errorf("restore: err = %v", err)
	}

	fs.tokenHandler = func(w http.ResponseWriter, _ url.Values) bool {
		_, _ = io.WriteString(w, paddedJSON(limit+1, `"access_token":"t","expires_in":60,`))
		return true
	}
	c2, _ := newTestClient(t, fs.srv.URL, "v7")
	c2.maxJSON = limit
	_, err = c2.Mailbox(ctx, "s1", "m1")
	if !errors.Is(err, ErrAuthentication) || !strings.Contains(err.Error(), "POST /v7/Token"+wantErr) {
		t.Errorf("token: err = %v", err)
	}
}

func TestMaxJSONResponseIs32MiB(t *testing.T) {
	c, _ := newTestClient(t, "https://vb365.example", "v8")
	if c.maxJSON != 32<<20 {
		t.Errorf("maxJSON = %d", c.maxJSON)
	}
	if err := c.tooLarge(&apiRequest{method: "GET", route: newRoute(V8).lit("Organizations")}); err.Error() != "vb365: GET /v8/Organizations: response body too large: more than 32 MiB" {
		t.Errorf("error = %q", err)
	}
}
