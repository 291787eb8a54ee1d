package provider

// Shared by the resource and the action vb365_mailbox_item_restore: one description of the
// inputs (rendered as a resource or an action schema), one model, one validation and one
// execution path, so that both run a restore in exactly the same way.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	resourceschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// PST size limits accepted by the server (1 GB to 49 GB).
const (
	minPSTSizeLimitBytes int64 = 1 << 30
	maxPSTSizeLimitBytes int64 = 49 << 30
)

// officeRegions are the values the server accepts for office_region.
var officeRegions = []string{"Worldwide", "Germany", "China", "USDefence", "USGovernment"}

type inputKind int

const (
	inputString inputKind = iota
	inputBool
	inputInt64
	inputStringSet
)

// inputField describes one input attribute, independently of the schema package it is
// rendered into.
type inputField struct {
	name       string
	kind       inputKind
	required   bool
	credential bool // sensitive; write-only in the resource (see credentialFields)
	// inPlace: in the resource, a change is recorded in place instead of running the action
	// again (replacement); resourceNote says so in the resource's documentation.
	inPlace      bool
	resourceNote string
	description  string
	strings      []validator.String
	int64s       []validator.Int64
	sets         []validator.Set
}

// actionBlock describes one of the mutually exclusive action blocks.
type actionBlock struct {
	kind        vb365.ActionKind
	description string
	fields      []inputField
}

func (b actionBlock) name() string { return string(b.kind) }

// topLevelInputs are the attributes shared by the resource and the action.
func topLevelInputs() []inputField {
	return []inputField{
		{name: "restore_session_id", kind: inputString, required: true, inPlace: true,
			description: "ID of the restore session (`vb365_restore_session`) the items are read from.",
			resourceNote: "Changing it, e.g. when the restore session is replaced (the server stops idle sessions), does not run the " +
				"action again: the new ID is recorded in place. Use `triggers` to run it again.",
			strings: []validator.String{stringvalidator.LengthAtLeast(1)}},
		{name: "mailbox_id", kind: inputString, required: true,
			description: "ID of the mailbox that holds the items.",
			strings:     []validator.String{stringvalidator.LengthAtLeast(1)}},
		{name: "item_ids", kind: inputStringSet, required: true,
			description: "IDs of the items to act on, at least one. One item uses the item's route, several the mailbox's bulk route (still a single request).",
			sets:        []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))}},
		{name: "reason", kind: inputString,
			description: "Why the restore is run. Kept in the audit record and logged; the item action routes of the REST API have no field for it, so it is not sent."},
	}
}

// credentialFields are the Exchange credentials a restore authenticates with, in one of
// three forms: user_name + user_password; user_code (device code flow); or application_id +
// application_certificate (+ application_certificate_password) + impersonation_account_name.
func credentialFields() []inputField {
	return []inputField{
		{name: "user_name", kind: inputString, credential: true, description: "Exchange account used for the restore (with `user_password`)."},
		{name: "user_password", kind: inputString, credential: true, description: "Password of `user_name`."},
		{name: "user_code", kind: inputString, credential: true, description: "Device code obtained from the server's restoreDeviceCode endpoint (modern authentication)."},
		{name: "application_id", kind: inputString, credential: true, description: "Azure AD application ID (with `application_certificate` and `impersonation_account_name`)."},
		{name: "application_certificate", kind: inputString, credential: true, description: "Base64-encoded PFX certificate of the application."},
		{name: "application_certificate_password", kind: inputString, credential: true, description: "Password of the application certificate, if it has one."},
		{name: "impersonation_account_name", kind: inputString, credential: true, description: "Account the application impersonates."},
	}
}

func outputFileFields(what string) []inputField {
	return []inputField{
		{name: "path", kind: inputString, required: true,
			description: "Local file the " + what + " is written to. Its directory must exist when the run is planned (checked at plan time, " +
				"not by `validate`). The download goes to a temporary file beside it and is renamed when complete.",
			strings: []validator.String{stringvalidator.LengthAtLeast(1)}},
		{name: "overwrite", kind: inputBool,
			description: "Replace `path` if it exists. Default false: an existing file is an error (at plan time when possible) and is left untouched; " +
				"so a run again to the same path (new `triggers`, or a changed file) needs `overwrite = true`. A missing file is simply written again."},
	}
}

// actionBlocks lists the action blocks in a stable order; exactly one must be present.
func actionBlocks() []actionBlock {
	boolField := func(name, description string) inputField {
		return inputField{name: name, kind: inputBool, description: description}
	}
	restoreTo := []inputField{
		{name: "mailbox", kind: inputString, required: true, description: "Target mailbox (e-mail address).",
			strings: []validator.String{stringvalidator.LengthAtLeast(1)}},
		{name: "folder", kind: inputString, description: "Target folder in the target mailbox."},
		{name: "cas_server", kind: inputString, description: "Client Access Server of the target (on-premises Exchange)."},
		{name: "office_region", kind: inputString, description: "Microsoft 365 region of the target: " + strings.Join(officeRegions, ", ") + ".",
			strings: []validator.String{stringvalidator.OneOf(officeRegions...)}},
		{name: "office_organization_name", kind: inputString, description: "Microsoft 365 organization name of the target."},
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
			description: "Restore the items to their original mailbox. Credentials are required, in exactly one form.",
			fields:      credentialFields()},
		{kind: vb365.ActionRestoreTo,
			description: "Restore the items to another mailbox or folder. Credentials are required, in exactly one form.",
			fields:      append(restoreTo, credentialFields()...)},
		{kind: vb365.ActionExportToPST,
			description: "Export the items to a PST file on the machine running Terraform.",
			fields: append(outputFileFields("PST file (or a ZIP of PST parts when the server splits it)"),
				boolField("enable_pst_size_limit", "Let the server split the export at `pst_size_limit_bytes`."),
				inputField{name: "pst_size_limit_bytes", kind: inputInt64,
					description: "Size limit of one PST part, 1 GB (1073741824) to 49 GB (52613349376).",
					int64s:      []validator.Int64{int64validator.Between(minPSTSizeLimitBytes, maxPSTSizeLimitBytes)}})},
		{kind: vb365.ActionSaveToMSG,
			description: "Save the items as MSG to a file on the machine running Terraform.",
			fields:      outputFileFields("MSG file (or archive, for several items)")},
		{kind: vb365.ActionSendToDefaultAddress,
			description: "Send the items to the mailbox owner's address (needs the server's e-mail settings). An empty block: `send_to_default_address {}`."},
		{kind: vb365.ActionSendToDifferentAddress,
			description: "Send the items as attachments to another address (needs the server's e-mail settings).",
			fields: []inputField{
				{name: "from", kind: inputString, description: "Sender; the server's configured sender when omitted."},
				{name: "to", kind: inputString, required: true, description: "Recipient.",
					strings: []validator.String{stringvalidator.LengthAtLeast(1)}},
				{name: "subject", kind: inputString, description: "Subject of the message."},
				{name: "text", kind: inputString, description: "Body text of the message."},
			}},
	}
}

func actionBlockNames() []string {
	var names []string
	for _, b := range actionBlocks() {
		names = append(names, b.name())
	}
	return names
}

// blockFields adapts fields for a single nested block: the framework enforces Required
// attributes of an absent block too, so required fields become optional with a validator that
// requires them only when their block is present.
func blockFields(fields []inputField) []inputField {
	out := make([]inputField, len(fields))
	for i, f := range fields {
		if f.required && f.kind == inputString {
			f.required = false
			f.description = "Required. " + f.description
			f.strings = append([]validator.String{requiredInPresentBlock{}}, f.strings...)
		}
		out[i] = f
	}
	return out
}

// requiredInPresentBlock requires a value when the enclosing block is present.
type requiredInPresentBlock struct{}

func (requiredInPresentBlock) Description(context.Context) string {
	return "required when the enclosing block is present"
}

func (v requiredInPresentBlock) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (requiredInPresentBlock) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !req.ConfigValue.IsNull() {
		return
	}
	var block types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, req.Path.ParentPath(), &block)...)
	if block.IsNull() || block.IsUnknown() {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Missing required argument",
		fmt.Sprintf("The argument %q is required in the %s block.", req.Path.Steps()[len(req.Path.Steps())-1], req.Path.ParentPath()))
}

// --- rendering as a resource schema -------------------------------------------------------

// resourceInputAttribute renders f for the resource: every input forces replacement (a new
// run), except those recorded in place and credentials, which are write-only (never planned
// or stored, so they cannot force anything).
func resourceInputAttribute(f inputField) resourceschema.Attribute {
	optional := !f.required
	description := f.description
	if f.resourceNote != "" {
		description += " " + f.resourceNote
	}
	replace := !f.inPlace
	switch f.kind {
	case inputBool:
		a := resourceschema.BoolAttribute{Required: f.required, Optional: optional, MarkdownDescription: description}
		if replace {
			a.PlanModifiers = []planmodifier.Bool{boolplanmodifier.RequiresReplace()}
		}
		return a
	case inputInt64:
		a := resourceschema.Int64Attribute{Required: f.required, Optional: optional, MarkdownDescription: description, Validators: f.int64s}
		if replace {
			a.PlanModifiers = []planmodifier.Int64{int64planmodifier.RequiresReplace()}
		}
		return a
	case inputStringSet:
		a := resourceschema.SetAttribute{ElementType: types.StringType, Required: f.required, Optional: optional,
			MarkdownDescription: description, Validators: f.sets}
		if replace {
			a.PlanModifiers = []planmodifier.Set{setplanmodifier.RequiresReplace()}
		}
		return a
	default:
		if f.credential {
			return resourceschema.StringAttribute{Optional: true, Sensitive: true, WriteOnly: true,
				MarkdownDescription: description + " Write-only: sent with the restore, never stored in plan or state (Terraform 1.11+).",
				Validators:          f.strings}
		}
		a := resourceschema.StringAttribute{Required: f.required, Optional: optional, MarkdownDescription: description, Validators: f.strings}
		if replace {
			a.PlanModifiers = []planmodifier.String{stringplanmodifier.RequiresReplace()}
		}
		return a
	}
}

// stableComputedString is a computed resource attribute that keeps its value from state in
// plans that do not replace the resource.
func stableComputedString(description string) resourceschema.StringAttribute {
	return resourceschema.StringAttribute{Computed: true, MarkdownDescription: description,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
}

func resourceInputAttributes(fields []inputField) map[string]resourceschema.Attribute {
	attrs := make(map[string]resourceschema.Attribute, len(fields))
	for _, f := range fields {
		attrs[f.name] = resourceInputAttribute(f)
	}
	return attrs
}

func resourceActionBlocks() map[string]resourceschema.Block {
	blocks := map[string]resourceschema.Block{}
	for _, b := range actionBlocks() {
		blocks[b.name()] = resourceschema.SingleNestedBlock{
			MarkdownDescription: b.description,
			Attributes:          resourceInputAttributes(blockFields(b.fields)),
			PlanModifiers:       []planmodifier.Object{objectplanmodifier.RequiresReplace()},
		}
	}
	return blocks
}

// --- rendering as an action schema ---------------------------------------------------------

// actionInputAttribute renders f for the action. The framework offers neither sensitive nor
// write-only attributes for actions, so credentials are plain there (see the action guide).
func actionInputAttribute(f inputField) actionschema.Attribute {
	optional := !f.required
	switch f.kind {
	case inputBool:
		return actionschema.BoolAttribute{Required: f.required, Optional: optional, MarkdownDescription: f.description}
	case inputInt64:
		return actionschema.Int64Attribute{Required: f.required, Optional: optional, MarkdownDescription: f.description, Validators: f.int64s}
	case inputStringSet:
		return actionschema.SetAttribute{ElementType: types.StringType, Required: f.required, Optional: optional,
			MarkdownDescription: f.description, Validators: f.sets}
	default:
		return actionschema.StringAttribute{Required: f.required, Optional: optional || f.credential,
			MarkdownDescription: f.description, Validators: f.strings}
	}
}

func actionInputAttributes(fields []inputField) map[string]actionschema.Attribute {
	attrs := make(map[string]actionschema.Attribute, len(fields))
	for _, f := range fields {
		attrs[f.name] = actionInputAttribute(f)
	}
	return attrs
}

func actionActionBlocks() map[string]actionschema.Block {
	blocks := map[string]actionschema.Block{}
	for _, b := range actionBlocks() {
		blocks[b.name()] = actionschema.SingleNestedBlock{
			MarkdownDescription: b.description,
			Attributes:          actionInputAttributes(blockFields(b.fields)),
		}
	}
	return blocks
}

// --- model ---------------------------------------------------------------------------------

type restoreCredentialsModel struct {
	UserName                       types.String `tfsdk:"user_name"`
	UserPassword                   types.String `tfsdk:"user_password"`
	UserCode                       types.String `tfsdk:"user_code"`
	ApplicationID                  types.String `tfsdk:"application_id"`
	ApplicationCertificate         types.String `tfsdk:"application_certificate"`
	ApplicationCertificatePassword types.String `tfsdk:"application_certificate_password"`
	ImpersonationAccountName       types.String `tfsdk:"impersonation_account_name"`
}

type restoreToOriginalLocationModel struct {
	restoreCredentialsModel
}

type restoreToModel struct {
	Mailbox                    types.String `tfsdk:"mailbox"`
	Folder                     types.String `tfsdk:"folder"`
	CASServer                  types.String `tfsdk:"cas_server"`
	OfficeRegion               types.String `tfsdk:"office_region"`
	OfficeOrganizationName     types.String `tfsdk:"office_organization_name"`
	ChangedItems               types.Bool   `tfsdk:"changed_items"`
	DeletedItems               types.Bool   `tfsdk:"deleted_items"`
	MarkRestoredAsUnread       types.Bool   `tfsdk:"mark_restored_as_unread"`
	ExcludeDrafts              types.Bool   `tfsdk:"exclude_drafts"`
	ExcludeDeletedItems        types.Bool   `tfsdk:"exclude_deleted_items"`
	ExcludeInPlaceHoldItems    types.Bool   `tfsdk:"exclude_in_place_hold_items"`
	ExcludeLitigationHoldItems types.Bool   `tfsdk:"exclude_litigation_hold_items"`
	restoreCredentialsModel
}

type exportToPSTModel struct {
	Path               types.String `tfsdk:"path"`
	Overwrite          types.Bool   `tfsdk:"overwrite"`
	EnablePSTSizeLimit types.Bool   `tfsdk:"enable_pst_size_limit"`
	PSTSizeLimitBytes  types.Int64  `tfsdk:"pst_size_limit_bytes"`
}

type saveToMSGModel struct {
	Path      types.String `tfsdk:"path"`
	Overwrite types.Bool   `tfsdk:"overwrite"`
}

type sendToDefaultAddressModel struct{}

type sendToDifferentAddressModel struct {
	From    types.String `tfsdk:"from"`
	To      types.String `tfsdk:"to"`
	Subject types.String `tfsdk:"subject"`
	Text    types.String `tfsdk:"text"`
}

// restoreInputsModel holds the inputs shared by the resource and the action; both embed it.
// A nil block pointer is an absent block.
type restoreInputsModel struct {
	RestoreSessionID          types.String                    `tfsdk:"restore_session_id"`
	MailboxID                 types.String                    `tfsdk:"mailbox_id"`
	ItemIDs                   types.Set                       `tfsdk:"item_ids"`
	Reason                    types.String                    `tfsdk:"reason"`
	RestoreToOriginalLocation *restoreToOriginalLocationModel `tfsdk:"restore_to_original_location"`
	RestoreTo                 *restoreToModel                 `tfsdk:"restore_to"`
	ExportToPST               *exportToPSTModel               `tfsdk:"export_to_pst"`
	SaveToMSG                 *saveToMSGModel                 `tfsdk:"save_to_msg"`
	SendToDefaultAddress      *sendToDefaultAddressModel      `tfsdk:"send_to_default_address"`
	SendToDifferentAddress    *sendToDifferentAddressModel    `tfsdk:"send_to_different_address"`
}

// presentActions returns the kinds of the action blocks that are present.
func (m *restoreInputsModel) presentActions() []vb365.ActionKind {
	var kinds []vb365.ActionKind
	add := func(present bool, kind vb365.ActionKind) {
		if present {
			kinds = append(kinds, kind)
		}
	}
	add(m.RestoreToOriginalLocation != nil, vb365.ActionRestoreToOriginalLocation)
	add(m.RestoreTo != nil, vb365.ActionRestoreTo)
	add(m.ExportToPST != nil, vb365.ActionExportToPST)
	add(m.SaveToMSG != nil, vb365.ActionSaveToMSG)
	add(m.SendToDefaultAddress != nil, vb365.ActionSendToDefaultAddress)
	add(m.SendToDifferentAddress != nil, vb365.ActionSendToDifferentAddress)
	return kinds
}

// --- validation ----------------------------------------------------------------------------

// validateRestoreInputs checks what the schema cannot express: exactly one action block, and
// credentials in exactly one form. Unknown values are skipped (checked again at apply).
func validateRestoreInputs(m *restoreInputsModel) diag.Diagnostics {
	var diags diag.Diagnostics
	present := m.presentActions()
	switch len(present) {
	case 0:
		diags.AddAttributeError(path.Root("restore_to_original_location"), "Missing action block",
			"Exactly one action block is required, one of: "+strings.Join(actionBlockNames(), ", ")+".")
	case 1:
	default:
		names := make([]string, len(present))
		for i, k := range present {
			names[i] = string(k)
		}
		diags.AddAttributeError(path.Root(names[1]), "Conflicting action blocks",
			"Exactly one action block is allowed, but these are set: "+strings.Join(names, ", ")+".")
	}
	if m.RestoreToOriginalLocation != nil {
		diags.Append(validateCredentials(path.Root(string(vb365.ActionRestoreToOriginalLocation)), m.RestoreToOriginalLocation.restoreCredentialsModel)...)
	}
	if m.RestoreTo != nil {
		diags.Append(validateCredentials(path.Root(string(vb365.ActionRestoreTo)), m.RestoreTo.restoreCredentialsModel)...)
	}
	return diags
}

type credentialForm struct {
	name     string
	fields   []string
	required []string
}

var credentialForms = []credentialForm{
	{name: "user name and password", fields: []string{"user_name", "user_password"}, required: []string{"user_name", "user_password"}},
	{name: "device code", fields: []string{"user_code"}, required: []string{"user_code"}},
	{name: "application certificate",
		fields:   []string{"application_id", "application_certificate", "application_certificate_password", "impersonation_account_name"},
		required: []string{"application_id", "application_certificate", "impersonation_account_name"}},
}

func (c restoreCredentialsModel) values() map[string]types.String {
	return map[string]types.String{
		"user_name": c.UserName, "user_password": c.UserPassword, "user_code": c.UserCode,
		"application_id": c.ApplicationID, "application_certificate": c.ApplicationCertificate,
		"application_certificate_password": c.ApplicationCertificatePassword,
		"impersonation_account_name":       c.ImpersonationAccountName,
	}
}

// validateCredentials requires credentials in exactly one form. A restore without credentials
// is refused: the REST API documents no default account for item restores, so the server would
// only fail later, after the plan was approved. Messages name attributes, never values.
func validateCredentials(block path.Path, c restoreCredentialsModel) diag.Diagnostics {
	var diags diag.Diagnostics
	values := c.values()
	for _, v := range values {
		if v.IsUnknown() {
			return nil
		}
	}
	var used []credentialForm
	for _, form := range credentialForms {
		for _, f := range form.fields {
			if !values[f].IsNull() {
				used = append(used, form)
				break
			}
		}
	}
	switch len(used) {
	case 0:
		diags.AddAttributeError(block, "Missing restore credentials",
			"Set credentials in exactly one form: user_name + user_password; user_code; or application_id + application_certificate "+
				"(+ application_certificate_password) + impersonation_account_name.")
		return diags
	case 1:
	default:
		diags.AddAttributeError(block, "Conflicting restore credentials",
			fmt.Sprintf("Credentials are given in more than one form (%s and %s); set exactly one.", used[0].name, used[1].name))
		return diags
	}
	for _, f := range used[0].required {
		if values[f].IsNull() {
			diags.AddAttributeError(block.AtName(f), "Incomplete restore credentials",
				fmt.Sprintf("%s is required with the %s form of credentials.", f, used[0].name))
		}
	}
	return diags
}

// --- execution -----------------------------------------------------------------------------

// restoreOutcome is what one action produced. Kind is empty when there is nothing to record:
// the request provably did not run (never sent, refused by the server, or stopped by a local
// check before sending). Otherwise the caller records the run, even when diagnostics hold an
// error: failed items, or an outcome that could not be confirmed.
type restoreOutcome struct {
	Kind       vb365.ActionKind
	ExecutedAt time.Time
	Statistics *vb365.RestoreStatistics
	Output     *outputFile
}

// restoreRunOptions are the caller's side of runRestore.
type restoreRunOptions struct {
	// OutputPath is where a file goes: the absolute path the resource planned. Empty: the
	// block's path.
	OutputPath string
	// KeepsRecord is true for the resource (an unconfirmed run is kept as a tainted record)
	// and false for the action (nothing is kept; invoking it again runs it again).
	KeepsRecord bool
	Progress    func(vb365.RestoreProgress)
}

// restoreNotConfiguredDetail explains a nil client: the provider's configuration was deferred
// (unknown provider attributes), so there was no client to hand over.
const restoreNotConfiguredDetail = "The provider was not configured (its configuration was unknown when this ran). " +
	"Apply again once the provider's configuration is known."

// outputTarget returns the path and overwrite flag of the present file block, if any.
func (m *restoreInputsModel) outputTarget() (kind vb365.ActionKind, filePath types.String, overwrite types.Bool, ok bool) {
	switch {
	case m.ExportToPST != nil:
		return vb365.ActionExportToPST, m.ExportToPST.Path, m.ExportToPST.Overwrite, true
	case m.SaveToMSG != nil:
		return vb365.ActionSaveToMSG, m.SaveToMSG.Path, m.SaveToMSG.Overwrite, true
	}
	return "", types.StringNull(), types.BoolNull(), false
}

func (m *restoreInputsModel) scope() (vb365.ItemScope, diag.Diagnostics) {
	var diags diag.Diagnostics
	var ids []string
	diags.Append(m.ItemIDs.ElementsAs(context.Background(), &ids, false)...)
	sort.Strings(ids)
	return vb365.ItemScope{
		RestoreSessionID: m.RestoreSessionID.ValueString(),
		MailboxID:        m.MailboxID.ValueString(),
		ItemIDs:          ids,
	}, diags
}

func (c restoreCredentialsModel) toClient() vb365.RestoreCredentials {
	return vb365.RestoreCredentials{
		UserName:                       c.UserName.ValueString(),
		UserPassword:                   c.UserPassword.ValueString(),
		UserCode:                       c.UserCode.ValueString(),
		ApplicationID:                  c.ApplicationID.ValueString(),
		ApplicationCertificate:         c.ApplicationCertificate.ValueString(),
		ApplicationCertificatePassword: c.ApplicationCertificatePassword.ValueString(),
		ImpersonationAccountName:       c.ImpersonationAccountName.ValueString(),
	}
}

func restoreOptBool(v types.Bool) *bool {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	b := v.ValueBool()
	return &b
}

func restoreOptInt64(v types.Int64) *int64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	n := v.ValueInt64()
	return &n
}

// runRestore performs the one POST the inputs describe (m must come from the configuration,
// which holds write-only credentials). It validates again first, since at plan time values
// may have been unknown. See restoreOutcome for what the caller records.
func runRestore(ctx context.Context, client *vb365.Client, m *restoreInputsModel, opts restoreRunOptions) (restoreOutcome, diag.Diagnostics) {
	var outcome restoreOutcome
	diags := validateRestoreInputs(m)
	if diags.HasError() {
		return outcome, diags
	}
	if client == nil {
		diags.AddError("Provider not configured", restoreNotConfiguredDetail)
		return outcome, diags
	}
	scope, d := m.scope()
	diags.Append(d...)
	if diags.HasError() {
		return outcome, diags
	}
	kind := m.presentActions()[0]
	_, filePath, overwrite, _ := m.outputTarget()
	target := filePath.ValueString()
	if opts.OutputPath != "" {
		target = opts.OutputPath
	}

	outcome.Kind = kind
	outcome.ExecutedAt = time.Now().UTC()
	var err error
	switch kind {
	case vb365.ActionRestoreToOriginalLocation:
		var stats vb365.RestoreStatistics
		stats, err = client.RestoreToOriginalLocation(ctx, scope,
			vb365.RestoreToOriginalLocationOptions{Credentials: m.RestoreToOriginalLocation.toClient()}, opts.Progress)
		outcome.Statistics = &stats
	case vb365.ActionRestoreTo:
		b := m.RestoreTo
		var stats vb365.RestoreStatistics
		stats, err = client.RestoreTo(ctx, scope, vb365.RestoreToOptions{
			Credentials:                b.toClient(),
			Mailbox:                    b.Mailbox.ValueString(),
			Folder:                     b.Folder.ValueString(),
			CASServer:                  b.CASServer.ValueString(),
			OfficeRegion:               b.OfficeRegion.ValueString(),
			OfficeOrganizationName:     b.OfficeOrganizationName.ValueString(),
			ChangedItems:               restoreOptBool(b.ChangedItems),
			DeletedItems:               restoreOptBool(b.DeletedItems),
			MarkRestoredAsUnread:       restoreOptBool(b.MarkRestoredAsUnread),
			ExcludeDrafts:              restoreOptBool(b.ExcludeDrafts),
			ExcludeDeletedItems:        restoreOptBool(b.ExcludeDeletedItems),
			ExcludeInPlaceHoldItems:    restoreOptBool(b.ExcludeInPlaceHoldItems),
			ExcludeLitigationHoldItems: restoreOptBool(b.ExcludeLitigationHoldItems),
		}, opts.Progress)
		outcome.Statistics = &stats
	case vb365.ActionExportToPST:
		pstOpts := vb365.ExportToPSTOptions{EnablePSTSizeLimit: restoreOptBool(m.ExportToPST.EnablePSTSizeLimit), PSTSizeLimitBytes: restoreOptInt64(m.ExportToPST.PSTSizeLimitBytes)}
		var out outputFile
		out, err = writeOutputFile(target, overwrite.ValueBool(), func(w io.Writer) (int64, error) {
			return client.ExportToPST(ctx, scope, pstOpts, w)
		})
		if err == nil {
			outcome.Output = &out
		}
	case vb365.ActionSaveToMSG:
		var out outputFile
		out, err = writeOutputFile(target, overwrite.ValueBool(), func(w io.Writer) (int64, error) {
			return client.SaveToMSG(ctx, scope, w)
		})
		if err == nil {
			outcome.Output = &out
		}
	case vb365.ActionSendToDefaultAddress:
		err = client.SendToDefaultAddress(ctx, scope)
	case vb365.ActionSendToDifferentAddress:
		b := m.SendToDifferentAddress
		err = client.SendToDifferentAddress(ctx, scope, vb365.SendToDifferentAddressOptions{
			From: b.From.ValueString(), To: b.To.ValueString(), Subject: b.Subject.ValueString(), Text: b.Text.ValueString(),
		})
	}

	switch {
	case err == nil:
		if s := outcome.Statistics; s != nil {
			diags.Append(statisticsDiagnostics(kind, len(scope.ItemIDs), *s)...)
		}
	case errors.Is(err, vb365.ErrRestoreFailed) && outcome.Statistics != nil:
		// The server ran the restore and reported it failed: record it with its statistics.
		diags.Append(statisticsDiagnostics(kind, len(scope.ItemIDs), *outcome.Statistics)...)
		if !diags.HasError() {
			diags.AddError("Restore failed", err.Error())
		}
	case errors.Is(err, vb365.ErrRestoreUnconfirmed):
		// The server accepted the restore, so it must not be posted again unnoticed.
		session := "(unknown)"
		if outcome.Statistics != nil && outcome.Statistics.SessionID != "" {
			session = outcome.Statistics.SessionID
		}
		outcome.Statistics = nil
		diags.AddError("Restore outcome unknown",
			fmt.Sprintf("The server accepted the restore but its result could not be read: %s\n\n"+
				"The restore may still be running; check restore session %s on the server before running it again. %s",
				err, session, unconfirmedRunNote(opts.KeepsRecord)))
	case requestDidNotRun(err):
		outcome = restoreOutcome{}
		if errors.Is(err, errOutputExists) || errors.Is(err, errOutputDirectory) {
			diags.AddAttributeError(path.Root(string(kind)).AtName("path"), "Cannot write the output file", err.Error())
		} else {
			diags.AddError("Mailbox item action "+string(kind)+" failed", err.Error())
		}
	default:
		// The request may have reached the server and run there (a connection lost after
		// sending, no answer in time, an unreadable answer, a download cut short).
		outcome.Statistics, outcome.Output = nil, nil
		diags.AddError("Mailbox item action outcome unknown",
			fmt.Sprintf("%s of %d item(s) was sent, but its result could not be confirmed: %s\n\n"+
				"The server may have run it. %s %s",
				kind, len(scope.ItemIDs), err, whatToCheck(kind, m, target), unconfirmedRunNote(opts.KeepsRecord)))
	}
	return outcome, diags
}

// requestDidNotRun reports whether an action's error proves that the server did not run it:
// the client never sent it, the server answered with an error status, or a local check
// stopped it before anything was requested.
func requestDidNotRun(err error) bool {
	var apiErr *vb365.APIError
	var notStarted *downloadNotStartedError
	return errors.Is(err, vb365.ErrNotSent) || errors.As(err, &apiErr) || errors.As(err, &notStarted)
}

// unconfirmedRunNote says what happens next with a run whose outcome is unknown.
func unconfirmedRunNote(keepsRecord bool) string {
	if keepsRecord {
		return "The record is kept (tainted), so the next plan shows a replacement instead of running it again silently. " +
			"If it did run, `terraform untaint` keeps the record; applying the replacement runs it again."
	}
	return "Invoking the action again runs it again."
}

// whatToCheck names where to look for the effect of a run whose outcome is unknown.
func whatToCheck(kind vb365.ActionKind, m *restoreInputsModel, outputPath string) string {
	switch kind {
	case vb365.ActionRestoreToOriginalLocation:
		return fmt.Sprintf("Check the original mailbox (%s in restore session %s) for the restored items before running it again.",
			m.MailboxID.ValueString(), m.RestoreSessionID.ValueString())
	case vb365.ActionRestoreTo:
		where := "mailbox " + m.RestoreTo.Mailbox.ValueString()
		if f := m.RestoreTo.Folder.ValueString(); f != "" {
			where += ", folder " + f
		}
		return "Check the target (" + where + ") for the restored items before running it again."
	case vb365.ActionSendToDefaultAddress:
		return "Check whether the mailbox owner received the items, or the server's e-mail log, before sending them again."
	case vb365.ActionSendToDifferentAddress:
		return "Check whether " + m.SendToDifferentAddress.To.ValueString() + " received the items, or the server's e-mail log, before sending them again."
	}
	return "Nothing was written to " + outputPath + "; running it again downloads the file again."
}

// statisticsDiagnostics turns a finished restore's counts into diagnostics: failed items are
// an error, server warnings are warnings.
func statisticsDiagnostics(kind vb365.ActionKind, requested int, s vb365.RestoreStatistics) diag.Diagnostics {
	var diags diag.Diagnostics
	if len(s.Warnings) > 0 {
		diags.AddWarning("Restore finished with warnings", strings.Join(s.Warnings, "\n"))
	}
	if s.Failed > 0 || s.CannotContinueError != "" {
		var detail strings.Builder
		fmt.Fprintf(&detail, "%s of %d requested item(s): created %d, merged %d, skipped %d, failed %d.",
			kind, requested, s.Created, s.Merged, s.Skipped, s.Failed)
		if s.CannotContinueError != "" {
			fmt.Fprintf(&detail, "\nThe server could not continue: %s", s.CannotContinueError)
		}
		for _, e := range s.Exceptions {
			fmt.Fprintf(&detail, "\n- %s", e)
		}
		if s.SessionID != "" {
			fmt.Fprintf(&detail, "\nRestore session: %s", s.SessionID)
		}
		diags.AddError("Restore finished with failed items", detail.String())
	}
	return diags
}

// progressMessage renders a v8 progress report for logs and the action's progress events.
func progressMessage(p vb365.RestoreProgress) string {
	msg := fmt.Sprintf("restore %s", strings.ToLower(p.State))
	if p.Total > 0 {
		msg += fmt.Sprintf(": %d of %d item(s) restored", p.Restored, p.Total)
	}
	if p.Failed > 0 {
		msg += fmt.Sprintf(", %d failed", p.Failed)
	}
	if p.Skipped > 0 {
		msg += fmt.Sprintf(", %d skipped", p.Skipped)
	}
	return msg
}

// checkOutputTargetAtPlan checks, when a run is planned, the output file of a file block: its
// directory must exist and an existing file needs overwrite (the run would fail anyway).
// It runs at plan time rather than in validation, so that `validate` does not depend on the
// local file system. Unknown values are skipped (checked again before the download).
func checkOutputTargetAtPlan(m *restoreInputsModel) diag.Diagnostics {
	var diags diag.Diagnostics
	kind, filePath, overwrite, ok := m.outputTarget()
	if !ok || filePath.IsNull() || filePath.IsUnknown() || overwrite.IsUnknown() || filePath.ValueString() == "" {
		return diags
	}
	_, err := checkOutputTarget(filePath.ValueString(), overwrite.ValueBool())
	if err == nil {
		return diags
	}
	summary := "Cannot write the output file"
	switch {
	case errors.Is(err, errOutputExists):
		summary = "Output file exists"
	case errors.Is(err, errNotADirectory):
		summary = "Output directory is not a directory"
	case errors.Is(err, errOutputDirectory) && errors.Is(err, fs.ErrNotExist):
		summary = "Output directory does not exist"
	}
	diags.AddAttributeError(path.Root(string(kind)).AtName("path"), summary, err.Error())
	return diags
}

// plannedOutputPath is the absolute path a file block writes to, when it is known at plan time.
func plannedOutputPath(m *restoreInputsModel) (types.String, bool) {
	_, filePath, _, ok := m.outputTarget()
	if !ok {
		return types.StringNull(), true
	}
	if filePath.IsUnknown() || filePath.IsNull() {
		return types.StringUnknown(), false
	}
	abs, err := absOutputPath(filePath.ValueString())
	if err != nil {
		return types.StringUnknown(), false
	}
	return types.StringValue(abs), true
}
