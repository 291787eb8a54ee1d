package framework

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestChangedInValue(t *testing.T) {
	ctx := context.Background()
	obj := tftypes.NewValue(tftypes.Object{}, map[string]tftypes.Value{})
	null := tftypes.NewValue(tftypes.Object{}, nil)
	set := func(values ...attr.Value) types.Set { return types.SetValueMust(types.StringType, values) }
	a, b := types.StringValue("a"), types.StringValue("b")
	cases := []struct {
		name          string
		state, plan   tftypes.Value
		before, after attr.Value
		want          bool
	}{
		{"same", obj, obj, set(a), set(a), false},
		{"changed", obj, obj, set(a), set(a, b), true},
		{"unknown set: checked at apply", obj, obj, set(a), types.SetUnknown(types.StringType), false},
		{"unknown element: checked at apply", obj, obj, set(a), set(a, types.StringUnknown()), false},
		{"create", null, obj, types.SetNull(types.StringType), set(a), false},
		{"destroy", obj, null, set(a), types.SetNull(types.StringType), false},
		{"string changed", obj, obj, a, b, true},
		{"string unknown", obj, obj, a, types.StringUnknown(), false},
		{"block removed", obj, obj, types.ObjectValueMust(map[string]attr.Type{"x": types.StringType}, map[string]attr.Value{"x": a}),
			types.ObjectNull(map[string]attr.Type{"x": types.StringType}), true},
		{"block with an unknown value", obj, obj, types.ObjectValueMust(map[string]attr.Type{"x": types.StringType}, map[string]attr.Value{"x": a}),
			types.ObjectValueMust(map[string]attr.Type{"x": types.StringType}, map[string]attr.Value{"x": types.StringUnknown()}), false},
	}
	for _, c := range cases {
		if got := ChangedInValue(ctx, c.state, c.plan, c.before, c.after); got != c.want {
			t.Errorf("%s: changedInValue = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestSameInputValue(t *testing.T) {
	s := types.StringValue
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"2026-11-01T10:54:40Z", "2026-11-01T12:54:40+02:00", true},
		{"2026-11-01T10:54:40Z", "2026-11-01T10:54:41Z", false},
		{"479ae6aa-610b-4652-8966-5db06021903c", "479AE6AA-610B-4652-8966-5DB06021903C", true},
		{"479ae6aa-610b-4652-8966-5db06021903c", "579ae6aa-610b-4652-8966-5db06021903c", false},
		// Exchange IDs are base64: case matters.
		{"AAMkAGI2TG93AAA=", "aamkagi2tg93aaa=", false},
	} {
		if got := SameInputValue(s(c.a), s(c.b)); got != c.want {
			t.Errorf("sameInputValue(%q, %q) = %v", c.a, c.b, got)
		}
	}
}
