package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var _ datasource.DataSourceWithConfigure = (*mailboxesDataSource)(nil)

// NewMailboxesDataSource returns vb365_mailboxes.
func NewMailboxesDataSource() datasource.DataSource { return &mailboxesDataSource{} }

type mailboxesDataSource struct{ clientDataSource }

type mailboxesModel struct {
	Timeouts timeouts.Value `tfsdk:"timeouts"`
	sessionSourceModel
	Email     types.String   `tfsdk:"email"`
	Name      types.String   `tfsdk:"name"`
	MaxItems  types.Int64    `tfsdk:"max_items"`
	PageSize  types.Int64    `tfsdk:"page_size"`
	Mailboxes []mailboxModel `tfsdk:"mailboxes"`
}

type mailboxModel struct {
	ID        types.String `tfsdk:"id"`
	Name      types.String `tfsdk:"name"`
	Email     types.String `tfsdk:"email"`
	IsArchive types.Bool   `tfsdk:"is_archive"`
	IsPublic  types.Bool   `tfsdk:"is_public"`
}

func (d *mailboxesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mailboxes"
}

func (d *mailboxesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Blocks:              map[string]schema.Block{"timeouts": readTimeoutsBlock(ctx)},
		MarkdownDescription: "Lists the backed-up mailboxes of a restore session (or of an organization, in a session the provider opens for the read), optionally filtered by email address or name.",
		Attributes: mergeAttributes(listingAttributes("mailboxes"), sessionSourceDataSourceAttributes(), map[string]schema.Attribute{
			"email": optionalFilter("Keep only the mailboxes with this email address (case-insensitive): the primary " +
				"mailbox and, when the user has one, the archive mailbox, which has the same address (`is_archive` tells them apart)."),
			"name": optionalFilter("Keep only mailboxes whose name matches, case-insensitively; `*` matches any run " +
				"of characters and `?` one character."),
			"mailboxes": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching mailboxes, in the server's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":         computedString("Mailbox ID (a UUID)."),
					"name":       computedString("Mailbox display name."),
					"email":      computedString("Primary email address."),
					"is_archive": computedBool("Whether this is an archive mailbox."),
					"is_public":  computedBool("Whether this is a public-folder mailbox (API v6 and later; `false` before)."),
				}},
			},
		}),
	}
}

func (d *mailboxesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, cancel := withReadTimeout(ctx, req.Config, &resp.Diagnostics)
	defer cancel()
	var m mailboxesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var keep func(vb365.Mailbox) bool
	if !m.Email.IsNull() || !m.Name.IsNull() {
		email, name := m.Email.ValueString(), m.Name.ValueString()
		keep = func(mb vb365.Mailbox) bool {
			return (m.Email.IsNull() || strings.EqualFold(mb.Email, email)) &&
				(m.Name.IsNull() || wildcardMatch(name, mb.Name))
		}
	}
	sessionID, release, ok := acquireSession(ctx, d.sessions, m.sessionSourceModel, &resp.Diagnostics)
	if !ok {
		return
	}
	defer release()
	mailboxes, err := collect(d.client.Mailboxes(ctx, sessionID, listOptions(m.MaxItems, m.PageSize, keep != nil)), keep, m.MaxItems)
	if err != nil {
		addListError(&resp.Diagnostics, "mailboxes", "mailboxes of "+m.describe(), err)
		return
	}
	m.Mailboxes = make([]mailboxModel, 0, len(mailboxes))
	for _, mb := range mailboxes {
		m.Mailboxes = append(m.Mailboxes, mailboxModel{
			ID: types.StringValue(mb.ID), Name: types.StringValue(mb.Name), Email: nonEmptyString(mb.Email),
			IsArchive: types.BoolValue(mb.IsArchive), IsPublic: types.BoolValue(mb.IsPublic),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
