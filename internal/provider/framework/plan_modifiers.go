package framework

// Plan modifiers shared by the resources.

import (
	"bytes"
	"context"
	"time"

	"github.com/hashicorp/go-uuid"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// ReplaceWhenValueChanges plans a replacement when a value that is known in the plan differs
// from state. Unlike RequiresReplace it does not replace for a value that is unknown at plan
// time (e.g. read through a data source that depends on a replaced restore session): that is
// planned as an update, and the resource's Update checks the final value and refuses to record
// a different one. So a restore runs again only when what it restores changes in value.
type ReplaceWhenValueChanges struct {
	// Ignore names attributes of an object whose change alone does not replace it (the
	// accounts of an action block: who restores is recorded, not a reason to restore again).
	Ignore map[string]bool
}

var (
	_ planmodifier.String = ReplaceWhenValueChanges{}
	_ planmodifier.Bool   = ReplaceWhenValueChanges{}
	_ planmodifier.Int64  = ReplaceWhenValueChanges{}
	_ planmodifier.Set    = ReplaceWhenValueChanges{}
	_ planmodifier.Object = ReplaceWhenValueChanges{}
)

func (ReplaceWhenValueChanges) Description(context.Context) string {
	return "A change of this value, once known, runs the restore again (replacement); a value unknown at plan time is checked at apply."
}

func (m ReplaceWhenValueChanges) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

// ChangedInValue reports whether an existing resource's planned value is known in full and
// differs from its state.
func ChangedInValue(ctx context.Context, state, plan tftypes.Value, stateValue, planValue attr.Value) bool {
	if state.IsNull() || plan.IsNull() {
		return false // create or destroy: nothing to replace
	}
	raw, err := planValue.ToTerraformValue(ctx)
	if err != nil || !raw.IsFullyKnown() {
		return false
	}
	return !planValue.Equal(stateValue)
}

func (ReplaceWhenValueChanges) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	resp.RequiresReplace = ChangedInValue(ctx, req.State.Raw, req.Plan.Raw, req.StateValue, req.PlanValue) &&
		!SameInputValue(req.StateValue, req.PlanValue)
}

// SameInputValue reports whether two values of a restored input name the same thing though
// written differently: two RFC 3339 timestamps of the same instant
// ("2026-11-01T10:54:40Z" and "2026-11-01T12:54:40+02:00"), or two GUIDs that differ only in
// case. Such a change is recorded in place and runs nothing. Other IDs (Exchange item and
// folder IDs are base64) are compared exactly.
func SameInputValue(a, b types.String) bool {
	if a.IsNull() || b.IsNull() || a.IsUnknown() || b.IsUnknown() {
		return false
	}
	x, y := a.ValueString(), b.ValueString()
	if x == y {
		return true
	}
	if tx, err := time.Parse(time.RFC3339, x); err == nil {
		ty, err := time.Parse(time.RFC3339, y)
		return err == nil && tx.Equal(ty)
	}
	gx, errX := uuid.ParseUUID(x)
	gy, errY := uuid.ParseUUID(y)
	return errX == nil && errY == nil && bytes.Equal(gx, gy)
}

func (ReplaceWhenValueChanges) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	resp.RequiresReplace = ChangedInValue(ctx, req.State.Raw, req.Plan.Raw, req.StateValue, req.PlanValue)
}

func (ReplaceWhenValueChanges) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	resp.RequiresReplace = ChangedInValue(ctx, req.State.Raw, req.Plan.Raw, req.StateValue, req.PlanValue)
}

func (ReplaceWhenValueChanges) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	// As StringSetValues: compared in linear time (a record of thousands of mailbox IDs).
	resp.RequiresReplace = ChangedInValue(ctx, req.State.Raw, req.Plan.Raw, StringSetValue{req.StateValue}, StringSetValue{req.PlanValue})
}

func (m ReplaceWhenValueChanges) PlanModifyObject(ctx context.Context, req planmodifier.ObjectRequest, resp *planmodifier.ObjectResponse) {
	resp.RequiresReplace = ChangedInValue(ctx, req.State.Raw, req.Plan.Raw, withoutAttributes(req.StateValue, m.Ignore), withoutAttributes(req.PlanValue, m.Ignore))
}

// withoutAttributes is obj with the named attributes set to null (obj itself when none apply).
func withoutAttributes(obj types.Object, names map[string]bool) types.Object {
	if len(names) == 0 || obj.IsNull() || obj.IsUnknown() {
		return obj
	}
	attrs := obj.Attributes()
	changed := false
	for name := range names {
		if v, ok := attrs[name]; ok {
			if s, isString := v.(types.String); isString && !s.IsNull() {
				attrs[name] = types.StringNull()
				changed = true
			}
		}
	}
	if !changed {
		return obj
	}
	out, diags := types.ObjectValue(obj.AttributeTypes(context.Background()), attrs)
	if diags.HasError() {
		return obj
	}
	return out
}
