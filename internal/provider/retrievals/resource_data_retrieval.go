package retrievals

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var (
	_ resource.Resource               = (*dataRetrievalResource)(nil)
	_ resource.ResourceWithConfigure  = (*dataRetrievalResource)(nil)
	_ resource.ResourceWithModifyPlan = (*dataRetrievalResource)(nil)
)

const (
	defaultRetrievalCreateTimeout = 12 * time.Hour // a bulk Glacier retrieval takes hours
	defaultRetrievalUpdateTimeout = 10 * time.Minute
	// dataStateExpired is the provider's data_state for a retrieval the server no longer
	// has: its retrieved data expired (the API has no such state; the job is gone).
	dataStateExpired = "Expired"
)

// dataRetrievalPollInterval is how often Create reads a retrieval while it retrieves; tests
// shorten it (export_test.go).
var dataRetrievalPollInterval = 15 * time.Second

// glacierModes and azurePriorities map the provider's values to the API's policies.
var (
	glacierModes    = map[string]string{"expedited": "Expedited", "standard": "Standard", "bulk": "Bulk"}
	azurePriorities = map[string]string{"high": "HighPriority", "standard": "StandardPriority"}
)

// NewDataRetrievalResource returns vb365_data_retrieval.
func NewDataRetrievalResource() resource.Resource { return &dataRetrievalResource{} }

type dataRetrievalResource struct{ client *vb365.Client }

type dataRetrievalModel struct {
	ID                      types.String   `tfsdk:"id"`
	OrganizationID          types.String   `tfsdk:"organization_id"`
	RepositoryID            types.String   `tfsdk:"repository_id"`
	PointInTime             types.String   `tfsdk:"point_in_time"`
	MailboxIDs              types.Set      `tfsdk:"mailbox_ids"`
	ShowDeleted             types.Bool     `tfsdk:"show_deleted"`
	ShowAllVersions         types.Bool     `tfsdk:"show_all_versions"`
	GlacierRetrievalMode    types.String   `tfsdk:"glacier_retrieval_mode"`
	AzureArchivePriority    types.String   `tfsdk:"azure_archive_priority"`
	AvailabilityDays        types.Int64    `tfsdk:"availability_days"`
	Summary                 types.String   `tfsdk:"summary"`
	DataState               types.String   `tfsdk:"data_state"`
	LastStatus              types.String   `tfsdk:"last_status"`
	StorageType             types.String   `tfsdk:"storage_type"`
	RetrievedRestorePointID types.String   `tfsdk:"retrieved_restore_point_id"`
	StartedAt               types.String   `tfsdk:"started_at"`
	ExpiresAt               types.String   `tfsdk:"expires_at"`
	ProcessedObjects        types.Int64    `tfsdk:"processed_objects"`
	Timeouts                timeouts.Value `tfsdk:"timeouts"`
}

func (r *dataRetrievalResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_data_retrieval"
}

func (r *dataRetrievalResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	stable := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Retrieves archive-tier backups (Amazon S3 Glacier, Azure Blob Storage Archive) of an organization so that " +
			"they can be explored and restored: a data retrieval job (`POST /DataRetrievals`, VB365 REST API v6 and later; below v6 the " +
			"plan fails naming the version). Retrieval costs money and takes minutes to hours depending on the mode; the plan says in " +
			"words what is retrieved and from where (`summary`). Create waits until the data is retrieved (`timeouts.create`, default " +
			"12h), logging the progress; if the wait ends first (the timeout, or the run interrupted or cancelled), the retrieval is " +
			"recorded with its `data_state` and a warning, never started again. A start whose answer is lost is never sent again " +
			"either: the retrieval the server holds under the name this run gave it is recorded, or, when there is none, the " +
			"retrieval is recorded `Unconfirmed` until refresh finds it. Explore the retrieved data with `data_retrieval_id` on any session source. Changing `availability_days` " +
			"extends or shortens the availability in place (`PUT`); every other change is a new retrieval. Destroy forgets the " +
			"retrieval: the retrieved copy stays until `expires_at` (API v8 has no DELETE; v6 and v7 do, and would remove the copy " +
			"early, which the provider does not do). When the copy has expired, refresh shows `data_state = \"Expired\"`.",
		Blocks: map[string]schema.Block{"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true})},
		Attributes: map[string]schema.Attribute{
			"id": stable("Retrieval job ID: the `data_retrieval_id` of session sources."),
			"organization_id": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "ID of the organization whose backups are retrieved.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)}},
			"repository_id": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "ID of the archive-tier repository (`vb365_restore_points` with `is_long_term_copy = true` names it).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)}},
			"point_in_time": schema.StringAttribute{Optional: true, PlanModifiers: replace,
				MarkdownDescription: "Retrieve the backup made at or before this time (RFC 3339); the latest when omitted.",
				Validators:          []validator.String{framework.RFC3339Validator{}}},
			"mailbox_ids": schema.SetAttribute{Optional: true, ElementType: types.StringType,
				PlanModifiers:       []planmodifier.Set{setplanmodifier.RequiresReplace()},
				MarkdownDescription: "Retrieve only these mailboxes (fewer objects cost less); every mailbox when omitted.",
				Validators:          []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))}},
			"show_deleted": schema.BoolAttribute{Optional: true, PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
				MarkdownDescription: sessions.ShowDeletedDescription + " Sessions on the retrieved data show them."},
			"show_all_versions": schema.BoolAttribute{Optional: true, PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
				MarkdownDescription: sessions.ShowAllVersionsDescription + " Sessions on the retrieved data show them."},
			"glacier_retrieval_mode": schema.StringAttribute{Optional: true, PlanModifiers: replace,
				MarkdownDescription: "Amazon S3 Glacier: `expedited` (minutes, most expensive), `standard` (hours) or `bulk` (up to 12 " +
					"hours, cheapest); the server's default when omitted. Not with `azure_archive_priority`.",
				Validators: []validator.String{stringvalidator.OneOf("expedited", "standard", "bulk"),
					stringvalidator.ConflictsWith(path.MatchRoot("azure_archive_priority"))}},
			"azure_archive_priority": schema.StringAttribute{Optional: true, PlanModifiers: replace,
				MarkdownDescription: "Azure Blob Storage Archive: `high` (under an hour for small objects, more expensive) or `standard` " +
					"(up to 15 hours); the server's default when omitted.",
				Validators: []validator.String{stringvalidator.OneOf("high", "standard")}},
			"availability_days": schema.Int64Attribute{Required: true,
				MarkdownDescription: "How many days the retrieved data stays available after it is retrieved. Changing it updates the " +
					"retrieval in place (the server counts from the retrieval), once the data is retrieved.",
				Validators: []validator.Int64{int64validator.AtLeast(1)}},
			"summary": stable("What is retrieved and from where, in words, shown in the plan before anything is retrieved."),
			"data_state": computed("`Retrieving`, `Retrieved`, `ChangingAvailabilityPeriod`, `Removing` (the server's), `Expired` " +
				"when the server no longer has the retrieval, or `Unconfirmed` when its start was answered lost and the server does not " +
				"show it (yet): refresh looks for it by the name this run gave it, and nothing starts it again but `-replace`."),
			"last_status":                computed("Status of the retrieval's last session: `Running`, `Success`, `Warning`, `Failed`, ..."),
			"storage_type":               stable("`AmazonS3Glacier` or `AzureArchive`, as the server reports the repository."),
			"retrieved_restore_point_id": computed("ID of the restore point the retrieval retrieved."),
			"started_at":                 stable("When the retrieval started, RFC 3339 UTC."),
			"expires_at":                 computed("When the retrieved data becomes unavailable, RFC 3339 UTC; null while retrieving."),
			"processed_objects": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "Objects the retrieval processed (its last Retrieve session): what the retrieval's cost grows with."},
		},
	}
}

func (r *dataRetrievalResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	pd, diags := framework.ProviderDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if pd != nil {
		r.client = pd.Client
	}
}

func (r *dataRetrievalResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
}

// summary says what the retrieval retrieves and from where, from the configuration.
func (m *dataRetrievalModel) summary() types.String {
	for _, v := range []interface{ IsUnknown() bool }{m.OrganizationID, m.RepositoryID, m.PointInTime, m.MailboxIDs,
		m.GlacierRetrievalMode, m.AzureArchivePriority, m.AvailabilityDays, m.ShowDeleted, m.ShowAllVersions} {
		if v.IsUnknown() {
			return types.StringUnknown()
		}
	}
	what := "every mailbox"
	if !m.MailboxIDs.IsNull() {
		var ids []string
		m.MailboxIDs.ElementsAs(context.Background(), &ids, false)
		sort.Strings(ids)
		what = fmt.Sprintf("%d mailbox(es) (%s)", len(ids), strings.Join(ids, ", "))
	}
	when := "the latest backup"
	if !m.PointInTime.IsNull() {
		when = "the backup made at or before " + m.PointInTime.ValueString()
	}
	extras := ""
	if m.ShowDeleted.ValueBool() {
		extras += ", with deleted items"
	}
	if m.ShowAllVersions.ValueBool() {
		extras += ", with all versions"
	}
	mode := "the server's default retrieval mode"
	switch {
	case !m.GlacierRetrievalMode.IsNull():
		mode = "Amazon S3 Glacier " + m.GlacierRetrievalMode.ValueString() + " retrieval"
	case !m.AzureArchivePriority.IsNull():
		mode = "Azure Archive " + m.AzureArchivePriority.ValueString() + " priority rehydration"
	}
	return types.StringValue(fmt.Sprintf("Retrieve the Exchange data of %s of organization %s from %s%s in archive repository %s, "+
		"by %s (billed by the cloud provider), available for %d day(s) once retrieved",
		what, m.OrganizationID.ValueString(), when, extras, m.RepositoryID.ValueString(), mode, m.AvailabilityDays.ValueInt64()))
}

// ModifyPlan shows the summary of a new retrieval and refuses a server older than v6 before
// anything is sent.
func (r *dataRetrievalResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || !req.State.Raw.IsNull() {
		return
	}
	var plan dataRetrievalModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.Summary = plan.summary()
	if r.client != nil {
		if err := r.client.RequireVersion(ctx, "retrieving archived data (vb365_data_retrieval)", vb365.V6); err != nil {
			framework.AddClientError(&resp.Diagnostics, "Not available in this API version", "Planning a data retrieval (nothing was sent)", err)
			return
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *dataRetrievalResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan dataRetrievalModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.client == nil {
		resp.Diagnostics.AddError("Provider not configured", framework.RestoreNotConfiguredDetail)
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultRetrievalCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	runKey := newRunKey()
	request := vb365.DataRetrievalRequest{
		Name:           retrievalName(plan.OrganizationID.ValueString(), runKey),
		Description:    plan.Summary.ValueString(),
		OrganizationID: plan.OrganizationID.ValueString(), RepositoryID: plan.RepositoryID.ValueString(),
		ShowDeleted: framework.OptionalBool(plan.ShowDeleted), ShowAllVersions: framework.OptionalBool(plan.ShowAllVersions),
		AvailabilityDays: plan.AvailabilityDays.ValueInt64(),
		GlacierPolicy:    glacierModes[plan.GlacierRetrievalMode.ValueString()],
		AzurePolicy:      azurePriorities[plan.AzureArchivePriority.ValueString()],
	}
	if !plan.PointInTime.IsNull() {
		t, err := time.Parse(time.RFC3339, plan.PointInTime.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("point_in_time"), "Invalid point_in_time", err.Error())
			return
		}
		request.PointInTime = &t
	}
	if !plan.MailboxIDs.IsNull() {
		resp.Diagnostics.Append(plan.MailboxIDs.ElementsAs(ctx, &request.MailboxIDs, false)...)
	}
	started, err := r.client.StartDataRetrieval(ctx, request)
	if err != nil && vb365.ProvablyNotRun(err) {
		framework.AddClientError(&resp.Diagnostics, "Cannot start the data retrieval", "Starting the data retrieval (nothing was started)", err)
		return
	}
	if err != nil {
		// The answer is lost: the server may have started it. Never sent again by itself: the
		// retrieval is recorded, as the one the server holds under this run's name if it has
		// one, else as unconfirmed, which refresh keeps looking for.
		found, lookErr := r.findRun(ctx, plan.OrganizationID.ValueString(), plan.RepositoryID.ValueString(), runKey)
		if found.ID == "" {
			plan.ID, plan.DataState = types.StringValue(unconfirmedPrefix+runKey), types.StringValue(dataStateUnconfirmed)
			plan.apply(vb365.DataRetrieval{DataState: dataStateUnconfirmed})
			plan.ProcessedObjects = types.Int64Null()
			why := "the server holds no retrieval of this run yet"
			if lookErr != nil {
				why = "looking for it failed: " + lookErr.Error()
			}
			resp.Diagnostics.AddWarning("Data retrieval may have started",
				fmt.Sprintf("Starting the data retrieval failed after the request was sent (%v), so the server may have started it; %s. "+
					"It is recorded as %q (id %s) and not sent again: refresh looks for it on the server by its name (%q) and records "+
					"it when found. If it never appears, start it anew with terraform apply -replace.",
					err, why, dataStateUnconfirmed, plan.ID.ValueString(), request.Name))
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			return
		}
		resp.Diagnostics.AddWarning("Data retrieval started; its answer was lost",
			fmt.Sprintf("Starting the data retrieval failed after the request was sent (%v); the server holds it (%s, named %q): "+
				"it is recorded, not started again.", err, found.ID, request.Name))
		started = found
	}
	// Recorded at once: from here on the retrieval exists, and nothing starts it again.
	plan.ID = types.StringValue(started.ID)
	plan.apply(started)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	tflog.Info(ctx, "data retrieval started", map[string]any{"id": started.ID, "summary": plan.Summary.ValueString()})

	waitCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	current, err := r.waitRetrieved(waitCtx, started.ID)
	if current.ID != "" {
		plan.apply(current)
	}
	switch {
	case err == nil:
	case errors.Is(err, errRetrievalFailed):
		framework.AddClientError(&resp.Diagnostics, "Data retrieval failed", "Waiting for data retrieval "+started.ID, err)
	default:
		// The wait ended, the retrieval did not: it stays recorded with the server's state and a
		// warning, never an error, which would taint it and make the next plan start (and bill) a
		// second retrieval. The next refresh follows the server.
		why := fmt.Sprintf("the wait ended after %s (timeouts.create)", timeout)
		switch {
		case ctx.Err() != nil:
			why = "the apply was interrupted (cancelled) while waiting"
		case waitCtx.Err() == nil:
			why = "reading its progress failed (" + err.Error() + ")"
		}
		resp.Diagnostics.AddWarning("Data retrieval still running",
			fmt.Sprintf("Data retrieval %s was started and was last seen %s: %s. It is recorded and will not be started "+
				"again; refresh shows when it is retrieved, and sessions with data_retrieval_id work from then on.",
				started.ID, plan.DataState.ValueString(), why))
	}
	plan.ProcessedObjects = r.processedObjects(ctx, started.ID, plan.ProcessedObjects)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// unconfirmedPrefix starts the id of a retrieval whose start was answered lost and which the
// server did not show yet; the rest is the run key in its name. dataStateUnconfirmed is its
// data_state.
const (
	unconfirmedPrefix    = "unconfirmed:"
	dataStateUnconfirmed = "Unconfirmed"
)

// newRunKey is a key unique to one Create: written into the retrieval's name, the free text
// the server records, it proves which retrieval on the server is this run's.
func newRunKey() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func retrievalName(organizationID, runKey string) string {
	return fmt.Sprintf("Terraform retrieval of organization %s (run %s)", organizationID, runKey)
}

// findRun looks for the retrieval of run runKey on the server (the name only this run wrote),
// on a context of its own: it also runs after an interrupted request. Zero when there is none.
func (r *dataRetrievalResource) findRun(ctx context.Context, organizationID, repositoryID, runKey string) (vb365.DataRetrieval, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), findRunTimeout)
	defer cancel()
	name := retrievalName(organizationID, runKey)
	filter := vb365.DataRetrievalFilter{OrganizationID: organizationID, RepositoryID: repositoryID}
	for d, err := range r.client.DataRetrievals(ctx, filter, vb365.ListOptions{PageSize: 100}) {
		if err != nil {
			return vb365.DataRetrieval{}, err
		}
		if d.Name == name {
			return d, nil
		}
	}
	return vb365.DataRetrieval{}, nil
}

// findRunTimeout bounds findRun.
const findRunTimeout = 30 * time.Second

// errRetrievalFailed is the server's own verdict that a retrieval failed (its last status).
var errRetrievalFailed = errors.New("the server reports the retrieval failed")

// waitRetrieved polls the retrieval until its data is retrieved (or it failed), logging
// progress. It returns the last state read.
func (r *dataRetrievalResource) waitRetrieved(ctx context.Context, id string) (vb365.DataRetrieval, error) {
	var last vb365.DataRetrieval
	for {
		current, err := r.client.GetDataRetrieval(ctx, id)
		if err != nil {
			return last, err
		}
		last = current
		switch {
		case strings.EqualFold(current.DataState, "Retrieved"):
			return current, nil
		case strings.EqualFold(current.LastStatus, "Failed"):
			return current, fmt.Errorf("%w (last status %s)", errRetrievalFailed, current.LastStatus)
		}
		tflog.Info(ctx, "data retrieval in progress", map[string]any{
			"id": id, "data_state": current.DataState, "processed_objects": r.processedObjects(ctx, id, types.Int64Null()).ValueInt64()})
		select {
		case <-ctx.Done():
			return last, ctx.Err()
		case <-time.After(dataRetrievalPollInterval):
		}
	}
}

// processedObjects reads the objects the last Retrieve session processed; fallback when it
// cannot be read.
func (r *dataRetrievalResource) processedObjects(ctx context.Context, id string, fallback types.Int64) types.Int64 {
	out := fallback
	for s, err := range r.client.DataRetrievalSessions(ctx, id, vb365.ListOptions{PageSize: 100}) {
		if err != nil {
			return fallback
		}
		if strings.EqualFold(s.Type, "Retrieve") && s.ProcessedObjs != nil {
			out = types.Int64Value(*s.ProcessedObjs)
		}
	}
	if out.IsUnknown() {
		return types.Int64Null()
	}
	return out
}

// apply copies what the server reports into the computed attributes.
func (m *dataRetrievalModel) apply(d vb365.DataRetrieval) {
	m.DataState, m.LastStatus = framework.NonEmptyString(d.DataState), framework.NonEmptyString(d.LastStatus)
	m.StorageType, m.RetrievedRestorePointID = framework.NonEmptyString(d.StorageType), framework.NonEmptyString(d.RetrievedRestorePointID)
	m.StartedAt, m.ExpiresAt = framework.NonEmptyString(d.StartTime), framework.NonEmptyString(d.ExpirationTime)
	if m.ProcessedObjects.IsUnknown() {
		m.ProcessedObjects = types.Int64Null()
	}
}

func (r *dataRetrievalResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state dataRetrievalModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || r.client == nil {
		return
	}
	if runKey, ok := strings.CutPrefix(state.ID.ValueString(), unconfirmedPrefix); ok {
		found, err := r.findRun(ctx, state.OrganizationID.ValueString(), state.RepositoryID.ValueString(), runKey)
		switch {
		case err != nil:
			framework.AddClientError(&resp.Diagnostics, "Cannot look for the data retrieval", "Looking for unconfirmed data retrieval "+runKey, err)
			return
		case found.ID == "":
			resp.Diagnostics.AddWarning("Data retrieval still unconfirmed",
				fmt.Sprintf("The server holds no data retrieval named %q: its start, answered lost, has not appeared. It is not "+
					"started again by itself; start it anew with terraform apply -replace.", retrievalName(state.OrganizationID.ValueString(), runKey)))
			resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
			return
		}
		state.ID = types.StringValue(found.ID) // found by this run's own name: it is this run's retrieval
	}
	current, err := r.client.GetDataRetrieval(ctx, state.ID.ValueString())
	switch {
	case vb365.IsNotFound(err):
		// Expired (or removed on the server): kept, so that no plan retrieves it again by itself.
		state.DataState, state.LastStatus = types.StringValue(dataStateExpired), types.StringNull()
	case err != nil:
		framework.AddClientError(&resp.Diagnostics, "Cannot read the data retrieval", "Reading data retrieval "+state.ID.ValueString(), err)
		return
	default:
		state.apply(current)
		state.ProcessedObjects = r.processedObjects(ctx, state.ID.ValueString(), state.ProcessedObjects)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update changes availability_days in place (PUT); nothing else is updatable.
func (r *dataRetrievalResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state dataRetrievalModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.client == nil {
		resp.Diagnostics.AddError("Provider not configured", framework.RestoreNotConfiguredDetail)
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultRetrievalUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if strings.HasPrefix(state.ID.ValueString(), unconfirmedPrefix) {
		resp.Diagnostics.AddError("Data retrieval unconfirmed", "The retrieval's start was answered lost and the server does not show it "+
			"(id "+state.ID.ValueString()+"): its availability cannot be changed. Refresh to look for it again, or start it anew with "+
			"terraform apply -replace.")
		return
	}
	if !plan.AvailabilityDays.Equal(state.AvailabilityDays) {
		if err := r.client.SetDataRetrievalAvailability(ctx, state.ID.ValueString(), plan.AvailabilityDays.ValueInt64()); err != nil {
			framework.AddClientError(&resp.Diagnostics, "Cannot change the availability", "Changing availability_days of data retrieval "+state.ID.ValueString(), err)
			return
		}
	}
	current, err := r.client.GetDataRetrieval(ctx, state.ID.ValueString())
	if err != nil {
		framework.AddClientError(&resp.Diagnostics, "Cannot read the data retrieval", "Reading data retrieval "+state.ID.ValueString(), err)
		return
	}
	plan.apply(current)
	plan.ProcessedObjects = r.processedObjects(ctx, state.ID.ValueString(), state.ProcessedObjects)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete forgets the retrieval: the retrieved copy expires on its own (see the description).
func (r *dataRetrievalResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}
