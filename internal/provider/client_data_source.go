package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// clientDataSource is embedded by every data source: it receives the shared client and the
// session broker.
type clientDataSource struct {
	client   *vb365.Client
	sessions *sessionBroker
}

func (d *clientDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	pd, diags := providerDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if pd != nil {
		d.client, d.sessions = pd.Client, pd.Sessions
	}
}
