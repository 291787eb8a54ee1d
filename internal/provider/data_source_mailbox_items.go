package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var _ datasource.DataSourceWithConfigure = (*mailboxItemsDataSource)(nil)

// NewMailboxItemsDataSource returns vb365_mailbox_items.
func NewMailboxItemsDataSource() datasource.DataSource { return &mailboxItemsDataSource{} }

type mailboxItemsDataSource struct{ clientDataSource }

type mailboxItemsModel struct {
	sessionSourceModel
	MailboxID types.String `tfsdk:"mailbox_id"`
	FolderID  types.String `tfsdk:"folder_id"`
	Type      types.String `tfsdk:"type"`
	MaxItems  types.Int64  `tfsdk:"max_items"`
	PageSize  types.Int64  `tfsdk:"page_size"`
	Items     types.List   `tfsdk:"items"`
}

// itemTypeNames are the values of an item's type, for the type filter.
func itemTypeNames() []string {
	names := make([]string, 0, len(vb365.ItemTypes))
	for _, t := range vb365.ItemTypes {
		names = append(names, string(t))
	}
	return names
}

func (d *mailboxItemsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mailbox_items"
}

func (d *mailboxItemsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the backed-up items of a mailbox, optionally of one folder only and of one type only. " +
			"Each element of `items` has the attributes of the `vb365_mailbox_item` data source.",
		Attributes: mergeAttributes(listingAttributes("items"), sessionSourceDataSourceAttributes(), map[string]schema.Attribute{
			"mailbox_id": requiredID("ID of the mailbox whose items are listed."),
			"folder_id":  optionalFilter("List only the items of this folder (not of its subfolders). Unset: every item of the mailbox."),
			"type": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Keep only items of this type: `message`, `appointment`, `task`, `contact`, `note`, " +
					"`journal`, `contact_group`, `discussion` or `unknown`.",
				Validators: []validator.String{stringvalidator.OneOf(itemTypeNames()...)},
			},
			"items": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching items, in the server's order.",
				NestedObject:        schema.NestedAttributeObject{Attributes: itemAttributes()},
			},
		}),
	}
}

func (d *mailboxItemsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m mailboxItemsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var keep func(vb365.Item) bool
	if !m.Type.IsNull() {
		want := m.Type.ValueString()
		keep = func(item vb365.Item) bool { return itemTypeName(item) == want }
	}
	sessionID, release, ok := acquireSession(ctx, d.sessions, m.sessionSourceModel, &resp.Diagnostics)
	if !ok {
		return
	}
	defer release()
	mailboxID := m.MailboxID.ValueString()
	query := vb365.ItemQuery{
		ListOptions: listOptions(m.MaxItems, m.PageSize, keep != nil),
		FolderID:    m.FolderID.ValueString(),
	}
	items, err := collect(d.client.Items(ctx, sessionID, mailboxID, query), keep, m.MaxItems)
	if err != nil {
		addListError(&resp.Diagnostics, "mailbox items",
			fmt.Sprintf("items of mailbox %q in %s", mailboxID, m.describe()), err)
		return
	}
	elems := make([]attr.Value, 0, len(items))
	for _, item := range items {
		obj, diags := flattenItem(item)
		resp.Diagnostics.Append(diags...)
		elems = append(elems, obj)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	list, diags := types.ListValue(ItemObjectType(), elems)
	resp.Diagnostics.Append(diags...)
	m.Items = list
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
