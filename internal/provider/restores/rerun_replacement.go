package restores

// A replacement of a restore record that the provider is not asked about (a tainted record,
// -replace) is planned as a new record: the diff shows "-/+" with the reviewed values equal to
// the record's and folded away. The create half of such a plan still finds the record's run in
// the run registry (refresh and the plan of the record hold it, with what it restores), so it
// warns like new triggers do (rerun.go). Terraform shows the warnings of a create that stands on
// its own (a tainted record, whose plan has no prior state); of a -replace it shows only the
// errors of the create half.

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// warnReplacedRun warns that plan runs again what a record of this configuration already ran
// (the same action on the same items from the same source to the same target).
func (r *mailboxItemRestoreResource) warnReplacedRun(plan *mailboxItemRestoreModel, diags *diag.Diagnostics) {
	if r.data == nil || r.data.Runs == nil {
		return
	}
	definition := runDefinition(plan)
	if definition == "" {
		return
	}
	ranAt := r.data.Runs.LatestRun(definition)
	if ranAt.IsZero() {
		return
	}
	diags.AddWarning("Restore runs again",
		fmt.Sprintf("A restore record of this configuration already ran this restore at %s (a tainted record, -replace, or a "+
			"second record of the same restore): this plan replaces or repeats it, and %s runs again on %s. Remove the "+
			"taint (terraform untaint) or the -replace option if that is not intended.", ranAt.UTC().Format(time.RFC3339),
			plan.Action.ValueString(), rerunDescription(plan)))
}
