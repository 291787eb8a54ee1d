package retrievals_test

// vb365_data_retrieval and data_retrieval_id: retrieve an archived mailbox's point, restore
// from it, extend its availability in place, forget it.

import (
	"fmt"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/retrievals"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

const retrievalAddr = "vb365_data_retrieval.archive"

func archiveConfig(sim *acctest.Sim, version string, days int, timeout string) string {
	timeouts := ""
	if timeout != "" {
		timeouts = fmt.Sprintf("\n  timeouts {\n    create = %q\n  }", timeout)
	}
	return sim.ProviderConfig(version) + fmt.Sprintf(`
data "vb365_restore_points" "archived" {
  organization_id   = %[1]q
  is_long_term_copy = true
}

resource "vb365_data_retrieval" "archive" {
  organization_id        = %[1]q
  repository_id          = data.vb365_restore_points.archived.restore_points[0].repository_id
  mailbox_ids            = [%[2]q]
  glacier_retrieval_mode = "expedited"
  availability_days      = %[3]d%[4]s
}
`, vb365sim.OrganizationID, vb365sim.SeedMailboxID, days, timeouts)
}

func archiveRestoreConfig(sim *acctest.Sim, version string, days int) string {
	return archiveConfig(sim, version, days, "") + fmt.Sprintf(`
resource "vb365_mailbox_item_restore" "r" {
  organization_id   = %q
  data_retrieval_id = vb365_data_retrieval.archive.id
  mailbox_id        = %q
  item_ids          = [%q]
  reason            = "LEGAL-12: mail from the 2019 archive"

  restore_to_original_location {}
}
`, vb365sim.OrganizationID, vb365sim.SeedMailboxID, vb365sim.SeedMessageID)
}

// TestAccDataRetrieval_retrieveRestoreExtendForget: one plan retrieves the archive tier's
// point (saying what and from where) and restores a message from it; create waits until the
// data is retrieved; availability_days extends in place; destroy sends nothing; the
// retrieval is started exactly once.
func TestAccDataRetrieval_retrieveRestoreExtendForget(t *testing.T) {
	defer retrievals.SetDataRetrievalPollInterval(50 * time.Millisecond)()
	for _, version := range []string{"v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			sim := acctest.StartRestoreSim(t, vb365sim.WithDataRetrievalDuration(600*time.Millisecond))
			var expires string
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy: func(*terraform.State) error {
					if n := acctest.LedgerCount(sim, "data_retrieval"); n != 1 {
						return fmt.Errorf("%d retrievals started, want 1", n)
					}
					for route, n := range sim.RequestCounts() {
						if strings.HasPrefix(route, "DELETE") {
							return fmt.Errorf("destroy sent %s %d time(s)", route, n)
						}
					}
					return nil
				},
				Steps: []resource.TestStep{
					{
						Config: archiveRestoreConfig(sim, version, 2),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(retrievalAddr, plancheck.ResourceActionCreate),
							plancheck.ExpectKnownValue(retrievalAddr, tfjsonpath.New("summary"), knownvalue.StringRegexp(regexp.MustCompile(
								`^Retrieve the Exchange data of 1 mailbox\(es\) \(`+vb365sim.SeedMailboxID+`\) of organization `+vb365sim.OrganizationID+
									` from the latest backup in archive repository `+vb365sim.ArchiveRepositoryID+`, by Amazon S3 Glacier expedited retrieval`))),
						}},
						Check: resource.ComposeAggregateTestCheckFunc(
							resource.TestCheckResourceAttr(retrievalAddr, "data_state", "Retrieved"),
							resource.TestCheckResourceAttr(retrievalAddr, "retrieved_restore_point_id", vb365sim.ArchiveRestorePointID),
							resource.TestCheckResourceAttr(retrievalAddr, "storage_type", "AmazonS3Glacier"),
							resource.TestCheckResourceAttr(retrievalAddr, "processed_objects", fmt.Sprint(vb365sim.ArchiveItemCount)),
							resource.TestCheckResourceAttrSet(retrievalAddr, "expires_at"),
							resource.TestCheckResourceAttrWith(retrievalAddr, "expires_at", func(v string) error { expires = v; return nil }),
							resource.TestCheckResourceAttr(acctest.RestoreAddr, "items.0.subject", "Support case"),
							acctest.CheckItemActionCount(sim, 2), // the retrieval and the restore
							func(*terraform.State) error {
								if n := sim.RequestCount("POST", "/"+version+"/DataRetrievals/{id}/explore"); n == 0 {
									return fmt.Errorf("the restore did not explore the retrieved data: %v", sim.RequestCounts())
								}
								return nil
							},
							acctest.CheckNoProviderSessionLeft(sim),
						),
					},
					{
						Config: archiveRestoreConfig(sim, version, 5),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(retrievalAddr, plancheck.ResourceActionUpdate),
							plancheck.ExpectResourceAction(acctest.RestoreAddr, plancheck.ResourceActionNoop),
						}},
						Check: resource.ComposeAggregateTestCheckFunc(
							resource.TestCheckResourceAttrWith(retrievalAddr, "expires_at", func(v string) error {
								if v <= expires {
									return fmt.Errorf("expires_at %s, was %s: not extended", v, expires)
								}
								return nil
							}),
							func(*terraform.State) error {
								if n := sim.RequestCount("PUT", "/"+version+"/DataRetrievals/{id}"); n != 1 {
									return fmt.Errorf("%d PUTs, want 1", n)
								}
								return nil
							},
						),
					},
				},
			})
		})
	}
}

// TestAccDataRetrieval_createTimeoutRecordsIt: when timeouts.create ends before the data is
// retrieved, the retrieval is recorded (Retrieving) with a warning, and the next plan does not
// start it again; once the server has retrieved the data, refresh shows it Retrieved.
func TestAccDataRetrieval_createTimeoutRecordsIt(t *testing.T) {
	defer retrievals.SetDataRetrievalPollInterval(50 * time.Millisecond)()
	var offset atomic.Int64 // the simulator's clock, moved on after the timeout
	sim := acctest.StartSimulator(t, vb365sim.WithDataRetrievalDuration(time.Hour),
		vb365sim.WithClock(func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: archiveConfig(sim, "v8", 1, "300ms"),
				Check:  resource.TestCheckResourceAttr(retrievalAddr, "data_state", "Retrieving"),
			},
			{
				Config:             archiveConfig(sim, "v8", 1, "300ms"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: false,
			},
			{
				PreConfig:    func() { offset.Store(int64(2 * time.Hour)) },
				RefreshState: true,
				Check:        resource.TestCheckResourceAttr(retrievalAddr, "data_state", "Retrieved"),
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if n := acctest.LedgerCount(sim, "data_retrieval"); n != 1 {
				return fmt.Errorf("%d retrievals started, want 1", n)
			}
			return nil
		},
	})
}

// TestAccDataRetrieval_versionGate: on v5, the last version without retrievals, the plan fails
// before any retrieval request, and so does a read with data_retrieval_id.
func TestAccDataRetrieval_versionGate(t *testing.T) {
	t.Parallel()
	for _, config := range []string{
		fmt.Sprintf(`
resource "vb365_data_retrieval" "archive" {
  organization_id   = %q
  repository_id     = %q
  availability_days = 1
}`, vb365sim.OrganizationID, vb365sim.ArchiveRepositoryID),
		fmt.Sprintf(`
data "vb365_mailboxes" "m" {
  organization_id   = %q
  data_retrieval_id = "7f9e0c52-0000-4000-8000-000000000003"
}`, vb365sim.OrganizationID),
	} {
		sim := acctest.StartSimulator(t)
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { acctest.PreCheck(t) },
			ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
			CheckDestroy: func(*terraform.State) error {
				for route, n := range sim.RequestCounts() {
					if strings.Contains(route, "DataRetrievals") || strings.Contains(route, "explore") || strings.Contains(route, "/Action") {
						return fmt.Errorf("v5 sent %s %d time(s)", route, n)
					}
				}
				return nil
			},
			Steps: []resource.TestStep{{
				Config:      sim.ProviderConfig("v5") + config,
				ExpectError: regexp.MustCompile(`v6 or later`),
			}},
		})
	}
}
