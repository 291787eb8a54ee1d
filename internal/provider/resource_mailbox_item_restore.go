package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/go-uuid"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
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
)

// NewMailboxItemRestoreResource returns the vb365_mailbox_item_restore resource.
func NewMailboxItemRestoreResource() resource.Resource { return &mailboxItemRestoreResource{} }

type mailboxItemRestoreResource struct {
	client *vb365.Client
}

type mailboxItemRestoreModel struct {
	restoreInputsModel
	Triggers          types.Map      `tfsdk:"triggers"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
	ID                types.String   `tfsdk:"id"`
	ExecutedAt        types.String   `tfsdk:"executed_at"`
	Action            types.String   `tfsdk:"action"`
	RestoreStatistics types.Object   `tfsdk:"restore_statistics"`
	OutputPath        types.String   `tfsdk:"output_path"`
	OutputSizeBytes   types.Int64    `tfsdk:"output_size_bytes"`
	OutputSHA256      types.String   `tfsdk:"output_sha256"`
}

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

func (r *mailboxItemRestoreResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := resourceInputAttributes(topLevelInputs())
	attrs["triggers"] = schema.MapAttribute{
		ElementType: types.StringType, Optional: true,
		MarkdownDescription: "Arbitrary values; changing any of them runs the action again (replacement). This is how to repeat a restore on purpose.",
		PlanModifiers:       []planmodifier.Map{mapplanmodifier.RequiresReplace()},
	}
	attrs["id"] = stableComputedString("Random UUID identifying this audit record (not a server-side ID: a restore leaves nothing to look up).")
	attrs["executed_at"] = stableComputedString("When the request was sent, RFC 3339 UTC.")
	attrs["action"] = stableComputedString("Canonical name of the action run: `" + strings.Join(actionBlockNames(), "`, `") +
		"`; the name of the action block, shown in the plan before the run.")
	attrs["restore_statistics"] = schema.SingleNestedAttribute{
		Computed:            true,
		MarkdownDescription: "Outcome of `restore_to_original_location` and `restore_to` (null for the other actions).",
		PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
		Attributes: map[string]schema.Attribute{
			"created":  schema.Int64Attribute{Computed: true, MarkdownDescription: "Items restored that were missing."},
			"merged":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Items restored over changed ones."},
			"failed":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Items that failed to restore."},
			"skipped":  schema.Int64Attribute{Computed: true, MarkdownDescription: "Items skipped (present and unchanged)."},
			"warnings": schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Warnings the server reported."},
		},
	}
	attrs["output_path"] = stableComputedString("Absolute path of the file written by `export_to_pst` or `save_to_msg`, " +
		"shown in the plan before the run (the block's `path`, resolved against the working directory).")
	attrs["output_size_bytes"] = schema.Int64Attribute{Computed: true, MarkdownDescription: "Size of the written file in bytes.",
		PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}}
	attrs["output_sha256"] = stableComputedString("SHA-256 (hex) of the written file. When the file is later missing or different, the next plan replaces this resource, i.e. exports again.")

	blocks := resourceActionBlocks()
	blocks["timeouts"] = timeouts.Block(ctx, timeouts.Opts{Create: true,
		CreateDescription: "How long the action may take, including waiting for an asynchronous (v8) restore; default 30m."})

	resp.Schema = schema.Schema{
		MarkdownDescription: "Runs one action on backed-up mailbox items, exactly once, and keeps an audit record of it in state. " +
			"Create sends exactly one POST, chosen by exactly one action block. Every input but `restore_session_id` forces replacement, " +
			"i.e. a new run; use `triggers` to run it again on purpose. A new `restore_session_id` (the session was replaced) is " +
			"recorded in place and runs nothing. Destroy only forgets the record: it never undoes a restore, and files are kept. " +
			"Refresh never contacts the server; for file exports it checks that the file is still there and unchanged. " +
			"Restore credentials are write-only (Terraform 1.11+ / OpenTofu 1.11+) and never stored.\n\n" +
			"When some items fail to restore, apply reports an error and still records the statistics; Terraform then marks the " +
			"resource tainted, so the next plan shows it to be replaced, i.e. run again. In that retry the server counts items that " +
			"are already present and unchanged in the target as `skipped` (the documented meaning of that count). " +
			"Run `terraform untaint` to accept the partial result instead.\n\n" +
			"When the request may have reached the server but its result could not be confirmed (the connection dropped after " +
			"sending, no answer within `timeouts.create`, an unreadable answer, a download cut short), apply fails with " +
			"\"outcome unknown\" and still keeps the record, tainted and without results: the next plan shows a replacement " +
			"instead of running the action again unnoticed. Check its effect first; `terraform untaint` keeps the record.",
		Attributes: attrs,
		Blocks:     blocks,
	}
}

func (r *mailboxItemRestoreResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client, resp.Diagnostics = clientFromProviderData(req.ProviderData)
}

func (r *mailboxItemRestoreResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m mailboxItemRestoreModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(validateRestoreInputs(&m.restoreInputsModel)...)
}

// ModifyPlan, when a run is planned (create or replacement), shows what will run (action,
// output_path) and refuses an output file it cannot write; for an existing record it plans a
// new export when Read found the output file missing or changed.
func (r *mailboxItemRestoreResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	if req.State.Raw.IsNull() {
		var plan mailboxItemRestoreModel
		resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
		if resp.Diagnostics.HasError() {
			return
		}
		resp.Diagnostics.Append(checkOutputTargetAtPlan(&plan.restoreInputsModel)...)
		if kinds := plan.presentActions(); len(kinds) == 1 {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("action"), types.StringValue(string(kinds[0])))...)
		}
		if outputPath, known := plannedOutputPath(&plan.restoreInputsModel); known {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("output_path"), outputPath)...)
		}
		return
	}
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
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("output_sha256"), types.StringUnknown())...)
	resp.RequiresReplace = append(resp.RequiresReplace, path.Root("output_sha256"))
	resp.Diagnostics.AddAttributeWarning(path.Root("output_sha256"), "Output file will be exported again",
		fmt.Sprintf("%s: %s, so this plan replaces the resource and runs the export again.", drift.Path, drift.Reason))
}

// outputDrift is what Read found wrong with the output file.
type outputDrift struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

func (r *mailboxItemRestoreResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config mailboxItemRestoreModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	// Write-only credentials are only in the configuration, never in the plan.
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultRestoreCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	tflog.Info(ctx, "running mailbox item action", map[string]any{
		"restore_session_id": plan.RestoreSessionID.ValueString(), "mailbox_id": plan.MailboxID.ValueString(),
		"reason": plan.Reason.ValueString(),
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
	outcome, diags := runRestore(ctx, r.client, &config.restoreInputsModel, opts)
	if outcome.Kind == "" {
		resp.Diagnostics.Append(diags...)
		return
	}
	// The action ran, or may have: record it even when diags hold an error (failed items, an
	// unknown outcome), so the audit record survives; Terraform then marks it tainted.
	id, err := uuid.GenerateUUID()
	if err != nil {
		id = fmt.Sprintf("%d", outcome.ExecutedAt.UnixNano())
	}
	plan.ID = types.StringValue(id)
	plan.ExecutedAt = types.StringValue(outcome.ExecutedAt.Format(time.RFC3339))
	plan.Action = types.StringValue(string(outcome.Kind))
	plan.RestoreStatistics = types.ObjectNull(restoreStatisticsAttrTypes)
	if s := outcome.Statistics; s != nil {
		stats, d := restoreStatisticsValue(*s)
		resp.Diagnostics.Append(d...)
		plan.RestoreStatistics = stats
	}
	plan.OutputPath, plan.OutputSizeBytes, plan.OutputSHA256 = types.StringNull(), types.Int64Null(), types.StringNull()
	if o := outcome.Output; o != nil {
		plan.OutputPath = types.StringValue(o.Path)
		plan.OutputSizeBytes = types.Int64Value(o.Size)
		plan.OutputSHA256 = types.StringValue(o.SHA256)
		if !o.ModTime.IsZero() {
			raw, _ := json.Marshal(stampOf(o.Size, o.ModTime))
			resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateOutputStamp, raw)...)
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(diags...)
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

// Read never contacts the server: a restore has nothing to read back. For file exports it
// checks the file (rehashing it only when its size or modification time changed) and flags
// drift in private state for ModifyPlan.
func (r *mailboxItemRestoreResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state mailboxItemRestoreModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || state.OutputPath.IsNull() || state.OutputPath.ValueString() == "" {
		return
	}
	var last *outputFileStamp
	if raw, diags := req.Private.GetKey(ctx, privateOutputStamp); len(raw) > 0 && !diags.HasError() {
		var stamp outputFileStamp
		if json.Unmarshal(raw, &stamp) == nil {
			last = &stamp
		}
	}
	filePath := state.OutputPath.ValueString()
	reason, stamp, err := checkOutputFile(filePath, state.OutputSizeBytes.ValueInt64(), state.OutputSHA256.ValueString(), last)
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

// Update is reached by a new restore_session_id (e.g. the session was replaced) or a change of
// timeouts; every other input forces replacement and write-only credentials are never
// planned. It records the plan and runs nothing.
func (r *mailboxItemRestoreResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan mailboxItemRestoreModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete forgets the record. It never undoes a restore and never contacts the server.
func (r *mailboxItemRestoreResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state mailboxItemRestoreModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	detail := fmt.Sprintf("The record of %s (id %s, run at %s) was removed from state. Nothing was undone on the server",
		state.Action.ValueString(), state.ID.ValueString(), state.ExecutedAt.ValueString())
	if !state.OutputPath.IsNull() {
		detail += " and the file " + state.OutputPath.ValueString() + " was kept"
	}
	resp.Diagnostics.AddWarning("Mailbox item restore record forgotten", detail+".")
}
