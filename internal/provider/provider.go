// Package provider implements the vb365 Terraform provider on terraform-plugin-framework.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var _ provider.Provider = (*VB365Provider)(nil)

// VB365Provider is the vb365 provider.
type VB365Provider struct {
	version string
}

// New returns a constructor of the provider for the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &VB365Provider{version: version} }
}

func (p *VB365Provider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "vb365"
	resp.Version = p.version
}

func (p *VB365Provider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Reads backed-up Exchange mailbox items from Veeam Backup for Microsoft 365 and restores them declaratively.",
	}
}

func (p *VB365Provider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {}

func (p *VB365Provider) Resources(context.Context) []func() resource.Resource { return nil }

func (p *VB365Provider) DataSources(context.Context) []func() datasource.DataSource { return nil }
