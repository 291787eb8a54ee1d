package browsing_test

import (
	"fmt"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func TestAccDataSourceMailboxes(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			mailboxes := tfjsonpath.New("mailboxes")
			ids := func(want ...string) knownvalue.Check {
				checks := make([]knownvalue.Check, len(want))
				for i, id := range want {
					checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
				}
				return knownvalue.ListExact(checks)
			}
			// Public mailboxes only exist from v6 on; before, is_public is false.
			publicFlag := knownvalue.Bool(version != "v3")
			acctest.AccTest(t, resource.TestStep{
				Config: sim.ProviderConfig(version) + fmt.Sprintf(`
locals {
  session = %s
}

data "vb365_mailboxes" "all" {
  restore_session_id = local.session
  page_size          = 2 # three pages
}

data "vb365_mailboxes" "by_email" {
  restore_session_id = local.session
  email              = "J_Smith@BestSupport.onmicrosoft.com"
}

data "vb365_mailboxes" "by_name" {
  restore_session_id = local.session
  name               = "support_*"
}

data "vb365_mailboxes" "first_two" {
  restore_session_id = local.session
  max_items          = 2
  page_size          = 1
}

# max_items bounds the matches, not the mailboxes scanned.
data "vb365_mailboxes" "first_match" {
  restore_session_id = local.session
  name               = "?ublic*"
  max_items          = 1
  page_size          = 1
}
`, acctest.Q(vb365sim.SeedRestoreSessionID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vb365_mailboxes.all", mailboxes, ids(
						vb365sim.SeedMailboxID, vb365sim.SupportMailboxID, vb365sim.QAMailboxID,
						vb365sim.RnDMailboxID, vb365sim.ArchiveMailboxID, vb365sim.PublicMailboxID)),
					statecheck.ExpectKnownValue("data.vb365_mailboxes.all", tfjsonpath.New("mailboxes").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":         knownvalue.StringExact(vb365sim.SeedMailboxID),
						"name":       knownvalue.StringExact("John Smith"),
						"email":      knownvalue.StringExact("j_smith@bestsupport.onmicrosoft.com"),
						"is_archive": knownvalue.Bool(false),
						"is_public":  knownvalue.Bool(false),
					})),
					statecheck.ExpectKnownValue("data.vb365_mailboxes.all", tfjsonpath.New("mailboxes").AtSliceIndex(4).AtMapKey("is_archive"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.vb365_mailboxes.all", tfjsonpath.New("mailboxes").AtSliceIndex(5).AtMapKey("is_public"), publicFlag),
					statecheck.ExpectKnownValue("data.vb365_mailboxes.by_email", mailboxes, ids(vb365sim.SeedMailboxID, vb365sim.ArchiveMailboxID)),
					statecheck.ExpectKnownValue("data.vb365_mailboxes.by_name", mailboxes, ids(vb365sim.SupportMailboxID)),
					statecheck.ExpectKnownValue("data.vb365_mailboxes.first_two", mailboxes, ids(vb365sim.SeedMailboxID, vb365sim.SupportMailboxID)),
					statecheck.ExpectKnownValue("data.vb365_mailboxes.first_match", mailboxes, ids(vb365sim.PublicMailboxID)),
				},
			})
		})
	}
}
