package vb365

import "time"

// APIVersion is a VB365 REST API version: 3 to 8. Zero means "detect" (auto).
type APIVersion int

const (
	VersionAuto APIVersion = 0
	V3          APIVersion = 3
	V4          APIVersion = 4
	V5          APIVersion = 5
	V6          APIVersion = 6
	V7          APIVersion = 7
	V8          APIVersion = 8
)

// Organization is a Microsoft 365 organization known to the server.
type Organization struct {
	ID   string
	Name string
	Type string // Office365, OnPremises, Hybrid (v6+); empty when the server does not say
}

// RestoreSession is an explore (browse) session or, on v8, an asynchronous restore job.
type RestoreSession struct {
	ID             string
	Name           string
	Organization   string // organization name as the server reports it
	OrganizationID string // parsed from the organization link when present
	Type           string // Vex, Veod, Vesp, Vet
	CreationTime   string // RFC 3339 UTC when parseable, else as sent
	EndTime        string // empty when the session has not ended
	State          string // Starting, Working, Stopping, Stopped
	Result         string // Success, Warning, Failed
	InitiatedBy    string
	Details        string
	Reason         string
	// ScopeName (the Restore Portal scope of an operator's session) and ClientHost are v6+.
	ScopeName  string
	ClientHost string
}

// Mailbox is a backed-up mailbox inside a restore session.
type Mailbox struct {
	ID        string
	Name      string
	Email     string
	IsArchive bool
	IsPublic  bool
}

// Folder is a mailbox folder. ParentID is parsed from the parent link and is empty for top-level folders.
type Folder struct {
	ID          string
	Name        string
	Type        string
	Category    string
	Description string
	ParentID    string
	MailboxID   string
}

// ItemType is the canonical type of a mailbox item, derived from its class and fields.
type ItemType string

const (
	ItemTypeMessage      ItemType = "message"
	ItemTypeAppointment  ItemType = "appointment"
	ItemTypeTask         ItemType = "task"
	ItemTypeContact      ItemType = "contact"
	ItemTypeNote         ItemType = "note"
	ItemTypeJournal      ItemType = "journal"
	ItemTypeContactGroup ItemType = "contact_group"
	ItemTypeDiscussion   ItemType = "discussion"
	ItemTypeUnknown      ItemType = "unknown"
)

// ItemTypes lists every ItemType in a stable order.
var ItemTypes = []ItemType{
	ItemTypeMessage, ItemTypeAppointment, ItemTypeTask, ItemTypeContact, ItemTypeNote,
	ItemTypeJournal, ItemTypeContactGroup, ItemTypeDiscussion, ItemTypeUnknown,
}

// ItemLinks are the hrefs of an item's _links, as sent (absolute on v3..v5, relative on v6+).
// They are parsed for IDs and never followed.
type ItemLinks struct {
	Self    string
	Parent  string
	Mailbox string
}

// Item is one backed-up mailbox item. Exactly one of the typed pointers is non-nil, the one
// matching Type; for ItemTypeUnknown it is Unknown.
//
// Optional fields are pointers: nil means the server did not send the field. Timestamps are
// RFC 3339 UTC strings where they parsed with a known layout and are passed through unchanged
// otherwise.
type Item struct {
	ID        string
	ItemClass string
	Type      ItemType
	Subject   *string // the type's subject (a note's name on v3 where it has no subject)
	FolderID  string  // parsed from the parent link
	MailboxID string  // v8 field, or parsed from the links
	Links     ItemLinks
	// AvailableActions are the item's _actions in canonical snake_case (see ActionKind), sorted.
	AvailableActions []ActionKind

	Message      *MessageFields
	Appointment  *AppointmentFields
	Task         *TaskFields
	Contact      *ContactFields
	Note         *NoteFields
	Journal      *JournalFields
	ContactGroup *ContactGroupFields
	Discussion   *DiscussionFields
	Unknown      *UnknownFields
}

// Attachment of a message, appointment or discussion. v3 sends `size` as a string, v6+ `sizeBytes`.
type Attachment struct {
	Name      string
	SizeBytes *int64
}

type MessageFields struct {
	From        *string
	To          *string
	Cc          *string
	Bcc         *string
	Subject     *string
	Sent        *string
	Received    *string
	Reminder    *bool
	Importance  *string // v6+: Low, Normal, High
	Attachments []Attachment
}

type AppointmentFields struct {
	Subject                 *string
	StartTime               *string
	EndTime                 *string
	Organizer               *string
	Location                *string
	Attendees               *string // a string on the wire in every version
	Recurring               *bool
	RecurrencePatternFormat *string // v6+
	Attachments             []Attachment
}

type TaskFields struct {
	Subject         *string
	Status          *string
	PercentComplete *float64
	StartDate       *string
	DueDate         *string
	Owner           *string
}

type ContactFields struct {
	Subject       *string
	FullName      *string
	Mobile        *string
	HomePhone     *string
	Fax           *string
	Address       *string
	Company       *string
	JobTitle      *string
	Email         *string
	BusinessPhone *string
	WebPage       *string
	DisplayAs     *string // v6+
	FileAs        *string // v6+
	IMAddress     *string // v6+ imAddress
}

// NoteFields is a sticky note. v3 sends name and date; v6+ subject and date.
type NoteFields struct {
	Name    *string
	Subject *string
	Date    *string
}

// JournalFields: v3 sends startDate and duration (a string); v6+ startTime and duration (int32).
type JournalFields struct {
	Subject   *string
	StartDate *string
	StartTime *string
	Duration  *int64
	EntryType *string
	Company   *string
}

type ContactGroupFields struct {
	Name    *string
	Subject *string
}

type DiscussionFields struct {
	Subject     *string
	From        *string
	PostedOn    *string
	Importance  *string
	Attachments []Attachment
}

// UnknownFields keeps an item of an unrecognised class readable: its top-level scalar fields
// (minus id, itemClass, _links, _actions) rendered as strings.
type UnknownFields struct {
	Attributes map[string]string
}

// ActionKind is the canonical name of an item action.
type ActionKind string

const (
	ActionRestoreToOriginalLocation ActionKind = "restore_to_original_location"
	ActionRestoreTo                 ActionKind = "restore_to"
	ActionExportToPST               ActionKind = "export_to_pst"
	ActionSaveToMSG                 ActionKind = "save_to_msg"
	ActionSendToDefaultAddress      ActionKind = "send_to_default_address"
	ActionSendToDifferentAddress    ActionKind = "send_to_different_address"
)

// ItemScope names what an action applies to, exactly one of: items (one item uses the item
// route, several the mailbox's bulk route), a folder (FolderID: the folder and, as the server
// restores a folder tree, its subfolders), or the whole mailbox (WholeMailbox). Folders and
// mailboxes support restore to the original location, restore to another mailbox and PST
// export only. WholeOrganization (API v6+, PST export only, no MailboxID) exports the items
// of every mailbox of the session's organization.
type ItemScope struct {
	RestoreSessionID string
	MailboxID        string
	ItemIDs          []string
	FolderID         string
	WholeMailbox     bool

	WholeOrganization bool
}

// RestoreCredentials authenticate a restore against Exchange: user name and password, or a
// device-flow user code, or an application certificate with an impersonation account.
// They are sent in request bodies only and never logged.
type RestoreCredentials struct {
	UserName                       string
	UserPassword                   string
	UserCode                       string
	ApplicationID                  string
	ApplicationCertificate         string // base64 PFX
	ApplicationCertificatePassword string
	ImpersonationAccountName       string
}

type RestoreToOriginalLocationOptions struct {
	Credentials RestoreCredentials
}

type RestoreToOptions struct {
	Credentials                RestoreCredentials
	Mailbox                    string
	Folder                     string
	CASServer                  string
	OfficeRegion               string
	OfficeOrganizationName     string
	ChangedItems               *bool
	DeletedItems               *bool
	MarkRestoredAsUnread       *bool
	ExcludeDrafts              *bool
	ExcludeDeletedItems        *bool
	ExcludeInPlaceHoldItems    *bool
	ExcludeLitigationHoldItems *bool
}

type ExportToPSTOptions struct {
	EnablePSTSizeLimit *bool
	PSTSizeLimitBytes  *int64
	// ContentKeyword exports only what matches the keyword (every version of it): a folder, a
	// whole mailbox or the organization, API v6+ (RESTExportFolderToPst.contentKeyword).
	ContentKeyword string
}

type SendToDifferentAddressOptions struct {
	From    string
	To      string
	Subject string
	Text    string
}

// RestoreStatistics is the outcome of a restore (v3..v7 response body; v8 the finished
// restore session's statistics).
type RestoreStatistics struct {
	Created int64
	Merged  int64
	Failed  int64
	Skipped int64
	// FailedFolders is v6/v7's failedFoldersCount of a folder or mailbox restore: folders the
	// server could not restore at all (their items are not in Failed). 0 elsewhere.
	FailedFolders       int64
	Warnings            []string
	Exceptions          []string
	CannotContinueError string
	SessionID           string // v8: the asynchronous restore session that ran the restore
	// Result is v8's restore session result when it stopped (Success, Warning, Failed); "" on
	// v3..v7, whose answers carry none.
	Result string
	// Items are the per-item (or per-mailbox) results the server reports: v8's statistics
	// items[] (RESTItemRestoreDetailsComposed); nil where the server reports none (v3..v7).
	Items []ItemRestoreResult
}

// ItemRestoreResult is one entry of a v8 restore session's statistics items[]
// (RESTItemRestoreDetailsComposed): an item, or for a bulk restore a mailbox.
type ItemRestoreResult struct {
	ID           string
	DetailsType  string // itemRestoreDetailsType: Item, BulkMailbox, BulkOneDrive
	Name         string
	Title        string
	ItemType     string
	Status       string
	Path         string
	MailboxEmail string   // BulkMailbox: the mailbox restored into
	Error        string   // redacted; BulkMailbox: also cannotContinueMailboxError
	Warnings     []string // redacted
	// BulkMailbox only (RESTBulkMailboxItemRestoreDetails): the mailbox's flags and its
	// created/merged/failed/skippedMailboxItemsCount.
	MailboxIsArchive, MailboxIsPublic bool
	Created, Merged, Failed, Skipped  int64
}

// RestoreProgress is reported while a v8 asynchronous restore runs.
type RestoreProgress struct {
	SessionID string
	State     string
	Total     int64
	Restored  int64
	Failed    int64
	Skipped   int64
}

// ExploreOptions open an Exchange explore session.
type ExploreOptions struct {
	PointInTime     *time.Time
	ShowDeleted     *bool
	ShowAllVersions *bool
	Reason          string
	// RepositoryID explores the organization's backups in that repository, e.g. a backup copy
	// (API v7+: v7 POST BackupRepositories/{id}/explore?organizationId=, v8 the organization
	// explore's repositoryId). Empty: the primary backup.
	RepositoryID string
	// DataRetrievalID explores the data a retrieval job retrieved from an archive tier (API
	// v6+: POST DataRetrievals/{id}/explore, no body: the retrieval fixes the point in time
	// and the options, so PointInTime, ShowDeleted, ShowAllVersions and RepositoryID must be
	// unset).
	DataRetrievalID string
}

// ListOptions bound a listing: PageSize is the `limit` of each request (1..10,000, default 500),
// MaxItems stops the listing after that many items (0 = no bound).
type ListOptions struct {
	PageSize int
	MaxItems int
}

// FolderQuery filters folders: ParentID "root" lists top-level folders, a folder ID its
// children, empty all folders; Name accepts the server's * and ? wildcards.
type FolderQuery struct {
	ListOptions
	ParentID string
	Name     string
}

// ItemQuery filters items by folder (sent as folderId on v3..v6 and parentId on v7+).
type ItemQuery struct {
	ListOptions
	FolderID string
}

// RestoreSessionEvent is one entry of a restore session's audit trail (RESTRestoreSessionEvent):
// what the server did, to which item, from where to where, when, with what result. v3..v5
// servers send the item details only inside Message; v6+ also in the item fields.
type RestoreSessionEvent struct {
	ID            string
	Type          string // None, Save, Export, Send, Restore, View
	Status        string // Running, Success, Warning, Failed, Cancelled, Skipped
	ItemName      string
	ItemType      string
	ItemSizeBytes *int64
	Source        string
	Target        string
	StartTime     string // RFC 3339 UTC when parseable, else as sent
	EndTime       string
	Duration      string // as sent, a .NET TimeSpan such as "00:00:00.0446928"
	Title         string
	Message       string // redacted (see Client.Redact)
	Order         *int64 // v6+
}

// BulkMailbox is one mailbox of a bulk restore as the session lists it.
type BulkMailbox struct {
	ID, Name, Email     string
	IsArchive, IsPublic bool
}

// MailboxesRestoreOptions are the options of a bulk restore of whole mailboxes to their
// original location (RestBulkRestoreOptions, v6+).
type MailboxesRestoreOptions struct {
	Mailboxes []BulkMailbox // at least one; IDs validated and unique
	// Credentials: UserName and UserPassword go out as office365UserName and
	// office365UserPassword; the others under their own names.
	Credentials                                                                             RestoreCredentials
	CASServer                                                                               string
	ChangedItems, DeletedItems, MarkRestoredAsUnread, SkipUnresolved                        *bool
	ExcludeDrafts, ExcludeDeletedItems, ExcludeInPlaceHoldItems, ExcludeLitigationHoldItems *bool
	RecentItemRestorePeriod                                                                 *int32 // days
}

// MailboxesRestoreResult is the outcome of a bulk mailbox restore.
type MailboxesRestoreResult struct {
	SessionID string                 // v8: the asynchronous restore session the answer names; "" on v6/v7
	Status    string                 // Success | Warning | Failed as the server says (v8: from the session's result)
	Error     string                 // redacted
	Mailboxes []MailboxRestoreResult // one per mailbox the server reported, in its order
}

// MailboxRestoreResult is one mailbox of a bulk restore's outcome.
type MailboxRestoreResult struct {
	// MailboxID is v6/v7's details[].mailbox.id; on v8 the ID of the requested mailbox whose
	// e-mail and archive flag match (the statistics name no ID), "" if none matches.
	MailboxID                        string
	Email                            string
	IsArchive                        bool
	Status                           string // Success | Warning | Failed (v8: the item's status)
	Created, Merged, Failed, Skipped int64
	Error                            string // error or cannotContinueError, redacted
	Warnings                         []string
}
