package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var _ datasource.DataSourceWithConfigure = (*mailboxFoldersDataSource)(nil)

// NewMailboxFoldersDataSource returns vb365_mailbox_folders.
func NewMailboxFoldersDataSource() datasource.DataSource { return &mailboxFoldersDataSource{} }

type mailboxFoldersDataSource struct{ clientDataSource }

type mailboxFoldersModel struct {
	Timeouts timeouts.Value `tfsdk:"timeouts"`
	sessionSourceModel
	MailboxID types.String  `tfsdk:"mailbox_id"`
	ParentID  types.String  `tfsdk:"parent_id"`
	Name      types.String  `tfsdk:"name"`
	MaxItems  types.Int64   `tfsdk:"max_items"`
	PageSize  types.Int64   `tfsdk:"page_size"`
	Folders   []folderModel `tfsdk:"folders"`
}

type folderModel struct {
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	Type        types.String `tfsdk:"type"`
	Category    types.String `tfsdk:"category"`
	Description types.String `tfsdk:"description"`
	ParentID    types.String `tfsdk:"parent_id"`
	MailboxID   types.String `tfsdk:"mailbox_id"`
}

func (d *mailboxFoldersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mailbox_folders"
}

func (d *mailboxFoldersDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Blocks:              map[string]schema.Block{"timeouts": readTimeoutsBlock(ctx)},
		MarkdownDescription: "Lists the folders of a backed-up mailbox, optionally only the children of one folder or those matching a name.",
		Attributes: mergeAttributes(listingAttributes("folders"), sessionSourceDataSourceAttributes(), map[string]schema.Attribute{
			"mailbox_id": requiredID("ID of the mailbox whose folders are listed."),
			"parent_id": optionalFilter("List only the direct children of this folder ID; `root` lists the top-level " +
				"folders in every API version (sent as `parentId=null` to v4..v6 and `parentId=root` to v7 and later, as " +
				"each version documents it; v3 documents no such filter, so the provider lists every folder and keeps the " +
				"children asked for). Unset: every folder, at any depth."),
			"name": optionalFilter("List only folders whose name matches; the server's wildcards `*` (any run of " +
				"characters) and `?` (one character) apply."),
			"folders": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching folders, in the server's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":          computedString("Folder ID (an Exchange-style base64 string)."),
					"name":        computedString("Folder name, for example `Inbox`."),
					"type":        computedString("Content type: `Journal`, `Task`, `StickyNote`, `Contact`, `Appointment` or `None`."),
					"category":    computedString("Well-known folder category such as `Inbox` or `Sent` (API v6 and later); null before."),
					"description": computedString("Folder description."),
					"parent_id":   computedString("ID of the parent folder, parsed from the parent link; null for top-level folders."),
					"mailbox_id":  computedString("ID of the mailbox (sent by API v8, otherwise parsed from the links); null when unknown."),
				}},
			},
		}),
	}
}

func (d *mailboxFoldersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, cancel := withReadTimeout(ctx, req.Config, &resp.Diagnostics)
	defer cancel()
	var m mailboxFoldersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	sessionID, release, ok := acquireSession(ctx, d.sessions, m.sessionSourceModel, &resp.Diagnostics)
	if !ok {
		return
	}
	defer release()
	mailboxID := m.MailboxID.ValueString()
	query := vb365.FolderQuery{
		ListOptions: listOptions(m.MaxItems, m.PageSize, false),
		ParentID:    m.ParentID.ValueString(),
		Name:        m.Name.ValueString(),
	}
	folders, err := collect(d.client.Folders(ctx, sessionID, mailboxID, query), nil, m.MaxItems)
	if err != nil {
		addListError(&resp.Diagnostics, "mailbox folders", fmt.Sprintf("folders of mailbox %q in %s", mailboxID, m.describe()), err)
		return
	}
	m.Folders = make([]folderModel, 0, len(folders))
	for _, f := range folders {
		m.Folders = append(m.Folders, folderModel{
			ID: types.StringValue(f.ID), Name: types.StringValue(f.Name), Type: nonEmptyString(f.Type),
			Category: nonEmptyString(f.Category), Description: nonEmptyString(f.Description),
			ParentID: nonEmptyString(f.ParentID), MailboxID: nonEmptyString(f.MailboxID),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
