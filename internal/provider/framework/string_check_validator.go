package framework

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var _ validator.String = StringCheckValidator{}

// StringCheckValidator adapts a check function to a schema validator: Rule describes what the
// Check accepts, Check returns why a value breaks it.
type StringCheckValidator struct {
	Rule  string
	Check func(string) error
}

func (v StringCheckValidator) Description(context.Context) string { return v.Rule }

func (v StringCheckValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v StringCheckValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.Check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
			fmt.Sprintf("The %s attribute %s.", req.Path, err))
	}
}
