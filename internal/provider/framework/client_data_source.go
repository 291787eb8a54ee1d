package framework

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// ClientDataSource is embedded by every data source: it receives the shared client and the
// session broker.
type ClientDataSource struct {
	Client   *vb365.Client
	Sessions *SessionBroker
}

func (d *ClientDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	pd, diags := ProviderDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if pd != nil {
		d.Client, d.Sessions = pd.Client, pd.Sessions
	}
}
