package vb365sim

import (
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Fixture identifiers. The Seed* values are the IDs of the VB365 v3 reference page
// (restoresessions_id_organization_mailboxes_id_items_id.html).
const (
	OrganizationID   = "9f3c1a52-5e0b-4d2a-8b8e-3c2f6d7a1b01"
	OrganizationName = "bestsupport.onmicrosoft.com"

	// SeedRestoreSessionID is pre-opened (state Working) when the server starts.
	SeedRestoreSessionID = "3da69c6c-bb12-4bed-9c4d-7276cb9074bf"

	// Mailboxes.
	SeedMailboxID    = "479ae6aa-610b-4652-8966-5db06021903c" // j_smith, holds every item type
	SupportMailboxID = "5b1d2c3e-7a8f-4c6d-9e0f-1a2b3c4d5e02" // support_north
	QAMailboxID      = "6c2e3d4f-8b9a-4d7e-8f1a-2b3c4d5e6f03" // qa_dallas
	RnDMailboxID     = "7d3f4e5a-9cab-4e8f-9a2b-3c4d5e6f7a04" // rnd
	ArchiveMailboxID = "8e4a5f6b-adbc-4f9a-8b3c-4d5e6f7a8b05" // j_smith in-place archive (isArchive)
	PublicMailboxID  = "9f5b6a7c-becd-4a0b-9c4d-5e6f7a8b9c06" // public folders mailbox (isPublic)

	// Folders of SeedMailboxID.
	SeedCalendarFolderID = "AAAAAKGE4dIvQUtGjuSnq8JTHAgBAPliTMf_6DxPiJ6TGYB9CqAAAAAAAUcAAA=="
	InboxFolderID        = "AAAAAKGE4dIvQUtGjuSnq8JTHAgBAPliTMf_6DxPiJ6TGYB9CqAAAAAAAQwAAA=="
	InboxSubFolderID     = "AAAAAKGE4dIvQUtGjuSnq8JTHAgBAPliTMf_6DxPiJ6TGYB9CqAAAAAAAQ1AAA==" // Inbox/Projects
	InboxSubSubFolderID  = "AAAAAKGE4dIvQUtGjuSnq8JTHAgBAPliTMf_6DxPiJ6TGYB9CqAAAAAAAQ2AAA==" // Inbox/Projects/2019
	SlashFolderID        = "AAAAAKGE4dIvQUtG/uSnq8JTHAgBAPliTMf+6DxPiJ6TGYB9CqAAAAAAAQ3AAA==" // Inbox/Reports, ID has '/' and '+'
	SentFolderID         = "AAAAAKGE4dIvQUtGjuSnq8JTHAgBAPliTMf_6DxPiJ6TGYB9CqAAAAAAAQ4AAA=="
	DeletedFolderID      = "AAAAAKGE4dIvQUtGjuSnq8JTHAgBAPliTMf_6DxPiJ6TGYB9CqAAAAAAAQ5AAA=="
	DraftsFolderID       = "AAAAAKGE4dIvQUtGjuSnq8JTHAgBAPliTMf_6DxPiJ6TGYB9CqAAAAAAAQ6AAA=="
	TasksFolderID        = "AAAAAKGE4dIvQUtGjuSnq8JTHAgBAPliTMf_6DxPiJ6TGYB9CqAAAAAAAUdAAA=="
	ContactsFolderID     = "AAAAAKGE4dIvQUtGjuSnq8JTHAgBAPliTMf_6DxPiJ6TGYB9CqAAAAAAAUeAAA=="
	NotesFolderID        = "AAAAAKGE4dIvQUtGjuSnq8JTHAgBAPliTMf_6DxPiJ6TGYB9CqAAAAAAAUfAAA=="
	JournalFolderID      = "AAAAAKGE4dIvQUtGjuSnq8JTHAgBAPliTMf_6DxPiJ6TGYB9CqAAAAAAAUgAAA=="

	// Items of SeedMailboxID. The first five are the seed page's examples.
	SeedAppointmentID    = "AAAAAKGE4dIvQUtGjuSnq8JTHAgHAPliTMf_6DxPiJ6TGYB9CqAAAAAAAUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_u0AAA=="
	SeedTaskID           = "AAAZXKGE4dIvQUtGjuSnq8JTHAgHAPliTMf_6DxPiJ6TGYB9CqADDXXAAUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_uoXCA=="
	SeedJournalID        = "GECSFKGEj993QUtGjuSnq8JTHAgHAPliTMf_6DxPiJ6TGYB9CqAAACDFTUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_u8YUU=="
	SeedNoteID           = "CVVNHTGEj993QUtGjuSnq8JTHAgHAPliTMf_6DxPiJ6TGYB9CqAAACDFTUcAAEJD8-PTGuNAoFrJGmIzcMoAAE-h_u2MNN=="
	SeedMessageID        = "KLM73GGEj998QUtGjuSnqNCREAgHAPliTMf_6DxPiJ6TGYfGGrBWqCDFTUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_u8YUU=="
	AppointmentItemID    = "AAAAAKGE4dIvQUtGjuSnq8JTHAgHAPliTMf_6DxPiJ6TGYB9CqAAAAAAAUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_u1AAA==" // with attachments, recurring
	StickyNoteItemID     = "CVVNHTGEj993QUtGjuSnq8JTHAgHAPliTMf_6DxPiJ6TGYB9CqAAACDFTUcAAEJD8-PTGuNAoFrJGmIzcMoAAE-h_u3MNN==" // IPM.StickyNote
	ActivityItemID       = "GECSFKGEj993QUtGjuSnq8JTHAgHAPliTMf_6DxPiJ6TGYB9CqAAACDFTUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_u9YUU==" // IPM.Activity journal
	ContactItemID        = "DDDCONTGEj993QUtGjuSnq8JTHAgHAPliTMf_6DxPiJ6TGYB9CqAAACDFTUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_u1CON=="
	ContactGroupItemID   = "DDDGROUPEj993QUtGjuSnq8JTHAgHAPliTMf_6DxPiJ6TGYB9CqAAACDFTUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_u1GRP=="
	DiscussionItemID     = "EEEPOSTGEj993QUtGjuSnq8JTHAgHAPliTMf_6DxPiJ6TGYB9CqAAACDFTUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_u1PST=="
	MeetingRequestItemID = "FFFMEETGEj993QUtGjuSnq8JTHAgHAPliTMf_6DxPiJ6TGYB9CqAAACDFTUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_u1MTG=="
	UnknownClassItemID   = "ZZZUNKNGEj993QUtGjuSnq8JTHAgHAPliTMf_6DxPiJ6TGYB9CqAAACDFTUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_u1UNK=="
	SubFolderItemID      = "KLM73GGEj998QUtGjuSnqNCREAgHAPliTMf_6DxPiJ6TGYfGGrBWqCDFTUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_u9SUB==" // in Inbox/Projects
	SlashItemID          = "AAMkAGI2TG93AAA/slash/AAEJD8-NHTuNAoFrJGmIzcMoAAE-h_u1SLA=="                                      // ID contains '/'
	PlusItemID           = "AAMkAGI2TG93AAA+plus+AAEJD8-NHTuNAoFrJGmIzcMoAAE-h_u1PLU=="                                       // ID contains '+'
	// FailingItemID is a message whose restore always counts as failed (with an exception message);
	// exports/saves/sends of it succeed.
	FailingItemID = "BADBADGEj998QUtGjuSnqNCREAgHAPliTMf_6DxPiJ6TGYfGGrBWqCDFTUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_u1BAD=="

	// DeletedMessageItemID is a message of the Inbox the user deleted after it was backed up: a
	// session lists it only when explored with showDeleted.
	DeletedMessageItemID = "DELMSGGEj998QUtGjuSnqNCREAgHAPliTMf_6DxPiJ6TGYfGGrBWqCDFTUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_u1DEL=="
	// EarlierTaskVersionItemID is the earlier backed-up version of SeedTaskID (before it was
	// completed): a session lists it only when explored with showAllVersions.
	EarlierTaskVersionItemID = "AAAZXKGE4dIvQUtGjuSnq8JTHAgHAPliTMf_6DxPiJ6TGYB9CqADDXXAAUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_uoVER=="
)

// FailingItemMessage is the exception text reported for FailingItemID.
const FailingItemMessage = "Failed to restore item 'Corrupted attachment report': the item data in the backup is damaged (simulated failure)"

type itemKind string

const (
	kindMessage      itemKind = "message"
	kindAppointment  itemKind = "appointment"
	kindTask         itemKind = "task"
	kindContact      itemKind = "contact"
	kindNote         itemKind = "note"
	kindJournal      itemKind = "journal"
	kindContactGroup itemKind = "contact_group"
	kindDiscussion   itemKind = "discussion"
	kindUnknown      itemKind = "unknown"
)

type attachment struct {
	name string
	size int64
}

// item is the version-neutral store record; render.go turns it into each dialect's JSON.
type item struct {
	id, folderID, class string
	kind                itemKind
	subject             string // name of a sticky note, name of a contact group
	importance          string
	attachments         []attachment
	failing             bool
	// deleted: removed from the mailbox after it was backed up (listed with showDeleted only);
	// earlierVersion: an older backed-up version of a changed item (with showAllVersions only).
	// The item's JSON says neither: Veeam's item schemas carry no such field.
	deleted, earlierVersion bool

	// message / discussion
	from, to, cc, bcc string
	sent, received    time.Time
	reminder          bool
	postedOn          time.Time

	// appointment
	startTime, endTime                         time.Time
	organizer, location, attendees, recurrence string
	recurring                                  bool

	// task
	status             string
	percentComplete    float64
	startDate, dueDate time.Time
	owner              string

	// journal (startDate doubles as the v6+ startTime)
	duration  int
	entryType string
	company   string

	// note
	date time.Time

	// contact
	fullName, mobile, homePhone, fax, address, jobTitle, email, businessPhone, webPage, displayAs, fileAs, imAddress string
}

type folder struct {
	id, parentID, name, typ, category, description string
}

type mailbox struct {
	id, name, email   string
	isArchive         bool
	isPublic          bool
	folders           []*folder
	items             []*item
	generated         int    // >0: a WithLargeMailbox mailbox whose items are generated on demand
	generatedFolderID string // folder holding the generated items
	generatedIDPrefix string
}

type organization struct {
	id, name string
}

func mustTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "1/2/2006 3:04 PM"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	panic("vb365sim: bad fixture time " + s)
}

// buildFixture returns the organization's mailboxes in listing order.
func buildFixture() []*mailbox {
	smith := &mailbox{id: SeedMailboxID, name: "John Smith", email: "j_smith@bestsupport.onmicrosoft.com"}
	smith.folders = []*folder{
		{id: InboxFolderID, name: "Inbox", typ: "None", category: "Inbox", description: "Incoming mail"},
		{id: InboxSubFolderID, parentID: InboxFolderID, name: "Projects", typ: "None", category: "None", description: "Project mail"},
		{id: InboxSubSubFolderID, parentID: InboxSubFolderID, name: "2019", typ: "None", category: "None"},
		{id: SlashFolderID, parentID: InboxFolderID, name: "Reports", typ: "None", category: "None", description: "Folder whose ID contains '/' and '+'"},
		{id: SentFolderID, name: "Sent Items", typ: "None", category: "Sent"},
		{id: DeletedFolderID, name: "Deleted Items", typ: "None", category: "Deleted"},
		{id: DraftsFolderID, name: "Drafts", typ: "None", category: "Drafts"},
		{id: SeedCalendarFolderID, name: "Calendar", typ: "Appointment", category: "None"},
		{id: TasksFolderID, name: "Tasks", typ: "Task", category: "None"},
		{id: ContactsFolderID, name: "Contacts", typ: "Contact", category: "None"},
		{id: NotesFolderID, name: "Notes", typ: "StickyNote", category: "None"},
		{id: JournalFolderID, name: "Journal", typ: "Journal", category: "None"},
	}
	smith.items = []*item{
		{id: SeedMessageID, folderID: InboxFolderID, class: "IPM.Message", kind: kindMessage,
			from: "j_smith@bestsupport.onmicrosoft.com", to: "qa_dallas@tech.onmicrosoft.com",
			cc: "qa@bestsupport.onmicrosoft.com", bcc: "rnd@bestsupport.onmicrosoft.com",
			subject: "Support case", sent: mustTime("2017-05-25T08:39:16.8235249Z"), received: mustTime("2017-05-25T08:39:16.8235249Z"),
			importance: "Normal"},
		{id: MeetingRequestItemID, folderID: InboxFolderID, class: "IPM.Schedule.Meeting.Request", kind: kindMessage,
			from: "qa@bestsupport.onmicrosoft.com", to: "j_smith@bestsupport.onmicrosoft.com",
			subject: "Invitation: Release review", sent: mustTime("2017-06-01T09:00:00Z"), received: mustTime("2017-06-01T09:00:02Z"),
			reminder: true, importance: "High"},
		{id: DiscussionItemID, folderID: InboxFolderID, class: "IPM.Post", kind: kindDiscussion,
			from: "rnd@bestsupport.onmicrosoft.com", subject: "Release notes discussion", postedOn: mustTime("2017-06-02T11:30:00Z"),
			importance: "Normal", attachments: []attachment{{name: "notes.txt", size: 2048}}},
		{id: UnknownClassItemID, folderID: InboxFolderID, class: "IPM.Sim.Unknown", kind: kindUnknown, subject: "Item of a class the simulator does not model"},
		{id: SlashItemID, folderID: InboxFolderID, class: "IPM.Note", kind: kindMessage,
			from: "qa@bestsupport.onmicrosoft.com", to: "j_smith@bestsupport.onmicrosoft.com", subject: "ID with slashes",
			sent: mustTime("2017-06-03T10:00:00Z"), received: mustTime("2017-06-03T10:00:01Z"), importance: "Low"},
		{id: PlusItemID, folderID: InboxFolderID, class: "IPM.Note", kind: kindMessage,
			from: "qa@bestsupport.onmicrosoft.com", to: "j_smith@bestsupport.onmicrosoft.com", subject: "ID with pluses",
			sent: mustTime("2017-06-03T10:05:00Z"), received: mustTime("2017-06-03T10:05:01Z"), importance: "Normal"},
		{id: FailingItemID, folderID: InboxFolderID, class: "IPM.Note", kind: kindMessage, failing: true,
			from: "monitoring@bestsupport.onmicrosoft.com", to: "j_smith@bestsupport.onmicrosoft.com", subject: "Corrupted attachment report",
			sent: mustTime("2017-06-04T07:00:00Z"), received: mustTime("2017-06-04T07:00:03Z"), importance: "High",
			attachments: []attachment{{name: "report.pdf", size: 1048576}}},
		{id: SubFolderItemID, folderID: InboxSubFolderID, class: "IPM.Note", kind: kindMessage,
			from: "rnd@bestsupport.onmicrosoft.com", to: "j_smith@bestsupport.onmicrosoft.com", subject: "Project kickoff",
			sent: mustTime("2017-03-01T08:00:00Z"), received: mustTime("2017-03-01T08:00:05Z"), importance: "Normal",
			attachments: []attachment{{name: "plan.xlsx", size: 34567}}},
		{id: SeedAppointmentID, folderID: SeedCalendarFolderID, class: "IPM.Appointment", kind: kindAppointment,
			startTime: mustTime("2022-10-09T21:00:00Z"), endTime: mustTime("2022-10-10T21:00:00Z"),
			organizer: "j_smith@bestsupport.onmicrosoft.com", location: "Confroom07", attendees: "qa@bestsupport.onmicrosoft.com"},
		{id: AppointmentItemID, folderID: SeedCalendarFolderID, class: "IPM.Appointment", kind: kindAppointment,
			subject: "Quarterly review", startTime: mustTime("2022-11-01T09:00:00Z"), endTime: mustTime("2022-11-01T10:00:00Z"),
			organizer: "j_smith@bestsupport.onmicrosoft.com", location: "Confroom01",
			attendees: "qa@bestsupport.onmicrosoft.com; rnd@bestsupport.onmicrosoft.com", recurring: true,
			recurrence: "Occurs every 3 months on day 1", attachments: []attachment{{name: "agenda.docx", size: 12345}}},
		{id: SeedTaskID, folderID: TasksFolderID, class: "IPM.Task", kind: kindTask, subject: "Close support case",
			status: "Completed", percentComplete: 100, startDate: mustTime("2017-04-04T16:08:20.2882911Z"),
			dueDate: mustTime("2017-05-04 18:00:00"), owner: "j_smith@bestsupport.onmicrosoft.com"},
		{id: SeedJournalID, folderID: JournalFolderID, class: "IPM.Journal", kind: kindJournal, subject: "Call with Acme",
			startDate: mustTime("2017-04-04T16:08:20.2882911Z"), duration: 1, entryType: "Phone Call", company: "Acme"},
		{id: ActivityItemID, folderID: JournalFolderID, class: "IPM.Activity", kind: kindJournal, subject: "Meeting notes",
			startDate: mustTime("2017-04-05T10:00:00Z"), duration: 2, entryType: "Meeting", company: "Acme"},
		{id: SeedNoteID, folderID: NotesFolderID, class: "IPM.Note", kind: kindNote, subject: "Important",
			date: mustTime("6/5/2017 1:12 PM")},
		{id: StickyNoteItemID, folderID: NotesFolderID, class: "IPM.StickyNote", kind: kindNote, subject: "Call back Acme",
			date: mustTime("2017-06-06T14:30:00Z")},
		{id: ContactItemID, folderID: ContactsFolderID, class: "IPM.Contact", kind: kindContact,
			fullName: "John Smith", mobile: "555-55-55", homePhone: "555-55-56", fax: "555-55-57", address: "356 Baker St.",
			company: "Acme", jobTitle: "Manager", email: "john.smith@microsoft.com", businessPhone: "555-55-58",
			webPage: "https://acme.example.com", displayAs: "John Smith (john.smith@microsoft.com)", fileAs: "Smith, John",
			imAddress: "john.smith@microsoft.com"},
		{id: ContactGroupItemID, folderID: ContactsFolderID, class: "IPM.DistList", kind: kindContactGroup, subject: "Support team"},
		{id: DeletedMessageItemID, folderID: InboxFolderID, class: "IPM.Note", kind: kindMessage, deleted: true,
			from: "billing@contoso.example", to: "j_smith@bestsupport.onmicrosoft.com", subject: "Signed contract (deleted)",
			sent: mustTime("2017-06-05T09:00:00Z"), received: mustTime("2017-06-05T09:00:02Z"), importance: "High",
			attachments: []attachment{{name: "contract.pdf", size: 204800}}},
		{id: EarlierTaskVersionItemID, folderID: TasksFolderID, class: "IPM.Task", kind: kindTask, earlierVersion: true,
			subject: "Close support case", status: "InProgress", percentComplete: 50, startDate: mustTime("2017-04-04T16:08:20.2882911Z"),
			dueDate: mustTime("2017-05-04 18:00:00"), owner: "j_smith@bestsupport.onmicrosoft.com"},
	}
	mailboxes := []*mailbox{smith}
	simple := func(id, name, email string, archive, public bool, n int) *mailbox {
		mb := &mailbox{id: id, name: name, email: email, isArchive: archive, isPublic: public}
		inbox := fixtureID("folder", id, "inbox")
		mb.folders = []*folder{
			{id: inbox, name: "Inbox", typ: "None", category: "Inbox"},
			{id: fixtureID("folder", id, "sent"), name: "Sent Items", typ: "None", category: "Sent"},
			{id: fixtureID("folder", id, "calendar"), name: "Calendar", typ: "Appointment", category: "None"},
		}
		base := mustTime("2021-01-04T08:00:00Z")
		for i := range n {
			t := base.Add(time.Duration(i) * 37 * time.Hour)
			mb.items = append(mb.items, &item{
				id: fixtureID("item", id, strconv.Itoa(i)), folderID: inbox, class: "IPM.Note", kind: kindMessage,
				from: "helpdesk@bestsupport.onmicrosoft.com", to: email, subject: fmt.Sprintf("%s message %d", name, i+1),
				sent: t, received: t.Add(2 * time.Second), importance: "Normal",
			})
		}
		return mb
	}
	mailboxes = append(mailboxes,
		simple(SupportMailboxID, "support_north", "support_north@bestsupport.onmicrosoft.com", false, false, 45),
		simple(QAMailboxID, "qa_dallas", "qa_dallas@bestsupport.onmicrosoft.com", false, false, 3),
		simple(RnDMailboxID, "rnd", "rnd@bestsupport.onmicrosoft.com", false, false, 2),
		simple(ArchiveMailboxID, "John Smith", "j_smith@bestsupport.onmicrosoft.com", true, false, 4),
		simple(PublicMailboxID, "Public Folders", "public@bestsupport.onmicrosoft.com", false, true, 1),
	)
	return mailboxes
}

// fixtureID derives a stable Exchange-looking (base64url) ID.
func fixtureID(parts ...string) string {
	sum := sha1.Sum([]byte(strings.Join(parts, "\x00")))
	return "AAMk" + base64.URLEncoding.EncodeToString(append(sum[:], sum[:12]...))
}

// fixtureUUID derives a stable UUID (RFC 4122 name-based layout) from parts, for the IDs the
// documents declare with format: uuid.
func fixtureUUID(parts ...string) string {
	sum := sha1.Sum([]byte(strings.Join(parts, "\x00")))
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// LargeMailboxID returns the ID of the mailbox added by WithLargeMailbox(name, ...).
func LargeMailboxID(name string) string {
	sum := sha1.Sum([]byte("large-mailbox\x00" + name))
	sum[6] = sum[6]&0x0f | 0x50 // UUID version 5 layout
	sum[8] = sum[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}

// MailboxMessageID returns the ID of message i (0-based, in its Inbox) of the mailboxes
// SupportMailboxID, QAMailboxID, RnDMailboxID, ArchiveMailboxID and PublicMailboxID.
func MailboxMessageID(mailboxID string, i int) string {
	return fixtureID("item", mailboxID, strconv.Itoa(i))
}

// LargeMailboxItemID returns the ID of generated item i (0-based) of the large mailbox name.
func LargeMailboxItemID(name string, i int) string {
	return largeItemPrefix(LargeMailboxID(name)) + fmt.Sprintf("%08d", i) + "AA=="
}

func largeItemPrefix(mailboxID string) string {
	return "LRG" + strings.ReplaceAll(mailboxID, "-", "")[:16] + "-"
}

func newLargeMailbox(name string, n int) *mailbox {
	id := LargeMailboxID(name)
	inbox := fixtureID("folder", id, "inbox")
	return &mailbox{
		id: id, name: name, email: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@bestsupport.onmicrosoft.com",
		folders:           []*folder{{id: inbox, name: "Inbox", typ: "None", category: "Inbox"}},
		generated:         n,
		generatedFolderID: inbox,
		generatedIDPrefix: largeItemPrefix(id),
	}
}

// generatedItem builds item i of a large mailbox on demand, so 10,000+ items cost nothing until listed.
func (mb *mailbox) generatedItem(i int) *item {
	t := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 13 * time.Minute)
	return &item{
		id: mb.generatedIDPrefix + fmt.Sprintf("%08d", i) + "AA==", folderID: mb.generatedFolderID,
		class: "IPM.Note", kind: kindMessage, from: "generator@bestsupport.onmicrosoft.com", to: mb.email,
		subject: fmt.Sprintf("Generated message %d", i+1), sent: t, received: t.Add(time.Second), importance: "Normal",
	}
}

// itemView is what an explore session shows besides the items as they are now: the
// explore options showDeleted and showAllVersions.
type itemView struct {
	showDeleted, showAllVersions bool
}

// currentView shows the items as they are now (no explore options).
var currentView = itemView{}

func (v itemView) shows(it *item) bool {
	return (!it.deleted || v.showDeleted) && (!it.earlierVersion || v.showAllVersions)
}

// view is what the explore session shows.
func (ss *session) view() itemView {
	return itemView{showDeleted: ss.showDeleted, showAllVersions: ss.showAllVersions}
}

// itemsIn gives indexed access to the items of folderID ("" = all) that view shows.
func (mb *mailbox) itemsIn(folderID string, all bool, view itemView) (int, func(int) *item) {
	if mb.generated > 0 {
		if all || folderID == mb.generatedFolderID {
			return mb.generated, mb.generatedItem
		}
		return 0, nil
	}
	var sel []*item
	for _, it := range mb.items {
		if (all || it.folderID == folderID) && view.shows(it) {
			sel = append(sel, it)
		}
	}
	return len(sel), func(i int) *item { return sel[i] }
}

// itemsUnder lists the items of folderID and of every folder below it.
func (mb *mailbox) itemsUnder(folderID string, view itemView) []*item {
	tree := map[string]bool{folderID: true}
	for grew := true; grew; { // folders may be listed before their parents
		grew = false
		for _, f := range mb.folders {
			if !tree[f.id] && tree[f.parentID] {
				tree[f.id], grew = true, true
			}
		}
	}
	var out []*item
	n, at := mb.itemsIn("", true, view)
	for i := range n {
		if it := at(i); tree[it.folderID] {
			out = append(out, it)
		}
	}
	return out
}

// findItem finds an item that view shows.
func (mb *mailbox) findItem(id string, view itemView) *item {
	if mb.generated > 0 {
		rest, ok := strings.CutPrefix(id, mb.generatedIDPrefix)
		if !ok || !strings.HasSuffix(rest, "AA==") {
			return nil
		}
		n, err := strconv.Atoi(strings.TrimSuffix(rest, "AA=="))
		if err != nil || n < 0 || n >= mb.generated || len(rest) != 12 {
			return nil
		}
		return mb.generatedItem(n)
	}
	for _, it := range mb.items {
		if it.id == id && view.shows(it) {
			return it
		}
	}
	return nil
}

func (mb *mailbox) findFolder(id string) *folder {
	for _, f := range mb.folders {
		if f.id == id {
			return f
		}
	}
	return nil
}
