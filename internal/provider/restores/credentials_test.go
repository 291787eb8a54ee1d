package restores_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestAccMailboxItemRestore_withoutCredentials: no API version requires restore credentials,
// so a restore without them sends none; a server that needs them refuses, the user sees its
// message, and nothing is recorded.
func TestAccMailboxItemRestore_withoutCredentials(t *testing.T) {
	t.Parallel()
	body := fmt.Sprintf("  item_ids = [%q]\n  restore_to_original_location {}", vb365sim.SeedMessageID)
	for _, version := range acctest.TestedVersions {
		t.Run(version+"/accepted", func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: acctest.RestoreConfig(sim, version, body),
					Check: resource.ComposeAggregateTestCheckFunc(
						acctest.CheckItemActionCount(sim, 1),
						func(*terraform.State) error {
							e := acctest.ItemActions(sim)[0]
							inner := e.Body
							if version == "v3" {
								inner, _ = e.Body["restoretoOriginallocation"].(map[string]any)
							}
							for _, k := range []string{"userName", "userPassword", "userCode", "applicationId"} {
								if _, sent := inner[k]; sent {
									return fmt.Errorf("credential %s sent although none was configured: %v", k, e.Body)
								}
							}
							return nil
						},
						resource.TestCheckResourceAttr(acctest.RestoreAddr, "restore_statistics.created", "1"),
					),
				}},
			})
		})
		t.Run(version+"/refused", func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t, vb365sim.WithRestoreCredentialsRequired())
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      acctest.RestoreConfig(sim, version, body),
					ExpectError: regexp.MustCompile(`(?s)refused, so nothing ran.*Restore credentials are required`),
				}, {
					// Nothing was recorded: the next plan creates the restore again.
					Config:             acctest.RestoreConfig(sim, version, body),
					PlanOnly:           true,
					ExpectNonEmptyPlan: true,
				}},
			})
			if n := len(acctest.ItemActions(sim)); n != 0 {
				t.Errorf("the refused restore is in the ledger: %d entries", n)
			}
		})
	}
}
