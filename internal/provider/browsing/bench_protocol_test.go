package browsing_test

import (
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

const benchListItems = 5000

// BenchmarkListItemsProtocol: one ReadDataSource of vb365_mailbox_items over a generated
// mailbox through the plugin protocol (framework included), as the CLI calls it.
func BenchmarkListItemsProtocol(b *testing.B) {
	ctx := b.Context()
	sim := acctest.StartSimulator(b, vb365sim.WithLargeMailbox("Bench", benchListItems))
	server, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		b.Fatal(err)
	}
	schema, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	encode := func(typ tftypes.Type, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
		obj, ok := typ.(tftypes.Object)
		if !ok {
			b.Fatalf("%s is not an object type", typ)
		}
		for name, t := range obj.AttributeTypes {
			if _, ok := attrs[name]; !ok {
				attrs[name] = tftypes.NewValue(t, nil)
			}
		}
		dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
		if err != nil {
			b.Fatal(err)
		}
		return &dv
	}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	cfg, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: encode(schema.Provider.ValueType(), map[string]tftypes.Value{
		"endpoint": str(sim.URL), "api_version": str("v8"),
		"username": str(vb365sim.DefaultUsername), "password": str(vb365sim.DefaultPassword),
	})})
	if err != nil || len(cfg.Diagnostics) > 0 {
		b.Fatal(err, cfg.Diagnostics)
	}
	dsType := schema.DataSourceSchemas["vb365_mailbox_items"].ValueType()
	req := &tfprotov6.ReadDataSourceRequest{TypeName: "vb365_mailbox_items", Config: encode(dsType, map[string]tftypes.Value{
		"restore_session_id": str(vb365sim.SeedRestoreSessionID), "mailbox_id": str(vb365sim.LargeMailboxID("Bench")),
		"page_size": tftypes.NewValue(tftypes.Number, 10000),
	})}
	read := func() {
		resp, err := server.ReadDataSource(ctx, req)
		if err != nil || len(resp.Diagnostics) > 0 || resp.State == nil {
			b.Fatal(err, resp.Diagnostics)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		read()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchListItems), "ns/item")
	b.ReportMetric(testing.AllocsPerRun(1, read)/benchListItems, "allocs/item")
}
