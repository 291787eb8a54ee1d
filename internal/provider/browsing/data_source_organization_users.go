package browsing

import (
	"context"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var _ datasource.DataSourceWithConfigure = (*organizationUsersDataSource)(nil)

// NewOrganizationUsersDataSource returns vb365_organization_users.
func NewOrganizationUsersDataSource() datasource.DataSource { return &organizationUsersDataSource{} }

type organizationUsersDataSource struct{ framework.ClientDataSource }

type organizationUsersModel struct {
	directoryQueryModel
	Users []directoryEntryModel `tfsdk:"users"`
}

// usersListing is what vb365_organization_users lists (directory_listing.go).
var usersListing = directoryListing{
	listName: "users", dataSource: "vb365_organization_users", entryNoun: "user",
	description: "Lists the users of an organization (`GET /Organizations/{id}/Users`, API v6 and later; below v6 " +
		"an error names the version): their IDs are what `vb365_restore_operator_role`, `vb365_audit_item` and the " +
		"`user_id` filter of `vb365_restore_points` take. Users include shared and public-folder mailboxes (`type`). " +
		"`email` finds one user by address; an address that matches none leaves `users` empty, so check " +
		"`length(...users) == 1` in a precondition rather than indexing `[0]`.",
	nameFilter: "List only users whose name (the sign-in name, an e-mail address) contains this " +
		"text, case-insensitively (the server's `userName` filter).",
	displayNameFilter: "List only users whose display name contains this text, case-insensitively " +
		"(the server's `displayName` filter).",
	entry: map[string]string{
		"id":           "User ID in the organization (for `vb365_restore_operator_role` and `vb365_audit_item`).",
		"display_name": "Display name, for example `John Smith`.",
		"name":         "Sign-in name (user principal name).",
		"type":         "`User`, `Shared` (a shared mailbox) or `Public` (a public folder mailbox).",
		"email": "E-mail address: the name when it is one (Microsoft 365 users sign in " +
			"with their address); null otherwise.",
	},
	list: func(ctx context.Context, client *vb365.Client, organizationID, name, displayName string, opts vb365.ListOptions) iter.Seq2[directoryEntry, error] {
		users := client.OrganizationUsers(ctx, organizationID, vb365.OrganizationUserFilter{ListOptions: opts, UserName: name, DisplayName: displayName})
		return directoryEntries(users, func(u vb365.OrganizationUser) directoryEntry {
			return directoryEntry{ID: u.ID, DisplayName: u.DisplayName, Name: u.Name, Type: u.Type, LocationType: u.LocationType}
		})
	},
}

func (d *organizationUsersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization_users"
}

func (d *organizationUsersDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = usersListing.schema(ctx)
}

func (d *organizationUsersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, cancel := framework.WithReadTimeout(ctx, req.Config, &resp.Diagnostics)
	defer cancel()
	var m organizationUsersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !framework.RequireClient(d.Client, &resp.Diagnostics) {
		return
	}
	var ok bool
	if m.Users, ok = usersListing.read(ctx, d.Client, m.directoryQueryModel, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	}
}
