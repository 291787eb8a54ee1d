package browsing

import (
	"context"
	"fmt"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var _ datasource.DataSourceWithConfigure = (*mailboxFoldersDataSource)(nil)

// NewMailboxFoldersDataSource returns vb365_mailbox_folders.
func NewMailboxFoldersDataSource() datasource.DataSource { return &mailboxFoldersDataSource{} }

type mailboxFoldersDataSource struct{ framework.ClientDataSource }

type mailboxFoldersModel struct {
	Timeouts timeouts.Value `tfsdk:"timeouts"`
	sessions.SessionSourceModel
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
		Blocks:              map[string]schema.Block{"timeouts": framework.ReadTimeoutsBlock(ctx)},
		MarkdownDescription: "Lists the folders of a backed-up mailbox, optionally only the children of one folder or those matching a name.",
		Attributes: framework.MergeAttributes(framework.ListingAttributes("folders"), sessions.SessionSourceDataSourceAttributes(), map[string]schema.Attribute{
			"mailbox_id": framework.RequiredID("ID of the mailbox whose folders are listed."),
			"parent_id": framework.OptionalFilter("List only the direct children of this folder ID; `root` lists the top-level " +
				"folders in every API version (sent as `parentId=null` to v4..v6 and `parentId=root` to v7 and later, as " +
				"each version documents it; v3 documents no such filter, so the provider lists every folder and keeps the " +
				"children asked for). Unset: every folder, at any depth."),
			"name": framework.OptionalFilter("List only folders whose name matches; the server's wildcards `*` (any run of " +
				"characters) and `?` (one character) apply."),
			"folders": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching folders, in the server's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":          framework.ComputedString("Folder ID (an Exchange-style base64 string)."),
					"name":        framework.ComputedString("Folder name, for example `Inbox`."),
					"type":        framework.ComputedString("Content type: `Journal`, `Task`, `StickyNote`, `Contact`, `Appointment` or `None`."),
					"category":    framework.ComputedString("Well-known folder category such as `Inbox` or `Sent` (API v6 and later); null before."),
					"description": framework.ComputedString("Folder description."),
					"parent_id":   framework.ComputedString("ID of the parent folder, parsed from the parent link; null for top-level folders."),
					"mailbox_id":  framework.ComputedString("ID of the mailbox (sent by API v8, otherwise parsed from the links); null when unknown."),
				}},
			},
		}),
	}
}

func (d *mailboxFoldersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, cancel := framework.WithReadTimeout(ctx, req.Config, &resp.Diagnostics)
	defer cancel()
	var m mailboxFoldersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !framework.RequireClient(d.Client, &resp.Diagnostics) {
		return
	}
	sessionID, release, ok := sessions.AcquireSession(ctx, d.Sessions, m.SessionSourceModel, &resp.Diagnostics)
	if !ok {
		return
	}
	defer release()
	mailboxID := m.MailboxID.ValueString()
	query := vb365.FolderQuery{
		ListOptions: framework.ListOptions(m.MaxItems, m.PageSize, false),
		ParentID:    m.ParentID.ValueString(),
		Name:        m.Name.ValueString(),
	}
	folders, err := framework.Collect(d.Client.Folders(ctx, sessionID, mailboxID, query), nil, m.MaxItems)
	if err != nil {
		framework.AddListError(&resp.Diagnostics, "mailbox folders", fmt.Sprintf("folders of mailbox %q in %s", mailboxID, m.Describe()), err)
		return
	}
	m.Folders = make([]folderModel, 0, len(folders))
	for _, f := range folders {
		m.Folders = append(m.Folders, folderModel{
			ID: types.StringValue(f.ID), Name: types.StringValue(f.Name), Type: framework.NonEmptyString(f.Type),
			Category: framework.NonEmptyString(f.Category), Description: framework.NonEmptyString(f.Description),
			ParentID: framework.NonEmptyString(f.ParentID), MailboxID: framework.NonEmptyString(f.MailboxID),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
