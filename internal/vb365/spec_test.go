package vb365

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestRequestsMatchOpenAPISpec sends every request the client can produce in the v6+ dialect to
// a recording server and checks each against Veeam's OpenAPI document of that version: the
// route and method exist (case-insensitive, as the server routes), query parameters are
// declared, and every request body member (nested ones included) is a declared property of the
// operation's request schema.
func TestRequestsMatchOpenAPISpec(t *testing.T) {
	for _, version := range []APIVersion{V6, V7, V8} {
		t.Run(version.String(), func(t *testing.T) {
			specPath := filepath.Join("..", "..", "..", "shared", "reference", fmt.Sprintf("vb365_rest_%s.json", version))
			data, err := os.ReadFile(specPath)
			if err != nil {
				if version == V8 {
					t.Skipf("reference spec %s not available: %v", specPath, err)
				}
				t.Skipf("optional reference spec %s not available: %v", specPath, err)
			}
			var spec openAPI
			if err := json.Unmarshal(data, &spec); err != nil {
				t.Fatalf("%s: %v", specPath, err)
			}
			reqs := recordEveryRequest(t, version)
			seen := map[string]bool{}
			for _, r := range reqs {
				if !strings.HasPrefix(r.EscapedPath, "/"+version.String()+"/") {
					continue // version probes of newer versions, answered 404
				}
				op, template := spec.find(r.Method, r.EscapedPath)
				if op == nil {
					t.Errorf("%s %s is not an operation of %s", r.Method, r.EscapedPath, specPath)
					continue
				}
				seen[r.Method+" "+template] = true
				for name := range mustParseQuery(t, r.Query) {
					if !op.hasQueryParam(name) {
						t.Errorf("%s %s: query parameter %q is not declared", r.Method, template, name)
					}
				}
				if len(r.Body) == 0 {
					continue
				}
				media := op.RequestBody.Content[strings.Split(r.ContentType, ";")[0]]
				if media == nil {
					t.Errorf("%s %s: sends %s, the operation declares %v", r.Method, template, r.ContentType, keys(op.RequestBody.Content))
					continue
				}
				var body any
				if r.ContentType == "application/x-www-form-urlencoded" {
					form := mustParseQuery(t, string(r.Body))
					m := map[string]any{}
					for k := range form {
						m[k] = form.Get(k)
					}
					body = m
				} else if err := json.Unmarshal(r.Body, &body); err != nil {
					t.Fatalf("%s %s: body is not JSON: %v", r.Method, template, err)
				}
				for _, problem := range spec.checkValue(body, media.Schema, "body") {
					t.Errorf("%s %s: %s", r.Method, template, problem)
				}
			}
			ops := make([]string, 0, len(seen))
			for op := range seen {
				ops = append(ops, op)
			}
			sort.Strings(ops)
			t.Logf("%d distinct operations checked:\n%s", len(ops), strings.Join(ops, "\n"))
			if len(ops) < 25 {
				t.Errorf("only %d operations exercised; the recording misses some client calls", len(ops))
			}
		})
	}
}

// recordEveryRequest drives every client operation against a recording server that answers
// like a server of version v.
func recordEveryRequest(t *testing.T, v APIVersion) []recorded {
	t.Helper()
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		last := strings.ToLower(p[strings.LastIndex(p, "/")+1:])
		switch {
		case last == "serviceinstance":
			if strings.HasPrefix(p, "/"+v.String()+"/") {
				w.WriteHeader(http.StatusUnauthorized)
			} else {
				w.WriteHeader(http.StatusNotFound)
			}
		case r.Method == http.MethodGet && last == "organizations" && !r.URL.Query().Has("limit"):
			writeJSON(w, 200, []any{map[string]any{"id": "o1", "name": "org"}})
		case r.Method == http.MethodGet && last == "restorepoints" && v == V6: // v6: a bare array
			writeJSON(w, 200, []any{})
		case r.Method == http.MethodGet && r.URL.Query().Has("limit"):
			writeJSON(w, 200, map[string]any{"offset": 0, "limit": 10, "results": []any{}})
		case r.Method == http.MethodGet && last == "statistics":
			writeJSON(w, 200, map[string]any{"totalItemsCount": 1, "restoredItemsCount": 1, "items": []any{}})
		case r.Method == http.MethodGet:
			writeJSON(w, 200, map[string]any{"id": "x", "state": "Stopped", "result": "Success", "itemClass": "IPM.Note"})
		case last == "explore":
			writeJSON(w, 201, map[string]any{"id": "s1", "state": "Working"})
		case last == "restore" || last == "restoreto":
			if v >= V8 {
				writeJSON(w, 200, map[string]any{"sessionId": "rs1"})
			} else {
				writeJSON(w, 200, map[string]any{"createdItemsCount": 1})
			}
		case r.Method == http.MethodPost && last == "dataretrievals":
			writeJSON(w, 201, map[string]any{"id": "dr1", "dataState": "Retrieving"})
		case last == "search":
			writeJSON(w, 200, map[string]any{"offset": 0, "limit": 10, "setId": "7f9e0c52-0000-4000-8000-000000000001", "results": []any{}})
		case last == "exporttopst" || last == "save":
			_, _ = io.WriteString(w, "FILE")
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	})
	c, clock := newTestClient(t, fs.srv.URL, "auto")
	ctx := ctxT(t)
	check := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	list := ListOptions{PageSize: 10}
	for _, err := range c.Organizations(ctx, list) {
		check("organizations", err)
	}
	for _, err := range c.RestoreSessions(ctx, list) {
		check("restore sessions", err)
	}
	_, err := c.RestoreSession(ctx, "s1")
	check("restore session", err)
	_, err = c.RestoreSessionOrganization(ctx, "s1")
	check("session organization", err)
	pit := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err = c.Explore(ctx, "o1", ExploreOptions{PointInTime: &pit, ShowDeleted: ptr(true), ShowAllVersions: ptr(true), Reason: "r"})
	check("explore", err)
	check("stop", c.StopRestoreSession(ctx, "s1"))
	for _, err := range c.Mailboxes(ctx, "s1", list) {
		check("mailboxes", err)
	}
	_, err = c.Mailbox(ctx, "s1", "m1")
	check("mailbox", err)
	for _, err := range c.Folders(ctx, "s1", "m1", FolderQuery{ListOptions: list, ParentID: "root", Name: "In*"}) {
		check("folders", err)
	}
	for _, err := range c.Items(ctx, "s1", "m1", ItemQuery{ListOptions: list, FolderID: "f1"}) {
		check("items", err)
	}
	_, err = c.Item(ctx, "s1", "m1", "i1")
	check("item", err)

	allCreds := RestoreCredentials{
		UserName: "u", UserPassword: "p", UserCode: "c", ApplicationID: "00000000-0000-0000-0000-000000000001",
		ApplicationCertificate: "Y2VydA==", ApplicationCertificatePassword: "cp", ImpersonationAccountName: "imp",
	}
	restoreTo := RestoreToOptions{
		Credentials: allCreds, Mailbox: "t@x", Folder: "f", CASServer: "outlook.office365.com", OfficeRegion: "Worldwide",
		OfficeOrganizationName: "org", ChangedItems: ptr(true), DeletedItems: ptr(true), MarkRestoredAsUnread: ptr(true),
		ExcludeDrafts: ptr(true), ExcludeDeletedItems: ptr(true), ExcludeInPlaceHoldItems: ptr(true), ExcludeLitigationHoldItems: ptr(true),
	}
	for _, ids := range [][]string{{"i1"}, {"i1", "i2"}} {
		scope := ItemScope{RestoreSessionID: "s1", MailboxID: "m1", ItemIDs: ids}
		_, err = c.RestoreToOriginalLocation(ctx, scope, RestoreToOriginalLocationOptions{Credentials: allCreds}, nil)
		check("restore", err)
		_, err = c.RestoreTo(ctx, scope, restoreTo, nil)
		check("restoreTo", err)
		_, err = c.ExportToPST(ctx, scope, ExportToPSTOptions{EnablePSTSizeLimit: ptr(true), PSTSizeLimitBytes: ptr[int64](1 << 30)}, io.Discard)
		check("exportToPst", err)
		_, err = c.SaveToMSG(ctx, scope, io.Discard)
		check("save", err)
		check("sendToDefaultAddress", c.SendToDefaultAddress(ctx, scope))
		check("sendToDifferentAddress", c.SendToDifferentAddress(ctx, scope, SendToDifferentAddressOptions{From: "f@x", To: "t@x", Subject: "s", Text: "t"}))
	}
	// A folder (its tree) and a whole mailbox: restores and PST export only.
	for _, scope := range []ItemScope{
		{RestoreSessionID: "s1", MailboxID: "m1", FolderID: "f1"},
		{RestoreSessionID: "s1", MailboxID: "m1", WholeMailbox: true},
	} {
		_, err = c.RestoreToOriginalLocation(ctx, scope, RestoreToOriginalLocationOptions{Credentials: allCreds}, nil)
		check("scope restore", err)
		_, err = c.RestoreTo(ctx, scope, restoreTo, nil)
		check("scope restoreTo", err)
		_, err = c.ExportToPST(ctx, scope, ExportToPSTOptions{EnablePSTSizeLimit: ptr(true), PSTSizeLimitBytes: ptr[int64](1 << 30)}, io.Discard)
		check("scope exportToPst", err)
	}
	// PST exports by content keyword: a folder, a whole mailbox, the organization.
	for _, scope := range []ItemScope{
		{RestoreSessionID: "s1", MailboxID: "m1", FolderID: "f1"},
		{RestoreSessionID: "s1", MailboxID: "m1", WholeMailbox: true},
		{RestoreSessionID: "s1", WholeOrganization: true},
	} {
		_, err = c.ExportToPST(ctx, scope, ExportToPSTOptions{ContentKeyword: "invoice", EnablePSTSizeLimit: ptr(true), PSTSizeLimitBytes: ptr[int64](1 << 30)}, io.Discard)
		check("keyword exportToPst", err)
	}
	// Restore points with every filter the version has; a backup copy's explore (v7+).
	points := RestorePointFilter{ListOptions: list, OrganizationID: "o1", RepositoryID: "r1", IsLongTermCopy: ptr(true), IsRetrieved: ptr(false)}
	if v >= V7 {
		points.IsCopy = ptr(true)
		_, err = c.Explore(ctx, "o1", ExploreOptions{PointInTime: &pit, ShowDeleted: ptr(true), ShowAllVersions: ptr(true), RepositoryID: "r1"})
		check("explore a repository", err)
	}
	for _, err := range c.RestorePoints(ctx, points) {
		check("restore points", err)
	}
	// Data retrievals: start, read, extend, sessions, explore the retrieved data.
	dr, err := c.StartDataRetrieval(ctx, DataRetrievalRequest{Name: "n", Description: "d", OrganizationID: "o1", RepositoryID: "r1",
		PointInTime: &pit, ShowDeleted: ptr(true), ShowAllVersions: ptr(true), AvailabilityDays: 3, MailboxIDs: []string{"m1"},
		GlacierPolicy: "Bulk"})
	check("start data retrieval", err)
	_, err = c.GetDataRetrieval(ctx, dr.ID)
	check("data retrieval", err)
	check("extend data retrieval", c.SetDataRetrievalAvailability(ctx, dr.ID, 5))
	for _, err := range c.DataRetrievalSessions(ctx, dr.ID, list) {
		check("data retrieval sessions", err)
	}
	_, err = c.Explore(ctx, "o1", ExploreOptions{DataRetrievalID: dr.ID})
	check("explore a data retrieval", err)
	_, err = c.GetEmailSettings(ctx)
	check("e-mail settings", err)
	// Searches: one mailbox, and across the organization's mailboxes.
	for _, err := range c.SearchItems(ctx, "s1", "m1", "", "invoice", list) {
		check("mailbox search", err)
	}
	for _, q := range []OrganizationItemSearch{{ListOptions: list, Query: "invoice"}, {ListOptions: list, Query: "invoice", MailboxIDs: []string{"m1"}}} {
		for _, err := range c.SearchOrganizationItems(ctx, "s1", q) {
			check("organization search", err)
		}
	}
	clock.Advance(2 * time.Hour) // the next call refreshes the token with the refresh grant
	_, err = c.Mailbox(ctx, "s1", "m1")
	check("mailbox after refresh", err)
	if forms := fs.TokenForms(); len(forms) < 2 || forms[len(forms)-1].Get("grant_type") != "refresh_token" {
		t.Fatalf("no refresh grant recorded: %v", forms)
	}
	return fs.Requests()
}

func mustParseQuery(t *testing.T, q string) url.Values {
	t.Helper()
	v, err := url.ParseQuery(q)
	if err != nil {
		t.Fatalf("query %q: %v", q, err)
	}
	return v
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// openAPI is the part of an OpenAPI 3 document the check needs.
type openAPI struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]*schema `json:"schemas"`
	} `json:"components"`
}

type operation struct {
	Parameters []struct {
		Name string `json:"name"`
		In   string `json:"in"`
	} `json:"parameters"`
	RequestBody struct {
		Content map[string]*struct {
			Schema *schema `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
}

func (op *operation) hasQueryParam(name string) bool {
	for _, p := range op.Parameters {
		if p.In == "query" && strings.EqualFold(p.Name, name) {
			return true
		}
	}
	return false
}

type schema struct {
	Ref                  string             `json:"$ref"`
	Type                 string             `json:"type"`
	Properties           map[string]*schema `json:"properties"`
	AllOf                []*schema          `json:"allOf"`
	Items                *schema            `json:"items"`
	AdditionalProperties json.RawMessage    `json:"additionalProperties"`
}

// find returns the operation whose path template matches the escaped request path.
func (s *openAPI) find(method, escapedPath string) (*operation, string) {
	for template, methods := range s.Paths {
		pattern := "(?i)^" + regexp.MustCompile(`\\\{[^}]+\\\}`).ReplaceAllString(regexp.QuoteMeta(template), `[^/]+`) + "$"
		if !regexp.MustCompile(pattern).MatchString(escapedPath) {
			continue
		}
		raw, ok := methods[strings.ToLower(method)]
		if !ok {
			continue
		}
		var op operation
		if err := json.Unmarshal(raw, &op); err != nil {
			return nil, ""
		}
		return &op, template
	}
	return nil, ""
}

func (s *openAPI) resolve(sc *schema) *schema {
	for sc != nil && sc.Ref != "" {
		sc = s.Components.Schemas[strings.TrimPrefix(sc.Ref, "#/components/schemas/")]
	}
	return sc
}

// properties merges the properties of sc and its allOf parts, keyed by lower-case name.
func (s *openAPI) properties(sc *schema) map[string]*schema {
	sc = s.resolve(sc)
	out := map[string]*schema{}
	if sc == nil {
		return out
	}
	for name, p := range sc.Properties {
		out[strings.ToLower(name)] = p
	}
	for _, part := range sc.AllOf {
		for name, p := range s.properties(part) {
			out[name] = p
		}
	}
	return out
}

// checkValue reports members of value that sc does not declare, recursing into objects and
// arrays of objects.
func (s *openAPI) checkValue(value any, sc *schema, where string) []string {
	sc = s.resolve(sc)
	if sc == nil {
		return nil
	}
	var problems []string
	switch v := value.(type) {
	case map[string]any:
		props := s.properties(sc)
		if len(props) == 0 {
			return nil // a free-form object
		}
		for key, member := range v {
			p, ok := props[strings.ToLower(key)]
			if !ok {
				problems = append(problems, fmt.Sprintf("%s.%s is not a declared property (declared: %v)", where, key, keys(props)))
				continue
			}
			problems = append(problems, s.checkValue(member, p, where+"."+key)...)
		}
	case []any:
		for i, elem := range v {
			problems = append(problems, s.checkValue(elem, sc.Items, fmt.Sprintf("%s[%d]", where, i))...)
		}
	}
	return problems
}
