package sessions

import (
	"context"
	"fmt"
	"strings"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var _ datasource.DataSourceWithConfigure = (*restoreSessionsDataSource)(nil)

// NewRestoreSessionsDataSource returns vb365_restore_sessions.
func NewRestoreSessionsDataSource() datasource.DataSource { return &restoreSessionsDataSource{} }

type restoreSessionsDataSource struct{ framework.ClientDataSource }

type restoreSessionsModel struct {
	Timeouts       timeouts.Value        `tfsdk:"timeouts"`
	OrganizationID types.String          `tfsdk:"organization_id"`
	State          types.String          `tfsdk:"state"`
	StartTimeFrom  types.String          `tfsdk:"start_time_from"`
	StartTimeTo    types.String          `tfsdk:"start_time_to"`
	EndTimeFrom    types.String          `tfsdk:"end_time_from"`
	EndTimeTo      types.String          `tfsdk:"end_time_to"`
	MaxItems       types.Int64           `tfsdk:"max_items"`
	PageSize       types.Int64           `tfsdk:"page_size"`
	Sessions       []restoreSessionModel `tfsdk:"sessions"`
}

func (d *restoreSessionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_restore_sessions"
}

func (d *restoreSessionsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	timeFilter := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, MarkdownDescription: desc, Validators: []validator.String{framework.RFC3339Validator{}}}
	}
	sessionAttrs := restoreSessionComputedAttributes()
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": framework.ReadTimeoutsBlock(ctx)},
		MarkdownDescription: "Lists restore sessions (`GET /RestoreSessions`, every API version): who explored and restored " +
			"what, and when. The start-time bounds are sent to the server from API v6 (`startTimeFrom`, `startTimeTo`) and the " +
			"end-time bounds from v8 (`endTimeFrom`, `endTimeTo`); below that, and for `state` and `organization_id` (no API " +
			"version filters by them), the provider filters. Sessions are in the server's order.",
		Attributes: framework.MergeAttributes(framework.ListingAttributes("sessions"), map[string]schema.Attribute{
			"organization_id": framework.OptionalFilter("List only sessions of this organization (`vb365_organizations`). Sessions name " +
				"their organization by name, so the provider reads the organization's name first."),
			"state": schema.StringAttribute{Optional: true,
				MarkdownDescription: "List only sessions in this state: `" + strings.Join(framework.RestoreSessionStates, "`, `") + "` (case-insensitive).",
				Validators:          []validator.String{stringvalidator.OneOfCaseInsensitive(framework.RestoreSessionStates...)}},
			"start_time_from": timeFilter("List only sessions started at or after this time (RFC 3339)."),
			"start_time_to":   timeFilter("List only sessions started at or before this time (RFC 3339)."),
			"end_time_from":   timeFilter("List only sessions that ended at or after this time (RFC 3339); running sessions are left out."),
			"end_time_to":     timeFilter("List only sessions that ended at or before this time (RFC 3339); running sessions are left out."),
			"sessions": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching sessions, with the attributes of `vb365_restore_session`.",
				NestedObject:        schema.NestedAttributeObject{Attributes: sessionAttrs},
			},
		}),
	}
}

// restoreSessionComputedAttributes are the attributes of one session, all computed (the
// vb365_restore_session data source's, with id computed).
func restoreSessionComputedAttributes() map[string]schema.Attribute {
	var one datasource.SchemaResponse
	(&restoreSessionDataSource{}).Schema(context.Background(), datasource.SchemaRequest{}, &one)
	attrs := map[string]schema.Attribute{}
	for name, a := range one.Schema.Attributes {
		attrs[name] = a
	}
	attrs["id"] = framework.ComputedString("Restore session ID.")
	return attrs
}

func (d *restoreSessionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, cancel := framework.WithReadTimeout(ctx, req.Config, &resp.Diagnostics)
	defer cancel()
	var m restoreSessionsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !framework.RequireClient(d.Client, &resp.Diagnostics) {
		return
	}
	filter := vb365.RestoreSessionFilter{
		ListOptions:   framework.ListOptions(m.MaxItems, m.PageSize, true),
		State:         m.State.ValueString(),
		StartTimeFrom: framework.ParseTimeFilter(m.StartTimeFrom, "start_time_from", &resp.Diagnostics),
		StartTimeTo:   framework.ParseTimeFilter(m.StartTimeTo, "start_time_to", &resp.Diagnostics),
		EndTimeFrom:   framework.ParseTimeFilter(m.EndTimeFrom, "end_time_from", &resp.Diagnostics),
		EndTimeTo:     framework.ParseTimeFilter(m.EndTimeTo, "end_time_to", &resp.Diagnostics),
	}
	if resp.Diagnostics.HasError() {
		return
	}
	orgName := ""
	if orgID := m.OrganizationID.ValueString(); orgID != "" {
		orgs, err := framework.Collect(d.Client.Organizations(ctx, vb365.ListOptions{}), func(o vb365.Organization) bool {
			return strings.EqualFold(o.ID, orgID)
		}, types.Int64Value(1))
		if err != nil {
			framework.AddListError(&resp.Diagnostics, "organizations", "organizations (to find the name of organization_id)", err)
			return
		}
		if len(orgs) == 0 {
			resp.Diagnostics.AddAttributeError(path.Root("organization_id"), "Organization not found",
				fmt.Sprintf("The server knows no organization with ID %q (see vb365_organizations).", orgID))
			return
		}
		orgName = orgs[0].Name
	}
	keep := func(s vb365.RestoreSession) bool {
		return orgName == "" || strings.EqualFold(s.Organization, orgName) || strings.EqualFold(s.OrganizationID, m.OrganizationID.ValueString())
	}
	sessions, err := framework.Collect(d.Client.ListRestoreSessions(ctx, filter), keep, m.MaxItems)
	if err != nil {
		framework.AddListError(&resp.Diagnostics, "restore sessions", "restore sessions", err)
		return
	}
	m.Sessions = make([]restoreSessionModel, 0, len(sessions))
	for _, s := range sessions {
		flat := flattenRestoreSession(s)
		if orgName != "" && flat.OrganizationID.IsNull() {
			flat.OrganizationID = m.OrganizationID // the filter proved it
		}
		m.Sessions = append(m.Sessions, flat)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
