package sessions

import (
	"context"
	"fmt"
	"strings"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var _ datasource.DataSourceWithConfigure = (*restoreSessionEventsDataSource)(nil)

// NewRestoreSessionEventsDataSource returns vb365_restore_session_events.
func NewRestoreSessionEventsDataSource() datasource.DataSource {
	return &restoreSessionEventsDataSource{}
}

type restoreSessionEventsDataSource struct{ framework.ClientDataSource }

type restoreSessionEventsModel struct {
	Timeouts         timeouts.Value      `tfsdk:"timeouts"`
	RestoreSessionID types.String        `tfsdk:"restore_session_id"`
	Type             types.String        `tfsdk:"type"`
	Status           types.String        `tfsdk:"status"`
	MaxItems         types.Int64         `tfsdk:"max_items"`
	PageSize         types.Int64         `tfsdk:"page_size"`
	Events           []restoreEventModel `tfsdk:"events"`
	// Session is who opened the session, why and from where (restore_session_events_session.go).
	Session types.Object `tfsdk:"session"`
}

type restoreEventModel struct {
	ID            types.String `tfsdk:"id"`
	Type          types.String `tfsdk:"type"`
	Status        types.String `tfsdk:"status"`
	ItemName      types.String `tfsdk:"item_name"`
	ItemType      types.String `tfsdk:"item_type"`
	ItemSizeBytes types.Int64  `tfsdk:"item_size_bytes"`
	Source        types.String `tfsdk:"source"`
	Target        types.String `tfsdk:"target"`
	StartTime     types.String `tfsdk:"start_time"`
	EndTime       types.String `tfsdk:"end_time"`
	Duration      types.String `tfsdk:"duration"`
	Title         types.String `tfsdk:"title"`
	Message       types.String `tfsdk:"message"`
	Order         types.Int64  `tfsdk:"order"`
}

// The documented values of RESTRestoreSessionEvent's type and status.
var (
	restoreEventTypes    = []string{"None", "Save", "Export", "Send", "Restore", "View"}
	restoreEventStatuses = []string{"Running", "Success", "Warning", "Failed", "Cancelled", "Skipped"}
)

func (d *restoreSessionEventsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_restore_session_events"
}

func (d *restoreSessionEventsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": framework.ReadTimeoutsBlock(ctx)},
		MarkdownDescription: "Lists the events of a restore session (`GET /RestoreSessions/{id}/Events`): the server's own " +
			"audit trail of who did what, to which item, from where to where, when and with what result. Every API version " +
			"has the route; API v3..v5 servers send only `id`, `type`, `status`, the times, `duration`, `title` and `message` " +
			"(the item, source and target are then only named inside `message`), v6 and later also the item fields and " +
			"`order`. Texts from the server are redacted of the provider's password and tokens.\n\n" +
			"On API v8 a restore runs in a restore session of its own: read its events with the restore record's " +
			"`server_restore_session_id`; the browsed session's events are read with its `restore_session_id`.",
		Attributes: framework.MergeAttributes(framework.ListingAttributes("events"), map[string]schema.Attribute{
			"restore_session_id": framework.RequiredID("ID of the restore session whose events are listed: an explore session " +
				"(`vb365_restore_session`) or, on API v8, the restore session of a restore (`server_restore_session_id`)."),
			"type": schema.StringAttribute{Optional: true,
				MarkdownDescription: "List only events of this type: `" + strings.Join(restoreEventTypes, "`, `") + "` (case-insensitive).",
				Validators:          []validator.String{stringvalidator.OneOfCaseInsensitive(restoreEventTypes...)}},
			"status": schema.StringAttribute{Optional: true,
				MarkdownDescription: "List only events with this status: `" + strings.Join(restoreEventStatuses, "`, `") + "` (case-insensitive).",
				Validators:          []validator.String{stringvalidator.OneOfCaseInsensitive(restoreEventStatuses...)}},
			"events": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching events, in the server's order (oldest first).",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":              framework.ComputedString("Event ID."),
					"type":            framework.ComputedString("`None` (session events), `Save`, `Export`, `Send`, `Restore` or `View`."),
					"status":          framework.ComputedString("`Running`, `Success`, `Warning`, `Failed`, `Cancelled` or `Skipped`."),
					"item_name":       framework.ComputedString("Name of the item the event is about (API v6+); null for session events."),
					"item_type":       framework.ComputedString("Type of that item as the server names it (API v6+)."),
					"item_size_bytes": framework.ComputedInt64("Size of that item in bytes (API v6+), where the server reports it."),
					"source":          framework.ComputedString("Where the item came from, e.g. mailbox and folder (API v6+)."),
					"target":          framework.ComputedString("Where it went: a mailbox and folder, a file or an address (API v6+)."),
					"start_time":      framework.ComputedString("When the event started (RFC 3339 UTC when the server's value parses)."),
					"end_time":        framework.ComputedString("When it ended."),
					"duration":        framework.ComputedString("Duration as the server sends it, a .NET time span such as `00:00:01.5`."),
					"title":           framework.ComputedString("Short title, e.g. `Item is successfully restored`."),
					"message":         framework.ComputedString("The server's message, redacted of the provider's secrets."),
					"order":           framework.ComputedInt64("Position of the event in the session (API v6+)."),
				}},
			},
			"session": eventsSessionAttribute(),
		}),
	}
}

func (d *restoreSessionEventsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, cancel := framework.WithReadTimeout(ctx, req.Config, &resp.Diagnostics)
	defer cancel()
	var m restoreSessionEventsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !framework.RequireClient(d.Client, &resp.Diagnostics) {
		return
	}
	sessionID := m.RestoreSessionID.ValueString()
	typ, status := m.Type.ValueString(), m.Status.ValueString()
	filtered := typ != "" || status != ""
	keep := func(e vb365.RestoreSessionEvent) bool {
		return (typ == "" || strings.EqualFold(e.Type, typ)) && (status == "" || strings.EqualFold(e.Status, status))
	}
	events, err := framework.Collect(d.Client.RestoreSessionEvents(ctx, sessionID, framework.ListOptions(m.MaxItems, m.PageSize, filtered)), keep, m.MaxItems)
	if err != nil {
		framework.AddListError(&resp.Diagnostics, "restore session events", fmt.Sprintf("events of restore session %q", sessionID), err)
		return
	}
	m.Events = make([]restoreEventModel, 0, len(events))
	for _, e := range events {
		m.Events = append(m.Events, restoreEventModel{
			ID: types.StringValue(e.ID), Type: framework.NonEmptyString(e.Type), Status: framework.NonEmptyString(e.Status),
			ItemName: framework.NonEmptyString(e.ItemName), ItemType: framework.NonEmptyString(e.ItemType), ItemSizeBytes: types.Int64PointerValue(e.ItemSizeBytes),
			Source: framework.NonEmptyString(e.Source), Target: framework.NonEmptyString(e.Target),
			StartTime: framework.NonEmptyString(e.StartTime), EndTime: framework.NonEmptyString(e.EndTime), Duration: framework.NonEmptyString(e.Duration),
			Title: framework.NonEmptyString(e.Title), Message: framework.NonEmptyString(e.Message), Order: types.Int64PointerValue(e.Order),
		})
	}
	m.Session = readEventsSession(ctx, d.Client, sessionID, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
