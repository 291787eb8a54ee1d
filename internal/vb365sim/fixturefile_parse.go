package vb365sim

import (
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ---- validation ----

type fxParser struct {
	file string
	errs []string
	// generated counts the generated items so far (MaxFixtureGeneratedItems).
	generated int
}

func (p *fxParser) errorf(path, format string, args ...any) {
	if len(p.errs) == maxFixtureErrors {
		p.errs = append(p.errs, "(further problems not listed)")
	}
	if len(p.errs) > maxFixtureErrors {
		return
	}
	if path == "" {
		path = "(top level)"
	}
	p.errs = append(p.errs, path+": "+fmt.Sprintf(format, args...))
}

// object reads v as a mapping and reports keys outside allowed.
func (p *fxParser) object(path string, v any, allowed ...string) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		p.errorf(path, "%s; expected an object (mapping)", describeValue(v))
		return nil, false
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !slices.Contains(allowed, k) {
			p.errorf(join(path, k), "unknown field; expected one of %s", strings.Join(allowed, ", "))
		}
	}
	return m, true
}

func (p *fxParser) list(path string, v any) []any {
	if v == nil {
		return nil
	}
	l, ok := v.([]any)
	if !ok {
		p.errorf(path, "%s; expected a list", describeValue(v))
	}
	return l
}

// str reads an optional string field ("" when absent).
func (p *fxParser) str(m map[string]any, path, key string) string {
	v, present := m[key]
	if !present || v == nil {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		p.errorf(join(path, key), "%s; expected a string", describeValue(v))
		return ""
	}
	return s
}

func (p *fxParser) required(m map[string]any, path, key, what string) string {
	v, present := m[key]
	if !present || v == nil {
		p.errorf(join(path, key), "missing; expected %s", what)
		return ""
	}
	s, ok := v.(string)
	if !ok {
		p.errorf(join(path, key), "%s; expected %s", describeValue(v), what)
		return ""
	}
	if strings.TrimSpace(s) == "" {
		p.errorf(join(path, key), "empty; expected %s", what)
	}
	return s
}

func (p *fxParser) boolean(m map[string]any, path, key string) bool {
	v, present := m[key]
	if !present || v == nil {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		p.errorf(join(path, key), "%s; expected true or false", describeValue(v))
	}
	return b
}

// integer reads an optional whole number in [lo, hi] (def when absent).
func (p *fxParser) integer(m map[string]any, path, key string, lo, hi, def int64) int64 {
	v, present := m[key]
	if !present || v == nil {
		return def
	}
	var n int64
	ok := true
	switch t := v.(type) {
	case int:
		n = int64(t)
	case int64:
		n = t
	case uint64:
		if t > math.MaxInt64 {
			ok = false
		}
		n = int64(t)
	case float64:
		n, ok = int64(t), t == math.Trunc(t) && math.Abs(t) < 1<<53
	case json.Number:
		var err error
		n, err = t.Int64()
		ok = err == nil
	default:
		ok = false
	}
	if !ok {
		p.errorf(join(path, key), "%s; expected a whole number from %d to %d", describeValue(v), lo, hi)
		return def
	}
	if n < lo || n > hi {
		p.errorf(join(path, key), "%d is out of range; expected a whole number from %d to %d", n, lo, hi)
		return def
	}
	return n
}

func (p *fxParser) number(m map[string]any, path, key string, lo, hi float64) float64 {
	v, present := m[key]
	if !present || v == nil {
		return 0
	}
	var f float64
	switch t := v.(type) {
	case int:
		f = float64(t)
	case float64:
		f = t
	case json.Number:
		var err error
		if f, err = t.Float64(); err != nil {
			p.errorf(join(path, key), "%s; expected a number", describeValue(v))
			return 0
		}
	default:
		p.errorf(join(path, key), "%s; expected a number from %g to %g", describeValue(v), lo, hi)
		return 0
	}
	if f < lo || f > hi {
		p.errorf(join(path, key), "%g is out of range; expected a number from %g to %g", f, lo, hi)
		return 0
	}
	return f
}

// timestamp reads an optional RFC 3339 date-time or a date (YYYY-MM-DD, midnight UTC).
func (p *fxParser) timestamp(m map[string]any, path, key string) time.Time {
	v, present := m[key]
	if !present || v == nil {
		return time.Time{}
	}
	if t, ok := v.(time.Time); ok {
		return t.UTC()
	}
	s, ok := v.(string)
	if ok {
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
			if t, err := time.Parse(layout, s); err == nil {
				return t.UTC()
			}
		}
	}
	p.errorf(join(path, key), "%s; expected an RFC 3339 date-time such as \"2024-03-01T09:30:00Z\" or a date such as \"2024-03-01\"", describeValue(v))
	return time.Time{}
}

func (p *fxParser) duration(m map[string]any, path, key string, def time.Duration) time.Duration {
	v, present := m[key]
	if !present || v == nil {
		return def
	}
	s, ok := v.(string)
	d, err := time.ParseDuration(s)
	if !ok || err != nil || d <= 0 {
		p.errorf(join(path, key), "%s; expected a positive Go duration such as \"90m\", \"1h\" or \"36h\"", describeValue(v))
		return def
	}
	return d
}

func (p *fxParser) oneOf(m map[string]any, path, key string, allowed []string, def string) string {
	s := p.str(m, path, key)
	if s == "" {
		return def
	}
	for _, a := range allowed {
		if strings.EqualFold(a, s) {
			return a
		}
	}
	p.errorf(join(path, key), "%q is not allowed; expected one of %s", s, strings.Join(allowed, ", "))
	return def
}

var (
	fixtureUUIDPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	emailPattern       = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

func (p *fxParser) uuid(m map[string]any, path, key string) string {
	s := p.str(m, path, key)
	if s != "" && !fixtureUUIDPattern.MatchString(s) {
		p.errorf(join(path, key), "%q is not a UUID; expected the form 3fa85f64-5717-4562-b3fc-2c963f66afa6, or leave it out to derive one", s)
		return ""
	}
	return strings.ToLower(s)
}

func (p *fxParser) email(m map[string]any, path, key string, required bool) string {
	var s string
	if required {
		s = p.required(m, path, key, "an e-mail address such as alice@contoso.onmicrosoft.com")
	} else {
		s = p.str(m, path, key)
	}
	if s != "" && !emailPattern.MatchString(s) {
		p.errorf(join(path, key), "%q is not an e-mail address; expected the form name@domain", s)
	}
	return s
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// describe names a decoded value for messages: its type and, for scalars, the value.
func describeValue(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("the string %q", t)
	case bool:
		return fmt.Sprintf("the boolean %t", t)
	case int, int64, uint64, float64, json.Number:
		return fmt.Sprintf("the number %v", t)
	case time.Time:
		return "the date-time " + t.Format(time.RFC3339)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("a %T", v)
}

// derivedUUID is a stable UUID (version 5 layout) from parts.
func derivedUUID(parts ...string) string {
	sum := sha1.Sum([]byte(strings.Join(parts, "\x00")))
	sum[6] = sum[6]&0x0f | 0x50
	sum[8] = sum[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}

// Item types, their default item classes and the folder types and categories of the API.
var (
	fixtureItemClasses = map[itemKind]string{
		kindMessage: "IPM.Note", kindAppointment: "IPM.Appointment", kindTask: "IPM.Task", kindContact: "IPM.Contact",
		kindNote: "IPM.StickyNote", kindJournal: "IPM.Activity", kindContactGroup: "IPM.DistList", kindDiscussion: "IPM.Post",
	}
	fixtureItemTypes   = []string{"message", "appointment", "task", "contact", "note", "journal", "contact_group", "discussion"}
	fixtureFolderTypes = []string{"None", "Appointment", "Task", "Contact", "StickyNote", "Journal"}
	fixtureCategories  = []string{"None", "Inbox", "Sent", "Deleted", "Drafts", "Outbox", "Junk", "Archive"}
	fixtureImportance  = []string{"Low", "Normal", "High"}
	fixtureTaskStatus  = []string{"NotStarted", "InProgress", "Completed", "WaitingOnOthers", "Deferred"}
	fixtureUserTypes   = []string{"User", "Shared", "Public"}
	fixtureGroupTypes  = []string{"Office365", "Security", "Distribution", "DynamicDistribution"}
	defaultCategories  = map[string]string{"inbox": "Inbox", "sent items": "Sent", "deleted items": "Deleted", "drafts": "Drafts", "outbox": "Outbox", "junk email": "Junk", "archive": "Archive"}
	defaultFolderTypes = map[string]string{"calendar": "Appointment", "tasks": "Task", "contacts": "Contact", "notes": "StickyNote", "journal": "Journal"}
	fixtureBaseTime    = time.Date(2024, 1, 8, 9, 0, 0, 0, time.UTC)
)

func (p *fxParser) parse(doc any) *Fixture {
	f := &Fixture{file: p.file}
	top, ok := p.object("", doc, "organization", "mailboxes", "users", "groups")
	if !ok {
		return f
	}
	if rawOrg, present := top["organization"]; !present || rawOrg == nil {
		p.errorf("organization", "missing; expected an object with the organization's name")
	} else if org, ok := p.object("organization", rawOrg, "id", "name"); ok {
		f.org.name = p.required(org, "organization", "name", "the organization's name, such as contoso.onmicrosoft.com")
		f.org.id = p.uuid(org, "organization", "id")
		if f.org.id == "" {
			f.org.id = derivedUUID("organization", strings.ToLower(f.org.name))
		}
	}
	rawBoxes, present := top["mailboxes"]
	boxes := p.list("mailboxes", rawBoxes)
	if l, isList := rawBoxes.([]any); !present || rawBoxes == nil {
		p.errorf("mailboxes", "missing; expected a list of at least one mailbox")
	} else if isList && len(l) == 0 {
		p.errorf("mailboxes", "empty; expected at least one mailbox")
	}
	ids := map[string]string{} // lower-case mailbox ID -> path
	addresses := map[string]string{}
	for i, raw := range boxes {
		mb, ok := p.mailbox(index("mailboxes", i), raw)
		if !ok {
			continue
		}
		path := index("mailboxes", i)
		// A derived ID repeats only with its address, which is reported below.
		if prev, dup := ids[mb.id]; dup && mb.explicitID {
			p.errorf(path, "mailbox ID %s is also the ID of %s; expected unique IDs", mb.id, prev)
		}
		ids[mb.id] = path
		key := strings.ToLower(mb.email) + "\x00" + strconv.FormatBool(mb.isArchive)
		if prev, dup := addresses[key]; dup && mb.email != "" {
			p.errorf(join(path, "email"), "%s is also the address of %s; expected one mailbox per address (and one archive: archive = true)", mb.email, prev)
		}
		addresses[key] = path
		f.boxes = append(f.boxes, mb)
	}
	f.users = p.users(top["users"], f)
	f.groups = p.groups(top["groups"], f.users)
	return f
}

func (p *fxParser) mailbox(path string, raw any) (fxMailbox, bool) {
	m, ok := p.object(path, raw, "id", "name", "email", "archive", "public", "failing", "folders")
	if !ok {
		return fxMailbox{}, false
	}
	mb := fxMailbox{
		name:      p.required(m, path, "name", "the mailbox's display name"),
		email:     p.email(m, path, "email", true),
		id:        p.uuid(m, path, "id"),
		isArchive: p.boolean(m, path, "archive"),
		public:    p.boolean(m, path, "public"),
		failing:   p.boolean(m, path, "failing"),
	}
	mb.explicitID = mb.id != ""
	if mb.id == "" {
		mb.id = derivedUUID("mailbox", strings.ToLower(mb.email), strconv.FormatBool(mb.isArchive))
	}
	folders := p.list(join(path, "folders"), m["folders"])
	if len(folders) == 0 {
		if _, present := m["folders"]; !present {
			// A mailbox without folders gets an empty Inbox, like a new mailbox.
			mb.folders = []fxFolder{{id: fixtureID("file-folder", mb.id, "inbox"), name: "Inbox", typ: "None", category: "Inbox"}}
		}
	}
	seen := map[string]string{}
	for i, fr := range folders {
		p.folder(index(join(path, "folders"), i), fr, &mb, "", "", seen)
	}
	return mb, true
}

func (p *fxParser) folder(path string, raw any, mb *fxMailbox, parentID, parentPath string, seen map[string]string) {
	m, ok := p.object(path, raw, "id", "name", "type", "category", "description", "items", "generate", "folders")
	if !ok {
		return
	}
	name := p.required(m, path, "name", "the folder's name, such as Inbox")
	if strings.Contains(name, "/") {
		p.errorf(join(path, "name"), "%q contains '/'; expected a folder name (nest folders with 'folders')", name)
	}
	full := name
	if parentPath != "" {
		full = parentPath + "/" + name
	}
	if prev, dup := seen["path\x00"+strings.ToLower(full)]; dup {
		p.errorf(join(path, "name"), "%q is also the name of %s in the same parent folder; expected unique names among siblings", name, prev)
	}
	seen["path\x00"+strings.ToLower(full)] = path
	fo := fxFolder{
		name: name, parentID: parentID, description: p.str(m, path, "description"),
		typ:      p.oneOf(m, path, "type", fixtureFolderTypes, defaultOr(defaultFolderTypes, name, "None")),
		category: p.oneOf(m, path, "category", fixtureCategories, defaultOr(defaultCategories, name, "None")),
	}
	if id := p.str(m, path, "id"); id != "" {
		fo.id = id
	} else {
		fo.id = fixtureID("file-folder", mb.id, strings.ToLower(full))
	}
	// A derived ID repeats only with its path, which is reported above.
	if prev, dup := seen["id\x00"+fo.id]; dup && m["id"] != nil {
		p.errorf(join(path, "id"), "%q is also the ID of %s; expected unique folder IDs in a mailbox", fo.id, prev)
	}
	seen["id\x00"+fo.id] = path
	for i, ir := range p.list(join(path, "items"), m["items"]) {
		ipath := index(join(path, "items"), i)
		if it, ok := p.item(ipath, ir, mb, fo.id, full, i); ok {
			if prev, dup := seen["item\x00"+it.id]; dup {
				p.errorf(join(ipath, "id"), "%q is also the ID of %s; expected unique item IDs in a mailbox", it.id, prev)
			}
			seen["item\x00"+it.id] = ipath
			fo.items = append(fo.items, it)
		}
	}
	if g, present := m["generate"]; present && g != nil {
		fo.generate = p.generate(join(path, "generate"), g, mb)
	}
	mb.folders = append(mb.folders, fo)
	for i, sub := range p.list(join(path, "folders"), m["folders"]) {
		p.folder(index(join(path, "folders"), i), sub, mb, fo.id, full, seen)
	}
}

func defaultOr(defaults map[string]string, name, def string) string {
	if v, ok := defaults[strings.ToLower(name)]; ok {
		return v
	}
	return def
}

var itemFields = []string{
	"id", "type", "class", "subject", "from", "to", "cc", "bcc", "importance", "received", "sent", "posted",
	"start", "end", "due", "date", "location", "organizer", "attendees", "recurring", "status", "percent_complete",
	"owner", "entry_type", "company", "duration_minutes", "full_name", "email", "job_title", "mobile_phone",
	"business_phone", "attachments", "failing", "deleted",
}

func (p *fxParser) item(path string, raw any, mb *fxMailbox, folderID, folderPath string, pos int) (fxItem, bool) {
	m, ok := p.object(path, raw, itemFields...)
	if !ok {
		return fxItem{}, false
	}
	typ := p.required(m, path, "type", "an item type: "+strings.Join(fixtureItemTypes, ", "))
	if typ != "" && !slices.Contains(fixtureItemTypes, typ) {
		p.errorf(join(path, "type"), "%q is not an item type; expected one of %s", typ, strings.Join(fixtureItemTypes, ", "))
		return fxItem{}, false
	}
	kind := itemKind(typ)
	it := item{
		id: p.str(m, path, "id"), folderID: folderID, kind: kind, class: p.str(m, path, "class"),
		subject: p.str(m, path, "subject"), from: p.email(m, path, "from", false), to: p.str(m, path, "to"),
		cc: p.str(m, path, "cc"), bcc: p.str(m, path, "bcc"),
		importance: p.oneOf(m, path, "importance", fixtureImportance, "Normal"),
		received:   p.timestamp(m, path, "received"), sent: p.timestamp(m, path, "sent"), postedOn: p.timestamp(m, path, "posted"),
		startTime: p.timestamp(m, path, "start"), endTime: p.timestamp(m, path, "end"),
		dueDate: p.timestamp(m, path, "due"), date: p.timestamp(m, path, "date"),
		location: p.str(m, path, "location"), organizer: p.str(m, path, "organizer"), attendees: p.str(m, path, "attendees"),
		recurring: p.boolean(m, path, "recurring"), owner: p.str(m, path, "owner"),
		entryType: p.str(m, path, "entry_type"), company: p.str(m, path, "company"),
		duration: int(p.integer(m, path, "duration_minutes", 0, 100000, 0)),
		fullName: p.str(m, path, "full_name"), email: p.str(m, path, "email"), jobTitle: p.str(m, path, "job_title"),
		mobile: p.str(m, path, "mobile_phone"), businessPhone: p.str(m, path, "business_phone"),
		failing: p.boolean(m, path, "failing"), deleted: p.boolean(m, path, "deleted"),
		percentComplete: p.number(m, path, "percent_complete", 0, 100),
	}
	if typ == "" {
		return fxItem{}, false
	}
	if kind == kindTask || kind == kindJournal { // their start is startDate
		it.startDate, it.startTime = it.startTime, time.Time{}
	}
	if kind != kindAppointment && !it.endTime.IsZero() {
		p.errorf(join(path, "end"), "only an appointment has an end; this item is a %s", typ)
	}
	if it.class == "" {
		it.class = fixtureItemClasses[kind]
	} else if !strings.HasPrefix(strings.ToUpper(it.class), "IPM.") {
		p.errorf(join(path, "class"), "%q is not an item class; expected a class such as IPM.Note", it.class)
	}
	if kind == kindTask {
		it.status = p.oneOf(m, path, "status", fixtureTaskStatus, "NotStarted")
	} else if _, present := m["status"]; present {
		p.errorf(join(path, "status"), "only a task has a status; this item is a %s", typ)
	}
	if it.id == "" {
		it.id = FixtureItemID(mb.id, folderPath, strconv.Itoa(pos))
	}
	if it.subject == "" && (kind == kindNote || kind == kindContactGroup) {
		p.errorf(join(path, "subject"), "missing; a %s needs a subject (its name)", typ)
	}
	if kind == kindMessage || kind == kindDiscussion {
		if it.to == "" && kind == kindMessage {
			it.to = mb.email
		}
	}
	if kind == kindContact && it.fullName == "" {
		it.fullName = it.subject
	}
	if kind == kindTask && it.owner == "" {
		it.owner = mb.email
	}
	if kind == kindAppointment && it.organizer == "" {
		it.organizer = mb.email
	}
	fillTimes(&it, fixtureBaseTime.Add(time.Duration(pos)*time.Hour))
	for i, ar := range p.list(join(path, "attachments"), m["attachments"]) {
		apath := index(join(path, "attachments"), i)
		am, ok := p.object(apath, ar, "name", "size")
		if !ok {
			continue
		}
		it.attachments = append(it.attachments, attachment{
			name: p.required(am, apath, "name", "the attachment's file name"),
			size: p.integer(am, apath, "size", 0, 150<<20, 1024),
		})
	}
	return fxItem{it}, true
}

func (p *fxParser) generate(path string, raw any, mb *fxMailbox) *fxGenerate {
	m, ok := p.object(path, raw, "count", "type", "class", "subject", "from", "start", "every", "attachment_size")
	if !ok {
		return nil
	}
	if _, present := m["count"]; !present {
		p.errorf(join(path, "count"), "missing; expected how many items to generate (1 to %d)", MaxFixtureGeneratedItems)
	}
	g := &fxGenerate{
		count:          int(p.integer(m, path, "count", 1, MaxFixtureGeneratedItems, 0)),
		kind:           itemKind(p.oneOf(m, path, "type", fixtureItemTypes, "message")),
		class:          p.str(m, path, "class"),
		subject:        p.str(m, path, "subject"),
		from:           p.email(m, path, "from", false),
		start:          p.timestamp(m, path, "start"),
		every:          p.duration(m, path, "every", time.Hour),
		sizeAttachment: p.integer(m, path, "attachment_size", 0, 150<<20, 0),
	}
	if g.class == "" {
		g.class = fixtureItemClasses[g.kind]
	}
	if g.subject == "" {
		g.subject = "Generated " + strings.ReplaceAll(string(g.kind), "_", " ") + " {n}"
	}
	if g.from == "" {
		g.from = "generator@" + domainOf(mb.email)
	}
	if g.start.IsZero() {
		g.start = fixtureBaseTime
	}
	p.generated += g.count
	if p.generated > MaxFixtureGeneratedItems {
		p.errorf(join(path, "count"), "the file generates %d items in all; expected at most %d", p.generated, MaxFixtureGeneratedItems)
	}
	return g
}

func domainOf(email string) string {
	if _, d, ok := strings.Cut(email, "@"); ok {
		return d
	}
	return "example.com"
}

// users reads the users list; without one, each mailbox that is neither an archive nor public
// gets a user of its address (type User), so restore points and operator roles find an owner.
func (p *fxParser) users(raw any, f *Fixture) []orgUser {
	var out []orgUser
	if raw == nil {
		seen := map[string]bool{}
		for _, mb := range f.boxes {
			if mb.isArchive || mb.public || seen[strings.ToLower(mb.email)] {
				continue
			}
			seen[strings.ToLower(mb.email)] = true
			out = append(out, orgUser{id: derivedUUID("user", strings.ToLower(mb.email)), displayName: mb.name, name: mb.email, typ: "User"})
		}
		return out
	}
	ids := map[string]string{}
	for i, ur := range p.list("users", raw) {
		path := index("users", i)
		m, ok := p.object(path, ur, "id", "name", "email", "type")
		if !ok {
			continue
		}
		u := orgUser{
			displayName: p.required(m, path, "name", "the user's display name"),
			name:        p.email(m, path, "email", true),
			id:          p.uuid(m, path, "id"),
			typ:         p.oneOf(m, path, "type", fixtureUserTypes, "User"),
		}
		if u.id == "" {
			u.id = derivedUUID("user", strings.ToLower(u.name))
		}
		if prev, dup := ids[strings.ToLower(u.name)]; dup {
			p.errorf(join(path, "email"), "%s is also the address of %s; expected one user per address", u.name, prev)
		}
		ids[strings.ToLower(u.name)] = path
		out = append(out, u)
	}
	return out
}

func (p *fxParser) groups(raw any, users []orgUser) []orgGroup {
	var out []orgGroup
	for i, gr := range p.list("groups", raw) {
		path := index("groups", i)
		m, ok := p.object(path, gr, "id", "name", "email", "type", "members")
		if !ok {
			continue
		}
		g := orgGroup{
			displayName: p.required(m, path, "name", "the group's display name"),
			name:        p.email(m, path, "email", true),
			id:          p.uuid(m, path, "id"),
			typ:         p.oneOf(m, path, "type", fixtureGroupTypes, "Office365"),
		}
		if g.id == "" {
			g.id = derivedUUID("group", strings.ToLower(g.name))
		}
		for j, mr := range p.list(join(path, "members"), m["members"]) {
			mpath := index(join(path, "members"), j)
			addr, ok := mr.(string)
			if !ok {
				p.errorf(mpath, "%s; expected a user's e-mail address", describeValue(mr))
				continue
			}
			found := ""
			for _, u := range users {
				if strings.EqualFold(u.name, addr) {
					found = u.id
				}
			}
			if found == "" {
				p.errorf(mpath, "%q is not the address of a user of the fixture; expected the email of a user (listed in users, or of a mailbox)", addr)
				continue
			}
			g.members = append(g.members, found)
		}
		out = append(out, g)
	}
	return out
}
