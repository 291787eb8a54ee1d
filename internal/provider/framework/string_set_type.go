package framework

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// StringSetType is the type of a set of strings that may hold thousands of elements (the
// mailbox_ids of an incident restore): the same set(string) in the schema, in the state and in
// the models (StringSetValue, a types.Set of its own type), checked for duplicates in linear
// time.
//
// basetypes.SetType checks a set by comparing every pair of its elements with
// tftypes.Value.Equal, which walks both values and allocates each time, and the framework
// checks a set each time it reads the attribute from a request or writes it into a response
// (about ten times in a plan): with 5,000 elements a plan spent over 20 s of CPU there
// (issue 29).
type StringSetType struct{ basetypes.SetType }

var (
	_ basetypes.SetTypable                    = StringSetType{}
	_ basetypes.SetValuable                   = StringSetValue{}
	_ basetypes.SetValuableWithSemanticEquals = StringSetValue{}
)

// NewStringSetType is a StringSetType of types.String elements.
func NewStringSetType() StringSetType {
	return StringSetType{basetypes.SetType{ElemType: types.StringType}}
}

// Equal reports whether o is a StringSetType of the same element type.
func (t StringSetType) Equal(o attr.Type) bool {
	other, ok := o.(StringSetType)
	return ok && t.SetType.Equal(other.SetType)
}

func (t StringSetType) String() string {
	return "framework.StringSetType[" + t.ElementType().String() + "]"
}

// ValueType is the zero StringSetValue.
func (t StringSetType) ValueType(ctx context.Context) attr.Value {
	v, _ := t.SetType.ValueType(ctx).(basetypes.SetValue)
	return StringSetValue{SetValue: v}
}

func (t StringSetType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.SetType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	set, ok := v.(basetypes.SetValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return StringSetValue{SetValue: set}, nil
}

func (t StringSetType) ValueFromSet(_ context.Context, set basetypes.SetValue) (basetypes.SetValuable, diag.Diagnostics) {
	return StringSetValue{SetValue: set}, nil
}

// Validate reports each value that occurs more than once, as basetypes.SetType does, by
// looking each element up in a map of the values seen. Elements not wholly known are not
// checked (Terraform checks them once known). (xattr.TypeWithValidate is deprecated, but the
// framework still calls it on every read and write of the attribute.)
func (t StringSetType) Validate(_ context.Context, in tftypes.Value, p path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	if in.Type() == nil || !in.IsKnown() || in.IsNull() {
		return diags
	}
	var elems []tftypes.Value
	if err := in.As(&elems); err != nil {
		diags.AddAttributeError(p, "Set Type Validation Error", "An unexpected error was encountered trying to validate an "+
			"attribute value. This is always an error in the provider. Please report the following to the provider developer:\n\n"+err.Error())
		return diags
	}
	seen := make(map[string]int, len(elems))
	nulls := 0
	for _, e := range elems {
		if !e.IsFullyKnown() {
			continue
		}
		if e.IsNull() {
			if nulls++; nulls > 1 {
				diags.AddAttributeError(p, "Duplicate Set Element", fmt.Sprintf("This attribute contains duplicate values of: %s", e))
			}
			continue
		}
		var s string
		if err := e.As(&s); err != nil {
			diags.AddAttributeError(p, "Set Type Validation Error", "An unexpected error was encountered trying to validate an "+
				"attribute value. This is always an error in the provider. Please report the following to the provider developer:\n\n"+err.Error())
			return diags
		}
		if seen[s]++; seen[s] > 1 {
			diags.AddAttributeError(p, "Duplicate Set Element", fmt.Sprintf("This attribute contains duplicate values of: %s", e))
		}
	}
	return diags
}

// StringSetValue is a value of StringSetType: a types.Set (its elements, IsNull, IsUnknown, ...).
type StringSetValue struct{ basetypes.SetValue }

func (v StringSetValue) Type(ctx context.Context) attr.Type {
	return StringSetType{basetypes.SetType{ElemType: v.ElementType(ctx)}}
}

// Equal reports whether o is a StringSetValue holding the same elements (or the same null or
// unknown), in linear time (EqualSets).
func (v StringSetValue) Equal(o attr.Value) bool {
	other, ok := o.(StringSetValue)
	return ok && EqualSets(v.SetValue, other.SetValue)
}

// SetSemanticEquals reports whether the value read or planned holds the same strings as the
// prior one (EqualSets), so that the framework keeps the prior value. Without it the framework
// matches each element against each prior element, logging each comparison: quadratic (with
// 1,500 mailbox IDs, a third of the CPU of a refresh and plan).
func (v StringSetValue) SetSemanticEquals(_ context.Context, prior basetypes.SetValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	other, ok := prior.(StringSetValue)
	return ok && EqualSets(v.SetValue, other.SetValue), diags
}

// EqualSets is a.Equal(b) in linear time for sets of known strings: basetypes.SetValue.Equal
// looks each element up in a copy of the other set's elements, quadratic in time and memory.
// Other sets are compared by a.Equal(b).
func EqualSets(a, b basetypes.SetValue) bool {
	ea, eb := a.Elements(), b.Elements()
	if a.IsNull() || a.IsUnknown() || b.IsNull() || b.IsUnknown() || len(ea) != len(eb) || len(ea) < 2 ||
		!a.ElementType(context.Background()).Equal(b.ElementType(context.Background())) {
		return a.Equal(b)
	}
	in := make(map[basetypes.StringValue]bool, len(ea))
	for _, e := range ea {
		s, ok := e.(basetypes.StringValue)
		if !ok || s.IsUnknown() {
			return a.Equal(b)
		}
		in[s] = true
	}
	for _, e := range eb {
		s, ok := e.(basetypes.StringValue)
		if !ok || s.IsUnknown() {
			return a.Equal(b)
		}
		if !in[s] {
			return false
		}
	}
	return true
}
