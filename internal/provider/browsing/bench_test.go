package browsing

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

const benchItems = 1000

func benchSummaries(b *testing.B) []vb365.ItemSummary {
	b.Helper()
	out := make([]vb365.ItemSummary, benchItems)
	for i := range out {
		s, err := vb365.DecodeItemSummary(fmt.Appendf(nil, `{"id":"LRG0123456789abcdef-%08dAA==","itemClass":"IPM.Note",`+
			`"subject":"Generated message %d","from":"generator@bestsupport.onmicrosoft.com","received":"2020-01-01T00:00:01Z",`+
			`"attachments":[],"_links":{"parent":{"href":"/v8/RestoreSessions/s/organization/mailboxes/m/folders/AAMkInbox"}}}`, i, i+1))
		if err != nil {
			b.Fatal(err)
		}
		out[i] = s
	}
	return out
}

func benchItemsFull(b *testing.B) []vb365.Item {
	b.Helper()
	out := make([]vb365.Item, benchItems)
	for i := range out {
		it, err := vb365.DecodeItem(fmt.Appendf(nil, `{"id":"LRG0123456789abcdef-%08dAA==","itemClass":"IPM.Note",`+
			`"subject":"Generated message %d","from":"generator@bestsupport.onmicrosoft.com","to":"large@bestsupport.onmicrosoft.com",`+
			`"sent":"2020-01-01T00:00:00Z","received":"2020-01-01T00:00:01Z","importance":"Normal","attachments":[],`+
			`"_links":{"self":{"href":"/v8/RestoreSessions/s/organization/mailboxes/m/items/i"},"parent":{"href":"/v8/RestoreSessions/s/organization/mailboxes/m/folders/AAMkInbox"}},`+
			`"_actions":{"restore":{},"exportToPst":{},"save":{}}}`, i, i+1))
		if err != nil {
			b.Fatal(err)
		}
		out[i] = it
	}
	return out
}

func perItem(b *testing.B, f func()) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchItems), "ns/item")
	b.ReportMetric(testing.AllocsPerRun(3, f)/benchItems, "allocs/item")
}

// BenchmarkSummaryValues: the elements of items encoded as the protocol sends them (msgpack,
// framework.EncodedList), per page of benchItems summaries: what the listing does with each page.
func BenchmarkSummaryValues(b *testing.B) {
	sums := benchSummaries(b)
	run := func() {
		list := &framework.EncodedList{}
		for _, s := range sums {
			encodeSummary(list, s, "")
		}
		if len(list.Bytes()) == 0 {
			b.Fatal("nothing encoded")
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		run()
	}
	perItem(b, run)
}

// BenchmarkSummaryTFValues: the same elements built as tftypes values and encoded by tftypes,
// for reference (vb365_item_search builds its elements so).
func BenchmarkSummaryTFValues(b *testing.B) {
	sums := benchSummaries(b)
	listType := tftypes.List{ElementType: summaryTFType()}
	run := func() {
		elems := make([]tftypes.Value, 0, len(sums))
		for _, s := range sums {
			elems = append(elems, SummaryValue(s))
		}
		if _, err := tfprotov6.NewDynamicValue(listType, tftypes.NewValue(listType, elems)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		run()
	}
	perItem(b, run)
}

// BenchmarkFlattenItemFull: the elements of full_items (flattenItem, then a Terraform value).
func BenchmarkFlattenItemFull(b *testing.B) {
	items := benchItemsFull(b)
	ctx := b.Context()
	run := func() {
		for _, it := range items {
			if _, diags := fullItemValue(ctx, it); diags.HasError() {
				b.Fatal(diags)
			}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		run()
	}
	perItem(b, run)
}
