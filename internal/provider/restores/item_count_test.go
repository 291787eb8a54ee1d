package restores_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// plannedItemCount is a plan check that keeps the planned item_count of restoreAddr (-1 when
// it is not a known number), for a later comparison with what the server acted on.
type plannedItemCount struct{ count *int64 }

func (c plannedItemCount) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	*c.count = -1
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != acctest.RestoreAddr {
			continue
		}
		after, ok := rc.Change.After.(map[string]any)
		if !ok {
			resp.Error = fmt.Errorf("%s: no planned values", acctest.RestoreAddr)
			return
		}
		n, ok := after["item_count"].(json.Number)
		if !ok {
			if f, isFloat := after["item_count"].(float64); isFloat {
				*c.count = int64(f)
				return
			}
			resp.Error = fmt.Errorf("%s: item_count is not a known number in the plan: %#v", acctest.RestoreAddr, after["item_count"])
			return
		}
		v, err := n.Int64()
		if err != nil {
			resp.Error = err
			return
		}
		*c.count = v
		return
	}
	resp.Error = fmt.Errorf("%s not in the plan", acctest.RestoreAddr)
}

// checkCountMatchesLedger fails unless the last item action of the ledger covered exactly the
// planned number of items: the count is what the server then acted on.
func checkCountMatchesLedger(sim *acctest.Sim, planned *int64) resource.TestCheckFunc {
	return func(*terraform.State) error {
		actions := acctest.ItemActions(sim)
		if len(actions) == 0 {
			return fmt.Errorf("no item action in the ledger")
		}
		last := actions[len(actions)-1]
		if int64(len(last.ItemIDs)) != *planned {
			return fmt.Errorf("the plan said item_count = %d; the server acted on %d items: %v", *planned, len(last.ItemIDs), last.ItemIDs)
		}
		return nil
	}
}

func folderCount(folder string, count int64) knownvalue.Check {
	return knownvalue.ObjectPartial(map[string]knownvalue.Check{"folder": knownvalue.StringExact(folder), "item_count": knownvalue.Int64Exact(count)})
}

// TestAccMailboxItemRestore_itemCount: item_count is known in the plan for every scope and is
// the number of items the server then acts on: a folder with its subfolders, the whole
// mailbox, item IDs; folder and mailbox plans list the items per top folder, empty ones too.
func TestAccMailboxItemRestore_itemCount(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			dir := t.TempDir()
			var folderCountPlanned, mailboxCountPlanned, itemsCountPlanned int64
			export := func(scope, file string) string {
				return fmt.Sprintf("%s\n  export_to_pst {\n    path = %s\n  }", scope, acctest.HCLString(filepath.Join(dir, file)))
			}
			acctest.AccTest(t,
				resource.TestStep{
					Config: scopeConfig(sim, version, vb365sim.SeedMailboxID, export(fmt.Sprintf("  folder_id = %q", vb365sim.InboxFolderID), "inbox.pst")),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plannedItemCount{&folderCountPlanned},
						// Inbox's own 7 items, Projects (with 2019 below it) 1, Reports none.
						plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("item_count_by_folder"), knownvalue.ListExact([]knownvalue.Check{
							folderCount("Inbox", 7), folderCount("Inbox/Projects", 1), folderCount("Inbox/Reports", 0),
						})),
					}},
					Check: checkCountMatchesLedger(sim, &folderCountPlanned),
				},
				resource.TestStep{
					Config: scopeConfig(sim, version, vb365sim.SeedMailboxID, export("  whole_mailbox = true", "mailbox.pst")),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plannedItemCount{&mailboxCountPlanned},
						plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("item_count_by_folder").AtSliceIndex(0), folderCount("Inbox", 8)),
					}},
					Check: checkCountMatchesLedger(sim, &mailboxCountPlanned),
				},
				resource.TestStep{
					Config: scopeConfig(sim, version, vb365sim.SeedMailboxID, export(fmt.Sprintf("  item_ids = [%q, %q]", vb365sim.SeedMessageID, vb365sim.SeedNoteID), "items.pst")),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plannedItemCount{&itemsCountPlanned},
						plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("item_count_by_folder"), knownvalue.Null()),
					}},
					Check: checkCountMatchesLedger(sim, &itemsCountPlanned),
				},
			)
			if folderCountPlanned < 2 || mailboxCountPlanned <= folderCountPlanned || itemsCountPlanned != 2 {
				t.Errorf("counts folder %d, mailbox %d, items %d: want a folder of several items, more in the mailbox, 2 items",
					folderCountPlanned, mailboxCountPlanned, itemsCountPlanned)
			}
		})
	}
}

// TestActionMailboxItemRestore_folderCountProgress: the action's progress says how many items
// a folder holds (with its subfolders, per top folder) before it runs, the number the server
// then acts on.
func TestActionMailboxItemRestore_folderCountProgress(t *testing.T) {
	sim := acctest.StartRestoreSim(t)
	p := acctest.NewProtoProvider(t)
	p.Configure(sim, "v8")
	progress, diags := p.Invoke(map[string]any{
		"restore_session_id": vb365sim.SeedRestoreSessionID,
		"mailbox_id":         vb365sim.SeedMailboxID,
		"folder_id":          vb365sim.InboxFolderID,
		"export_to_pst":      map[string]any{"path": filepath.Join(t.TempDir(), "inbox.pst")},
	})
	if len(diags) != 0 {
		t.Fatalf("invoke: %s", acctest.DiagnosticsText(diags))
	}
	actions := acctest.ItemActions(sim)
	if len(actions) != 1 {
		t.Fatalf("%d item actions, want 1", len(actions))
	}
	want := fmt.Sprintf("acting on %d items; per top folder: Inbox: 7, Inbox/Projects: 1, Inbox/Reports: 0", len(actions[0].ItemIDs))
	found := false
	for _, msg := range progress {
		found = found || msg == want
	}
	if !found {
		t.Errorf("progress %q does not hold %q", progress, want)
	}
}
