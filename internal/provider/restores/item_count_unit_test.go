package restores

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest/simclient"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// countTree is a folder tree: a (top) with b below it and c below b; d (top); e whose parent
// is not listed (a top folder as far as the mailbox's listing shows).
func countTree() map[string]vb365.Folder {
	folders := map[string]vb365.Folder{}
	for _, f := range []vb365.Folder{
		{ID: "A", Name: "a"}, {ID: "B", Name: "b", ParentID: "A"}, {ID: "C", Name: "c", ParentID: "B"},
		{ID: "D", Name: "d"}, {ID: "E", Name: "e", ParentID: "GONE"},
	} {
		folders[strings.ToLower(f.ID)] = f
	}
	return folders
}

func TestTopFolderOf(t *testing.T) {
	folders := countTree()
	for _, tc := range []struct {
		key, root string
		whole     bool
		want      string
	}{
		{"c", "", true, "a"}, {"b", "", true, "a"}, {"a", "", true, "a"}, {"d", "", true, "d"}, {"e", "", true, "e"},
		{"unlisted", "", true, "unlisted"},
		{"a", "a", false, "a"}, {"b", "a", false, "b"}, {"c", "a", false, "b"}, {"d", "a", false, ""},
		{"c", "b", false, "c"}, {"b", "b", false, "b"}, {"a", "b", false, ""},
	} {
		if got := topFolderOf(folders, tc.key, tc.root, tc.whole); got != tc.want {
			t.Errorf("topFolderOf(%q, root %q, whole %v) = %q, want %q", tc.key, tc.root, tc.whole, got, tc.want)
		}
	}
	// A cycle in the parent links ends.
	cycle := map[string]vb365.Folder{"x": {ID: "x", ParentID: "y"}, "y": {ID: "y", ParentID: "x"}}
	_ = topFolderOf(cycle, "x", "", true)
	if got := topFolderOf(cycle, "x", "z", false); got != "" {
		t.Errorf("cycle: %q", got)
	}
}

func TestSubtreeOf(t *testing.T) {
	got := subtreeOf(countTree(), "a")
	if strings.Join(got, ",") != "a,b,c" {
		t.Errorf("subtreeOf(a) = %v", got)
	}
	cycle := map[string]vb365.Folder{"x": {ID: "x", ParentID: "y"}, "y": {ID: "y", ParentID: "x"}}
	if got := subtreeOf(cycle, "x"); len(got) != 2 {
		t.Errorf("subtreeOf a cycle = %v", got)
	}
}

// TestFolderCountList: the largest folders first (ties by path), at most folderCountsShown
// entries, the last summing the rest with the number of folders it stands for.
func TestFolderCountList(t *testing.T) {
	counts, folders, paths := map[string]int64{}, map[string]vb365.Folder{}, map[string]string{}
	var total int64
	for i := range folderCountsShown + 3 {
		key := fmt.Sprintf("f%02d", i)
		counts[key] = int64(i)
		total += int64(i)
		folders[key] = vb365.Folder{ID: strings.ToUpper(key)}
		paths[key] = "Folder " + key
	}
	list := folderCountList(counts, folders, paths)
	if len(list) != folderCountsShown {
		t.Fatalf("%d entries, want %d", len(list), folderCountsShown)
	}
	if list[0].Path != "Folder f12" || list[0].Count != 12 || list[0].FolderID != "F12" {
		t.Errorf("first entry %+v", list[0])
	}
	var sum int64
	for _, e := range list {
		sum += e.Count
	}
	last := list[len(list)-1]
	if sum != total || last.FolderID != "" || last.Path != "4 other folders" {
		t.Errorf("sum %d (want %d), last entry %+v", sum, total, last)
	}
	ties := folderCountList(map[string]int64{"b": 1, "a": 1, "": 2}, map[string]vb365.Folder{}, map[string]string{"a": "A", "b": "B"})
	if ties[0].Path != "(items outside any folder)" || ties[1].Path != "A" || ties[2].Path != "B" {
		t.Errorf("ties: %+v", ties)
	}
}

func TestItemCountValues(t *testing.T) {
	count, byFolder, diags := itemCount{Total: 3, Known: true, ByFolder: []folderItemCount{{FolderID: "A", Path: "a", Count: 3}}}.values()
	if diags.HasError() || diags.WarningsCount() != 0 || count.ValueInt64() != 3 || len(byFolder.Elements()) != 1 {
		t.Errorf("known: %v %v %v", count, byFolder, diags)
	}
	count, _, diags = itemCount{Total: 7, Reason: "more than 5000000 items: counting stopped there"}.values()
	if !count.IsNull() || diags.WarningsCount() != 1 || !strings.Contains(diags[0].Detail(), "more than 5000000 items") {
		t.Errorf("not known: %v %v", count, diags)
	}
}

// TestCountScopeItems_largeMailboxAndCap: a whole mailbox is counted across pages; past the
// limit the count is not known and says why, and the listing stops there.
func TestCountScopeItems_largeMailboxAndCap(t *testing.T) {
	const n = 25
	_, client := simclient.New(t, "v8", vb365sim.WithLargeMailbox("Large Mailbox", n))
	ctx := context.Background()
	sessionID := vb365sim.SeedRestoreSessionID
	mailboxID := vb365sim.LargeMailboxID("Large Mailbox")
	m := &restoreinputs.RestoreInputsModel{MailboxID: types.StringValue(mailboxID), WholeMailbox: types.BoolValue(true), FolderID: types.StringNull()}
	count, err := scopeItemCount(ctx, client, sessionID, m)
	if err != nil || !count.Known || count.Total != n {
		t.Fatalf("count = %+v, %v; want %d known", count, err, n)
	}
	var inFolders int64
	for _, e := range count.ByFolder {
		inFolders += e.Count
	}
	if inFolders != n {
		t.Errorf("per folder %+v sums to %d, want %d", count.ByFolder, inFolders, n)
	}

	defer func(limit int64) { itemCountLimit = limit }(itemCountLimit)
	itemCountLimit = 10
	count, err = scopeItemCount(ctx, client, sessionID, m)
	if err != nil || count.Known || !strings.Contains(count.Reason, "more than 10 items") {
		t.Fatalf("capped count = %+v, %v", count, err)
	}
	if _, _, diags := count.values(); diags.WarningsCount() != 1 {
		t.Errorf("capped count warns %d times", diags.WarningsCount())
	}
}
