package bulkrestores

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/runs"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// ModifyPlan shows, when a run is planned (a new record, or the create half of a replacement),
// every mailbox it restores, the backup, the options in words and who restores, read from the
// server; and stops the plan for a run of the same mailboxes a killed runner may have left
// (earlier_runs.go). For a record that stays it warns about an outcome that is not succeeded.
func (r *mailboxesRestoreResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan, config mailboxesRestoreModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !req.State.Raw.IsNull() {
		var state mailboxesRestoreModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		// Its run is the record's: the create half of a replacement runs again and never takes
		// it for a run a killed runner left.
		r.holdRun(ctx, &state, req.Private)
		changed := restoredInputsChanged(&state, &plan, false)
		if len(changed) == 0 {
			warnRecordedOutcome(&state, &resp.Diagnostics)
			return
		}
		resp.Diagnostics.AddWarning("The mailboxes will be restored again",
			fmt.Sprintf("%s changed, so this plan replaces the record of the run of %s with a new run of %d mailbox(es): every "+
				"mailbox is restored again (the server skips items present and unchanged). To keep the recorded run, undo the change.",
				strings.Join(changed, ", "), state.ExecutedAt.ValueString(), len(plan.MailboxIDs.Elements())))
		plan.ID, plan.ExecutedAt = types.StringUnknown(), types.StringUnknown()
	}
	r.planRun(ctx, &plan, &config, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// planRun fills the plan of a new run: what is known from the configuration, and, when the
// inputs are known, the review read from the server.
func (r *mailboxesRestoreResource) planRun(ctx context.Context, plan, config *mailboxesRestoreModel, diags *diag.Diagnostics) {
	plan.ServerSessionID, plan.Outcome = types.StringUnknown(), types.StringUnknown()
	plan.MailboxResults = types.ListUnknown(types.ObjectType{AttrTypes: mailboxResultAttrTypes})
	// A new run's review: never the replaced record's (UseStateForUnknown carries it over).
	plan.Mailboxes = types.ListUnknown(types.ObjectType{AttrTypes: reviewedMailboxAttrTypes})
	plan.RestorePoint, plan.MailboxCount = types.ObjectUnknown(runs.RestorePointAttrTypes), types.Int64Unknown()
	plan.OptionsSummary = optionsSummary(plan.bulkOptionsModel)
	plan.RestoredBy = restoredByValue(r.data, config.RestoreCredentialsModel)
	if r.data != nil {
		plan.ExecutedBy = framework.NonEmptyString(r.data.Username)
	}
	if !checkDuplicateMailboxIDs(plan.MailboxIDs, diags) {
		return
	}
	ids, idsKnown := plan.sortedMailboxIDs()
	if idsKnown {
		plan.MailboxCount = types.Int64Value(int64(len(ids)))
	}
	if !idsKnown || r.data == nil || r.data.Client == nil || !plan.sessionSource().Known() {
		if !plan.RecordRunFromSession.IsNull() {
			diags.AddAttributeError(path.Root("record_run_from_session"), "Cannot record a run from a session",
				"record_run_from_session needs organization_id, mailbox_ids and the backup source known while planning: only then "+
					"can the plan check that the session holds this run.")
		}
		return // reviewed at apply, before anything is sent
	}
	version, err := r.data.Client.Version(ctx)
	if err != nil {
		framework.AddClientError(diags, "Cannot plan the restore", "Reading the server's API version", err)
		return
	}
	if !checkOptionsForVersion(plan, version, diags) {
		return
	}
	mailboxes, point, ok := r.review(ctx, plan, ids, diags)
	if !ok {
		return
	}
	plan.Mailboxes, plan.RestorePoint = mailboxes, point
	r.checkEarlierRuns(ctx, plan, version, diags) // earlier_runs.go
}

// review reads, in a session of the provider's own, every mailbox of the plan and the backup
// it reads from. A mailbox ID the backup does not hold stops the plan, naming it.
func (r *mailboxesRestoreResource) review(ctx context.Context, m *mailboxesRestoreModel, ids []string, diags *diag.Diagnostics) (types.List, types.Object, bool) {
	src := m.sessionSource()
	sessionID, release, acquired := sessions.AcquireSession(ctx, r.data.Sessions, src, diags)
	if !acquired {
		return types.List{}, types.Object{}, false
	}
	defer release()
	mailboxes, err := reviewMailboxes(ctx, r.data.Client, sessionID, ids)
	var missing *missingMailboxesError
	switch {
	case errors.As(err, &missing):
		diags.AddAttributeError(path.Root("mailbox_ids"), "Mailbox not in the backup", missing.Error()+
			". Nothing was run. List the mailboxes of the organization's backup with the vb365_mailboxes data source "+
			"(organization_id, and the same point_in_time, repository_id or data_retrieval_id).")
		return types.List{}, types.Object{}, false
	case err != nil:
		framework.AddClientError(diags, "Cannot read the mailboxes to restore", "Listing the mailboxes of "+src.Describe(), err)
		return types.List{}, types.Object{}, false
	}
	point, d := restorePointValue(ctx, r.data.Client, m)
	diags.Append(d...)
	if diags.HasError() {
		return types.List{}, types.Object{}, false
	}
	return mailboxesValue(mailboxes), point, true
}

// missingMailboxesError names the configured mailbox IDs the session does not list.
type missingMailboxesError struct{ ids []string }

func (e *missingMailboxesError) Error() string {
	return fmt.Sprintf("the organization's backup holds no mailbox with ID %s", strings.Join(quoted(e.ids), ", "))
}

// reviewMailboxes lists the session's mailboxes once (one paged listing, however many are
// restored) and returns the configured ones ordered by e-mail.
func reviewMailboxes(ctx context.Context, client *vb365.Client, sessionID string, ids []string) ([]vb365.Mailbox, error) {
	wanted := make(map[string]bool, len(ids))
	for _, id := range ids {
		wanted[strings.ToLower(id)] = true
	}
	found := make([]vb365.Mailbox, 0, len(ids))
	for mb, err := range client.Mailboxes(ctx, sessionID, vb365.ListOptions{PageSize: 1000}) {
		if err != nil {
			return nil, err
		}
		if wanted[strings.ToLower(mb.ID)] {
			delete(wanted, strings.ToLower(mb.ID))
			found = append(found, mb)
		}
	}
	if len(wanted) > 0 {
		var missing []string
		for _, id := range ids {
			if wanted[strings.ToLower(id)] {
				missing = append(missing, id)
			}
		}
		return nil, &missingMailboxesError{ids: missing}
	}
	slices.SortFunc(found, func(a, b vb365.Mailbox) int {
		if c := strings.Compare(strings.ToLower(a.Email), strings.ToLower(b.Email)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return found, nil
}

func mailboxesValue(mailboxes []vb365.Mailbox) types.List {
	elems := make([]attr.Value, len(mailboxes))
	for i, mb := range mailboxes {
		elems[i] = types.ObjectValueMust(reviewedMailboxAttrTypes, map[string]attr.Value{
			"id": types.StringValue(mb.ID), "name": types.StringValue(mb.Name), "email": types.StringValue(mb.Email),
			"is_archive": types.BoolValue(mb.IsArchive),
		})
	}
	return types.ListValueMust(types.ObjectType{AttrTypes: reviewedMailboxAttrTypes}, elems)
}

// reviewedMailboxes reads the plan's mailboxes back.
func reviewedMailboxes(l types.List) []vb365.BulkMailbox {
	var out []vb365.BulkMailbox
	for _, e := range l.Elements() {
		obj, ok := e.(types.Object)
		if !ok {
			return nil
		}
		a := obj.Attributes()
		str := func(k string) string { v, _ := a[k].(types.String); return v.ValueString() }
		archive, _ := a["is_archive"].(types.Bool)
		out = append(out, vb365.BulkMailbox{ID: str("id"), Name: str("name"), Email: str("email"), IsArchive: archive.ValueBool()})
	}
	return out
}

// restorePointValue is restore_point: the backup every mailbox is read from; null with a
// warning where it cannot be known (API v3..v5, a retrieval without a retrieved point).
func restorePointValue(ctx context.Context, client *vb365.Client, m *mailboxesRestoreModel) (types.Object, diag.Diagnostics) {
	var diags diag.Diagnostics
	null := types.ObjectNull(runs.RestorePointAttrTypes)
	src := runs.PointSource{OrganizationID: m.OrganizationID.ValueString(), PointInTime: m.PointInTime.ValueString(),
		RepositoryID: m.RepositoryID.ValueString(), DataRetrievalID: m.DataRetrievalID.ValueString()}
	point, ok, err := runs.UsedRestorePoint(ctx, client, src)
	var noRetrieved runs.NoRetrievedPointError
	switch {
	case errors.As(err, &noRetrieved):
		diags.AddAttributeWarning(path.Root("restore_point"), "Restore point not known", err.Error()+"; restore_point stays null.")
		return null, diags
	case err != nil:
		diags.AddAttributeError(path.Root("point_in_time"), "No backup to restore from",
			fmt.Sprintf("Finding the backup the restore reads from: %v. Nothing was run. List the organization's backups with the "+
				"vb365_restore_points data source and set point_in_time at or after one of them.", err))
		return null, diags
	case !ok:
		diags.AddAttributeWarning(path.Root("restore_point"), "Restore point not known", "API v3..v5 cannot list restore "+
			"points, so the plan cannot name the backup; each mailbox is read from the organization's latest backup at or before "+
			"point_in_time (the latest of all without it). restore_point stays null.")
		return null, diags
	}
	return types.ObjectValueMust(runs.RestorePointAttrTypes, map[string]attr.Value{
		"id": types.StringValue(point.ID), "time": types.StringValue(point.BackupTime)}), diags
}

// checkOptionsForVersion refuses, below API v6 (one whole-mailbox request per mailbox, whose
// body takes credentials only), every option of the bulk route, naming it.
func checkOptionsForVersion(m *mailboxesRestoreModel, version vb365.APIVersion, diags *diag.Diagnostics) bool {
	if version >= vb365.V6 {
		return true
	}
	var set []string
	if !m.CASServer.IsNull() {
		set = append(set, "cas_server")
	}
	if !m.RecentItemRestorePeriod.IsNull() {
		set = append(set, "recent_item_restore_period")
	}
	for i, f := range bulkOptionFlags {
		if !m.flags()[i].IsNull() {
			set = append(set, f.name)
		}
	}
	for _, name := range set {
		diags.AddAttributeError(path.Root(name), "Option needs API v6",
			fmt.Sprintf("%s is an option of the bulk mailbox restore route (API v6+); the server speaks API v%d, where each "+
				"mailbox is restored by its own request, which takes credentials only. Remove %s, or upgrade the server.", name, version, name))
	}
	return len(set) == 0
}

// optionsSummary says the options in words for the plan.
func optionsSummary(o bulkOptionsModel) types.List {
	if o.RecentItemRestorePeriod.IsUnknown() || o.CASServer.IsUnknown() || slices.ContainsFunc(o.flags(), func(b types.Bool) bool { return b.IsUnknown() }) {
		return types.ListUnknown(types.StringType)
	}
	words := map[string][2]string{
		"changed_items":                 {"earlier versions of changed items restored", "changed items not restored in earlier versions"},
		"deleted_items":                 {"deleted items restored", "deleted items not restored"},
		"mark_restored_as_unread":       {"restored items marked unread", "restored items keep their read state"},
		"skip_unresolved":               {"unresolved items skipped", "unresolved items not skipped"},
		"exclude_drafts":                {"Drafts folder excluded", "Drafts folder included"},
		"exclude_deleted_items":         {"Deleted Items folder excluded", "Deleted Items folder included"},
		"exclude_in_place_hold_items":   {"In-Place Hold items excluded", "In-Place Hold items included"},
		"exclude_litigation_hold_items": {"Litigation Hold items excluded", "Litigation Hold items included"},
	}
	var out []attr.Value
	if d := o.RecentItemRestorePeriod; !d.IsNull() {
		out = append(out, types.StringValue(fmt.Sprintf("only items of the last %d day(s) before the backup", d.ValueInt64())))
	}
	for i, f := range bulkOptionFlags {
		if b := o.flags()[i]; !b.IsNull() {
			w := words[f.name][1]
			if b.ValueBool() {
				w = words[f.name][0]
			}
			out = append(out, types.StringValue(w))
		}
	}
	if s := o.CASServer.ValueString(); s != "" {
		out = append(out, types.StringValue("through Client Access Server "+s))
	}
	if len(out) == 0 {
		out = append(out, types.StringValue("whole mailboxes as backed up"))
	}
	return types.ListValueMust(types.StringType, out)
}

// restoredByValue is restored_by: who the server records and which Exchange credentials the
// restore uses (the resource's, else the provider's restore_credentials), never a secret.
func restoredByValue(data *framework.ProviderData, c restoreinputs.RestoreCredentialsModel) types.Object {
	if data == nil {
		return types.ObjectUnknown(restoredByAttrTypes)
	}
	for _, v := range c.Values() {
		if v.IsUnknown() {
			return types.ObjectUnknown(restoredByAttrTypes)
		}
	}
	creds, from := data.RestoreCredentials, "provider_restore_credentials"
	if !c.Empty() {
		creds, from = c.Expand(), "resource"
	}
	account, form := restoreinputs.DescribeCredentials(creds)
	fromValue := types.StringValue(from)
	if form == restoreinputs.CredentialFormNone {
		fromValue = types.StringNull()
	}
	return types.ObjectValueMust(restoredByAttrTypes, map[string]attr.Value{
		"recorded_as": framework.NonEmptyString(data.Username), "exchange_account": framework.NonEmptyString(account),
		"credential_form": types.StringValue(form), "credentials_from": fromValue,
	})
}

func quoted(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = fmt.Sprintf("%q", id)
	}
	return out
}
