package bulkrestores_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

const incidentAddr = "vb365_mailboxes_restore.incident"

// incidentMailboxIDs are the mailboxes the tests restore: three users of the seed organization,
// none holding an item the server fails (cleanMailboxIDs), or with the seed mailbox, which holds one.
var (
	cleanMailboxIDs    = []string{vb365sim.SupportMailboxID, vb365sim.QAMailboxID, vb365sim.RnDMailboxID}
	incidentMailboxIDs = []string{vb365sim.SupportMailboxID, vb365sim.QAMailboxID, vb365sim.SeedMailboxID}
)

// incidentConfig is a provider block and a vb365_mailboxes_restore of ids with extra lines.
func incidentConfig(sim *acctest.Sim, version string, ids []string, extra string) string {
	return sim.ProviderConfig(version) + fmt.Sprintf(`
resource "vb365_mailboxes_restore" "incident" {
  organization_id = %q
  mailbox_ids     = %s
  reason          = "INC-4711 ransomware"
%s
}
`, vb365sim.OrganizationID, acctest.HclStrings(ids...), extra)
}

// reviewedMailboxes is what the plan must show of ids: each mailbox as the simulator holds it,
// ordered by e-mail.
func reviewedMailboxes(sim *acctest.Sim, ids []string) knownvalue.Check {
	var summaries []vb365sim.MailboxSummary
	for _, mb := range sim.Mailboxes() {
		if slices.Contains(ids, mb.ID) {
			summaries = append(summaries, mb)
		}
	}
	slices.SortFunc(summaries, func(a, b vb365sim.MailboxSummary) int {
		return strings.Compare(strings.ToLower(a.Email), strings.ToLower(b.Email))
	})
	checks := make([]knownvalue.Check, len(summaries))
	for i, mb := range summaries {
		checks[i] = knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id": knownvalue.StringExact(mb.ID), "name": knownvalue.StringExact(mb.Name),
			"email": knownvalue.StringExact(mb.Email), "is_archive": knownvalue.Bool(mb.Archive),
		})
	}
	return knownvalue.ListExact(checks)
}

// mailboxRestores are the ledger's restores of whole mailboxes.
func mailboxRestores(sim *acctest.Sim) []vb365sim.LedgerEntry {
	var out []vb365sim.LedgerEntry
	for _, e := range sim.Ledger() {
		if e.Action == "restore_to_original_location" && e.WholeMailbox {
			out = append(out, e)
		}
	}
	return out
}

// checkOneRun fails unless the ledger holds exactly one run of ids: on v6+ one bulk request
// (every entry of the same bulk run, on the bulk route), below one request per mailbox.
func checkOneRun(sim *acctest.Sim, version string, ids []string, runs int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		entries := mailboxRestores(sim)
		if len(entries) != runs*len(ids) {
			return fmt.Errorf("the ledger holds %d mailbox restore(s), want %d (%d run(s) of %d mailboxes): %+v", len(entries), runs*len(ids), runs, len(ids), entries)
		}
		bulkRuns := map[string]bool{}
		for _, e := range entries {
			if !slices.Contains(ids, e.MailboxID) {
				return fmt.Errorf("mailbox %s restored, which the record does not name", e.MailboxID)
			}
			if version >= "v6" {
				if want := "/" + version + "/RestoreSessions/{id}/Organization/Mailboxes/restore"; e.Route != want || e.BulkRunID == "" {
					return fmt.Errorf("route %s (bulk run %q), want the bulk route %s", e.Route, e.BulkRunID, want)
				}
				bulkRuns[e.BulkRunID] = true
			} else if want := "/" + version + "/RestoreSessions/{id}/Organization/Mailboxes/{id}/Action"; e.Route != want {
				return fmt.Errorf("route %s, want the mailbox's own route %s", e.Route, want)
			}
		}
		if version >= "v6" && len(bulkRuns) != runs {
			return fmt.Errorf("%d bulk request(s), want %d", len(bulkRuns), runs)
		}
		return nil
	}
}

// checkMailboxOutcomes checks each mailbox's recorded outcome by mailbox ID.
func checkMailboxOutcomes(want map[string]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs := s.RootModule().Resources[incidentAddr]
		if rs == nil {
			return fmt.Errorf("%s not in state", incidentAddr)
		}
		got := map[string]string{}
		for i := 0; i < len(want)+1; i++ {
			id, ok := rs.Primary.Attributes[fmt.Sprintf("mailbox_results.%d.mailbox_id", i)]
			if !ok {
				break
			}
			got[id] = rs.Primary.Attributes[fmt.Sprintf("mailbox_results.%d.outcome", i)]
		}
		for id, outcome := range want {
			if got[id] != outcome {
				return fmt.Errorf("mailbox %s: outcome %q, want %q (all: %v)", id, got[id], outcome, got)
			}
		}
		if len(got) != len(want) {
			return fmt.Errorf("%d mailbox result(s), want %d: %v", len(got), len(want), got)
		}
		return nil
	}
}

func allOutcomes(ids []string, outcome string) map[string]string {
	out := map[string]string{}
	for _, id := range ids {
		out[id] = outcome
	}
	return out
}

// TestAccMailboxesRestore_oneReviewedRun: the plan lists every mailbox, the count, the backup
// and the options; apply sends one bulk request on v6..v8 (one request per mailbox on v5), records
// each mailbox's outcome, and the next plan runs nothing.
func TestAccMailboxesRestore_oneReviewedRun(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v5", "v6", "v7", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			acctest.SkipWithoutAcc(t)
			sim := acctest.StartRestoreSim(t)
			options, summary := "", []knownvalue.Check{knownvalue.StringExact("whole mailboxes as backed up")}
			var point knownvalue.Check = knownvalue.Null()
			if version != "v5" {
				options = "  recent_item_restore_period = 7\n  exclude_drafts = true\n  mark_restored_as_unread = false"
				summary = []knownvalue.Check{knownvalue.StringExact("only items of the last 7 day(s) before the backup"),
					knownvalue.StringExact("restored items keep their read state"), knownvalue.StringExact("Drafts folder excluded")}
				point = knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.NotNull(), "time": knownvalue.NotNull()})
			}
			config := incidentConfig(sim, version, incidentMailboxIDs, options)
			// The seed mailbox holds an item the server fails to restore; v6+ restore only the
			// last 7 days here, which leave it out.
			want, overall := allOutcomes(incidentMailboxIDs, "succeeded"), "succeeded"
			if version == "v5" {
				want[vb365sim.SeedMailboxID], overall = "failed_items", "failed_items"
			}
			acctest.AccTest(t,
				resource.TestStep{
					Config: config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(incidentAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(incidentAddr, tfjsonpath.New("mailbox_count"), knownvalue.Int64Exact(3)),
						plancheck.ExpectKnownValue(incidentAddr, tfjsonpath.New("mailboxes"), reviewedMailboxes(sim, incidentMailboxIDs)),
						plancheck.ExpectKnownValue(incidentAddr, tfjsonpath.New("options_summary"), knownvalue.ListExact(summary)),
						plancheck.ExpectKnownValue(incidentAddr, tfjsonpath.New("restore_point"), point),
						plancheck.ExpectKnownValue(incidentAddr, tfjsonpath.New("restored_by").AtMapKey("credential_form"), knownvalue.StringExact("none")),
					}},
					Check: resource.ComposeAggregateTestCheckFunc(
						checkOneRun(sim, version, incidentMailboxIDs, 1),
						resource.TestCheckResourceAttr(incidentAddr, "outcome", overall),
						checkMailboxOutcomes(want),
						resource.TestCheckResourceAttrSet(incidentAddr, "server_restore_session_id"),
					),
				},
				resource.TestStep{
					Config:           config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					Check:            checkOneRun(sim, version, incidentMailboxIDs, 1),
				},
			)
		})
	}
}

// TestAccMailboxesRestore_mistakesStopThePlan: a mailbox the backup does not hold, and a v6
// option on a v5 server, stop the plan naming them; nothing runs.
func TestAccMailboxesRestore_mistakesStopThePlan(t *testing.T) {
	t.Parallel()
	const stranger = "0b0b0b0b-1111-4222-8333-444455556666"
	cases := []struct {
		name, version, extra string
		ids                  []string
		want                 *regexp.Regexp
	}{
		{"unknown mailbox", "v8", "", []string{vb365sim.SeedMailboxID, stranger},
			regexp.MustCompile(`(?s)Mailbox not in the backup.*` + stranger + `.*vb365_mailboxes`)},
		{"v6 option on v5", "v5", "  recent_item_restore_period = 3", cleanMailboxIDs,
			regexp.MustCompile(`(?s)Option needs API v6.*recent_item_restore_period`)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			acctest.SkipWithoutAcc(t)
			sim := acctest.StartRestoreSim(t)
			acctest.AccTest(t, resource.TestStep{
				Config:      incidentConfig(sim, c.version, c.ids, c.extra),
				ExpectError: c.want,
			}, resource.TestStep{
				PreConfig: func() {
					if n := len(mailboxRestores(sim)); n != 0 {
						t.Fatalf("%d mailbox restore(s) ran after a plan that failed", n)
					}
				},
				Config:   incidentConfig(sim, c.version, cleanMailboxIDs, ""),
				PlanOnly: true, ExpectNonEmptyPlan: true,
			})
		})
	}
}

// TestAccMailboxesRestore_failedMailboxRecorded: a mailbox the server fails is recorded with
// its error beside the others' success; the record is not tainted and nothing runs again.
func TestAccMailboxesRestore_failedMailboxRecorded(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v7", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			acctest.SkipWithoutAcc(t)
			sim := acctest.StartRestoreSim(t, vb365sim.WithFailingBulkMailboxes(vb365sim.QAMailboxID))
			config := incidentConfig(sim, version, cleanMailboxIDs, "")
			want := allOutcomes(cleanMailboxIDs, "succeeded")
			want[vb365sim.QAMailboxID] = "failed_items"
			acctest.AccTest(t,
				resource.TestStep{
					Config: config,
					Check: resource.ComposeAggregateTestCheckFunc(
						checkOneRun(sim, version, cleanMailboxIDs, 1),
						resource.TestCheckResourceAttr(incidentAddr, "outcome", "failed_items"),
						checkMailboxOutcomes(want),
					),
				},
				resource.TestStep{
					Config:           config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					Check:            checkOneRun(sim, version, cleanMailboxIDs, 1),
				},
			)
		})
	}
}

// TestAccMailboxesRestore_lostAnswerNeverSentAgain: the server ran the restore but its answer
// was lost (a gateway's 502 after the server's handler). With the run's own events readable
// the outcome is proven at once; with them unreadable too, every mailbox is recorded unknown and
// a later refresh settles them. Nothing is sent again, whatever the outcome.
func TestAccMailboxesRestore_lostAnswerNeverSentAgain(t *testing.T) {
	t.Parallel()
	for _, eventsReadable := range []bool{true, false} {
		t.Run(fmt.Sprintf("events_readable=%t", eventsReadable), func(t *testing.T) {
			t.Parallel()
			acctest.SkipWithoutAcc(t)
			sim := acctest.StartRestoreSim(t)
			sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "ailboxes/restore", StatusAfterHandler: http.StatusBadGateway})
			config := incidentConfig(sim, "v6", cleanMailboxIDs, "")
			if !eventsReadable {
				sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "vents", Status: http.StatusInternalServerError, Times: 1000})
				// The plan's look-up for earlier runs reads events too: off, so only the run meets the fault.
				config = strings.Replace(config, "  retry {", "  history_window = \"0\"\n  retry {", 1)
			}
			first := "succeeded"
			if !eventsReadable {
				first = "unknown"
			}
			acctest.AccTest(t,
				resource.TestStep{
					Config: config,
					Check: resource.ComposeAggregateTestCheckFunc(
						checkOneRun(sim, "v6", cleanMailboxIDs, 1),
						resource.TestCheckResourceAttr(incidentAddr, "outcome", first),
						checkMailboxOutcomes(allOutcomes(cleanMailboxIDs, first)),
					),
				},
				resource.TestStep{
					PreConfig:        sim.ClearFaults,
					Config:           config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					Check: resource.ComposeAggregateTestCheckFunc(
						checkOneRun(sim, "v6", cleanMailboxIDs, 1),
						resource.TestCheckResourceAttr(incidentAddr, "outcome", "succeeded"),
						checkMailboxOutcomes(allOutcomes(cleanMailboxIDs, "succeeded")),
					),
				},
			)
		})
	}
}

// killedRunnerBulk is what a runner killed after its bulk restore reached the server leaves: a
// session of its own in which the server ran it, and no record. It returns the session's ID.
func killedRunnerBulk(t *testing.T, sim *acctest.Sim, version string, ids []string) string {
	t.Helper()
	client := acctest.SimClient(t, sim, version)
	ctx := context.Background()
	session, err := client.Explore(ctx, vb365sim.OrganizationID, vb365.ExploreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var mailboxes []vb365.BulkMailbox
	for _, mb := range sim.Mailboxes() {
		if slices.Contains(ids, mb.ID) {
			mailboxes = append(mailboxes, vb365.BulkMailbox{ID: mb.ID, Name: mb.Name, Email: mb.Email, IsArchive: mb.Archive})
		}
	}
	if _, err := client.RestoreMailboxes(ctx, session.ID, vb365.MailboxesRestoreOptions{Mailboxes: mailboxes}, nil); err != nil {
		t.Fatal(err)
	}
	return session.ID
}

// TestAccMailboxesRestore_killedRunnerAsksThenRecords: a bulk restore a killed runner left is
// neither run again nor taken for this record's by itself: the plan stops with the evidence;
// record_run_from_session records it (nothing sent, the session left as it is); a triggers
// change then runs it again without a question. A restore of other mailboxes asks nothing.
func TestAccMailboxesRestore_killedRunnerAsksThenRecords(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			acctest.SkipWithoutAcc(t)
			sim := acctest.StartRestoreSim(t)
			left := killedRunnerBulk(t, sim, version, cleanMailboxIDs)
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy: func(*terraform.State) error {
					sim.StopAllSessions() // the killed runner's session: the server's idle timeout ends it
					return nil
				},
				Steps: []resource.TestStep{
					{
						Config:      incidentConfig(sim, version, cleanMailboxIDs, `  triggers = { run = "1" }`),
						ExpectError: regexp.MustCompile(`(?s)A run like this one is on the server.*` + left),
					},
					{
						Config: incidentConfig(sim, version, cleanMailboxIDs, `  triggers = { run = "1" }
  record_run_from_session = "`+left+`"`),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectKnownValue(incidentAddr, tfjsonpath.New("server_restore_session_id"), knownvalue.StringExact(left)),
						}},
						Check: resource.ComposeAggregateTestCheckFunc(
							checkOneRun(sim, version, cleanMailboxIDs, 1),
							resource.TestCheckResourceAttr(incidentAddr, "outcome", "succeeded"),
							checkMailboxOutcomes(allOutcomes(cleanMailboxIDs, "succeeded")),
							func(*terraform.State) error {
								if got := sim.SessionState(left); got != "Working" {
									return fmt.Errorf("the recorded run's session is %q, want Working: the provider must leave it as it is", got)
								}
								return nil
							}),
					},
					{
						// triggers: run again on purpose, no question about the record's own earlier run.
						Config: incidentConfig(sim, version, cleanMailboxIDs, `  triggers = { run = "2" }`),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(incidentAddr, plancheck.ResourceActionReplace)}},
						Check: checkOneRun(sim, version, cleanMailboxIDs, 2),
					},
					{
						// Other mailboxes: the earlier runs are not like this one.
						Config: incidentConfig(sim, version, []string{vb365sim.SeedMailboxID}, `  recent_item_restore_period = 1`),
						Check:  resource.TestCheckResourceAttr(incidentAddr, "outcome", "succeeded"),
					},
				},
			})
		})
	}
}

// TestAccMailboxesRestore_parallelRecords: two incident records of one apply (Terraform runs
// them side by side) each run once, each in a session of its own, and neither takes the other's
// run for a killed runner's: the ledger holds two bulk runs in two sessions, one per record.
func TestAccMailboxesRestore_parallelRecords(t *testing.T) {
	t.Parallel()
	acctest.SkipWithoutAcc(t)
	sim := acctest.StartRestoreSim(t)
	first, second := []string{vb365sim.SupportMailboxID, vb365sim.QAMailboxID}, []string{vb365sim.RnDMailboxID}
	config := incidentConfig(sim, "v7", first, "") + fmt.Sprintf(`
resource "vb365_mailboxes_restore" "wave2" {
  organization_id = %q
  mailbox_ids     = %s
  reason          = "INC-4711 second wave"
}
`, vb365sim.OrganizationID, acctest.HclStrings(second...))
	acctest.AccTest(t,
		resource.TestStep{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(incidentAddr, "outcome", "succeeded"),
				resource.TestCheckResourceAttr("vb365_mailboxes_restore.wave2", "outcome", "succeeded"),
				func(*terraform.State) error {
					sessionsByRun := map[string]map[string]bool{}
					for _, e := range mailboxRestores(sim) {
						if sessionsByRun[e.BulkRunID] == nil {
							sessionsByRun[e.BulkRunID] = map[string]bool{}
						}
						sessionsByRun[e.BulkRunID][e.RestoreSessionID] = true
					}
					sessions := map[string]bool{}
					for run, s := range sessionsByRun {
						if len(s) != 1 {
							return fmt.Errorf("bulk run %s spans %d sessions", run, len(s))
						}
						for id := range s {
							sessions[id] = true
						}
					}
					if len(sessionsByRun) != 2 || len(sessions) != 2 || len(mailboxRestores(sim)) != len(first)+len(second) {
						return fmt.Errorf("want 2 bulk runs in 2 sessions restoring %d mailboxes, got %d runs in %d sessions, %d restores",
							len(first)+len(second), len(sessionsByRun), len(sessions), len(mailboxRestores(sim)))
					}
					return nil
				}),
		},
		resource.TestStep{
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
	)
}

// TestAccMailboxesRestore_credentials: the Exchange credentials reach the bulk route under its
// names (office365UserName, office365UserPassword), the password only there: never in the plan
// or the record, whose restored_by names the account and the form; a server that requires
// credentials refuses the run without them, and nothing runs.
func TestAccMailboxesRestore_credentials(t *testing.T) {
	t.Parallel()
	acctest.SkipWithoutAcc(t)
	sim := acctest.StartRestoreSim(t, vb365sim.WithRestoreCredentialsRequired())
	withCredentials := incidentConfig(sim, "v7", cleanMailboxIDs, fmt.Sprintf("  user_name = %q\n  user_password = %q",
		acctest.RestoreTestUser, acctest.RestoreTestPassword))
	acctest.AccTest(t,
		resource.TestStep{
			Config:      incidentConfig(sim, "v7", cleanMailboxIDs, ""),
			ExpectError: regexp.MustCompile(`(?s)Mailboxes restore refused, nothing ran.*credentials`),
		},
		resource.TestStep{
			Config: withCredentials,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue(incidentAddr, tfjsonpath.New("restored_by"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"recorded_as": knownvalue.StringExact(vb365sim.DefaultUsername), "exchange_account": knownvalue.StringExact(acctest.RestoreTestUser),
					"credential_form": knownvalue.StringExact("password"), "credentials_from": knownvalue.StringExact("resource"),
				})),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(
				checkOneRun(sim, "v7", cleanMailboxIDs, 1),
				resource.TestCheckResourceAttr(incidentAddr, "outcome", "succeeded"),
				func(s *terraform.State) error {
					for k, v := range s.RootModule().Resources[incidentAddr].Primary.Attributes {
						if strings.Contains(v, acctest.RestoreTestPassword) {
							return fmt.Errorf("the password is in the record's %s", k)
						}
					}
					body := mailboxRestores(sim)[0].Body
					if body["office365UserName"] != acctest.RestoreTestUser || body["office365UserPassword"] != "***" {
						return fmt.Errorf("the bulk request's credentials: %v", body)
					}
					return nil
				}),
		},
	)
}

// TestAccMailboxesRestore_deviceCode: a device code obtained while planning (kept for the
// apply) goes to the bulk route as userCode; a server that accepts only codes somebody signed
// in with runs the restore once, every mailbox carrying that one code, and no code reaches the
// state.
func TestAccMailboxesRestore_deviceCode(t *testing.T) {
	t.Parallel()
	acctest.SkipWithoutAcc(t)
	sim := acctest.StartRestoreSim(t, vb365sim.WithDeviceCodesSignedInOnIssue())
	session := sim.ProviderConfig("v8") + fmt.Sprintf(`
resource "vb365_restore_session" "s" {
  organization_id = %q
}
`, vb365sim.OrganizationID)
	withCode := session + `
ephemeral "vb365_restore_device_code" "code" {
  restore_session_id    = vb365_restore_session.s.id
  target_application_id = "00000000-0000-4000-8000-0000000000aa"
}
` + strings.TrimPrefix(incidentConfig(sim, "v8", cleanMailboxIDs, "  user_code = ephemeral.vb365_restore_device_code.code.user_code"), sim.ProviderConfig("v8"))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{Config: session},
			{
				Config: withCode,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(incidentAddr, tfjsonpath.New("restored_by").AtMapKey("credential_form"), knownvalue.StringExact("device_code")),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkOneRun(sim, "v8", cleanMailboxIDs, 1),
					func(s *terraform.State) error {
						codes := sim.IssuedDeviceCodes()
						if len(codes) != 1 {
							return fmt.Errorf("%d device codes issued, want 1", len(codes))
						}
						for _, e := range mailboxRestores(sim) {
							if e.UserCode != codes[0] || e.Body["userCode"] != "***" {
								return fmt.Errorf("mailbox %s restored without the issued code: %v", e.MailboxID, e.Body)
							}
						}
						return acctest.CheckNoSecretsInState(codes...)(s)
					}),
			},
		},
	})
}

// TestAccMailboxesRestore_changedMailboxesRunAgain: another set of mailboxes is another restore:
// the plan replaces the record, reviews the new set (never the replaced record's list) and the
// apply restores exactly it, in a second run; no earlier-run question (the record's own run).
func TestAccMailboxesRestore_changedMailboxesRunAgain(t *testing.T) {
	t.Parallel()
	acctest.SkipWithoutAcc(t)
	sim := acctest.StartRestoreSim(t)
	before, after := []string{vb365sim.SupportMailboxID, vb365sim.QAMailboxID}, []string{vb365sim.SupportMailboxID, vb365sim.RnDMailboxID}
	acctest.AccTest(t,
		resource.TestStep{Config: incidentConfig(sim, "v8", before, ""), Check: checkOneRun(sim, "v8", before, 1)},
		resource.TestStep{
			Config: incidentConfig(sim, "v8", after, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(incidentAddr, plancheck.ResourceActionReplace),
				plancheck.ExpectKnownValue(incidentAddr, tfjsonpath.New("mailboxes"), reviewedMailboxes(sim, after)),
				plancheck.ExpectUnknownValue(incidentAddr, tfjsonpath.New("outcome")),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(
				checkMailboxOutcomes(allOutcomes(after, "succeeded")),
				func(*terraform.State) error {
					entries := mailboxRestores(sim)
					if len(entries) != len(before)+len(after) {
						return fmt.Errorf("%d mailbox restores, want %d", len(entries), len(before)+len(after))
					}
					var second []string
					for _, e := range entries[len(before):] {
						second = append(second, e.MailboxID)
					}
					slices.Sort(second)
					want := slices.Sorted(slices.Values(after))
					if !slices.Equal(second, want) {
						return fmt.Errorf("the second run restored %v, want %v", second, want)
					}
					return nil
				}),
		},
	)
}

// TestAccMailboxesRestore_mailboxIDsAreGUIDs: one mailbox spelled twice (case) stops the plan,
// nothing runs; a change of case alone is recorded in place and restores nothing again.
func TestAccMailboxesRestore_mailboxIDsAreGUIDs(t *testing.T) {
	t.Parallel()
	acctest.SkipWithoutAcc(t)
	sim := acctest.StartRestoreSim(t)
	upper := []string{strings.ToUpper(vb365sim.SupportMailboxID), strings.ToUpper(vb365sim.QAMailboxID)}
	acctest.AccTest(t,
		resource.TestStep{
			Config:      incidentConfig(sim, "v8", []string{vb365sim.SupportMailboxID, upper[0]}, ""),
			ExpectError: regexp.MustCompile(`(?s)Mailbox listed twice.*` + vb365sim.SupportMailboxID),
		},
		resource.TestStep{
			Config: incidentConfig(sim, "v8", []string{vb365sim.SupportMailboxID, vb365sim.QAMailboxID}, ""),
			Check:  checkOneRun(sim, "v8", []string{vb365sim.SupportMailboxID, vb365sim.QAMailboxID}, 1),
		},
		resource.TestStep{
			Config: incidentConfig(sim, "v8", upper, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(incidentAddr, plancheck.ResourceActionUpdate)}},
			Check: checkOneRun(sim, "v8", []string{vb365sim.SupportMailboxID, vb365sim.QAMailboxID}, 1),
		},
	)
}

// TestAccMailboxesRestore_laterRecordOfTheSameMailboxesAsks: a later record of some of the
// mailboxes an earlier record restored within history_window is asked about that run (Terraform
// neither refreshes nor plans an unchanged record when it applies a saved plan, so the provider
// cannot tell at apply that the run is a record's; it never guesses), naming both sessions that
// hold a v8 run's events; run_anyway_despite_sessions then runs it once.
func TestAccMailboxesRestore_laterRecordOfTheSameMailboxesAsks(t *testing.T) {
	t.Parallel()
	acctest.SkipWithoutAcc(t)
	sim := acctest.StartRestoreSim(t)
	first := incidentConfig(sim, "v8", cleanMailboxIDs, "")
	followUp := func(extra string) string {
		return first + fmt.Sprintf(`
resource "vb365_mailboxes_restore" "follow_up" {
  organization_id = %q
  mailbox_ids     = [%q]
  reason          = "INC-4711 one more time for support"
%s
}
`, vb365sim.OrganizationID, vb365sim.SupportMailboxID, extra)
	}
	acctest.AccTest(t,
		resource.TestStep{Config: first, Check: checkOneRun(sim, "v8", cleanMailboxIDs, 1)},
		resource.TestStep{
			Config:      followUp(""),
			ExpectError: regexp.MustCompile(`A run like this one is on the server`),
		},
		resource.TestStep{
			PreConfig: func() {
				if n := len(mailboxRestores(sim)); n != len(cleanMailboxIDs) {
					t.Fatalf("%d mailbox restores after the question, want %d", n, len(cleanMailboxIDs))
				}
			},
			// The user's answer, read from the server's sessions: every restore session so far.
			// (ignore_changes: the answer matters to the new record's run only.)
			Config: followUp("  run_anyway_despite_sessions = [for s in data.vb365_restore_sessions.all.sessions : s.id]\n"+
				"  lifecycle {\n    ignore_changes = [run_anyway_despite_sessions]\n  }") + `
data "vb365_restore_sessions" "all" {}
`,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("vb365_mailboxes_restore.follow_up", "outcome", "succeeded"),
				func(*terraform.State) error {
					if n := len(mailboxRestores(sim)); n != len(cleanMailboxIDs)+1 {
						return fmt.Errorf("%d mailbox restores, want %d", n, len(cleanMailboxIDs)+1)
					}
					return nil
				}),
		},
	)
}

// TestAccMailboxesRestore_v5LostAnswerOfOneMailbox: below v6 each mailbox is its own request; the
// answer of one is lost after the server ran it (502) and another is refused (400). The first is
// recorded unknown and never settled from the session's events (v5 events name no mailbox, and
// the other mailboxes' events are in the same session), the refused one not_run, the rest
// succeeded; nothing is sent again, by the apply or the next plan.
func TestAccMailboxesRestore_v5LostAnswerOfOneMailbox(t *testing.T) {
	t.Parallel()
	acctest.SkipWithoutAcc(t)
	sim := acctest.StartRestoreSim(t)
	sim.Fault(vb365sim.Fault{Method: "POST", PathContains: vb365sim.QAMailboxID, StatusAfterHandler: http.StatusBadGateway})
	sim.Fault(vb365sim.Fault{Method: "POST", PathContains: vb365sim.RnDMailboxID, Status: http.StatusBadRequest})
	config := incidentConfig(sim, "v5", cleanMailboxIDs, "")
	want := map[string]string{vb365sim.SupportMailboxID: "succeeded", vb365sim.QAMailboxID: "unknown", vb365sim.RnDMailboxID: "not_run"}
	ran := func(n int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if got := len(mailboxRestores(sim)); got != n {
				return fmt.Errorf("%d mailbox restores, want %d", got, n)
			}
			return nil
		}
	}
	acctest.AccTest(t,
		resource.TestStep{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				ran(2), resource.TestCheckResourceAttr(incidentAddr, "outcome", "unknown"), checkMailboxOutcomes(want)),
		},
		resource.TestStep{
			PreConfig:        sim.ClearFaults,
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check:            resource.ComposeAggregateTestCheckFunc(ran(2), checkMailboxOutcomes(want)),
		},
	)
}
