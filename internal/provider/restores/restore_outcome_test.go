package restores_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// keepsRecordedOutcome is the step after a run that was recorded with an outcome other than
// succeeded: a plain apply plans nothing for it (the record is not tainted, so it is never run
// again without -replace or triggers), and the prior state passes check. preConfig, when set,
// runs first (e.g. to read the ledger). Tests follow it with another plain apply.
func keepsRecordedOutcome(config string, preConfig func(), check plancheck.PlanCheck) resource.TestStep {
	return resource.TestStep{
		PreConfig: preConfig,
		Config:    config,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionNoop),
			check,
		}},
	}
}

// expectUnknownOutcomeRecord checks the prior state of a run whose outcome is unknown: not
// tainted, outcome "unknown", the action and the run's session recorded, no statistics and no
// output file.
func expectUnknownOutcomeRecord(kind string) plancheck.PlanCheck {
	return acctest.ExpectPriorState{Addr: acctest.RestoreAddr, Check: func(v map[string]any, tainted bool) error {
		if tainted {
			return fmt.Errorf("the record of a run whose outcome is unknown is tainted: a plain apply would run it again")
		}
		if v["outcome"] != "unknown" {
			return fmt.Errorf("outcome = %v, want unknown", v["outcome"])
		}
		if v["action"] != kind || v["executed_at"] == nil || v["id"] == nil || v["server_restore_session_id"] == nil {
			return fmt.Errorf("incomplete audit record %v", v)
		}
		if v["restore_statistics"] != nil || v["output_size_bytes"] != nil || v["output_sha256"] != nil {
			return fmt.Errorf("recorded results of a run whose outcome is unknown: %v", v)
		}
		return nil
	}}
}

// TestAccMailboxItemRestore_outcomeUnknown: a restore and a send that ran on the server but
// whose answer was lost (the connection was reset after the handler). When the session's
// events can be read and name the run's items (v8), they confirm the run: it is recorded as
// succeeded, once, and not run again; v3 events name no item, so in a shared session the
// outcome stays unknown. When the events cannot be read, the outcome is unknown, the record is
// not tainted, and no plain apply runs it again; once they are readable, refresh settles it.
func TestAccMailboxItemRestore_outcomeUnknown(t *testing.T) {
	t.Parallel()
	cases := []struct {
		kind, block, check string
	}{
		{"restore_to_original_location", fmt.Sprintf("  restore_to_original_location {\n    user_name = %q\n    user_password = %q\n  }",
			acctest.RestoreTestUser, acctest.RestoreTestPassword), `Check\s+the\s+original\s+mailbox`},
		{"send_to_different_address", "  send_to_different_address {\n    to = \"legal@bestsupport.onmicrosoft.com\"\n  }",
			`Check\s+whether\s+legal@bestsupport\.onmicrosoft\.com\s+received\s+the\s+items`},
	}
	for _, version := range acctest.TestedVersions {
		for _, c := range cases {
			config := func(sim *acctest.Sim) string {
				return acctest.RestoreConfig(sim, version, fmt.Sprintf("  item_ids = %s\n%s", acctest.HclStrings(vb365sim.SeedMessageID), c.block))
			}
			t.Run(version+"/"+c.kind+"/confirmed_by_events", func(t *testing.T) {
				t.Parallel()
				sim := acctest.StartRestoreSim(t)
				sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/Items/", ResetAfterHandler: true})
				resource.Test(t, resource.TestCase{
					PreCheck:                 func() { acctest.PreCheck(t) },
					ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
					TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
					CheckDestroy:             acctest.CheckDestroyed(sim, 1),
					Steps: []resource.TestStep{
						{Config: config(sim), Check: resource.ComposeAggregateTestCheckFunc(acctest.CheckItemActionCount(sim, 1),
							// v3 events name no item: in a session other runs may use they prove nothing.
							resource.TestCheckResourceAttr(acctest.RestoreAddr, "outcome", map[string]string{"v3": "unknown", "v8": "succeeded"}[version]))},
						{
							Config:           config(sim),
							ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
							Check:            acctest.CheckItemActionCount(sim, 1),
						},
					},
				})
			})
			t.Run(version+"/"+c.kind+"/events_unreadable", func(t *testing.T) {
				t.Parallel()
				sim := acctest.StartRestoreSim(t)
				sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/Items/", ResetAfterHandler: true})
				sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/Events", Status: 500, Times: 1000})
				config := func(sim *acctest.Sim) string { return acctest.WithoutEarlierRunLookup(config(sim)) }
				resource.Test(t, resource.TestCase{
					PreCheck:                 func() { acctest.PreCheck(t) },
					ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
					TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
					CheckDestroy:             acctest.CheckDestroyed(sim, 1),
					Steps: []resource.TestStep{
						{Config: config(sim), Check: resource.TestCheckResourceAttr(acctest.RestoreAddr, "outcome", "unknown")},
						keepsRecordedOutcome(config(sim), func() {
							if n := len(acctest.ItemActions(sim)); n != 1 {
								t.Fatalf("the ledger holds %d execution(s), want exactly 1", n)
							}
						}, expectUnknownOutcomeRecord(c.kind)),
						// In a session other runs may use, the events from before the run were not read,
						// so nothing can prove the run later: it stays unknown and is not sent again.
						{
							PreConfig: sim.ClearFaults,
							Config:    config(sim),
							Check: resource.ComposeAggregateTestCheckFunc(acctest.CheckItemActionCount(sim, 1),
								resource.TestCheckResourceAttr(acctest.RestoreAddr, "outcome", "unknown")),
						},
					},
				})
			})
		}
	}
}

// TestAccMailboxItemRestore_unconfirmedAsyncRestore: a v8 restore the server accepted but
// whose statistics cannot be read is recorded (tainted, without statistics), so the next plan
// shows a replacement instead of an unnoticed second POST.
func TestAccMailboxItemRestore_unconfirmedAsyncRestore(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/Statistics", Status: 500, Times: 100})
	sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/Events", Status: 500, Times: 100})
	config := acctest.WithoutEarlierRunLookup(acctest.RestoreConfig(sim, "v8", fmt.Sprintf(`  item_ids = %s
  restore_to_original_location {
    user_name     = %q
    user_password = %q
  }`, acctest.HclStrings(vb365sim.SeedMessageID), acctest.RestoreTestUser, acctest.RestoreTestPassword)))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy:             acctest.CheckDestroyed(sim, 1),
		Steps: []resource.TestStep{
			{Config: config, Check: resource.TestCheckResourceAttr(acctest.RestoreAddr, "outcome", "unknown")},
			keepsRecordedOutcome(config, func() {
				if n := len(acctest.ItemActions(sim)); n != 1 {
					t.Fatalf("the ledger holds %d execution(s), want exactly 1", n)
				}
			}, expectUnknownOutcomeRecord("restore_to_original_location")),
			{Config: config, Check: acctest.CheckItemActionCount(sim, 1)},
		},
	})
}

// TestAccMailboxItemRestore_failedItems: a restore with failed items is an error that still
// records the statistics; Terraform taints the record, so the next plan shows the retry as a
// replacement (never a silent re-run), and nothing more is posted until it is applied.
func TestAccMailboxItemRestore_failedItems(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			config := acctest.RestoreConfig(sim, version, fmt.Sprintf(`  item_ids = %s
  restore_to_original_location {
    user_name     = %q
    user_password = %q
  }`, acctest.HclStrings(vb365sim.SeedMessageID, vb365sim.FailingItemID), acctest.RestoreTestUser, acctest.RestoreTestPassword))
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
				// One POST in all: the plan-only step and destroy post nothing.
				CheckDestroy: acctest.CheckDestroyed(sim, 1),
				Steps: []resource.TestStep{
					{Config: config, Check: resource.TestCheckResourceAttr(acctest.RestoreAddr, "outcome", "failed_items")},
					keepsRecordedOutcome(config, nil,
						acctest.ExpectPriorState{Addr: acctest.RestoreAddr, Check: func(v map[string]any, tainted bool) error {
							stats, _ := v["restore_statistics"].(map[string]any)
							if tainted {
								return fmt.Errorf("the partially failed restore is tainted: a plain apply would run it again")
							}
							if !acctest.EqualJSON(stats, map[string]any{"created": 1, "merged": 0, "failed": 1, "skipped": 0, "warnings": []string{}}) {
								return fmt.Errorf("recorded statistics %v", stats)
							}
							if v["action"] != "restore_to_original_location" || v["executed_at"] == nil {
								return fmt.Errorf("incomplete audit record %v", v)
							}
							return nil
						}}),
					{Config: config, Check: acctest.CheckItemActionCount(sim, 1)},
				},
			})
		})
	}
}
