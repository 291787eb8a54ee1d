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

func TestAccDataSourceMailboxFolders(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			folderIDs := func(want ...string) knownvalue.Check {
				checks := make([]knownvalue.Check, len(want))
				for i, id := range want {
					checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
				}
				return knownvalue.ListExact(checks)
			}
			folders := tfjsonpath.New("folders")
			// Folder categories exist from v6 on.
			var inboxCategory knownvalue.Check = knownvalue.StringExact("Inbox")
			if version == "v3" {
				inboxCategory = knownvalue.Null()
			}
			acctest.AccTest(t, resource.TestStep{
				Config: sim.ProviderConfig(version) + fmt.Sprintf(`
locals {
  session = %s
  mailbox = %s
}

data "vb365_mailbox_folders" "all" {
  restore_session_id = local.session
  mailbox_id         = local.mailbox
  page_size          = 5
}

data "vb365_mailbox_folders" "top" {
  restore_session_id = local.session
  mailbox_id         = local.mailbox
  parent_id          = "root"
}

data "vb365_mailbox_folders" "inbox_children" {
  restore_session_id = local.session
  mailbox_id         = local.mailbox
  parent_id          = %s
}

data "vb365_mailbox_folders" "calendar" {
  restore_session_id = local.session
  mailbox_id         = local.mailbox
  name               = "Cal*"
}

data "vb365_mailbox_folders" "first_three" {
  restore_session_id = local.session
  mailbox_id         = local.mailbox
  max_items          = 3
  page_size          = 2
}
`, acctest.Q(vb365sim.SeedRestoreSessionID), acctest.Q(vb365sim.SeedMailboxID), acctest.Q(vb365sim.InboxFolderID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vb365_mailbox_folders.all", folders, knownvalue.ListSizeExact(12)),
					statecheck.ExpectKnownValue("data.vb365_mailbox_folders.all", folders.AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":          knownvalue.StringExact(vb365sim.InboxFolderID),
						"name":        knownvalue.StringExact("Inbox"),
						"type":        knownvalue.StringExact("None"),
						"category":    inboxCategory,
						"description": knownvalue.StringExact("Incoming mail"),
						"parent_id":   knownvalue.Null(),
						"mailbox_id":  knownvalue.StringExact(vb365sim.SeedMailboxID),
					})),
					// A nested folder's parent comes from its parent link.
					statecheck.ExpectKnownValue("data.vb365_mailbox_folders.all", folders.AtSliceIndex(2), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id":        knownvalue.StringExact(vb365sim.InboxSubSubFolderID),
						"parent_id": knownvalue.StringExact(vb365sim.InboxSubFolderID),
					})),
					statecheck.ExpectKnownValue("data.vb365_mailbox_folders.top", folders, knownvalue.ListSizeExact(9)),
					statecheck.ExpectKnownValue("data.vb365_mailbox_folders.inbox_children", folders, folderIDs(vb365sim.InboxSubFolderID, vb365sim.SlashFolderID)),
					statecheck.ExpectKnownValue("data.vb365_mailbox_folders.calendar", folders, knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id":   knownvalue.StringExact(vb365sim.SeedCalendarFolderID),
							"name": knownvalue.StringExact("Calendar"),
							"type": knownvalue.StringExact("Appointment"),
						}),
					})),
					statecheck.ExpectKnownValue("data.vb365_mailbox_folders.first_three", folders,
						folderIDs(vb365sim.InboxFolderID, vb365sim.InboxSubFolderID, vb365sim.InboxSubSubFolderID)),
				},
			})
		})
	}
}
