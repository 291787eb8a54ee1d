package browsing_test

import (
	"fmt"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func TestAccDataSourceMailboxItems(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			acctest.AccTest(t, resource.TestStep{
				Config:            sim.ProviderConfig(version) + mailboxItemsListingsConfig(),
				ConfigStateChecks: mailboxItemsListingsChecks(version),
			})
		})
	}
}

// mailboxItemsListingsConfig lists the seed mailbox in every way vb365_mailbox_items offers: all
// items in pages, one folder (in full and summarised), one type, bounded by max_items, and one
// item beside it to compare shapes.
func mailboxItemsListingsConfig() string {
	return fmt.Sprintf(`
locals {
  session = %s
  mailbox = %s
}

data "vb365_mailbox_items" "all" {
  restore_session_id = local.session
  mailbox_id         = local.mailbox
  page_size          = 4
}

data "vb365_mailbox_items" "calendar" {
  restore_session_id = local.session
  mailbox_id         = local.mailbox
  folder_id          = %s
  full               = true
}

data "vb365_mailbox_items" "projects" {
  restore_session_id = local.session
  mailbox_id         = local.mailbox
  folder_id          = %s
}

data "vb365_mailbox_items" "journal" {
  restore_session_id = local.session
  mailbox_id         = local.mailbox
  type               = "journal"
  page_size          = 3
}

data "vb365_mailbox_items" "first_task" {
  restore_session_id = local.session
  mailbox_id         = local.mailbox
  type               = "task"
  max_items          = 1
}

data "vb365_mailbox_items" "first_five" {
  restore_session_id = local.session
  mailbox_id         = local.mailbox
  max_items          = 5
  page_size          = 2
}

data "vb365_mailbox_items" "exactly_all" {
  restore_session_id = local.session
  mailbox_id         = local.mailbox
  max_items          = 17
}

# Two journal entries: max_items 2 finds no third, max_items 1 leaves one out.
data "vb365_mailbox_items" "first_journal" {
  restore_session_id = local.session
  mailbox_id         = local.mailbox
  type               = "journal"
  max_items          = 1
}

data "vb365_mailbox_items" "journal_exact" {
  restore_session_id = local.session
  mailbox_id         = local.mailbox
  type               = "journal"
  max_items          = 2
}

# An element of full_items has the shape of vb365_mailbox_item.
data "vb365_mailbox_item" "appointment" {
  restore_session_id = local.session
  mailbox_id         = local.mailbox
  item_id            = data.vb365_mailbox_items.calendar.items[0].id
}

output "same_shape" {
  value = {
    for k, v in data.vb365_mailbox_item.appointment : k => v
    if !contains(["restore_session_id", "organization_id", "point_in_time", "show_deleted", "show_all_versions", "repository_id",
    "data_retrieval_id", "version_state", "mailbox_id", "item_id", "timeouts"], k)
  } == data.vb365_mailbox_items.calendar.full_items[0]
}

output "summaries_match_full_items" {
  value = jsonencode(data.vb365_mailbox_items.calendar.full_items[*].id) == jsonencode(data.vb365_mailbox_items.calendar.items[*].id)
}
`, acctest.Q(vb365sim.SeedRestoreSessionID), acctest.Q(vb365sim.SeedMailboxID), acctest.Q(vb365sim.SeedCalendarFolderID), acctest.Q(vb365sim.InboxSubFolderID))
}

// itemIDsExact checks a list of item summaries by their IDs, in order.
func itemIDsExact(want ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(want))
	for i, id := range want {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
	}
	return knownvalue.ListExact(checks)
}

// mailboxItemsListingsChecks are the checks of mailboxItemsListingsConfig's state in version.
func mailboxItemsListingsChecks(version string) []statecheck.StateCheck {
	items := tfjsonpath.New("items")
	first := items.AtSliceIndex(0)
	fullFirst := tfjsonpath.New("full_items").AtSliceIndex(0)
	return acctest.JoinChecks(
		[]statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.vb365_mailbox_items.all", items, knownvalue.ListSizeExact(17)),
			statecheck.ExpectKnownValue("data.vb365_mailbox_items.calendar", items, itemIDsExact(vb365sim.SeedAppointmentID, vb365sim.AppointmentItemID)),
			statecheck.ExpectKnownValue("data.vb365_mailbox_items.calendar", fullFirst.AtMapKey("appointment").AtMapKey("location"), knownvalue.StringExact("Confroom07")),
			statecheck.ExpectKnownValue("data.vb365_mailbox_items.calendar", fullFirst.AtMapKey("available_actions"), acctest.AllActions),
			statecheck.ExpectKnownValue("data.vb365_mailbox_items.calendar", first, knownvalue.ObjectExact(map[string]knownvalue.Check{
				"id":                     knownvalue.StringExact(vb365sim.SeedAppointmentID),
				"type":                   knownvalue.StringExact("appointment"),
				"item_class":             knownvalue.StringExact("IPM.Appointment"),
				"subject":                byVersion(version, knownvalue.Null(), knownvalue.StringExact("")),
				"folder_id":              knownvalue.StringExact(vb365sim.SeedCalendarFolderID),
				"date":                   knownvalue.StringExact("2022-10-09T21:00:00Z"),
				"sender":                 knownvalue.StringExact("j_smith@bestsupport.onmicrosoft.com"),
				"attachment_count":       byVersion(version, knownvalue.Null(), knownvalue.Int64Exact(0)),
				"attachments_size_bytes": byVersion(version, knownvalue.Null(), knownvalue.Int64Exact(0)),
				"version_state":          knownvalue.Null(), // restore_session_id: the session's options are not known
			})),
			statecheck.ExpectKnownValue("data.vb365_mailbox_items.calendar", tfjsonpath.New("truncated"), knownvalue.Bool(false)),
			statecheck.ExpectKnownValue("data.vb365_mailbox_items.all", tfjsonpath.New("full_items"), knownvalue.Null()),
			statecheck.ExpectKnownValue("data.vb365_mailbox_items.first_five", tfjsonpath.New("truncated"), knownvalue.Bool(true)),
			statecheck.ExpectKnownValue("data.vb365_mailbox_items.exactly_all", tfjsonpath.New("truncated"), knownvalue.Bool(false)),
			statecheck.ExpectKnownValue("data.vb365_mailbox_items.exactly_all", items, knownvalue.ListSizeExact(17)),
			statecheck.ExpectKnownValue("data.vb365_mailbox_items.first_task", tfjsonpath.New("truncated"), knownvalue.Bool(false)),
			statecheck.ExpectKnownValue("data.vb365_mailbox_items.first_journal", tfjsonpath.New("truncated"), knownvalue.Bool(true)),
			statecheck.ExpectKnownValue("data.vb365_mailbox_items.first_journal", items, itemIDsExact(vb365sim.SeedJournalID)),
			statecheck.ExpectKnownValue("data.vb365_mailbox_items.journal_exact", tfjsonpath.New("truncated"), knownvalue.Bool(false)),
			statecheck.ExpectKnownValue("data.vb365_mailbox_items.journal", tfjsonpath.New("truncated"), knownvalue.Bool(false)),
			statecheck.ExpectKnownOutputValue("summaries_match_full_items", knownvalue.Bool(true)),
			statecheck.ExpectKnownValue("data.vb365_mailbox_items.projects", items, itemIDsExact(vb365sim.SubFolderItemID)),
			statecheck.ExpectKnownValue("data.vb365_mailbox_items.journal", items, itemIDsExact(vb365sim.SeedJournalID, vb365sim.ActivityItemID)),
			statecheck.ExpectKnownValue("data.vb365_mailbox_items.first_task", items, itemIDsExact(vb365sim.SeedTaskID)),
			statecheck.ExpectKnownValue("data.vb365_mailbox_items.first_five", items, knownvalue.ListSizeExact(5)),
			statecheck.ExpectKnownOutputValue("same_shape", knownvalue.Bool(true)),
		},
		acctest.ExpectOnlyTypeObject("data.vb365_mailbox_items.calendar", &fullFirst, "appointment"),
	)
}

// byVersion picks the check for API v3 to v5 or for v6 and later.
func byVersion(version string, upToV5, fromV6 knownvalue.Check) knownvalue.Check {
	if version < "v6" {
		return upToV5
	}
	return fromV6
}

// TestAccDataSourceMailboxItemsRequests: folder_id narrows on the server (a folder's items
// cost requests for that folder only, never a walk of the mailbox), and a listing of N items
// takes ceil(N / page_size) list requests.
func TestAccDataSourceMailboxItemsRequests(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			const mailboxName, itemCount = "Requests Mailbox", 25
			sim := acctest.StartSimulator(t, vb365sim.WithLargeMailbox(mailboxName, itemCount))
			itemsRoute := "/" + version + "/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items"
			acctest.AccTest(t, resource.TestStep{
				Config: sim.ProviderConfig(version) + fmt.Sprintf(`
data "vb365_mailbox_items" "calendar" {
  restore_session_id = %[1]s
  mailbox_id         = %[2]s
  folder_id          = %[3]s
  page_size          = 1
}

data "vb365_mailbox_items" "large" {
  restore_session_id = %[1]s
  mailbox_id         = %[4]s
  page_size          = 5
}
`, acctest.Q(vb365sim.SeedRestoreSessionID), acctest.Q(vb365sim.SeedMailboxID), acctest.Q(vb365sim.SeedCalendarFolderID), acctest.Q(vb365sim.LargeMailboxID(mailboxName))),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vb365_mailbox_items.calendar", tfjsonpath.New("items"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue("data.vb365_mailbox_items.large", tfjsonpath.New("items"), knownvalue.ListSizeExact(itemCount)),
					acctest.StateCheckFunc(func(*tfjson.State) error {
						// Per read: 2 requests for the calendar's 2 items at page size 1 (a walk
						// of the 17-item mailbox would take 17), 5 for 25 items at page size 5.
						// The test framework reads the configuration more than once.
						n := sim.RequestCount("GET", itemsRoute)
						if n == 0 || n%7 != 0 {
							return fmt.Errorf("GET %s = %d, want a multiple of 2 + 5\nall counts: %v", itemsRoute, n, sim.RequestCounts())
						}
						return nil
					}),
				},
			})
		})
	}
}
