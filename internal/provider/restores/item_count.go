package restores

// item_count: how many items a restore acts on, known in the plan. For item_ids it is their
// number; for a folder (with its subfolders, as the server restores them) or the whole mailbox
// it is counted from the server's item listings while planning, streamed page by page so that
// only counters are held in memory, and bounded in time and in the number of items counted.

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// itemCountLimit caps the items counted for one restore: past it the count is not known
// (item_count null, a warning says so) rather than holding a plan for an unbounded listing.
// A variable so that a test can lower it.
var itemCountLimit int64 = 5_000_000

const (
	// itemCountTimeout bounds the counting of one restore's items, like a data source's read.
	itemCountTimeout = framework.DefaultDataSourceReadTimeout
	// itemCountPageSize is the page size of the counting listings: the API's maximum, as few
	// requests as possible.
	itemCountPageSize = framework.MaxPageSize
	// folderCountsShown bounds item_count_by_folder: the largest folders, the rest summed up.
	folderCountsShown = 10
)

var folderItemCountAttrTypes = map[string]attr.Type{
	"folder":     types.StringType,
	"folder_id":  types.StringType,
	"item_count": types.Int64Type,
}

// folderItemCount is one entry of item_count_by_folder.
type folderItemCount struct {
	FolderID string // empty for the entry that sums the folders not shown
	Path     string
	Count    int64
}

// itemCount is what counting the items of a folder or mailbox found.
type itemCount struct {
	Total    int64
	Known    bool   // false: capped or stopped (Reason says why)
	Reason   string // why the count is not known
	ByFolder []folderItemCount
}

// errItemCountCapped stops a counting listing at itemCountLimit.
var errItemCountCapped = errors.New("item count limit reached")

// countScopeItems counts the items of a folder scope (the folder and every folder below it)
// or of the whole mailbox, per top folder: for a folder the folder itself (its own items) and
// each of its subfolders with everything below it; for the mailbox each top-level folder with
// everything below it. folders holds every folder of the mailbox by lower-case ID.
func countScopeItems(ctx context.Context, client *vb365.Client, sessionID, mailboxID string, folders map[string]vb365.Folder,
	paths map[string]string, folderID string, wholeMailbox bool,
) itemCount {
	ctx, cancel := context.WithTimeout(ctx, itemCountTimeout)
	defer cancel()
	// topOf maps a folder to the entry of item_count_by_folder it is counted in ("" : outside the scope).
	tops := map[string]string{}
	topOf := func(id string) string {
		key := strings.ToLower(id)
		top, ok := tops[key]
		if !ok {
			top = topFolderOf(folders, key, strings.ToLower(folderID), wholeMailbox)
			tops[key] = top
		}
		return top
	}
	counts := map[string]int64{}
	// Every top folder of the scope is shown, an empty one with 0.
	for key, f := range folders {
		parent := strings.ToLower(f.ParentID)
		_, parentListed := folders[parent]
		if (wholeMailbox && !parentListed) || (!wholeMailbox && (key == strings.ToLower(folderID) || parent == strings.ToLower(folderID))) {
			counts[key] = 0
		}
	}
	var total int64
	add := func(folderKey string) error {
		top := topOf(folderKey)
		if top == "" && !wholeMailbox {
			return nil
		}
		counts[top]++
		total++
		if total > itemCountLimit {
			return errItemCountCapped
		}
		return nil
	}
	var err error
	if wholeMailbox {
		// One listing of the whole mailbox: its pages name each item's folder.
		err = countListing(ctx, client, sessionID, mailboxID, "", func(s vb365.ItemSummary) error { return add(s.FolderID) })
	} else {
		// The folder's own listing and one per folder below it (a listing names no subfolders' items).
		for _, key := range subtreeOf(folders, strings.ToLower(folderID)) {
			id := folders[key].ID
			if id == "" {
				id = folderID
			}
			err = countListing(ctx, client, sessionID, mailboxID, id, func(vb365.ItemSummary) error { return add(key) })
			if err != nil {
				break
			}
		}
	}
	result := itemCount{Total: total, Known: err == nil}
	switch {
	case errors.Is(err, errItemCountCapped):
		result.Reason = fmt.Sprintf("more than %d items: counting stopped there", itemCountLimit)
	case err != nil && ctx.Err() != nil:
		result.Reason = fmt.Sprintf("counting did not finish within %s (%d items counted)", itemCountTimeout, total)
	case err != nil:
		result.Reason = "counting failed after " + fmt.Sprint(total) + " items: " + err.Error()
	}
	result.ByFolder = folderCountList(counts, folders, paths)
	return result
}

// countListing streams one item listing (a folder's, or the mailbox's when folderID is empty)
// into count, decoding only the summaries.
func countListing(ctx context.Context, client *vb365.Client, sessionID, mailboxID, folderID string, count func(vb365.ItemSummary) error) error {
	q := vb365.ItemQuery{ListOptions: vb365.ListOptions{PageSize: itemCountPageSize}, FolderID: folderID}
	for s, err := range client.ItemSummaries(ctx, sessionID, mailboxID, q) {
		if err != nil {
			return err
		}
		if err := count(s); err != nil {
			return err
		}
	}
	return nil
}

// subtreeOf lists root and every folder below it (lower-case IDs), root first. A cycle in the
// parent links cannot loop: each folder is taken once.
func subtreeOf(folders map[string]vb365.Folder, root string) []string {
	children := map[string][]string{}
	for key, f := range folders {
		children[strings.ToLower(f.ParentID)] = append(children[strings.ToLower(f.ParentID)], key)
	}
	out, seen := []string{root}, map[string]bool{root: true}
	for i := 0; i < len(out); i++ {
		kids := children[out[i]]
		sort.Strings(kids)
		for _, k := range kids {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out
}

// topFolderOf is the entry of item_count_by_folder that the folder key is counted in: for a
// folder scope rooted at root, root itself or the child of root it lies below ("" when it is
// not below root); for the whole mailbox, its top-level folder (the folder itself when its
// parent is not a listed folder).
func topFolderOf(folders map[string]vb365.Folder, key, root string, wholeMailbox bool) string {
	current := key
	for depth := 0; depth <= len(folders); depth++ {
		f, ok := folders[current]
		if !ok {
			if wholeMailbox {
				return current
			}
			return ""
		}
		parent := strings.ToLower(f.ParentID)
		if !wholeMailbox {
			if current == root {
				return root
			}
			if parent == root {
				return current
			}
		} else if _, listed := folders[parent]; parent == "" || !listed {
			return current
		}
		if parent == "" {
			break
		}
		current = parent
	}
	if wholeMailbox {
		return key
	}
	return ""
}

// folderCountList is item_count_by_folder: the folders with the most items first (ties by
// path), at most folderCountsShown entries, the rest summed in a last entry without folder_id.
func folderCountList(counts map[string]int64, folders map[string]vb365.Folder, paths map[string]string) []folderItemCount {
	list := make([]folderItemCount, 0, len(counts))
	for key, n := range counts {
		entry := folderItemCount{FolderID: key, Path: paths[key], Count: n}
		if f, ok := folders[key]; ok {
			entry.FolderID = f.ID
		}
		switch {
		case key == "":
			entry.Path = "(items outside any folder)"
		case entry.Path == "":
			entry.Path = "(folder " + entry.FolderID + ")"
		}
		list = append(list, entry)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].Count != list[j].Count {
			return list[i].Count > list[j].Count
		}
		return list[i].Path < list[j].Path
	})
	if len(list) > folderCountsShown {
		rest := folderItemCount{Path: fmt.Sprintf("%d other folders", len(list)-folderCountsShown+1)}
		for _, e := range list[folderCountsShown-1:] {
			rest.Count += e.Count
		}
		list = append(list[:folderCountsShown-1], rest)
	}
	return list
}

// itemCountValues are item_count and item_count_by_folder for the plan, and a warning when
// the count is not known.
func (c itemCount) values() (types.Int64, types.List, diag.Diagnostics) {
	var diags diag.Diagnostics
	elemType := types.ObjectType{AttrTypes: folderItemCountAttrTypes}
	elems := make([]attr.Value, 0, len(c.ByFolder))
	for _, e := range c.ByFolder {
		obj, d := types.ObjectValue(folderItemCountAttrTypes, map[string]attr.Value{
			"folder": types.StringValue(e.Path), "folder_id": framework.NonEmptyString(e.FolderID), "item_count": types.Int64Value(e.Count),
		})
		diags.Append(d...)
		elems = append(elems, obj)
	}
	byFolder, d := types.ListValue(elemType, elems)
	diags.Append(d...)
	if !c.Known {
		diags.AddAttributeWarning(path.Root("item_count"), "Item count not known",
			"The number of items this restore acts on is not known: "+c.Reason+". item_count is null in this plan and "+
				"item_count_by_folder shows what was counted; a policy that limits the number of items refuses an unknown count.")
		return types.Int64Null(), byFolder, diags
	}
	return types.Int64Value(c.Total), byFolder, diags
}

// itemCountSummary names a count in words for messages: "12 items", "1 item", "an unknown number of items".
func itemCountSummary(n int64, known bool) string {
	switch {
	case !known:
		return "an unknown number of items"
	case n == 1:
		return "1 item"
	}
	return fmt.Sprintf("%d items", n)
}

// scopeItemCount counts the items a restore acts on without a review (the action's progress):
// the number of item IDs, or the folder's or mailbox's items counted on the server.
func scopeItemCount(ctx context.Context, client *vb365.Client, sessionID string, m *restoreinputs.RestoreInputsModel) (itemCount, error) {
	if m.ScopeKind() == restoreinputs.ScopeItems {
		return itemCount{Total: int64(len(m.ItemIDs.Elements())), Known: true}, nil
	}
	if reason := uncountedScope(m); reason != "" {
		return itemCount{Reason: reason}, nil
	}
	mailboxID := m.MailboxID.ValueString()
	folders := map[string]vb365.Folder{}
	for f, err := range client.Folders(ctx, sessionID, mailboxID, vb365.FolderQuery{}) {
		if err != nil {
			return itemCount{}, fmt.Errorf("listing the folders of mailbox %q: %w", mailboxID, err)
		}
		folders[strings.ToLower(f.ID)] = f
	}
	return countScopeItems(ctx, client, sessionID, mailboxID, folders, folderPaths(folders), m.FolderID.ValueString(),
		m.ScopeKind() == restoreinputs.ScopeWholeMailbox), nil
}

// progressText is the action's progress message of a count: "12 items (Inbox: 10, Archive: 2)".
func (c itemCount) progressText() string {
	text := itemCountSummary(c.Total, c.Known)
	if !c.Known {
		text += " (" + c.Reason + ")"
	}
	if len(c.ByFolder) > 0 {
		parts := make([]string, 0, len(c.ByFolder))
		for _, e := range c.ByFolder {
			parts = append(parts, fmt.Sprintf("%s: %d", e.Path, e.Count))
		}
		text += "; per top folder: " + strings.Join(parts, ", ")
	}
	return text
}
