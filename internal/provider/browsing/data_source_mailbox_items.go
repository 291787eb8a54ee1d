package browsing

import (
	"context"
	"fmt"
	"iter"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var _ datasource.DataSourceWithConfigure = (*mailboxItemsDataSource)(nil)

// NewMailboxItemsDataSource returns vb365_mailbox_items.
func NewMailboxItemsDataSource() datasource.DataSource { return &mailboxItemsDataSource{} }

type mailboxItemsDataSource struct{ framework.ClientDataSource }

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

func (d *mailboxItemsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": framework.ReadTimeoutsBlock(ctx)},
		MarkdownDescription: "Lists the backed-up items of a mailbox, optionally of one folder only (narrowed by the server) " +
			"and of one type only. Each element of `items` is a compact summary of an item, so that a listing of a " +
			"mailbox of 100,000 items stays small in memory and state; `vb365_mailbox_item` reads the full item, and " +
			"`full = true` adds the full items to the listing as `full_items`.",
		Attributes: framework.MergeAttributes(framework.ListingAttributes("items"), itemsSessionAttributes(), map[string]schema.Attribute{
			"folder_id": framework.OptionalFilter("List only the items of this folder (not of its subfolders); the server does the " +
				"filtering. Unset: every item of the mailbox."),
			"type": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Keep only items of this type: `message`, `appointment`, `task`, `contact`, `note`, " +
					"`journal`, `contact_group`, `discussion` or `unknown`. The API cannot filter by type, so the " +
					"provider pages through the folder (or mailbox) and keeps the matches.",
				Validators: []validator.String{stringvalidator.OneOf(itemTypeNames()...)},
			},
			"query": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Let the server search the mailbox (or `folder_id` and its subfolders) and list only what it finds " +
					"(`POST .../search`, VB365 REST API v6 and later; below v6 the read fails with a message naming the version). " +
					"The query uses the server's search syntax: words to look for, or properties such as `from:`, `to:`, " +
					"`subject:`, `received:` and `sent:` (e.g. `subject:contract from:j.smith`). A large mailbox is narrowed " +
					"by the server instead of being paged through.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"full": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Also return the full typed objects, in `full_items` (the shape of `vb365_mailbox_item`). " +
					"They take several times the memory and state of the summaries: prefer `vb365_mailbox_item` for a " +
					"few items. Default `false`.",
			},
			"items": schema.ListNestedAttribute{
				Computed:            true,
				CustomType:          framework.RawListOf(SummaryAttributes()),
				MarkdownDescription: "The matching items in the server's order, each as a compact summary.",
				NestedObject:        schema.NestedAttributeObject{Attributes: SummaryAttributes()},
			},
			"full_items": schema.ListNestedAttribute{
				Computed:   true,
				CustomType: framework.RawListOf(ItemAttributes()),
				MarkdownDescription: "With `full = true`, the same items as `items`, in the same order, each with every " +
					"attribute of the `vb365_mailbox_item` data source; null otherwise.",
				NestedObject: schema.NestedAttributeObject{Attributes: ItemAttributes()},
			},
			"truncated": schema.BoolAttribute{
				Computed: true,
				MarkdownDescription: "Whether `max_items` cut the listing: `true` when more items match than `items` holds. " +
					"With `type`, finding out may page on until the next match.",
			},
		}),
	}
}

// ---- the session the listing reads from: arguments and how they resolve ----

// itemsSessionAttributes are the arguments naming the mailbox to list: the session source
// (restore_session_id, or organization_id and point_in_time) and mailbox_id.
func itemsSessionAttributes() map[string]schema.Attribute {
	return framework.MergeAttributes(sessions.SessionSourceDataSourceAttributes(), map[string]schema.Attribute{
		"mailbox_id": framework.RequiredID("ID of the mailbox whose items are listed."),
	})
}

// itemsSession reads the session source and the mailbox to list from the configuration.
func itemsSession(ctx context.Context, config tfsdk.Config) (source sessions.SessionSourceModel, mailboxID string, diags diag.Diagnostics) {
	var mailbox types.String
	diags.Append(config.GetAttribute(ctx, path.Root("restore_session_id"), &source.RestoreSessionID)...)
	diags.Append(config.GetAttribute(ctx, path.Root("organization_id"), &source.OrganizationID)...)
	diags.Append(config.GetAttribute(ctx, path.Root("point_in_time"), &source.PointInTime)...)
	diags.Append(config.GetAttribute(ctx, path.Root("show_deleted"), &source.ShowDeleted)...)
	diags.Append(config.GetAttribute(ctx, path.Root("show_all_versions"), &source.ShowAllVersions)...)
	diags.Append(config.GetAttribute(ctx, path.Root("repository_id"), &source.RepositoryID)...)
	diags.Append(config.GetAttribute(ctx, path.Root("data_retrieval_id"), &source.DataRetrievalID)...)
	diags.Append(config.GetAttribute(ctx, path.Root("mailbox_id"), &mailbox)...)
	return source, mailbox.ValueString(), diags
}

// ---- the listing ----

// itemsRequest is what the listing arguments ask for.
type itemsRequest struct {
	FolderID types.String `tfsdk:"folder_id"`
	Query    types.String `tfsdk:"query"`
	Type     types.String `tfsdk:"type"`
	Full     types.Bool   `tfsdk:"full"`
	MaxItems types.Int64  `tfsdk:"max_items"`
	PageSize types.Int64  `tfsdk:"page_size"`
}

func readItemsRequest(ctx context.Context, config tfsdk.Config) (itemsRequest, diag.Diagnostics) {
	var r itemsRequest
	var diags diag.Diagnostics
	for name, dst := range map[string]any{
		"folder_id": &r.FolderID, "query": &r.Query, "type": &r.Type, "full": &r.Full, "max_items": &r.MaxItems, "page_size": &r.PageSize,
	} {
		diags.Append(config.GetAttribute(ctx, path.Root(name), dst)...)
	}
	return r, diags
}

func (d *mailboxItemsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, cancel := framework.WithReadTimeout(ctx, req.Config, &resp.Diagnostics)
	defer cancel()
	source, mailboxID, diags := itemsSession(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	r, diags := readItemsRequest(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() || !framework.RequireClient(d.Client, &resp.Diagnostics) {
		return
	}
	sessionID, release, ok := sessions.AcquireSession(ctx, d.Sessions, source, &resp.Diagnostics)
	if !ok {
		return
	}
	defer release()
	var versionState func(id string) string
	if source.ByOrganization() {
		var err error
		versionState, err = listedVersionStates(ctx, d.Sessions, source.Scope(), d.listedIDs(ctx, mailboxID, r), &resp.Diagnostics)
		if err != nil {
			framework.AddVersionOrListError(&resp.Diagnostics, "mailbox items", fmt.Sprintf("items of mailbox %q in %s", mailboxID, source.Describe()), err)
			return
		}
	}
	listed, diags := d.list(ctx, sessionID, mailboxID, source.Describe(), r, versionState)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	// The state is the configuration with the computed attributes set, built as one
	// Terraform value.
	var config map[string]tftypes.Value
	if err := req.Config.Raw.As(&config); err != nil {
		resp.Diagnostics.AddError("Reading the configuration", err.Error())
		return
	}
	// A new map: As shares the configuration's own, which the framework reads after Read.
	attrs := make(map[string]tftypes.Value, len(config)+3)
	for name, v := range config {
		attrs[name] = v
	}
	stateType := resp.State.Schema.Type().TerraformType(ctx)
	objType, ok := stateType.(tftypes.Object)
	if !ok {
		resp.Diagnostics.AddError("Unexpected schema type", stateType.String())
		return
	}
	items, err := listed.items.StateValue(ctx, "items", objType.AttributeTypes["items"])
	if err != nil {
		resp.Diagnostics.AddError("Encoding the listing", err.Error())
		return
	}
	attrs["items"] = items
	if listed.full != nil {
		attrs["full_items"] = tftypes.NewValue(objType.AttributeTypes["full_items"], listed.full)
	} else {
		attrs["full_items"] = tftypes.NewValue(objType.AttributeTypes["full_items"], nil)
	}
	attrs["truncated"] = tftypes.NewValue(tftypes.Bool, listed.truncated)
	resp.State.Raw = tftypes.NewValue(objType, attrs)
}

// listedItems are the elements of items, encoded as they arrive (and of full_items with
// full = true).
type listedItems struct {
	items     *framework.EncodedList
	full      []tftypes.Value // nil unless full = true
	truncated bool
}

// listedIDs lists the IDs of what the listing of r finds in a session, unbounded (for
// listedVersionStates).
func (d *mailboxItemsDataSource) listedIDs(ctx context.Context, mailboxID string, r itemsRequest) func(sessionID string) iter.Seq2[string, error] {
	opts, _ := framework.BoundedListOptions(types.Int64Null(), r.PageSize, false)
	return func(sessionID string) iter.Seq2[string, error] {
		return func(yield func(string, error) bool) {
			if search := r.Query.ValueString(); search != "" {
				for item, err := range d.Client.SearchItems(ctx, sessionID, mailboxID, r.FolderID.ValueString(), search, opts) {
					if !yield(item.ID, err) || err != nil {
						return
					}
				}
				return
			}
			for s, err := range d.Client.ItemSummaries(ctx, sessionID, mailboxID, vb365.ItemQuery{ListOptions: opts, FolderID: r.FolderID.ValueString()}) {
				if !yield(s.ID, err) || err != nil {
					return
				}
			}
		}
	}
}

// list pages through the items, narrowed by the server to the folder, and encodes each kept
// element of items as it arrives (framework.EncodedList: the form the protocol sends, about 300
// bytes an item, instead of tftypes values); only what the listing returns is kept.
// versionState (nil: null) names each item's version_state.
func (d *mailboxItemsDataSource) list(ctx context.Context, sessionID, mailboxID, sessionDescription string, r itemsRequest, versionState func(id string) string) (listedItems, diag.Diagnostics) {
	out := listedItems{items: &framework.EncodedList{}}
	addSummary := func(s vb365.ItemSummary) {
		if versionState == nil {
			encodeSummary(out.items, s, "")
			return
		}
		encodeSummary(out.items, s, versionState(s.ID))
	}
	var diags diag.Diagnostics
	wantType := r.Type.ValueString()
	opts, maxItems := framework.BoundedListOptions(r.MaxItems, r.PageSize, wantType != "")
	query := vb365.ItemQuery{ListOptions: opts, FolderID: r.FolderID.ValueString()}
	// Full items come from the listing or, with a query, from the server's search, which
	// answers full items too.
	fullItems := func() iter.Seq2[vb365.Item, error] {
		if search := r.Query.ValueString(); search != "" {
			return d.Client.SearchItems(ctx, sessionID, mailboxID, r.FolderID.ValueString(), search, opts)
		}
		return d.Client.Items(ctx, sessionID, mailboxID, query)
	}
	var err error
	switch {
	case r.Full.ValueBool():
		out.full = []tftypes.Value{}
		var keep func(vb365.Item) bool
		if wantType != "" {
			keep = func(item vb365.Item) bool { return ItemTypeName(item) == wantType }
		}
		out.truncated, err = framework.CollectBounded(fullItems(), keep, maxItems, func(item vb365.Item) {
			v, itemDiags := fullItemValue(ctx, item)
			diags.Append(itemDiags...)
			out.full = append(out.full, v)
			addSummary(item.Summary())
		})
	case r.Query.ValueString() != "":
		var keep func(vb365.Item) bool
		if wantType != "" {
			keep = func(item vb365.Item) bool { return ItemTypeName(item) == wantType }
		}
		out.truncated, err = framework.CollectBounded(fullItems(), keep, maxItems, func(item vb365.Item) {
			addSummary(item.Summary())
		})
	default:
		var keep func(vb365.ItemSummary) bool
		if wantType != "" {
			keep = func(s vb365.ItemSummary) bool { return summaryTypeName(s) == wantType }
		}
		out.truncated, err = framework.CollectBounded(d.Client.ItemSummaries(ctx, sessionID, mailboxID, query), keep, maxItems, addSummary)
	}
	if err != nil {
		framework.AddVersionOrListError(&diags, "mailbox items", fmt.Sprintf("items of mailbox %q in %s", mailboxID, sessionDescription), err)
	}
	return out, diags
}
