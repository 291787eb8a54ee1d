package restores_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// rerunConfig is a reviewed restore of two seed items into another mailbox, with a trigger.
func rerunConfig(sim *acctest.Sim, attempt string) string {
	return sim.ProviderConfig("v8") + fmt.Sprintf(`
resource "vb365_mailbox_item_restore" "r" {
  organization_id = %q
  mailbox_id      = %q
  item_ids        = [%q, %q]
  reason          = "INC-7: re-run check"

  restore_to {
    mailbox = "qa_dallas@bestsupport.onmicrosoft.com"
    folder  = "Recovered"
  }

  triggers = {
    attempt = %q
  }
}
`, vb365sim.OrganizationID, vb365sim.SeedMailboxID, vb365sim.SeedMessageID, vb365sim.SubFolderItemID, attempt)
}

// TestAccMailboxItemRestore_rerunWarning: a plan that runs a restore again with new triggers
// says in a warning what runs: the items by subject, the source and the target, which the diff
// folds into "unchanged attributes hidden". A plan that runs nothing again, and the first
// run's plan, have no such warning. (-replace cannot be told apart by the provider: see
// restore_rerun.go.)
func TestAccMailboxItemRestore_rerunWarning(t *testing.T) {
	t.Parallel()
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
	if out := acctest.MustRun(t, run, "plan", "-input=false", "-no-color"); strings.Contains(out, "Restore runs again") {
		t.Errorf("a plan without changes warns of a run again:\n%s", out)
	}
	want := regexp.MustCompile(`(?s)Restore runs again.*restore_to\s+runs\s+again\s+on\s+2\s+items:\s+"Support\s+case",\s+"Project\s+kickoff"\s+from\s+j_smith@bestsupport.onmicrosoft.com\s+to\s+mailbox\s+qa_dallas@bestsupport.onmicrosoft.com,\s+folder\s+Recovered`)
	run.WriteConfig(rerunConfig(sim, "2"))
	if out := acctest.MustRun(t, run, "plan", "-input=false", "-no-color"); !want.MatchString(out) {
		t.Errorf("a plan with new triggers does not say what runs again:\n%s", out)
	}
	if n := len(acctest.ItemActions(sim)); n != 1 {
		t.Errorf("%d item actions, want the first run's only", n)
	}
	acctest.MustRun(t, run, "destroy", "-input=false", "-auto-approve")
}

// TestAccMailboxItemRestore_accountInPlan: the Exchange account (user_name) is a plain
// argument shown in the plan and kept in the record, the password stays write-only, and a new
// account alone updates the record in place without running the restore again.
func TestAccMailboxItemRestore_accountInPlan(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	config := func(user string) string {
		return scopeConfig(sim, "v8", vb365sim.SeedMailboxID, fmt.Sprintf(`  item_ids = [%q]
  restore_to_original_location {
    user_name     = %q
    user_password = %q
  }`, vb365sim.SeedMessageID, user, acctest.RestoreTestPassword))
	}
	acctest.AccTest(t,
		resource.TestStep{
			Config: config(acctest.RestoreTestUser),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("restore_to_original_location").AtMapKey("user_name"), knownvalue.StringExact(acctest.RestoreTestUser)),
				acctest.ExpectNoSecretsInPlan{acctest.RestoreTestPassword},
			}},
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(acctest.RestoreAddr, "restore_to_original_location.user_name", acctest.RestoreTestUser),
				acctest.CheckNoSecretsInState(acctest.RestoreTestPassword),
				acctest.CheckItemActionCount(sim, 1),
			),
		},
		resource.TestStep{
			Config: config("other-operator@bestsupport.onmicrosoft.com"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionUpdate),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(acctest.RestoreAddr, "restore_to_original_location.user_name", "other-operator@bestsupport.onmicrosoft.com"),
				acctest.CheckItemActionCount(sim, 1),
			),
		},
	)
}
