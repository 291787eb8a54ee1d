package restores_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
)

// TestAccMailboxItemRestore_taintedRerunWarning: the plan of a tainted restore record warns
// what runs again (the items by subject, the source and the target), like new triggers do; the
// first run's plan has no such warning.
func TestAccMailboxItemRestore_taintedRerunWarning(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	acctest.PreCheck(t)
	sim := acctest.StartRestoreSim(t)
	run := acctest.NewCLIRun(t, acctest.ProtoV6ProviderFactories[acctest.ProviderName])
	run.WriteConfig(rerunConfig(sim, "1"))
	acctest.MustRun(t, run, "init", "-input=false")
	if out := acctest.MustRun(t, run, "apply", "-input=false", "-auto-approve", "-no-color"); strings.Contains(out, "Restore runs again") {
		t.Errorf("the first run warns of a run again:\n%s", out)
	}
	acctest.MustRun(t, run, "taint", "vb365_mailbox_item_restore.r")
	want := regexp.MustCompile(`(?s)Restore runs again.*already ran this restore at.*restore_to\s+runs\s+again\s+on\s+2\s+items:\s+"Support\s+case",\s+"Project\s+kickoff"\s+from\s+j_smith@bestsupport.onmicrosoft.com\s+to\s+mailbox\s+qa_dallas@bestsupport.onmicrosoft.com,\s+folder\s+Recovered`)
	if out := acctest.MustRun(t, run, "plan", "-input=false", "-no-color"); !want.MatchString(out) {
		t.Errorf("the plan of a tainted record does not say what runs again:\n%s", out)
	}
	if n := len(acctest.ItemActions(sim)); n != 1 {
		t.Errorf("%d item actions, want the first run's only", n)
	}
	acctest.MustRun(t, run, "destroy", "-input=false", "-auto-approve")
}
