package framework

import (
	"context"
	"fmt"
	"iter"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// Shared pieces of the listing data sources.

const MaxPageSize = 10000 // the REST API's documented maximum `limit`

// ListingAttributes are max_items and page_size, common to every listing data source.
func ListingAttributes(noun string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"max_items": schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("Stop after this many %s (after filtering). Unset: all of them. "+
				"The listing pages through the API transparently either way.", noun),
			Validators: []validator.Int64{int64validator.AtLeast(1)},
		},
		"page_size": schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("Number of %s requested per API page (the `limit` query parameter), "+
				"1 to %d. Unset: the client's default.", noun, MaxPageSize),
			Validators: []validator.Int64{int64validator.Between(1, MaxPageSize)},
		},
	}
}

// RequiredID is a required, non-empty ID argument.
func RequiredID(desc string) schema.StringAttribute {
	return schema.StringAttribute{
		Required:            true,
		MarkdownDescription: desc,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

// OptionalFilter is an optional, non-empty filter argument.
func OptionalFilter(desc string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		MarkdownDescription: desc,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

func MergeAttributes(sets ...map[string]schema.Attribute) map[string]schema.Attribute {
	out := map[string]schema.Attribute{}
	for _, s := range sets {
		for k, v := range s {
			out[k] = v
		}
	}
	return out
}

// ListOptions maps max_items and page_size to the client's options. With a client-side filter
// the bound applies to matches, so the client must not stop early on its own.
func ListOptions(maxItems, pageSize types.Int64, clientSideFilter bool) vb365.ListOptions {
	var opts vb365.ListOptions
	if !pageSize.IsNull() && !pageSize.IsUnknown() {
		opts.PageSize = int(pageSize.ValueInt64())
	}
	if !clientSideFilter && !maxItems.IsNull() && !maxItems.IsUnknown() {
		opts.MaxItems = int(maxItems.ValueInt64())
	}
	return opts
}

// Collect drains a listing, keeping the elements keep accepts (all when keep is nil), and
// stops once maxItems are kept (0: no bound). Stopping early ends the paging.
func Collect[T any](seq iter.Seq2[T, error], keep func(T) bool, maxItems types.Int64) ([]T, error) {
	limit := 0
	if !maxItems.IsNull() && !maxItems.IsUnknown() {
		limit = int(maxItems.ValueInt64())
	}
	out := make([]T, 0)
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		if keep != nil && !keep(v) {
			continue
		}
		out = append(out, v)
		if limit > 0 && len(out) >= limit {
			break
		}
	}
	return out, nil
}

// WildcardMatch reports whether s matches pattern, case-insensitively, where * matches any
// run of characters and ? one character (the server's folder-name wildcards).
func WildcardMatch(pattern, s string) bool {
	p, t := []rune(strings.ToLower(pattern)), []rune(strings.ToLower(s))
	pi, ti := 0, 0
	star, mark := -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == t[ti]):
			pi++
			ti++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			ti = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// CollectBounded drains a listing into emit, keeping the elements keep accepts (all when keep
// is nil), and stops after maxItems kept elements (0: no bound). truncated reports that the
// listing had another element to keep: without keep the caller asks the client for one
// element more than maxItems (see boundedListOptions); with keep, paging goes on until the
// next kept element or the end.
func CollectBounded[T any](seq iter.Seq2[T, error], keep func(T) bool, maxItems int, emit func(T)) (truncated bool, err error) {
	kept := 0
	for v, err := range seq {
		if err != nil {
			return false, err
		}
		if keep != nil && !keep(v) {
			continue
		}
		if maxItems > 0 && kept >= maxItems {
			return true, nil
		}
		emit(v)
		kept++
	}
	return false, nil
}

// BoundedListOptions maps max_items and page_size to the client's options for
// CollectBounded: with a server-side-only listing one element more than max_items is asked
// for, to learn whether max_items cut the listing.
func BoundedListOptions(maxItems, pageSize types.Int64, clientSideFilter bool) (vb365.ListOptions, int) {
	opts := ListOptions(types.Int64Null(), pageSize, true)
	limit := 0
	if !maxItems.IsNull() && !maxItems.IsUnknown() {
		limit = int(maxItems.ValueInt64())
	}
	if limit > 0 && !clientSideFilter {
		opts.MaxItems = limit + 1
	}
	return opts, limit
}

// Large listings bypass the framework's value conversions: their list attributes have a
// custom type (rawListType) whose values wrap the Terraform value as built (RawListValue), so
// the framework's post-Read semantic-equality pass does not convert every element into
// attr.Values, and the Read sets the state's raw tftypes value directly.

// RawListType is a list type whose values keep their tftypes.Value as is.
type RawListType struct {
	basetypes.ListType
}

var (
	_ basetypes.ListTypable  = RawListType{}
	_ basetypes.ListValuable = RawListValue{}
)

func (t RawListType) Equal(o attr.Type) bool {
	other, ok := o.(RawListType)
	return ok && t.ListType.Equal(other.ListType)
}

func (t RawListType) String() string { return "rawListType[" + t.ElemType.String() + "]" }

func (t RawListType) ValueType(context.Context) attr.Value { return RawListValue{typ: t} }

func (t RawListType) ValueFromTerraform(ctx context.Context, v tftypes.Value) (attr.Value, error) {
	if !v.Type().Is(tftypes.List{}) {
		return nil, fmt.Errorf("expected a list, got %s", v.Type())
	}
	return RawListValue{typ: t, raw: v}, nil
}

func (t RawListType) ValueFromList(ctx context.Context, l basetypes.ListValue) (basetypes.ListValuable, diag.Diagnostics) {
	v, err := l.ToTerraformValue(ctx)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Converting a list", err.Error())
		return nil, diags
	}
	return RawListValue{typ: t, raw: v}, nil
}

// RawListValue is a list held as its Terraform value; it converts to a basetypes.ListValue
// only when asked.
type RawListValue struct {
	typ RawListType
	raw tftypes.Value
}

func (v RawListValue) Type(context.Context) attr.Type { return v.typ }

func (v RawListValue) ToTerraformValue(ctx context.Context) (tftypes.Value, error) {
	if v.raw.Type() == nil {
		return tftypes.NewValue(v.typ.TerraformType(ctx), nil), nil
	}
	return v.raw, nil
}

func (v RawListValue) Equal(o attr.Value) bool {
	other, ok := o.(RawListValue)
	return ok && v.typ.Equal(other.typ) && v.raw.Equal(other.raw)
}

func (v RawListValue) IsNull() bool { return v.raw.Type() == nil || v.raw.IsNull() }

func (v RawListValue) IsUnknown() bool { return v.raw.Type() != nil && !v.raw.IsKnown() }

func (v RawListValue) String() string { return "rawList" }

func (v RawListValue) ToListValue(ctx context.Context) (basetypes.ListValue, diag.Diagnostics) {
	raw, _ := v.ToTerraformValue(ctx)
	value, err := v.typ.ListType.ValueFromTerraform(ctx, raw)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Converting a list", err.Error())
		return basetypes.NewListUnknown(v.typ.ElemType), diags
	}
	list, ok := value.(basetypes.ListValue)
	if !ok {
		var diags diag.Diagnostics
		diags.AddError("Converting a list", fmt.Sprintf("unexpected value %T", value))
		return basetypes.NewListUnknown(v.typ.ElemType), diags
	}
	return list, nil
}

// RawListOf is the custom type of a list nested attribute with these element attributes.
func RawListOf(attrs map[string]schema.Attribute) RawListType {
	return RawListType{ListType: basetypes.ListType{ElemType: types.ObjectType{AttrTypes: AttrTypesOf(attrs)}}}
}
