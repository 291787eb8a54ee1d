package provider

import (
	"context"
	"slices"
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
		if got := changedInValue(ctx, c.state, c.plan, c.before, c.after); got != c.want {
			t.Errorf("%s: changedInValue = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestRestoredInputsChanged(t *testing.T) {
	str := tftypes.String
	blockType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"to": str}}
	attrTypes := map[string]tftypes.Type{"reason": str, "restore_session_id": str, "item_ids": tftypes.Set{ElementType: str}}
	attrTypes["whole_mailbox"] = tftypes.Bool
	for _, name := range append([]string{"organization_id", "point_in_time", "mailbox_id", "folder_id"}, actionBlockNames()...) {
		attrTypes[name] = str
		if name == "send_to_different_address" {
			attrTypes[name] = blockType
		}
	}
	objType := tftypes.Object{AttributeTypes: attrTypes}
	value := func(over map[string]tftypes.Value) tftypes.Value {
		vals := map[string]tftypes.Value{}
		for name, typ := range attrTypes {
			vals[name] = tftypes.NewValue(typ, nil)
		}
		vals["mailbox_id"] = tftypes.NewValue(str, "m")
		vals["item_ids"] = tftypes.NewValue(tftypes.Set{ElementType: str}, []tftypes.Value{tftypes.NewValue(str, "i")})
		vals["send_to_different_address"] = tftypes.NewValue(blockType, map[string]tftypes.Value{"to": tftypes.NewValue(str, "x@y")})
		for k, v := range over {
			vals[k] = v
		}
		return tftypes.NewValue(objType, vals)
	}
	state := value(nil)
	if got := restoredInputsChanged(state, value(map[string]tftypes.Value{
		"reason": tftypes.NewValue(str, "new"), "restore_session_id": tftypes.NewValue(str, "s2"),
	})); len(got) != 0 {
		t.Fatalf("in-place changes reported as restored inputs: %v", got)
	}
	got := restoredInputsChanged(state, value(map[string]tftypes.Value{
		"item_ids":                  tftypes.NewValue(tftypes.Set{ElementType: str}, []tftypes.Value{tftypes.NewValue(str, "j")}),
		"send_to_different_address": tftypes.NewValue(blockType, map[string]tftypes.Value{"to": tftypes.NewValue(str, "z@y")}),
	}))
	if len(got) != 2 || got[0] != "item_ids" || got[1] != "send_to_different_address" {
		t.Fatalf("changed = %v, want [item_ids send_to_different_address]", got)
	}
	// The folder and the whole mailbox are part of what is restored.
	got = restoredInputsChanged(state, value(map[string]tftypes.Value{
		"folder_id":     tftypes.NewValue(str, "f"),
		"whole_mailbox": tftypes.NewValue(tftypes.Bool, true),
	}))
	if !slices.Equal(got, []string{"folder_id", "whole_mailbox"}) {
		t.Fatalf("changed = %v, want [folder_id whole_mailbox]", got)
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
		if got := sameInputValue(s(c.a), s(c.b)); got != c.want {
			t.Errorf("sameInputValue(%q, %q) = %v", c.a, c.b, got)
		}
	}
}
