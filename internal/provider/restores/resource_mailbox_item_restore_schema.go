package restores

import (
	"context"
	"strings"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/runs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
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
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func (r *mailboxItemRestoreResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := restoreinputs.ResourceInputAttributes(restoreinputs.TopLevelInputs(), true)
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
	attrs["record_run_from_session"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "The ID of a restore session that already holds this restore's run (a runner was stopped after " +
			"sending it and before recording it): the new record records that run, with its outcome read from the session's " +
			"events, and sends nothing; the session is left as it is. Checked while planning: the session must hold an event of " +
			"the action's type for every item, by name, from the source to the target, by the provider's account, within the " +
			"provider's `history_window`. Only for a new record (API v6+, `item_ids`, restores and sends); a change later " +
			"updates the record in place and runs nothing. See `run_anyway_despite_sessions`.",
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["run_anyway_despite_sessions"] = schema.SetAttribute{
		ElementType: types.StringType, Optional: true,
		MarkdownDescription: "IDs of restore sessions holding a run like this one that is not this record's (or that must " +
			"run again): the plan of a new record stops when the server holds, within the provider's `history_window`, a run " +
			"that could be this one that no record holds (the same account, organization, action, items by name, source and " +
			"target; the server records nothing that proves whose run it is), and names these sessions. Listing them here runs " +
			"the restore all the same. A change later updates the record in place and runs nothing.",
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
	attrs["action"] = framework.StableComputedString("Canonical name of the action run: `" + strings.Join(restoreinputs.ActionBlockNames(), "`, `") +
		"`; the name of the action block, shown in the plan before the run.")
	attrs["target"] = framework.StableComputedString("Where the items go, in words, shown in the plan before the run: the original mailbox, " +
		"a target mailbox and folder (with `(outside organization ...)` when it is not in one of the organization's domains), a file, or an e-mail address.")
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
	attrs["restored_by"] = restoredByAttribute() // restored_by.go
	attrs["restore_point"] = schema.SingleNestedAttribute{
		Computed:            true,
		MarkdownDescription: runs.RestorePointDescription,
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

	blocks := restoreinputs.ResourceActionBlocks()
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
