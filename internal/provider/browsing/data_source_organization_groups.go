package browsing

import (
	"context"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var _ datasource.DataSourceWithConfigure = (*organizationGroupsDataSource)(nil)

// NewOrganizationGroupsDataSource returns vb365_organization_groups.
func NewOrganizationGroupsDataSource() datasource.DataSource { return &organizationGroupsDataSource{} }

type organizationGroupsDataSource struct{ framework.ClientDataSource }

type organizationGroupsModel struct {
	directoryQueryModel
	Groups []directoryEntryModel `tfsdk:"groups"`
}

// groupsListing is what vb365_organization_groups lists (directory_listing.go).
var groupsListing = directoryListing{
	listName: "groups", dataSource: "vb365_organization_groups", entryNoun: "group",
	description: "Lists the groups of an organization (`GET /Organizations/{id}/Groups`, API v6 and later; below v6 " +
		"an error names the version): their IDs are what `vb365_restore_operator_role` (`operators`, `selected_items`, " +
		"`excluded_items`) and `vb365_audit_item` take. `email` finds one mail-enabled group by address; an address that " +
		"matches none leaves `groups` empty, so check `length(...groups) == 1` in a precondition rather than indexing `[0]`.",
	nameFilter: "List only groups whose name contains this text, case-insensitively (the " +
		"server's `groupName` filter).",
	displayNameFilter: "List only groups whose display name contains this text, " +
		"case-insensitively (the server's `displayName` filter).",
	entry: map[string]string{
		"id":           "Group ID in the organization (for `vb365_restore_operator_role` and `vb365_audit_item`).",
		"display_name": "Display name, for example `Support`.",
		"name":         "Group name (its e-mail address for mail-enabled groups).",
		"type":         "`Office365`, `Security`, `Distribution` or `DynamicDistribution`.",
		"email":        "E-mail address: the name when it is one; null otherwise.",
	},
	list: func(ctx context.Context, client *vb365.Client, organizationID, name, displayName string, opts vb365.ListOptions) iter.Seq2[directoryEntry, error] {
		groups := client.OrganizationGroups(ctx, organizationID, vb365.OrganizationGroupFilter{ListOptions: opts, GroupName: name, DisplayName: displayName})
		return directoryEntries(groups, func(g vb365.OrganizationGroup) directoryEntry {
			return directoryEntry{ID: g.ID, DisplayName: g.DisplayName, Name: g.Name, Type: g.Type, LocationType: g.LocationType}
		})
	},
}

func (d *organizationGroupsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization_groups"
}

func (d *organizationGroupsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = groupsListing.schema(ctx)
}

func (d *organizationGroupsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, cancel := framework.WithReadTimeout(ctx, req.Config, &resp.Diagnostics)
	defer cancel()
	var m organizationGroupsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !framework.RequireClient(d.Client, &resp.Diagnostics) {
		return
	}
	var ok bool
	if m.Groups, ok = groupsListing.read(ctx, d.Client, m.directoryQueryModel, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	}
}
