package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var (
	_ resource.Resource                = (*restoreSessionResource)(nil)
	_ resource.ResourceWithConfigure   = (*restoreSessionResource)(nil)
	_ resource.ResourceWithImportState = (*restoreSessionResource)(nil)
)

const (
	defaultSessionCreateTimeout = 10 * time.Minute
	defaultSessionDeleteTimeout = 5 * time.Minute
	// cleanupTimeout bounds stopping a session opened by a Create that then failed; it runs
	// on a context detached from the (possibly expired) request context.
	cleanupTimeout = time.Minute
	// privateImported marks a session adopted by import: the inputs the server cannot report
	// (point_in_time, show_deleted, show_all_versions, reason) are then taken from the
	// configuration without reopening the session.
	privateImported = "imported"
)

// NewRestoreSessionResource returns the vb365_restore_session resource.
func NewRestoreSessionResource() resource.Resource { return &restoreSessionResource{} }

type restoreSessionResource struct {
	client *vb365.Client
}

type restoreSessionResourceModel struct {
	ID               types.String   `tfsdk:"id"`
	OrganizationID   types.String   `tfsdk:"organization_id"`
	PointInTime      types.String   `tfsdk:"point_in_time"`
	ShowDeleted      types.Bool     `tfsdk:"show_deleted"`
	ShowAllVersions  types.Bool     `tfsdk:"show_all_versions"`
	Reason           types.String   `tfsdk:"reason"`
	State            types.String   `tfsdk:"state"`
	Result           types.String   `tfsdk:"result"`
	CreationTime     types.String   `tfsdk:"creation_time"`
	OrganizationName types.String   `tfsdk:"organization_name"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

func (r *restoreSessionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_restore_session"
}

func (r *restoreSessionResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	adoptableString := []planmodifier.String{stringplanmodifier.RequiresReplaceIf(requiresReplaceUnlessAdoptedString,
		"Changing this opens a new session.", "Changing this opens a new session.")}
	adoptableBool := []planmodifier.Bool{boolplanmodifier.RequiresReplaceIf(requiresReplaceUnlessAdoptedBool,
		"Changing this opens a new session.", "Changing this opens a new session.")}
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An Exchange explore (restore) session on an organization's backups. Create opens it, destroy stops it. " +
			"Every input forces a new session. A session found stopped (by the server's idle timeout or an operator) is planned " +
			"for replacement; a session that no longer exists is removed from state.\n\n" +
			"Import by session ID: `organization_id` is read back from the server; `point_in_time`, `show_deleted`, " +
			"`show_all_versions` (and `reason` where the server does not report it) cannot be, so after an import the first apply " +
			"takes them from the configuration as an in-place update without reopening the session.",
		Attributes: map[string]schema.Attribute{
			"id": computed("Restore session ID."),
			"organization_id": schema.StringAttribute{Required: true,
				MarkdownDescription: "ID of the organization whose backups are explored (see the `vb365_organizations` data source).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"point_in_time": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Explore the backups made at or before this time (RFC 3339, e.g. `2026-11-01T00:00:00Z`). Latest when omitted.",
				Validators:          []validator.String{rfc3339Validator{}},
				PlanModifiers:       adoptableString},
			"show_deleted": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Also show items deleted by users.", PlanModifiers: adoptableBool},
			"show_all_versions": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Show every backed-up version of an item.", PlanModifiers: adoptableBool},
			"reason": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Why the session is opened, recorded in state for auditing. It is passed to the client, which sends it " +
					"where the API accepts a reason (the administrator explore endpoint has no such field).", PlanModifiers: adoptableString},
			"state": schema.StringAttribute{Computed: true,
				MarkdownDescription: "Session state as the server reports it (`Working`, `Stopped`, ...). A stopped session is planned for replacement.",
				PlanModifiers:       []planmodifier.String{replaceStoppedSession{}}},
			"result":            computed("Session result (`Success`, `Warning`, `Failed`)."),
			"creation_time":     computed("When the session was opened, RFC 3339 UTC."),
			"organization_name": computed("Name of the organization as the server reports it."),
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Delete: true,
				CreateDescription: "Time to open the session; default 10m.",
				DeleteDescription: "Time to stop the session; default 5m."}),
		},
	}
}

func (r *restoreSessionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client, resp.Diagnostics = clientFromProviderData(req.ProviderData)
}

func (r *restoreSessionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan restoreSessionResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.client == nil {
		resp.Diagnostics.AddError("Provider not configured", restoreNotConfiguredDetail)
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultSessionCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	opts := vb365.ExploreOptions{
		ShowDeleted:     restoreOptBool(plan.ShowDeleted),
		ShowAllVersions: restoreOptBool(plan.ShowAllVersions),
		Reason:          plan.Reason.ValueString(),
	}
	if !plan.PointInTime.IsNull() {
		t, err := time.Parse(time.RFC3339, plan.PointInTime.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("point_in_time"), "Invalid point_in_time", err.Error())
			return
		}
		opts.PointInTime = &t
	}

	createCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	session, err := r.client.Explore(createCtx, plan.OrganizationID.ValueString(), opts)
	if err != nil {
		resp.Diagnostics.AddError("Cannot open the restore session",
			fmt.Sprintf("Exploring organization %s: %v", plan.OrganizationID.ValueString(), err))
		return
	}
	tflog.Info(ctx, "restore session opened", map[string]any{"id": session.ID, "organization_id": plan.OrganizationID.ValueString()})

	plan.ID = types.StringValue(session.ID)
	applySessionAttributes(&plan, session)
	if session.ID == "" {
		resp.Diagnostics.AddError("Cannot open the restore session", "The server answered the explore request without a session ID.")
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	if resp.Diagnostics.HasError() {
		// Nothing will track this session: stop it rather than leave it running.
		r.stopAfterFailedCreate(ctx, session.ID)
		resp.State.RemoveResource(ctx)
	}
}

// stopAfterFailedCreate stops a session whose Create failed after it was opened.
func (r *restoreSessionResource) stopAfterFailedCreate(ctx context.Context, id string) {
	cleanupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	if err := stopRestoreSession(cleanupCtx, r.client, id); err != nil {
		tflog.Warn(ctx, "could not stop the restore session opened by the failed create", map[string]any{"id": id, "error": err.Error()})
	}
}

// applySessionAttributes copies what the server reports into the model.
func applySessionAttributes(m *restoreSessionResourceModel, s vb365.RestoreSession) {
	m.State = types.StringValue(s.State)
	m.Result = types.StringValue(s.Result)
	m.CreationTime = types.StringValue(s.CreationTime)
	if s.Organization != "" || m.OrganizationName.IsNull() || m.OrganizationName.IsUnknown() {
		m.OrganizationName = types.StringValue(s.Organization)
	}
}

func (r *restoreSessionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state restoreSessionResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.client == nil {
		// The provider configuration is not known yet: keep the last known state.
		resp.Diagnostics.AddWarning("Restore session not refreshed", restoreNotConfiguredDetail)
		return
	}
	id := state.ID.ValueString()
	session, err := r.client.RestoreSession(ctx, id)
	if vb365.IsNotFound(err) {
		tflog.Warn(ctx, "restore session no longer exists; removing it from state", map[string]any{"id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the restore session", fmt.Sprintf("Restore session %s: %v", id, err))
		return
	}
	applySessionAttributes(&state, session)

	imported, diags := sessionAdoptedByImport(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if state.OrganizationID.IsNull() || state.OrganizationID.ValueString() == "" {
		orgID := session.OrganizationID
		if orgID == "" {
			org, err := r.client.RestoreSessionOrganization(ctx, id)
			if err != nil {
				resp.Diagnostics.AddError("Cannot read the restore session's organization", fmt.Sprintf("Restore session %s: %v", id, err))
				return
			}
			orgID = org.ID
		}
		state.OrganizationID = types.StringValue(orgID)
	}
	if imported && state.Reason.IsNull() && session.Reason != "" {
		state.Reason = types.StringValue(session.Reason)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update is reached only after an import, when the configuration supplies the inputs the
// server could not report: it records them and clears the import mark.
func (r *restoreSessionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan restoreSessionResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImported, nil)...)
}

func (r *restoreSessionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state restoreSessionResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.client == nil {
		resp.Diagnostics.AddError("Provider not configured", restoreNotConfiguredDetail)
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultSessionDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := stopRestoreSession(ctx, r.client, state.ID.ValueString()); err != nil {
		resp.Diagnostics.AddError("Cannot stop the restore session", fmt.Sprintf("Restore session %s: %v", state.ID.ValueString(), err))
	}
}

func (r *restoreSessionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if strings.TrimSpace(req.ID) == "" {
		resp.Diagnostics.AddError("Invalid import ID", "Import a vb365_restore_session by its session ID.")
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImported, []byte(`true`))...)
}

// sessionIsStopped reports whether a session can no longer be used for browsing or restores.
func sessionIsStopped(state string) bool {
	return strings.EqualFold(state, "Stopped") || strings.EqualFold(state, "Stopping")
}

// stopRestoreSession stops a session; one already stopped or gone is not an error.
func stopRestoreSession(ctx context.Context, client *vb365.Client, id string) error {
	session, err := client.RestoreSession(ctx, id)
	if vb365.IsNotFound(err) {
		return nil
	}
	if err == nil && sessionIsStopped(session.State) {
		return nil
	}
	stopErr := client.StopRestoreSession(ctx, id)
	if stopErr == nil || vb365.IsNotFound(stopErr) {
		return nil
	}
	// The session may have stopped meanwhile (idle timeout): that is what was asked for.
	if session, err := client.RestoreSession(ctx, id); vb365.IsNotFound(err) || (err == nil && sessionIsStopped(session.State)) {
		return nil
	}
	return stopErr
}

// privateStateReader is the read side of the framework's private state (its type is internal).
type privateStateReader interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}

// sessionAdoptedByImport reports whether the session was imported and has not yet adopted
// its configuration. A nil *ProviderData is safe: GetKey handles a nil receiver.
func sessionAdoptedByImport(ctx context.Context, private privateStateReader) (bool, diag.Diagnostics) {
	raw, diags := private.GetKey(ctx, privateImported)
	return string(raw) == "true", diags
}

// requiresReplaceUnlessAdoptedString replaces the session when the value changes, except when
// an imported session (whose value the server could not report) adopts it from configuration.
func requiresReplaceUnlessAdoptedString(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	imported, diags := sessionAdoptedByImport(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	resp.RequiresReplace = !(imported && req.StateValue.IsNull())
}

func requiresReplaceUnlessAdoptedBool(ctx context.Context, req planmodifier.BoolRequest, resp *boolplanmodifier.RequiresReplaceIfFuncResponse) {
	imported, diags := sessionAdoptedByImport(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	resp.RequiresReplace = !(imported && req.StateValue.IsNull())
}

// replaceStoppedSession keeps the known state of a working session in the plan and plans
// the replacement of a stopped one (its value becomes unknown, which Terraform sees as a
// change of an attribute that requires replacement).
type replaceStoppedSession struct{}

func (replaceStoppedSession) Description(context.Context) string {
	return "A stopped session is replaced by a new one."
}

func (m replaceStoppedSession) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (replaceStoppedSession) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || req.StateValue.IsNull() {
		return
	}
	if sessionIsStopped(req.StateValue.ValueString()) {
		resp.PlanValue = types.StringUnknown()
		resp.RequiresReplace = true
		resp.Diagnostics.AddAttributeWarning(req.Path, "Restore session stopped",
			"The restore session is "+req.StateValue.ValueString()+" on the server, so it will be replaced by a new session.")
		return
	}
	if resp.PlanValue.IsUnknown() {
		resp.PlanValue = req.StateValue
	}
}

// rfc3339Validator accepts RFC 3339 timestamps such as 2026-11-01T00:00:00Z.
type rfc3339Validator struct{}

func (rfc3339Validator) Description(context.Context) string {
	return "must be an RFC 3339 timestamp, e.g. 2026-11-01T00:00:00Z"
}

func (v rfc3339Validator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v rfc3339Validator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := time.Parse(time.RFC3339, req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid RFC 3339 timestamp",
			fmt.Sprintf("%q %s: %v.", req.ConfigValue.ValueString(), v.Description(ctx), err))
	}
}
