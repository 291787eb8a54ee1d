package restores

// A restore run again on purpose (new triggers) shows in the plan's diff only as the changed
// trigger: the items, source and target equal the record's and are folded into "(N unchanged
// attributes hidden)". The plan then says in a warning what runs, in words, so that the
// reviewer of a second run sees as much as the reviewer of the first.
//
// The warning comes from the plan of the existing record: Terraform plans a replacement in two
// calls and shows only errors of the second (the new run's). A replacement the provider is not
// asked about (-replace, a tainted record) cannot be told apart from a plan without changes in
// the first call; the create half warns from the run registry instead (rerun_replacement.go),
// which Terraform shows for a tainted record.

import (
	"context"
	"fmt"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/runs"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// rerunSubjectsShown bounds the item subjects a rerun warning names.
const rerunSubjectsShown = 10

// warnRerun warns what runs again when the plan of an existing record changes its triggers.
func warnRerun(ctx context.Context, req resource.ModifyPlanRequest, plan *mailboxItemRestoreModel, resp *resource.ModifyPlanResponse) {
	var state mailboxItemRestoreModel
	if diags := req.State.Get(ctx, &state); diags.HasError() {
		return
	}
	if plan.Triggers.IsUnknown() || plan.Triggers.Equal(state.Triggers) {
		return
	}
	resp.Diagnostics.AddAttributeWarning(path.Root("triggers"), "Restore runs again",
		fmt.Sprintf("New triggers replace the record %s (run at %s): %s runs again on %s.", state.ID.ValueString(),
			state.ExecutedAt.ValueString(), state.Action.ValueString(), rerunDescription(&state)))
}

// rerunDescription says in words what a record's run acts on and where it went.
func rerunDescription(m *mailboxItemRestoreModel) string {
	known := func(v types.String) string {
		if v.IsUnknown() || v.IsNull() {
			return "(not recorded)"
		}
		return v.ValueString()
	}
	what := known(m.Scope)
	if !m.ItemCount.IsNull() && !m.ItemCount.IsUnknown() && m.ScopeKind() != restoreinputs.ScopeItems {
		what += fmt.Sprintf(" (%s)", itemCountSummary(m.ItemCount.ValueInt64(), true))
	}
	if subjects := reviewedSubjectsOf(m.Items); len(subjects) > 0 {
		shown := subjects
		if len(shown) > rerunSubjectsShown {
			shown = shown[:rerunSubjectsShown]
		}
		what += ": " + runs.QuoteAll(shown)
		if len(subjects) > len(shown) {
			what += fmt.Sprintf(" and %d more", len(subjects)-len(shown))
		}
	}
	source := "mailbox " + m.MailboxID.ValueString()
	if !m.SourceMailbox.IsUnknown() && !m.SourceMailbox.IsNull() {
		if email, ok := m.SourceMailbox.Attributes()["email"].(types.String); ok && email.ValueString() != "" {
			source = email.ValueString()
		}
	}
	return fmt.Sprintf("%s from %s to %s", what, source, known(m.Target))
}

// reviewedSubjectsOf lists the subjects of a record's reviewed items, skipping items without one.
func reviewedSubjectsOf(items types.List) []string {
	var subjects []string
	for _, it := range reviewedRunItems(items) {
		if it.Name != "" {
			subjects = append(subjects, it.Name)
		}
	}
	return subjects
}
