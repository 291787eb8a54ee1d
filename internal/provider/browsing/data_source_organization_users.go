package browsing

import (
	"context"
	"strings"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var _ datasource.DataSourceWithConfigure = (*organizationUsersDataSource)(nil)

// NewOrganizationUsersDataSource returns vb365_organization_users.
func NewOrganizationUsersDataSource() datasource.DataSource { return &organizationUsersDataSource{} }

type organizationUsersDataSource struct{ framework.ClientDataSource }

type organizationUsersModel struct {
	Timeouts       timeouts.Value          `tfsdk:"timeouts"`
	OrganizationID types.String            `tfsdk:"organization_id"`
	Name           types.String            `tfsdk:"name"`
	DisplayName    types.String            `tfsdk:"display_name"`
	Email          types.String            `tfsdk:"email"`
	MaxItems       types.Int64             `tfsdk:"max_items"`
	PageSize       types.Int64             `tfsdk:"page_size"`
	Users          []organizationUserModel `tfsdk:"users"`
}

type organizationUserModel struct {
	ID           types.String `tfsdk:"id"`
	DisplayName  types.String `tfsdk:"display_name"`
	Name         types.String `tfsdk:"name"`
	Type         types.String `tfsdk:"type"`
	Email        types.String `tfsdk:"email"`
	LocationType types.String `tfsdk:"location_type"`
}

func (d *organizationUsersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization_users"
}

func (d *organizationUsersDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": framework.ReadTimeoutsBlock(ctx)},
		MarkdownDescription: "Lists the users of an organization (`GET /Organizations/{id}/Users`, API v6 and later; below v6 " +
			"an error names the version): their IDs are what `vb365_restore_operator_role`, `vb365_audit_item` and the " +
			"`user_id` filter of `vb365_restore_points` take. Users include shared and public-folder mailboxes (`type`). " +
			"`email` finds one user by address; an address that matches none leaves `users` empty, so check " +
			"`length(...users) == 1` in a precondition rather than indexing `[0]`.",
		Attributes: framework.MergeAttributes(framework.ListingAttributes("users"), map[string]schema.Attribute{
			"organization_id": framework.RequiredID("ID of the organization (`vb365_organizations`)."),
			"name": framework.OptionalFilter("List only users whose name (the sign-in name, an e-mail address) contains this " +
				"text, case-insensitively (the server's `userName` filter)."),
			"display_name": framework.OptionalFilter("List only users whose display name contains this text, case-insensitively " +
				"(the server's `displayName` filter)."),
			"email": framework.OptionalFilter("List only the user with exactly this e-mail address (case-insensitive)."),
			"users": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching users, in the server's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":           framework.ComputedString("User ID in the organization (for `vb365_restore_operator_role` and `vb365_audit_item`)."),
					"display_name": framework.ComputedString("Display name, for example `John Smith`."),
					"name":         framework.ComputedString("Sign-in name (user principal name)."),
					"type":         framework.ComputedString("`User`, `Shared` (a shared mailbox) or `Public` (a public folder mailbox)."),
					"email": framework.ComputedString("E-mail address: the name when it is one (Microsoft 365 users sign in " +
						"with their address); null otherwise."),
					"location_type": framework.ComputedString("`Cloud`, `OnPremises` or `Hybrid`; null when the server does not say."),
				}},
			},
		}),
	}
}

// directoryEmail is the e-mail address of a user's or group's name: the name itself when it is
// an address.
func directoryEmail(name string) string {
	if i := strings.IndexByte(name, '@'); i > 0 && i < len(name)-1 && !strings.ContainsAny(name, " \t") {
		return name
	}
	return ""
}

// emailFilter keeps the entries whose name is the address wanted (every entry when it is empty).
func emailFilter(wanted string) func(name string) bool {
	return func(name string) bool { return wanted == "" || strings.EqualFold(directoryEmail(name), wanted) }
}

func (d *organizationUsersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, cancel := framework.WithReadTimeout(ctx, req.Config, &resp.Diagnostics)
	defer cancel()
	var m organizationUsersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !framework.RequireClient(d.Client, &resp.Diagnostics) {
		return
	}
	email := m.Email.ValueString()
	filter := vb365.OrganizationUserFilter{
		ListOptions: framework.ListOptions(m.MaxItems, m.PageSize, email != ""),
		UserName:    m.Name.ValueString(),
		DisplayName: m.DisplayName.ValueString(),
	}
	if filter.UserName == "" {
		filter.UserName = email // the server narrows; the provider keeps exact matches
	}
	keep := emailFilter(email)
	users, err := framework.Collect(d.Client.OrganizationUsers(ctx, m.OrganizationID.ValueString(), filter),
		func(u vb365.OrganizationUser) bool { return keep(u.Name) }, m.MaxItems)
	if err != nil {
		framework.AddVersionOrListError(&resp.Diagnostics, "users", "an organization's users (vb365_organization_users)", err)
		return
	}
	m.Users = make([]organizationUserModel, 0, len(users))
	for _, u := range users {
		m.Users = append(m.Users, organizationUserModel{
			ID: types.StringValue(u.ID), DisplayName: framework.NonEmptyString(u.DisplayName), Name: framework.NonEmptyString(u.Name),
			Type: framework.NonEmptyString(u.Type), Email: framework.NonEmptyString(directoryEmail(u.Name)),
			LocationType: framework.NonEmptyString(u.LocationType),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
