package governance

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var _ datasource.DataSourceWithConfigure = (*restorePortalSettingsDataSource)(nil)

// NewRestorePortalSettingsDataSource returns vb365_restore_portal_settings.
func NewRestorePortalSettingsDataSource() datasource.DataSource {
	return &restorePortalSettingsDataSource{}
}

type restorePortalSettingsDataSource struct{ client *vb365.Client }

type restorePortalSettingsModel struct {
	Enabled          types.Bool   `tfsdk:"enabled"`
	ApplicationID    types.String `tfsdk:"application_id"`
	MSALAuthorityURI types.String `tfsdk:"msal_authority_uri"`
	RestorePortalURI types.String `tfsdk:"restore_portal_uri"`
}

func (d *restorePortalSettingsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_restore_portal_settings"
}

func (d *restorePortalSettingsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The server's Restore Portal settings (VB365 REST API v6 or later, `GET RestorePortalSettings`; " +
			"read-only): whether restore operators (`vb365_restore_operator_role`) can sign in to the portal, and the Microsoft " +
			"Entra application they sign in through.",
		Attributes: map[string]schema.Attribute{
			"enabled": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the Restore Portal is enabled."},
			"application_id": schema.StringAttribute{Computed: true,
				MarkdownDescription: "ID of the Microsoft Entra application of the Restore Portal."},
			"msal_authority_uri": schema.StringAttribute{Computed: true,
				MarkdownDescription: "The Microsoft identity platform authority operators sign in with."},
			"restore_portal_uri": schema.StringAttribute{Computed: true,
				MarkdownDescription: "Address of the Restore Portal (API v8; null before)."},
		},
	}
}

func (d *restorePortalSettingsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	pd, diags := framework.ProviderDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if pd != nil {
		d.client = pd.Client
	}
}

func (d *restorePortalSettingsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	s, err := d.client.RestorePortalSettings(ctx)
	if err != nil {
		if !framework.AddUnsupportedVersionError(&resp.Diagnostics, "Reading the Restore Portal settings", err) {
			framework.AddReadError(&resp.Diagnostics, "Restore Portal settings", "the Restore Portal settings", err)
		}
		return
	}
	m := restorePortalSettingsModel{
		Enabled: types.BoolValue(s.Enabled), ApplicationID: types.StringValue(s.ApplicationID),
		MSALAuthorityURI: types.StringValue(s.MSALAuthorityURI), RestorePortalURI: types.StringNull(),
	}
	if s.RestorePortalURI != "" {
		m.RestorePortalURI = types.StringValue(s.RestorePortalURI)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
