package provider

import (
	"errors"
	"iter"
	"math/big"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

func seqOf(values ...int) iter.Seq2[int, error] {
	return func(yield func(int, error) bool) {
		for _, v := range values {
			if !yield(v, nil) {
				return
			}
		}
	}
}

func TestCollectBounded(t *testing.T) {
	even := func(v int) bool { return v%2 == 0 }
	tests := []struct {
		name      string
		values    []int
		keep      func(int) bool
		max       int
		want      []int
		truncated bool
	}{
		{"no bound", []int{1, 2, 3}, nil, 0, []int{1, 2, 3}, false},
		{"bound equals the count", []int{1, 2, 3}, nil, 3, []int{1, 2, 3}, false},
		{"bound cuts", []int{1, 2, 3, 4}, nil, 3, []int{1, 2, 3}, true},
		{"filter, no further match", []int{2, 4, 5, 7}, even, 2, []int{2, 4}, false},
		{"filter, a further match", []int{2, 4, 5, 6}, even, 2, []int{2, 4}, true},
	}
	for _, tt := range tests {
		var got []int
		truncated, err := collectBounded(seqOf(tt.values...), tt.keep, tt.max, func(v int) { got = append(got, v) })
		if err != nil || truncated != tt.truncated || !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %v truncated=%v err=%v, want %v truncated=%v", tt.name, got, truncated, err, tt.want, tt.truncated)
		}
	}
	boom := errors.New("boom")
	failing := func(yield func(int, error) bool) { _ = yield(1, nil) && yield(0, boom) }
	if _, err := collectBounded(failing, nil, 0, func(int) {}); !errors.Is(err, boom) {
		t.Errorf("err = %v", err)
	}
}

func TestBoundedListOptions(t *testing.T) {
	opts, limit := boundedListOptions(types.Int64Value(5), types.Int64Value(100), false)
	if opts.MaxItems != 6 || opts.PageSize != 100 || limit != 5 {
		t.Errorf("server-side only: %+v %d; want one item more than max_items", opts, limit)
	}
	opts, limit = boundedListOptions(types.Int64Value(5), types.Int64Null(), true)
	if opts.MaxItems != 0 || limit != 5 {
		t.Errorf("client-side filter: %+v %d; want no client bound", opts, limit)
	}
	if opts, limit = boundedListOptions(types.Int64Null(), types.Int64Null(), false); opts.MaxItems != 0 || limit != 0 {
		t.Errorf("unbounded: %+v %d", opts, limit)
	}
}

func TestRawListKeepsTheTerraformValue(t *testing.T) {
	ctx := t.Context()
	typ := rawListOf(summaryAttributes())
	elem := summaryValue(vb365.ItemSummary{ID: "i1", Type: vb365.ItemTypeMessage})
	raw := tftypes.NewValue(typ.TerraformType(ctx), []tftypes.Value{elem})
	v, err := typ.ValueFromTerraform(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := v.ToTerraformValue(ctx); !got.Equal(raw) || v.IsNull() || v.IsUnknown() || !v.Type(ctx).Equal(typ) {
		t.Fatalf("round trip: %v", got)
	}
	list, diags := v.(rawListValue).ToListValue(ctx)
	if diags.HasError() || len(list.Elements()) != 1 {
		t.Fatalf("ToListValue: %v %v", list, diags)
	}
	null, _ := typ.ValueFromTerraform(ctx, tftypes.NewValue(typ.TerraformType(ctx), nil))
	unknown, _ := typ.ValueFromTerraform(ctx, tftypes.NewValue(typ.TerraformType(ctx), tftypes.UnknownValue))
	again, _ := typ.ValueFromTerraform(ctx, raw)
	if !null.IsNull() || !unknown.IsUnknown() || null.Equal(v) || !v.Equal(again) {
		t.Error("null, unknown or equality")
	}
	if typ.Equal(rawListOf(itemAttributes())) || typ.Equal(types.ListType{ElemType: typ.ElemType}) {
		t.Error("type equality")
	}
	if _, err := typ.ValueFromTerraform(ctx, tftypes.NewValue(tftypes.String, "x")); err == nil {
		t.Error("a string accepted as a list")
	}
}

func TestSummaryValue(t *testing.T) {
	subject, date, n := "Hello", "2020-01-01T00:00:00Z", int64(2)
	v := summaryValue(vb365.ItemSummary{
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
	if len(attrs) != len(summaryAttributes()) {
		t.Errorf("%d attributes, the schema has %d", len(attrs), len(summaryAttributes()))
	}
}
