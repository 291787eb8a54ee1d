package browsing

import (
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

func TestRawListKeepsTheTerraformValue(t *testing.T) {
	ctx := t.Context()
	typ := framework.RawListOf(SummaryAttributes())
	elem := SummaryValue(vb365.ItemSummary{ID: "i1", Type: vb365.ItemTypeMessage})
	raw := tftypes.NewValue(typ.TerraformType(ctx), []tftypes.Value{elem})
	v, err := typ.ValueFromTerraform(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := v.ToTerraformValue(ctx); !got.Equal(raw) || v.IsNull() || v.IsUnknown() || !v.Type(ctx).Equal(typ) {
		t.Fatalf("round trip: %v", got)
	}
	list, diags := v.(framework.RawListValue).ToListValue(ctx)
	if diags.HasError() || len(list.Elements()) != 1 {
		t.Fatalf("ToListValue: %v %v", list, diags)
	}
	null, _ := typ.ValueFromTerraform(ctx, tftypes.NewValue(typ.TerraformType(ctx), nil))
	unknown, _ := typ.ValueFromTerraform(ctx, tftypes.NewValue(typ.TerraformType(ctx), tftypes.UnknownValue))
	again, _ := typ.ValueFromTerraform(ctx, raw)
	if !null.IsNull() || !unknown.IsUnknown() || null.Equal(v) || !v.Equal(again) {
		t.Error("null, unknown or equality")
	}
	if typ.Equal(framework.RawListOf(ItemAttributes())) || typ.Equal(types.ListType{ElemType: typ.ElemType}) {
		t.Error("type equality")
	}
	if _, err := typ.ValueFromTerraform(ctx, tftypes.NewValue(tftypes.String, "x")); err == nil {
		t.Error("a string accepted as a list")
	}
}

func TestSummaryValue(t *testing.T) {
	subject, date, n := "Hello", "2020-01-01T00:00:00Z", int64(2)
	v := SummaryValue(vb365.ItemSummary{
		ID: "i1", ItemClass: "IPM.Note", Type: vb365.ItemTypeMessage, Subject: &subject, Date: &date, AttachmentCount: &n,
	})
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	str := func(name string) any {
		var s *string
		if err := attrs[name].As(&s); err != nil || s == nil {
			return nil
		}
		return *s
	}
	for name, want := range map[string]any{
		"id": "i1", "item_class": "IPM.Note", "type": "message", "subject": "Hello", "date": date,
		"folder_id": nil, "sender": nil,
	} {
		if got := str(name); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	var count, size *big.Float
	if err := attrs["attachment_count"].As(&count); err != nil || count == nil || count.String() != "2" {
		t.Errorf("attachment_count = %v (%v)", count, err)
	}
	if err := attrs["attachments_size_bytes"].As(&size); err != nil || size != nil {
		t.Errorf("attachments_size_bytes = %v (%v), want null", size, err)
	}
	if len(attrs) != len(SummaryAttributes()) {
		t.Errorf("%d attributes, the schema has %d", len(attrs), len(SummaryAttributes()))
	}
}
