// Package vb365sim is an in-memory Veeam Backup for Microsoft 365 (VB365) REST API server for
// tests, demos and benchmarks. It is written from the API contract alone and imports nothing from
// the client package, so a misreading in one cannot hide behind the same misreading in the other.
//
// New returns a *Server (an http.Handler) that serves API versions v3..v8 (WithVersions narrows
// this; other /vN prefixes answer 404) from one store, rendering each version's dialect.
//
// # Routes
//
// Routes and JSON keys match case-insensitively; IDs are path segments unescaped one by one
// (url.PathUnescape on the escaped path), so an ID holding an escaped '/' stays one segment.
// All routes except Token need "Authorization: Bearer <access_token>"; without a valid token they
// answer 401 {"message":"Authorization has been denied for this request."}.
//
//	POST /vN/Token                              form-urlencoded or JSON; grant_type password | refresh_token
//	POST /vN/Token/logout                       v7+; 200 (v7) / 204 (v8)
//	GET  /vN/ServiceInstance                    the version probe: anonymous 401 when vN is served, 404 when not
//	GET  /vN/Organizations                      bare array (v3..v7), page (v8)
//	GET  /vN/Organizations/{id}
//	GET  /vN/Organization                       the signed-in organization (tenant sign-in, tenant.go)
//	POST /vN/Organization/Action                v3..v5 tenant explore {"explore":{...}} -> 201 session
//	POST /vN/Organization/Explore               v6+ tenant explore -> 200 (v6/v7) / 201 (v8)
//	GET  /vN/RestoreSessions                    page
//	GET  /vN/RestoreSessions/{id}               a v8 restore session advances one poll per GET
//	GET  /vN/RestoreSessions/{id}/Statistics    v8 only
//	GET  /vN/RestoreSessions/{id}/Events        page; one event per executed item (events.go)
//	GET  /vN/RestoreSessions/{id}/Events/{id}
//	GET  /vN/RestoreSessions/{id}/Organization
//	POST /vN/RestoreSessions/{id}/Organization/restoreDeviceCode   v4+; {userCode, verificationUrl, expiresIn, message} (devicecode.go)
//	GET  /vN/RestoreSessions/{id}/Organization/Mailboxes                      page
//	GET  /vN/RestoreSessions/{id}/Organization/Mailboxes/{id}
//	GET  /vN/RestoreSessions/{id}/Organization/Mailboxes/{id}/Folders         page; parentId (id | root), name (* ?)
//	GET  /vN/RestoreSessions/{id}/Organization/Mailboxes/{id}/Folders/{id}
//	GET  /vN/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items           page; folderId (id | null, v3..v6) / parentId (id | root, v7+)
//	GET  /vN/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items/{id}
//	GET  /vN/Organizations/{id}/Users | Groups                 v6+; page; userName | groupName and displayName filters (directory.go)
//	GET  /vN/Organizations/{id}/Users/{id} | Groups/{id} | Sites/{id}   v6+ (directory.go)
//	GET  /vN/BackupRepositories/{id}/MailboxData[/{id}]        v6+; RESTBackupMailboxData (mailboxdata.go)
//
// Routes() lists every route served, with its versions (the conformance test walks it; more
// routes are documented in estate.go, governance*.go, operator.go and tenant.go).
//
// v3..v5 actions (body: exactly one top-level key naming the action, matched case-insensitively):
//
//	POST /vN/Organizations/{id}/Action                                  {"explore":{datetime,type:"vex",showDeleted,showAllVersions}} -> 201 session
//	POST /vN/RestoreSessions/{id}/Action                                {"stop":null} -> 200 empty
//	POST /vN/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items/{id}/Action
//	POST /vN/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items/Action   bulk: "items":[{"id"}] inside the action object
//	POST /vN/RestoreSessions/{id}/Organization/Mailboxes/{id}/Folders/{id}/Action   the folder and its subfolders
//	POST /vN/RestoreSessions/{id}/Organization/Mailboxes/{id}/Action        every item of the mailbox
//
// with keys restoretoOriginallocation, restoreTo, exporttoPst, savetoMsg, sendtoDefaultaddress,
// sendtoDifferentaddress (folders and mailboxes: the first three only). Restores answer 200 {createdItemsCount, mergedItemsCount,
// failedItemsCount, skippedItemsCount}; PST/MSG 200 application/octet-stream; sends 200 empty.
//
// v6..v8 actions (B = /vN/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items):
//
//	POST /vN/Organizations/{id}/explore         bare RESTOrganizationExploreOptions -> 200 (v6/v7) / 201 (v8)
//	POST /vN/RestoreSessions/{id}/Stop          200 (v6/v7) / 204 (v8)
//	POST B/{id}/restore | restoreTo | exportToPst | save | sendToDefaultAddress | sendToDifferentAddress
//	POST B/restore | restoreTo | exportToPst | Save | sendToDefaultAddress | sendToDifferentAddress   bulk, "items":[{"id"}]
//	POST /vN/RestoreSessions/{id}/Organization/Mailboxes/{id}/Folders/{id}/restore | restoreTo | exportToPst
//	POST /vN/RestoreSessions/{id}/Organization/Mailboxes/{id}/restore | restoreTo | exportToPst
//	POST /vN/RestoreSessions/{id}/Organization/Mailboxes/restore   bulk restore of whole mailboxes (RestBulkRestoreOptions)
//
// A folder action covers the items of the folder and of every folder below it (as restoring a
// folder in Veeam Explorer restores its tree); a mailbox action covers every item. The ledger
// entry names the scope (FolderID, WholeMailbox) and lists the items covered in ItemIDs.
//
// v6/v7 restores answer 200 RESTItemsRestoreStatistics (folders and mailboxes:
// RESTFoldersRestoreStatistics, the same counts plus failedFoldersCount); v8 restores answer 200 {"sessionId"}: a new
// restore session (type Vex, name "Restore items") that stays Working for WithAsyncRestorePolls(n)
// GETs of /v8/RestoreSessions/{sessionId} and is then Stopped with result Success, Warning (some
// items failed) or Failed (all failed); /v8/RestoreSessions/{sessionId}/Statistics then carries the
// counts and one BulkMailbox entry. Sends answer 200 empty (v6/v7) / 204 (v8). Unknown JSON
// properties are ignored, booleans and numbers may be strings ("true", "1"), trailing commas
// are accepted ({"a": 1,}, as Json.NET does), a body that is not JSON is 400. Explore's
// datetime is parsed like .NET does (ISO 8601 with or without offset or seconds,
// "yyyy.MM.dd HH:mm[:ss]", "yyyy.MM.dd", US dates). Stopping a stopped session is a successful no-op.
//
// The bulk mailbox restore (v6+, bulk_restore.go) restores every listed mailbox to its original
// location: "mailboxes": [{"id"}] (at least one, GUIDs the session holds, none twice; 400
// otherwise, naming the mailbox: "Mailbox with ID '…' was not found in restore session '…'").
// Credentials are office365UserName/office365UserPassword (or userCode, applicationId with
// applicationCertificate), required and verified as for item restores. A mailbox covers every
// item the session shows, less the Drafts folder (excludeDrafts) and the Deleted Items folder
// (excludeDeletedItems); recentItemRestorePeriod N (1 or more, else 400) keeps only the items
// received within N days before the session's point in time (undated items are kept);
// excludeInPlaceHoldItems, excludeLitigationHoldItems, skipUnresolved, markRestoredAsUnread and
// deletedItems are accepted and change nothing (the fixture has no held items). Items count as
// for item restores (created, then merged with changedItems or skipped; FailingItemID fails);
// a mailbox of WithFailingBulkMailboxes (or "failing: true" in a fixture file) fails as a whole
// with BulkMailboxFailureMessage (cannotContinueError / cannotContinueMailboxError), every item
// failed. Its status is Failed then or when every item failed, Warning when some did; the run's
// is Failed when every mailbox failed, Warning when some failed or warned. Unknown properties
// are ignored, as on every route. v6/v7 answer RESTBulkRestoreStatistics
// (error set when the run failed); v8 answers {"sessionId"} of a restore session ("Restore
// mailboxes") whose Statistics list one BulkMailbox item per mailbox. Each mailbox adds one
// Restore event (itemName the mailbox's name, source and target its e-mail, status Success,
// Warning or Failed) to the browsed session (and the v8 restore session) and one ledger entry
// (scope mailbox); the entries of one request share a BulkRunID and are recorded at once.
//
// Unsupported query parameters are ignored like ASP.NET does (v8 ?folderId= lists every item).
// Paging: {offset, limit, results, _links{self, first, prev?, next?}} in every version (but
// GET /Organizations before v8, a bare array); default
// limit 30; limit outside 1..10000 or a negative offset is 400. Links are absolute and lower-case
// (host WithPublicHost, default support.east.local:4443) in v3..v5 and relative /vN/... in v6+.
//
// Errors: {"message"} (v3..v6), plus "errorCode" (v7: null, as its enum has ProxyOffline only;
// v8: "ResourceNotFound" for unknown IDs, "ParameterValidationFailure" for bad input,
// "OperationConflict" for a stopped session), plus "stackTrace": null (v8). Unknown IDs are 404; bad bodies or parameters and actions on a stopped
// session are 400. The token endpoint answers 400 {"error":"invalid_grant","error_description"}.
//
// # Tokens
//
// Access tokens live WithTokenLifetime (default 3600s, measured with WithClock); refresh tokens
// 14 days and are single use (each refresh returns a new pair). On v7+ the refresh grant must carry
// disable_antiforgery_token=true, otherwise it is 400 invalid_grant: that models the real server's
// antiforgery requirement for clients without the antiforgery cookie. TokenLog records whether
// each token request sent it.
//
// Restore operators (grant_type operator, v6+): a session opened through
// Organization/OperatorExplore shows only the mailboxes the operator's roles allow: every mailbox
// of an EntireOrganization role, those of the users and groups a SpecificObjects role selects, less
// the excluded users and groups (a mailbox belongs to the user whose name is its address; group
// members are fixed in the fixture: GroupSupportID j_smith and support_north, GroupEngineeringID
// qa_dallas and rnd). Other mailboxes are not found in such a session.
//
// Tenant sign-in: the organization's own administrator (DefaultTenantUsername,
// WithTenantCredentials) signs in at the same token endpoint; its token reaches the
// organization through /Organization only (the /Organizations routes answer it 403, and the
// /Organization routes answer the backup administrator 403); sessions it opens name it as
// initiatedBy.
//
// # Fixture
//
// One organization (OrganizationID, OrganizationName) with mailboxes SeedMailboxID (every item
// type, nested folders), SupportMailboxID (45 messages, for paging), QAMailboxID, RnDMailboxID,
// ArchiveMailboxID (isArchive) and PublicMailboxID (isPublic); SeedRestoreSessionID is open
// (Working) from the start. SeedMailboxID holds the v3 reference page's examples (SeedAppointmentID
// in SeedCalendarFolderID, SeedTaskID, SeedJournalID, SeedNoteID — an "IPM.Note" sticky note —
// and SeedMessageID) plus a contact, a contact group (IPM.DistList), a discussion (IPM.Post), a
// meeting request, an IPM.StickyNote, an IPM.Activity, an item of an unknown class
// (UnknownClassItemID), IDs with '/' (SlashItemID, SlashFolderID) and '+' (PlusItemID), and
// FailingItemID, whose restore always fails with FailingItemMessage. A restore of any other item
// into a target (original mailbox, or restoreTo mailbox+folder) is "created" the first time and
// "merged" (changedItems true) or "skipped" on repeats. WithLargeMailbox adds a mailbox whose items
// are generated on demand (LargeMailboxID, LargeMailboxItemID). WithGeneratedMailboxes(n) adds
// n mailboxes user0001... (GeneratedMailboxID, e-mail at the organization's domain,
// GeneratedMailboxItems messages each, generated on demand) for scale tests of the bulk restore;
// the directory's users (directory.go) stay the fixture's.
//
// PST exports are WithPSTSize bytes (default 64 KiB) starting with "!BDN", MSG saves are
// 8 KiB + 2 KiB per further item starting with the OLE magic D0 CF 11 E0 A1 B1 1A E1; both are
// deterministic in (session, mailbox, item IDs), streamed in 32 KiB chunks, and ExportBytes
// returns the same bytes.
//
// # Ledger, counters, faults
//
// Ledger lists every executed explore, stop and item action with its route template, canonical
// action, IDs, body (userPassword, applicationCertificate, applicationCertificatePassword, userCode
// and password, office365UserPassword and onPremisesUserPassword replaced by "***") and PST/MSG
// size and SHA-256; a bulk mailbox restore adds one entry per mailbox, sharing a BulkRunID.
//
// RequestCounts counts every routed request (before faults and authentication) under the key
// "METHOD /vN/Template", where Template is the route as written in the list above with every
// path parameter as {id}, for example:
//
//	"POST /v8/Token"
//	"GET /v3/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items"
//	"POST /v8/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items/{id}/restore"
//	"POST /v8/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items/Save"
//	"POST /v3/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items/{id}/Action"
//
// whatever casing the client used. RequestCount compares the template case-insensitively.
// Requests to unknown routes or versions are not counted.
//
// Fault injects failures matched by method and path substring (see Fault), before the handler
// runs (Status, ResetBeforeHandler) or after it executed the action (StatusAfterHandler,
// ResetAfterHandler, LatencyAfterHandler, MalformedBody, TruncatedBody); Unauthorized(n) fails
// the next n authenticated calls with 401; ExpireTokens expires every access token; SetTokenLifetime
// changes the lifetime of tokens issued later.
//
// # Rehearsals
//
// cmd/vb365-sim serves the simulator on its own, released with the provider (vb365-sim -h is
// its manual). For rehearsals: WithFixture serves an organization read from a fixture file
// (LoadFixture, ParseFixture; the format is FIXTURE.md) instead of the compiled-in one;
// WithRestoreCredentialsRequiredOn requires restore credentials on some API versions only;
// GET /_sim/ledger (outside the API, anonymous) and LedgerDocument/LedgerJSON give the ledger
// as users read it (ledger.go); WithDeviceCodesVerified refuses restores whose device code
// nobody signed in with, and GET/POST /_sim/devicelogin (outside the API) or SignInDeviceCode
// plays the person who signs in (devicecode.go); ParseVersions reads the -versions syntax.
package vb365sim
