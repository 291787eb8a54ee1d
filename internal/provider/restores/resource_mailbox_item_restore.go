package restores

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/go-uuid"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
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
	restoreInputsModel
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

func (r *mailboxItemRestoreResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := resourceInputAttributes(topLevelInputs(), true)
	attrs["triggers"] = schema.MapAttribute{
		ElementType: types.StringType, Optional: true,
		MarkdownDescription: "Arbitrary values; changing any of them runs the action again (replacement). This is how to repeat a restore on purpose.",
		PlanModifiers:       []planmodifier.Map{mapplanmodifier.RequiresReplace()},
	}
	attrs["on_file_change"] = schema.StringAttribute{
		Optional: true, Computed: true, Default: stringdefault.StaticString(onFileChangeIgnore),
		MarkdownDescription: "What a refresh that finds the file of `export_to_pst` or `save_to_msg` missing or changed means: " +
			"`ignore` (default) keeps the record and warns, so a file that is absent on another machine (a CI runner) is not exported " +
			"again by itself; `export_again` plans a replacement that exports it again (a changed file is then overwritten only with " +
			"`overwrite = true`, else the plan fails with \"Output file exists\"). Changing it updates the record in place.",
		Validators: []validator.String{stringvalidator.OneOf(onFileChangeIgnore, onFileChangeExportAgain)},
	}
	attrs["id"] = framework.StableComputedString("Random UUID identifying this audit record (not a server-side ID: a restore leaves nothing to look up).")
	attrs["executed_at"] = framework.StableComputedString("When the request was sent, RFC 3339 UTC.")
	attrs["reason_sent_to_server"] = schema.BoolAttribute{Computed: true,
		MarkdownDescription: "Whether `reason` reaches the server, known in the plan: `true` when the run goes through the " +
			"restore-operator routes (provider `restore_operator` set, API v6+, `restore_to_original_location` of `item_ids` " +
			"without Exchange credentials in the block (`operatorRestore` has no field for them), a " +
			"session the run opens with `organization_id`, no `data_retrieval_id`, `repository_id` only on v8), whose " +
			"`OperatorExplore` and `operatorRestore` carry the reason, so the server shows it on the run's restore sessions " +
			"(`vb365_restore_sessions`). `false`: the reason stays in this record only.",
		PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()}}
	attrs["executed_by"] = framework.StableComputedString("The account the provider signs in with (the provider's `username`), shown in the plan.")
	attrs["action"] = framework.StableComputedString("Canonical name of the action run: `" + strings.Join(ActionBlockNames(), "`, `") +
		"`; the name of the action block, shown in the plan before the run.")
	attrs["target"] = framework.StableComputedString("Where the items go, in words, shown in the plan before the run: the original mailbox, " +
		"a target mailbox and folder, a file, or an e-mail address.")
	attrs["scope"] = framework.StableComputedString("What is acted on, in words, shown in the plan before the run: `2 items`, " +
		"`folder Inbox/Projects and its subfolders` (the folder's path of names, read from the mailbox's folders), or " +
		"`the whole mailbox j_smith@example.com`. Known in the plan when `mailbox_id`, the scope and the session source are known then.")
	attrs["source_mailbox"] = schema.SingleNestedAttribute{
		Computed: true,
		MarkdownDescription: "The mailbox the items come from, read when the restore is planned (known in the plan when `mailbox_id`, " +
			"`item_ids` and the session source are known then, e.g. with `organization_id`).",
		PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
		Attributes: map[string]schema.Attribute{
			"id":         schema.StringAttribute{Computed: true, MarkdownDescription: "Mailbox ID."},
			"name":       schema.StringAttribute{Computed: true, MarkdownDescription: "Display name."},
			"email":      schema.StringAttribute{Computed: true, MarkdownDescription: "Primary e-mail address."},
			"is_archive": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it is an archive mailbox."},
		},
	}
	attrs["items"] = schema.ListNestedAttribute{
		Computed: true,
		MarkdownDescription: "What each item is, read from the server when the restore is planned, in the order of the sorted " +
			"`item_ids`: the review of the restore. Known in the plan when `mailbox_id`, `item_ids` and the session source are " +
			"known then (e.g. with `organization_id`); otherwise read just before the restore runs. Null for a folder " +
			"(`folder_id`) or the whole mailbox (`whole_mailbox`): the server resolves their items, `scope` names them.",
		PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"id":         schema.StringAttribute{Computed: true, MarkdownDescription: "Item ID."},
			"type":       schema.StringAttribute{Computed: true, MarkdownDescription: "Canonical type (`message`, `appointment`, ...)."},
			"item_class": schema.StringAttribute{Computed: true, MarkdownDescription: "Exchange item class."},
			"subject":    schema.StringAttribute{Computed: true, MarkdownDescription: "Subject (a note's or contact group's name)."},
			"folder_id":  schema.StringAttribute{Computed: true, MarkdownDescription: "ID of the folder holding the item."},
			"folder":     schema.StringAttribute{Computed: true, MarkdownDescription: "Path of folder names, e.g. `Inbox/Projects`."},
			"date": schema.StringAttribute{Computed: true, MarkdownDescription: "When a message was received (or sent), an appointment or " +
				"journal entry starts, a task is due, a post was made, a note dated; null for contacts."},
			"version_state": schema.StringAttribute{Computed: true, MarkdownDescription: sessions.VersionStateDescription},
		}},
	}
	attrs["item_count"] = schema.Int64Attribute{Computed: true,
		MarkdownDescription: "How many items the restore acts on, known in the plan when the inputs are: the number of `item_ids`; " +
			"for `folder_id` the items of the folder and of every folder below it (the server restores or exports the folder " +
			"with its subfolders); for `whole_mailbox` every item of the mailbox. Folder and mailbox items are counted from the " +
			"server's item listings while planning (streamed: only counters are kept), within 20 minutes and up to 5,000,000 " +
			"items; past that it is null and the plan warns \"Item count not known\". Known only at apply when the inputs are.",
		PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}}
	attrs["item_count_by_folder"] = schema.ListNestedAttribute{
		Computed: true,
		MarkdownDescription: "For `folder_id` and `whole_mailbox`: how many items each top folder holds, everything below it " +
			"included, the largest first: for a folder, the folder's own items and each of its subfolders; for the mailbox, each " +
			"top-level folder. At most 10 entries: the last then sums the other folders (its `folder_id` is null). Null for `item_ids`.",
		PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"folder":     schema.StringAttribute{Computed: true, MarkdownDescription: "Path of folder names, e.g. `Inbox/Projects`."},
			"folder_id":  schema.StringAttribute{Computed: true, MarkdownDescription: "Folder ID (null for the sum of the folders not shown)."},
			"item_count": schema.Int64Attribute{Computed: true, MarkdownDescription: "Items in the folder and every folder below it."},
		}},
	}
	attrs["restore_point"] = schema.SingleNestedAttribute{
		Computed:            true,
		MarkdownDescription: restorePointDescription,
		PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
		Attributes: map[string]schema.Attribute{
			"id":   schema.StringAttribute{Computed: true, MarkdownDescription: "Restore point ID."},
			"time": schema.StringAttribute{Computed: true, MarkdownDescription: "When the backup was made (RFC 3339 UTC)."},
		},
	}
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
	attrs["server_restore_session_id"] = framework.StableComputedString("The run's identity on the server, on every API version and for " +
		"every action: the restore session the run was sent in. With `organization_id` that is a session the provider opened " +
		"for this run alone (and stopped when it ended), so its events are this run's and no other's; with `restore_session_id` " +
		"it is that session. On API v8, a restore (`restore_to_original_location`, `restore_to`) runs in an asynchronous restore " +
		"session of its own that the server answers with (`sessionId`): that session's ID is recorded instead, since it holds " +
		"the restore's own events and statistics. Read them with `vb365_restore_session_events` and `vb365_restore_session`.")
	attrs["outcome"] = framework.StableComputedString("What is known of the run: `succeeded`; `failed_items` (the server ran it and reports " +
		"failed items, see `restore_statistics`); or `unknown` (it was sent, and whether the server ran it could not be confirmed). " +
		"Neither `failed_items` nor `unknown` is tainted and no plan runs them again by itself: the plan warns, and " +
		"`terraform apply -replace=ADDRESS` runs it again on purpose. A refresh settles `unknown` from the run's own session events " +
		"(`server_restore_session_id`) when they become readable; a run the server's records prove did not happen is planned " +
		"as a new run.")
	attrs["item_results"] = schema.ListNestedAttribute{
		Computed: true,
		MarkdownDescription: "Per-item results the server reports for a restore (API v8: the `items` of the restore session's " +
			"statistics). For Exchange item restores the server reports one entry per mailbox restored into (`details_type` " +
			"`BulkMailbox`); entries of type `Item` describe single items. Null where the server reports none (API v3..v7, " +
			"and the actions other than restores).",
		PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
		NestedObject:  schema.NestedAttributeObject{Attributes: itemResultSchemaAttributes()},
	}
	attrs["output_path"] = framework.StableComputedString("Absolute path of the file written by `export_to_pst` or `save_to_msg`, " +
		"shown in the plan before the run (the block's `path`, resolved against the working directory).")
	attrs["output_size_bytes"] = schema.Int64Attribute{Computed: true, MarkdownDescription: "Size of the written file in bytes.",
		PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}}
	attrs["output_sha256"] = framework.StableComputedString("SHA-256 (hex) of the written file. A refresh compares the file with it; " +
		"what a missing or changed file means is set by `on_file_change`.")

	blocks := resourceActionBlocks()
	blocks["timeouts"] = timeouts.Block(ctx, timeouts.Opts{Create: true,
		CreateDescription: "How long the action may take, including reading the items for the record and waiting for an asynchronous (v8) restore; default 30m."})

	resp.Schema = schema.Schema{
		MarkdownDescription: "Runs one action on backed-up mailbox items, exactly once, and keeps an audit record of it in state. " +
			"Create sends exactly one POST, chosen by exactly one action block.\n\n" +
			"**The plan is the review.** When the restore is planned, the provider reads what it restores and shows it as known " +
			"values: `scope`, `items` (type, subject, folder and date of each item; for a folder or the whole mailbox `scope` names " +
			"it instead), `item_count` (with `item_count_by_folder` for a folder or mailbox), `restore_point` (the backup), " +
			"`source_mailbox`, `action`, `target` and `executed_by`. " +
			"That needs `mailbox_id`, `item_ids` (or `folder_id`, `whole_mailbox`) and the session source known at plan time: give `organization_id` (the provider " +
			"opens a restore session of its own for the plan and another for the apply, and stops each when done), and read the IDs " +
			"through data sources that take `organization_id` too. With `restore_session_id` of a `vb365_restore_session` created in " +
			"the same apply, these values are only known after apply.\n\n" +
			"**A restore runs again only when what it restores changes in value**: `organization_id`, `point_in_time`, `mailbox_id`, " +
			"`item_ids`, `folder_id`, `whole_mailbox` or the action block and its options, or `triggers` on purpose. A new `restore_session_id` (the server stopped " +
			"an idle session and it was replaced), a switch between `restore_session_id` and `organization_id` at the same " +
			"`point_in_time` (state it next to `restore_session_id`: the API reports no point in time for a session), a new `reason`, `on_file_change` or `timeouts` update the record in place and run " +
			"nothing. A value that is unknown at plan time (read through a data source of a replaced session) is planned as an " +
			"update; apply checks that it turned out equal and otherwise fails without running anything, so the next plan shows the " +
			"replacement. Destroy only forgets the record: it never undoes a restore, and files are kept. " +
			"Refresh contacts the server only to settle an `unknown` outcome; for file exports it checks that the file is still there and unchanged " +
			"(see `on_file_change`). The restore secrets (`user_password`, `user_code`, `application_certificate`, " +
			"`application_certificate_password`) are write-only (Terraform 1.11+ / OpenTofu 1.11+) and never stored; the accounts " +
			"(`user_name`, `application_id`, `impersonation_account_name`) are plain arguments, shown in the plan.\n\n" +
			"**Every run is recorded with its `outcome`, never tainted.** When some items fail to restore, apply warns and records " +
			"the statistics with `outcome = \"failed_items\"`. When the request may have reached the server but its result could " +
			"not be confirmed (a 5xx answer, the connection dropped after sending, no answer within `timeouts.create`, an unreadable " +
			"answer, a download cut short) and the run's own session events do not prove it, apply warns and records it with " +
			"`outcome = \"unknown\"`. Neither is run again by a later plan: each plan warns what is unknown, what to check and " +
			"the run's session, and `terraform apply -replace=ADDRESS` runs it again when you decide to (in that retry the server " +
			"counts items already present and unchanged as `skipped`). A refresh settles `unknown` from the run's own records.\n\n" +
			"Each run opens a restore session of its own (with `organization_id`) and stops it when it ends; the provider's " +
			"`max_concurrent_restores` bounds the runs in flight, and a server that refuses a session because too many are open is " +
			"waited for within `timeouts.create`.",
		Attributes: attrs,
		Blocks:     blocks,
	}
}

func (r *mailboxItemRestoreResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data, resp.Diagnostics = framework.ProviderDataFrom(req.ProviderData)
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
	resp.Diagnostics.Append(validateRestoreInputs(&m.restoreInputsModel)...)
}

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
			// plan means an adopted run to Create.
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("server_restore_session_id"), types.StringUnknown())...)
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("outcome"), types.StringUnknown())...)
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("reason_sent_to_server"),
				reasonSentValue(operatorRouteState(ctx, r.data, &plan.restoreInputsModel, configInputs(ctx, req.Config), plan.SessionSourceModel)))...)
		}
		return
	}

	resp.Diagnostics.Append(checkOutputTargetAtPlan(&plan.restoreInputsModel)...)
	kinds := plan.presentActions()
	if len(kinds) != 1 || resp.Diagnostics.HasError() {
		return
	}
	plan.Action = types.StringValue(string(kinds[0]))
	warnWithoutEmailSettings(ctx, r.client(), kinds, &resp.Diagnostics)
	if outputPath, known := plannedOutputPath(&plan.restoreInputsModel); known {
		plan.OutputPath = outputPath
	}
	// Results the action cannot have are null already in the plan.
	if _, _, _, writesFile := plan.outputTarget(); !writesFile {
		plan.OutputSizeBytes, plan.OutputSHA256 = types.Int64Null(), types.StringNull()
	}
	if kinds[0] != vb365.ActionRestoreToOriginalLocation && kinds[0] != vb365.ActionRestoreTo {
		plan.RestoreStatistics = types.ObjectNull(restoreStatisticsAttrTypes)
		plan.ItemResults = types.ListNull(itemResultObjectType)
	}
	if r.data != nil {
		plan.ExecutedBy = framework.NonEmptyString(r.data.Username)
	}
	if plan.scopeKind() != scopeItems {
		plan.Items = types.ListNull(types.ObjectType{AttrTypes: reviewedItemAttrTypes})
	}
	reviewed, ok := r.review(ctx, &plan, &resp.Diagnostics)
	if !ok {
		return
	}
	if !reviewed {
		plan.Scope = types.StringUnknown()
		plan.ItemCount, plan.ItemCountByFolder = types.Int64Unknown(), types.ListUnknown(types.ObjectType{AttrTypes: folderItemCountAttrTypes})
		if plan.scopeKind() == scopeItems && !plan.ItemIDs.IsUnknown() {
			plan.Scope = itemsScopeSummary(len(plan.ItemIDs.Elements()))
			plan.ItemCount = types.Int64Value(int64(len(plan.ItemIDs.Elements())))
			plan.ItemCountByFolder = types.ListNull(types.ObjectType{AttrTypes: folderItemCountAttrTypes})
		}
		// The source mailbox is not known yet; other targets are named by the configuration.
		plan.Target = types.StringUnknown()
		if kinds[0] != vb365.ActionRestoreToOriginalLocation && kinds[0] != vb365.ActionSendToDefaultAddress {
			plan.Target = restoreTarget(&plan.restoreInputsModel, plan.OutputPath, "")
		}
	} else {
		r.planAdoption(ctx, &plan, &resp.Diagnostics)
	}
	plan.ReasonSentToServer = reasonSentValue(operatorRouteState(ctx, r.data, &plan.restoreInputsModel, configInputs(ctx, req.Config), plan.SessionSourceModel))
	if !plan.ServerSessionID.IsUnknown() && !plan.ServerSessionID.IsNull() {
		plan.ReasonSentToServer = types.BoolValue(false) // an adopted run sends nothing
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// configInputs reads the restore inputs of the configuration (nil when it cannot be read).
func configInputs(ctx context.Context, config tfsdk.Config) *restoreInputsModel {
	var m mailboxItemRestoreModel
	if config.Raw.IsNull() || config.Get(ctx, &m).HasError() {
		return nil
	}
	return &m.restoreInputsModel
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
	ids, d := m.itemIDs()
	diags.Append(d...)
	if diags.HasError() || !requireRestoreVersion(ctx, r.client(), &m.restoreInputsModel, diags) {
		return false, false
	}
	sessionID, release, acquired := sessions.AcquireSession(ctx, r.sessions(), m.SessionSourceModel, diags)
	if !acquired {
		return false, false
	}
	defer release()
	review, err := reviewRestoreScope(ctx, r.client(), sessionID, &m.restoreInputsModel, ids)
	if err == nil {
		err = review.addVersionStates(ctx, r.client(), r.sessions(), m.SessionSourceModel, m.MailboxID.ValueString(), diags)
	}
	if err != nil {
		framework.AddClientError(diags, "Cannot read what the restore restores",
			"Reading the mailbox and items to restore from "+m.Describe(), err)
		return false, false
	}
	scope, d := review.scopeSummary(&m.restoreInputsModel)
	diags.Append(d...)
	items, d := review.flattenReviewedItems(&m.restoreInputsModel)
	diags.Append(d...)
	source, d := review.flattenSourceMailbox()
	diags.Append(d...)
	if diags.HasError() {
		return false, false
	}
	count, byFolder, d := review.itemCount(ctx, r.client(), sessionID, &m.restoreInputsModel)
	diags.Append(d...)
	if diags.HasError() {
		return false, false
	}
	point, d := restorePointValue(ctx, r.client(), &m.restoreInputsModel)
	diags.Append(d...)
	if diags.HasError() {
		return false, false
	}
	m.Items, m.SourceMailbox, m.Scope = items, source, scope
	m.ItemCount, m.ItemCountByFolder, m.RestorePoint = count, byFolder, point
	m.Target = restoreTarget(&m.restoreInputsModel, m.OutputPath, review.Mailbox.Email)
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

	if !plan.ServerSessionID.IsUnknown() && !plan.ServerSessionID.IsNull() {
		// The plan adopted a run the server already holds (planAdoption): record it, send nothing.
		id, err := uuid.GenerateUUID()
		if err != nil {
			id = fmt.Sprintf("%d", time.Now().UnixNano())
		}
		plan.ID = types.StringValue(id)
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		adoptRun(ctx, r.client(), plan.ServerSessionID.ValueString(), &resp.Diagnostics)
		resp.Diagnostics.AddWarning("Run adopted, nothing sent",
			fmt.Sprintf("%s was recorded from restore session %s, where the server already ran it; no request was sent.",
				plan.Action.ValueString(), plan.ServerSessionID.ValueString()))
		return
	}
	if !requireRestoreVersion(ctx, r.client(), &plan.restoreInputsModel, &resp.Diagnostics) {
		return
	}
	// The restore-operator routes carry the reason (provider_restore_operator.go); the plan said
	// whether this run takes them, and the run keeps its word or runs nothing.
	viaOperator, _ := operatorRouteState(ctx, r.data, &plan.restoreInputsModel, &config.restoreInputsModel, plan.SessionSourceModel)
	if !plan.ReasonSentToServer.IsUnknown() && !plan.ReasonSentToServer.IsNull() && plan.ReasonSentToServer.ValueBool() != viaOperator {
		resp.Diagnostics.AddError("Restore not started: the plan no longer holds",
			fmt.Sprintf("The plan said reason_sent_to_server = %t, but the run now would %s the restore-operator routes (the "+
				"server's API version or the provider's restore_operator changed since the plan). Nothing was run; plan again.",
				plan.ReasonSentToServer.ValueBool(), map[bool]string{true: "take", false: "not take"}[viaOperator]))
		return
	}
	plan.ReasonSentToServer = types.BoolValue(viaOperator)
	// The run's own session (organization_id), stopped when the run ends on every path.
	var run runSession
	var ok bool
	if viaOperator {
		run, ok = acquireOperatorRunSession(ctx, r.data, plan.SessionSourceModel, plan.Reason.ValueString(), &resp.Diagnostics)
	} else {
		run, ok = acquireRunSession(ctx, r.data, plan.SessionSourceModel, &resp.Diagnostics)
	}
	if !ok {
		return
	}
	defer run.release()
	sessionID := run.ID
	if plan.Items.IsUnknown() || plan.SourceMailbox.IsUnknown() || plan.Target.IsUnknown() || plan.Scope.IsUnknown() ||
		plan.ItemCount.IsUnknown() || plan.ItemCountByFolder.IsUnknown() || plan.RestorePoint.IsUnknown() {
		// Not reviewed at plan time (inputs unknown then): read it now, before anything runs,
		// so that the record says what was restored and a wrong ID fails before the POST.
		review, err := reviewRestoreScope(ctx, r.client(), sessionID, &plan.restoreInputsModel, mustItemIDs(&plan.restoreInputsModel))
		if err == nil {
			err = review.addVersionStates(ctx, r.client(), r.sessions(), plan.SessionSourceModel, plan.MailboxID.ValueString(), &resp.Diagnostics)
		}
		if err != nil {
			framework.AddClientError(&resp.Diagnostics, "Cannot read what the restore restores",
				"Reading the mailbox and items to restore (nothing was run)", err)
			return
		}
		scope, d := review.scopeSummary(&plan.restoreInputsModel)
		resp.Diagnostics.Append(d...)
		items, d := review.flattenReviewedItems(&plan.restoreInputsModel)
		resp.Diagnostics.Append(d...)
		source, d := review.flattenSourceMailbox()
		resp.Diagnostics.Append(d...)
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
			point, d := restorePointValue(ctx, r.client(), &plan.restoreInputsModel)
			resp.Diagnostics.Append(d...)
			plan.RestorePoint = point
		}
		if plan.ItemCount.IsUnknown() || plan.ItemCountByFolder.IsUnknown() {
			count, byFolder, d := review.itemCount(ctx, r.client(), sessionID, &plan.restoreInputsModel)
			resp.Diagnostics.Append(d...)
			plan.ItemCount, plan.ItemCountByFolder = count, byFolder
		}
		if plan.Target.IsUnknown() {
			outputPath := plan.OutputPath
			if outputPath.IsUnknown() {
				outputPath, _ = plannedOutputPath(&plan.restoreInputsModel)
			}
			plan.Target = restoreTarget(&plan.restoreInputsModel, outputPath, review.Mailbox.Email)
		}
		if resp.Diagnostics.HasError() {
			return
		}
	}

	tflog.Info(ctx, "running mailbox item action", map[string]any{
		"restore_session_id": sessionID, "mailbox_id": plan.MailboxID.ValueString(), "reason": plan.Reason.ValueString(),
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
	opts.DefaultCredentials = r.data.RestoreCredentials
	if viaOperator {
		opts.Operator, opts.Reason = r.data.OperatorClient, plan.Reason.ValueString()
	}
	outcome, diags := runRestore(ctx, r.client(), sessionID, &config.restoreInputsModel, opts)
	if outcome.Kind == "" {
		resp.Diagnostics.Append(diags...)
		return
	}
	// The action ran, or may have: record it with its outcome. Failed items and an unknown
	// outcome are warnings, not errors: an error would taint the record, and a tainted record is
	// run again by the next plain apply (for an unknown outcome, maybe a second time).
	diags = errorsAsWarnings(diags)
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
	// A file is recorded only when it was written; a run whose outcome is unknown fails the
	// apply, and Terraform keeps such a record as it is returned.
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
			raw, _ := json.Marshal(stampOf(o.Size, o.ModTime))
			resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateOutputStamp, raw)...)
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(diags...)
}

// reviewedRunItems are the reviewed items' IDs and names (subjects; empty when an item has
// none), which reconciliation matches to the server's events.
func reviewedRunItems(items types.List) []runItem {
	var out []runItem
	for _, e := range items.Elements() {
		obj, ok := e.(types.Object)
		if !ok {
			return nil
		}
		id, _ := obj.Attributes()["id"].(types.String)
		subject, _ := obj.Attributes()["subject"].(types.String)
		out = append(out, runItem{ID: id.ValueString(), Name: subject.ValueString()})
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
func mustItemIDs(m *restoreInputsModel) []string {
	ids, _ := m.itemIDs()
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

// Read contacts the server only to settle an unknown outcome (restore_outcome.go): a restore
// has nothing else to read back. For file exports it checks the file (rehashing it only when its size or modification time changed) and flags
// drift in private state for ModifyPlan.
func (r *mailboxItemRestoreResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state mailboxItemRestoreModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.Outcome.ValueString() == outcomeUnknown {
		r.settleOutcome(ctx, req, resp, &state)
	}
	if state.OutputPath.IsNull() || state.OutputPath.ValueString() == "" || state.OutputSHA256.IsNull() {
		return // no file was written (or none is known to have been: outcome unknown)
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
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// restoredInputs are the top-level attributes that, with the action blocks, say what a restore
// restores: a change in their value runs it again.
var restoredInputs = []string{"organization_id", "point_in_time", "mailbox_id", "item_ids", "folder_id", "whole_mailbox"}

// unknownRestoredInputs names the inputs of what is restored that are not yet known in a plan.
func unknownRestoredInputs(plan tftypes.Value) []string {
	var unknown []string
	for _, name := range append(slices.Clone(restoredInputs), ActionBlockNames()...) {
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
	for _, name := range append(slices.Clone(restoredInputs), ActionBlockNames()...) {
		p := tftypes.NewAttributePath().WithAttributeName(name)
		before, _, err1 := tftypes.WalkAttributePath(state, p)
		after, _, err2 := tftypes.WalkAttributePath(plan, p)
		b, okB := before.(tftypes.Value)
		a, okA := after.(tftypes.Value)
		if err1 != nil || err2 != nil || !okA || !okB ||
			(!equalIgnoring(a, b, nonSecretCredentials) && !sameTerraformString(b, a) && !sourceSwitch(name, state, plan)) {
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
