package framework

// Attribute and value helpers every domain uses: computed schema attributes, optional values
// sent only when set, and the one text for a provider whose configuration was deferred.

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	resourceschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func ComputedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
}

func ComputedInt64(desc string) schema.Int64Attribute {
	return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
}

// AttrTypesOf derives the object attribute types from schema attributes.
func AttrTypesOf(attrs map[string]schema.Attribute) map[string]attr.Type {
	types := make(map[string]attr.Type, len(attrs))
	for name, a := range attrs {
		types[name] = a.GetType()
	}
	return types
}

// NonEmptyString maps "" (not sent) to null.
func NonEmptyString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// OptionalBool is nil for a null or unknown value: the option is then not sent.
func OptionalBool(v types.Bool) *bool {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	b := v.ValueBool()
	return &b
}

func OptionalInt64(v types.Int64) *int64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	n := v.ValueInt64()
	return &n
}

// StableComputedString is a computed resource attribute that keeps its value from state in
// plans that do not replace the resource.
func StableComputedString(description string) resourceschema.StringAttribute {
	return resourceschema.StringAttribute{Computed: true, MarkdownDescription: description,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
}

// ParseTimeFilter reads an optional RFC 3339 argument (validated already).
func ParseTimeFilter(v types.String, name string, diags *diag.Diagnostics) *time.Time {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	t, err := time.Parse(time.RFC3339, v.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root(name), "Invalid time", fmt.Sprintf("%s must be an RFC 3339 time: %s", name, err))
		return nil
	}
	return &t
}

// RestoreNotConfiguredDetail explains a nil client: the provider's configuration was deferred
// (unknown provider attributes), so there was no client to hand over.
const RestoreNotConfiguredDetail = "The provider was not configured (its configuration was unknown when this ran). " +
	"Apply again once the provider's configuration is known."
