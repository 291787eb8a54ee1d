package vb365

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

const (
	seedSessionID     = "3da69c6c-bb12-4bed-9c4d-7276cb9074bf"
	seedMailboxID     = "479ae6aa-610b-4652-8966-5db06021903c"
	seedAppointmentID = "AAAAAKGE4dIvQUtGjuSnq8JTHAgHAPliTMf_6DxPiJ6TGYB9CqAAAAAAAUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_u0AAA=="
	seedCalendarID    = "AAAAAKGE4dIvQUtGjuSnq8JTHAgBAPliTMf_6DxPiJ6TGYB9CqAAAAAAAUcAAA=="
)

func readItemFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "items", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func decodeFile(t *testing.T, name string) Item {
	t.Helper()
	item, err := DecodeItem(readItemFile(t, name))
	if err != nil {
		t.Fatalf("DecodeItem(%s): %v", name, err)
	}
	return item
}

func ptr[T any](v T) *T { return &v }

func TestDecodeItemSeedAppointmentFieldByField(t *testing.T) {
	item := decodeFile(t, "v3_seed_appointment.json")
	base := "https://support.east.local:4443/v3/restoresessions/" + seedSessionID + "/organization/mailboxes/" + seedMailboxID
	want := Item{
		ID:        seedAppointmentID,
		ItemClass: "IPM.Appointment",
		Type:      ItemTypeAppointment,
		FolderID:  seedCalendarID,
		MailboxID: seedMailboxID,
		Links: ItemLinks{
			Self:    base + "/items/" + seedAppointmentID,
			Parent:  base + "/folders/" + seedCalendarID,
			Mailbox: base,
		},
		AvailableActions: []ActionKind{
			ActionExportToPST, ActionRestoreTo, ActionRestoreToOriginalLocation,
			ActionSaveToMSG, ActionSendToDefaultAddress, ActionSendToDifferentAddress,
		},
		Appointment: &AppointmentFields{
			StartTime: ptr("2022-10-09T21:00:00Z"),
			EndTime:   ptr("2022-10-10T21:00:00Z"),
			Organizer: ptr("j_smith@bestsupport.onmicrosoft.com"),
			Location:  ptr("Confroom07"),
			Attendees: ptr("qa@bestsupport.onmicrosoft.com"),
			Recurring: ptr(false),
		},
	}
	if !reflect.DeepEqual(item, want) {
		t.Errorf("decoded seed appointment:\n got %+v\n     %+v\nwant %+v\n     %+v", item, *item.Appointment, want, *want.Appointment)
	}
	if !slices.IsSorted(item.AvailableActions) {
		t.Errorf("actions not sorted: %v", item.AvailableActions)
	}
}

func TestDecodeItemSeedExamples(t *testing.T) {
	t.Run("task", func(t *testing.T) {
		item := decodeFile(t, "v3_seed_task.json")
		if item.Type != ItemTypeTask || item.ID != "AAAZXKGE4dIvQUtGjuSnq8JTHAgHAPliTMf_6DxPiJ6TGYB9CqADDXXAAUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_uoXCA==" {
			t.Fatalf("type %q id %q", item.Type, item.ID)
		}
		want := &TaskFields{
			Status: ptr("Completed"), PercentComplete: ptr(100.0),
			StartDate: ptr("2017-04-04T16:08:20.2882911Z"), DueDate: ptr("2017-05-04T18:00:00Z"),
			Owner: ptr("j_smith@bestsupport.onmicrosoft.com"),
		}
		if !reflect.DeepEqual(item.Task, want) {
			t.Errorf("task = %+v, want %+v", *item.Task, *want)
		}
	})
	t.Run("journal", func(t *testing.T) {
		item := decodeFile(t, "v3_seed_journal.json")
		want := &JournalFields{StartDate: ptr("2017-04-04T16:08:20.2882911Z"), Duration: ptr[int64](1), EntryType: ptr("Phone Call")}
		if item.Type != ItemTypeJournal || !reflect.DeepEqual(item.Journal, want) {
			t.Errorf("type %q journal %+v, want %+v", item.Type, item.Journal, want)
		}
	})
	t.Run("sticky note labelled IPM.Note", func(t *testing.T) {
		item := decodeFile(t, "v3_seed_note.json")
		want := &NoteFields{Name: ptr("Important"), Date: ptr("2017-06-05T13:12:00Z")}
		if item.Type != ItemTypeNote || item.ItemClass != "IPM.Note" || !reflect.DeepEqual(item.Note, want) {
			t.Errorf("type %q class %q note %+v, want %+v", item.Type, item.ItemClass, item.Note, want)
		}
		if item.Message != nil || item.Subject == nil || *item.Subject != "Important" {
			t.Errorf("message %v subject %v: want no message and the name as subject", item.Message, item.Subject)
		}
	})
	t.Run("message", func(t *testing.T) {
		item := decodeFile(t, "v3_seed_message.json")
		want := &MessageFields{
			From: ptr("j_smith@bestsupport.onmicrosoft.com"), To: ptr("qa_dallas@tech.onmicrosoft.com"),
			Cc: ptr("qa@bestsupport.onmicrosoft.com"), Bcc: ptr("rnd@bestsupport.onmicrosoft.com"),
			Subject: ptr("Support case"), Sent: ptr("2017-05-25T08:39:16.8235249Z"),
			Received: ptr("2017-05-25T08:39:16.8235249Z"), Reminder: ptr(false),
		}
		if item.Type != ItemTypeMessage || !reflect.DeepEqual(item.Message, want) {
			t.Errorf("type %q message %+v, want %+v", item.Type, item.Message, want)
		}
		if item.Subject == nil || *item.Subject != "Support case" {
			t.Errorf("subject = %v", item.Subject)
		}
	})
	t.Run("contact", func(t *testing.T) {
		item := decodeFile(t, "v3_seed_contact.json")
		want := &ContactFields{
			FullName: ptr("John Smith"), Mobile: ptr("555-55-55"), HomePhone: ptr("555-55-55"), Fax: ptr("555-55-55"),
			Address: ptr("356 Baker St."), Company: ptr("Acme"), JobTitle: ptr("Manager"),
			Email: ptr("john.smith@microsoft.com"), BusinessPhone: ptr("555-55-55"),
		}
		if item.Type != ItemTypeContact || !reflect.DeepEqual(item.Contact, want) {
			t.Errorf("type %q contact %+v, want %+v", item.Type, item.Contact, want)
		}
	})
}

func TestDecodeItemV8Shapes(t *testing.T) {
	folder := "AAAAAKGE4dIvQUtGjuSnq8JTHAgBAPliTMf_6DxPiJ6TGYB9CqAAAAAAAQwAAA=="
	allActions := []ActionKind{ActionExportToPST, ActionRestoreTo, ActionRestoreToOriginalLocation, ActionSaveToMSG, ActionSendToDefaultAddress, ActionSendToDifferentAddress}
	tests := []struct {
		file  string
		typ   ItemType
		check func(t *testing.T, item Item)
	}{
		{"v8_message.json", ItemTypeMessage, func(t *testing.T, item Item) {
			want := &MessageFields{
				From: ptr("j_smith@bestsupport.onmicrosoft.com"), To: ptr("qa_dallas@tech.onmicrosoft.com"), Cc: ptr(""),
				Subject: ptr("Quarterly report"), Sent: ptr("2023-02-01T09:30:00.1234567Z"), Received: ptr("2023-02-01T08:30:05Z"),
				Reminder: ptr(true), Importance: ptr("High"),
				Attachments: []Attachment{{Name: "report.xlsx", SizeBytes: ptr[int64](52344)}, {Name: "notes.txt", SizeBytes: ptr[int64](0)}},
			}
			if !reflect.DeepEqual(item.Message, want) {
				t.Errorf("message %+v\nwant %+v", *item.Message, *want)
			}
		}},
		{"v8_appointment.json", ItemTypeAppointment, func(t *testing.T, item Item) {
			a := item.Appointment
			if deref(a.Subject) != "Weekly sync" || deref(a.RecurrencePatternFormat) != "Weekly on Monday" || !deref(a.Recurring) ||
				len(a.Attachments) != 1 || deref(a.Attachments[0].SizeBytes) != 1024 || deref(a.Location) != "Teams" {
				t.Errorf("appointment %+v", *a)
			}
		}},
		{"v8_task.json", ItemTypeTask, func(t *testing.T, item Item) {
			if deref(item.Task.PercentComplete) != 42.5 || deref(item.Task.Status) != "InProgress" || deref(item.Subject) != "Renew certificate" {
				t.Errorf("task %+v", *item.Task)
			}
		}},
		{"v8_contact.json", ItemTypeContact, func(t *testing.T, item Item) {
			c := item.Contact
			if deref(c.WebPage) != "https://contoso.example" || deref(c.DisplayAs) == "" || deref(c.FileAs) != "Doe, Jane" ||
				deref(c.IMAddress) != "jane@im.contoso.example" || deref(c.JobTitle) != "CTO" {
				t.Errorf("contact %+v", *c)
			}
		}},
		{"v8_note.json", ItemTypeNote, func(t *testing.T, item Item) {
			if deref(item.Note.Subject) != "Call back Bob" || deref(item.Note.Date) != "2023-05-02T13:12:00Z" || item.Note.Name != nil {
				t.Errorf("note %+v", *item.Note)
			}
		}},
		{"v8_journal.json", ItemTypeJournal, func(t *testing.T, item Item) {
			j := item.Journal
			if deref(j.Duration) != 45 || deref(j.StartTime) != "2023-06-01T15:00:00Z" || deref(j.Company) != "Acme" || j.StartDate != nil {
				t.Errorf("journal %+v", *j)
			}
		}},
		{"v8_contact_group.json", ItemTypeContactGroup, func(t *testing.T, item Item) {
			if deref(item.ContactGroup.Name) != "Support team" || deref(item.Subject) != "Support team" {
				t.Errorf("contact group %+v subject %v", *item.ContactGroup, item.Subject)
			}
		}},
		{"v8_discussion.json", ItemTypeDiscussion, func(t *testing.T, item Item) {
			d := item.Discussion
			if deref(d.PostedOn) != "2023-07-04T08:00:00Z" || deref(d.From) == "" || len(d.Attachments) != 1 || deref(d.Importance) != "Normal" {
				t.Errorf("discussion %+v", *d)
			}
		}},
		{"v8_unknown.json", ItemTypeUnknown, func(t *testing.T, item Item) {
			want := map[string]string{"mailboxId": seedMailboxID, "subject": "Custom item", "priority": "3", "flagged": "false"}
			if !reflect.DeepEqual(item.Unknown.Attributes, want) {
				t.Errorf("unknown attributes %v, want %v", item.Unknown.Attributes, want)
			}
			if !reflect.DeepEqual(item.AvailableActions, []ActionKind{ActionRestoreToOriginalLocation, ActionSaveToMSG}) {
				t.Errorf("actions %v: unknown action keys must be dropped", item.AvailableActions)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			item := decodeFile(t, tt.file)
			if item.Type != tt.typ {
				t.Fatalf("type = %q, want %q", item.Type, tt.typ)
			}
			assertOneTypedPointer(t, item)
			if item.FolderID != folder || item.MailboxID != seedMailboxID {
				t.Errorf("folder %q mailbox %q", item.FolderID, item.MailboxID)
			}
			if !strings.HasPrefix(item.Links.Self, "/v8/RestoreSessions/") {
				t.Errorf("self link %q", item.Links.Self)
			}
			if tt.typ != ItemTypeUnknown && !reflect.DeepEqual(item.AvailableActions, allActions) {
				t.Errorf("actions %v, want %v", item.AvailableActions, allActions)
			}
			tt.check(t, item)
		})
	}
}

// assertOneTypedPointer checks the Item invariant: exactly the pointer matching Type is set.
func assertOneTypedPointer(t testing.TB, item Item) {
	t.Helper()
	set := map[ItemType]bool{
		ItemTypeMessage: item.Message != nil, ItemTypeAppointment: item.Appointment != nil, ItemTypeTask: item.Task != nil,
		ItemTypeContact: item.Contact != nil, ItemTypeNote: item.Note != nil, ItemTypeJournal: item.Journal != nil,
		ItemTypeContactGroup: item.ContactGroup != nil, ItemTypeDiscussion: item.Discussion != nil, ItemTypeUnknown: item.Unknown != nil,
	}
	for typ, isSet := range set {
		if isSet != (typ == item.Type) {
			t.Errorf("item of type %q: %s fields set = %v", item.Type, typ, isSet)
		}
	}
}

func TestDecodeItemLeniency(t *testing.T) {
	t.Run("keys are case-insensitive, the last duplicate wins", func(t *testing.T) {
		item, err := DecodeItem([]byte(`{"ID":"first","id":"second","ITEMCLASS":"ipm.note","FROM":"a@b","Subject":"s"}`))
		if err != nil {
			t.Fatal(err)
		}
		if item.ID != "second" || item.Type != ItemTypeMessage || deref(item.Message.From) != "a@b" || deref(item.Subject) != "s" {
			t.Errorf("item %+v", item)
		}
	})
	t.Run("strings for booleans and numbers", func(t *testing.T) {
		item, err := DecodeItem([]byte(`{"itemClass":"IPM.Task","percentComplete":"55.5%"}`))
		if err != nil || deref(item.Task.PercentComplete) != 55.5 {
			t.Fatalf("item %+v err %v", item, err)
		}
		item, err = DecodeItem([]byte(`{"itemClass":"IPM.Appointment","recurring":"True"}`))
		if err != nil || !deref(item.Appointment.Recurring) {
			t.Fatalf("recurring %v err %v", item.Appointment, err)
		}
		item, err = DecodeItem([]byte(`{"itemClass":"IPM.Journal","duration":"2.0"}`))
		if err != nil || deref(item.Journal.Duration) != 2 {
			t.Fatalf("duration err %v", err)
		}
		item, err = DecodeItem([]byte(`{"itemClass":"IPM.Note","reminder":1,"attachments":[{"name":"a","size":"12"}]}`))
		if err != nil || !deref(item.Message.Reminder) || deref(item.Message.Attachments[0].SizeBytes) != 12 {
			t.Fatalf("message %+v err %v", item.Message, err)
		}
	})
	t.Run("empty strings for typed fields are absent", func(t *testing.T) {
		item, err := DecodeItem([]byte(`{"itemClass":"IPM.Appointment","recurring":"","startTime":""}`))
		if err != nil || item.Appointment.Recurring != nil {
			t.Fatalf("appointment %+v err %v", item.Appointment, err)
		}
		if deref(item.Appointment.StartTime) != "" {
			t.Errorf("empty start time should pass through as empty, got %v", item.Appointment.StartTime)
		}
	})
	t.Run("string arrays become one string", func(t *testing.T) {
		item, err := DecodeItem([]byte(`{"itemClass":"IPM.Appointment","attendees":["a@x","b@x"]}`))
		if err != nil || deref(item.Appointment.Attendees) != "a@x; b@x" {
			t.Fatalf("attendees %v err %v", item.Appointment, err)
		}
	})
	t.Run("unparseable timestamps pass through", func(t *testing.T) {
		item, err := DecodeItem([]byte(`{"itemClass":"IPM.Note","sent":"last Tuesday"}`))
		if err != nil || deref(item.Message.Sent) != "last Tuesday" {
			t.Fatalf("sent %v err %v", item.Message, err)
		}
	})
	t.Run("an IPM.Note with a sender stays a message", func(t *testing.T) {
		item, err := DecodeItem([]byte(`{"itemClass":"IPM.Note","name":"n","date":"2020-01-01","from":"a@b"}`))
		if err != nil || item.Type != ItemTypeMessage {
			t.Fatalf("type %q err %v", item.Type, err)
		}
	})
	t.Run("a v6+ sticky note sent as IPM.Note is a note", func(t *testing.T) {
		item, err := DecodeItem([]byte(`{"itemClass":"IPM.Note","subject":"Important","date":"2017-06-05T13:12:00Z"}`))
		if err != nil || item.Type != ItemTypeNote || deref(item.Note.Subject) != "Important" {
			t.Fatalf("item %+v err %v", item, err)
		}
		item, err = DecodeItem([]byte(`{"itemClass":"IPM.Note","subject":"Draft"}`))
		if err != nil || item.Type != ItemTypeMessage {
			t.Fatalf("a message without a date: type %q err %v", item.Type, err)
		}
	})
	t.Run("missing class is unknown", func(t *testing.T) {
		item, err := DecodeItem([]byte(`{"id":"x"}`))
		if err != nil || item.Type != ItemTypeUnknown || item.Unknown == nil {
			t.Fatalf("item %+v err %v", item, err)
		}
	})
}

func TestDecodeItemErrors(t *testing.T) {
	tests := map[string]struct{ input, want string }{
		"not JSON":              {`{"id":`, "invalid JSON"},
		"an array":              {`[1,2]`, "expected a JSON object, got an array"},
		"trailing data":         {`{"id":"x"} {}`, "invalid JSON: data after the object"},
		"bad boolean":           {`{"id":"x1","itemClass":"IPM.Note","reminder":"maybe"}`, `item "x1": field "reminder": "maybe" is not a boolean`},
		"bad number":            {`{"itemClass":"IPM.Task","percentComplete":"lots"}`, `field "percentComplete": "lots" is not a number`},
		"object for a string":   {`{"itemClass":"IPM.Note","from":{"a":1}}`, `field "from": expected a string, got an object`},
		"non-integral duration": {`{"itemClass":"IPM.Journal","duration":1.5}`, `"1.5" is not an integer`},
		"links not an object":   {`{"_links":"x"}`, `field "_links"`},
		"bad attachment":        {`{"itemClass":"IPM.Note","attachments":[{"size":"big"}]}`, `field "attachments": element 0`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := DecodeItem([]byte(tt.input))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestClassifyItemType(t *testing.T) {
	tests := map[string]ItemType{
		"IPM.Note": ItemTypeMessage, "ipm.note": ItemTypeMessage, "IPM.Note.SMIME": ItemTypeMessage,
		"IPM.Message": ItemTypeMessage, "IPM.Schedule.Meeting.Request": ItemTypeMessage, "IPM.Schedule.Meeting.Canceled": ItemTypeMessage,
		"IPM.Appointment": ItemTypeAppointment, "IPM.Appointment.Occurrence": ItemTypeAppointment,
		"IPM.Task": ItemTypeTask, "IPM.TaskRequest": ItemTypeTask,
		"IPM.Contact": ItemTypeContact, "IPM.Contact.Custom": ItemTypeContact,
		"IPM.DistList": ItemTypeContactGroup, "IPM.StickyNote": ItemTypeNote,
		"IPM.Activity": ItemTypeJournal, "IPM.Journal": ItemTypeJournal, "IPM.Post": ItemTypeDiscussion,
		"": ItemTypeUnknown, "IPM": ItemTypeUnknown, "IPM.Contacts": ItemTypeUnknown, "IPM.Vendor.X": ItemTypeUnknown,
		"  IPM.StickyNote ": ItemTypeNote,
	}
	for class, want := range tests {
		if got := ClassifyItemType(class); got != want {
			t.Errorf("ClassifyItemType(%q) = %q, want %q", class, got, want)
		}
	}
}

func TestParseItemLink(t *testing.T) {
	tests := []struct {
		href string
		want ItemLinkIDs
	}{
		{"https://support.east.local:4443/v3/restoresessions/" + seedSessionID + "/organization/mailboxes/" + seedMailboxID + "/items/" + seedAppointmentID,
			ItemLinkIDs{Version: V3, RestoreSessionID: seedSessionID, MailboxID: seedMailboxID, ItemID: seedAppointmentID}},
		{"https://support.east.local:4443/v3/restoresessions/" + seedSessionID + "/organization/mailboxes/" + seedMailboxID + "/items/" + seedAppointmentID + "/action",
			ItemLinkIDs{Version: V3, RestoreSessionID: seedSessionID, MailboxID: seedMailboxID, ItemID: seedAppointmentID}},
		{"/v8/RestoreSessions/" + seedSessionID + "/organization/mailboxes/" + seedMailboxID + "/folders/" + seedCalendarID,
			ItemLinkIDs{Version: V8, RestoreSessionID: seedSessionID, MailboxID: seedMailboxID, FolderID: seedCalendarID}},
		{"/v8/RestoreSessions/s1/organization/mailboxes/m1/items/a%2Fb+c%3D%3D?x=1",
			ItemLinkIDs{Version: V8, RestoreSessionID: "s1", MailboxID: "m1", ItemID: "a/b+c=="}},
		{"/v8/RestoreSessions/s1/organization/mailboxes/m1/items/restore",
			ItemLinkIDs{Version: V8, RestoreSessionID: "s1", MailboxID: "m1"}},
		{"/v6/RestoreSessions/s1/organization/mailboxes/m1", ItemLinkIDs{Version: V6, RestoreSessionID: "s1", MailboxID: "m1"}},
		{"/v6/RestoreSessions/s1", ItemLinkIDs{Version: V6, RestoreSessionID: "s1"}},
		{"https://proxy.example/vb365/V7/RESTORESESSIONS/s1/Organization/Mailboxes/m1/Items/i1",
			ItemLinkIDs{Version: V7, RestoreSessionID: "s1", MailboxID: "m1", ItemID: "i1"}},
	}
	for _, tt := range tests {
		got, err := ParseItemLink(tt.href)
		if err != nil || got != tt.want {
			t.Errorf("ParseItemLink(%q) = %+v, %v; want %+v", tt.href, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "https://example.com/", "/v8/Organizations/x", "/v8/RestoreSessions/", "/vX/RestoreSessions/s1", "::::", "/v8/RestoreSessions/%zz"} {
		if ids, err := ParseItemLink(bad); err == nil || !strings.Contains(err.Error(), "not a VB365 restore session link") {
			t.Errorf("ParseItemLink(%q) = %+v, %v; want an error", bad, ids, err)
		}
	}
}

func TestNormalizeTimestamp(t *testing.T) {
	tests := map[string]string{
		"2017-04-04T16:08:20.2882911Z":  "2017-04-04T16:08:20.2882911Z",
		"2017-05-04 18:00:00":           "2017-05-04T18:00:00Z",
		"6/5/2017 1:12 PM":              "2017-06-05T13:12:00Z",
		"2022-10-09T21:00:00+02:00":     "2022-10-09T19:00:00Z",
		"2019-04-12T10:54:40":           "2019-04-12T10:54:40Z",
		"2019.04.12 10:54:40":           "2019-04-12T10:54:40Z",
		"Mon, 15 Apr 2019 12:00:00 GMT": "2019-04-15T12:00:00Z",
		"2017-05-04 18:00:00.123":       "2017-05-04T18:00:00.123Z",
		"not a date":                    "not a date",
		"":                              "",
	}
	for in, want := range tests {
		if got := NormalizeTimestamp(in); got != want {
			t.Errorf("NormalizeTimestamp(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestActionKindFromKey(t *testing.T) {
	tests := map[string]ActionKind{
		"restoretoOriginallocation": ActionRestoreToOriginalLocation, "restore": ActionRestoreToOriginalLocation,
		"RESTORETO": ActionRestoreTo, "exporttoPst": ActionExportToPST, "exporToPst": ActionExportToPST,
		"exportToPst": ActionExportToPST, "savetoMsg": ActionSaveToMSG, "Save": ActionSaveToMSG,
		"sendtoDefaultaddress": ActionSendToDefaultAddress, "sendToDifferentAddress": ActionSendToDifferentAddress,
		"send_to_different_address": ActionSendToDifferentAddress,
	}
	for key, want := range tests {
		if got, ok := ActionKindFromKey(key); !ok || got != want {
			t.Errorf("ActionKindFromKey(%q) = %q, %v; want %q", key, got, ok, want)
		}
	}
	for _, key := range []string{"search", "explore", ""} {
		if got, ok := ActionKindFromKey(key); ok {
			t.Errorf("ActionKindFromKey(%q) = %q, want no action", key, got)
		}
	}
}

func FuzzDecodeItem(f *testing.F) {
	entries, err := os.ReadDir(filepath.Join("testdata", "items"))
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") {
			f.Add(readItemFile(f, e.Name()))
		}
	}
	f.Add([]byte(`{"itemClass":"IPM.Note","name":"n","date":"1/2/2006 3:04 PM","_actions":{"x":{}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		item, err := DecodeItem(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "vb365: decoding item") {
				t.Fatalf("error without context: %v", err)
			}
			return
		}
		if !slices.Contains(ItemTypes, item.Type) {
			t.Fatalf("type %q is not a known ItemType", item.Type)
		}
		assertOneTypedPointer(t, item)
		if !slices.IsSorted(item.AvailableActions) {
			t.Fatalf("actions not sorted: %v", item.AvailableActions)
		}
		if item.Type != ItemTypeNote && ClassifyItemType(item.ItemClass) != item.Type {
			t.Fatalf("type %q disagrees with class %q", item.Type, item.ItemClass)
		}
	})
}

func BenchmarkDecodeItem(b *testing.B) {
	data := readItemFile(b, "v3_seed_appointment.json")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeItem(data); err != nil {
			b.Fatal(err)
		}
	}
}
