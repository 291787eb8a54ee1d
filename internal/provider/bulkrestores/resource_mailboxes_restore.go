package bulkrestores

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"
)

var (
	_ resource.Resource                   = (*mailboxesRestoreResource)(nil)
	_ resource.ResourceWithConfigure      = (*mailboxesRestoreResource)(nil)
	_ resource.ResourceWithValidateConfig = (*mailboxesRestoreResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*mailboxesRestoreResource)(nil)
)

const (
	// defaultCreateTimeout: an incident restore of hundreds of whole mailboxes takes long.
	defaultCreateTimeout = 2 * time.Hour
	// privatePendingRun holds the pendingBulkRun of a record with an unknown outcome, for
	// refresh to settle from the run's own session events.
	privatePendingRun = "pending_run"
)

// The values of outcome and of each mailbox's outcome.
const (
	outcomeSucceeded   = "succeeded"
	outcomeFailedItems = "failed_items"
	outcomeUnknown     = "unknown"
	outcomeNotRun      = "not_run" // a mailbox only: refused, or the run ended before it
)

// NewMailboxesRestoreResource returns the vb365_mailboxes_restore resource.
func NewMailboxesRestoreResource() resource.Resource { return &mailboxesRestoreResource{} }

type mailboxesRestoreResource struct {
	data *framework.ProviderData // nil until the provider is configured
}

type mailboxesRestoreModel struct {
	OrganizationID  types.String             `tfsdk:"organization_id"`
	MailboxIDs      framework.StringSetValue `tfsdk:"mailbox_ids"`
	PointInTime     types.String             `tfsdk:"point_in_time"`
	RepositoryID    types.String             `tfsdk:"repository_id"`
	DataRetrievalID types.String             `tfsdk:"data_retrieval_id"`
	Reason          types.String             `tfsdk:"reason"`
	Triggers        types.Map                `tfsdk:"triggers"`
	bulkOptionsModel
	restoreinputs.RestoreCredentialsModel
	RecordRunFromSession     types.String   `tfsdk:"record_run_from_session"`
	RunAnywayDespiteSessions types.Set      `tfsdk:"run_anyway_despite_sessions"`
	Timeouts                 timeouts.Value `tfsdk:"timeouts"`

	ID              types.String `tfsdk:"id"`
	ExecutedAt      types.String `tfsdk:"executed_at"`
	ExecutedBy      types.String `tfsdk:"executed_by"`
	MailboxCount    types.Int64  `tfsdk:"mailbox_count"`
	Mailboxes       types.List   `tfsdk:"mailboxes"`
	OptionsSummary  types.List   `tfsdk:"options_summary"`
	RestorePoint    types.Object `tfsdk:"restore_point"`
	RestoredBy      types.Object `tfsdk:"restored_by"`
	ServerSessionID types.String `tfsdk:"server_restore_session_id"`
	Outcome         types.String `tfsdk:"outcome"`
	MailboxResults  types.List   `tfsdk:"mailbox_results"`
}

// bulkOptionsModel are the options of RestBulkRestoreOptions besides mailboxes and credentials.
type bulkOptionsModel struct {
	CASServer                  types.String `tfsdk:"cas_server"`
	RecentItemRestorePeriod    types.Int64  `tfsdk:"recent_item_restore_period"`
	ChangedItems               types.Bool   `tfsdk:"changed_items"`
	DeletedItems               types.Bool   `tfsdk:"deleted_items"`
	MarkRestoredAsUnread       types.Bool   `tfsdk:"mark_restored_as_unread"`
	SkipUnresolved             types.Bool   `tfsdk:"skip_unresolved"`
	ExcludeDrafts              types.Bool   `tfsdk:"exclude_drafts"`
	ExcludeDeletedItems        types.Bool   `tfsdk:"exclude_deleted_items"`
	ExcludeInPlaceHoldItems    types.Bool   `tfsdk:"exclude_in_place_hold_items"`
	ExcludeLitigationHoldItems types.Bool   `tfsdk:"exclude_litigation_hold_items"`
}

func (r *mailboxesRestoreResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mailboxes_restore"
}

func (r *mailboxesRestoreResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data, resp.Diagnostics = framework.ProviderDataFrom(req.ProviderData)
}

// sessionSource is the source the run's session and the plan's review explore: the
// organization at point_in_time, in the repository or retrieval given.
func (m *mailboxesRestoreModel) sessionSource() sessions.SessionSourceModel {
	return sessions.SessionSourceModel{
		RestoreSessionID: types.StringNull(), OrganizationID: m.OrganizationID, PointInTime: m.PointInTime,
		ShowDeleted: types.BoolNull(), ShowAllVersions: types.BoolNull(),
		RepositoryID: m.RepositoryID, DataRetrievalID: m.DataRetrievalID,
	}
}

// sortedMailboxIDs are the configured mailbox IDs, sorted; ok is false while any is unknown.
func (m *mailboxesRestoreModel) sortedMailboxIDs() (ids []string, ok bool) {
	if m.MailboxIDs.IsUnknown() || m.MailboxIDs.IsNull() {
		return nil, false
	}
	for _, e := range m.MailboxIDs.Elements() {
		s, isString := e.(types.String)
		if !isString || s.IsUnknown() {
			return nil, false
		}
		ids = append(ids, s.ValueString())
	}
	slices.Sort(ids)
	return ids, true
}

// runDefinition names what a record's run restores, as far as the server's records can tell
// runs apart (the run registry's key): the mailboxes.
func (m *mailboxesRestoreModel) runDefinition() string {
	ids, ok := m.sortedMailboxIDs()
	if !ok {
		return ""
	}
	return "mailboxes|" + strings.ToLower(strings.Join(ids, "|"))
}

// privateRunSession holds the run's own session when server_restore_session_id names v8's
// asynchronous restore session instead: the run's events are in both, and both are the record's.
const privateRunSession = "run_session_id"

// privateState reads a record's private state (of Read, ModifyPlan and Delete requests).
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// holdRun notes in the provider's run registry that record m holds its run: the sessions that
// hold its events are never taken for a run a killed runner left.
func (r *mailboxesRestoreResource) holdRun(ctx context.Context, m *mailboxesRestoreModel, private privateState) {
	if r.data == nil || m.ServerSessionID.IsUnknown() || m.ServerSessionID.IsNull() {
		return
	}
	ranAt, _ := time.Parse(time.RFC3339, m.ExecutedAt.ValueString())
	r.data.Runs.Hold(m.ServerSessionID.ValueString(), m.runDefinition(), ranAt)
	if private == nil {
		return
	}
	var own string
	if raw, _ := private.GetKey(ctx, privateRunSession); len(raw) > 0 && json.Unmarshal(raw, &own) == nil && own != "" {
		r.data.Runs.Hold(own, m.runDefinition(), ranAt)
	}
}

func (r *mailboxesRestoreResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m mailboxesRestoreModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(restoreinputs.ValidateCredentials(path.Empty(), m.RestoreCredentialsModel)...)
	checkDuplicateMailboxIDs(m.MailboxIDs, &resp.Diagnostics)
	if !m.RecordRunFromSession.IsNull() && !m.RunAnywayDespiteSessions.IsNull() && len(m.RunAnywayDespiteSessions.Elements()) > 0 {
		resp.Diagnostics.AddAttributeError(path.Root("record_run_from_session"), "Two decisions about earlier runs",
			"record_run_from_session (this record takes that run, nothing is sent) and run_anyway_despite_sessions (run all the "+
				"same) contradict each other: set one.")
	}
	if !m.DataRetrievalID.IsNull() && (!m.PointInTime.IsNull() || !m.RepositoryID.IsNull()) {
		resp.Diagnostics.AddError("Conflicting backup source", "data_retrieval_id fixes the point in time and the repository: "+
			"point_in_time and repository_id cannot be set with it.")
	}
}

// Read contacts the server only to settle an unknown outcome (mailbox_results.go).
func (r *mailboxesRestoreResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state mailboxesRestoreModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.holdRun(ctx, &state, req.Private)
	if state.Outcome.ValueString() == outcomeUnknown {
		r.settleOutcome(ctx, req, resp, &state)
	}
}

// Update records in place what runs nothing (reason, the accounts, the earlier-run decisions,
// timeouts). A restored input that was unknown at plan time and turned out different is refused:
// the next plan shows the new run for review.
func (r *mailboxesRestoreResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state mailboxesRestoreModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if changed := restoredInputsChanged(&state, &plan, true); len(changed) > 0 {
		resp.Diagnostics.AddError("What the restore restores changed",
			fmt.Sprintf("%s were unknown when this was planned and turned out different from the record. Nothing was run and the "+
				"record is unchanged. Run plan again: it shows the replacement (a new run) for review.", strings.Join(changed, ", ")))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete forgets the record. It never undoes a restore and never contacts the server.
func (r *mailboxesRestoreResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state mailboxesRestoreModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	// Destroyed first when replaced: the new record's final plan must not take this run for one
	// a killed runner left.
	r.holdRun(ctx, &state, req.Private)
	resp.Diagnostics.AddWarning("Mailboxes restore record forgotten",
		fmt.Sprintf("The record of the restore of %d mailbox(es) (id %s, run at %s) was removed from state. Nothing was undone on the server.",
			state.MailboxCount.ValueInt64(), state.ID.ValueString(), state.ExecutedAt.ValueString()))
}

// restoredInputsChanged names the inputs of what is restored whose values differ between the
// record and the plan (the rules of framework.ReplaceWhenValueChanges: a value unknown in the
// plan counts only when unknownCounts, at apply; two spellings of one instant or GUID are one).
func restoredInputsChanged(state, plan *mailboxesRestoreModel, unknownCounts bool) []string {
	var changed []string
	differs := func(name string, a, b attr.Value) {
		if b.IsUnknown() {
			if unknownCounts {
				changed = append(changed, name)
			}
			return
		}
		sa, okA := a.(types.String)
		sb, okB := b.(types.String)
		if okA && okB && framework.SameInputValue(sa, sb) {
			return
		}
		if !a.Equal(b) {
			changed = append(changed, name)
		}
	}
	differs("organization_id", state.OrganizationID, plan.OrganizationID)
	switch _, known := foldedMailboxIDs(plan.MailboxIDs); {
	case !known && unknownCounts:
		changed = append(changed, "mailbox_ids")
	case known && !sameMailboxIDSet(state.MailboxIDs, plan.MailboxIDs):
		changed = append(changed, "mailbox_ids")
	}
	differs("point_in_time", state.PointInTime, plan.PointInTime)
	differs("repository_id", state.RepositoryID, plan.RepositoryID)
	differs("data_retrieval_id", state.DataRetrievalID, plan.DataRetrievalID)
	differs("triggers", state.Triggers, plan.Triggers)
	so, po := state.bulkOptionsModel, plan.bulkOptionsModel
	differs("cas_server", so.CASServer, po.CASServer)
	differs("recent_item_restore_period", so.RecentItemRestorePeriod, po.RecentItemRestorePeriod)
	for i, f := range bulkOptionFlags {
		differs(f.name, so.flags()[i], po.flags()[i])
	}
	return changed
}

// flags are the boolean options in the order of bulkOptionFlags.
func (o bulkOptionsModel) flags() []types.Bool {
	return []types.Bool{o.ChangedItems, o.DeletedItems, o.MarkRestoredAsUnread, o.SkipUnresolved,
		o.ExcludeDrafts, o.ExcludeDeletedItems, o.ExcludeInPlaceHoldItems, o.ExcludeLitigationHoldItems}
}
