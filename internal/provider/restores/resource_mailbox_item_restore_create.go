package restores

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/runs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/go-uuid"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// Create is one run's life: read the reviewed plan, record an earlier run the configuration
// names instead of sending, keep the plan's word on the route, open the run's own session,
// review what was unknown at plan time, send the one POST, and record what the server did.
func (r *mailboxItemRestoreResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config mailboxItemRestoreModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	// Write-only credentials are only in the configuration, never in the plan.
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.client() == nil {
		resp.Diagnostics.AddError("Provider not configured", framework.RestoreNotConfiguredDetail)
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultRestoreCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	if !plan.RecordRunFromSession.IsNull() {
		r.recordPlannedEarlierRun(ctx, &plan, resp)
		return
	}
	if !requireRestoreVersion(ctx, r.client(), &plan.RestoreInputsModel, &resp.Diagnostics) {
		return
	}
	viaOperator, ok := r.keepPlannedRoute(ctx, &plan, &config, &resp.Diagnostics)
	if !ok {
		return
	}
	run, ok := r.openRunSession(ctx, &plan, viaOperator, &resp.Diagnostics)
	if !ok {
		return
	}
	defer run.Release()
	if !r.reviewBeforeRun(ctx, &plan, run.ID, &resp.Diagnostics) {
		return
	}
	outcome, diags := r.send(ctx, &plan, &config, run, viaOperator)
	if outcome.Kind == "" {
		resp.Diagnostics.Append(diags...)
		return
	}
	r.recordOutcome(ctx, &plan, run.ID, outcome, diags, resp)
}

// recordPlannedEarlierRun records the run of record_run_from_session that the plan checked.
func (r *mailboxItemRestoreResource) recordPlannedEarlierRun(ctx context.Context, plan *mailboxItemRestoreModel, resp *resource.CreateResponse) {
	if plan.ServerSessionID.IsUnknown() || plan.ServerSessionID.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("record_run_from_session"), "Cannot record a run from a session",
			"The plan did not check the session (the restore was not reviewed while planning). Nothing was sent.")
		return
	}
	if plan.RestoredBy.IsUnknown() {
		plan.RestoredBy = types.ObjectNull(restoredByAttrTypes) // a run recorded from the server: its credentials are not known
	}
	r.recordEarlierRun(ctx, plan, resp)
}

// keepPlannedRoute says whether the run takes the restore-operator routes, which carry the
// reason (operator_route.go). The plan said whether it does; the run keeps its word or runs
// nothing.
func (r *mailboxItemRestoreResource) keepPlannedRoute(ctx context.Context, plan, config *mailboxItemRestoreModel, diags *diag.Diagnostics) (viaOperator, ok bool) {
	viaOperator, _ = operatorRouteState(ctx, r.data, &plan.RestoreInputsModel, &config.RestoreInputsModel, plan.SessionSourceModel)
	if !plan.ReasonSentToServer.IsUnknown() && !plan.ReasonSentToServer.IsNull() && plan.ReasonSentToServer.ValueBool() != viaOperator {
		diags.AddError("Restore not started: the plan no longer holds",
			fmt.Sprintf("The plan said reason_sent_to_server = %t, but the run now would %s the restore-operator routes (the "+
				"server's API version or the provider's restore_operator changed since the plan). Nothing was run; plan again.",
				plan.ReasonSentToServer.ValueBool(), map[bool]string{true: "take", false: "not take"}[viaOperator]))
		return false, false
	}
	plan.ReasonSentToServer = types.BoolValue(viaOperator)
	if plan.RestoredBy.IsUnknown() {
		plan.RestoredBy = restoredByValue(ctx, r.data, &plan.RestoreInputsModel, &config.RestoreInputsModel, viaOperator, true)
	}
	return viaOperator, true
}

// openRunSession opens the run's own session (organization_id), stopped by its release when
// the run ends on every path; with restore_session_id it is that session.
func (r *mailboxItemRestoreResource) openRunSession(ctx context.Context, plan *mailboxItemRestoreModel, viaOperator bool, diags *diag.Diagnostics) (runs.RunSession, bool) {
	if viaOperator {
		return runs.AcquireOperatorRunSession(ctx, r.data, plan.SessionSourceModel, plan.Reason.ValueString(), diags)
	}
	return runs.AcquireRunSession(ctx, r.data, plan.SessionSourceModel, diags)
}

// reviewBeforeRun reads, before anything runs, what the plan could not review (inputs unknown
// then), so that the record says what was restored and a wrong ID fails before the POST.
func (r *mailboxItemRestoreResource) reviewBeforeRun(ctx context.Context, plan *mailboxItemRestoreModel, sessionID string, diags *diag.Diagnostics) bool {
	if !plan.Items.IsUnknown() && !plan.SourceMailbox.IsUnknown() && !plan.Target.IsUnknown() && !plan.Scope.IsUnknown() &&
		!plan.ItemCount.IsUnknown() && !plan.ItemCountByFolder.IsUnknown() && !plan.RestorePoint.IsUnknown() {
		return true
	}
	review, err := reviewRestoreScope(ctx, r.client(), sessionID, &plan.RestoreInputsModel, mustItemIDs(&plan.RestoreInputsModel))
	if err == nil {
		err = review.addVersionStates(ctx, r.client(), r.sessions(), plan.SessionSourceModel, plan.MailboxID.ValueString(), diags)
	}
	if err != nil {
		framework.AddClientError(diags, "Cannot read what the restore restores",
			"Reading the mailbox and items to restore (nothing was run)", err)
		return false
	}
	scope, d := review.scopeSummary(&plan.RestoreInputsModel)
	diags.Append(d...)
	items, d := review.flattenReviewedItems(&plan.RestoreInputsModel)
	diags.Append(d...)
	source, d := review.flattenSourceMailbox()
	diags.Append(d...)
	if plan.Items.IsUnknown() {
		plan.Items = items
	}
	if plan.Scope.IsUnknown() {
		plan.Scope = scope
	}
	if plan.SourceMailbox.IsUnknown() {
		plan.SourceMailbox = source
	}
	if plan.RestorePoint.IsUnknown() {
		point, d := restorePointValue(ctx, r.client(), &plan.RestoreInputsModel)
		diags.Append(d...)
		plan.RestorePoint = point
	}
	if plan.ItemCount.IsUnknown() || plan.ItemCountByFolder.IsUnknown() {
		count, byFolder, d := review.itemCount(ctx, r.client(), sessionID, &plan.RestoreInputsModel)
		diags.Append(d...)
		plan.ItemCount, plan.ItemCountByFolder = count, byFolder
	}
	if plan.Target.IsUnknown() {
		outputPath := plan.OutputPath
		if outputPath.IsUnknown() {
			outputPath, _ = plannedOutputPath(&plan.RestoreInputsModel)
		}
		plan.Target = restoreTarget(&plan.RestoreInputsModel, outputPath, review.Mailbox.Email)
	}
	return !diags.HasError()
}

// send runs the one POST of the plan in the run's session (runRestore).
func (r *mailboxItemRestoreResource) send(ctx context.Context, plan, config *mailboxItemRestoreModel, run runs.RunSession, viaOperator bool) (restoreOutcome, diag.Diagnostics) {
	tflog.Info(ctx, "running mailbox item action", map[string]any{
		"restore_session_id": run.ID, "mailbox_id": plan.MailboxID.ValueString(), "reason": plan.Reason.ValueString(),
		"target": plan.Target.ValueString(),
	})
	opts := restoreRunOptions{
		KeepsRecord: true,
		Progress: func(p vb365.RestoreProgress) {
			tflog.Info(ctx, progressMessage(p), map[string]any{"restore_session": p.SessionID, "state": p.State,
				"total": p.Total, "restored": p.Restored, "failed": p.Failed, "skipped": p.Skipped})
		},
	}
	if !plan.OutputPath.IsNull() && !plan.OutputPath.IsUnknown() {
		// Write where the plan said, even if this apply runs in another directory.
		opts.OutputPath = plan.OutputPath.ValueString()
	}
	opts.Items, opts.SourceEmail = reviewedRunItems(plan.Items), reviewedSourceEmail(plan.SourceMailbox)
	opts.ExclusiveSession = run.Exclusive
	opts.DefaultCredentials, opts.NewDeviceCodes = r.data.RestoreCredentials, r.data.NewDeviceCodes
	if viaOperator {
		opts.Operator, opts.Reason = r.data.OperatorClient, plan.Reason.ValueString()
	}
	return runRestore(ctx, r.client(), run.ID, &config.RestoreInputsModel, opts)
}

// recordOutcome writes the record of a run that ran, or may have: its outcome, statistics,
// session and file. Failed items and an unknown outcome are warnings, not errors: an error
// would taint the record, and a tainted record is run again by the next plain apply (for an
// unknown outcome, maybe a second time).
func (r *mailboxItemRestoreResource) recordOutcome(ctx context.Context, plan *mailboxItemRestoreModel, sessionID string, outcome restoreOutcome, diags diag.Diagnostics, resp *resource.CreateResponse) {
	diags = framework.ErrorsAsWarnings(diags)
	plan.Outcome = types.StringValue(outcome.Result)
	if outcome.Pending != nil {
		raw, _ := json.Marshal(outcome.Pending)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privatePendingRun, raw)...)
	}
	id, err := uuid.GenerateUUID()
	if err != nil {
		id = fmt.Sprintf("%d", outcome.ExecutedAt.UnixNano())
	}
	plan.ID = types.StringValue(id)
	plan.ExecutedAt = types.StringValue(outcome.ExecutedAt.Format(time.RFC3339))
	plan.ExecutedBy = framework.NonEmptyString(r.data.Username)
	plan.Action = types.StringValue(string(outcome.Kind))
	plan.RestoreStatistics = types.ObjectNull(restoreStatisticsAttrTypes)
	plan.ServerSessionID, plan.ItemResults = types.StringNull(), types.ListNull(itemResultObjectType)
	if s := outcome.Statistics; s != nil {
		stats, d := restoreStatisticsValue(*s)
		resp.Diagnostics.Append(d...)
		plan.RestoreStatistics = stats
		results, d := itemResultsValue(s.Items)
		resp.Diagnostics.Append(d...)
		plan.ItemResults = results
	}
	// The run's identity on the server: v8's asynchronous restore session when the server
	// answered with one, else the session the run was sent in.
	plan.ServerSessionID = types.StringValue(sessionID)
	if outcome.ServerSessionID != "" {
		plan.ServerSessionID = types.StringValue(outcome.ServerSessionID)
	}
	// output_path stays the planned path (where the file goes); size and hash only when written.
	plan.OutputSizeBytes, plan.OutputSHA256 = types.Int64Null(), types.StringNull()
	if plan.OutputPath.IsUnknown() {
		plan.OutputPath = types.StringNull()
	}
	if o := outcome.Output; o != nil {
		plan.OutputPath = types.StringValue(o.Path)
		plan.OutputSizeBytes = types.Int64Value(o.Size)
		plan.OutputSHA256 = types.StringValue(o.SHA256)
		if !o.ModTime.IsZero() {
			raw, _ := json.Marshal(runs.StampOf(o.Size, o.ModTime))
			resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateOutputStamp, raw)...)
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(diags...)
}

// reviewedRunItems are the reviewed items' IDs and names (subjects; empty when an item has
// none), which reconciliation matches to the server's events.
func reviewedRunItems(items types.List) []runs.RunItem {
	var out []runs.RunItem
	for _, e := range items.Elements() {
		obj, ok := e.(types.Object)
		if !ok {
			return nil
		}
		id, _ := obj.Attributes()["id"].(types.String)
		subject, _ := obj.Attributes()["subject"].(types.String)
		out = append(out, runs.RunItem{ID: id.ValueString(), Name: subject.ValueString()})
	}
	return out
}

// reviewedSourceEmail is the source mailbox's address from the review, empty when unknown.
func reviewedSourceEmail(source types.Object) string {
	if source.IsNull() || source.IsUnknown() {
		return ""
	}
	email, _ := source.Attributes()["email"].(types.String)
	return email.ValueString()
}

// mustItemIDs returns the sorted item IDs of a model whose values are known (at apply).
func mustItemIDs(m *restoreinputs.RestoreInputsModel) []string {
	ids, _ := m.SortedItemIDs()
	return ids
}

func restoreStatisticsValue(s vb365.RestoreStatistics) (types.Object, diag.Diagnostics) {
	warnings := s.Warnings
	if warnings == nil {
		warnings = []string{}
	}
	list, diags := types.ListValueFrom(context.Background(), types.StringType, warnings)
	obj, d := types.ObjectValue(restoreStatisticsAttrTypes, map[string]attr.Value{
		"created": types.Int64Value(s.Created), "merged": types.Int64Value(s.Merged),
		"failed": types.Int64Value(s.Failed), "skipped": types.Int64Value(s.Skipped),
		"warnings": list,
	})
	diags.Append(d...)
	return obj, diags
}
