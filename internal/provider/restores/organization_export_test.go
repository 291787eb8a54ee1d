package restores_test

// content_keyword on folder and mailbox PST exports, and the whole organization's PST export
// (whole_organization), shown in the plan's scope like the other scopes.

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func exportConfig(sim *acctest.Sim, version, scope, dir string) string {
	return sim.ProviderConfig(version) + fmt.Sprintf(`
resource "vb365_mailbox_item_restore" "r" {
  organization_id = %q
%s
  reason          = "LEGAL-9: keyword hold"

  export_to_pst {
    path            = "%s/export.pst"
    content_keyword = "%s"
  }
}
`, vb365sim.OrganizationID, scope, dir, map[bool]string{true: "message 1", false: "kickoff"}[scope == "  whole_organization = true"])
}

// TestAccOrganizationExport: a folder export by keyword and the whole organization's export,
// each in one reviewed plan, on v6 and v8: the plan names the scope and the keyword, the
// server is asked once with contentKeyword, and only the matching items are exported.
func TestAccOrganizationExport(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v6", "v8"} {
		for _, tc := range []struct {
			name, scope, wantScope string
			wantItems              int
			organization           bool
		}{
			{"folder", fmt.Sprintf("  mailbox_id = %q\n  folder_id  = %q", vb365sim.SeedMailboxID, vb365sim.InboxFolderID),
				`folder Inbox and its subfolders, only what matches "kickoff"`, 1, false},
			{"organization", "  whole_organization = true",
				`every mailbox of the organization ` + vb365sim.OrganizationName + `, only what matches "message 1"`, 15, true},
		} {
			t.Run(version+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				sim := acctest.StartRestoreSim(t)
				dir := t.TempDir()
				source := knownvalue.Check(knownvalue.NotNull())
				if tc.organization {
					source = knownvalue.Null()
				}
				resource.Test(t, resource.TestCase{
					PreCheck:                 func() { acctest.PreCheck(t) },
					ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
					CheckDestroy:             acctest.CheckDestroyed(sim, 1),
					Steps: []resource.TestStep{{
						Config: exportConfig(sim, version, tc.scope, dir),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("scope"), knownvalue.StringExact(tc.wantScope)),
							plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("source_mailbox"), source),
							plancheck.ExpectKnownValue(acctest.RestoreAddr, tfjsonpath.New("items"), knownvalue.Null()),
						}},
						Check: resource.ComposeAggregateTestCheckFunc(
							resource.TestCheckResourceAttrSet(acctest.RestoreAddr, "output_sha256"),
							func(*terraform.State) error {
								actions := acctest.ItemActions(sim)
								if len(actions) != 1 {
									return fmt.Errorf("%d item actions, want 1", len(actions))
								}
								a := actions[0]
								if a.Action != "export_to_pst" || a.WholeOrganization != tc.organization || len(a.ItemIDs) != tc.wantItems ||
									a.Body["contentKeyword"] == nil {
									return fmt.Errorf("export %+v, want %d items with the keyword", a, tc.wantItems)
								}
								return nil
							},
							acctest.CheckNoProviderSessionLeft(sim),
						),
					}},
				})
			})
		}
	}
}

// TestAccOrganizationExport_versionGates: on v5, the last version without them, the whole
// organization and a content keyword fail the plan before any request of the restore (no
// session is even opened); v6 is TestAccOrganizationExport.
func TestAccOrganizationExport_versionGates(t *testing.T) {
	t.Parallel()
	for _, scope := range []string{
		"  whole_organization = true",
		fmt.Sprintf("  mailbox_id    = %q\n  whole_mailbox = true", vb365sim.SeedMailboxID),
	} {
		sim := acctest.StartRestoreSim(t)
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { acctest.PreCheck(t) },
			ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
			CheckDestroy: func(*terraform.State) error {
				if n := acctest.LedgerCount(sim, "explore"); n != 0 {
					return fmt.Errorf("%d session(s) opened on v5", n)
				}
				return acctest.CheckItemActionCount(sim, 0)(nil)
			},
			Steps: []resource.TestStep{{
				Config:      exportConfig(sim, "v5", scope, t.TempDir()),
				ExpectError: regexp.MustCompile(`v6 or later`),
			}},
		})
	}
}

// TestAccOrganizationExport_validation: the organization has no mailbox and only a PST
// export; a keyword needs a folder, mailbox or organization; other scopes need mailbox_id.
func TestAccOrganizationExport_validation(t *testing.T) {
	t.Parallel()
	sim := acctest.StartSimulator(t)
	cases := []struct{ body, want string }{
		{fmt.Sprintf("  whole_organization = true\n  mailbox_id = %q\n  export_to_pst {\n    path = \"x.pst\"\n  }", vb365sim.SeedMailboxID), "remove mailbox_id"},
		{"  whole_organization = true\n  restore_to_original_location {}", "only a PST export"},
		{fmt.Sprintf("  mailbox_id = %q\n  item_ids = [%q]\n  export_to_pst {\n    path = \"x.pst\"\n    content_keyword = \"x\"\n  }", vb365sim.SeedMailboxID, vb365sim.SeedMessageID), "content_keyword narrows"},
		{fmt.Sprintf("  item_ids = [%q]\n  restore_to_original_location {}", vb365sim.SeedMessageID), "mailbox_id is required"},
	}
	for _, c := range cases {
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { acctest.PreCheck(t) },
			ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: sim.ProviderConfig("v8") + fmt.Sprintf("resource \"vb365_mailbox_item_restore\" \"r\" {\n  organization_id = %q\n%s\n}\n",
					vb365sim.OrganizationID, c.body),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(strings.ReplaceAll(c.want, " ", `\s+`)), // messages wrap
			}},
		})
	}
}
