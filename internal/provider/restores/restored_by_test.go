package restores_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func restoredBy(route, recordedAs string, account knownvalue.Check, form string, from knownvalue.Check) []plancheck.PlanCheck {
	return []plancheck.PlanCheck{
		plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("restored_by"), knownvalue.ObjectExact(map[string]knownvalue.Check{
			"route": knownvalue.StringExact(route), "recorded_as": knownvalue.StringExact(recordedAs),
			"exchange_account": account, "credential_form": knownvalue.StringExact(form), "credentials_from": from,
		})),
		plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("executed_by"), knownvalue.StringExact(vb365sim.DefaultUsername)),
		acctest.ExpectNoSecretsInPlan{acctest.RestoreTestPassword},
	}
}

// TestAccMailboxItemRestore_restoredBy: the plan names the restoring identity for the
// administrator without credentials, with the action block's, with the provider's
// restore_credentials and on the restore operator's route (who the server records: the
// operator's sign-in name), and never a secret.
func TestAccMailboxItemRestore_restoredBy(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	restore := func(block string) string {
		return fmt.Sprintf(`
resource "vb365_mailbox_item_restore" "r" {
  organization_id = %q
  mailbox_id      = %q
  item_ids        = [%q]
  restore_to_original_location {%s}
}
`, vb365sim.OrganizationID, vb365sim.SeedMailboxID, vb365sim.SeedMessageID, block)
	}
	withProviderCredentials := strings.TrimSuffix(sim.ProviderConfig("v8"), "}\n") + fmt.Sprintf(`  restore_credentials {
    user_name     = "svc-restore@%s"
    user_password = %q
  }
}
`, vb365sim.OrganizationName, acctest.RestoreTestPassword)
	operator := operatorProviderConfig(sim, "v8") + fmt.Sprintf(operatorRoleConfig, vb365sim.OrganizationID, vb365sim.UserOperatorID)
	acctest.AccTest(t, resource.TestStep{
		Config:   sim.ProviderConfig("v8") + restore(""),
		PlanOnly: true, ExpectNonEmptyPlan: true,
		ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: restoredBy("administrator", vb365sim.DefaultUsername,
			knownvalue.Null(), "none", knownvalue.Null())},
	}, resource.TestStep{
		Config: sim.ProviderConfig("v8") + restore(fmt.Sprintf("\n    user_name = %q\n    user_password = %q\n  ",
			acctest.RestoreTestUser, acctest.RestoreTestPassword)),
		PlanOnly: true, ExpectNonEmptyPlan: true,
		ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: restoredBy("administrator", vb365sim.DefaultUsername,
			knownvalue.StringExact(acctest.RestoreTestUser), "password", knownvalue.StringExact("action_block"))},
	}, resource.TestStep{
		Config:   withProviderCredentials + restore(""),
		PlanOnly: true, ExpectNonEmptyPlan: true,
		ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: restoredBy("administrator", vb365sim.DefaultUsername,
			knownvalue.StringExact("svc-restore@"+vb365sim.OrganizationName), "password", knownvalue.StringExact("provider_restore_credentials"))},
	}, resource.TestStep{
		Config: operator + restore(""),
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: restoredBy("restore_operator", "restore.operator@"+vb365sim.OrganizationName,
			knownvalue.Null(), "none", knownvalue.Null())},
	})
}
