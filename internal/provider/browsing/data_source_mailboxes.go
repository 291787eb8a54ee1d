package browsing

import (
	"context"
	"strings"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var _ datasource.DataSourceWithConfigure = (*mailboxesDataSource)(nil)

// NewMailboxesDataSource returns vb365_mailboxes.
func NewMailboxesDataSource() datasource.DataSource { return &mailboxesDataSource{} }

type mailboxesDataSource struct{ framework.ClientDataSource }

type mailboxesModel struct {
	Timeouts timeouts.Value `tfsdk:"timeouts"`
	sessions.SessionSourceModel
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
		Blocks:              map[string]schema.Block{"timeouts": framework.ReadTimeoutsBlock(ctx)},
		MarkdownDescription: "Lists the backed-up mailboxes of a restore session (or of an organization, in a session the provider opens for the read), optionally filtered by email address or name.",
		Attributes: framework.MergeAttributes(framework.ListingAttributes("mailboxes"), sessions.SessionSourceDataSourceAttributes(), map[string]schema.Attribute{
			"email": framework.OptionalFilter("Keep only the mailboxes with this email address (case-insensitive): the primary " +
				"mailbox and, when the user has one, the archive mailbox, which has the same address (`is_archive` tells them apart)."),
			"name": framework.OptionalFilter("Keep only mailboxes whose name matches, case-insensitively; `*` matches any run " +
				"of characters and `?` one character."),
			"mailboxes": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching mailboxes, in the server's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":         framework.ComputedString("Mailbox ID (a UUID)."),
					"name":       framework.ComputedString("Mailbox display name."),
					"email":      framework.ComputedString("Primary email address."),
					"is_archive": computedBool("Whether this is an archive mailbox."),
					"is_public":  computedBool("Whether this is a public-folder mailbox (API v6 and later; `false` before)."),
				}},
			},
		}),
	}
}

func (d *mailboxesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, cancel := framework.WithReadTimeout(ctx, req.Config, &resp.Diagnostics)
	defer cancel()
	var m mailboxesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !framework.RequireClient(d.Client, &resp.Diagnostics) {
		return
	}
	var keep func(vb365.Mailbox) bool
	if !m.Email.IsNull() || !m.Name.IsNull() {
		email, name := m.Email.ValueString(), m.Name.ValueString()
		keep = func(mb vb365.Mailbox) bool {
			return (m.Email.IsNull() || strings.EqualFold(mb.Email, email)) &&
				(m.Name.IsNull() || framework.WildcardMatch(name, mb.Name))
		}
	}
	sessionID, release, ok := sessions.AcquireSession(ctx, d.Sessions, m.SessionSourceModel, &resp.Diagnostics)
	if !ok {
		return
	}
	defer release()
	mailboxes, err := framework.Collect(d.Client.Mailboxes(ctx, sessionID, framework.ListOptions(m.MaxItems, m.PageSize, keep != nil)), keep, m.MaxItems)
	if err != nil {
		framework.AddListError(&resp.Diagnostics, "mailboxes", "mailboxes of "+m.Describe(), err)
		return
	}
	m.Mailboxes = make([]mailboxModel, 0, len(mailboxes))
	for _, mb := range mailboxes {
		m.Mailboxes = append(m.Mailboxes, mailboxModel{
			ID: types.StringValue(mb.ID), Name: types.StringValue(mb.Name), Email: framework.NonEmptyString(mb.Email),
			IsArchive: types.BoolValue(mb.IsArchive), IsPublic: types.BoolValue(mb.IsPublic),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
