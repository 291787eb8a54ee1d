package restores_test

import (
	"regexp"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestAccMailboxItemRestore_notFoundNamesTheDataSource: a mailbox or item ID the server does not
// know fails the plan with a pointer at the data source that finds such IDs.
func TestAccMailboxItemRestore_notFoundNamesTheDataSource(t *testing.T) {
	t.Parallel()
	restore := func(mailboxID, itemID string) string {
		return `
resource "vb365_mailbox_item_restore" "r" {
  organization_id = ` + acctest.Q(vb365sim.OrganizationID) + `
  mailbox_id      = ` + acctest.Q(mailboxID) + `
  item_ids        = [` + acctest.Q(itemID) + `]
  restore_to_original_location {}
}
`
	}
	const unknownID = "00000000-0000-4000-8000-0000000000aa"
	sim := acctest.StartRestoreSim(t)
	acctest.AccTest(t, resource.TestStep{
		Config:      sim.ProviderConfig("v8") + restore(vb365sim.SeedMailboxID, unknownID),
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`(?s)404.*Check\s+the\s+item\s+ID.*vb365_item_search`),
	}, resource.TestStep{
		Config:      sim.ProviderConfig("v8") + restore(unknownID, vb365sim.SeedMessageID),
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`(?s)404.*Check\s+the\s+mailbox\s+ID\s+\(mailbox_id\):\s+vb365_mailboxes`),
	}, resource.TestStep{
		Config: sim.ProviderConfig("v8") + `
data "vb365_mailbox_item" "i" {
  restore_session_id = ` + acctest.Q(vb365sim.SeedRestoreSessionID) + `
  mailbox_id         = ` + acctest.Q(vb365sim.SeedMailboxID) + `
  item_id            = ` + acctest.Q(unknownID) + `
}`,
		ExpectError: regexp.MustCompile(`(?s)not found.*vb365_mailbox_items\s+lists\s+a\s+mailbox's\s+items`),
	})
}
