package browsing

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"sync"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var _ datasource.DataSourceWithConfigure = (*itemSearchDataSource)(nil)

// NewItemSearchDataSource returns vb365_item_search.
func NewItemSearchDataSource() datasource.DataSource { return &itemSearchDataSource{} }

type itemSearchDataSource struct{ framework.ClientDataSource }

// itemSearchOperation names the search in version diagnostics.
const itemSearchOperation = "searching items across mailboxes (vb365_item_search)"

func (d *itemSearchDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_item_search"
}

// searchHitAttributes are the attributes of one element of vb365_item_search.items: the
// compact summary of vb365_mailbox_items plus the item's mailbox.
func searchHitAttributes() map[string]schema.Attribute {
	return framework.MergeAttributes(SummaryAttributes(), map[string]schema.Attribute{
		"mailbox_id":    framework.ComputedString("ID of the mailbox holding the item, for `vb365_mailbox_item_restore.mailbox_id`."),
		"mailbox_email": framework.ComputedString("Primary e-mail address of that mailbox, as the server reports it."),
		"mailbox_name":  framework.ComputedString("Display name of that mailbox."),
	})
}

var searchHitTFType = sync.OnceValue(func() tftypes.Object {
	attrTypes := map[string]tftypes.Type{}
	for name, t := range framework.AttrTypesOf(searchHitAttributes()) {
		attrTypes[name] = t.TerraformType(context.Background())
	}
	return tftypes.Object{AttributeTypes: attrTypes}
})

func (d *itemSearchDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": framework.ReadTimeoutsBlock(ctx)},
		MarkdownDescription: "Finds backed-up items across the mailboxes of an organization: the server searches every mailbox " +
			"(`POST .../organization/mailboxes/search`, paged with the server's `setId`) or, with `mailbox_ids`, those mailboxes " +
			"(VB365 REST API v6 and later; below v6 the read fails naming the version, before any request). Each element of " +
			"`items` is the compact summary of `vb365_mailbox_items` with its mailbox, so a restore or an export can be driven " +
			"from it with `for_each` over the mailboxes found.",
		Attributes: framework.MergeAttributes(framework.ListingAttributes("items"), sessions.SessionSourceDataSourceAttributes(), map[string]schema.Attribute{
			"query": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "What to find, in the server's search syntax: words to look for, or properties such as `from:`, " +
					"`to:`, `subject:`, `received:` and `sent:` (e.g. `subject:\"invoice overdue\" from:billing@contoso.example`).",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"mailbox_ids": schema.SetAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Search only these mailboxes (IDs from `vb365_mailboxes`), one after the other; unset: every " +
					"mailbox of the organization in one search.",
				Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"items": schema.ListNestedAttribute{
				Computed:            true,
				CustomType:          framework.RawListOf(searchHitAttributes()),
				MarkdownDescription: "The items found, in the server's order, each as a compact summary with its mailbox.",
				NestedObject:        schema.NestedAttributeObject{Attributes: searchHitAttributes()},
			},
			"mailbox_ids_found": schema.SetAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The IDs of the mailboxes that hold at least one item of `items`: the keys for `for_each`.",
			},
			"truncated": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether `max_items` cut the search: `true` when the server found more items than `items` holds.",
			},
		}),
	}
}

func (d *itemSearchDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, cancel := framework.WithReadTimeout(ctx, req.Config, &resp.Diagnostics)
	defer cancel()
	var source sessions.SessionSourceModel
	var query types.String
	var mailboxIDs []string
	var maxItems, pageSize types.Int64
	for name, dst := range map[string]any{
		"restore_session_id": &source.RestoreSessionID, "organization_id": &source.OrganizationID, "point_in_time": &source.PointInTime,
		"show_deleted": &source.ShowDeleted, "show_all_versions": &source.ShowAllVersions, "repository_id": &source.RepositoryID, "data_retrieval_id": &source.DataRetrievalID, "query": &query,
		"max_items": &maxItems, "page_size": &pageSize, "mailbox_ids": &mailboxIDs,
	} {
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(name), dst)...)
	}
	if resp.Diagnostics.HasError() || !framework.RequireClient(d.Client, &resp.Diagnostics) {
		return
	}
	what := fmt.Sprintf("items matching %q in %s", query.ValueString(), source.Describe())
	// Before the session is opened: an older server gets no request at all.
	if err := d.Client.RequireVersion(ctx, itemSearchOperation, vb365.V6); err != nil {
		framework.AddVersionOrListError(&resp.Diagnostics, "items", what, err)
		return
	}
	sessionID, release, ok := sessions.AcquireSession(ctx, d.Sessions, source, &resp.Diagnostics)
	if !ok {
		return
	}
	defer release()
	opts, limit := framework.BoundedListOptions(maxItems, pageSize, false)
	search := func(sessionID string, opts vb365.ListOptions) iter.Seq2[vb365.Item, error] {
		return d.Client.SearchOrganizationItems(ctx, sessionID, vb365.OrganizationItemSearch{
			ListOptions: opts, Query: query.ValueString(), MailboxIDs: mailboxIDs})
	}
	var versionState func(string) string
	if source.ByOrganization() {
		var err error
		versionState, err = listedVersionStates(ctx, d.Sessions, source.Scope(), func(sessionID string) iter.Seq2[string, error] {
			return func(yield func(string, error) bool) {
				unbounded, _ := framework.BoundedListOptions(types.Int64Null(), pageSize, false)
				for item, err := range search(sessionID, unbounded) {
					if !yield(item.ID, err) || err != nil {
						return
					}
				}
			}
		}, &resp.Diagnostics)
		if err != nil {
			framework.AddVersionOrListError(&resp.Diagnostics, "items", what, err)
			return
		}
	}

	mailboxes := map[string]vb365.Mailbox{} // the mailboxes found, read once each
	var hits []tftypes.Value
	found := map[string]bool{}
	var readErr error
	truncated, err := framework.CollectBounded(search(sessionID, opts), nil, limit, func(item vb365.Item) {
		if readErr != nil {
			return
		}
		key := strings.ToLower(item.MailboxID)
		mb, known := mailboxes[key]
		if !known && item.MailboxID != "" {
			if mb, readErr = d.Client.Mailbox(ctx, sessionID, item.MailboxID); readErr != nil {
				readErr = fmt.Errorf("reading mailbox %q of item %q: %w", item.MailboxID, item.ID, readErr)
				return
			}
			mailboxes[key] = mb
		}
		state := ""
		if versionState != nil {
			state = versionState(item.ID)
		}
		hits = append(hits, searchHitValue(item, state, mb))
		if item.MailboxID != "" {
			found[item.MailboxID] = true
		}
	})
	if err == nil {
		err = readErr
	}
	if err != nil {
		framework.AddVersionOrListError(&resp.Diagnostics, "items", what, err)
		return
	}
	if hits == nil {
		hits = []tftypes.Value{}
	}

	var config map[string]tftypes.Value
	if err := req.Config.Raw.As(&config); err != nil {
		resp.Diagnostics.AddError("Reading the configuration", err.Error())
		return
	}
	attrs := make(map[string]tftypes.Value, len(config)+3)
	for name, v := range config {
		attrs[name] = v
	}
	objType, ok := resp.State.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		resp.Diagnostics.AddError("Unexpected schema type", resp.State.Schema.Type().String())
		return
	}
	foundIDs := make([]tftypes.Value, 0, len(found))
	for id := range found {
		foundIDs = append(foundIDs, tftypes.NewValue(tftypes.String, id))
	}
	attrs["items"] = tftypes.NewValue(objType.AttributeTypes["items"], hits)
	attrs["mailbox_ids_found"] = tftypes.NewValue(objType.AttributeTypes["mailbox_ids_found"], foundIDs)
	attrs["truncated"] = tftypes.NewValue(tftypes.Bool, truncated)
	resp.State.Raw = tftypes.NewValue(objType, attrs)
}

// searchHitValue is one element of items as a Terraform value.
func searchHitValue(item vb365.Item, versionState string, mb vb365.Mailbox) tftypes.Value {
	var attrs map[string]tftypes.Value
	_ = summaryValueIn(item.Summary(), versionState).As(&attrs) // an object built just now: As cannot fail
	attrs["mailbox_id"] = tfNonEmpty(item.MailboxID)
	attrs["mailbox_email"] = tfNonEmpty(mb.Email)
	attrs["mailbox_name"] = tfNonEmpty(mb.Name)
	return tftypes.NewValue(searchHitTFType(), attrs)
}
