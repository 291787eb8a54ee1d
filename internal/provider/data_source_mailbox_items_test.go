package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func TestAccDataSourceMailboxItems(t *testing.T) {
	for _, version := range testedVersions {
		t.Run(version, func(t *testing.T) {
			sim := acctest.StartSimulator(t)
			items := tfjsonpath.New("items")
			itemIDs := func(want ...string) knownvalue.Check {
				checks := make([]knownvalue.Check, len(want))
				for i, id := range want {
					checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
				}
				return knownvalue.ListExact(checks)
			}
			first := items.AtSliceIndex(0)
			parallelAccTest(t, resource.TestStep{
				Config: sim.ProviderConfig(version) + fmt.Sprintf(`
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

# An element of items has the shape of vb365_mailbox_item.
data "vb365_mailbox_item" "appointment" {
  restore_session_id = local.session
  mailbox_id         = local.mailbox
  item_id            = data.vb365_mailbox_items.calendar.items[0].id
}

output "same_shape" {
  value = {
    for k, v in data.vb365_mailbox_item.appointment : k => v
    if !contains(["restore_session_id", "organization_id", "point_in_time", "mailbox_id", "item_id"], k)
  } == data.vb365_mailbox_items.calendar.items[0]
}
`, q(vb365sim.SeedRestoreSessionID), q(vb365sim.SeedMailboxID), q(vb365sim.SeedCalendarFolderID), q(vb365sim.InboxSubFolderID)),
				ConfigStateChecks: joinChecks(
					[]statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.vb365_mailbox_items.all", items, knownvalue.ListSizeExact(17)),
						statecheck.ExpectKnownValue("data.vb365_mailbox_items.calendar", items, itemIDs(vb365sim.SeedAppointmentID, vb365sim.AppointmentItemID)),
						statecheck.ExpectKnownValue("data.vb365_mailbox_items.calendar", first.AtMapKey("appointment").AtMapKey("location"), knownvalue.StringExact("Confroom07")),
						statecheck.ExpectKnownValue("data.vb365_mailbox_items.calendar", first.AtMapKey("folder_id"), knownvalue.StringExact(vb365sim.SeedCalendarFolderID)),
						statecheck.ExpectKnownValue("data.vb365_mailbox_items.calendar", first.AtMapKey("available_actions"), allActions),
						statecheck.ExpectKnownValue("data.vb365_mailbox_items.projects", items, itemIDs(vb365sim.SubFolderItemID)),
						statecheck.ExpectKnownValue("data.vb365_mailbox_items.journal", items, itemIDs(vb365sim.SeedJournalID, vb365sim.ActivityItemID)),
						statecheck.ExpectKnownValue("data.vb365_mailbox_items.first_task", items, itemIDs(vb365sim.SeedTaskID)),
						statecheck.ExpectKnownValue("data.vb365_mailbox_items.first_five", items, knownvalue.ListSizeExact(5)),
						statecheck.ExpectKnownOutputValue("same_shape", knownvalue.Bool(true)),
					},
					expectOnlyTypeObject("data.vb365_mailbox_items.calendar", &first, "appointment"),
				),
			})
		})
	}
}
