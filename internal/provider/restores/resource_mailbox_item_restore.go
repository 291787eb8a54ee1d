package restores

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/runs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var (
	_ resource.Resource                   = (*mailboxItemRestoreResource)(nil)
	_ resource.ResourceWithConfigure      = (*mailboxItemRestoreResource)(nil)
	_ resource.ResourceWithValidateConfig = (*mailboxItemRestoreResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*mailboxItemRestoreResource)(nil)
)

const (
	defaultRestoreCreateTimeout = 30 * time.Minute
	// privateOutputDrift is the private-state key Read sets when the output file no longer
	// matches the record; ModifyPlan turns it into a replacement (a new export).
	privateOutputDrift = "output_drift"
	// privateOutputStamp holds the outputFileStamp of the output file's last hash, so that a
	// refresh rehashes the file only when its size or modification time changed.
	privateOutputStamp = "output_stamp"
	// privatePendingRun holds the pendingRun of a record whose outcome is unknown, for refresh
	// to settle it; privateDidNotRun is set by a refresh that found the server's records prove
	// the run did not happen (ModifyPlan then plans it as a new run).
	privatePendingRun = "pending_run"
	privateDidNotRun  = "did_not_run"
)

// NewMailboxItemRestoreResource returns the vb365_mailbox_item_restore resource.
func NewMailboxItemRestoreResource() resource.Resource { return &mailboxItemRestoreResource{} }

type mailboxItemRestoreResource struct {
	data *framework.ProviderData // nil until the provider is configured
}

type mailboxItemRestoreModel struct {
	restoreinputs.RestoreInputsModel
	Triggers          types.Map      `tfsdk:"triggers"`
	OnFileChange      types.String   `tfsdk:"on_file_change"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
	ID                types.String   `tfsdk:"id"`
	ExecutedAt        types.String   `tfsdk:"executed_at"`
	ExecutedBy        types.String   `tfsdk:"executed_by"`
	Action            types.String   `tfsdk:"action"`
	Target            types.String   `tfsdk:"target"`
	Scope             types.String   `tfsdk:"scope"`
	SourceMailbox     types.Object   `tfsdk:"source_mailbox"`
	Items             types.List     `tfsdk:"items"`
	RestoreStatistics types.Object   `tfsdk:"restore_statistics"`
	ServerSessionID   types.String   `tfsdk:"server_restore_session_id"`
	Outcome           types.String   `tfsdk:"outcome"`
	ItemResults       types.List     `tfsdk:"item_results"`
	OutputPath        types.String   `tfsdk:"output_path"`
	OutputSizeBytes   types.Int64    `tfsdk:"output_size_bytes"`
	OutputSHA256      types.String   `tfsdk:"output_sha256"`
	ItemCount         types.Int64    `tfsdk:"item_count"`
	ItemCountByFolder types.List     `tfsdk:"item_count_by_folder"`
	RestorePoint      types.Object   `tfsdk:"restore_point"`
	// ReasonSentToServer: the run goes through the restore-operator routes (provider_restore_operator.go).
	ReasonSentToServer types.Bool `tfsdk:"reason_sent_to_server"`
	// RestoredBy: the restoring identity (restored_by.go).
	RestoredBy types.Object `tfsdk:"restored_by"`
	// What a new record does about runs a killed runner may have left (earlier_runs_plan.go).
	RecordRunFromSession     types.String `tfsdk:"record_run_from_session"`
	RunAnywayDespiteSessions types.Set    `tfsdk:"run_anyway_despite_sessions"`
}

// What a missing or changed output file means for the record (on_file_change).
const (
	onFileChangeIgnore      = "ignore"
	onFileChangeExportAgain = "export_again"
)

var restoreStatisticsAttrTypes = map[string]attr.Type{
	"created":  types.Int64Type,
	"merged":   types.Int64Type,
	"failed":   types.Int64Type,
	"skipped":  types.Int64Type,
	"warnings": types.ListType{ElemType: types.StringType},
}

func (r *mailboxItemRestoreResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mailbox_item_restore"
}

func (r *mailboxItemRestoreResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data, resp.Diagnostics = framework.ProviderDataFrom(req.ProviderData)
}

// holdRun notes in the provider's run registry that record m holds its run (earlier_runs.go).
func (r *mailboxItemRestoreResource) holdRun(m *mailboxItemRestoreModel) {
	if r.data == nil || m.ServerSessionID.IsUnknown() {
		return
	}
	ranAt, _ := time.Parse(time.RFC3339, m.ExecutedAt.ValueString())
	r.data.Runs.Hold(m.ServerSessionID.ValueString(), runDefinition(m), ranAt)
}

func (r *mailboxItemRestoreResource) client() *vb365.Client {
	if r.data == nil {
		return nil
	}
	return r.data.Client
}

func (r *mailboxItemRestoreResource) sessions() *framework.SessionBroker {
	if r.data == nil {
		return nil
	}
	return r.data.Sessions
}

func (r *mailboxItemRestoreResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m mailboxItemRestoreModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(restoreinputs.ValidateRestoreInputs(&m.RestoreInputsModel)...)
}

// outputDrift is what Read found wrong with the output file.
type outputDrift struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Read contacts the server only to settle an unknown outcome (restore_outcome.go): a restore
// has nothing else to read back. For file exports it checks the file (rehashing it only when its size or modification time changed) and flags
// drift in private state for ModifyPlan.
func (r *mailboxItemRestoreResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state mailboxItemRestoreModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.holdRun(&state)
	if state.Outcome.ValueString() == outcomeUnknown {
		r.settleOutcome(ctx, req, resp, &state)
	}
	if state.OutputPath.IsNull() || state.OutputPath.ValueString() == "" || state.OutputSHA256.IsNull() {
		return // no file was written (or none is known to have been: outcome unknown)
	}
	var last *runs.OutputFileStamp
	if raw, diags := req.Private.GetKey(ctx, privateOutputStamp); len(raw) > 0 && !diags.HasError() {
		var stamp runs.OutputFileStamp
		if json.Unmarshal(raw, &stamp) == nil {
			last = &stamp
		}
	}
	filePath := state.OutputPath.ValueString()
	reason, stamp, err := runs.CheckOutputFile(filePath, state.OutputSizeBytes.ValueInt64(), state.OutputSHA256.ValueString(), last)
	if err != nil {
		resp.Diagnostics.AddAttributeWarning(path.Root("output_path"), "Cannot check the output file",
			fmt.Sprintf("%s: %v. The file is assumed unchanged.", filePath, err))
	}
	var driftRaw, stampRaw []byte
	if reason != "" {
		drift := outputDrift{Path: filePath, Reason: reason}
		driftRaw, _ = json.Marshal(drift)
		tflog.Info(ctx, "output file drifted", map[string]any{"path": drift.Path, "reason": drift.Reason})
	}
	if stamp != nil {
		stampRaw, _ = json.Marshal(stamp)
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateOutputDrift, driftRaw)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateOutputStamp, stampRaw)...)
}

// Update is reached by changes that are recorded in place (restore_session_id, a switch of
// session source, reason, on_file_change, timeouts) and by inputs that were unknown at plan time. It runs nothing.
// An input that turns out different is normally stopped earlier: Terraform plans again with the
// final values, replaceWhenValueChanges then asks for a replacement, and Terraform refuses the
// changed action before calling the provider. Update checks again all the same and refuses to
// record a different restore, so a value unknown at plan time never becomes a silent change of
// the record.
func (r *mailboxItemRestoreResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan mailboxItemRestoreModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if changed := RestoredInputsChanged(req.State.Raw, req.Plan.Raw); len(changed) > 0 {
		resp.Diagnostics.AddError("What the restore restores changed",
			fmt.Sprintf("%s were unknown when this was planned and turned out different from the record. Nothing was run and the "+
				"record is unchanged. Run plan again: it shows the replacement (a new run) for review.", strings.Join(changed, ", ")))
		return
	}
	var state mailboxItemRestoreModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if sourceChanged(state.SessionSourceModel, plan.SessionSourceModel) && !(state.ByOrganization() && plan.ByOrganization()) {
		if verdict := r.judgeSourceChange(ctx, &state, &plan); verdict.newRun {
			resp.Diagnostics.AddError("What the restore restores changed", verdict.warning+" Nothing was run and the record is "+
				"unchanged. Run plan again: it shows the replacement (a new run) for review.")
			return
		}
	}
	if plan.ReasonSentToServer.IsUnknown() { // a record written before the attribute existed
		plan.ReasonSentToServer = types.BoolValue(false)
	}
	if plan.RestoredBy.IsUnknown() { // likewise
		plan.RestoredBy = types.ObjectNull(restoredByAttrTypes)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// restoredInputs are the top-level attributes that, with the action blocks, say what a restore
// restores: a change in their value runs it again.
var restoredInputs = []string{"organization_id", "point_in_time", "mailbox_id", "item_ids", "folder_id", "whole_mailbox"}

// unknownRestoredInputs names the inputs of what is restored that are not yet known in a plan.
func unknownRestoredInputs(plan tftypes.Value) []string {
	var unknown []string
	for _, name := range append(slices.Clone(restoredInputs), restoreinputs.ActionBlockNames()...) {
		v, _, err := tftypes.WalkAttributePath(plan, tftypes.NewAttributePath().WithAttributeName(name))
		if value, ok := v.(tftypes.Value); err == nil && ok && !value.IsFullyKnown() {
			unknown = append(unknown, name)
		}
	}
	return unknown
}

// replacementPlanned reports whether the attribute plan modifiers plan a new run: triggers
// changed, or an input of what is restored changed in value (known in the plan, and not merely
// written differently: see sameInputValue).
func replacementPlanned(state, plan tftypes.Value) bool {
	p := tftypes.NewAttributePath().WithAttributeName("triggers")
	before, _, err1 := tftypes.WalkAttributePath(state, p)
	after, _, err2 := tftypes.WalkAttributePath(plan, p)
	if b, ok := before.(tftypes.Value); err1 == nil && err2 == nil && ok {
		if a, ok := after.(tftypes.Value); ok && a.IsFullyKnown() && !a.Equal(b) {
			return true
		}
	}
	unknown := unknownRestoredInputs(plan)
	for _, name := range RestoredInputsChanged(state, plan) {
		if !slices.Contains(unknown, name) {
			return true
		}
	}
	return false
}

// RestoredInputsChanged names the inputs of what is restored whose values differ between two
// objects of the resource (state and plan).
func RestoredInputsChanged(state, plan tftypes.Value) []string {
	var changed []string
	for _, name := range append(slices.Clone(restoredInputs), restoreinputs.ActionBlockNames()...) {
		p := tftypes.NewAttributePath().WithAttributeName(name)
		before, _, err1 := tftypes.WalkAttributePath(state, p)
		after, _, err2 := tftypes.WalkAttributePath(plan, p)
		b, okB := before.(tftypes.Value)
		a, okA := after.(tftypes.Value)
		if err1 != nil || err2 != nil || !okA || !okB ||
			(!equalIgnoring(a, b, restoreinputs.NonSecretCredentials) && !sameTerraformString(b, a) && !restoreinputs.SourceSwitch(name, state, plan)) {
			changed = append(changed, name)
		}
	}
	return changed
}

// sameTerraformString is sameInputValue for two raw string values.
func sameTerraformString(a, b tftypes.Value) bool {
	var x, y string
	if !a.Type().Is(tftypes.String) || !b.Type().Is(tftypes.String) || !a.IsKnown() || !b.IsKnown() || a.IsNull() || b.IsNull() ||
		a.As(&x) != nil || b.As(&y) != nil {
		return false
	}
	return framework.SameInputValue(types.StringValue(x), types.StringValue(y))
}

// Delete forgets the record. It never undoes a restore and never contacts the server.
func (r *mailboxItemRestoreResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state mailboxItemRestoreModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	// Destroyed first when replaced: the new record's final plan must not take this run for one
	// a killed runner left.
	r.holdRun(&state)
	detail := fmt.Sprintf("The record of %s (id %s, run at %s) was removed from state. Nothing was undone on the server",
		state.Action.ValueString(), state.ID.ValueString(), state.ExecutedAt.ValueString())
	if !state.OutputPath.IsNull() {
		detail += " and the file " + state.OutputPath.ValueString() + " was kept"
	}
	resp.Diagnostics.AddWarning("Mailbox item restore record forgotten", detail+".")
}

// equalIgnoring compares two values; of two known objects it compares the attributes not
// named in ignore (an action block without its accounts).
func equalIgnoring(a, b tftypes.Value, ignore map[string]bool) bool {
	if a.Equal(b) {
		return true
	}
	if !a.IsKnown() || !b.IsKnown() || a.IsNull() || b.IsNull() || !a.Type().Is(tftypes.Object{}) || !b.Type().Is(tftypes.Object{}) {
		return false
	}
	var am, bm map[string]tftypes.Value
	if a.As(&am) != nil || b.As(&bm) != nil || len(am) != len(bm) {
		return false
	}
	for k, av := range am {
		if ignore[k] {
			continue
		}
		if bv, ok := bm[k]; !ok || !av.Equal(bv) {
			return false
		}
	}
	return true
}
