package bulkrestores

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/runs"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"
)

// reviewedMailboxAttrTypes are the attributes of one mailbox in the plan's `mailboxes`.
var reviewedMailboxAttrTypes = map[string]attr.Type{
	"id":         types.StringType,
	"name":       types.StringType,
	"email":      types.StringType,
	"is_archive": types.BoolType,
}

// mailboxResultAttrTypes are the attributes of one mailbox's outcome in `mailbox_results`.
var mailboxResultAttrTypes = map[string]attr.Type{
	"mailbox_id": types.StringType,
	"email":      types.StringType,
	"outcome":    types.StringType,
	"created":    types.Int64Type,
	"merged":     types.Int64Type,
	"failed":     types.Int64Type,
	"skipped":    types.Int64Type,
	"error":      types.StringType,
}

// restoredByAttrTypes: the restoring identity (the bulk route is the administrator's only).
var restoredByAttrTypes = map[string]attr.Type{
	"recorded_as":      types.StringType,
	"exchange_account": types.StringType,
	"credential_form":  types.StringType,
	"credentials_from": types.StringType,
}

// bulkOptionFlags are the boolean options of RestBulkRestoreOptions, by attribute name.
var bulkOptionFlags = []struct{ name, description string }{
	{"changed_items", "Also restore the backed-up versions of items that changed since (`changedItems`)."},
	{"deleted_items", "Also restore items that were deleted since the backup (`deletedItems`)."},
	{"mark_restored_as_unread", "Mark the restored items as unread (`markRestoredAsUnread`)."},
	{"skip_unresolved", "Skip items the server cannot resolve instead of failing them (`skipUnresolved`)."},
	{"exclude_drafts", "Do not restore the *Drafts* folder (`excludeDrafts`)."},
	{"exclude_deleted_items", "Do not restore the *Deleted Items* folder (`excludeDeletedItems`)."},
	{"exclude_in_place_hold_items", "Do not restore the items preserved by an In-Place Hold (`excludeInPlaceHoldItems`)."},
	{"exclude_litigation_hold_items", "Do not restore the items preserved by a Litigation Hold (`excludeLitigationHoldItems`)."},
}

func (r *mailboxesRestoreResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{framework.ReplaceWhenValueChanges{}}
	attrs := map[string]schema.Attribute{
		"organization_id": schema.StringAttribute{Required: true, PlanModifiers: replace,
			Validators: sessions.SessionSourceStringValidators("organization_id"),
			MarkdownDescription: "ID of the organization (`vb365_organizations`). The run opens a restore session of its own on it " +
				"and stops it when the run ends; the plan reads the mailboxes from a session of the provider's own."},
		"mailbox_ids": schema.SetAttribute{ElementType: types.StringType, Required: true,
			CustomType:    framework.NewStringSetType(), // thousands of IDs checked in linear time
			PlanModifiers: []planmodifier.Set{replaceWhenMailboxesChange{}},
			Validators:    []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			MarkdownDescription: "IDs of the mailboxes to restore, at least one (`vb365_mailboxes` lists them; the same in every " +
				"restore session of the organization). Each is restored whole to its original location. Adding or removing one runs " +
				"the restore again for every mailbox (replacement): keep incidents in records of their own."},
		"point_in_time": schema.StringAttribute{Optional: true, PlanModifiers: replace,
			Validators:          []validator.String{framework.RFC3339Validator{}},
			MarkdownDescription: sessions.SessionSourcePointInTimeDescription + " Every mailbox is restored from the same backup: `restore_point`."},
		"repository_id": schema.StringAttribute{Optional: true, PlanModifiers: replace,
			Validators:          sessions.SessionSourceStringValidators("repository_id"),
			MarkdownDescription: sessions.SessionSourceRepositoryIDDescription + " Changing it runs the restore again: whole mailboxes read from another backup are another restore."},
		"data_retrieval_id": schema.StringAttribute{Optional: true, PlanModifiers: replace,
			Validators:          sessions.SessionSourceStringValidators("data_retrieval_id"),
			MarkdownDescription: sessions.SessionSourceDataRetrievalIDDescription + " Changing it runs the restore again."},
		"reason": schema.StringAttribute{Optional: true,
			MarkdownDescription: "Why the incident is restored: kept in this record and logged (the bulk route has no field for it). " +
				"Changing it updates the record in place and runs nothing."},
		"triggers": schema.MapAttribute{ElementType: types.StringType, Optional: true,
			PlanModifiers:       []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			MarkdownDescription: "Arbitrary values; changing any of them runs the restore again (replacement), for every mailbox."},
		"cas_server": schema.StringAttribute{Optional: true, PlanModifiers: replace,
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			MarkdownDescription: "Exchange server with the Client Access Server role to restore through (`casServer`; on-premises Exchange). API v6+."},
		"recent_item_restore_period": schema.Int64Attribute{Optional: true,
			PlanModifiers:       []planmodifier.Int64{framework.ReplaceWhenValueChanges{}},
			Validators:          []validator.Int64{int64validator.Between(1, 1<<31-1)},
			MarkdownDescription: "Restore only the items of the last this many days before the backup (`recentItemRestorePeriod`), e.g. the days a bad retention policy or an attack destroyed. API v6+."},
		"record_run_from_session": schema.StringAttribute{Optional: true,
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			MarkdownDescription: "The ID of a restore session that already holds this restore's run (a runner was stopped after " +
				"sending it and before recording it): the new record records that run, with each mailbox's outcome read from the " +
				"session's events, and sends nothing; the session is left as it is. Checked while planning: the session must hold a " +
				"restore event of every mailbox, by name, from and to its own address, by the provider's account, within the " +
				"provider's `history_window` (API v6+). A change later updates the record in place and runs nothing."},
		"run_anyway_despite_sessions": schema.SetAttribute{ElementType: types.StringType, Optional: true,
			MarkdownDescription: "IDs of restore sessions holding a run like this one that is not this record's (or that must run " +
				"again): the plan of a new record stops when the server holds, within the provider's `history_window`, a restore of " +
				"every mailbox of this record that no record holds (the server records nothing that proves whose run it is), and " +
				"names those sessions. Listing them here runs the restore all the same. A change later updates the record in place."},
		"id":          framework.StableComputedString("Random UUID identifying this audit record (not a server-side ID)."),
		"executed_at": framework.StableComputedString("When the run was sent (RFC 3339, UTC); for a run recorded from a session, when that session opened."),
		"executed_by": framework.StableComputedString("The account the provider signed in with (`username`)."),
		"mailbox_count": schema.Int64Attribute{Computed: true, PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			MarkdownDescription: "How many mailboxes the run restores, known in the plan."},
		"mailboxes": schema.ListNestedAttribute{Computed: true, PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			MarkdownDescription: "Every mailbox the run restores, read from the organization's backup while planning, ordered by " +
				"e-mail: `id`, `name`, `email`, `is_archive` (an archive mailbox). The plan fails naming an ID the backup does not " +
				"hold. Items are not counted: counting a whole mailbox reads every item of it, which does not scale to an incident " +
				"(`vb365_mailbox_item_restore` with `whole_mailbox` counts one mailbox's items in its plan).",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id": framework.ComputedString("Mailbox ID."), "name": framework.ComputedString("Display name."),
				"email":      framework.ComputedString("E-mail address."),
				"is_archive": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it is an archive mailbox."},
			}}},
		"options_summary": schema.ListAttribute{ElementType: types.StringType, Computed: true,
			PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			MarkdownDescription: "The restore options in words, known in the plan (\"only items of the last 7 days\", \"Drafts folder excluded\", ...); `[\"whole mailboxes as backed up\"]` without options."},
		"restore_point": schema.SingleNestedAttribute{Computed: true, PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
			MarkdownDescription: runs.RestorePointDescription + " The same backup for every mailbox.",
			Attributes: map[string]schema.Attribute{
				"id": framework.ComputedString("Restore point ID."), "time": framework.ComputedString("Backup time (RFC 3339, UTC)."),
			}},
		"restored_by": schema.SingleNestedAttribute{Computed: true, PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
			MarkdownDescription: "The restoring identity, known in the plan (never a secret): `recorded_as` (who the server records: " +
				"the provider's `username`), `exchange_account` (the Exchange account the restore uses, null with a device code or " +
				"none), `credential_form` (`password`, `certificate`, `device_code` or `none`) and `credentials_from` " +
				"(`resource`, `provider_restore_credentials`, or null when none are sent).",
			Attributes: map[string]schema.Attribute{
				"recorded_as": framework.ComputedString("Who the server records as the restorer."), "exchange_account": framework.ComputedString("The Exchange account used."),
				"credential_form": framework.ComputedString("The credential form."), "credentials_from": framework.ComputedString("Where the credentials come from."),
			}},
		"server_restore_session_id": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			MarkdownDescription: "The restore session on the server that holds the run: the run's own session, or v8's asynchronous restore session the answer names."},
		"outcome": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			MarkdownDescription: "What is known of the whole run: `succeeded` (every mailbox restored), `failed_items` (the server " +
				"ran it and reported failures, or a mailbox did not run: see `mailbox_results`) or `unknown` (it may have run; " +
				"refresh settles it from the run's own session events). No outcome is run again by a plan without `-replace` or `triggers`."},
		"mailbox_results": schema.ListNestedAttribute{Computed: true, PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			MarkdownDescription: "Each mailbox's outcome, in the order of `mailboxes`: `outcome` = `succeeded`, `failed_items`, " +
				"`unknown` (the request may have run) or `not_run` (the server refused it, or the run ended before it; v3..v5 " +
				"send one request per mailbox), with the server's counts (`created`, `merged`, `failed`, `skipped`; null when not " +
				"reported) and its `error`.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"mailbox_id": framework.ComputedString("Mailbox ID."), "email": framework.ComputedString("E-mail address."),
				"outcome": framework.ComputedString("`succeeded`, `failed_items`, `unknown` or `not_run`."),
				"created": framework.ComputedInt64("Items created."), "merged": framework.ComputedInt64("Items merged."),
				"failed": framework.ComputedInt64("Items failed."), "skipped": framework.ComputedInt64("Items skipped."),
				"error": framework.ComputedString("The server's error for the mailbox, if any."),
			}}},
	}
	for _, f := range bulkOptionFlags {
		attrs[f.name] = schema.BoolAttribute{Optional: true, MarkdownDescription: f.description + " API v6+. Changing it runs the restore again.",
			PlanModifiers: []planmodifier.Bool{framework.ReplaceWhenValueChanges{}}}
	}
	for name, a := range restoreinputs.ResourceInputAttributes(restoreinputs.CredentialFields(), false) {
		attrs[name] = a
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Restores many whole mailboxes to their original location in one run, exactly once, and keeps an " +
			"audit record of it: the incident-scale restore after a ransomware attack or a bad retention policy.\n\n" +
			"**The plan is the incident's review.** It lists every mailbox (`mailboxes`: name, e-mail, archive or not), " +
			"`mailbox_count`, the backup every mailbox is read from (`restore_point`), the options in words (`options_summary`) " +
			"and who restores (`restored_by`), all known before anything runs.\n\n" +
			"**One run.** API v6+: one POST to the session's bulk route (`organization/mailboxes/restore`), answered with " +
			"statistics per mailbox (v6/v7) or an asynchronous restore session whose statistics list each mailbox (v8). API " +
			"v3..v5 have no bulk route: one request per mailbox to its own restore route, in order, each outcome recorded, so a " +
			"run that ends halfway leaves a record of which mailboxes ran; the v6+ options are refused there at plan. The run " +
			"opens a restore session of its own and stops it on every path.\n\n" +
			"**Exactly once.** A run that may have reached the server is never sent again without `-replace` or `triggers`: " +
			"failed mailboxes and an `unknown` outcome are recorded (not tainted), per mailbox in `mailbox_results`; refresh " +
			"settles `unknown` from the run's own session events. A new record looks within the provider's `history_window` " +
			"for a run of the same mailboxes a killed runner may have left, and stops the plan with the evidence: decide with " +
			"`record_run_from_session` or `run_anyway_despite_sessions`. Destroy only forgets the record. Secrets " +
			"(`user_password`, `user_code`, `application_certificate`, `application_certificate_password`) are write-only.",
		Attributes: attrs,
		Blocks: map[string]schema.Block{"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true,
			CreateDescription: "How long the run may take, including waiting for the server's session limit and for an asynchronous (v8) restore; default 2h."})},
	}
}
