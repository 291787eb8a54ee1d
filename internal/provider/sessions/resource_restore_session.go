package sessions

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var (
	_ resource.Resource                = (*RestoreSessionResource)(nil)
	_ resource.ResourceWithConfigure   = (*RestoreSessionResource)(nil)
	_ resource.ResourceWithImportState = (*RestoreSessionResource)(nil)
	_ resource.ResourceWithIdentity    = (*RestoreSessionResource)(nil)
)

const (
	defaultSessionCreateTimeout = 10 * time.Minute
	defaultSessionDeleteTimeout = 5 * time.Minute
)

// NewRestoreSessionResource returns the vb365_restore_session resource.
func NewRestoreSessionResource() resource.Resource { return &RestoreSessionResource{} }

type RestoreSessionResource struct {
	Client   *vb365.Client
	username string // the account the client signs in as; the server's initiatedBy of our sessions
}

type restoreSessionResourceModel struct {
	ID               types.String   `tfsdk:"id"`
	OrganizationID   types.String   `tfsdk:"organization_id"`
	PointInTime      types.String   `tfsdk:"point_in_time"`
	ShowDeleted      types.Bool     `tfsdk:"show_deleted"`
	ShowAllVersions  types.Bool     `tfsdk:"show_all_versions"`
	RepositoryID     types.String   `tfsdk:"repository_id"`
	DataRetrievalID  types.String   `tfsdk:"data_retrieval_id"`
	Reason           types.String   `tfsdk:"reason"`
	State            types.String   `tfsdk:"state"`
	Result           types.String   `tfsdk:"result"`
	CreationTime     types.String   `tfsdk:"creation_time"`
	OrganizationName types.String   `tfsdk:"organization_name"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

// restoreSessionIdentityModel is the resource identity: the session ID, which is all the
// server needs to find a session (import { identity = { id = ... } }, terraform query).
type restoreSessionIdentityModel struct {
	ID types.String `tfsdk:"id"`
}

func (r *RestoreSessionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{RequiredForImport: true, Description: "Restore session ID."},
		},
	}
}

// setSessionIdentity records the session ID as the resource identity.
func setSessionIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id string) diag.Diagnostics {
	if identity == nil {
		return nil // a CLI without resource identity support (Terraform < 1.12, OpenTofu < 1.12)
	}
	return identity.Set(ctx, restoreSessionIdentityModel{ID: types.StringValue(id)})
}

func (r *RestoreSessionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_restore_session"
}

func (r *RestoreSessionResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An Exchange explore (restore) session on an organization's backups. Create opens it, destroy stops it. " +
			"Every input but `reason` forces a new session. A session found stopped (by the server's idle timeout or an operator) is " +
			"planned for replacement; a session that no longer exists is removed from state. Restores that use the session " +
			"(`vb365_mailbox_item_restore`) record the new session ID in place and do not run again.\n\n" +
			"When opening the session fails in a way that leaves unknown whether the server opened one (the connection dropped " +
			"after the request was sent, no answer in time), the provider stops no session: nothing the server records tells which " +
			"session an explore request opened, and stopping a guess can stop another operation's session. The error names the " +
			"working sessions of the organization opened by its user since shortly before the request; the server ends idle " +
			"sessions itself.\n\n" +
			"Import by session ID (`terraform import`, `import { id = ... }`) or by resource identity " +
			"(`import { identity = { id = ... } }`, Terraform 1.12+ and OpenTofu 1.12+; the `vb365_restore_session` list resource " +
			"finds the sessions of a server with their identities for `terraform query`). An imported session is managed like one " +
			"Terraform opened: **destroying it stops it on the server**. To stop tracking a session without stopping it, use a " +
			"`removed` block with `destroy = false` (or `terraform state rm`).\n\n" +
			"After an import, `organization_id` is read back from the server. `point_in_time`, `show_deleted` and " +
			"`show_all_versions` cannot be: the server does not report which point in time or which options an existing session " +
			"explores, so they are null after an import, and a configuration that sets them plans a replacement (a new session " +
			"with exactly those options). `reason` is only kept in state, so setting it after an import is an in-place update.",
		Attributes: map[string]schema.Attribute{
			"id": framework.StableComputedString("Restore session ID."),
			"organization_id": schema.StringAttribute{Required: true,
				MarkdownDescription: "ID of the organization whose backups are explored (see the `vb365_organizations` data source).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"point_in_time": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Explore the backups made at or before this time (RFC 3339, e.g. `2026-11-01T00:00:00Z`). Latest when omitted. " +
					"Changing it opens a new session.",
				Validators:    []validator.String{framework.RFC3339Validator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"show_deleted": schema.BoolAttribute{Optional: true,
				MarkdownDescription: ShowDeletedDescription + " Changing it opens a new session.",
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.RequiresReplace()}},
			"show_all_versions": schema.BoolAttribute{Optional: true,
				MarkdownDescription: ShowAllVersionsDescription + " Changing it opens a new session.",
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.RequiresReplace()}},
			"repository_id": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Explore the organization's backups in this backup repository, e.g. a backup copy (API v7+: v7's " +
					"`BackupRepositories/{id}/explore`, v8's `repositoryId`). The primary backup when omitted. Like `point_in_time`, null " +
					"after an import. Changing it opens a new session.",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"data_retrieval_id": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Explore the archive-tier data this data retrieval (`vb365_data_retrieval`) retrieved (API v6+). " +
					"The retrieval fixes the point in time and the options: not with `point_in_time`, `repository_id`, `show_deleted` " +
					"or `show_all_versions`. Null after an import. Changing it opens a new session.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.ConflictsWith(path.MatchRoot("point_in_time"),
					path.MatchRoot("repository_id"), path.MatchRoot("show_deleted"), path.MatchRoot("show_all_versions"))},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"reason": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Why the session is opened, for the audit record. It is kept in state only and not sent: the " +
					"organization explore request of the REST API has no reason field. Changing it updates the record in place."},
			"state": schema.StringAttribute{Computed: true,
				MarkdownDescription: "Session state as the server reports it (`Working`, `Stopped`, ...). A stopped session is planned for replacement.",
				PlanModifiers:       []planmodifier.String{replaceStoppedSession{}}},
			"result":            framework.StableComputedString("Session result (`Success`, `Warning`, `Failed`)."),
			"creation_time":     framework.StableComputedString("When the session was opened, RFC 3339 UTC."),
			"organization_name": framework.StableComputedString("Name of the organization as the server reports it."),
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Delete: true,
				CreateDescription: "Time to open the session; default 10m.",
				DeleteDescription: "Time to stop the session; default 5m."}),
		},
	}
}

func (r *RestoreSessionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	pd, diags := framework.ProviderDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if pd != nil {
		r.Client, r.username = pd.Client, pd.Username
	}
}
func (r *RestoreSessionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan restoreSessionResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.Client == nil {
		resp.Diagnostics.AddError("Provider not configured", framework.RestoreNotConfiguredDetail)
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultSessionCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	opts := vb365.ExploreOptions{
		ShowDeleted:     framework.OptionalBool(plan.ShowDeleted),
		ShowAllVersions: framework.OptionalBool(plan.ShowAllVersions),
		RepositoryID:    plan.RepositoryID.ValueString(),
		DataRetrievalID: plan.DataRetrievalID.ValueString(),
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
	session, err := r.opener().Open(createCtx, plan.OrganizationID.ValueString(), opts)
	if err != nil {
		framework.AddClientError(&resp.Diagnostics, "Cannot open the restore session", "Opening the restore session", err)
		return
	}
	tflog.Info(ctx, "restore session opened", map[string]any{"id": session.ID, "organization_id": plan.OrganizationID.ValueString()})

	plan.ID = types.StringValue(session.ID)
	applySessionAttributes(&plan, session)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(setSessionIdentity(ctx, resp.Identity, session.ID)...)
	if resp.Diagnostics.HasError() {
		// Nothing will track this session: stop it rather than leave it running.
		r.StopAfterFailedCreate(ctx, session.ID)
		resp.State.RemoveResource(ctx)
	}
}

// opener opens and stops sessions with the provider's client and account.
func (r *RestoreSessionResource) opener() framework.SessionOpener {
	return framework.SessionOpener{Client: r.Client, Username: r.username}
}

// StopAfterFailedCreate stops a session whose Create failed after it was opened.
func (r *RestoreSessionResource) StopAfterFailedCreate(ctx context.Context, id string) {
	if err := r.opener().StopDetached(ctx, id); err != nil {
		tflog.Warn(ctx, "could not stop the restore session opened by the failed create", map[string]any{"id": id, "error": err.Error()})
	}
}

// applySessionAttributes copies what the server reports into the model.
func applySessionAttributes(m *restoreSessionResourceModel, s vb365.RestoreSession) {
	flat := flattenRestoreSession(s)
	m.State, m.Result, m.CreationTime = flat.State, flat.Result, flat.CreationTime
	if s.Organization != "" || m.OrganizationName.IsNull() || m.OrganizationName.IsUnknown() {
		m.OrganizationName = flat.OrganizationName
	}
}

func (r *RestoreSessionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state restoreSessionResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The identity is the ID: known without asking the server (and set for sessions created
	// before the provider had identities).
	resp.Diagnostics.Append(setSessionIdentity(ctx, resp.Identity, state.ID.ValueString())...)
	if r.Client == nil {
		// The provider configuration is not known yet: keep the last known state.
		resp.Diagnostics.AddWarning("Restore session not refreshed", framework.RestoreNotConfiguredDetail)
		return
	}
	id := state.ID.ValueString()
	session, err := r.Client.RestoreSession(ctx, id)
	if vb365.IsNotFound(err) {
		tflog.Warn(ctx, "restore session no longer exists; removing it from state", map[string]any{"id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		framework.AddClientError(&resp.Diagnostics, "Cannot read the restore session", fmt.Sprintf("Reading restore session %s", id), err)
		return
	}
	applySessionAttributes(&state, session)

	if state.OrganizationID.IsNull() || state.OrganizationID.ValueString() == "" {
		orgID := session.OrganizationID
		if orgID == "" {
			org, err := r.Client.RestoreSessionOrganization(ctx, id)
			if err != nil {
				framework.AddClientError(&resp.Diagnostics, "Cannot read the restore session's organization",
					fmt.Sprintf("Reading the organization of restore session %s", id), err)
				return
			}
			orgID = org.ID
		}
		state.OrganizationID = types.StringValue(orgID)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update is reached by a change of reason or timeouts, which live in state only (every other
// input forces a new session): it records the plan and contacts nobody.
func (r *RestoreSessionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan restoreSessionResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	// A CLI without identity support sends no prior identity to carry over.
	resp.Diagnostics.Append(setSessionIdentity(ctx, resp.Identity, plan.ID.ValueString())...)
}

func (r *RestoreSessionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state restoreSessionResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.Client == nil {
		resp.Diagnostics.AddError("Provider not configured", framework.RestoreNotConfiguredDetail)
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultSessionDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := framework.StopRestoreSession(ctx, r.Client, state.ID.ValueString()); err != nil {
		framework.AddClientError(&resp.Diagnostics, "Cannot stop the restore session", "Stopping restore session "+state.ID.ValueString(), err)
	}
}

// ImportState imports by session ID (`terraform import`, `import { id = ... }`) or by identity
// (`import { identity = { id = ... } }`, e.g. from `terraform query`). Read fills the rest.
func (r *RestoreSessionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID == "" && req.Identity != nil && !req.Identity.Raw.IsNull() {
		var identity restoreSessionIdentityModel
		resp.Diagnostics.Append(req.Identity.Get(ctx, &identity)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if strings.TrimSpace(identity.ID.ValueString()) == "" {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid import identity", "The identity's id must be a restore session ID.")
			return
		}
		resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
		return
	}
	if strings.TrimSpace(req.ID) == "" {
		resp.Diagnostics.AddError("Invalid import ID", "Import a vb365_restore_session by its session ID.")
		return
	}
	resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
}
