package vb365sim

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"reflect"
	"strings"
	"testing"
)

// Tests of what a rehearsal configures: fixture files, served versions, restore credentials
// per version and the ledger route.

const fixtureYAML = `
organization:
  name: contoso.onmicrosoft.com
mailboxes:
  - name: Alice Example
    email: alice@contoso.onmicrosoft.com
    folders:
      - name: Inbox
        items:
          - type: message
            subject: Signed contract
            from: bob@fabrikam.example
            received: 2024-03-01T09:30:00Z
            attachments: [{ name: contract.pdf, size: 204800 }]
          - { type: message, subject: Broken, failing: true }
        folders:
          - name: Projects
            generate: { count: 40, subject: "Status report {n}", every: 36h }
      - name: Calendar
        items:
          - { type: appointment, subject: Board meeting, start: 2024-04-02, location: Room 1 }
  - name: Bob Example
    email: bob@contoso.onmicrosoft.com
  - name: Alice Example
    email: alice@contoso.onmicrosoft.com
    archive: true
groups:
  - { name: Finance, email: finance@contoso.onmicrosoft.com, members: [alice@contoso.onmicrosoft.com] }
`

func loadTestFixture(t *testing.T) *Fixture {
	t.Helper()
	f, err := ParseFixture("org.yaml", []byte(fixtureYAML))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestFixtureFileServesItsOrganization(t *testing.T) {
	f := loadTestFixture(t)
	if f.Mailboxes() != 3 || f.Items() != 43 || f.OrganizationName() != "contoso.onmicrosoft.com" {
		t.Fatalf("fixture: %d mailboxes, %d items, %q", f.Mailboxes(), f.Items(), f.OrganizationName())
	}
	h := newHarness(t, WithFixture(f))
	orgs := h.get("/v8/Organizations")
	org := results(t, orgs)[0]
	if org["name"] != "contoso.onmicrosoft.com" || org["id"] != derivedUUID("organization", "contoso.onmicrosoft.com") {
		t.Fatalf("organization: %v", org)
	}
	mbs := results(t, h.get("/v8/RestoreSessions/"+SeedRestoreSessionID+"/organization/mailboxes"))
	if len(mbs) != 3 || mbs[0]["email"] != "alice@contoso.onmicrosoft.com" || mbs[1]["name"] != "Bob Example" {
		t.Fatalf("mailboxes: %v", mbs)
	}
	alice := mbs[0]["id"].(string)
	folders := results(t, h.get(mailboxPath(8, alice)+"/folders?limit=100"))
	names := map[string]string{}
	for _, fo := range folders {
		names[fo["name"].(string)] = fo["id"].(string)
	}
	if len(folders) != 3 || names["Projects"] == "" || names["Calendar"] == "" {
		t.Fatalf("folders: %v", folders)
	}
	items := h.get(mailboxPath(8, alice) + "/items?parentId=" + esc(names["Projects"]) + "&limit=100")
	gen := results(t, items)
	if len(gen) != 40 || gen[0]["subject"] != "Status report 1" || gen[39]["subject"] != "Status report 40" {
		t.Fatalf("generated items: %d, first %v", len(gen), gen[0])
	}
	inbox := results(t, h.get(mailboxPath(8, alice)+"/items?parentId="+esc(names["Inbox"])))
	if len(inbox) != 2 || inbox[0]["subject"] != "Signed contract" || inbox[0]["from"] != "bob@fabrikam.example" {
		t.Fatalf("inbox: %v", inbox)
	}
	if inbox[0]["id"] != FixtureItemID(alice, "Inbox", "0") {
		t.Errorf("derived item ID %v, want FixtureItemID = %s", inbox[0]["id"], FixtureItemID(alice, "Inbox", "0"))
	}
	// A failing item of the file fails its restore, like the compiled-in FailingItemID.
	m := h.json("POST", mailboxPath(7, alice)+"/items/"+esc(inbox[1]["id"].(string))+"/restoreTo", map[string]any{"mailbox": "bob@contoso.onmicrosoft.com"}, 200)
	if m["failedItemsCount"] != float64(1) {
		t.Errorf("restore of a failing item: %v", m)
	}
	// Users come from the mailboxes (archives not twice), the group's member from the file.
	s := h.sim
	if len(s.gov.users) != 2 || s.gov.users[0].name != "alice@contoso.onmicrosoft.com" {
		t.Errorf("users: %+v", s.gov.users)
	}
	if len(s.gov.groups) != 1 || !reflect.DeepEqual(s.gov.groups[0].members, []string{s.gov.users[0].id}) {
		t.Errorf("groups: %+v", s.gov.groups)
	}
}

func TestFixtureJSONAndYAMLAgree(t *testing.T) {
	j := `{"organization": {"name": "contoso.onmicrosoft.com"},
	  "mailboxes": [{"name": "Alice", "email": "alice@contoso.onmicrosoft.com",
	    "folders": [{"name": "Inbox", "generate": {"count": 3}, "items": [{"type": "task", "subject": "Pay", "percent_complete": 50, "status": "InProgress"}]}]}]}`
	y := "organization: {name: contoso.onmicrosoft.com}\nmailboxes:\n  - name: Alice\n    email: alice@contoso.onmicrosoft.com\n    folders:\n      - name: Inbox\n        generate: {count: 3}\n        items: [{type: task, subject: Pay, percent_complete: 50, status: InProgress}]\n"
	fj, err := ParseFixture("org.json", []byte(j))
	if err != nil {
		t.Fatal(err)
	}
	fy, err := ParseFixture("org.yml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	fj.file, fy.file = "", ""
	if !reflect.DeepEqual(fj.build(), fy.build()) || !reflect.DeepEqual(fj.org, fy.org) {
		t.Fatal("the JSON and YAML forms of one fixture differ")
	}
	if it := fj.build()[0].items[0]; it.kind != kindTask || it.percentComplete != 50 || it.status != "InProgress" || it.class != "IPM.Task" {
		t.Errorf("task: %+v", it)
	}
}

func TestFixtureErrorsNameFileFieldAndExpectation(t *testing.T) {
	for _, tc := range []struct {
		name, file, data string
		want             []string
	}{
		{"not yaml", "org.yaml", "organization: [", []string{"org.yaml: not valid YAML"}},
		{"not json", "org.json", `{"organization": }`, []string{"org.json: not valid JSON: line 1"}},
		{"missing parts", "org.yaml", "{}", []string{
			"org.yaml: organization: missing; expected an object",
			"org.yaml: mailboxes: missing; expected a list of at least one mailbox"}},
		{"bad fields", "org.yaml", `
organization: {name: c.example, tenant: x}
mailboxes:
  - name: A
    email: not-an-address
    folders:
      - name: Inbox
        items:
          - {type: mesage, subject: x}
          - {type: message, received: yesterday, importance: urgent}
          - {type: note, status: Completed}
        generate: {count: 0}
      - {name: Inbox}
  - {name: B, email: b@c.example, id: 123}
`, []string{
			"org.yaml: organization.tenant: unknown field; expected one of id, name",
			"org.yaml: mailboxes[0].email: \"not-an-address\" is not an e-mail address",
			"org.yaml: mailboxes[0].folders[0].items[0].type: \"mesage\" is not an item type; expected one of message, appointment,",
			"org.yaml: mailboxes[0].folders[0].items[1].received: the string \"yesterday\"; expected an RFC 3339 date-time",
			"org.yaml: mailboxes[0].folders[0].items[1].importance: \"urgent\" is not allowed; expected one of Low, Normal, High",
			"org.yaml: mailboxes[0].folders[0].items[2].status: only a task has a status",
			"org.yaml: mailboxes[0].folders[0].items[2].subject: missing; a note needs a subject",
			"org.yaml: mailboxes[0].folders[0].generate.count: 0 is out of range; expected a whole number from 1 to 1000000",
			"org.yaml: mailboxes[0].folders[1].name: \"Inbox\" is also the name of mailboxes[0].folders[0]",
			"org.yaml: mailboxes[1].id: the number 123; expected a string",
		}},
		{"duplicate mailbox and unknown member", "org.json", `{"organization": {"name": "c.example"},
		  "mailboxes": [{"name": "A", "email": "a@c.example"}, {"name": "A2", "email": "A@c.example"}],
		  "groups": [{"name": "G", "email": "g@c.example", "members": ["z@c.example"]}]}`, []string{
			"org.json: mailboxes[1].email: A@c.example is also the address of mailboxes[0]",
			"org.json: groups[0].members[0]: \"z@c.example\" is not the address of a user of the fixture",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseFixture(tc.file, []byte(tc.data))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			var fe *FixtureError
			if len(tc.want) > 1 && (!errors.As(err, &fe) || len(fe.Problems) != len(tc.want)) {
				t.Errorf("want exactly %d problems:\n%v", len(tc.want), err)
			}
		})
	}
}

func TestFixtureDefaultMailboxHasAnInbox(t *testing.T) {
	f, err := ParseFixture("o.yaml", []byte("organization: {name: c.example}\nmailboxes: [{name: A, email: a@c.example}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	mb := f.build()[0]
	if len(mb.folders) != 1 || mb.folders[0].name != "Inbox" || mb.folders[0].category != "Inbox" || len(mb.items) != 0 {
		t.Errorf("mailbox without folders: %+v", mb.folders)
	}
}

func TestParseVersions(t *testing.T) {
	for spec, want := range map[string][]int{
		"all": {3, 4, 5, 6, 7, 8}, "v5": {5}, "6-8": {6, 7, 8}, "v6-v8": {6, 7, 8}, "v3,v5-v8": {3, 5, 6, 7, 8}, "V8, v3": {3, 8},
	} {
		got, err := ParseVersions(spec, false)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("ParseVersions(%q) = %v, %v; want %v", spec, got, err, want)
		}
	}
	if got, err := ParseVersions("none", true); err != nil || len(got) != 0 {
		t.Errorf("none: %v %v", got, err)
	}
	for _, bad := range []string{"", "none", "v9", "v2-v4", "v8-v6", "eight", "v6-"} {
		if _, err := ParseVersions(bad, false); err == nil {
			t.Errorf("ParseVersions(%q): no error", bad)
		}
	}
	if got := FormatVersions([]int{3, 4, 5, 8}); got != "v3..v5, v8" {
		t.Errorf("FormatVersions = %q", got)
	}
}

func TestServedVersionsOnly(t *testing.T) {
	h := newHarness(t, WithVersions(6, 7, 8))
	for v, want := range map[string]int{"v5": 404, "v3": 404, "v6": 401, "v8": 401} {
		resp, err := http.Get(h.srv.URL + "/" + v + "/ServiceInstance")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET /%s/ServiceInstance: %d, want %d", v, resp.StatusCode, want)
		}
	}
	if got := h.sim.ServedVersions(); !reflect.DeepEqual(got, []int{6, 7, 8}) {
		t.Errorf("ServedVersions = %v", got)
	}
}

func TestRestoreCredentialsRequiredOnSomeVersions(t *testing.T) {
	h := newHarness(t, WithRestoreCredentialsRequiredOn(3, 4, 5))
	// v5 without credentials: refused, nothing runs.
	resp, body := h.do("POST", itemPath(5, SeedMessageID)+"/Action", map[string]any{"restoretoOriginallocation": map[string]any{}})
	if resp.StatusCode != 400 || !strings.Contains(string(body), "Restore credentials are required") {
		t.Fatalf("v5 restore without credentials: %d %s", resp.StatusCode, body)
	}
	// v5 with credentials: runs.
	h.json("POST", itemPath(5, SeedMessageID)+"/Action", map[string]any{"restoretoOriginallocation": map[string]any{"userName": "u@x", "userPassword": "p"}}, 200)
	// v8 without credentials: runs (modern authentication).
	h.json("POST", itemPath(8, SeedMessageID)+"/restore", map[string]any{}, 200)
	// Exports never need them.
	resp, _ = h.do("POST", itemPath(4, SeedMessageID)+"/Action", map[string]any{"savetoMsg": nil})
	if resp.StatusCode != 200 {
		t.Errorf("v4 save without credentials: %d", resp.StatusCode)
	}
	restores := 0
	for _, e := range h.sim.Ledger() {
		if e.Action == actionRestoreOriginal {
			restores++
		}
	}
	if restores != 2 {
		t.Errorf("restores in the ledger: %d, want 2", restores)
	}
}

func TestLedgerRoute(t *testing.T) {
	h := newHarness(t)
	h.json("POST", mailboxPath(8, SeedMailboxID)+"/items/restoreTo", map[string]any{
		"mailbox": "qa_dallas@bestsupport.onmicrosoft.com", "folder": "Restored", "userPassword": "secret",
		"items": []any{map[string]any{"id": SeedMessageID}, map[string]any{"id": SubFolderItemID}}}, 200)
	h.json("POST", itemPath(4, SeedNoteID)+"/Action", map[string]any{"restoretoOriginallocation": map[string]any{}}, 200)

	get := func(path string) (int, LedgerDocument, string) {
		resp, err := http.Get(h.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		var doc LedgerDocument
		_ = json.Unmarshal(data, &doc)
		return resp.StatusCode, doc, string(data)
	}
	status, doc, raw := get("/_sim/ledger") // anonymous
	if status != 200 || doc.Count != 2 || len(doc.Entries) != 2 || doc.OrganizationID != OrganizationID {
		t.Fatalf("GET /_sim/ledger: %d %s", status, raw)
	}
	e := doc.Entries[0]
	if e.Sequence != 1 || e.Action != "restore_to" || e.APIVersion != 8 || e.MailboxID != SeedMailboxID ||
		e.MailboxEmail != "j_smith@bestsupport.onmicrosoft.com" || e.Scope != "items" || e.ItemCount != 2 ||
		!reflect.DeepEqual(e.ItemIDs, []string{SeedMessageID, SubFolderItemID}) ||
		e.Target != "mailbox qa_dallas@bestsupport.onmicrosoft.com, folder Restored" || e.TargetFolder != "Restored" ||
		e.ServerRestoreSessionID == "" || e.RestoreSessionID != SeedRestoreSessionID || e.Restore == nil || e.Restore.Created != 2 {
		t.Errorf("restore entry: %+v", e)
	}
	if strings.Contains(raw, "secret") || e.Body["userPassword"] != "***" {
		t.Errorf("the ledger shows a secret: %s", raw)
	}
	if e2 := doc.Entries[1]; e2.Action != "restore_to_original_location" || e2.APIVersion != 4 || e2.Target != "original location (j_smith@bestsupport.onmicrosoft.com)" {
		t.Errorf("v4 entry: %+v", e2)
	}
	if _, doc, _ := get("/_sim/ledger?action=restore_to&item_id=" + esc(SubFolderItemID)); doc.Count != 1 {
		t.Errorf("filtered ledger: %+v", doc)
	}
	if _, doc, _ := get("/_sim/ledger?mailbox_id=" + QAMailboxID); doc.Count != 0 || doc.Entries == nil {
		t.Errorf("empty filtered ledger must be an empty list: %+v", doc)
	}
	resp, err := http.Post(h.srv.URL+"/_sim/ledger", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /_sim/ledger: %d", resp.StatusCode)
	}
	for _, p := range []string{"/_sim/other", "/v8/_sim/ledger"} {
		if status, _, _ := get(p); status != 404 {
			t.Errorf("GET %s: %d, want 404", p, status)
		}
	}
	if string(h.sim.LedgerJSON()) == "" || h.sim.LedgerLen() != 2 {
		t.Error("LedgerJSON/LedgerLen")
	}
}

// The example of FIXTURE.md is a valid fixture.
func TestFixtureDocExampleIsValid(t *testing.T) {
	doc, err := os.ReadFile("FIXTURE.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "```yaml\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("FIXTURE.md has no yaml example")
	}
	f, err := ParseFixture("FIXTURE.md example.yaml", []byte(example))
	if err != nil {
		t.Fatal(err)
	}
	if f.Mailboxes() != 3 || f.Items() != 1254 {
		t.Errorf("example: %d mailboxes, %d items", f.Mailboxes(), f.Items())
	}
	mb := f.build()
	if !mb[1].isArchive || len(mb[2].folders) != 1 || len(f.groups) != 1 {
		t.Errorf("example: %+v", mb)
	}
}
