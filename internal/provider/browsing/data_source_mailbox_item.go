package browsing

import (
	"context"
	"fmt"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*mailboxItemDataSource)(nil)

// NewMailboxItemDataSource returns vb365_mailbox_item.
func NewMailboxItemDataSource() datasource.DataSource { return &mailboxItemDataSource{} }

type mailboxItemDataSource struct{ framework.ClientDataSource }

// mailboxItemArguments are the arguments; every other attribute comes from itemAttributes.
var mailboxItemArguments = []string{"restore_session_id", "organization_id", "point_in_time", "repository_id", "data_retrieval_id", "mailbox_id", "item_id"}

// mailboxItemSessionAttributes are the other attributes that are not the item's: the explore
// options (booleans) and what the item is in the backup.
var mailboxItemSessionAttributes = []string{"show_deleted", "show_all_versions", "version_state"}

func (d *mailboxItemDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mailbox_item"
}

func (d *mailboxItemDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": framework.ReadTimeoutsBlock(ctx)},
		MarkdownDescription: "Reads one backed-up mailbox item: its class and canonical type, its folder, the actions " +
			"the server offers, and the fields of its type in the nested object named after the type " +
			"(for example `appointment.location`).",
		Attributes: framework.MergeAttributes(ItemAttributes(), sessions.SessionSourceDataSourceAttributes(), map[string]schema.Attribute{
			"mailbox_id":    framework.RequiredID("ID of the mailbox holding the item."),
			"item_id":       framework.RequiredID("ID of the item (an Exchange-style base64 string, as listed by `vb365_mailbox_items`)."),
			"version_state": schema.StringAttribute{Computed: true, MarkdownDescription: sessions.VersionStateDescription},
		}),
	}
}

func (d *mailboxItemDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, cancel := framework.WithReadTimeout(ctx, req.Config, &resp.Diagnostics)
	defer cancel()
	args := map[string]types.String{}
	for _, name := range mailboxItemArguments {
		var v types.String
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(name), &v)...)
		args[name] = v
	}
	if resp.Diagnostics.HasError() || !framework.RequireClient(d.Client, &resp.Diagnostics) {
		return
	}
	source := sessions.SessionSourceModel{RestoreSessionID: args["restore_session_id"], OrganizationID: args["organization_id"], PointInTime: args["point_in_time"],
		RepositoryID: args["repository_id"], DataRetrievalID: args["data_retrieval_id"]}
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("show_deleted"), &source.ShowDeleted)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("show_all_versions"), &source.ShowAllVersions)...)
	if resp.Diagnostics.HasError() {
		return
	}
	sessionID, release, ok := sessions.AcquireSession(ctx, d.Sessions, source, &resp.Diagnostics)
	if !ok {
		return
	}
	defer release()
	mailboxID, itemID := args["mailbox_id"].ValueString(), args["item_id"].ValueString()
	item, err := d.Client.Item(ctx, sessionID, mailboxID, itemID)
	if err != nil {
		framework.AddReadError(&resp.Diagnostics, "mailbox item",
			fmt.Sprintf("item %q of mailbox %q in %s", itemID, mailboxID, source.Describe()), err)
		return
	}

	versionState := types.StringNull()
	if source.ByOrganization() {
		states, err := ItemVersionStates(ctx, d.Client, d.Sessions, source.Scope(), mailboxID, []string{itemID}, &resp.Diagnostics)
		if err != nil {
			framework.AddReadError(&resp.Diagnostics, "mailbox item", fmt.Sprintf("item %q of mailbox %q in %s", itemID, mailboxID, source.Describe()), err)
			return
		}
		versionState = types.StringValue(states[itemID])
	}

	values, diags := flattenItemValues(item)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	extra := map[string]attr.Value{"version_state": versionState,
		"show_deleted": source.ShowDeleted, "show_all_versions": source.ShowAllVersions}
	attrTypes := map[string]attr.Type{}
	for name, t := range ItemObjectType().AttrTypes {
		attrTypes[name] = t
	}
	for name, v := range args {
		attrTypes[name] = types.StringType
		values[name] = v
	}
	for name, v := range extra {
		attrTypes[name] = v.Type(ctx)
		values[name] = v
	}
	var readTimeouts timeouts.Value
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("timeouts"), &readTimeouts)...)
	attrTypes["timeouts"], values["timeouts"] = readTimeouts.Type(ctx), readTimeouts
	obj, diags := types.ObjectValue(attrTypes, values)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, obj)...)
}
