package browsing

import (
	"context"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var _ datasource.DataSourceWithConfigure = (*organizationGroupsDataSource)(nil)

// NewOrganizationGroupsDataSource returns vb365_organization_groups.
func NewOrganizationGroupsDataSource() datasource.DataSource { return &organizationGroupsDataSource{} }

type organizationGroupsDataSource struct{ framework.ClientDataSource }

type organizationGroupsModel struct {
	Timeouts       timeouts.Value           `tfsdk:"timeouts"`
	OrganizationID types.String             `tfsdk:"organization_id"`
	Name           types.String             `tfsdk:"name"`
	DisplayName    types.String             `tfsdk:"display_name"`
	Email          types.String             `tfsdk:"email"`
	MaxItems       types.Int64              `tfsdk:"max_items"`
	PageSize       types.Int64              `tfsdk:"page_size"`
	Groups         []organizationGroupModel `tfsdk:"groups"`
}

type organizationGroupModel struct {
	ID           types.String `tfsdk:"id"`
	DisplayName  types.String `tfsdk:"display_name"`
	Name         types.String `tfsdk:"name"`
	Type         types.String `tfsdk:"type"`
	Email        types.String `tfsdk:"email"`
	LocationType types.String `tfsdk:"location_type"`
}

func (d *organizationGroupsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization_groups"
}

func (d *organizationGroupsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": framework.ReadTimeoutsBlock(ctx)},
		MarkdownDescription: "Lists the groups of an organization (`GET /Organizations/{id}/Groups`, API v6 and later; below v6 " +
			"an error names the version): their IDs are what `vb365_restore_operator_role` (`operators`, `selected_items`, " +
			"`excluded_items`) and `vb365_audit_item` take. `email` finds one mail-enabled group by address; an address that " +
			"matches none leaves `groups` empty, so check `length(...groups) == 1` in a precondition rather than indexing `[0]`.",
		Attributes: framework.MergeAttributes(framework.ListingAttributes("groups"), map[string]schema.Attribute{
			"organization_id": framework.RequiredID("ID of the organization (`vb365_organizations`)."),
			"name": framework.OptionalFilter("List only groups whose name contains this text, case-insensitively (the " +
				"server's `groupName` filter)."),
			"display_name": framework.OptionalFilter("List only groups whose display name contains this text, " +
				"case-insensitively (the server's `displayName` filter)."),
			"email": framework.OptionalFilter("List only the group with exactly this e-mail address (case-insensitive)."),
			"groups": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching groups, in the server's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":            framework.ComputedString("Group ID in the organization (for `vb365_restore_operator_role` and `vb365_audit_item`)."),
					"display_name":  framework.ComputedString("Display name, for example `Support`."),
					"name":          framework.ComputedString("Group name (its e-mail address for mail-enabled groups)."),
					"type":          framework.ComputedString("`Office365`, `Security`, `Distribution` or `DynamicDistribution`."),
					"email":         framework.ComputedString("E-mail address: the name when it is one; null otherwise."),
					"location_type": framework.ComputedString("`Cloud`, `OnPremises` or `Hybrid`; null when the server does not say."),
				}},
			},
		}),
	}
}

func (d *organizationGroupsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, cancel := framework.WithReadTimeout(ctx, req.Config, &resp.Diagnostics)
	defer cancel()
	var m organizationGroupsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !framework.RequireClient(d.Client, &resp.Diagnostics) {
		return
	}
	email := m.Email.ValueString()
	filter := vb365.OrganizationGroupFilter{
		ListOptions: framework.ListOptions(m.MaxItems, m.PageSize, email != ""),
		GroupName:   m.Name.ValueString(),
		DisplayName: m.DisplayName.ValueString(),
	}
	if filter.GroupName == "" {
		filter.GroupName = email
	}
	keep := emailFilter(email)
	groups, err := framework.Collect(d.Client.OrganizationGroups(ctx, m.OrganizationID.ValueString(), filter),
		func(g vb365.OrganizationGroup) bool { return keep(g.Name) }, m.MaxItems)
	if err != nil {
		framework.AddVersionOrListError(&resp.Diagnostics, "groups", "an organization's groups (vb365_organization_groups)", err)
		return
	}
	m.Groups = make([]organizationGroupModel, 0, len(groups))
	for _, g := range groups {
		m.Groups = append(m.Groups, organizationGroupModel{
			ID: types.StringValue(g.ID), DisplayName: framework.NonEmptyString(g.DisplayName), Name: framework.NonEmptyString(g.Name),
			Type: framework.NonEmptyString(g.Type), Email: framework.NonEmptyString(directoryEmail(g.Name)),
			LocationType: framework.NonEmptyString(g.LocationType),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
