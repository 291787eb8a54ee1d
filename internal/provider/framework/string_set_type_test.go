package framework

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func rawStringSet(elems ...tftypes.Value) tftypes.Value {
	return tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, elems)
}

func rawStrings(ss ...string) []tftypes.Value {
	out := make([]tftypes.Value, len(ss))
	for i, s := range ss {
		out[i] = tftypes.NewValue(tftypes.String, s)
	}
	return out
}

func manyIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
	}
	return out
}

// Validate reports what basetypes.SetType reports: a duplicate, never an element not yet known.
func TestStringSetType_validateAsSetType(t *testing.T) {
	ctx := context.Background()
	unknown := tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	null := tftypes.NewValue(tftypes.String, nil)
	for name, in := range map[string]tftypes.Value{
		"unique":        rawStringSet(rawStrings("a", "b", "c")...),
		"duplicate":     rawStringSet(rawStrings("a", "b", "a")...),
		"two unknowns":  rawStringSet(append(rawStrings("a"), unknown, unknown)...),
		"two nulls":     rawStringSet(null, null),
		"null set":      tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, nil),
		"unknown set":   tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, tftypes.UnknownValue),
		"empty":         rawStringSet(),
		"case differs":  rawStringSet(rawStrings("A", "a")...),
		"many distinct": rawStringSet(rawStrings(manyIDs(50)...)...),
	} {
		want := basetypes.SetType{ElemType: types.StringType}.Validate(ctx, in, path.Root("ids"))
		got := NewStringSetType().Validate(ctx, in, path.Root("ids"))
		if !got.Equal(want) {
			t.Errorf("%s: %v; basetypes.SetType: %v", name, got, want)
		}
	}
}

// Validate and EqualSets stay linear: a set of 20,000 IDs costs a few allocations an element
// (basetypes.SetType's pairwise check costs hundreds of millions).
func TestStringSetType_linear(t *testing.T) {
	ctx := context.Background()
	const n = 20000
	ids := manyIDs(n)
	in := rawStringSet(rawStrings(ids...)...)
	typ := NewStringSetType()
	if a := testing.AllocsPerRun(1, func() {
		if d := typ.Validate(ctx, in, path.Root("ids")); d.HasError() {
			t.Fatal(d)
		}
	}); a > 4*n {
		t.Errorf("Validate of %d elements: %.0f allocations", n, a)
	}
	elems := make([]attr.Value, n)
	reversed := make([]attr.Value, n)
	for i, id := range ids {
		elems[i], reversed[n-1-i] = types.StringValue(id), types.StringValue(id)
	}
	a, b := types.SetValueMust(types.StringType, elems), types.SetValueMust(types.StringType, reversed)
	if allocs := testing.AllocsPerRun(1, func() {
		if !EqualSets(a, b) {
			t.Fatal("the same IDs in another order differ")
		}
	}); allocs > n {
		t.Errorf("EqualSets of %d elements: %.0f allocations", n, allocs)
	}
}

// EqualSets is basetypes.SetValue.Equal.
func TestEqualSets_asSetValueEqual(t *testing.T) {
	set := func(ss ...string) basetypes.SetValue {
		elems := make([]attr.Value, len(ss))
		for i, s := range ss {
			elems[i] = types.StringValue(s)
		}
		return types.SetValueMust(types.StringType, elems)
	}
	withUnknown := types.SetValueMust(types.StringType, []attr.Value{types.StringValue("a"), types.StringUnknown()})
	null, unknown := types.SetNull(types.StringType), types.SetUnknown(types.StringType)
	ints := types.SetValueMust(types.Int64Type, []attr.Value{types.Int64Value(1), types.Int64Value(2)})
	cases := [][2]basetypes.SetValue{
		{set("a", "b", "c"), set("c", "a", "b")},
		{set("a", "b", "c"), set("a", "b", "d")},
		{set("a", "b"), set("a", "b", "c")},
		{set("A", "b"), set("a", "b")},
		{set(), set()},
		{set("a"), set("a")},
		{null, null}, {null, set()}, {unknown, unknown}, {unknown, null},
		{withUnknown, withUnknown}, {withUnknown, set("a", "b")},
		{ints, ints}, {ints, set("1", "2")},
	}
	for _, c := range cases {
		for _, pair := range [][2]basetypes.SetValue{c, {c[1], c[0]}} {
			if got, want := EqualSets(pair[0], pair[1]), pair[0].Equal(pair[1]); got != want {
				t.Errorf("EqualSets(%s, %s) = %t; SetValue.Equal: %t", pair[0], pair[1], got, want)
			}
		}
	}
}

// A value read through the type is a StringSetValue of it: the framework reads mailbox_ids
// into the model and writes it back.
func TestStringSetType_values(t *testing.T) {
	ctx := context.Background()
	typ := NewStringSetType()
	v, err := typ.ValueFromTerraform(ctx, rawStringSet(rawStrings("a", "b")...))
	if err != nil {
		t.Fatal(err)
	}
	sv, ok := v.(StringSetValue)
	if !ok || !sv.Type(ctx).Equal(typ) || len(sv.Elements()) != 2 {
		t.Fatalf("ValueFromTerraform: %#v", v)
	}
	if _, ok := typ.ValueType(ctx).(StringSetValue); !ok {
		t.Errorf("ValueType: %T", typ.ValueType(ctx))
	}
	if typ.Equal(basetypes.SetType{ElemType: types.StringType}) || !typ.TerraformType(ctx).Equal(tftypes.Set{ElementType: tftypes.String}) {
		t.Error("StringSetType must be a type of its own with the schema type set(string)")
	}
	other, _ := typ.ValueFromTerraform(ctx, rawStringSet(rawStrings("b", "a")...))
	if !sv.Equal(other) || sv.Equal(sv.SetValue) {
		t.Error("StringSetValue.Equal: the same strings in another order are equal; a types.Set is another type")
	}
	// Semantic equality keeps the prior value of the same strings (the framework otherwise
	// matches every element against every prior one).
	third, _ := typ.ValueFromTerraform(ctx, rawStringSet(rawStrings("a", "c")...))
	for _, c := range []struct {
		prior basetypes.SetValuable
		want  bool
	}{{other.(StringSetValue), true}, {third.(StringSetValue), false}, {sv.SetValue, false}} {
		if got, d := sv.SetSemanticEquals(ctx, c.prior); got != c.want || d.HasError() {
			t.Errorf("SetSemanticEquals(%s) = %t, %v; want %t", c.prior, got, d, c.want)
		}
	}
}
