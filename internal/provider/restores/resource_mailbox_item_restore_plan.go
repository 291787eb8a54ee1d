package restores

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// ModifyPlan, when a run is planned (create, or the create half of a replacement), refuses an
// output file it cannot write and shows what will run: the action, its target, the output
// path, the account, and, read from the server, the source mailbox and every item. For an
// existing record it applies on_file_change to what Read found of the output file.
func (r *mailboxItemRestoreResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan mailboxItemRestoreModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !req.State.Raw.IsNull() {
		var prior mailboxItemRestoreModel
		if !req.State.Get(ctx, &prior).HasError() {
			// Its run is the record's: the create half of a replacement (-replace, triggers) runs
			// again and never takes it for a run a killed runner left.
			r.holdRun(&prior)
		}
		if unknown := unknownRestoredInputs(req.Plan.Raw); len(unknown) > 0 {
			resp.Diagnostics.AddWarning("Restore inputs known only at apply",
				fmt.Sprintf("%s of %s will only be known during apply (e.g. read through a data source of a replaced restore "+
					"session), so this plan records them in place instead of running the restore again. If they turn out different "+
					"from the record, apply stops before running anything (Terraform reports that the provider changed the planned "+
					"action from Update to replacement), and the next plan shows the new run for review.",
					strings.Join(unknown, ", "), "the restore record"))
		}
		r.planOutputFileChange(ctx, req, &plan, resp)
		r.planRecordedOutcome(ctx, req, &plan, resp)
		warnRerun(ctx, req, &plan, resp)
		var state mailboxItemRestoreModel
		if !req.State.Get(ctx, &state).HasError() && !replacementPlanned(req.State.Raw, req.Plan.Raw) {
			r.planSessionSourceChange(ctx, &state, &plan, resp)
		}
		if len(resp.RequiresReplace) > 0 || replacementPlanned(req.State.Raw, req.Plan.Raw) {
			// A new run: its session and outcome are not the record's, and a known session in a
			// plan means a run recorded from an earlier session (record_run_from_session).
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("server_restore_session_id"), types.StringUnknown())...)
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("outcome"), types.StringUnknown())...)
			config := configInputs(ctx, req.Config)
			viaOperator, routeKnown := operatorRouteState(ctx, r.data, &plan.RestoreInputsModel, config, plan.SessionSourceModel)
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("reason_sent_to_server"), reasonSentValue(viaOperator, routeKnown))...)
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("restored_by"),
				restoredByValue(ctx, r.data, &plan.RestoreInputsModel, config, viaOperator, routeKnown))...)
		}
		return
	}

	resp.Diagnostics.Append(checkOutputTargetAtPlan(&plan.RestoreInputsModel)...)
	kinds := plan.PresentActions()
	if len(kinds) != 1 || resp.Diagnostics.HasError() {
		return
	}
	plan.Action = types.StringValue(string(kinds[0]))
	warnWithoutEmailSettings(ctx, r.client(), kinds, &resp.Diagnostics)
	if outputPath, known := plannedOutputPath(&plan.RestoreInputsModel); known {
		plan.OutputPath = outputPath
	}
	// Results the action cannot have are null already in the plan.
	if _, _, _, writesFile := plan.OutputTarget(); !writesFile {
		plan.OutputSizeBytes, plan.OutputSHA256 = types.Int64Null(), types.StringNull()
	}
	if kinds[0] != vb365.ActionRestoreToOriginalLocation && kinds[0] != vb365.ActionRestoreTo {
		plan.RestoreStatistics = types.ObjectNull(restoreStatisticsAttrTypes)
		plan.ItemResults = types.ListNull(itemResultObjectType)
	}
	if r.data != nil {
		plan.ExecutedBy = framework.NonEmptyString(r.data.Username)
	}
	if plan.ScopeKind() != restoreinputs.ScopeItems {
		plan.Items = types.ListNull(types.ObjectType{AttrTypes: reviewedItemAttrTypes})
	}
	reviewed, ok := r.review(ctx, &plan, &resp.Diagnostics)
	if !ok {
		return
	}
	if !reviewed {
		plan.Scope = types.StringUnknown()
		plan.ItemCount, plan.ItemCountByFolder = types.Int64Unknown(), types.ListUnknown(types.ObjectType{AttrTypes: folderItemCountAttrTypes})
		if plan.ScopeKind() == restoreinputs.ScopeItems && !plan.ItemIDs.IsUnknown() {
			plan.Scope = itemsScopeSummary(len(plan.ItemIDs.Elements()))
			plan.ItemCount = types.Int64Value(int64(len(plan.ItemIDs.Elements())))
			plan.ItemCountByFolder = types.ListNull(types.ObjectType{AttrTypes: folderItemCountAttrTypes})
		}
		// The source mailbox is not known yet; other targets are named by the configuration.
		plan.Target = types.StringUnknown()
		if kinds[0] != vb365.ActionRestoreToOriginalLocation && kinds[0] != vb365.ActionSendToDefaultAddress {
			plan.Target = restoreTarget(&plan.RestoreInputsModel, plan.OutputPath, "")
		}
	}
	config := configInputs(ctx, req.Config)
	viaOperator, routeKnown := operatorRouteState(ctx, r.data, &plan.RestoreInputsModel, config, plan.SessionSourceModel)
	plan.ReasonSentToServer = reasonSentValue(viaOperator, routeKnown)
	plan.RestoredBy = restoredByValue(ctx, r.data, &plan.RestoreInputsModel, config, viaOperator, routeKnown) // restored_by.go
	if reviewed {
		r.warnReplacedRun(&plan, &resp.Diagnostics) // rerun_replacement.go
		r.checkEarlierRuns(ctx, &plan, &resp.Diagnostics)
	} else if !plan.RecordRunFromSession.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("record_run_from_session"), "Cannot record a run from a session",
			"record_run_from_session needs the restore reviewed while planning (mailbox_id, item_ids and the session source "+
				"known then, e.g. with organization_id): only then can the plan check that the session holds this run.")
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// configInputs reads the restore inputs of the configuration (nil when it cannot be read).
func configInputs(ctx context.Context, config tfsdk.Config) *restoreinputs.RestoreInputsModel {
	var m mailboxItemRestoreModel
	if config.Raw.IsNull() || config.Get(ctx, &m).HasError() {
		return nil
	}
	return &m.RestoreInputsModel
}

// reasonSentValue is reason_sent_to_server: unknown until the API version can be read.
func reasonSentValue(sent, known bool) types.Bool {
	if !known {
		return types.BoolUnknown()
	}
	return types.BoolValue(sent)
}

// review reads the source mailbox and the items into m when its inputs are known (and the
// provider is configured), and sets the target. It reports whether it did, and false in ok
// when reading failed (an error diagnostic says why).
func (r *mailboxItemRestoreResource) review(ctx context.Context, m *mailboxItemRestoreModel, diags *diag.Diagnostics) (reviewed, ok bool) {
	if r.client() == nil || !m.Known() || m.MailboxID.IsUnknown() || m.ItemIDs.IsUnknown() || m.FolderID.IsUnknown() || m.WholeMailbox.IsUnknown() {
		return false, true
	}
	for _, e := range m.ItemIDs.Elements() {
		if e.IsUnknown() {
			return false, true
		}
	}
	ids, d := m.SortedItemIDs()
	diags.Append(d...)
	if diags.HasError() || !requireRestoreVersion(ctx, r.client(), &m.RestoreInputsModel, diags) {
		return false, false
	}
	sessionID, release, acquired := sessions.AcquireSession(ctx, r.sessions(), m.SessionSourceModel, diags)
	if !acquired {
		return false, false
	}
	defer release()
	review, err := reviewRestoreScope(ctx, r.client(), sessionID, &m.RestoreInputsModel, ids)
	if err == nil {
		err = review.addVersionStates(ctx, r.client(), r.sessions(), m.SessionSourceModel, m.MailboxID.ValueString(), diags)
	}
	if err != nil {
		framework.AddClientError(diags, "Cannot read what the restore restores",
			"Reading the mailbox and items to restore from "+m.Describe(), err)
		return false, false
	}
	scope, d := review.scopeSummary(&m.RestoreInputsModel)
	diags.Append(d...)
	items, d := review.flattenReviewedItems(&m.RestoreInputsModel)
	diags.Append(d...)
	source, d := review.flattenSourceMailbox()
	diags.Append(d...)
	if diags.HasError() {
		return false, false
	}
	count, byFolder, d := review.itemCount(ctx, r.client(), sessionID, &m.RestoreInputsModel)
	diags.Append(d...)
	if diags.HasError() {
		return false, false
	}
	point, d := restorePointValue(ctx, r.client(), &m.RestoreInputsModel)
	diags.Append(d...)
	if diags.HasError() {
		return false, false
	}
	m.Items, m.SourceMailbox, m.Scope = items, source, scope
	m.ItemCount, m.ItemCountByFolder, m.RestorePoint = count, byFolder, point
	m.Target = restoreTarget(&m.RestoreInputsModel, m.OutputPath, review.Mailbox.Email)
	note, targetOK := checkRestoreTarget(ctx, r.client(), sessionID, &m.RestoreInputsModel, diags) // target_check.go
	if !targetOK {
		return false, false
	}
	if note != "" && !m.Target.IsUnknown() && !m.Target.IsNull() {
		m.Target = types.StringValue(m.Target.ValueString() + " (" + note + ")")
	}
	return true, true
}

// planOutputFileChange applies on_file_change to a missing or changed output file that Read
// flagged: export_again plans a replacement (a new export), ignore keeps the record and warns.
func (r *mailboxItemRestoreResource) planOutputFileChange(ctx context.Context, req resource.ModifyPlanRequest, plan *mailboxItemRestoreModel, resp *resource.ModifyPlanResponse) {
	raw, diags := req.Private.GetKey(ctx, privateOutputDrift)
	resp.Diagnostics.Append(diags...)
	if len(raw) == 0 {
		return
	}
	var drift outputDrift
	if err := json.Unmarshal(raw, &drift); err != nil {
		resp.Diagnostics.AddWarning("Ignoring unreadable private state", err.Error())
		return
	}
	if plan.OnFileChange.ValueString() != onFileChangeExportAgain {
		resp.Diagnostics.AddAttributeWarning(path.Root("output_sha256"), "Output file missing or changed",
			fmt.Sprintf("%s: %s. on_file_change = %q, so the record is kept and nothing is exported again. "+
				"Set on_file_change = %q (or change triggers) to export it again.", drift.Path, drift.Reason, onFileChangeIgnore, onFileChangeExportAgain))
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("output_sha256"), types.StringUnknown())...)
	resp.RequiresReplace = append(resp.RequiresReplace, path.Root("output_sha256"))
	resp.Diagnostics.AddAttributeWarning(path.Root("output_sha256"), "Output file will be exported again",
		fmt.Sprintf("%s: %s; on_file_change = %q, so this plan replaces the record and runs the export again.", drift.Path, drift.Reason, onFileChangeExportAgain))
}
