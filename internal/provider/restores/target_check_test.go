package restores_test

import (
	"regexp"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func restoreToConfig(providerConfig, target string) string {
	return providerConfig + `
resource "vb365_mailbox_item_restore" "r" {
  organization_id = ` + acctest.Q(vb365sim.OrganizationID) + `
  mailbox_id      = ` + acctest.Q(vb365sim.SeedMailboxID) + `
  item_ids        = [` + acctest.Q(vb365sim.SeedMessageID) + `]
  restore_to {
    mailbox = ` + acctest.Q(target) + `
  }
}
`
}

// TestAccMailboxItemRestore_targetChecked: restore_to.mailbox in the organization's own domain
// must be one of its mailboxes' (every version) or users' (v6+) addresses, else the plan fails
// naming the address and a near match; a target in another domain plans with a note in
// `target`. Nothing runs.
func TestAccMailboxItemRestore_targetChecked(t *testing.T) {
	t.Parallel()
	org := vb365sim.OrganizationName
	for _, version := range []string{"v5", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			steps := []resource.TestStep{{
				Config:      restoreToConfig(sim.ProviderConfig(version), "nobody@"+org),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Restore target not in the organization.*No mailbox or user of organization\s+` + regexp.QuoteMeta(org) + `\s+has the\s+address\s+nobody@` + regexp.QuoteMeta(org)),
			}, {
				Config:      restoreToConfig(sim.ProviderConfig(version), "qa_dalas@"+org),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)qa_dalas@.*Did\s+you\s+mean\s+qa_dallas@` + regexp.QuoteMeta(org) + `\?`),
			}, {
				Config:   restoreToConfig(sim.ProviderConfig(version), "deputy@contoso.onmicrosoft.com"),
				PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("target"),
						knownvalue.StringExact("mailbox deputy@contoso.onmicrosoft.com (the items' own folders) (outside organization "+org+")")),
				}},
			}, {
				Config:   restoreToConfig(sim.ProviderConfig(version), "QA_Dallas@"+org),
				PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("target"),
						knownvalue.StringExact("mailbox QA_Dallas@"+org+" (the items' own folders)")),
				}},
			}}
			if version == "v8" {
				// A user of the organization without a backed-up mailbox is a target too (v6+: its users).
				steps = append(steps, resource.TestStep{
					Config:   restoreToConfig(sim.ProviderConfig(version), "restore.operator@"+org),
					PlanOnly: true, ExpectNonEmptyPlan: true,
				})
			}
			acctest.AccTest(t, steps...)
			if got := acctest.ItemActions(sim); len(got) != 0 {
				t.Errorf("a plan ran %d item action(s)", len(got))
			}
		})
	}
}
