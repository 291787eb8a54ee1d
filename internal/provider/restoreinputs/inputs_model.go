package restoreinputs

// The model of a restore's inputs and its expansion into the client's options (state to API).

import (
	"context"
	"fmt"
	"sort"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

type RestoreCredentialsModel struct {
	UserName                       types.String `tfsdk:"user_name"`
	UserPassword                   types.String `tfsdk:"user_password"`
	UserCode                       types.String `tfsdk:"user_code"`
	ApplicationID                  types.String `tfsdk:"application_id"`
	ApplicationCertificate         types.String `tfsdk:"application_certificate"`
	ApplicationCertificatePassword types.String `tfsdk:"application_certificate_password"`
	ImpersonationAccountName       types.String `tfsdk:"impersonation_account_name"`
}

type RestoreToOriginalLocationModel struct {
	RestoreCredentialsModel
}

type RestoreToModel struct {
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
	RestoreCredentialsModel
}

type ExportToPSTModel struct {
	Path               types.String `tfsdk:"path"`
	Overwrite          types.Bool   `tfsdk:"overwrite"`
	EnablePSTSizeLimit types.Bool   `tfsdk:"enable_pst_size_limit"`
	PSTSizeLimitBytes  types.Int64  `tfsdk:"pst_size_limit_bytes"`
	ContentKeyword     types.String `tfsdk:"content_keyword"`
}

type SaveToMSGModel struct {
	Path      types.String `tfsdk:"path"`
	Overwrite types.Bool   `tfsdk:"overwrite"`
}

type SendToDefaultAddressModel struct{}

type SendToDifferentAddressModel struct {
	From    types.String `tfsdk:"from"`
	To      types.String `tfsdk:"to"`
	Subject types.String `tfsdk:"subject"`
	Text    types.String `tfsdk:"text"`
}

// RestoreInputsModel holds the inputs shared by the resource and the action; both embed it.
// A nil block pointer is an absent block.
type RestoreInputsModel struct {
	sessions.SessionSourceModel
	MailboxID                 types.String                    `tfsdk:"mailbox_id"`
	ItemIDs                   types.Set                       `tfsdk:"item_ids"`
	FolderID                  types.String                    `tfsdk:"folder_id"`
	WholeMailbox              types.Bool                      `tfsdk:"whole_mailbox"`
	WholeOrganization         types.Bool                      `tfsdk:"whole_organization"`
	Reason                    types.String                    `tfsdk:"reason"`
	RestoreToOriginalLocation *RestoreToOriginalLocationModel `tfsdk:"restore_to_original_location"`
	RestoreTo                 *RestoreToModel                 `tfsdk:"restore_to"`
	ExportToPST               *ExportToPSTModel               `tfsdk:"export_to_pst"`
	SaveToMSG                 *SaveToMSGModel                 `tfsdk:"save_to_msg"`
	SendToDefaultAddress      *SendToDefaultAddressModel      `tfsdk:"send_to_default_address"`
	SendToDifferentAddress    *SendToDifferentAddressModel    `tfsdk:"send_to_different_address"`
}

// PresentActions returns the kinds of the action blocks that are present.
func (m *RestoreInputsModel) PresentActions() []vb365.ActionKind {
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

// OutputTarget returns the path and overwrite flag of the present file block, if any.
func (m *RestoreInputsModel) OutputTarget() (kind vb365.ActionKind, filePath types.String, overwrite types.Bool, ok bool) {
	switch {
	case m.ExportToPST != nil:
		return vb365.ActionExportToPST, m.ExportToPST.Path, m.ExportToPST.Overwrite, true
	case m.SaveToMSG != nil:
		return vb365.ActionSaveToMSG, m.SaveToMSG.Path, m.SaveToMSG.Overwrite, true
	}
	return "", types.StringNull(), types.BoolNull(), false
}

// SortedItemIDs returns the configured item IDs, sorted.
func (m *RestoreInputsModel) SortedItemIDs() ([]string, diag.Diagnostics) {
	var ids []string
	diags := m.ItemIDs.ElementsAs(context.Background(), &ids, false)
	sort.Strings(ids)
	return ids, diags
}

// ExpandScope is the client's scope of the restore in the session sessionID.
func (m *RestoreInputsModel) ExpandScope(sessionID string) (vb365.ItemScope, diag.Diagnostics) {
	ids, diags := m.SortedItemIDs()
	return vb365.ItemScope{
		RestoreSessionID: sessionID, MailboxID: m.MailboxID.ValueString(), ItemIDs: ids,
		FolderID: m.FolderID.ValueString(), WholeMailbox: m.WholeMailbox.ValueBool(), WholeOrganization: m.WholeOrganization.ValueBool(),
	}, diags
}

// RestoreScopeKind says what a restore acts on.
type RestoreScopeKind int

const (
	ScopeItems RestoreScopeKind = iota
	ScopeFolder
	ScopeWholeMailbox
	ScopeWholeOrganization
)

// ScopeKind is what the configuration selects; validation guarantees exactly one.
func (m *RestoreInputsModel) ScopeKind() RestoreScopeKind {
	switch {
	case !m.FolderID.IsNull():
		return ScopeFolder
	case m.WholeMailbox.ValueBool():
		return ScopeWholeMailbox
	case m.WholeOrganization.ValueBool():
		return ScopeWholeOrganization
	}
	return ScopeItems
}

// ScopeSummary names what a restore acts on, for messages: "2 item(s)", "folder <id> and its
// subfolders", "the whole mailbox <id>".
func ScopeSummary(scope vb365.ItemScope) string {
	switch {
	case scope.FolderID != "":
		return "folder " + scope.FolderID + " and its subfolders"
	case scope.WholeMailbox:
		return "the whole mailbox " + scope.MailboxID
	case scope.WholeOrganization:
		return "every mailbox of the organization"
	}
	return fmt.Sprintf("%d item(s)", len(scope.ItemIDs))
}

// CredentialValues are the secret credentials the run sends (its block's, or the defaults
// when the block sets none), for redaction of server texts.
func (m *RestoreInputsModel) CredentialValues(defaults vb365.RestoreCredentials) []string {
	switch {
	case m.RestoreToOriginalLocation != nil:
		return CredentialSecrets(m.RestoreToOriginalLocation.WithDefault(defaults))
	case m.RestoreTo != nil:
		return CredentialSecrets(m.RestoreTo.WithDefault(defaults))
	}
	return nil
}

func (c RestoreCredentialsModel) Expand() vb365.RestoreCredentials {
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

func (b *RestoreToOriginalLocationModel) Expand(defaults vb365.RestoreCredentials) vb365.RestoreToOriginalLocationOptions {
	return vb365.RestoreToOriginalLocationOptions{Credentials: b.WithDefault(defaults)}
}

func (b *RestoreToModel) Expand(defaults vb365.RestoreCredentials) vb365.RestoreToOptions {
	return vb365.RestoreToOptions{
		Credentials:                b.WithDefault(defaults),
		Mailbox:                    b.Mailbox.ValueString(),
		Folder:                     b.Folder.ValueString(),
		CASServer:                  b.CASServer.ValueString(),
		OfficeRegion:               b.OfficeRegion.ValueString(),
		OfficeOrganizationName:     b.OfficeOrganizationName.ValueString(),
		ChangedItems:               framework.OptionalBool(b.ChangedItems),
		DeletedItems:               framework.OptionalBool(b.DeletedItems),
		MarkRestoredAsUnread:       framework.OptionalBool(b.MarkRestoredAsUnread),
		ExcludeDrafts:              framework.OptionalBool(b.ExcludeDrafts),
		ExcludeDeletedItems:        framework.OptionalBool(b.ExcludeDeletedItems),
		ExcludeInPlaceHoldItems:    framework.OptionalBool(b.ExcludeInPlaceHoldItems),
		ExcludeLitigationHoldItems: framework.OptionalBool(b.ExcludeLitigationHoldItems),
	}
}

func (b *ExportToPSTModel) Expand() vb365.ExportToPSTOptions {
	return vb365.ExportToPSTOptions{EnablePSTSizeLimit: framework.OptionalBool(b.EnablePSTSizeLimit), PSTSizeLimitBytes: framework.OptionalInt64(b.PSTSizeLimitBytes),
		ContentKeyword: b.ContentKeyword.ValueString()}
}

func (b *SendToDifferentAddressModel) Expand() vb365.SendToDifferentAddressOptions {
	return vb365.SendToDifferentAddressOptions{
		From: b.From.ValueString(), To: b.To.ValueString(), Subject: b.Subject.ValueString(), Text: b.Text.ValueString(),
	}
}
