package sessions_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func sessionConfig(sim *acctest.Sim, version, attrs string) string {
	return sim.ProviderConfig(version) + fmt.Sprintf(`
resource "vb365_restore_session" "s" {
  organization_id = %q
%s
}
`, vb365sim.OrganizationID, attrs)
}

// ledgerFor returns the ledger entries of one action on one session.
func ledgerFor(sim *acctest.Sim, action, sessionID string) []vb365sim.LedgerEntry {
	var out []vb365sim.LedgerEntry
	for _, e := range sim.Ledger() {
		if e.Action == action && e.RestoreSessionID == sessionID {
			out = append(out, e)
		}
	}
	return out
}

// TestAccRestoreSession_lifecycle opens a session with every option in the v3 and v8
// dialects, checks what was sent and read back, imports it, replaces it when an input
// changes and stops every session it opened.
func TestAccRestoreSession_lifecycle(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			var first, second string
			options := `  point_in_time     = "2026-11-01T08:30:00Z"
  show_deleted      = true
  show_all_versions = false
  reason            = "legal hold request 17"`
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy:             acctest.CheckDestroyed(sim, 0),
				Steps: []resource.TestStep{
					{
						Config: sessionConfig(sim, version, options),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(acctest.RestoreSessionAddr, plancheck.ResourceActionCreate),
						}},
						Check: resource.ComposeAggregateTestCheckFunc(
							acctest.CaptureID(acctest.RestoreSessionAddr, &first),
							resource.TestCheckResourceAttr(acctest.RestoreSessionAddr, "organization_id", vb365sim.OrganizationID),
							resource.TestCheckResourceAttr(acctest.RestoreSessionAddr, "organization_name", vb365sim.OrganizationName),
							resource.TestCheckResourceAttr(acctest.RestoreSessionAddr, "state", "Working"),
							resource.TestCheckResourceAttr(acctest.RestoreSessionAddr, "result", "Success"),
							resource.TestMatchResourceAttr(acctest.RestoreSessionAddr, "creation_time", regexp.MustCompile(`^\d{4}-\d\d-\d\dT`)),
							func(*terraform.State) error {
								explores := ledgerFor(sim, "explore", first)
								if len(explores) != 1 {
									return fmt.Errorf("%d explore requests for %s, want 1", len(explores), first)
								}
								opts, err := acctest.LedgerOptions(explores[0])
								if err != nil {
									return err
								}
								want := map[string]any{"type": "vex", "datetime": "2026-11-01T08:30:00Z", "showDeleted": true, "showAllVersions": false}
								if version == "v8" {
									want = map[string]any{"type": "Vex", "dateTime": "2026-11-01T08:30:00Z", "showDeleted": true, "showAllVersions": false}
								}
								if !acctest.EqualJSON(opts, want) {
									return fmt.Errorf("explore options %v, want %v", opts, want)
								}
								return nil
							},
						),
					},
					{
						// Import recovers what the server knows; the options it cannot report are ignored.
						ResourceName:            acctest.RestoreSessionAddr,
						ImportState:             true,
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: []string{"point_in_time", "show_deleted", "show_all_versions", "reason", "timeouts"},
					},
					{
						// Every input forces a new session; the old one is stopped.
						Config: sessionConfig(sim, version, `  show_deleted = false`),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(acctest.RestoreSessionAddr, plancheck.ResourceActionReplace),
						}},
						Check: resource.ComposeAggregateTestCheckFunc(
							acctest.CaptureID(acctest.RestoreSessionAddr, &second),
							func(*terraform.State) error {
								if second == first {
									return fmt.Errorf("the session was not replaced")
								}
								if state := sim.SessionState(first); state != "Stopped" {
									return fmt.Errorf("the replaced session %s is %q, want Stopped", first, state)
								}
								if n := len(ledgerFor(sim, "stop", first)); n != 1 {
									return fmt.Errorf("%d stop requests for the replaced session, want 1", n)
								}
								return nil
							},
						),
					},
				},
			})
			if n := len(ledgerFor(sim, "stop", second)); n != 1 {
				t.Errorf("%d stop requests for the destroyed session, want 1", n)
			}
		})
	}
}

// TestAccRestoreSession_importThenSetOption: an imported session has null options, which the
// server cannot report. Applying the same configuration changes nothing; adding point_in_time
// afterwards opens a new session with it (replacement), never an in-place update that would
// make state claim options the session does not have. reason, kept only in state, is
// updated in place.
func TestAccRestoreSession_importThenSetOption(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	plain := sessionConfig(sim, "v8", "")
	withPointInTime := sessionConfig(sim, "v8", `  point_in_time = "2026-11-01T00:00:00Z"`)
	withReason := sessionConfig(sim, "v8", "  point_in_time = \"2026-11-01T00:00:00Z\"\n  reason = \"legal hold request 17\"")
	var replacement string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(sim, 0),
		Steps: []resource.TestStep{
			{
				Config:             plain,
				ResourceName:       acctest.RestoreSessionAddr,
				ImportState:        true,
				ImportStateId:      vb365sim.SeedRestoreSessionID,
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 {
						return fmt.Errorf("%d imported instances", len(states))
					}
					a := states[0].Attributes
					if a["organization_id"] != vb365sim.OrganizationID || a["state"] != "Working" || a["organization_name"] != vb365sim.OrganizationName {
						return fmt.Errorf("imported attributes %v", a)
					}
					for _, unreadable := range []string{"point_in_time", "show_deleted", "show_all_versions", "reason"} {
						if v, ok := a[unreadable]; ok && v != "" {
							return fmt.Errorf("import set %s = %q, which the server cannot report", unreadable, v)
						}
					}
					return nil
				},
			},
			{
				// A no-op apply after the import.
				Config: plain,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				Config: withPointInTime,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(acctest.RestoreSessionAddr, plancheck.ResourceActionReplace),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CaptureID(acctest.RestoreSessionAddr, &replacement),
					resource.TestCheckResourceAttr(acctest.RestoreSessionAddr, "point_in_time", "2026-11-01T00:00:00Z"),
					func(*terraform.State) error {
						if state := sim.SessionState(vb365sim.SeedRestoreSessionID); state != "Stopped" {
							return fmt.Errorf("the replaced imported session is %q", state)
						}
						explores := ledgerFor(sim, "explore", replacement)
						if len(explores) != 1 {
							return fmt.Errorf("%d explore requests for the replacement %s, want 1", len(explores), replacement)
						}
						if opts, _ := acctest.LedgerOptions(explores[0]); opts["dateTime"] != "2026-11-01T00:00:00Z" {
							return fmt.Errorf("the replacement explores %v, not the configured point in time", opts)
						}
						return nil
					},
				),
			},
			{
				Config: withReason,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(acctest.RestoreSessionAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttrPtr(acctest.RestoreSessionAddr, "id", &replacement),
					resource.TestCheckResourceAttr(acctest.RestoreSessionAddr, "reason", "legal hold request 17"),
					func(*terraform.State) error {
						if n := len(sim.Ledger()); n != 2 {
							return fmt.Errorf("the ledger holds %d entries, want the explore and the stop before: a reason is not sent", n)
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccRestoreSession_stoppedIsReplaced: a session stopped behind Terraform's back is
// planned for replacement; destroying the stopped one is not an error and posts no stop.
func TestAccRestoreSession_stoppedIsReplaced(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			var first string
			config := sessionConfig(sim, version, "")
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy:             acctest.CheckDestroyed(sim, 0),
				Steps: []resource.TestStep{
					{Config: config, Check: acctest.CaptureID(acctest.RestoreSessionAddr, &first)},
					{
						PreConfig: func() {
							if err := acctest.SimClient(t, sim, version).StopRestoreSession(context.Background(), first); err != nil {
								t.Fatal(err)
							}
						},
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(acctest.RestoreSessionAddr, plancheck.ResourceActionReplace),
						}},
						Check: resource.ComposeAggregateTestCheckFunc(
							resource.TestCheckResourceAttr(acctest.RestoreSessionAddr, "state", "Working"),
							func(s *terraform.State) error {
								if id, _ := acctest.StateAttr(s, acctest.RestoreSessionAddr, "id"); id == first {
									return fmt.Errorf("the stopped session was kept")
								}
								if n := len(ledgerFor(sim, "stop", first)); n != 1 {
									return fmt.Errorf("%d stop requests for the session stopped elsewhere, want only that one", n)
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

// TestAccRestoreSession_goneIsRemoved: a session the server no longer knows is removed from
// state on refresh, so the plan opens a new one.
func TestAccRestoreSession_goneIsRemoved(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	var id string
	config := sessionConfig(sim, "v8", "")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(sim, 0),
		Steps: []resource.TestStep{
			{Config: config, Check: acctest.CaptureID(acctest.RestoreSessionAddr, &id)},
			{
				PreConfig: func() {
					sim.Fault(vb365sim.Fault{Method: "GET", PathContains: "/RestoreSessions/" + id, Status: 404, Times: 1})
				},
				Config:   config,
				PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(acctest.RestoreSessionAddr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// TestAccRestoreSession_invalidPointInTime fails at plan time and opens nothing.
func TestAccRestoreSession_invalidPointInTime(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      sessionConfig(sim, "v8", `  point_in_time = "2026-11-01 08:30"`),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`Invalid RFC 3339 timestamp`),
		}},
	})
	if n := len(sim.Ledger()); n != 0 {
		t.Errorf("an invalid configuration reached the server: %d ledger entries", n)
	}
}

// TestAccRestoreSession_createTimeout: timeouts { create } bounds opening the session.
func TestAccRestoreSession_createTimeout(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				// The simulator notices a cancelled POST only once its body is read, i.e. after
				// the latency: keep it short so that shutting the server down does not wait long.
				sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/explore", Latency: time.Second})
			},
			Config:      sessionConfig(sim, "v8", "  timeouts {\n    create = \"50ms\"\n    delete = \"1m\"\n  }"),
			ExpectError: regexp.MustCompile(`Cannot open the restore session(.|\n)*context deadline exceeded`),
		}},
	})
}

// TestAccRestoreSession_lostExploreAnswerStopsNothing: the server opens the session but the
// connection drops before its answer arrives. Nothing proves which session the request opened,
// so the provider stops none; the error names the candidate and the idle timeout.
func TestAccRestoreSession_lostExploreAnswerStopsNothing(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartRestoreSim(t)
			explorePath := "/explore"
			if version == "v3" {
				explorePath = "/Organizations/" + vb365sim.OrganizationID + "/Action"
			}
			sim.Fault(vb365sim.Fault{Method: "POST", PathContains: explorePath, ResetAfterHandler: true})
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      sessionConfig(sim, version, ""),
					ExpectError: regexp.MustCompile(`Cannot open the restore session(.|\n)*none\s+was\s+stopped(.|\n)*[0-9a-f-]{36}\s+\(created(.|\n)*idle\s+timeout`),
				}},
			})
			var opened []string
			for _, e := range sim.Ledger() {
				if e.Action == "explore" {
					opened = append(opened, e.RestoreSessionID)
				}
			}
			if len(opened) != 1 {
				t.Fatalf("%d explore requests ran, want 1", len(opened))
			}
			if n := len(ledgerFor(sim, "stop", opened[0])); n != 0 {
				t.Errorf("%d stop requests for a session nothing proves to be the request's, want 0", n)
			}
			if sim.SessionState(opened[0]) != "Working" {
				t.Errorf("the session the lost request opened is %q", sim.SessionState(opened[0]))
			}
			// The server's idle timeout ends it; here the simulator stops it for its end-of-test check.
			sim.StopAllSessions()
		})
	}
}

// TestRestoreSession_refreshWithoutConfiguredProvider keeps the state (with a warning) when
// the provider's configuration is not known yet, instead of failing the plan.
func TestRestoreSession_refreshWithoutConfiguredProvider(t *testing.T) {
	p := acctest.NewProtoProvider(t)
	state := map[string]any{"id": vb365sim.SeedRestoreSessionID, "organization_id": vb365sim.OrganizationID, "state": "Working"}
	resp, err := p.ReadResource("vb365_restore_session", state)
	if err != nil {
		t.Fatal(err)
	}
	if acctest.HasError(resp.Diagnostics) || !strings.Contains(acctest.DiagnosticsText(resp.Diagnostics), "WARNING Restore session not refreshed") {
		t.Fatalf("diagnostics %q", acctest.DiagnosticsText(resp.Diagnostics))
	}
	want := p.DynamicValue(p.ResourceType("vb365_restore_session"), state)
	if resp.NewState == nil || string(resp.NewState.MsgPack) != string(want.MsgPack) {
		t.Fatal("the state changed")
	}
}

// TestAccRestoreSession_identity: a session's identity is its ID; an import block with the
// identity of a session Terraform does not manage (the simulator's seed session) imports it,
// reads its organization back, and destroying it stops it on the server. The test framework's
// identity import of the session the first step opened then plans nothing. Terraform and
// OpenTofu 1.12+.
func TestAccRestoreSession_identity(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	seed := vb365sim.SeedRestoreSessionID
	importSeed := sim.ProviderConfig("v8") + fmt.Sprintf(`
import {
  to       = vb365_restore_session.seed
  identity = { id = %q }
}

resource "vb365_restore_session" "seed" {
  organization_id = %q
}
`, seed, vb365sim.OrganizationID)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		CheckDestroy: func(*terraform.State) error {
			if state := sim.SessionState(seed); state != "Stopped" {
				return fmt.Errorf("the imported session is %q after destroy, want Stopped", state)
			}
			if n := len(ledgerFor(sim, "stop", seed)); n != 1 {
				return fmt.Errorf("%d stop requests for the imported session, want 1", n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: importSeed,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("vb365_restore_session.seed", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("vb365_restore_session.seed", tfjsonpath.New("id"), knownvalue.StringExact(seed)),
					statecheck.ExpectKnownValue("vb365_restore_session.seed", tfjsonpath.New("state"), knownvalue.StringExact("Working")),
					statecheck.ExpectIdentity("vb365_restore_session.seed", map[string]knownvalue.Check{"id": knownvalue.StringExact(seed)}),
				},
			},
			{
				Config: importSeed + `
resource "vb365_restore_session" "s" {
  organization_id = vb365_restore_session.seed.organization_id
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesState(acctest.RestoreSessionAddr, tfjsonpath.New("id")),
				},
			},
			{
				ResourceName:    acctest.RestoreSessionAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}
