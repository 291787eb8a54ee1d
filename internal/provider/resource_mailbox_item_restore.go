package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
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
	computedString := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	attrs["id"] = computedString("Random UUID identifying this audit record (not a server-side ID: a restore leaves nothing to look up).")
	attrs["executed_at"] = computedString("When the request was sent, RFC 3339 UTC.")
	attrs["action"] = computedString("Canonical name of the action run: " + joinActionBlockNames() + ".")
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
	attrs["output_path"] = computedString("Absolute path of the file written by `export_to_pst` or `save_to_msg`.")
	attrs["output_size_bytes"] = schema.Int64Attribute{Computed: true, MarkdownDescription: "Size of the written file in bytes.",
		PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}}
	attrs["output_sha256"] = computedString("SHA-256 (hex) of the written file. When the file is later missing or different, the next plan replaces this resource, i.e. exports again.")

	blocks := resourceActionBlocks()
	blocks["timeouts"] = timeouts.Block(ctx, timeouts.Opts{Create: true,
		CreateDescription: "How long the action may take, including waiting for an asynchronous (v8) restore; default 30m."})

	resp.Schema = schema.Schema{
		MarkdownDescription: "Runs one action on backed-up mailbox items, exactly once, and keeps an audit record of it in state. " +
			"Create sends exactly one POST, chosen by exactly one action block. Every input forces replacement, i.e. a new run; " +
			"use `triggers` to run it again on purpose. Destroy only forgets the record: it never undoes a restore, and files are kept. " +
			"Refresh never contacts the server; for file exports it checks that the file is still there and unchanged. " +
			"Restore credentials are write-only (Terraform 1.11+ / OpenTofu 1.11+) and never stored.\n\n" +
			"When some items fail to restore, apply reports an error and still records the statistics; Terraform then marks the " +
			"resource tainted, so the next plan shows it to be replaced (a retry, in which items already restored are skipped by the server). " +
			"Run `terraform untaint` to accept the partial result instead.",
		Attributes: attrs,
		Blocks:     blocks,
	}
}

func joinActionBlockNames() string {
	names := actionBlockNames()
	out := ""
	for i, n := range names {
		if i > 0 {
			out += ", "
		}
		out += "`" + n + "`"
	}
	return out
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

// ModifyPlan refuses an existing output file when planning a run, and plans a new export
// when Read found the output file missing or changed.
func (r *mailboxItemRestoreResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	if req.State.Raw.IsNull() {
		var plan mailboxItemRestoreModel
		resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(checkOutputTargetAtPlan(&plan.restoreInputsModel)...)
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
	outcome, diags := runRestore(ctx, r.client, &config.restoreInputsModel, func(p vb365.RestoreProgress) {
		tflog.Info(ctx, progressMessage(p), map[string]any{"restore_session": p.SessionID, "state": p.State,
			"total": p.Total, "restored": p.Restored, "failed": p.Failed, "skipped": p.Skipped})
	})
	if outcome.Kind == "" {
		resp.Diagnostics.Append(diags...)
		return
	}
	// The action ran: record it even when diags hold an error (failed items), so the audit
	// record and the statistics survive; Terraform marks the resource tainted in that case.
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
// checks the file and flags drift in private state for ModifyPlan.
func (r *mailboxItemRestoreResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state mailboxItemRestoreModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || state.OutputPath.IsNull() || state.OutputPath.ValueString() == "" {
		return
	}
	var drift *outputDrift
	filePath := state.OutputPath.ValueString()
	_, sum, err := fileDigest(filePath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		drift = &outputDrift{Path: filePath, Reason: "the file no longer exists"}
	case err != nil:
		resp.Diagnostics.AddAttributeWarning(path.Root("output_path"), "Cannot check the output file",
			fmt.Sprintf("%s: %v. The file is assumed unchanged.", filePath, err))
	case sum != state.OutputSHA256.ValueString():
		drift = &outputDrift{Path: filePath, Reason: "the file's SHA-256 is " + sum + ", not the recorded " + state.OutputSHA256.ValueString()}
	}
	var raw []byte
	if drift != nil {
		raw, _ = json.Marshal(drift)
		tflog.Info(ctx, "output file drifted", map[string]any{"path": drift.Path, "reason": drift.Reason})
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateOutputDrift, raw)...)
}

// Update can only be reached by a change of timeouts (every other input forces replacement,
// write-only credentials are never planned): it records the plan and runs nothing.
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
