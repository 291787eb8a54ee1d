package vb365sim

import (
	"encoding/json"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
)

// openAPI is the part of an OpenAPI 3 document these tests read.
type openAPI struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]*schema `json:"schemas"`
	} `json:"components"`
}

type schema struct {
	Ref        string             `json:"$ref"`
	Properties map[string]*schema `json:"properties"`
	Required   []string           `json:"required"`
	AllOf      []*schema          `json:"allOf"`
	Items      *schema            `json:"items"`
}

// loadSpec reads the Veeam OpenAPI document of version v from the shared reference folder
// beside the repository; a clone without it skips.
func loadSpec(t *testing.T, v int) *openAPI {
	t.Helper()
	path := "../../../shared/reference/vb365_rest_v" + strconv.Itoa(v) + ".json"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("OpenAPI reference %s not available (%v); skipping the spec conformance check", path, err)
	}
	var doc openAPI
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("parsing %s: %v", path, err)
	}
	return &doc
}

// flat resolves $ref and allOf into one property set and required list.
func (d *openAPI) flat(t *testing.T, s *schema) (map[string]*schema, []string) {
	t.Helper()
	for s.Ref != "" {
		name := strings.TrimPrefix(s.Ref, "#/components/schemas/")
		next, ok := d.Components.Schemas[name]
		if !ok {
			t.Fatalf("unresolved $ref %s", s.Ref)
		}
		s = next
	}
	props := map[string]*schema{}
	required := append([]string(nil), s.Required...)
	for _, part := range s.AllOf {
		p, r := d.flat(t, part)
		for k, v := range p {
			props[k] = v
		}
		required = append(required, r...)
	}
	for k, v := range s.Properties {
		props[k] = v
	}
	return props, required
}

func (d *openAPI) named(t *testing.T, name string) *schema {
	t.Helper()
	if _, ok := d.Components.Schemas[name]; !ok {
		t.Fatalf("schema %s is not in the spec", name)
	}
	return &schema{Ref: "#/components/schemas/" + name}
}

// conform checks that obj carries only declared properties and every required one, and
// descends into arrays of objects and _links.
func (d *openAPI) conform(t *testing.T, where string, obj map[string]any, s *schema) {
	t.Helper()
	props, required := d.flat(t, s)
	for k, v := range obj {
		ps, ok := props[k]
		if !ok {
			t.Errorf("%s: property %q is not declared by the spec", where, k)
			continue
		}
		if k == "_links" || k == "_actions" {
			continue // dictionaries of RESTLinkHAL / RESTAction
		}
		if arr, ok := v.([]any); ok {
			item := ps.Items
			for item == nil && ps.Ref != "" {
				ps = d.Components.Schemas[strings.TrimPrefix(ps.Ref, "#/components/schemas/")]
				item = ps.Items
			}
			for i, el := range arr {
				if m, ok := el.(map[string]any); ok && item != nil && k != "items" && k != "results" {
					d.conform(t, where+"."+k+"["+strconv.Itoa(i)+"]", m, item)
				}
			}
		}
	}
	for _, r := range required {
		if _, ok := obj[r]; !ok {
			t.Errorf("%s: required property %q is missing", where, r)
		}
	}
}

// itemSchema picks the concrete item schema by itemClass (the union has no discriminator).
// A sticky note sent as "IPM.Note" (the seed's spelling) is recognised by its date field.
func itemSchema(item map[string]any) string {
	class := strings.ToLower(item["itemClass"].(string))
	switch {
	case strings.HasPrefix(class, "ipm.appointment"):
		return "RESTAppointmentItem"
	case strings.HasPrefix(class, "ipm.task"):
		return "RESTTaskItem"
	case class == "ipm.contact":
		return "RESTContactItem"
	case class == "ipm.distlist":
		return "RESTContactGroupItem"
	case class == "ipm.stickynote":
		return "RESTStickyNoteItem"
	case class == "ipm.journal" || class == "ipm.activity":
		return "RESTJournalItem"
	case class == "ipm.post":
		return "RESTDiscussionItem"
	case class == "ipm.note" && item["date"] != nil:
		return "RESTStickyNoteItem"
	case class == "ipm.message" || strings.HasPrefix(class, "ipm.note") || strings.HasPrefix(class, "ipm.schedule.meeting"):
		return "RESTExchangeMessageItem"
	}
	return "RESTExchangeItemsComposed"
}

func TestResponsesConformToOpenAPI(t *testing.T) {
	for _, v := range []int{6, 7, 8} {
		t.Run("v"+strconv.Itoa(v), func(t *testing.T) {
			doc := loadSpec(t, v)
			h := newHarness(t, WithAsyncRestorePolls(0))
			vp := "/v" + strconv.Itoa(v)

			_, tok := h.tokenResponse(v, passwordForm())
			doc.conform(t, "token", tok, doc.named(t, "OAuthTokenResponse"))

			if v == 8 {
				page := h.get(vp + "/Organizations")
				doc.conform(t, "organizations page", page, doc.named(t, "PageOfRestOrganizationComposed"))
				doc.conform(t, "organization", results(t, page)[0], doc.named(t, "RestOffice365Organization"))
			} else {
				// v6/v7 declare a bare array of RestOrganizationComposed.
				_, data := h.do("GET", vp+"/Organizations?extendedView=false", nil)
				var orgs []map[string]any
				if err := json.Unmarshal(data, &orgs); err != nil || len(orgs) != 1 {
					t.Fatalf("v%d organizations: %v %s", v, err, data)
				}
				doc.conform(t, "organization", orgs[0], doc.named(t, "RestOffice365Organization"))
			}

			explored := h.json("POST", vp+"/Organizations/"+OrganizationID+"/explore", map[string]any{"type": "Vex"}, map[bool]int{true: 201, false: 200}[v >= 8])
			doc.conform(t, "explore", explored, doc.named(t, "RESTRestoreSession"))
			sessions := h.get(vp + "/RestoreSessions")
			doc.conform(t, "sessions page", sessions, doc.named(t, "PageOfRESTRestoreSession"))
			doc.conform(t, "session", h.get(vp+"/RestoreSessions/"+SeedRestoreSessionID), doc.named(t, "RESTRestoreSession"))
			doc.conform(t, "session organization", h.get(vp+"/RestoreSessions/"+SeedRestoreSessionID+"/organization"), doc.named(t, "RESTBackupOrganization"))

			mailboxes := h.get(vp + "/RestoreSessions/" + SeedRestoreSessionID + "/organization/mailboxes")
			doc.conform(t, "mailboxes page", mailboxes, doc.named(t, "PageOfRESTExchangeMailbox"))
			for _, mb := range results(t, mailboxes) {
				doc.conform(t, "mailbox "+mb["name"].(string), mb, doc.named(t, "RESTExchangeMailbox"))
			}
			folders := h.get(mailboxPath(v, SeedMailboxID) + "/folders?limit=100")
			doc.conform(t, "folders page", folders, doc.named(t, "PageOfRESTExchangeFolder"))
			for _, f := range results(t, folders) {
				doc.conform(t, "folder "+f["name"].(string), f, doc.named(t, "RESTExchangeFolder"))
			}
			items := h.get(mailboxPath(v, SeedMailboxID) + "/items?limit=100")
			doc.conform(t, "items page", items, doc.named(t, "PageOfRESTExchangeItemsComposed"))
			seen := map[string]bool{}
			for _, it := range results(t, items) {
				name := itemSchema(it)
				seen[name] = true
				doc.conform(t, "item "+it["itemClass"].(string)+" "+it["id"].(string)[:10], it, doc.named(t, name))
				single := h.get(itemPath(v, it["id"].(string)))
				doc.conform(t, "single item "+it["itemClass"].(string), single, doc.named(t, name))
			}
			if len(seen) != 9 {
				t.Errorf("items cover %d schemas, want all 8 concrete ones plus the union: %v", len(seen), seen)
			}

			// Discovery: restore points (v6 a bare array, v7+ a page), the events, and the search.
			if v == 6 {
				_, data := h.do("GET", vp+"/RestorePoints?organizationId="+OrganizationID, nil)
				var points []map[string]any
				if err := json.Unmarshal(data, &points); err != nil || len(points) != len(RestorePointIDs)+len(extraRestorePoints) {
					t.Fatalf("v6 restore points: %v %s", err, data)
				}
				doc.conform(t, "restore point", points[0], doc.named(t, "RESTRestorePoint"))
			} else {
				points := h.get(vp + "/RestorePoints?organizationId=" + OrganizationID + "&from=2019-04-11T00:00:00Z")
				doc.conform(t, "restore points page", points, doc.named(t, "PageOfRESTRestorePoint"))
				for _, p := range results(t, points) {
					doc.conform(t, "restore point", p, doc.named(t, "RESTRestorePoint"))
				}
			}
			events := h.get(vp + "/RestoreSessions/" + SeedRestoreSessionID + "/Events")
			doc.conform(t, "events page", events, doc.named(t, "PageOfRESTRestoreSessionEvent"))
			for _, e := range results(t, events) {
				doc.conform(t, "event", e, doc.named(t, "RESTRestoreSessionEvent"))
			}
			found := h.json("POST", mailboxPath(v, SeedMailboxID)+"/search?limit=5", map[string]any{"query": "release"}, 200)
			doc.conform(t, "search page", found, doc.named(t, "PageOfRESTExchangeItemsComposed"))
			inFolder := h.json("POST", mailboxPath(v, SeedMailboxID)+"/folders/"+InboxFolderID+"/search", map[string]any{"query": "support"}, 200)
			doc.conform(t, "folder search page", inFolder, doc.named(t, "PageOfRESTExchangeItemsComposed"))

			_, notFound := h.do("GET", vp+"/RestoreSessions/00000000-0000-0000-0000-000000000000", nil)
			var errBody map[string]any
			if err := json.Unmarshal(notFound, &errBody); err != nil {
				t.Fatal(err)
			}
			doc.conform(t, "error", errBody, doc.named(t, "RESTExceptionInfo"))

			// Folder and whole-mailbox restores: RESTFoldersRestoreStatistics (v6/v7), {"sessionId"} (v8).
			for _, path := range []string{mailboxPath(v, SeedMailboxID) + "/folders/" + InboxSubFolderID + "/restore", mailboxPath(v, QAMailboxID) + "/restore"} {
				scoped := h.json("POST", path, map[string]any{}, 200)
				if v < 8 {
					doc.conform(t, "folder restore statistics", scoped, doc.named(t, "RESTFoldersRestoreStatistics"))
					if _, ok := scoped["failedFoldersCount"]; !ok {
						t.Errorf("POST %s: no failedFoldersCount in %v", path, scoped)
					}
				} else {
					doc.conform(t, "async folder restore", scoped, doc.named(t, "RESTAsyncRestoreResponse"))
				}
			}

			restore := h.json("POST", mailboxPath(v, SeedMailboxID)+"/items/restore", map[string]any{"items": []any{map[string]any{"id": SeedMessageID}, map[string]any{"id": FailingItemID}}}, 200)
			if v < 8 {
				doc.conform(t, "restore statistics", restore, doc.named(t, "RESTItemsRestoreStatistics"))
				return
			}
			doc.conform(t, "async restore", restore, doc.named(t, "RESTAsyncRestoreResponse"))
			sid := restore["sessionId"].(string)
			doc.conform(t, "restore session", h.get(vp+"/RestoreSessions/"+sid), doc.named(t, "RESTRestoreSession"))
			stats := h.get(vp + "/RestoreSessions/" + sid + "/Statistics")
			doc.conform(t, "statistics", stats, doc.named(t, "RESTRestoreSessionStatistics"))
			for _, d := range stats["items"].([]any) {
				doc.conform(t, "statistics item", d.(map[string]any), doc.named(t, "RESTBulkMailboxItemRestoreDetails"))
			}
		})
	}
}

// TestPageLinksAreRelativeInV6 checks the v6+ link style against the spec's path casing.
func TestPageLinksAreRelativeInV6(t *testing.T) {
	h := newHarness(t)
	page := h.get(mailboxPath(8, SeedMailboxID) + "/folders?parentId=root&limit=2")
	next := linkHref(t, page, "next")
	u, err := url.Parse(next)
	if err != nil || u.Host != "" || u.Path != "/v8/RestoreSessions/"+SeedRestoreSessionID+"/organization/mailboxes/"+SeedMailboxID+"/folders" ||
		u.Query().Get("parentId") != "root" || u.Query().Get("offset") != "2" {
		t.Errorf("next link = %q", next)
	}
}
