package restoreinputs

import (
	"context"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var _ planmodifier.String = replaceWhenSourceChanges{}

// replaceWhenSourceChanges is replaceWhenValueChanges for organization_id and point_in_time,
// except where one side of the change is unset because that side reads a restore_session_id:
// that switch is judged by the resource's plan (planSessionSourceChange), which can read the
// session's organization from the server.
type replaceWhenSourceChanges struct{}

func (replaceWhenSourceChanges) Description(context.Context) string {
	return "A change of this value, once known, runs the restore again (replacement); switching between restore_session_id " +
		"and organization_id at the same point in time is recorded in place."
}

func (m replaceWhenSourceChanges) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (replaceWhenSourceChanges) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	resp.RequiresReplace = framework.ChangedInValue(ctx, req.State.Raw, req.Plan.Raw, req.StateValue, req.PlanValue) &&
		!framework.SameInputValue(req.StateValue, req.PlanValue) &&
		!SourceSwitch(req.Path.String(), req.State.Raw, req.Plan.Raw)
}

// SourceSwitch reports whether the change of a session-source input (organization_id or
// point_in_time) between two objects of the resource is a switch to or from restore_session_id
// rather than a change of what is restored: the input is unset on one side only, and a
// restore_session_id is set on one side. Two set values that differ are always a change.
func SourceSwitch(name string, state, plan tftypes.Value) bool {
	if name != "organization_id" && name != "point_in_time" {
		return false
	}
	before, after := rawAttribute(state, name), rawAttribute(plan, name)
	if before.IsNull() == after.IsNull() {
		return false
	}
	return rawStringSet(rawAttribute(state, "restore_session_id")) || rawStringSet(rawAttribute(plan, "restore_session_id"))
}

// rawAttribute is a top-level attribute of a raw object (a null string when absent).
func rawAttribute(obj tftypes.Value, name string) tftypes.Value {
	v, _, err := tftypes.WalkAttributePath(obj, tftypes.NewAttributePath().WithAttributeName(name))
	if value, ok := v.(tftypes.Value); err == nil && ok {
		return value
	}
	return tftypes.NewValue(tftypes.String, nil)
}

// rawStringSet reports whether a raw value is a set (non-null) string, known or not.
func rawStringSet(v tftypes.Value) bool {
	return !v.IsNull() && v.Type().Is(tftypes.String)
}
