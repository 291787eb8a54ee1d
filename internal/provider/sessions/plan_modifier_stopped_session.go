package sessions

import (
	"context"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// replaceStoppedSession keeps the known state of a working session in the plan and plans
// the replacement of a stopped one (its value becomes unknown, which Terraform sees as a
// change of an attribute that requires replacement).
type replaceStoppedSession struct{}

func (replaceStoppedSession) Description(context.Context) string {
	return "A stopped session is replaced by a new one."
}

func (m replaceStoppedSession) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (replaceStoppedSession) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || req.StateValue.IsNull() {
		return
	}
	if framework.SessionIsStopped(req.StateValue.ValueString()) {
		resp.PlanValue = types.StringUnknown()
		resp.RequiresReplace = true
		resp.Diagnostics.AddAttributeWarning(req.Path, "Restore session stopped",
			"The restore session is "+req.StateValue.ValueString()+" on the server, so it will be replaced by a new session.")
		return
	}
	if resp.PlanValue.IsUnknown() {
		resp.PlanValue = req.StateValue
	}
}
