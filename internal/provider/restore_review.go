package provider

// The review of a restore: what each item is, whose mailbox it comes from and where it goes,
// read from the server when the restore is planned, so that a reviewer of `terraform plan`
// sees known values before approving it.

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"golang.org/x/sync/errgroup"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// reviewParallelism bounds the item reads of one review; the client's own limit
// (max_concurrent_requests) applies on top.
const reviewParallelism = 8

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

	review.Items = make([]vb365.Item, len(itemIDs))
	group, groupCtx := errgroup.WithContext(ctx)
	group.SetLimit(reviewParallelism)
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
func (r restoreReview) scopeSummary(m *restoreInputsModel) (types.String, diag.Diagnostics) {
	var diags diag.Diagnostics
	switch m.scopeKind() {
	case scopeFolder:
		folderPath, ok := r.Folders[strings.ToLower(m.FolderID.ValueString())]
		if !ok {
			diags.AddAttributeError(path.Root("folder_id"), "Folder not found",
				fmt.Sprintf("Mailbox %s (%s) has no folder with ID %q in this restore session. Nothing was run.",
					r.Mailbox.ID, r.Mailbox.Email, m.FolderID.ValueString()))
			return types.StringUnknown(), diags
		}
		return types.StringValue("folder " + folderPath + " and its subfolders"), diags
	case scopeWholeMailbox:
		name := r.Mailbox.Email
		if name == "" {
			name = r.Mailbox.Name
		}
		if name == "" {
			name = r.Mailbox.ID
		}
		return types.StringValue("the whole mailbox " + name), diags
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
func (r restoreReview) flattenReviewedItems(m *restoreInputsModel) (types.List, diag.Diagnostics) {
	var diags diag.Diagnostics
	elemType := types.ObjectType{AttrTypes: reviewedItemAttrTypes}
	if m.scopeKind() != scopeItems {
		return types.ListNull(elemType), diags
	}
	elems := make([]attr.Value, 0, len(r.Items))
	for _, item := range r.Items {
		subject := ""
		if item.Subject != nil {
			subject = *item.Subject
		}
		obj, d := types.ObjectValue(reviewedItemAttrTypes, map[string]attr.Value{
			"id":            types.StringValue(item.ID),
			"type":          types.StringValue(itemTypeName(item)),
			"item_class":    nonEmptyString(item.ItemClass),
			"subject":       nonEmptyString(subject),
			"folder_id":     nonEmptyString(item.FolderID),
			"folder":        nonEmptyString(r.Folders[strings.ToLower(item.FolderID)]),
			"date":          nonEmptyString(itemDate(item)),
			"version_state": nonEmptyString(r.VersionStates[item.ID]),
		})
		diags.Append(d...)
		elems = append(elems, obj)
	}
	list, d := types.ListValue(elemType, elems)
	diags.Append(d...)
	return list, diags
}

// flattenSourceMailbox is the `source_mailbox` attribute of the restore record.
func (r restoreReview) flattenSourceMailbox() (types.Object, diag.Diagnostics) {
	return types.ObjectValue(sourceMailboxAttrTypes, map[string]attr.Value{
		"id":         types.StringValue(r.Mailbox.ID),
		"name":       nonEmptyString(r.Mailbox.Name),
		"email":      nonEmptyString(r.Mailbox.Email),
		"is_archive": types.BoolValue(r.Mailbox.IsArchive),
	})
}

// restoreTarget says where a restore goes, for the plan: known when the action block's values
// are. sourceEmail (may be empty) names the original mailbox.
func restoreTarget(m *restoreInputsModel, outputPath types.String, sourceEmail string) types.String {
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
