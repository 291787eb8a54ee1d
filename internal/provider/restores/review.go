package restores

// The review of a restore: what each item is, whose mailbox it comes from and where it goes,
// read from the server when the restore is planned, so that a reviewer of `terraform plan`
// sees known values before approving it.

import (
	"context"
	"fmt"
	"strings"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/browsing"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"golang.org/x/sync/errgroup"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var reviewedItemAttrTypes = map[string]attr.Type{
	"id":         types.StringType,
	"type":       types.StringType,
	"item_class": types.StringType,
	"subject":    types.StringType,
	"folder_id":  types.StringType,
	"folder":     types.StringType,
	"date":       types.StringType,
	// version_state: current, deleted or earlier_version (item_version_state.go).
	"version_state": types.StringType,
}

var sourceMailboxAttrTypes = map[string]attr.Type{
	"id":         types.StringType,
	"name":       types.StringType,
	"email":      types.StringType,
	"is_archive": types.BoolType,
}

// restoreReview is what the server reports of the mailbox and the items of a restore.
type restoreReview struct {
	Mailbox vb365.Mailbox
	Items   []vb365.Item      // in the order of the sorted item IDs
	Folders map[string]string // folder ID -> path of folder names, e.g. "Inbox/Projects"
	// folderList holds every folder of the mailbox by lower-case ID (for counting items).
	folderList map[string]vb365.Folder
	// Organization names the organization of a whole_organization export (no mailbox then).
	Organization vb365.Organization
	// VersionStates names each item's version_state (item ID -> state); nil when not known
	// (restore_session_id: the server does not report a session's options).
	VersionStates map[string]string
}

// reviewRestore reads the mailbox, its folders and each item of a restore.
func reviewRestore(ctx context.Context, client *vb365.Client, sessionID, mailboxID string, itemIDs []string) (restoreReview, error) {
	var review restoreReview
	mailbox, err := client.Mailbox(ctx, sessionID, mailboxID)
	if err != nil {
		return review, fmt.Errorf("reading mailbox %q: %w", mailboxID, err)
	}
	review.Mailbox = mailbox
	folders := map[string]vb365.Folder{}
	for f, err := range client.Folders(ctx, sessionID, mailboxID, vb365.FolderQuery{}) {
		if err != nil {
			return review, fmt.Errorf("listing the folders of mailbox %q: %w", mailboxID, err)
		}
		folders[strings.ToLower(f.ID)] = f
	}
	review.Folders = folderPaths(folders)
	review.folderList = folders

	review.Items = make([]vb365.Item, len(itemIDs))
	group, groupCtx := errgroup.WithContext(ctx)
	group.SetLimit(browsing.ReviewParallelism)
	for i, id := range itemIDs {
		group.Go(func() error {
			item, err := client.Item(groupCtx, sessionID, mailboxID, id)
			if err != nil {
				return fmt.Errorf("reading item %q of mailbox %q: %w", id, mailboxID, err)
			}
			review.Items[i] = item
			return nil
		})
	}
	return review, group.Wait()
}

// folderPaths names every folder by the path of names from its top-level folder. A parent
// that is not listed ends the path (and a cycle cannot loop: the depth is bounded).
func folderPaths(folders map[string]vb365.Folder) map[string]string {
	paths := make(map[string]string, len(folders))
	for key, f := range folders {
		names := []string{f.Name}
		parent := f.ParentID
		for depth := 0; parent != "" && depth < len(folders); depth++ {
			p, ok := folders[strings.ToLower(parent)]
			if !ok {
				break
			}
			names = append([]string{p.Name}, names...)
			parent = p.ParentID
		}
		paths[key] = strings.Join(names, "/")
	}
	return paths
}

// itemDate is the date a reviewer recognises an item by: the date of its listing summary
// (vb365.Item.Summary), so the plan's review and vb365_mailbox_items agree.
func itemDate(item vb365.Item) string {
	if date := item.Summary().Date; date != nil {
		return *date
	}
	return ""
}

// scopeSummary is the `scope` attribute of the restore record: the number of items, the
// folder's path of names, or the mailbox. A folder the mailbox does not have fails the review,
// as an unknown item does, before anything runs.
func (r restoreReview) scopeSummary(m *restoreinputs.RestoreInputsModel) (types.String, diag.Diagnostics) {
	var diags diag.Diagnostics
	switch m.ScopeKind() {
	case restoreinputs.ScopeFolder:
		folderPath, ok := r.Folders[strings.ToLower(m.FolderID.ValueString())]
		if !ok {
			diags.AddAttributeError(path.Root("folder_id"), "Folder not found",
				fmt.Sprintf("Mailbox %s (%s) has no folder with ID %q in this restore session. Nothing was run.",
					r.Mailbox.ID, r.Mailbox.Email, m.FolderID.ValueString()))
			return types.StringUnknown(), diags
		}
		return withKeyword(types.StringValue("folder "+folderPath+" and its subfolders"), m), diags
	case restoreinputs.ScopeWholeMailbox:
		name := r.Mailbox.Email
		if name == "" {
			name = r.Mailbox.Name
		}
		if name == "" {
			name = r.Mailbox.ID
		}
		return withKeyword(types.StringValue("the whole mailbox "+name), m), diags
	case restoreinputs.ScopeWholeOrganization:
		name := r.Organization.Name
		if name == "" {
			name = r.Organization.ID
		}
		return withKeyword(types.StringValue("every mailbox of the organization "+name), m), diags
	}
	return itemsScopeSummary(len(r.Items)), diags
}

// itemsScopeSummary is the `scope` of a restore of n listed items.
func itemsScopeSummary(n int) types.String {
	if n == 1 {
		return types.StringValue("1 item")
	}
	return types.StringValue(fmt.Sprintf("%d items", n))
}

// flattenReviewedItems is the `items` attribute of the restore record: null for a folder or the
// whole mailbox, whose items the server resolves.
func (r restoreReview) flattenReviewedItems(m *restoreinputs.RestoreInputsModel) (types.List, diag.Diagnostics) {
	var diags diag.Diagnostics
	elemType := types.ObjectType{AttrTypes: reviewedItemAttrTypes}
	if m.ScopeKind() != restoreinputs.ScopeItems {
		return types.ListNull(elemType), diags
	}
	elems := make([]attr.Value, 0, len(r.Items))
	for _, item := range r.Items {
		subject := ""
		if item.Subject != nil {
			subject = *item.Subject
		}
		obj, d := types.ObjectValue(reviewedItemAttrTypes, map[string]attr.Value{
			"id":         types.StringValue(item.ID),
			"type":       types.StringValue(browsing.ItemTypeName(item)),
			"item_class": framework.NonEmptyString(item.ItemClass),
			"subject":    framework.NonEmptyString(subject),
			"folder_id":  framework.NonEmptyString(item.FolderID),
			"folder":     framework.NonEmptyString(r.Folders[strings.ToLower(item.FolderID)]),
			"date":       framework.NonEmptyString(itemDate(item)),

			"version_state": framework.NonEmptyString(r.VersionStates[item.ID]),
		})
		diags.Append(d...)
		elems = append(elems, obj)
	}
	list, d := types.ListValue(elemType, elems)
	diags.Append(d...)
	return list, diags
}

// flattenSourceMailbox is the `source_mailbox` attribute of the restore record: null for the
// whole organization, which has no one mailbox.
func (r restoreReview) flattenSourceMailbox() (types.Object, diag.Diagnostics) {
	if r.Mailbox.ID == "" && (r.Organization.ID != "" || r.Organization.Name != "") {
		return types.ObjectNull(sourceMailboxAttrTypes), nil
	}
	return types.ObjectValue(sourceMailboxAttrTypes, map[string]attr.Value{
		"id":         types.StringValue(r.Mailbox.ID),
		"name":       framework.NonEmptyString(r.Mailbox.Name),
		"email":      framework.NonEmptyString(r.Mailbox.Email),
		"is_archive": types.BoolValue(r.Mailbox.IsArchive),
	})
}

// restoreTarget says where a restore goes, for the plan: known when the action block's values
// are. sourceEmail (may be empty) names the original mailbox.
func restoreTarget(m *restoreinputs.RestoreInputsModel, outputPath types.String, sourceEmail string) types.String {
	original := "the original mailbox"
	if sourceEmail != "" {
		original += " " + sourceEmail
	}
	knownString := func(v types.String) (string, bool) { return v.ValueString(), !v.IsUnknown() }
	switch {
	case m.RestoreToOriginalLocation != nil:
		return types.StringValue("original location: " + original)
	case m.RestoreTo != nil:
		mailbox, ok1 := knownString(m.RestoreTo.Mailbox)
		folder, ok2 := knownString(m.RestoreTo.Folder)
		if !ok1 || !ok2 {
			return types.StringUnknown()
		}
		if folder == "" {
			return types.StringValue("mailbox " + mailbox + " (the items' own folders)")
		}
		return types.StringValue("mailbox " + mailbox + ", folder " + folder)
	case m.ExportToPST != nil, m.SaveToMSG != nil:
		if outputPath.IsUnknown() || outputPath.IsNull() {
			return types.StringUnknown()
		}
		kind := "PST"
		if m.SaveToMSG != nil {
			kind = "MSG"
		}
		return types.StringValue(kind + " file " + outputPath.ValueString())
	case m.SendToDefaultAddress != nil:
		if sourceEmail == "" {
			return types.StringValue("e-mail to the address of the mailbox owner")
		}
		return types.StringValue("e-mail to " + sourceEmail + " (the mailbox owner)")
	case m.SendToDifferentAddress != nil:
		to, ok := knownString(m.SendToDifferentAddress.To)
		if !ok {
			return types.StringUnknown()
		}
		return types.StringValue("e-mail to " + to)
	}
	return types.StringUnknown()
}

// itemCount is item_count and item_count_by_folder of the restore: the number of item IDs, or
// the items of the folder (with its subfolders) or of the whole mailbox, counted on the server.
func (r restoreReview) itemCount(ctx context.Context, client *vb365.Client, sessionID string, m *restoreinputs.RestoreInputsModel) (types.Int64, types.List, diag.Diagnostics) {
	if m.ScopeKind() == restoreinputs.ScopeItems {
		return types.Int64Value(int64(len(r.Items))), types.ListNull(types.ObjectType{AttrTypes: folderItemCountAttrTypes}), nil
	}
	if reason := uncountedScope(m); reason != "" {
		return itemCount{Reason: reason}.values()
	}
	count := countScopeItems(ctx, client, sessionID, r.Mailbox.ID, r.folderList, r.Folders, m.FolderID.ValueString(), m.ScopeKind() == restoreinputs.ScopeWholeMailbox)
	return count.values()
}

// uncountedScope says why the items a restore acts on cannot be counted while planning, or "":
// a whole organization would mean listing every mailbox, and a content keyword is matched by
// the server's search, whose count the export does not report (counting the scope would
// overstate it, and a policy must not read an upper bound as the count).
func uncountedScope(m *restoreinputs.RestoreInputsModel) string {
	switch {
	case m.ScopeKind() == restoreinputs.ScopeWholeOrganization:
		return "a whole-organization export is not counted while planning (every mailbox would be listed)"
	case m.ExportToPST != nil && !m.ExportToPST.ContentKeyword.IsNull():
		return "only items matching content_keyword are exported, and the server counts the matches only when it runs"
	}
	return ""
}

// withKeyword adds the export's content_keyword to a scope: only what matches is exported.
func withKeyword(scope types.String, m *restoreinputs.RestoreInputsModel) types.String {
	if m.ExportToPST == nil || m.ExportToPST.ContentKeyword.IsNull() {
		return scope
	}
	if m.ExportToPST.ContentKeyword.IsUnknown() {
		return types.StringUnknown()
	}
	return types.StringValue(fmt.Sprintf("%s, only what matches %q", scope.ValueString(), m.ExportToPST.ContentKeyword.ValueString()))
}

// reviewRestoreScope reads what a restore acts on: the mailbox, its folders and the items
// (reviewRestore), or for the whole organization only its name.
func reviewRestoreScope(ctx context.Context, client *vb365.Client, sessionID string, m *restoreinputs.RestoreInputsModel, itemIDs []string) (restoreReview, error) {
	if m.ScopeKind() == restoreinputs.ScopeWholeOrganization {
		org, err := client.RestoreSessionOrganization(ctx, sessionID)
		if err != nil {
			return restoreReview{}, fmt.Errorf("reading the organization of the restore session: %w", err)
		}
		return restoreReview{Organization: org}, nil
	}
	return reviewRestore(ctx, client, sessionID, m.MailboxID.ValueString(), itemIDs)
}

// requireRestoreVersion fails, before any request, when the restore needs a newer API version
// than the client speaks: the whole organization and content keywords are v6+.
func requireRestoreVersion(ctx context.Context, client *vb365.Client, m *restoreinputs.RestoreInputsModel, diags *diag.Diagnostics) bool {
	var operation string
	switch {
	case m.ScopeKind() == restoreinputs.ScopeWholeOrganization:
		operation = "exporting the whole organization to PST (whole_organization)"
	case m.ExportToPST != nil && !m.ExportToPST.ContentKeyword.IsNull():
		operation = "exporting to PST by content keyword (content_keyword)"
	default:
		return true
	}
	if err := client.RequireVersion(ctx, operation, vb365.V6); err != nil {
		framework.AddClientError(diags, "Not available in this API version", "Checking the API version for "+operation+" (nothing was sent)", err)
		return false
	}
	return true
}
