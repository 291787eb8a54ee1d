package browsing

import (
	"context"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var _ datasource.DataSourceWithConfigure = (*restorePointsDataSource)(nil)

// NewRestorePointsDataSource returns vb365_restore_points.
func NewRestorePointsDataSource() datasource.DataSource { return &restorePointsDataSource{} }

type restorePointsDataSource struct{ framework.ClientDataSource }

type restorePointsModel struct {
	Timeouts       timeouts.Value      `tfsdk:"timeouts"`
	OrganizationID types.String        `tfsdk:"organization_id"`
	From           types.String        `tfsdk:"from"`
	To             types.String        `tfsdk:"to"`
	RepositoryID   types.String        `tfsdk:"repository_id"`
	IsCopy         types.Bool          `tfsdk:"is_copy"`
	IsLongTermCopy types.Bool          `tfsdk:"is_long_term_copy"`
	IsRetrieved    types.Bool          `tfsdk:"is_retrieved"`
	UserID         types.String        `tfsdk:"user_id"`
	MaxItems       types.Int64         `tfsdk:"max_items"`
	PageSize       types.Int64         `tfsdk:"page_size"`
	RestorePoints  []restorePointModel `tfsdk:"restore_points"`
}

type restorePointModel struct {
	ID             types.String `tfsdk:"id"`
	OrganizationID types.String `tfsdk:"organization_id"`
	BackupTime     types.String `tfsdk:"backup_time"`
	RepositoryID   types.String `tfsdk:"repository_id"`
	JobID          types.String `tfsdk:"job_id"`
	IsExchange     types.Bool   `tfsdk:"is_exchange"`
	IsSharePoint   types.Bool   `tfsdk:"is_sharepoint"`
	IsOneDrive     types.Bool   `tfsdk:"is_onedrive"`
	IsTeams        types.Bool   `tfsdk:"is_teams"`
	IsCopy         types.Bool   `tfsdk:"is_copy"`
	IsLongTermCopy types.Bool   `tfsdk:"is_long_term_copy"`
	IsRetrieved    types.Bool   `tfsdk:"is_retrieved"`
	RetrievalID    types.String `tfsdk:"retrieval_id"`
}

func (d *restorePointsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_restore_points"
}

func (d *restorePointsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	timeFilter := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, MarkdownDescription: desc, Validators: []validator.String{framework.RFC3339Validator{}}}
	}
	computedBool := func(desc string) schema.BoolAttribute {
		return schema.BoolAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": framework.ReadTimeoutsBlock(ctx)},
		MarkdownDescription: "Lists the restore points (backups) of an organization (`GET /RestorePoints`, API v6 and later; " +
			"below v6 an error names the version), so that a restore session's `point_in_time` comes from a real backup: " +
			"`point_in_time = data.vb365_restore_points.p.restore_points[0].backup_time`. API v7+ servers filter by `from` and " +
			"`to`; on v6 the provider filters.",
		Attributes: framework.MergeAttributes(framework.ListingAttributes("restore points"), map[string]schema.Attribute{
			"organization_id": framework.OptionalFilter("List only the restore points of this organization (`vb365_organizations`)."),
			"from":            timeFilter("List only backups made at or after this time (RFC 3339)."),
			"to":              timeFilter("List only backups made at or before this time (RFC 3339)."),
			"repository_id": framework.OptionalFilter("List only the restore points in this backup repository: the primary one, a backup copy " +
				"or an archive tier (then `repository_id` of a session source, or of `vb365_data_retrieval`)."),
			"is_copy": schema.BoolAttribute{Optional: true, MarkdownDescription: "`true`: only points made by backup copy jobs; " +
				"`false`: only primary backups (API v7+; below v7 the read fails naming the version, before any request)."},
			"is_long_term_copy": schema.BoolAttribute{Optional: true, MarkdownDescription: "`true`: only long-term copies in archive-tier " +
				"object storage, which must be retrieved (`vb365_data_retrieval`) before they can be explored; `false`: only the others."},
			"is_retrieved": schema.BoolAttribute{Optional: true, MarkdownDescription: "`true`: only points a data retrieval has " +
				"retrieved (explore them with `data_retrieval_id`); `false`: only the others."},
			"user_id": framework.OptionalFilter("List only the restore points that hold the backup of this organization user (API v8+: " +
				"`userId`; below v8 the read fails naming the version, before any request). The ID is the user's in the organization, " +
				"as `vb365_audit_item` and `vb365_restore_operator_role` name users, not a mailbox ID of a restore session."),
			"restore_points": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching restore points, in the server's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                framework.ComputedString("Restore point ID."),
					"organization_id":   framework.ComputedString("ID of the backed-up organization."),
					"backup_time":       framework.ComputedString("When the backup was made (RFC 3339 UTC when the server's value parses): a `point_in_time`."),
					"repository_id":     framework.ComputedString("ID of the backup repository holding it."),
					"job_id":            framework.ComputedString("ID of the backup job that made it."),
					"is_exchange":       computedBool("Whether it holds Exchange data."),
					"is_sharepoint":     computedBool("Whether it holds SharePoint data."),
					"is_onedrive":       computedBool("Whether it holds OneDrive data."),
					"is_teams":          computedBool("Whether it holds Teams data."),
					"is_copy":           computedBool("Whether a backup copy job made it (API v7+)."),
					"is_long_term_copy": computedBool("Whether it is a copy in archive-tier object storage."),
					"is_retrieved":      computedBool("Whether a data retrieval job retrieved it."),
					"retrieval_id":      framework.ComputedString("ID of the data retrieval that retrieved it (`data_retrieval_id`); null when not retrieved."),
				}},
			},
		}),
	}
}

func (d *restorePointsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, cancel := framework.WithReadTimeout(ctx, req.Config, &resp.Diagnostics)
	defer cancel()
	var m restorePointsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !framework.RequireClient(d.Client, &resp.Diagnostics) {
		return
	}
	filter := vb365.RestorePointFilter{
		ListOptions:    framework.ListOptions(m.MaxItems, m.PageSize, true),
		OrganizationID: m.OrganizationID.ValueString(),
		From:           framework.ParseTimeFilter(m.From, "from", &resp.Diagnostics),
		To:             framework.ParseTimeFilter(m.To, "to", &resp.Diagnostics),
		RepositoryID:   m.RepositoryID.ValueString(),
		IsCopy:         framework.OptionalBool(m.IsCopy),
		IsLongTermCopy: framework.OptionalBool(m.IsLongTermCopy),
		IsRetrieved:    framework.OptionalBool(m.IsRetrieved),
		UserID:         m.UserID.ValueString(),
	}
	if filter.UserID != "" && !framework.RequireAttributeVersion(ctx, d.Client, &resp.Diagnostics, "user_id", "vb365_restore_points", vb365.V8) {
		return
	}
	if filter.IsCopy != nil && !framework.RequireAttributeVersion(ctx, d.Client, &resp.Diagnostics, "is_copy", "vb365_restore_points", vb365.V7) {
		return
	}
	if resp.Diagnostics.HasError() {
		return
	}
	points, err := framework.Collect(d.Client.RestorePoints(ctx, filter), nil, m.MaxItems)
	if err != nil {
		framework.AddVersionOrListError(&resp.Diagnostics, "restore points", "restore points", err)
		return
	}
	m.RestorePoints = make([]restorePointModel, 0, len(points))
	for _, p := range points {
		m.RestorePoints = append(m.RestorePoints, restorePointModel{
			ID: types.StringValue(p.ID), OrganizationID: framework.NonEmptyString(p.OrganizationID), BackupTime: framework.NonEmptyString(p.BackupTime),
			RepositoryID: framework.NonEmptyString(p.RepositoryID), JobID: framework.NonEmptyString(p.JobID),
			IsExchange: types.BoolPointerValue(p.IsExchange), IsSharePoint: types.BoolPointerValue(p.IsSharePoint),
			IsOneDrive: types.BoolPointerValue(p.IsOneDrive), IsTeams: types.BoolPointerValue(p.IsTeams),
			IsCopy: types.BoolPointerValue(p.IsCopy), IsLongTermCopy: types.BoolPointerValue(p.IsLongTermCopy),
			IsRetrieved: types.BoolPointerValue(p.IsRetrieved), RetrievalID: framework.NonEmptyString(p.RetrievalID),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
