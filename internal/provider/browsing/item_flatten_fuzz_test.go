package browsing

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// FuzzFlattenItem: whatever item a server sends, decoding then flattening it into Terraform
// values (the full object and the listing's summary) never panics, and a decoded item always
// flattens without error diagnostics: bad input is the decoder's to refuse.
func FuzzFlattenItem(f *testing.F) {
	dir := filepath.Join("..", "..", "vb365", "testdata", "items")
	entries, err := os.ReadDir(dir)
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte(`{"itemClass":"IPM.Task","percentComplete":"abc","_links":{"parent":{"href":"/v8/x"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		item, err := vb365.DecodeItem(data)
		if err != nil {
			return
		}
		if _, diags := flattenItemValues(item); diags.HasError() {
			t.Fatalf("a decoded item does not flatten: %v", diags)
		}
		if _, diags := fullItemValue(context.Background(), item); diags.HasError() {
			t.Fatalf("a decoded item does not build its full value: %v", diags)
		}
		_ = SummaryValue(item.Summary())
	})
}
