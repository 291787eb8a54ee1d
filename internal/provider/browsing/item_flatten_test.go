package browsing

import (
	"context"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

func ptr[T any](v T) *T { return &v }

// objectAttr returns attribute name of obj, failing the test when it is missing.
func objectAttr(t *testing.T, obj types.Object, name string) attr.Value {
	t.Helper()
	v, ok := obj.Attributes()[name]
	if !ok {
		t.Fatalf("object has no attribute %q", name)
	}
	return v
}

func flattenOK(t *testing.T, item vb365.Item) types.Object {
	t.Helper()
	obj, diags := flattenItem(item)
	if diags.HasError() {
		t.Fatalf("unexpected errors: %v", diags)
	}
	if !obj.Type(context.Background()).Equal(ItemObjectType()) {
		t.Fatalf("flattened type %s differs from ItemObjectType", obj.Type(context.Background()))
	}
	return obj
}

// requireOnlyTypeObject checks type and that exactly the object named after it is non-null.
func requireOnlyTypeObject(t *testing.T, obj types.Object, want string) types.Object {
	t.Helper()
	if got := objectAttr(t, obj, "type").(types.String).ValueString(); got != want {
		t.Errorf("type = %q, want %q", got, want)
	}
	var own types.Object
	for _, name := range itemTypeNames() {
		v := objectAttr(t, obj, name).(types.Object)
		if name == want {
			if v.IsNull() {
				t.Errorf("%s object is null for a %s item", name, want)
			}
			own = v
			continue
		}
		if !v.IsNull() {
			t.Errorf("%s object is not null for a %s item", name, want)
		}
	}
	return own
}

func requireString(t *testing.T, obj types.Object, name, want string) {
	t.Helper()
	got, ok := objectAttr(t, obj, name).(types.String)
	if !ok || got.IsNull() || got.ValueString() != want {
		t.Errorf("%s = %v, want %q", name, objectAttr(t, obj, name), want)
	}
}

func requireAllNull(t *testing.T, obj types.Object) {
	t.Helper()
	for name, v := range obj.Attributes() {
		if !v.IsNull() {
			t.Errorf("%s = %v, want null for a field the server did not send", name, v)
		}
	}
}

func TestFlattenItem_everyType(t *testing.T) {
	attachments := []vb365.Attachment{{Name: "a.txt", SizeBytes: ptr(int64(12))}, {Name: "b.bin"}}
	cases := []struct {
		name  string
		item  vb365.Item
		typ   string
		check func(t *testing.T, own types.Object)
	}{
		{"message", vb365.Item{Message: &vb365.MessageFields{
			From: ptr("a@x"), To: ptr("b@x"), Cc: ptr("c@x"), Bcc: ptr("d@x"), Subject: ptr("Hi"),
			Sent: ptr("2017-05-25T08:39:16Z"), Received: ptr("2017-05-25T08:39:17Z"), Reminder: ptr(true),
			Importance: ptr("High"), Attachments: attachments,
		}}, "message", func(t *testing.T, own types.Object) {
			requireString(t, own, "from", "a@x")
			requireString(t, own, "bcc", "d@x")
			requireString(t, own, "received", "2017-05-25T08:39:17Z")
			requireString(t, own, "importance", "High")
			if v := objectAttr(t, own, "reminder").(types.Bool); !v.ValueBool() {
				t.Errorf("reminder = %v", v)
			}
			list := objectAttr(t, own, "attachments").(types.List)
			if len(list.Elements()) != 2 {
				t.Fatalf("attachments = %v", list)
			}
			first := list.Elements()[0].(types.Object)
			requireString(t, first, "name", "a.txt")
			if size := objectAttr(t, first, "size_bytes").(types.Int64); size.ValueInt64() != 12 {
				t.Errorf("size_bytes = %v", size)
			}
			if size := objectAttr(t, list.Elements()[1].(types.Object), "size_bytes"); !size.IsNull() {
				t.Errorf("unknown size = %v, want null", size)
			}
		}},
		{"appointment", vb365.Item{Appointment: &vb365.AppointmentFields{
			Subject: ptr("Review"), StartTime: ptr("2022-10-09T21:00:00Z"), EndTime: ptr("2022-10-10T21:00:00Z"),
			Organizer: ptr("o@x"), Location: ptr("Confroom07"), Attendees: ptr("qa@x"), Recurring: ptr(false),
			RecurrencePatternFormat: ptr("Weekly"), Attachments: attachments[:1],
		}}, "appointment", func(t *testing.T, own types.Object) {
			requireString(t, own, "location", "Confroom07")
			requireString(t, own, "start_time", "2022-10-09T21:00:00Z")
			requireString(t, own, "recurrence_pattern_format", "Weekly")
			if v := objectAttr(t, own, "recurring").(types.Bool); v.IsNull() || v.ValueBool() {
				t.Errorf("recurring = %v, want false (not null)", v)
			}
		}},
		{"task", vb365.Item{Task: &vb365.TaskFields{
			Subject: ptr("Do"), Status: ptr("Completed"), PercentComplete: ptr(62.5), StartDate: ptr("s"), DueDate: ptr("d"), Owner: ptr("o"),
		}}, "task", func(t *testing.T, own types.Object) {
			requireString(t, own, "status", "Completed")
			requireString(t, own, "due_date", "d")
			if v := objectAttr(t, own, "percent_complete").(types.Float64); v.ValueFloat64() != 62.5 {
				t.Errorf("percent_complete = %v", v)
			}
		}},
		{"contact", vb365.Item{Contact: &vb365.ContactFields{
			Subject: ptr("s"), FullName: ptr("John Smith"), Mobile: ptr("1"), HomePhone: ptr("2"), Fax: ptr("3"),
			Address: ptr("356 Baker St."), Company: ptr("Acme"), JobTitle: ptr("Manager"), Email: ptr("j@x"),
			BusinessPhone: ptr("4"), WebPage: ptr("https://acme"), DisplayAs: ptr("JS"), FileAs: ptr("Smith, John"), IMAddress: ptr("im"),
		}}, "contact", func(t *testing.T, own types.Object) {
			requireString(t, own, "full_name", "John Smith")
			requireString(t, own, "home_phone", "2")
			requireString(t, own, "job_title", "Manager")
			requireString(t, own, "business_phone", "4")
			requireString(t, own, "web_page", "https://acme")
			requireString(t, own, "display_as", "JS")
			requireString(t, own, "file_as", "Smith, John")
			requireString(t, own, "im_address", "im")
		}},
		{"note", vb365.Item{Note: &vb365.NoteFields{Name: ptr("Important"), Date: ptr("6/5/2017 1:12 PM")}}, "note",
			func(t *testing.T, own types.Object) {
				requireString(t, own, "name", "Important")
				requireString(t, own, "date", "6/5/2017 1:12 PM")
				if v := objectAttr(t, own, "subject"); !v.IsNull() {
					t.Errorf("subject = %v, want null", v)
				}
			}},
		{"journal", vb365.Item{Journal: &vb365.JournalFields{
			Subject: ptr("Call"), StartDate: ptr("sd"), StartTime: ptr("st"), Duration: ptr(int64(90)), EntryType: ptr("Phone Call"), Company: ptr("Acme"),
		}}, "journal", func(t *testing.T, own types.Object) {
			requireString(t, own, "entry_type", "Phone Call")
			requireString(t, own, "start_date", "sd")
			requireString(t, own, "start_time", "st")
			if v := objectAttr(t, own, "duration").(types.Int64); v.ValueInt64() != 90 {
				t.Errorf("duration = %v", v)
			}
		}},
		{"contact_group", vb365.Item{ContactGroup: &vb365.ContactGroupFields{Name: ptr("Team"), Subject: ptr("Team")}}, "contact_group",
			func(t *testing.T, own types.Object) { requireString(t, own, "name", "Team") }},
		{"discussion", vb365.Item{Discussion: &vb365.DiscussionFields{
			Subject: ptr("Notes"), From: ptr("r@x"), PostedOn: ptr("2017-06-02T11:30:00Z"), Importance: ptr("Normal"), Attachments: []vb365.Attachment{},
		}}, "discussion", func(t *testing.T, own types.Object) {
			requireString(t, own, "posted_on", "2017-06-02T11:30:00Z")
			list := objectAttr(t, own, "attachments").(types.List)
			if list.IsNull() || len(list.Elements()) != 0 {
				t.Errorf("an empty attachment list stays an empty list: %v", list)
			}
		}},
		{"unknown", vb365.Item{Unknown: &vb365.UnknownFields{Attributes: map[string]string{"color": "red", "mailboxId": "m"}}}, "unknown",
			func(t *testing.T, own types.Object) {
				m := objectAttr(t, own, "attributes").(types.Map)
				if len(m.Elements()) != 2 || m.Elements()["color"].(types.String).ValueString() != "red" {
					t.Errorf("attributes = %v", m)
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.item.ID, c.item.ItemClass = "ID==", "IPM.Whatever"
			obj := flattenOK(t, c.item)
			c.check(t, requireOnlyTypeObject(t, obj, c.typ))
		})
	}
}

func TestFlattenItem_commonAttributes(t *testing.T) {
	obj := flattenOK(t, vb365.Item{
		ID: "AAA==", ItemClass: "IPM.Appointment", Subject: ptr("Review"), FolderID: "FOLDER==",
		Links: vb365.ItemLinks{Self: "/v8/self", Parent: "/v8/parent", Mailbox: "/v8/mailbox"},
		// Out of order on purpose: the list is sorted.
		AvailableActions: []vb365.ActionKind{vb365.ActionSaveToMSG, vb365.ActionExportToPST},
		Appointment:      &vb365.AppointmentFields{},
	})
	requireString(t, obj, "id", "AAA==")
	requireString(t, obj, "item_class", "IPM.Appointment")
	requireString(t, obj, "subject", "Review")
	requireString(t, obj, "folder_id", "FOLDER==")
	links := objectAttr(t, obj, "links").(types.Object)
	requireString(t, links, "self", "/v8/self")
	requireString(t, links, "parent", "/v8/parent")
	requireString(t, links, "mailbox", "/v8/mailbox")
	actions := objectAttr(t, obj, "available_actions").(types.List).Elements()
	if len(actions) != 2 || actions[0].(types.String).ValueString() != "export_to_pst" || actions[1].(types.String).ValueString() != "save_to_msg" {
		t.Errorf("available_actions = %v, want sorted canonical names", actions)
	}
}

// Fields the server did not send are null, not empty strings or zeros.
func TestFlattenItem_missingFieldsAreNull(t *testing.T) {
	items := map[string]vb365.Item{
		"message":       {Message: &vb365.MessageFields{}},
		"appointment":   {Appointment: &vb365.AppointmentFields{}},
		"task":          {Task: &vb365.TaskFields{}},
		"contact":       {Contact: &vb365.ContactFields{}},
		"note":          {Note: &vb365.NoteFields{}},
		"journal":       {Journal: &vb365.JournalFields{}},
		"contact_group": {ContactGroup: &vb365.ContactGroupFields{}},
		"discussion":    {Discussion: &vb365.DiscussionFields{}},
	}
	for typ, item := range items {
		t.Run(typ, func(t *testing.T) {
			obj := flattenOK(t, item)
			requireAllNull(t, requireOnlyTypeObject(t, obj, typ))
			for _, name := range []string{"id", "item_class", "subject", "folder_id"} {
				if v := objectAttr(t, obj, name); !v.IsNull() {
					t.Errorf("%s = %v, want null", name, v)
				}
			}
			requireAllNull(t, objectAttr(t, obj, "links").(types.Object))
			actions := objectAttr(t, obj, "available_actions").(types.List)
			if actions.IsNull() || len(actions.Elements()) != 0 {
				t.Errorf("available_actions = %v, want an empty list", actions)
			}
		})
	}
}

// An item the decoder gave no typed fields stays readable as unknown.
func TestFlattenItem_noTypedFieldsIsUnknown(t *testing.T) {
	obj := flattenOK(t, vb365.Item{ID: "X", ItemClass: "IPM.Odd"})
	own := requireOnlyTypeObject(t, obj, "unknown")
	m := objectAttr(t, own, "attributes").(types.Map)
	if m.IsNull() || len(m.Elements()) != 0 {
		t.Errorf("attributes = %v, want an empty map", m)
	}
}

// One item shape everywhere: vb365_mailbox_item's computed attributes, the elements of
// vb365_mailbox_items.full_items and ItemObjectType are the same type; the elements of
// vb365_mailbox_items.items are the summary attributes, built with summaryTFType.
func TestItemShapeIsShared(t *testing.T) {
	ctx := context.Background()
	schemaOf := func(ds datasource.DataSource) schema.Schema {
		var resp datasource.SchemaResponse
		ds.Schema(ctx, datasource.SchemaRequest{}, &resp)
		return resp.Schema
	}

	single := schemaOf(NewMailboxItemDataSource())
	attrs := map[string]schema.Attribute{}
	for name, a := range single.Attributes {
		if !contains(mailboxItemArguments, name) && !contains(mailboxItemSessionAttributes, name) {
			attrs[name] = a
		}
	}
	singleType := types.ObjectType{AttrTypes: framework.AttrTypesOf(attrs)}
	if !singleType.Equal(ItemObjectType()) {
		t.Errorf("vb365_mailbox_item attributes differ from ItemObjectType:\n%s\n%s", singleType, ItemObjectType())
	}

	listing := schemaOf(NewMailboxItemsDataSource())
	full, ok := listing.Attributes["full_items"].GetType().(framework.RawListType)
	if !ok || !full.ElemType.Equal(ItemObjectType()) {
		t.Errorf("vb365_mailbox_items.full_items element differs from ItemObjectType")
	}
	summary, ok := listing.Attributes["items"].GetType().(framework.RawListType)
	if !ok || !summary.ElemType.Equal(types.ObjectType{AttrTypes: framework.AttrTypesOf(SummaryAttributes())}) ||
		!summary.ElemType.TerraformType(ctx).Equal(summaryTFType()) {
		t.Errorf("vb365_mailbox_items.items element differs from the summary attributes")
	}

	for _, typ := range itemTypeNames() {
		if _, ok := ItemObjectType().AttrTypes[typ]; !ok {
			t.Errorf("no nested object for item type %q", typ)
		}
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
