package sessions

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var (
	_ ephemeral.EphemeralResource              = (*restoreSessionEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithConfigure = (*restoreSessionEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithClose     = (*restoreSessionEphemeral)(nil)
)

// ephemeralSessionKey is the private-data key under which Open hands the session ID to Close.
const ephemeralSessionKey = "restore_session"

// NewRestoreSessionEphemeralResource returns the vb365_restore_session ephemeral resource.
func NewRestoreSessionEphemeralResource() ephemeral.EphemeralResource {
	return &restoreSessionEphemeral{}
}

type restoreSessionEphemeral struct {
	client   *vb365.Client
	username string
}

type restoreSessionEphemeralModel struct {
	ID               types.String `tfsdk:"id"`
	OrganizationID   types.String `tfsdk:"organization_id"`
	PointInTime      types.String `tfsdk:"point_in_time"`
	ShowDeleted      types.Bool   `tfsdk:"show_deleted"`
	ShowAllVersions  types.Bool   `tfsdk:"show_all_versions"`
	RepositoryID     types.String `tfsdk:"repository_id"`
	DataRetrievalID  types.String `tfsdk:"data_retrieval_id"`
	State            types.String `tfsdk:"state"`
	CreationTime     types.String `tfsdk:"creation_time"`
	OrganizationName types.String `tfsdk:"organization_name"`
}

// ephemeralSessionPrivate is what Close needs; never shown to the user.
type ephemeralSessionPrivate struct {
	ID string `json:"id"`
}

func (e *restoreSessionEphemeral) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_restore_session"
}

func (e *restoreSessionEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An Exchange explore (restore) session that lives for one Terraform run: opened when Terraform opens " +
			"the ephemeral resource (in plan, and again in apply) and stopped when Terraform closes it at the end of that " +
			"phase. When the run fails or is interrupted, Terraform and OpenTofu do not close it: the provider then stops it when " +
			"Terraform ends the provider's process at the end of the phase. Nothing is kept in state or plan. Terraform 1.10+ and " +
			"OpenTofu 1.11+.\n\n" +
			"Terraform accepts an ephemeral value only where it is not stored: in write-only arguments, provider " +
			"configuration blocks, other ephemeral resources, `locals`, ephemeral variables and outputs, and provisioner and " +
			"connection blocks. None of this provider's arguments that take a session ID is such a place yet: Terraform " +
			"rejects the ephemeral `id` (\"Invalid use of ephemeral value\") in data sources (such as `vb365_mailboxes`), in " +
			"`restore_session_id` of the `vb365_mailbox_item_restore` resource (stored in state) and of the " +
			"`vb365_mailbox_item_restore` action (the plugin framework refuses write-only action arguments). Use it where " +
			"Terraform allows, e.g. for a script run by a `local-exec` provisioner that calls the REST API, and use the " +
			"`vb365_restore_session` resource for this provider's data sources, resources and actions.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "Restore session ID."},
			"organization_id": schema.StringAttribute{Required: true,
				MarkdownDescription: "ID of the organization whose backups are explored (see the `vb365_organizations` data source).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)}},
			"point_in_time": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Explore the backups made at or before this time (RFC 3339, e.g. `2026-11-01T00:00:00Z`). Latest when omitted.",
				Validators:          []validator.String{framework.RFC3339Validator{}}},
			"show_deleted":      schema.BoolAttribute{Optional: true, MarkdownDescription: ShowDeletedDescription},
			"show_all_versions": schema.BoolAttribute{Optional: true, MarkdownDescription: ShowAllVersionsDescription},
			"repository_id": schema.StringAttribute{Optional: true, MarkdownDescription: "Explore the organization's backups in this " +
				"backup repository, e.g. a backup copy (API v7+). The primary backup when omitted."},
			"data_retrieval_id": schema.StringAttribute{Optional: true, MarkdownDescription: "Explore the archive-tier data this " +
				"data retrieval (`vb365_data_retrieval`) retrieved (API v6+); not with `point_in_time`, `repository_id` or the options."},
			"state":             schema.StringAttribute{Computed: true, MarkdownDescription: "Session state when it was opened (`Working`)."},
			"creation_time":     schema.StringAttribute{Computed: true, MarkdownDescription: "When the session was opened, RFC 3339 UTC."},
			"organization_name": schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the organization as the server reports it."},
		},
	}
}

func (e *restoreSessionEphemeral) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	pd, diags := framework.ProviderDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if pd != nil {
		e.client, e.username = pd.Client, pd.Username
	}
}

func (e *restoreSessionEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m restoreSessionEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if e.client == nil {
		resp.Diagnostics.AddError("Provider not configured", framework.RestoreNotConfiguredDetail)
		return
	}
	opts := vb365.ExploreOptions{ShowDeleted: framework.OptionalBool(m.ShowDeleted), ShowAllVersions: framework.OptionalBool(m.ShowAllVersions),
		RepositoryID: m.RepositoryID.ValueString(), DataRetrievalID: m.DataRetrievalID.ValueString()}
	if !m.PointInTime.IsNull() {
		t, err := time.Parse(time.RFC3339, m.PointInTime.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("point_in_time"), "Invalid point_in_time", err.Error())
			return
		}
		opts.PointInTime = &t
	}
	orgID := m.OrganizationID.ValueString()
	// open stops a session the server may have opened when the answer is lost, so that none
	// is left that Close would never see.
	session, err := framework.SessionOpener{Client: e.client, Username: e.username}.Open(ctx, orgID, opts)
	if err != nil {
		framework.AddClientError(&resp.Diagnostics, "Cannot open the restore session", "Opening the restore session", err)
		return
	}
	tflog.Info(ctx, "ephemeral restore session opened", map[string]any{"id": session.ID, "organization_id": orgID})
	rememberOpened(e.client, session.ID) // stopped at the process's end if Terraform never closes it

	private, _ := json.Marshal(ephemeralSessionPrivate{ID: session.ID})
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, ephemeralSessionKey, private)...)
	m.ID = types.StringValue(session.ID)
	m.State = types.StringValue(session.State)
	m.CreationTime = types.StringValue(session.CreationTime)
	m.OrganizationName = types.StringValue(session.Organization)
	resp.Diagnostics.Append(resp.Result.Set(ctx, m)...)
	if resp.Diagnostics.HasError() {
		// Terraform closes only what opened successfully: stop it here.
		if err := e.stop(ctx, session.ID); err != nil {
			resp.Diagnostics.AddError("Cannot stop the restore session",
				fmt.Sprintf("Restore session %s: %v. Stop the session on the server.", session.ID, err))
		}
	}
}

// Close stops the session Open opened, on a context of its own: Terraform may close ephemeral
// resources while cancelling a run, and the session must be stopped all the same.
func (e *restoreSessionEphemeral) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	raw, diags := req.Private.GetKey(ctx, ephemeralSessionKey)
	resp.Diagnostics.Append(diags...)
	if len(raw) == 0 {
		return
	}
	var private ephemeralSessionPrivate
	if err := json.Unmarshal(raw, &private); err != nil || private.ID == "" {
		resp.Diagnostics.AddError("Cannot stop the restore session", "The session ID handed from Open to Close is unreadable. This is a bug in the provider; please report it.")
		return
	}
	if e.client == nil {
		resp.Diagnostics.AddError("Cannot stop the restore session",
			fmt.Sprintf("Restore session %s: the provider is not configured. Stop the session on the server.", private.ID))
		return
	}
	if err := e.stop(ctx, private.ID); err != nil {
		resp.Diagnostics.AddError("Cannot stop the restore session",
			fmt.Sprintf("Restore session %s: %v. Stop the session on the server.", private.ID, err))
	}
}

func (e *restoreSessionEphemeral) stop(ctx context.Context, id string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), framework.CleanupTimeout)
	defer cancel()
	err := framework.StopRestoreSession(ctx, e.client, id)
	if err == nil {
		forgetStopped(id)
		tflog.Info(ctx, "ephemeral restore session stopped", map[string]any{"id": id})
	}
	return err
}
