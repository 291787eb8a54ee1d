package vb365

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// ClassifyItemType maps an Exchange item class to the canonical item type (case-insensitive):
// IPM.Note*, IPM.Message and IPM.Schedule.Meeting.* are messages, IPM.Appointment* appointments,
// IPM.Task* tasks, IPM.Contact contacts, IPM.DistList contact groups, IPM.StickyNote notes,
// IPM.Activity and IPM.Journal journal entries, IPM.Post discussions; anything else is unknown.
// Subclasses ("IPM.Contact.Custom") belong to their base class.
func ClassifyItemType(itemClass string) ItemType {
	c := strings.ToLower(strings.TrimSpace(itemClass))
	switch {
	case strings.HasPrefix(c, "ipm.note"), classIs(c, "ipm.message"), classIs(c, "ipm.schedule.meeting"):
		return ItemTypeMessage
	case strings.HasPrefix(c, "ipm.appointment"):
		return ItemTypeAppointment
	case strings.HasPrefix(c, "ipm.task"):
		return ItemTypeTask
	case classIs(c, "ipm.contact"):
		return ItemTypeContact
	case classIs(c, "ipm.distlist"):
		return ItemTypeContactGroup
	case classIs(c, "ipm.stickynote"):
		return ItemTypeNote
	case classIs(c, "ipm.activity"), classIs(c, "ipm.journal"):
		return ItemTypeJournal
	case classIs(c, "ipm.post"):
		return ItemTypeDiscussion
	}
	return ItemTypeUnknown
}

// classIs reports whether class is base or one of its subclasses ("base.something").
func classIs(class, base string) bool {
	return class == base || strings.HasPrefix(class, base+".")
}

// DecodeItem decodes one item as the server sends it, in any API version. It is lenient like
// the server: member names match case-insensitively, booleans and numbers may be strings,
// timestamps are normalised where they parse. An unknown item class is not an error, and
// neither is a missing id (documentation examples such as the v3 contact have none); the
// client's own listings and reads reject items without an id.
func DecodeItem(data []byte) (Item, error) {
	obj, err := parseObject(data)
	if err != nil {
		return Item{}, fmt.Errorf("vb365: decoding item: %w", err)
	}
	item, err := decodeItemObject(obj)
	if err != nil {
		if item.ID != "" {
			return Item{}, fmt.Errorf("vb365: decoding item %q: %w", item.ID, err)
		}
		return Item{}, fmt.Errorf("vb365: decoding item: %w", err)
	}
	return item, nil
}

func decodeItemObject(obj object) (Item, error) {
	var item Item
	d := &fieldDecoder{obj: obj}
	item.ID = deref(d.str("id"))
	item.ItemClass = deref(d.str("itemClass"))
	if d.err != nil {
		return item, d.err
	}
	item.Links, d.err = decodeItemLinks(obj)
	if d.err != nil {
		return item, d.err
	}
	item.AvailableActions, d.err = decodeActions(obj)
	if d.err != nil {
		return item, d.err
	}
	item.MailboxID = deref(d.str("mailboxId"))
	parent, parentErr := ParseItemLink(item.Links.Parent)
	if parentErr == nil {
		item.FolderID = parent.FolderID
	}
	if item.MailboxID == "" {
		for _, href := range []string{item.Links.Mailbox, item.Links.Self, item.Links.Parent} {
			if ids, err := ParseItemLink(href); err == nil && ids.MailboxID != "" {
				item.MailboxID = ids.MailboxID
				break
			}
		}
	}

	item.Type = ClassifyItemType(item.ItemClass)
	if item.Type == ItemTypeMessage && looksLikeStickyNote(obj) {
		item.Type = ItemTypeNote
	}

	switch item.Type {
	case ItemTypeMessage:
		m := &MessageFields{
			From: d.str("from"), To: d.str("to"), Cc: d.str("cc"), Bcc: d.str("bcc"),
			Subject: d.str("subject"), Sent: d.timestamp("sent"), Received: d.timestamp("received"),
			Reminder: d.boolean("reminder"), Importance: d.str("importance"), Attachments: d.attachments(),
		}
		item.Message, item.Subject = m, m.Subject
	case ItemTypeAppointment:
		a := &AppointmentFields{
			Subject: d.str("subject"), StartTime: d.timestamp("startTime"), EndTime: d.timestamp("endTime"),
			Organizer: d.str("organizer"), Location: d.str("location"), Attendees: d.str("attendees"),
			Recurring: d.boolean("recurring"), RecurrencePatternFormat: d.str("recurrencePatternFormat"),
			Attachments: d.attachments(),
		}
		item.Appointment, item.Subject = a, a.Subject
	case ItemTypeTask:
		t := &TaskFields{
			Subject: d.str("subject"), Status: d.str("status"), PercentComplete: d.float("percentComplete"),
			StartDate: d.timestamp("startDate"), DueDate: d.timestamp("dueDate"), Owner: d.str("owner"),
		}
		item.Task, item.Subject = t, t.Subject
	case ItemTypeContact:
		c := &ContactFields{
			Subject: d.str("subject"), FullName: d.str("fullName"), Mobile: d.str("mobile"),
			HomePhone: d.str("homePhone"), Fax: d.str("fax"), Address: d.str("address"),
			Company: d.str("company"), JobTitle: d.str("jobTitle"), Email: d.str("email"),
			BusinessPhone: d.str("businessPhone"), WebPage: d.str("webPage"), DisplayAs: d.str("displayAs"),
			FileAs: d.str("fileAs"), IMAddress: d.str("imAddress"),
		}
		item.Contact, item.Subject = c, c.Subject
	case ItemTypeNote:
		n := &NoteFields{Name: d.str("name"), Subject: d.str("subject"), Date: d.timestamp("date")}
		item.Note, item.Subject = n, n.Subject
		if item.Subject == nil {
			item.Subject = n.Name
		}
	case ItemTypeJournal:
		j := &JournalFields{
			Subject: d.str("subject"), StartDate: d.timestamp("startDate"), StartTime: d.timestamp("startTime"),
			Duration: d.integer("duration"), EntryType: d.str("entryType"), Company: d.str("company"),
		}
		item.Journal, item.Subject = j, j.Subject
	case ItemTypeContactGroup:
		g := &ContactGroupFields{Name: d.str("name"), Subject: d.str("subject")}
		item.ContactGroup, item.Subject = g, g.Subject
		if item.Subject == nil {
			item.Subject = g.Name
		}
	case ItemTypeDiscussion:
		p := &DiscussionFields{
			Subject: d.str("subject"), From: d.str("from"), PostedOn: d.timestamp("postedOn"),
			Importance: d.str("importance"), Attachments: d.attachments(),
		}
		item.Discussion, item.Subject = p, p.Subject
	default:
		item.Unknown = unknownFields(obj)
		item.Subject = d.str("subject")
	}
	if d.err != nil {
		return item, d.err
	}
	return item, nil
}

// looksLikeStickyNote recognises a sticky note sent with a mail class, like the v3
// documentation's IPM.Note example: a date (which no message shape has) with a name (v3) or a
// subject (the v6+ sticky-note shape), and none of a message's sender, recipients or
// send/receive times.
func looksLikeStickyNote(obj object) bool {
	if !obj.has("date") || !obj.has("name") && !obj.has("subject") {
		return false
	}
	for _, key := range []string{"from", "to", "sent", "received"} {
		if obj.has(key) {
			return false
		}
	}
	return true
}

// fieldDecoder reads typed members and keeps the first error, so that a decoder body reads
// as a list of fields.
type fieldDecoder struct {
	obj object
	err error
}

func keep[T any](d *fieldDecoder, v *T, err error) *T {
	if err != nil && d.err == nil {
		d.err = err
	}
	return v
}

func (d *fieldDecoder) str(key string) *string {
	v, err := d.obj.str(key)
	return keep(d, v, err)
}

func (d *fieldDecoder) timestamp(key string) *string {
	v, err := d.obj.timestamp(key)
	return keep(d, v, err)
}

func (d *fieldDecoder) boolean(key string) *bool {
	v, err := d.obj.boolean(key)
	return keep(d, v, err)
}

func (d *fieldDecoder) float(key string) *float64 {
	v, err := d.obj.float(key)
	return keep(d, v, err)
}

func (d *fieldDecoder) integer(key string) *int64 {
	v, err := d.obj.integer(key)
	return keep(d, v, err)
}

// attachments reads [{name, size|sizeBytes}]; a single object is taken as a list of one.
func (d *fieldDecoder) attachments() []Attachment {
	v, ok := d.obj.raw("attachments")
	if !ok {
		return nil
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(v, &elems); err != nil {
		elems = []json.RawMessage{v}
	}
	out := make([]Attachment, 0, len(elems))
	for i, e := range elems {
		if isNull(e) {
			continue
		}
		o, err := parseObject(e)
		if err != nil {
			keep[struct{}](d, nil, fieldError("attachments", fmt.Errorf("element %d: %w", i, err)))
			return nil
		}
		ad := &fieldDecoder{obj: o}
		a := Attachment{Name: deref(ad.str("name")), SizeBytes: ad.integer("sizeBytes")}
		if a.SizeBytes == nil {
			a.SizeBytes = ad.integer("size")
		}
		if ad.err != nil {
			keep[struct{}](d, nil, fieldError("attachments", fmt.Errorf("element %d: %w", i, ad.err)))
			return nil
		}
		out = append(out, a)
	}
	return out
}

// unknownFields keeps the scalar members of an item of an unknown class as strings.
func unknownFields(obj object) *UnknownFields {
	attrs := map[string]string{}
	for _, key := range obj.order {
		switch strings.ToLower(key) {
		case "id", "itemclass", "_links", "_actions":
			continue
		}
		v, ok := obj.raw(key)
		if !ok {
			continue
		}
		if t := strings.TrimSpace(string(v)); strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
			continue
		}
		if s, err := scalarText(v); err == nil {
			attrs[key] = s
		}
	}
	return &UnknownFields{Attributes: attrs}
}

// decodeItemLinks reads _links.self/parent/mailbox.href (case-insensitive).
func decodeItemLinks(obj object) (ItemLinks, error) {
	var links ItemLinks
	raw, ok := obj.raw("_links")
	if !ok {
		return links, nil
	}
	lo, err := parseObject(raw)
	if err != nil {
		return links, fieldError("_links", err)
	}
	for _, l := range []struct {
		name string
		dst  *string
	}{{"self", &links.Self}, {"parent", &links.Parent}, {"mailbox", &links.Mailbox}} {
		href, err := linkHref(lo, l.name)
		if err != nil {
			return links, fieldError("_links", err)
		}
		*l.dst = href
	}
	return links, nil
}

func linkHref(links object, name string) (string, error) {
	raw, ok := links.raw(name)
	if !ok {
		return "", nil
	}
	lo, err := parseObject(raw)
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	href, err := lo.str("href")
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	return deref(href), nil
}

// actionKeys maps _actions keys, lower-cased and without separators, to canonical action names:
// the v3 documentation's spellings, the v4 "exporToPst" typo and the v6+ route names.
var actionKeys = map[string]ActionKind{
	"restoretooriginallocation":  ActionRestoreToOriginalLocation,
	"restoretooriginal":          ActionRestoreToOriginalLocation,
	"restore":                    ActionRestoreToOriginalLocation,
	"restoreto":                  ActionRestoreTo,
	"restoretodifferentlocation": ActionRestoreTo,
	"exporttopst":                ActionExportToPST,
	"exportopst":                 ActionExportToPST, // v4 documentation typo "exporToPst"
	"savetomsg":                  ActionSaveToMSG,
	"save":                       ActionSaveToMSG,
	"sendtodefaultaddress":       ActionSendToDefaultAddress,
	"sendtodifferentaddress":     ActionSendToDifferentAddress,
}

var actionKeyNormalizer = strings.NewReplacer("_", "", "-", "", " ", "")

// ActionKindFromKey maps one _actions key to its canonical action; ok is false for keys that
// name no item action.
func ActionKindFromKey(key string) (ActionKind, bool) {
	kind, ok := actionKeys[actionKeyNormalizer.Replace(strings.ToLower(strings.TrimSpace(key)))]
	return kind, ok
}

func decodeActions(obj object) ([]ActionKind, error) {
	raw, ok := obj.raw("_actions")
	if !ok {
		return nil, nil
	}
	ao, err := parseObject(raw)
	if err != nil {
		return nil, fieldError("_actions", err)
	}
	var kinds []ActionKind
	for _, key := range ao.order {
		if kind, ok := ActionKindFromKey(key); ok && !slices.Contains(kinds, kind) {
			kinds = append(kinds, kind)
		}
	}
	slices.Sort(kinds)
	return kinds, nil
}

// ItemLinkIDs are the IDs named by a VB365 restore-session link.
type ItemLinkIDs struct {
	Version          APIVersion
	RestoreSessionID string
	MailboxID        string
	FolderID         string
	ItemID           string
}

// ParseItemLink extracts the IDs from a restore-session link: absolute
// (https://host:4443/v3/restoresessions/{id}/organization/mailboxes/{id}/items/{id}) or relative
// (/v8/RestoreSessions/...), any letter case, optionally ending in an action segment. The link
// is parsed only, never followed. IDs are percent-decoded; an item or folder ID is everything
// after ".../items/" or ".../folders/" (less a trailing action segment), since v3 links carry
// IDs containing '/' unescaped.
func ParseItemLink(href string) (ItemLinkIDs, error) {
	var ids ItemLinkIDs
	fail := func(why string) (ItemLinkIDs, error) {
		return ItemLinkIDs{}, fmt.Errorf("vb365: %q is not a VB365 restore session link: %s", href, why)
	}
	if strings.TrimSpace(href) == "" {
		return fail("empty")
	}
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return fail(err.Error())
	}
	// Only the leading slash goes: a trailing one may end an item ID.
	segments := strings.Split(strings.TrimPrefix(u.EscapedPath(), "/"), "/")
	// Find the version segment; a reverse-proxy prefix may precede it.
	start := -1
	for i, s := range segments {
		if v, ok := versionSegment(s); ok && i+1 < len(segments) && strings.EqualFold(segments[i+1], "restoresessions") {
			ids.Version, start = v, i
			break
		}
	}
	if start < 0 {
		return fail("no /vN/RestoreSessions/ path")
	}
	segments = segments[start+2:]
	next := func(what string) (string, error) {
		if len(segments) == 0 || segments[0] == "" {
			return "", fmt.Errorf("missing %s", what)
		}
		raw := segments[0]
		segments = segments[1:]
		v, err := url.PathUnescape(raw)
		if err != nil {
			return "", fmt.Errorf("bad escaping in %s: %v", what, err)
		}
		return v, nil
	}
	if ids.RestoreSessionID, err = next("restore session ID"); err != nil {
		return fail(err.Error())
	}
	if len(segments) == 0 || !strings.EqualFold(segments[0], "organization") {
		return ids, nil
	}
	segments = segments[1:]
	if len(segments) == 0 || !strings.EqualFold(segments[0], "mailboxes") {
		return ids, nil
	}
	segments = segments[1:]
	if len(segments) == 0 {
		return ids, nil
	}
	if ids.MailboxID, err = next("mailbox ID"); err != nil {
		return fail(err.Error())
	}
	if len(segments) == 0 {
		return ids, nil
	}
	kind := strings.ToLower(segments[0])
	segments = segments[1:]
	if len(segments) == 0 || kind != "items" && kind != "folders" {
		return ids, nil
	}
	if len(segments) == 1 && isActionSegment(segments[0]) {
		return ids, nil // the mailbox's bulk action route
	}
	// The rest is one ID: v3 links carry IDs unescaped, so an ID may span several segments
	// ("AAMk.../slash/AAE=="). An _actions URI ends in an action segment after the ID.
	if len(segments) > 1 && isActionSegment(segments[len(segments)-1]) {
		segments = segments[:len(segments)-1]
	}
	id, err := joinSegments(segments)
	switch {
	case err != nil:
		return fail(fmt.Sprintf("bad escaping in the %s ID: %v", strings.TrimSuffix(kind, "s"), err))
	case id == "":
		return fail(fmt.Sprintf("missing %s ID", strings.TrimSuffix(kind, "s")))
	case kind == "items":
		ids.ItemID = id
	default:
		ids.FolderID = id
	}
	return ids, nil
}

// joinSegments percent-decodes escaped path segments and joins them with '/'.
func joinSegments(segments []string) (string, error) {
	decoded := make([]string, len(segments))
	for i, s := range segments {
		v, err := url.PathUnescape(s)
		if err != nil {
			return "", err
		}
		decoded[i] = v
	}
	return strings.Join(decoded, "/"), nil
}

func versionSegment(s string) (APIVersion, bool) {
	if len(s) < 2 || (s[0] != 'v' && s[0] != 'V') {
		return 0, false
	}
	// v3 is the oldest version the provider speaks (and whose links it can meet); later
	// versions than v8 are accepted so that links of a newer server still parse.
	n, err := strconv.Atoi(s[1:])
	if err != nil || n < int(V3) || n > 99 {
		return 0, false
	}
	return APIVersion(n), true
}

// isActionSegment reports whether s is a bulk action segment after ".../items/" rather than an
// item ID.
func isActionSegment(s string) bool {
	if strings.EqualFold(s, "action") {
		return true
	}
	_, ok := ActionKindFromKey(s)
	return ok || strings.EqualFold(s, "operatorRestore")
}

var errNoID = errors.New("the server response has no id")

// ItemSummary is the compact form of an item that a listing returns by default: what a user
// needs to pick items, without the per-type fields of Item.
type ItemSummary struct {
	ID        string
	ItemClass string
	Type      ItemType
	Subject   *string // as Item.Subject
	FolderID  string  // parsed from the parent link
	// Date is the item's principal timestamp (RFC 3339 UTC where it parses): a message's
	// received time (else its sent time), an appointment's start, a task's due date (else its
	// start date), a note's date, a journal entry's start, a discussion post's posting time;
	// nil for contacts and contact groups.
	Date *string
	// Sender is a message's or post's from, an appointment's organizer, a task's owner.
	Sender *string
	// AttachmentCount and AttachmentsSizeBytes describe the attachment list where the server
	// sends one (messages, appointments, posts); the API reports no size for an item itself.
	AttachmentCount      *int64
	AttachmentsSizeBytes *int64
}

// Summary is the summary of a fully decoded item: what ItemSummaries lists for it.
func (it Item) Summary() ItemSummary {
	s := ItemSummary{ID: it.ID, ItemClass: it.ItemClass, Type: it.Type, Subject: it.Subject, FolderID: it.FolderID}
	first := func(ps ...*string) *string {
		for _, p := range ps {
			if p != nil {
				return p
			}
		}
		return nil
	}
	var attachments []Attachment
	switch {
	case it.Message != nil:
		s.Sender, s.Date, attachments = it.Message.From, first(it.Message.Received, it.Message.Sent), it.Message.Attachments
	case it.Appointment != nil:
		s.Sender, s.Date, attachments = it.Appointment.Organizer, it.Appointment.StartTime, it.Appointment.Attachments
	case it.Task != nil:
		s.Sender, s.Date = it.Task.Owner, first(it.Task.DueDate, it.Task.StartDate)
	case it.Note != nil:
		s.Date = it.Note.Date
	case it.Journal != nil:
		s.Date = first(it.Journal.StartTime, it.Journal.StartDate)
	case it.Discussion != nil:
		s.Sender, s.Date, attachments = it.Discussion.From, it.Discussion.PostedOn, it.Discussion.Attachments
	}
	if attachments != nil {
		n, size := int64(len(attachments)), int64(0)
		for _, a := range attachments {
			if a.SizeBytes != nil {
				size += *a.SizeBytes
			}
		}
		s.AttachmentCount, s.AttachmentsSizeBytes = &n, &size
	}
	return s
}

// ItemSummaries lists the items of a mailbox like Items, decoding only the summary fields:
// the cheap form for large mailboxes.
func (c *Client) ItemSummaries(ctx context.Context, sessionID, mailboxID string, q ItemQuery) iter.Seq2[ItemSummary, error] {
	var d summaryDecoder
	return list(ctx, c, q.ListOptions, listing[ItemSummary]{
		build:     func(v APIVersion) (route, url.Values) { return itemsQuery(v, sessionID, mailboxID, q) },
		decodeRaw: d.decode,
		what:      "item",
	})
}

// DecodeItemSummary decodes the summary of one item as a listing does (an id is required).
func DecodeItemSummary(data []byte) (ItemSummary, error) {
	if !json.Valid(data) {
		if _, err := parseObject(data); err != nil {
			return ItemSummary{}, fmt.Errorf("vb365: decoding item: %w", err)
		}
	}
	var d summaryDecoder
	s, err := d.decode(data)
	if err != nil {
		return s, fmt.Errorf("vb365: decoding item: %w", err)
	}
	return s, nil
}

// summaryDecoder decodes item summaries in one pass over an item's members, with the same
// leniency and classification as decodeItemObject. It remembers the last parent link it
// parsed: the items of a listing come folder by folder.
type summaryDecoder struct {
	lastParent, lastFolder string
}

// summaryRaw holds the raw values of the members a summary reads (nil: absent or null).
type summaryRaw struct {
	id, itemClass, subject, name, links                      []byte
	from, organizer, owner                                   []byte
	sent, received, startTime, startDate, dueDate, date, pon []byte
	attachments                                              []byte
	to                                                       bool
}

func nonNull(v []byte) []byte {
	if len(v) == 4 && string(v) == "null" {
		return nil
	}
	return v
}

func (d *summaryDecoder) decode(data []byte) (ItemSummary, error) {
	var r summaryRaw
	if !eachMember(data, func(k, v []byte) bool {
		key := string(k) // not retained: no copy
		v = nonNull(v)
		switch len(key) {
		case 2:
			switch {
			case strings.EqualFold(key, "id"):
				r.id = v
			case strings.EqualFold(key, "to"):
				r.to = v != nil
			}
		case 4:
			switch {
			case strings.EqualFold(key, "from"):
				r.from = v
			case strings.EqualFold(key, "name"):
				r.name = v
			case strings.EqualFold(key, "sent"):
				r.sent = v
			case strings.EqualFold(key, "date"):
				r.date = v
			}
		case 5:
			if strings.EqualFold(key, "owner") {
				r.owner = v
			}
		case 6:
			if strings.EqualFold(key, "_links") {
				r.links = v
			}
		case 7:
			switch {
			case strings.EqualFold(key, "subject"):
				r.subject = v
			case strings.EqualFold(key, "duedate"):
				r.dueDate = v
			}
		case 8:
			if strings.EqualFold(key, "received") {
				r.received = v
			} else if strings.EqualFold(key, "postedon") {
				r.pon = v
			}
		case 9:
			switch {
			case strings.EqualFold(key, "itemclass"):
				r.itemClass = v
			case strings.EqualFold(key, "organizer"):
				r.organizer = v
			case strings.EqualFold(key, "starttime"):
				r.startTime = v
			case strings.EqualFold(key, "startdate"):
				r.startDate = v
			}
		case 11:
			if strings.EqualFold(key, "attachments") {
				r.attachments = v
			}
		}
		return true
	}) {
		return ItemSummary{}, errors.New("expected a JSON object")
	}
	var s ItemSummary
	var err error
	// The optional strings of one summary share one allocation.
	store, used := new([4]string), 0
	text := func(key string, v []byte) *string {
		if v == nil || err != nil {
			return nil
		}
		t, e := scalarText(v)
		if e != nil {
			err = fieldError(key, e)
			return nil
		}
		if used == len(store) {
			return &t
		}
		store[used] = t
		used++
		return &store[used-1]
	}
	timestamp := func(key string, v []byte) *string {
		t := text(key, v)
		if t != nil {
			*t = NormalizeTimestamp(*t)
		}
		return t
	}
	s.ID = deref(text("id", r.id))
	s.ItemClass = deref(text("itemClass", r.itemClass))
	if err != nil {
		return s, err
	}
	if s.ID == "" {
		return s, errNoID
	}
	if r.links != nil {
		parent, e := parentHref(r.links)
		if e != nil {
			return s, fieldError("_links", e)
		}
		s.FolderID = d.folderOf(parent)
	}
	s.Type = ClassifyItemType(s.ItemClass)
	if s.Type == ItemTypeMessage && r.date != nil && (r.name != nil || r.subject != nil) &&
		r.from == nil && !r.to && r.sent == nil && r.received == nil {
		s.Type = ItemTypeNote // as looksLikeStickyNote
	}
	s.Subject = text("subject", r.subject)
	switch s.Type {
	case ItemTypeMessage:
		s.Sender = text("from", r.from)
		if s.Date = timestamp("received", r.received); s.Date == nil {
			s.Date = timestamp("sent", r.sent)
		}
	case ItemTypeAppointment:
		s.Sender = text("organizer", r.organizer)
		s.Date = timestamp("startTime", r.startTime)
	case ItemTypeTask:
		s.Sender = text("owner", r.owner)
		if s.Date = timestamp("dueDate", r.dueDate); s.Date == nil {
			s.Date = timestamp("startDate", r.startDate)
		}
	case ItemTypeNote:
		if s.Subject == nil {
			s.Subject = text("name", r.name)
		}
		s.Date = timestamp("date", r.date)
	case ItemTypeJournal:
		if s.Date = timestamp("startTime", r.startTime); s.Date == nil {
			s.Date = timestamp("startDate", r.startDate)
		}
	case ItemTypeContactGroup:
		if s.Subject == nil {
			s.Subject = text("name", r.name)
		}
	case ItemTypeDiscussion:
		s.Sender = text("from", r.from)
		s.Date = timestamp("postedOn", r.pon)
	}
	if err != nil {
		return s, err
	}
	switch s.Type {
	case ItemTypeMessage, ItemTypeAppointment, ItemTypeDiscussion:
		if t := bytes.TrimSpace(r.attachments); len(t) == 2 && t[0] == '[' && t[1] == ']' {
			var zeros [2]int64
			s.AttachmentCount, s.AttachmentsSizeBytes = &zeros[0], &zeros[1]
		} else if r.attachments != nil {
			fd := &fieldDecoder{obj: object{members: map[string]json.RawMessage{"attachments": r.attachments}}}
			as := fd.attachments()
			if fd.err != nil {
				return s, fd.err
			}
			var counts [2]int64 // count, total size
			counts[0] = int64(len(as))
			for _, a := range as {
				if a.SizeBytes != nil {
					counts[1] += *a.SizeBytes
				}
			}
			s.AttachmentCount, s.AttachmentsSizeBytes = &counts[0], &counts[1]
		}
	}
	return s, nil
}

// folderOf parses the folder ID from a parent link, reusing the last result for the same link.
func (d *summaryDecoder) folderOf(parent string) string {
	if parent == "" {
		return ""
	}
	if parent == d.lastParent {
		return d.lastFolder
	}
	folder := ""
	if ids, err := ParseItemLink(parent); err == nil {
		folder = ids.FolderID
	}
	d.lastParent, d.lastFolder = parent, folder
	return folder
}

// parentHref reads _links.parent.href from the raw _links value.
func parentHref(links []byte) (string, error) {
	var parent []byte
	if !eachMember(links, func(key, v []byte) bool {
		if bytes.EqualFold(key, []byte("parent")) {
			parent = nonNull(v)
		}
		return true
	}) {
		return "", errors.New("expected a JSON object")
	}
	if parent == nil {
		return "", nil
	}
	var href []byte
	if !eachMember(parent, func(key, v []byte) bool {
		if bytes.EqualFold(key, []byte("href")) {
			href = nonNull(v)
		}
		return true
	}) {
		return "", errors.New("parent: expected a JSON object")
	}
	if href == nil {
		return "", nil
	}
	t, err := scalarText(href)
	if err != nil {
		return "", fmt.Errorf("parent: %w", fieldError("href", err))
	}
	return t, nil
}
