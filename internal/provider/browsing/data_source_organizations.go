package browsing

import (
	"context"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*organizationsDataSource)(nil)

// NewOrganizationsDataSource returns vb365_organizations.
func NewOrganizationsDataSource() datasource.DataSource { return &organizationsDataSource{} }

type organizationsDataSource struct{ framework.ClientDataSource }

type organizationsModel struct {
	Timeouts      timeouts.Value      `tfsdk:"timeouts"`
	MaxItems      types.Int64         `tfsdk:"max_items"`
	PageSize      types.Int64         `tfsdk:"page_size"`
	Organizations []organizationModel `tfsdk:"organizations"`
}

type organizationModel struct {
	ID   types.String `tfsdk:"id"`
	Name types.String `tfsdk:"name"`
	Type types.String `tfsdk:"type"`
}

func (d *organizationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organizations"
}

func (d *organizationsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": framework.ReadTimeoutsBlock(ctx)},
		MarkdownDescription: "Lists the Microsoft 365 organizations the VB365 server backs up, for example to find " +
			"the `organization_id` of a restore session. Signed in as an organization's own administrator (tenant " +
			"sign-in), it lists that one organization (`GET /Organization`).",
		Attributes: framework.MergeAttributes(framework.ListingAttributes("organizations"), map[string]schema.Attribute{
			"organizations": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The organizations, in the server's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":   framework.ComputedString("Organization ID."),
					"name": framework.ComputedString("Organization name, for example `contoso.onmicrosoft.com`."),
					"type": framework.ComputedString("`Office365`, `OnPremises` or `Hybrid` (API v6 and later); null when the server does not say."),
				}},
			},
		}),
	}
}

func (d *organizationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, cancel := framework.WithReadTimeout(ctx, req.Config, &resp.Diagnostics)
	defer cancel()
	var m organizationsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !framework.RequireClient(d.Client, &resp.Diagnostics) {
		return
	}
	orgs, err := framework.Collect(d.Client.Organizations(ctx, framework.ListOptions(m.MaxItems, m.PageSize, false)), nil, m.MaxItems)
	if err != nil {
		framework.AddListError(&resp.Diagnostics, "organizations", "organizations", err)
		return
	}
	m.Organizations = make([]organizationModel, 0, len(orgs))
	for _, o := range orgs {
		m.Organizations = append(m.Organizations, organizationModel{
			ID: types.StringValue(o.ID), Name: types.StringValue(o.Name), Type: framework.NonEmptyString(o.Type),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
