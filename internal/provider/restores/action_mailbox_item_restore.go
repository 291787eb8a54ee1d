package restores

import (
	"context"
	"fmt"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/runs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var (
	_ action.Action                   = (*mailboxItemRestoreAction)(nil)
	_ action.ActionWithConfigure      = (*mailboxItemRestoreAction)(nil)
	_ action.ActionWithValidateConfig = (*mailboxItemRestoreAction)(nil)
	_ action.ActionWithModifyPlan     = (*mailboxItemRestoreAction)(nil)
)

// NewMailboxItemRestoreAction returns the vb365_mailbox_item_restore action.
func NewMailboxItemRestoreAction() action.Action { return &mailboxItemRestoreAction{} }

type mailboxItemRestoreAction struct {
	data *framework.ProviderData // nil until the provider is configured
}

type mailboxItemRestoreActionModel struct {
	restoreinputs.RestoreInputsModel
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (a *mailboxItemRestoreAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mailbox_item_restore"
}

func (a *mailboxItemRestoreAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	blocks := restoreinputs.ActionActionBlocks()
	blocks["timeouts"] = timeouts.BlockWithOpts(ctx, timeouts.Opts{
		InvokeDescription: "How long the action may take, including waiting for an asynchronous (v8) restore; default 30m."})
	resp.Schema = schema.Schema{
		MarkdownDescription: "Runs one action on backed-up mailbox items each time it is invoked (`terraform apply -invoke` or an " +
			"`action_trigger`), reporting progress. The same inputs as the `vb365_mailbox_item_restore` resource, without a record " +
			"in state: invoking it again runs it again. With `organization_id` the provider opens a restore session for the run and " +
			"stops it afterwards. The provider cannot mark action arguments sensitive or write-only (the plugin framework " +
			"has no sensitive action attributes, and refuses values of write-only ones), so the credentials are plain arguments " +
			"here: pass them from variables declared `sensitive = true`, which Terraform redacts in its output. Terraform rejects " +
			"ephemeral values in them, and a saved plan file (`terraform plan -out`) may hold them.",
		Attributes: restoreinputs.ActionInputAttributes(restoreinputs.TopLevelInputs()),
		Blocks:     blocks,
	}
}

func (a *mailboxItemRestoreAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data, resp.Diagnostics = framework.ProviderDataFrom(req.ProviderData)
}

func (a *mailboxItemRestoreAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m mailboxItemRestoreActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(restoreinputs.ValidateRestoreInputs(&m.RestoreInputsModel)...)
}

// ModifyPlan refuses, at plan time, an output file whose directory is missing or that exists
// and may not be overwritten.
func (a *mailboxItemRestoreAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var m mailboxItemRestoreActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkOutputTargetAtPlan(&m.RestoreInputsModel)...)
	if a.data != nil {
		warnWithoutEmailSettings(ctx, a.data.Client, m.PresentActions(), &resp.Diagnostics)
		checkActionTarget(ctx, a.data, &m.RestoreInputsModel, &resp.Diagnostics) // target_check_action.go
	}
}

func (a *mailboxItemRestoreAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m mailboxItemRestoreActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := m.Timeouts.Invoke(ctx, defaultRestoreCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	send := func(msg string) {
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: msg})
		}
	}
	kinds := m.PresentActions()
	if len(kinds) == 1 {
		scope, _ := m.ExpandScope(m.RestoreSessionID.ValueString())
		what := restoreinputs.ScopeSummary(scope)
		if !scope.WholeMailbox && !scope.WholeOrganization {
			what += " of mailbox " + scope.MailboxID
		}
		send(fmt.Sprintf("%s: %s", kinds[0], what))
	}
	if a.data == nil || a.data.Client == nil {
		resp.Diagnostics.AddError("Provider not configured", framework.RestoreNotConfiguredDetail)
		return
	}
	if !requireRestoreVersion(ctx, a.data.Client, &m.RestoreInputsModel, &resp.Diagnostics) {
		return
	}
	outcome, diags := invokeRun(ctx, a.data, &m.RestoreInputsModel, send, func(p vb365.RestoreProgress) {
		tflog.Info(ctx, progressMessage(p), map[string]any{"restore_session": p.SessionID, "state": p.State})
		send(progressMessage(p))
	})
	resp.Diagnostics.Append(diags...)
	if outcome.Kind == "" {
		return
	}
	send(outcomeSummary(outcome))
}

// invokeRun is one invocation of the action: the run's own session (organization_id, stopped
// when the run ends on every path), the items' names and source mailbox for reconciliation
// (reading them also fails a wrong ID before anything runs), and the one POST.
func invokeRun(ctx context.Context, data *framework.ProviderData, m *restoreinputs.RestoreInputsModel, send func(string), progress func(vb365.RestoreProgress)) (_ restoreOutcome, diags diag.Diagnostics) {
	// diags is a named result: the deferred release adds a warning when stopping the session fails.
	if send == nil {
		send = func(string) {}
	}
	run, ok := runs.AcquireRunSession(ctx, data, m.SessionSourceModel, &diags)
	if !ok {
		return restoreOutcome{}, diags
	}
	defer run.Release()
	opts := restoreRunOptions{ExclusiveSession: run.Exclusive, DefaultCredentials: data.RestoreCredentials, Progress: progress,
		NewDeviceCodes: data.NewDeviceCodes}
	tflog.Info(ctx, "running mailbox item action", map[string]any{
		"restore_session_id": run.ID, "mailbox_id": m.MailboxID.ValueString(), "reason": m.Reason.ValueString(),
	})
	// A folder or mailbox: how many items it holds, counted now (item IDs are counted by the caller).
	if m.ScopeKind() != restoreinputs.ScopeItems {
		if count, err := scopeItemCount(ctx, data.Client, run.ID, m); err != nil {
			send("item count not known: " + err.Error())
		} else {
			send("acting on " + count.progressText())
		}
	}
	if m.ScopeKind() == restoreinputs.ScopeItems {
		ids, d := m.SortedItemIDs()
		diags.Append(d...)
		if diags.HasError() {
			return restoreOutcome{}, diags
		}
		review, err := reviewRestore(ctx, data.Client, run.ID, m.MailboxID.ValueString(), ids)
		if err != nil {
			framework.AddClientError(&diags, "Cannot read what the action acts on", "Reading the mailbox and items (nothing was run)", err)
			return restoreOutcome{}, diags
		}
		opts.SourceEmail = review.Mailbox.Email
		for _, it := range review.Items {
			name := ""
			if it.Subject != nil {
				name = *it.Subject
			}
			opts.Items = append(opts.Items, runs.RunItem{ID: it.ID, Name: name})
		}
	}
	outcome, d := runRestore(ctx, data.Client, run.ID, m, opts)
	diags.Append(d...)
	return outcome, diags // release runs after this and may append to diags
}

// outcomeSummary is the action's final progress message: what ran, its outcome (succeeded,
// failed_items, unknown: as the resource's outcome attribute) and what it produced.
func outcomeSummary(o restoreOutcome) string {
	msg := fmt.Sprintf("%s sent at %s: outcome %s", o.Kind, o.ExecutedAt.Format(time.RFC3339), o.Result)
	if s := o.Statistics; s != nil {
		msg += fmt.Sprintf(": created %d, merged %d, skipped %d, failed %d", s.Created, s.Merged, s.Skipped, s.Failed)
	}
	if f := o.Output; f != nil {
		msg += fmt.Sprintf(": wrote %s (%d bytes, sha256 %s)", f.Path, f.Size, f.SHA256)
	}
	return msg
}
