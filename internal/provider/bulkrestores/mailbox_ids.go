package bulkrestores

// Mailbox IDs are GUIDs: two spellings that differ only in case name one mailbox. A set that
// holds one mailbox twice is refused (the plan would count two, the server restore one), and a
// change of case alone is no change (recorded in place, nothing restored again).

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
)

// foldedMailboxIDs are the known IDs of a set in lower case, sorted; ok is false while the set or
// an ID is unknown or null.
func foldedMailboxIDs(v attr.Value) (ids []string, ok bool) {
	set, isSet := v.(framework.StringSetValue)
	if !isSet || set.IsNull() || set.IsUnknown() {
		return nil, false
	}
	for _, e := range set.Elements() {
		s, isString := e.(types.String)
		if !isString || s.IsUnknown() || s.IsNull() {
			return nil, false
		}
		ids = append(ids, strings.ToLower(s.ValueString()))
	}
	slices.Sort(ids)
	return ids, true
}

// checkDuplicateMailboxIDs refuses a set naming one mailbox twice (IDs equal but for case).
func checkDuplicateMailboxIDs(v attr.Value, diags *diag.Diagnostics) bool {
	ids, ok := foldedMailboxIDs(v)
	if !ok {
		return true // checked again once known
	}
	var twice []string
	for i := 1; i < len(ids); i++ {
		if ids[i] == ids[i-1] && (len(twice) == 0 || twice[len(twice)-1] != ids[i]) {
			twice = append(twice, ids[i])
		}
	}
	if len(twice) > 0 {
		diags.AddAttributeError(path.Root("mailbox_ids"), "Mailbox listed twice",
			fmt.Sprintf("mailbox_ids names %s more than once (mailbox IDs are GUIDs: spellings that differ only in case are "+
				"one mailbox). List each mailbox once.", strings.Join(quoted(twice), ", ")))
		return false
	}
	return true
}

// sameMailboxIDSet reports whether two known sets name the same mailboxes.
func sameMailboxIDSet(a, b attr.Value) bool {
	x, okX := foldedMailboxIDs(a)
	y, okY := foldedMailboxIDs(b)
	return okX && okY && slices.Equal(x, y)
}

// replaceWhenMailboxesChange plans a new run when the set, once known, names other mailboxes;
// a change of case alone is recorded in place.
type replaceWhenMailboxesChange struct{}

var _ planmodifier.Set = replaceWhenMailboxesChange{}

func (replaceWhenMailboxesChange) Description(context.Context) string {
	return "Another set of mailboxes, once known, runs the restore again (replacement); a change of case alone does not."
}

func (m replaceWhenMailboxesChange) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (replaceWhenMailboxesChange) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	state, okState := req.StateValue.ToSetValue(ctx)
	plan, okPlan := req.PlanValue.ToSetValue(ctx)
	planned := framework.StringSetValue{SetValue: plan}
	if _, known := foldedMailboxIDs(planned); okState.HasError() || okPlan.HasError() || !known {
		return // unknown at plan time: checked at apply (Update refuses another set)
	}
	resp.RequiresReplace = !sameMailboxIDSet(framework.StringSetValue{SetValue: state}, planned)
}
