package vb365

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"strings"
)

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
