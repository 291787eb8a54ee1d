package sessions

import (
	"context"
	"fmt"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*restoreSessionDataSource)(nil)

// NewRestoreSessionDataSource returns vb365_restore_session.
func NewRestoreSessionDataSource() datasource.DataSource { return &restoreSessionDataSource{} }

type restoreSessionDataSource struct{ framework.ClientDataSource }

type restoreSessionModel struct {
	ID               types.String `tfsdk:"id"`
	Name             types.String `tfsdk:"name"`
	OrganizationName types.String `tfsdk:"organization_name"`
	OrganizationID   types.String `tfsdk:"organization_id"`
	Type             types.String `tfsdk:"type"`
	CreationTime     types.String `tfsdk:"creation_time"`
	EndTime          types.String `tfsdk:"end_time"`
	State            types.String `tfsdk:"state"`
	Result           types.String `tfsdk:"result"`
	InitiatedBy      types.String `tfsdk:"initiated_by"`
	Details          types.String `tfsdk:"details"`
	Reason           types.String `tfsdk:"reason"`
	ScopeName        types.String `tfsdk:"scope_name"`
	ClientHost       types.String `tfsdk:"client_host"`
}

// restoreSessionDataSourceModel is the data source: a session and the read timeout.
type restoreSessionDataSourceModel struct {
	restoreSessionModel
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (d *restoreSessionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_restore_session"
}

func (d *restoreSessionDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Blocks:              map[string]schema.Block{"timeouts": framework.ReadTimeoutsBlock(ctx)},
		MarkdownDescription: "Reads one restore session (an Exchange explore session, or on API v8 an asynchronous restore job) by ID.",
		Attributes: map[string]schema.Attribute{
			"id":                framework.RequiredID("Restore session ID (a UUID)."),
			"name":              framework.ComputedString("Session name as the server reports it."),
			"organization_name": framework.ComputedString("Name of the organization the session explores (the same attribute as the resource's `organization_name`)."),
			"organization_id":   framework.ComputedString("ID of the organization the session explores, from the session's organization link or, when that names no ID, from the session's organization resource."),
			"type":              framework.ComputedString("Session type: `Vex` (Exchange), `Veod` (OneDrive), `Vesp` (SharePoint) or `Vet` (Teams)."),
			"creation_time":     framework.ComputedString("When the session was opened (RFC 3339 UTC when the server's value parses)."),
			"end_time":          framework.ComputedString("When the session ended; null while it runs."),
			"state":             framework.ComputedString("`Starting`, `Working`, `Stopping` or `Stopped`."),
			"result":            framework.ComputedString("`Success`, `Warning` or `Failed`."),
			"initiated_by":      framework.ComputedString("Account that opened the session."),
			"details":           framework.ComputedString("Details the server adds to the session."),
			"reason":            framework.ComputedString("Reason given when the session was opened (API v6+; null before): for a restore operator's session the reason the operator gave, which the server shows in its Restore Sessions list."),
			"scope_name":        framework.ComputedString("Scope of the session (API v6+; null before): for a session a restore operator opened through the Restore Portal or `OperatorExplore`, the user, group or site it was opened for."),
			"client_host":       framework.ComputedString("DNS name or IP address the server records for the session (API v6+; null before)."),
		},
	}
}

func (d *restoreSessionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, cancel := framework.WithReadTimeout(ctx, req.Config, &resp.Diagnostics)
	defer cancel()
	var m restoreSessionDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !framework.RequireClient(d.Client, &resp.Diagnostics) {
		return
	}
	id := m.ID.ValueString()
	s, err := d.Client.RestoreSession(ctx, id)
	if err != nil {
		framework.AddReadError(&resp.Diagnostics, "restore session", fmt.Sprintf("restore session %q", id), err)
		return
	}
	if s.OrganizationID == "" {
		// The session's organization link names no ID (".../RestoreSessions/{id}/organization"):
		// ask for the session's organization, so organization_id can feed a restore session resource.
		org, err := d.Client.RestoreSessionOrganization(ctx, id)
		if err != nil {
			resp.Diagnostics.AddWarning("Organization of the restore session unknown",
				fmt.Sprintf("organization_id stays null: reading the organization of restore session %q failed: %s", id, err))
		} else {
			s.OrganizationID = org.ID
		}
	}
	m.restoreSessionModel = flattenRestoreSession(s)
	m.ID = types.StringValue(id)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
