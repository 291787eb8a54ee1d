package browsing

import (
	"bytes"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
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

// TestEncodeSummaryIsSummaryValue: the element the listing encodes is byte for byte what
// tftypes sends for summaryValueIn, for every type and with each optional field null or set.
func TestEncodeSummaryIsSummaryValue(t *testing.T) {
	subject, date, sender, long := "Hello", "2020-01-01T00:00:00Z", "a@example.com", strings.Repeat("ü", 200)
	n, size := int64(2), int64(70000)
	var sums []vb365.ItemSummary
	for i, typ := range append(slices.Clone(vb365.ItemTypes), "") {
		s := vb365.ItemSummary{ID: fmt.Sprintf("id-%d", i), Type: typ}
		if i%2 == 0 {
			s.ItemClass, s.FolderID, s.Subject, s.Date, s.Sender = "IPM.Note", "AAMkInbox", &subject, &date, &sender
			s.AttachmentCount, s.AttachmentsSizeBytes = &n, &size
		}
		sums = append(sums, s)
	}
	sums = append(sums, vb365.ItemSummary{ID: long, Subject: &long, Type: vb365.ItemTypeMessage}, vb365.ItemSummary{})
	list := &framework.EncodedList{}
	elems := make([]tftypes.Value, 0, 2*len(sums))
	for i, s := range sums {
		for _, versionState := range []string{"", []string{"current", "previous"}[i%2]} {
			encodeSummary(list, s, versionState)
			elems = append(elems, summaryValueIn(s, versionState))
		}
	}
	listType := tftypes.List{ElementType: summaryTFType()}
	want, err := tfprotov6.NewDynamicValue(listType, tftypes.NewValue(listType, elems))
	if err != nil {
		t.Fatal(err)
	}
	if got := list.Bytes(); !bytes.Equal(got, want.MsgPack) {
		t.Fatalf("the encoded summaries (%d bytes) are not what tftypes sends (%d bytes)", len(got), len(want.MsgPack))
	}
	if len(summaryTFType().AttributeTypes) != 10 {
		t.Fatalf("a summary has %d attributes; encodeSummary writes 10", len(summaryTFType().AttributeTypes))
	}
}
