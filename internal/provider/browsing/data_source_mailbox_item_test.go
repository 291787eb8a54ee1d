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

// Done-when proof 1: the seed page's appointment, read through vb365_mailbox_item, has its
// location, recurring flag, type and the folder of its parent link, in both dialects.
func TestAccDataSourceMailboxItem_seedAppointment(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			const address = "data.vb365_mailbox_item.appointment"
			acctest.AccTest(t, resource.TestStep{
				Config: sim.ProviderConfig(version) + acctest.SeedItemConfig("appointment", vb365sim.SeedAppointmentID),
				ConfigStateChecks: acctest.JoinChecks(
					[]statecheck.StateCheck{
						statecheck.ExpectKnownValue(address, tfjsonpath.New("appointment").AtMapKey("location"), knownvalue.StringExact("Confroom07")),
						statecheck.ExpectKnownValue(address, tfjsonpath.New("appointment").AtMapKey("recurring"), knownvalue.Bool(false)),
						statecheck.ExpectKnownValue(address, tfjsonpath.New("folder_id"), knownvalue.StringExact(vb365sim.SeedCalendarFolderID)),
						statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact(vb365sim.SeedAppointmentID)),
						statecheck.ExpectKnownValue(address, tfjsonpath.New("item_class"), knownvalue.StringExact("IPM.Appointment")),
						statecheck.ExpectKnownValue(address, tfjsonpath.New("appointment").AtMapKey("start_time"), knownvalue.StringExact("2022-10-09T21:00:00Z")),
						statecheck.ExpectKnownValue(address, tfjsonpath.New("appointment").AtMapKey("end_time"), knownvalue.StringExact("2022-10-10T21:00:00Z")),
						statecheck.ExpectKnownValue(address, tfjsonpath.New("appointment").AtMapKey("organizer"), knownvalue.StringExact("j_smith@bestsupport.onmicrosoft.com")),
						statecheck.ExpectKnownValue(address, tfjsonpath.New("appointment").AtMapKey("attendees"), knownvalue.StringExact("qa@bestsupport.onmicrosoft.com")),
						statecheck.ExpectKnownValue(address, tfjsonpath.New("available_actions"), acctest.AllActions),
						statecheck.ExpectKnownValue(address, tfjsonpath.New("links").AtMapKey("parent"),
							knownvalue.StringRegexp(acctest.RegexpLiteralSuffix("/folders/"+vb365sim.SeedCalendarFolderID))),
						statecheck.ExpectKnownValue(address, tfjsonpath.New("links").AtMapKey("self"),
							knownvalue.StringRegexp(acctest.RegexpLiteralSuffix("/items/"+vb365sim.SeedAppointmentID))),
					},
					acctest.ExpectOnlyTypeObject(address, nil, "appointment"),
				),
			})
		})
	}
}

// Every item type of the fixture flattens to its type and its own nested object, in both dialects.
func TestAccDataSourceMailboxItem_everyType(t *testing.T) {
	t.Parallel()
	type itemCase struct {
		name, id, itemType string
		versions           []string // nil: every tested version
		field              *tfjsonpath.Path
		value              knownvalue.Check
	}
	path := func(steps ...string) *tfjsonpath.Path {
		p := tfjsonpath.New(steps[0])
		for _, s := range steps[1:] {
			p = p.AtMapKey(s)
		}
		return &p
	}
	attachment0 := func(obj, key string) *tfjsonpath.Path {
		p := tfjsonpath.New(obj).AtMapKey("attachments").AtSliceIndex(0).AtMapKey(key)
		return &p
	}
	cases := []itemCase{
		{name: "message", id: vb365sim.SeedMessageID, itemType: "message", field: path("message", "from"), value: knownvalue.StringExact("j_smith@bestsupport.onmicrosoft.com")},
		{name: "message_bcc", id: vb365sim.SeedMessageID, itemType: "message", field: path("message", "bcc"), value: knownvalue.StringExact("rnd@bestsupport.onmicrosoft.com")},
		{name: "message_sent", id: vb365sim.SeedMessageID, itemType: "message", field: path("message", "sent"), value: knownvalue.StringExact("2017-05-25T08:39:16.8235249Z")},
		{name: "meeting_request", id: vb365sim.MeetingRequestItemID, itemType: "message", field: path("message", "reminder"), value: knownvalue.Bool(true)},
		{name: "importance", id: vb365sim.MeetingRequestItemID, itemType: "message", versions: []string{"v8"}, field: path("message", "importance"), value: knownvalue.StringExact("High")},
		{name: "message_attachment", id: vb365sim.FailingItemID, itemType: "message", versions: []string{"v8"}, field: attachment0("message", "size_bytes"), value: knownvalue.Int64Exact(1048576)},
		{name: "appointment_attachment", id: vb365sim.AppointmentItemID, itemType: "appointment", field: attachment0("appointment", "name"), value: knownvalue.StringExact("agenda.docx")},
		{name: "appointment_recurring", id: vb365sim.AppointmentItemID, itemType: "appointment", field: path("appointment", "recurring"), value: knownvalue.Bool(true)},
		{name: "recurrence_pattern", id: vb365sim.AppointmentItemID, itemType: "appointment", versions: []string{"v8"}, field: path("appointment", "recurrence_pattern_format"), value: knownvalue.StringExact("Occurs every 3 months on day 1")},
		{name: "task", id: vb365sim.SeedTaskID, itemType: "task", field: path("task", "percent_complete"), value: knownvalue.Float64Exact(100)},
		{name: "task_due", id: vb365sim.SeedTaskID, itemType: "task", field: path("task", "due_date"), value: knownvalue.StringExact("2017-05-04T18:00:00Z")},
		{name: "journal", id: vb365sim.SeedJournalID, itemType: "journal", field: path("journal", "entry_type"), value: knownvalue.StringExact("Phone Call")},
		{name: "journal_duration", id: vb365sim.SeedJournalID, itemType: "journal", field: path("journal", "duration"), value: knownvalue.Int64Exact(1)},
		{name: "journal_v3_start", id: vb365sim.SeedJournalID, itemType: "journal", versions: []string{"v3"}, field: path("journal", "start_date"), value: knownvalue.StringExact("2017-04-04T16:08:20.2882911Z")},
		{name: "journal_v8_start", id: vb365sim.SeedJournalID, itemType: "journal", versions: []string{"v8"}, field: path("journal", "start_time"), value: knownvalue.StringExact("2017-04-04T16:08:20.2882911Z")},
		{name: "activity", id: vb365sim.ActivityItemID, itemType: "journal", field: path("item_class"), value: knownvalue.StringExact("IPM.Activity")},
		// The seed's sticky note is labelled IPM.Note with name and date on the v3 page.
		{name: "seed_note", id: vb365sim.SeedNoteID, itemType: "note", versions: []string{"v3"}, field: path("note", "name"), value: knownvalue.StringExact("Important")},
		{name: "seed_note_date", id: vb365sim.SeedNoteID, itemType: "note", versions: []string{"v3"}, field: path("note", "date"), value: knownvalue.StringExact("2017-06-05T13:12:00Z")},
		{name: "sticky_note", id: vb365sim.StickyNoteItemID, itemType: "note", field: path("item_class"), value: knownvalue.StringExact("IPM.StickyNote")},
		{name: "contact", id: vb365sim.ContactItemID, itemType: "contact", field: path("contact", "web_page"), value: knownvalue.StringExact("https://acme.example.com")},
		{name: "contact_job", id: vb365sim.ContactItemID, itemType: "contact", field: path("contact", "job_title"), value: knownvalue.StringExact("Manager")},
		{name: "contact_im", id: vb365sim.ContactItemID, itemType: "contact", versions: []string{"v8"}, field: path("contact", "im_address"), value: knownvalue.StringExact("john.smith@microsoft.com")},
		{name: "contact_group", id: vb365sim.ContactGroupItemID, itemType: "contact_group", field: path("item_class"), value: knownvalue.StringExact("IPM.DistList")},
		{name: "discussion", id: vb365sim.DiscussionItemID, itemType: "discussion", field: path("discussion", "from"), value: knownvalue.StringExact("rnd@bestsupport.onmicrosoft.com")},
		{name: "discussion_attachment", id: vb365sim.DiscussionItemID, itemType: "discussion", versions: []string{"v8"}, field: attachment0("discussion", "size_bytes"), value: knownvalue.Int64Exact(2048)},
		{name: "unknown", id: vb365sim.UnknownClassItemID, itemType: "unknown", field: path("unknown", "attributes", "subject"), value: knownvalue.StringExact("Item of a class the simulator does not model")},
		{name: "slash_id", id: vb365sim.SlashItemID, itemType: "message", field: path("id"), value: knownvalue.StringExact(vb365sim.SlashItemID)},
		{name: "plus_id", id: vb365sim.PlusItemID, itemType: "message", field: path("id"), value: knownvalue.StringExact(vb365sim.PlusItemID)},
		{name: "subfolder", id: vb365sim.SubFolderItemID, itemType: "message", field: path("folder_id"), value: knownvalue.StringExact(vb365sim.InboxSubFolderID)},
	}
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			config := sim.ProviderConfig(version)
			var checks []statecheck.StateCheck
			for _, c := range cases {
				if c.versions != nil && !contains(c.versions, version) {
					continue
				}
				address := "data.vb365_mailbox_item." + c.name
				config += acctest.SeedItemConfig(c.name, c.id)
				checks = append(checks, statecheck.ExpectKnownValue(address, *c.field, c.value))
				checks = append(checks, acctest.ExpectOnlyTypeObject(address, nil, c.itemType)...)
			}
			acctest.AccTest(t, resource.TestStep{Config: config, ConfigStateChecks: checks})
		})
	}
}

func TestAccDataSourceMailboxItem_unknownItem(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			acctest.AccTest(t, resource.TestStep{
				// The summary names what is missing; the detail carries the server's message.
				Config:      sim.ProviderConfig(version) + acctest.SeedItemConfig("missing", "AAAAnotAnItemID=="),
				ExpectError: acctest.Wrapped(`VB365 mailbox item not found`, `Item with ID 'AAAAnotAnItemID==' was not found`),
			})
		})
	}
}

// Done-when proof 2: 200 vb365_mailbox_item data sources, fed by a listing, share one token and
// cost one GET each.
//
// The assertion is exact because of how a Config step runs: `plan` (reads every data source:
// the mailbox listing, the item listing and the 200 items) then `apply` of that saved plan,
// which does not read data sources again (their results are in the plan) and so makes no API
// request at all. The Check runs right after that apply, before the framework's follow-up
// plans, so the simulator has seen exactly one plan's worth of requests. Each CLI command runs
// its own provider instance; the plan's one instance must fetch one token for all 200 reads,
// which run concurrently (the CLI's default parallelism is 10).
//
// It runs in one dialect only: token sharing and request counting do not depend on it, and
// 200 data sources make this the slowest test by far.
func TestAccDataSourceMailboxItem_twoHundredItemsShareOneToken(t *testing.T) {
	t.Parallel()
	const (
		mailboxName = "Bulk Mailbox"
		itemCount   = 200
	)
	for _, version := range []string{"v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t, vb365sim.WithLargeMailbox(mailboxName, itemCount))
			config := sim.ProviderConfig(version) + fmt.Sprintf(`
data "vb365_mailboxes" "bulk" {
  restore_session_id = %[1]s
  name               = %[2]s
}

data "vb365_mailbox_items" "bulk" {
  restore_session_id = %[1]s
  mailbox_id         = data.vb365_mailboxes.bulk.mailboxes[0].id
  page_size          = 1000
}

data "vb365_mailbox_item" "each" {
  # count, not for_each: the test framework's legacy state shim rejects string instance keys.
  count              = length(data.vb365_mailbox_items.bulk.items)
  restore_session_id = %[1]s
  mailbox_id         = data.vb365_mailboxes.bulk.mailboxes[0].id
  item_id            = data.vb365_mailbox_items.bulk.items[count.index].id
}
`, acctest.Q(vb365sim.SeedRestoreSessionID), acctest.Q(mailboxName))

			acctest.AccTest(t, resource.TestStep{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateCheckFunc(func(state *tfjson.State) error {
						read := 0
						for _, r := range state.Values.RootModule.Resources {
							if r.Mode == tfjson.DataResourceMode && r.Type == "vb365_mailbox_item" {
								read++
							}
						}
						if read != itemCount {
							return fmt.Errorf("state holds %d vb365_mailbox_item data sources, want %d", read, itemCount)
						}
						if n := sim.TokenRequests(); n != 1 {
							return fmt.Errorf("token requests = %d, want 1 (one per provider instance that talks to the API)", n)
						}
						if n := sim.RequestCount("GET", acctest.ItemRoute(version)); n != itemCount {
							return fmt.Errorf("GET %s = %d, want %d (one per item)\nall counts: %v", acctest.ItemRoute(version), n, itemCount, sim.RequestCounts())
						}
						return nil
					}),
					statecheck.ExpectKnownValue("data.vb365_mailbox_items.bulk", tfjsonpath.New("items"), knownvalue.ListSizeExact(itemCount)),
					statecheck.ExpectKnownValue("data.vb365_mailbox_item.each[199]",
						tfjsonpath.New("id"), knownvalue.StringExact(vb365sim.LargeMailboxItemID(mailboxName, 199))),
					statecheck.ExpectKnownValue("data.vb365_mailbox_item.each[199]",
						tfjsonpath.New("message").AtMapKey("subject"), knownvalue.StringExact("Generated message 200")),
				},
			})
		})
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
