package restores

import (
	"slices"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestRestoredInputsChanged(t *testing.T) {
	str := tftypes.String
	blockType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"to": str}}
	attrTypes := map[string]tftypes.Type{"reason": str, "restore_session_id": str, "item_ids": tftypes.Set{ElementType: str}}
	attrTypes["whole_mailbox"] = tftypes.Bool
	for _, name := range append([]string{"organization_id", "point_in_time", "mailbox_id", "folder_id"}, restoreinputs.ActionBlockNames()...) {
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
	if got := RestoredInputsChanged(state, value(map[string]tftypes.Value{
		"reason": tftypes.NewValue(str, "new"), "restore_session_id": tftypes.NewValue(str, "s2"),
	})); len(got) != 0 {
		t.Fatalf("in-place changes reported as restored inputs: %v", got)
	}
	got := RestoredInputsChanged(state, value(map[string]tftypes.Value{
		"item_ids":                  tftypes.NewValue(tftypes.Set{ElementType: str}, []tftypes.Value{tftypes.NewValue(str, "j")}),
		"send_to_different_address": tftypes.NewValue(blockType, map[string]tftypes.Value{"to": tftypes.NewValue(str, "z@y")}),
	}))
	if len(got) != 2 || got[0] != "item_ids" || got[1] != "send_to_different_address" {
		t.Fatalf("changed = %v, want [item_ids send_to_different_address]", got)
	}
	// The folder and the whole mailbox are part of what is restored.
	got = RestoredInputsChanged(state, value(map[string]tftypes.Value{
		"folder_id":     tftypes.NewValue(str, "f"),
		"whole_mailbox": tftypes.NewValue(tftypes.Bool, true),
	}))
	if !slices.Equal(got, []string{"folder_id", "whole_mailbox"}) {
		t.Fatalf("changed = %v, want [folder_id whole_mailbox]", got)
	}
}
