package vb365

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
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

var errNoID = errors.New("the server response has no id")
