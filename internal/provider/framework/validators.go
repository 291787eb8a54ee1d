package framework

// Validators shared by several resources, data sources and the action.

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// RequiredInPresentBlock requires a value when the enclosing block is present.
type RequiredInPresentBlock struct{}

func (RequiredInPresentBlock) Description(context.Context) string {
	return "required when the enclosing block is present"
}

func (v RequiredInPresentBlock) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (RequiredInPresentBlock) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
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

// RFC3339Validator accepts RFC 3339 timestamps such as 2026-11-01T00:00:00Z.
type RFC3339Validator struct{}

func (RFC3339Validator) Description(context.Context) string {
	return "must be an RFC 3339 timestamp, e.g. 2026-11-01T00:00:00Z"
}

func (v RFC3339Validator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v RFC3339Validator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := time.Parse(time.RFC3339, req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid RFC 3339 timestamp",
			fmt.Sprintf("%q %s: %v.", req.ConfigValue.ValueString(), v.Description(ctx), err))
	}
}
