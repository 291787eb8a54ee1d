package restoreinputs

// The inputs of a restore, described once and rendered as the schema of the resource and of
// the action vb365_mailbox_item_restore, so that both take exactly the same arguments.

import (
	"strings"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	resourceschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// PST size limits accepted by the server (1 GB to 49 GB).
const (
	minPSTSizeLimitBytes int64 = 1 << 30
	maxPSTSizeLimitBytes int64 = 49 << 30
)

// OfficeRegions are the values the server accepts for office_region.
var OfficeRegions = []string{"Worldwide", "Germany", "China", "USDefence", "USGovernment"}

type inputKind int

const (
	inputString inputKind = iota
	inputBool
	inputInt64
	inputStringSet
)

// InputField describes one input attribute, independently of the schema package it is
// rendered into.
type InputField struct {
	Name       string
	kind       inputKind
	required   bool
	credential bool // write-only: sent with the restore, never in plan or state
	// inPlace: in the resource, a change is recorded in place; every other input is part of
	// what is restored, and a change of its value runs the restore again (replacement).
	inPlace bool
	// sessionSource: part of what is restored, but switching between restore_session_id and
	// organization_id is judged by replaceWhenSourceChanges and the resource's plan.
	sessionSource bool
	resourceNote  string
	// resourceStrings, when set, replace strings in the resource.
	resourceStrings []validator.String
	Description     string
	// actionDescription, when set, replaces description in the action, which keeps no
	// record and does not review what it restores.
	actionDescription string
	strings           []validator.String
	int64s            []validator.Int64
	sets              []validator.Set
	bools             []validator.Bool
}

// actionBlock describes one of the mutually exclusive action blocks.
type actionBlock struct {
	kind        vb365.ActionKind
	description string
	fields      []InputField
}

func (b actionBlock) name() string { return string(b.kind) }

// TopLevelInputs are the attributes shared by the resource and the action.
func TopLevelInputs() []InputField {
	return []InputField{
		{Name: "restore_session_id", kind: inputString, inPlace: true,
			Description: sessions.SessionSourceRestoreSessionIDDescription,
			resourceNote: "Changing it, e.g. when the restore session is replaced (the server stops idle sessions), does not run the " +
				"restore again: the new ID is recorded in place, unless the new session is of another organization or `point_in_time` " +
				"states another point in time (then the restore runs again). Prefer `organization_id`: nothing then depends on a transient session.",
			strings: sessions.SessionSourceStringValidators("restore_session_id")},
		{Name: "organization_id", kind: inputString, sessionSource: true,
			resourceNote: "Switching from `restore_session_id` to `organization_id` (or back) runs nothing again when the record's " +
				"restore session is of this organization and at the same `point_in_time`: the record is updated in place.",
			Description:       sessions.SessionSourceOrganizationIDDescription + " The plan then shows what each item is before anything is restored.",
			actionDescription: sessions.SessionSourceOrganizationIDDescription,
			strings:           sessions.SessionSourceStringValidators("organization_id")},
		{Name: "point_in_time", kind: inputString, sessionSource: true,
			Description: sessions.SessionSourcePointInTimeDescription,
			resourceNote: "With `restore_session_id`: the point in time that session shows, as you state it (e.g. " +
				"`vb365_restore_session.x.point_in_time`; it is not sent, and the API reports no point in time for a session). It lets " +
				"the plan tell a session at another point in time (a new run) from one at the same point in time, or `organization_id` " +
				"with the same `point_in_time` (recorded in place). Unset on either side, the plan cannot tell: it records the change " +
				"in place, runs nothing and warns.",
			strings:         sessions.SessionSourceStringValidators("point_in_time"),
			resourceStrings: []validator.String{framework.RFC3339Validator{}}},
		{Name: "show_deleted", kind: inputBool, inPlace: true,
			Description:  sessions.ShowDeletedDescription + sessions.SessionSourceOptionNote + " The plan's `items` show which items are deleted.",
			resourceNote: "Changing it runs nothing again: an item's ID is the same whatever the session shows.",
			bools:        sessions.SessionSourceBoolValidators()},
		{Name: "show_all_versions", kind: inputBool, inPlace: true,
			Description:  sessions.ShowAllVersionsDescription + sessions.SessionSourceOptionNote + " The plan's `items` show which items are earlier versions.",
			resourceNote: "Changing it runs nothing again: an item's ID is the same whatever the session shows.",
			bools:        sessions.SessionSourceBoolValidators()},
		{Name: "repository_id", kind: inputString, inPlace: true,
			Description:  sessions.SessionSourceRepositoryIDDescription,
			resourceNote: "Changing it runs nothing again: it says where the items are read from, not what is restored.",
			strings:      sessions.SessionSourceStringValidators("repository_id")},
		{Name: "data_retrieval_id", kind: inputString, inPlace: true,
			Description:  sessions.SessionSourceDataRetrievalIDDescription,
			resourceNote: "Changing it runs nothing again: it says where the items are read from, not what is restored.",
			strings:      sessions.SessionSourceStringValidators("data_retrieval_id")},
		{Name: "mailbox_id", kind: inputString,
			Description: "ID of the mailbox that holds the items (the same in every restore session of the organization). Required, " +
				"except with `whole_organization = true`, which has no mailbox.",
			strings: []validator.String{stringvalidator.LengthAtLeast(1)}},
		{Name: "item_ids", kind: inputStringSet,
			Description: "IDs of the items to act on, at least one. One item uses the item's route, several the mailbox's bulk route (still a single request). " +
				"Exactly one of `item_ids`, `folder_id` and `whole_mailbox = true` says what is acted on.",
			sets: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))}},
		{Name: "folder_id", kind: inputString,
			Description: "ID of a folder of the mailbox to act on as a whole: the server restores or exports the folder with its items and " +
				"its subfolders (one request to the folder's route). Instead of `item_ids`; only with `" + strings.Join(scopeActionNames(), "`, `") +
				"`, the actions the API offers for folders.",
			strings: []validator.String{stringvalidator.LengthAtLeast(1)}},
		{Name: "whole_mailbox", kind: inputBool,
			Description: "Set to `true` to act on the whole mailbox (one request to the mailbox's route), instead of `item_ids` or " +
				"`folder_id`; only with `" + strings.Join(scopeActionNames(), "`, `") + "`. Never implied: `false` or unset does not select the mailbox."},
		{Name: "whole_organization", kind: inputBool,
			Description: "Set to `true` to export every mailbox of the organization to one PST file (API v6+, one request to the " +
				"organization's `exportToPst` route), instead of `item_ids`, `folder_id` or `whole_mailbox`; only with `export_to_pst` " +
				"and without `mailbox_id`. With the block's `content_keyword` only what matches is exported. Never implied."},
		{Name: "reason", kind: inputString, inPlace: true,
			Description: "Why the restore is run. Kept in the audit record and logged. It reaches the server only when the run goes " +
				"through the restore-operator routes: provider `restore_operator` set, API v6+, `restore_to_original_location` of " +
				"`item_ids` (without Exchange credentials in the block) in a session the run opens with `organization_id`; then `OperatorExplore` and `operatorRestore` carry it " +
				"and the server shows it on the run's restore sessions. Elsewhere (other actions, folders and whole mailboxes, " +
				"`restore_session_id`, API v3..v5, no operator sign-in) the administrator's routes have no field for it and it stays " +
				"in this record. `reason_sent_to_server` says which, in the plan.",
			actionDescription: "Why the action is run: shown in the plan and written to the provider's log (`TF_LOG=info`). The action keeps no " +
				"record, and it is not sent: the action runs through the administrator's routes, which have no field for it (only the " +
				"resource sends it, through the restore-operator routes with the provider's `restore_operator`). Keep it where " +
				"your pipeline keeps its logs, or use the resource, whose record keeps it.",
			resourceNote: "Changing it updates the record in place and runs nothing."},
	}
}

// CredentialFields are the Exchange credentials a restore authenticates with, in one of
// three forms: user_name + user_password; user_code (device code flow); or application_id +
// application_certificate (+ application_certificate_password) + impersonation_account_name.
func CredentialFields() []InputField {
	return []InputField{
		{Name: "user_name", kind: inputString, credential: true, Description: "Exchange account used for the restore (with `user_password`)." + accountNote},
		{Name: "user_password", kind: inputString, credential: true, Description: "Password of `user_name`."},
		{Name: "user_code", kind: inputString, credential: true, Description: "Device code obtained from the server's restoreDeviceCode endpoint (modern authentication)."},
		{Name: "application_id", kind: inputString, credential: true, Description: "Azure AD application ID (with `application_certificate` and `impersonation_account_name`)." + accountNote},
		{Name: "application_certificate", kind: inputString, credential: true, Description: "Base64-encoded PFX certificate of the application."},
		{Name: "application_certificate_password", kind: inputString, credential: true, Description: "Password of the application certificate, if it has one."},
		{Name: "impersonation_account_name", kind: inputString, credential: true, Description: "Account the application impersonates." + accountNote},
	}
}

func outputFileFields(what string) []InputField {
	return []InputField{
		{Name: "path", kind: inputString, required: true,
			Description: "Local file the " + what + " is written to. Its directory must exist when the run is planned (checked at plan time, " +
				"not by `validate`). The download goes to a temporary file beside it and is renamed when complete.",
			strings: []validator.String{stringvalidator.LengthAtLeast(1)}},
		{Name: "overwrite", kind: inputBool,
			Description: "Replace `path` if it exists. Default false: an existing file is an error (at plan time when possible) and is " +
				"left untouched, so a run to the same path again (new `triggers`, or `on_file_change = \"export_again\"` after the file " +
				"changed) needs `overwrite = true`."},
	}
}

// actionBlocks lists the action blocks in a stable order; exactly one must be present.
func actionBlocks() []actionBlock {
	boolField := func(name, description string) InputField {
		return InputField{Name: name, kind: inputBool, Description: description}
	}
	restoreTo := []InputField{
		{Name: "mailbox", kind: inputString, required: true, Description: "Target mailbox (e-mail address). The resource and the action check it while planning: an address in one of the " +
			"organization's own domains must be one of its mailboxes' or users' addresses (else the plan fails naming the nearest " +
			"address); an address in another domain is shown in `target` as outside the organization, with a warning.",
			strings: []validator.String{stringvalidator.LengthAtLeast(1)}},
		{Name: "folder", kind: inputString, Description: "Target folder in the target mailbox."},
		{Name: "cas_server", kind: inputString, Description: "Client Access Server of the target (on-premises Exchange)."},
		{Name: "office_region", kind: inputString, Description: "Microsoft 365 region of the target: " + strings.Join(OfficeRegions, ", ") + ".",
			strings: []validator.String{stringvalidator.OneOf(OfficeRegions...)}},
		{Name: "office_organization_name", kind: inputString, Description: "Microsoft 365 organization name of the target."},
		boolField("changed_items", "Restore items that changed since the backup."),
		boolField("deleted_items", "Restore items that were deleted since the backup."),
		boolField("mark_restored_as_unread", "Mark restored items as unread."),
		boolField("exclude_drafts", "Skip drafts."),
		boolField("exclude_deleted_items", "Skip the Deleted Items folder."),
		boolField("exclude_in_place_hold_items", "Skip in-place hold items."),
		boolField("exclude_litigation_hold_items", "Skip litigation hold items."),
	}
	return []actionBlock{
		{kind: vb365.ActionRestoreToOriginalLocation,
			description: "Restore the items to their original mailbox. Credentials are optional: at most one form; without them the provider's `restore_credentials`, or none, are sent.",
			fields:      CredentialFields()},
		{kind: vb365.ActionRestoreTo,
			description: "Restore the items to another mailbox or folder. Credentials are optional: at most one form; without them the provider's `restore_credentials`, or none, are sent.",
			fields:      append(restoreTo, CredentialFields()...)},
		{kind: vb365.ActionExportToPST,
			description: "Export the items to a PST file on the machine running Terraform.",
			fields: append(outputFileFields("PST file (or a ZIP of PST parts when the server splits it)"),
				boolField("enable_pst_size_limit", "Let the server split the export at `pst_size_limit_bytes`."),
				InputField{Name: "content_keyword", kind: inputString,
					Description: "Export only what matches this keyword, every version of it (`contentKeyword`, API v6+): with `folder_id`, " +
						"`whole_mailbox` or `whole_organization`, not with `item_ids`. The plan's `scope` names it.",
					strings: []validator.String{stringvalidator.LengthAtLeast(1)}},
				InputField{Name: "pst_size_limit_bytes", kind: inputInt64,
					Description: "Size limit of one PST part, 1 GB (1073741824) to 49 GB (52613349376).",
					int64s:      []validator.Int64{int64validator.Between(minPSTSizeLimitBytes, maxPSTSizeLimitBytes)}})},
		{kind: vb365.ActionSaveToMSG,
			description: "Save the items as MSG to a file on the machine running Terraform.",
			fields:      outputFileFields("MSG file (or archive, for several items)")},
		{kind: vb365.ActionSendToDefaultAddress,
			description: "Send the items to the mailbox owner's address (needs the server's e-mail settings). An empty block: `send_to_default_address {}`."},
		{kind: vb365.ActionSendToDifferentAddress,
			description: "Send the items as attachments to another address (needs the server's e-mail settings).",
			fields: []InputField{
				{Name: "from", kind: inputString, Description: "Sender; the server's configured sender when omitted."},
				{Name: "to", kind: inputString, required: true, Description: "Recipient.",
					strings: []validator.String{stringvalidator.LengthAtLeast(1)}},
				{Name: "subject", kind: inputString, Description: "Subject of the message."},
				{Name: "text", kind: inputString, Description: "Body text of the message."},
			}},
	}
}

// scopeActions are the actions the API offers for a folder or a whole mailbox, not only items.
var scopeActions = []vb365.ActionKind{vb365.ActionRestoreToOriginalLocation, vb365.ActionRestoreTo, vb365.ActionExportToPST}

func scopeActionNames() []string {
	names := make([]string, len(scopeActions))
	for i, k := range scopeActions {
		names[i] = string(k)
	}
	return names
}

func ActionBlockNames() []string {
	var names []string
	for _, b := range actionBlocks() {
		names = append(names, b.name())
	}
	return names
}

// blockFields adapts fields for a single nested block: the framework enforces Required
// attributes of an absent block too, so required fields become optional with a validator that
// requires them only when their block is present.
func blockFields(fields []InputField) []InputField {
	out := make([]InputField, len(fields))
	for i, f := range fields {
		if f.required && f.kind == inputString {
			f.required = false
			f.Description = "Required. " + f.Description
			f.strings = append([]validator.String{framework.RequiredInPresentBlock{}}, f.strings...)
		}
		out[i] = f
	}
	return out
}

// NonSecretCredentials name the accounts among the credentials: not secrets, so the resource
// shows them in the plan (a reviewer sees who restores) and keeps them in the record; only the
// secrets are write-only.
var NonSecretCredentials = map[string]bool{"user_name": true, "application_id": true, "impersonation_account_name": true}

// accountNote is added to the description of the credentials that are not secrets.
const accountNote = " Not a secret: in the resource it is shown in the plan and kept in the record; changing it alone " +
	"records the new value in place and runs nothing."

// isSecret reports whether f is a secret credential: write-only in the resource.
func (f InputField) isSecret() bool { return f.credential && !NonSecretCredentials[f.Name] }

// credentialNote is added to the description of every secret credential.
const credentialNote = " Write-only: sent with the restore, never stored in a plan or in state (Terraform 1.11+, OpenTofu 1.11+); " +
	"it may come from an ephemeral value."

// --- rendering as a resource schema -------------------------------------------------------

// resourceInputAttribute renders a top-level or block input for the resource. Top-level
// inputs that are part of what is restored get replaceWhenValueChanges; inside action blocks
// the block as a whole carries it (resourceActionBlocks).
func resourceInputAttribute(f InputField, topLevel bool) resourceschema.Attribute {
	optional := !f.required
	description := f.Description
	if f.resourceNote != "" {
		description += " " + f.resourceNote
	}
	replace := topLevel && !f.inPlace
	switch f.kind {
	case inputBool:
		a := resourceschema.BoolAttribute{Required: f.required, Optional: optional, MarkdownDescription: description, Validators: f.bools}
		if replace {
			a.PlanModifiers = []planmodifier.Bool{framework.ReplaceWhenValueChanges{}}
		}
		return a
	case inputInt64:
		a := resourceschema.Int64Attribute{Required: f.required, Optional: optional, MarkdownDescription: description, Validators: f.int64s}
		if replace {
			a.PlanModifiers = []planmodifier.Int64{framework.ReplaceWhenValueChanges{}}
		}
		return a
	case inputStringSet:
		a := resourceschema.SetAttribute{ElementType: types.StringType, Required: f.required, Optional: optional,
			MarkdownDescription: description, Validators: f.sets}
		if replace {
			a.PlanModifiers = []planmodifier.Set{framework.ReplaceWhenValueChanges{}}
		}
		return a
	default:
		if f.isSecret() {
			return resourceschema.StringAttribute{Optional: true, Sensitive: true, WriteOnly: true,
				MarkdownDescription: description + credentialNote, Validators: f.strings}
		}
		validators := f.strings
		if f.resourceStrings != nil {
			validators = f.resourceStrings
		}
		a := resourceschema.StringAttribute{Required: f.required, Optional: optional, MarkdownDescription: description, Validators: validators}
		switch {
		case replace && f.sessionSource:
			a.PlanModifiers = []planmodifier.String{replaceWhenSourceChanges{}}
		case replace:
			a.PlanModifiers = []planmodifier.String{framework.ReplaceWhenValueChanges{}}
		}
		return a
	}
}

func ResourceInputAttributes(fields []InputField, topLevel bool) map[string]resourceschema.Attribute {
	attrs := make(map[string]resourceschema.Attribute, len(fields))
	for _, f := range fields {
		attrs[f.Name] = resourceInputAttribute(f, topLevel)
	}
	return attrs
}

// ResourceActionBlocks renders the action blocks: a block added, removed or changed in value
// (write-only credentials are never part of its value, and the accounts are ignored) runs the
// restore again.
func ResourceActionBlocks() map[string]resourceschema.Block {
	blocks := map[string]resourceschema.Block{}
	for _, b := range actionBlocks() {
		blocks[b.name()] = resourceschema.SingleNestedBlock{
			MarkdownDescription: b.description,
			Attributes:          ResourceInputAttributes(blockFields(b.fields), false),
			PlanModifiers:       []planmodifier.Object{framework.ReplaceWhenValueChanges{Ignore: NonSecretCredentials}},
		}
	}
	return blocks
}

// --- rendering as an action schema ---------------------------------------------------------

// actionInputAttribute renders f for the action. Credentials cannot be write-only there:
// terraform-plugin-framework v1.19.0 declares WriteOnly for action attributes but its
// validation of action configurations refuses every non-null write-only value ("WriteOnly
// Attribute Not Allowed"), and actions have no sensitive attributes; see the action's guide.
func actionInputAttribute(f InputField) actionschema.Attribute {
	optional := !f.required
	if f.actionDescription != "" {
		f.Description = f.actionDescription
	}
	switch f.kind {
	case inputBool:
		return actionschema.BoolAttribute{Required: f.required, Optional: optional, MarkdownDescription: f.Description, Validators: f.bools}
	case inputInt64:
		return actionschema.Int64Attribute{Required: f.required, Optional: optional, MarkdownDescription: f.Description, Validators: f.int64s}
	case inputStringSet:
		return actionschema.SetAttribute{ElementType: types.StringType, Required: f.required, Optional: optional,
			MarkdownDescription: f.Description, Validators: f.sets}
	default:
		return actionschema.StringAttribute{Required: f.required, Optional: optional || f.credential,
			MarkdownDescription: f.Description, Validators: f.strings}
	}
}

func ActionInputAttributes(fields []InputField) map[string]actionschema.Attribute {
	attrs := make(map[string]actionschema.Attribute, len(fields))
	for _, f := range fields {
		attrs[f.Name] = actionInputAttribute(f)
	}
	return attrs
}

func ActionActionBlocks() map[string]actionschema.Block {
	blocks := map[string]actionschema.Block{}
	for _, b := range actionBlocks() {
		blocks[b.name()] = actionschema.SingleNestedBlock{
			MarkdownDescription: b.description,
			Attributes:          ActionInputAttributes(blockFields(b.fields)),
		}
	}
	return blocks
}
