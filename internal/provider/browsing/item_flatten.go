package browsing

import (
	"context"
	"math/big"
	"sort"
	"sync"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// An item flattens to one object shape, used by vb365_mailbox_item (top-level attributes),
// the elements of vb365_mailbox_items.items, and later by the restore resource. The schema
// attributes below are the single definition; the attr.Type maps are derived from them once.

func computedBool(desc string) schema.BoolAttribute {
	return schema.BoolAttribute{Computed: true, MarkdownDescription: desc}
}

func attachmentsAttribute(owner string) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: "Attachments of the " + owner + "; null when the server sends no attachment list.",
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"name":       framework.ComputedString("File name of the attachment."),
			"size_bytes": framework.ComputedInt64("Size of the attachment in bytes (v3 sends it as a string as `size`)."),
		}},
	}
}

// typeObjectAttributes are the per-type nested objects; exactly one is non-null per item.
func typeObjectAttributes() map[string]schema.Attribute {
	nested := func(desc string, attrs map[string]schema.Attribute) schema.SingleNestedAttribute {
		return schema.SingleNestedAttribute{Computed: true, MarkdownDescription: desc, Attributes: attrs}
	}
	return map[string]schema.Attribute{
		"message": nested("Fields of a mail message (`type = \"message\"`); null for other types.", map[string]schema.Attribute{
			"from":        framework.ComputedString("Sender address."),
			"to":          framework.ComputedString("Recipient addresses as sent by the server."),
			"cc":          framework.ComputedString("Carbon-copy recipients."),
			"bcc":         framework.ComputedString("Blind carbon-copy recipients."),
			"subject":     framework.ComputedString("Subject line."),
			"sent":        framework.ComputedString("When the message was sent (RFC 3339 UTC when the server's value parses)."),
			"received":    framework.ComputedString("When the message was received (RFC 3339 UTC when the server's value parses)."),
			"reminder":    computedBool("Whether the message carries a reminder."),
			"importance":  framework.ComputedString("`Low`, `Normal` or `High` (API v6 and later)."),
			"attachments": attachmentsAttribute("message"),
		}),
		"appointment": nested("Fields of a calendar item (`type = \"appointment\"`); null for other types.", map[string]schema.Attribute{
			"subject":                   framework.ComputedString("Subject of the appointment (API v6 and later)."),
			"start_time":                framework.ComputedString("Start (RFC 3339 UTC when the server's value parses)."),
			"end_time":                  framework.ComputedString("End (RFC 3339 UTC when the server's value parses)."),
			"organizer":                 framework.ComputedString("Organizer address."),
			"location":                  framework.ComputedString("Location."),
			"attendees":                 framework.ComputedString("Attendees, as the single string the server sends."),
			"recurring":                 computedBool("Whether the appointment recurs."),
			"recurrence_pattern_format": framework.ComputedString("Recurrence pattern description (API v6 and later)."),
			"attachments":               attachmentsAttribute("appointment"),
		}),
		"task": nested("Fields of a task (`type = \"task\"`); null for other types.", map[string]schema.Attribute{
			"subject":          framework.ComputedString("Subject of the task (API v6 and later)."),
			"status":           framework.ComputedString("`NotStarted`, `InProgress`, `Completed`, `WaitingOnSomeoneElse` or `Deferred`."),
			"percent_complete": schema.Float64Attribute{Computed: true, MarkdownDescription: "Progress in percent."},
			"start_date":       framework.ComputedString("Start (RFC 3339 UTC when the server's value parses)."),
			"due_date":         framework.ComputedString("Due date (RFC 3339 UTC when the server's value parses)."),
			"owner":            framework.ComputedString("Owner address."),
		}),
		"contact": nested("Fields of a contact (`type = \"contact\"`); null for other types.", map[string]schema.Attribute{
			"subject":        framework.ComputedString("Subject of the contact item (API v6 and later)."),
			"full_name":      framework.ComputedString("Full name."),
			"mobile":         framework.ComputedString("Mobile phone number."),
			"home_phone":     framework.ComputedString("Home phone number."),
			"fax":            framework.ComputedString("Fax number."),
			"address":        framework.ComputedString("Postal address."),
			"company":        framework.ComputedString("Company."),
			"job_title":      framework.ComputedString("Job title."),
			"email":          framework.ComputedString("Email address."),
			"business_phone": framework.ComputedString("Business phone number."),
			"web_page":       framework.ComputedString("Web page."),
			"display_as":     framework.ComputedString("Display name (API v6 and later)."),
			"file_as":        framework.ComputedString("File-as name (API v6 and later)."),
			"im_address":     framework.ComputedString("Instant-messaging address (API v6 and later)."),
		}),
		"note": nested("Fields of a sticky note (`type = \"note\"`); null for other types.", map[string]schema.Attribute{
			"name":    framework.ComputedString("Name of the note (v3)."),
			"subject": framework.ComputedString("Subject of the note (API v6 and later)."),
			"date":    framework.ComputedString("When the note was created (RFC 3339 UTC when the server's value parses)."),
		}),
		"journal": nested("Fields of a journal entry (`type = \"journal\"`); null for other types.", map[string]schema.Attribute{
			"subject":    framework.ComputedString("Subject."),
			"start_date": framework.ComputedString("Start (v3 `startDate`; RFC 3339 UTC when the server's value parses)."),
			"start_time": framework.ComputedString("Start (API v6 and later `startTime`; RFC 3339 UTC when the server's value parses)."),
			"duration":   framework.ComputedInt64("Duration as the server counts it."),
			"entry_type": framework.ComputedString("Entry type, for example `Phone Call`."),
			"company":    framework.ComputedString("Company (API v6 and later)."),
		}),
		"contact_group": nested("Fields of a contact group (`type = \"contact_group\"`); null for other types.", map[string]schema.Attribute{
			"name":    framework.ComputedString("Name of the group."),
			"subject": framework.ComputedString("Subject of the group item."),
		}),
		"discussion": nested("Fields of a discussion post (`type = \"discussion\"`); null for other types.", map[string]schema.Attribute{
			"subject":     framework.ComputedString("Subject."),
			"from":        framework.ComputedString("Author address."),
			"posted_on":   framework.ComputedString("When the post was made (RFC 3339 UTC when the server's value parses)."),
			"importance":  framework.ComputedString("`Low`, `Normal` or `High`."),
			"attachments": attachmentsAttribute("post"),
		}),
		"unknown": nested("An item of a class this provider does not know (`type = \"unknown\"`); null for other types.", map[string]schema.Attribute{
			"attributes": schema.MapAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The item's top-level scalar fields as sent by the server, rendered as strings.",
			},
		}),
	}
}

// ItemAttributes are the computed attributes of one item.
func ItemAttributes() map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{
		"id":         framework.ComputedString("Item ID (an Exchange-style base64 string)."),
		"item_class": framework.ComputedString("Exchange message class as sent by the server, for example `IPM.Note`."),
		"type": framework.ComputedString("Canonical item type derived from `item_class` (and, where the class is ambiguous, " +
			"from the fields present): `message`, `appointment`, `task`, `contact`, `note`, `journal`, " +
			"`contact_group`, `discussion` or `unknown`. The nested object of the same name holds the fields."),
		"subject":   framework.ComputedString("Subject of the item where its type has one (a note's name on v3)."),
		"folder_id": framework.ComputedString("ID of the folder holding the item, parsed from its parent link."),
		"links": schema.SingleNestedAttribute{
			Computed: true,
			MarkdownDescription: "The item's links as sent (absolute URLs on API v3 to v5, relative paths from v6). " +
				"They are parsed for IDs and never followed.",
			Attributes: map[string]schema.Attribute{
				"self":    framework.ComputedString("Link to the item."),
				"parent":  framework.ComputedString("Link to the folder holding the item."),
				"mailbox": framework.ComputedString("Link to the mailbox holding the item."),
			},
		},
		"available_actions": schema.ListAttribute{
			Computed:    true,
			ElementType: types.StringType,
			MarkdownDescription: "Actions the server offers for the item, as canonical names: `restore_to_original_location`, " +
				"`restore_to`, `export_to_pst`, `save_to_msg`, `send_to_default_address`, `send_to_different_address`. " +
				"Empty when the server lists none.",
		},
	}
	for name, a := range typeObjectAttributes() {
		attrs[name] = a
	}
	return attrs
}

var (
	itemAttrTypesOnce = sync.OnceValue(func() map[string]attr.Type { return framework.AttrTypesOf(ItemAttributes()) })
	typeAttrTypesOnce = sync.OnceValue(func() map[string]map[string]attr.Type {
		out := map[string]map[string]attr.Type{}
		for name, a := range typeObjectAttributes() {
			if object, ok := a.GetType().(types.ObjectType); ok {
				out[name] = object.AttrTypes
			}
		}
		return out
	})
	attachmentAttrTypes = map[string]attr.Type{"name": types.StringType, "size_bytes": types.Int64Type}
	linksAttrTypes      = map[string]attr.Type{"self": types.StringType, "parent": types.StringType, "mailbox": types.StringType}
)

// ItemObjectType is the object type of one flattened item, e.g. for a list of items.
func ItemObjectType() types.ObjectType {
	return types.ObjectType{AttrTypes: itemAttrTypesOnce()}
}

func stringValue(p *string) types.String {
	if p == nil {
		return types.StringNull()
	}
	return types.StringValue(*p)
}

func boolValue(p *bool) types.Bool {
	if p == nil {
		return types.BoolNull()
	}
	return types.BoolValue(*p)
}

func int64Value(p *int64) types.Int64 {
	if p == nil {
		return types.Int64Null()
	}
	return types.Int64Value(*p)
}

func float64Value(p *float64) types.Float64 {
	if p == nil {
		return types.Float64Null()
	}
	return types.Float64Value(*p)
}

func attachmentsValue(list []vb365.Attachment, diags *diag.Diagnostics) types.List {
	elemType := types.ObjectType{AttrTypes: attachmentAttrTypes}
	if list == nil {
		return types.ListNull(elemType)
	}
	elems := make([]attr.Value, 0, len(list))
	for _, a := range list {
		obj, d := types.ObjectValue(attachmentAttrTypes, map[string]attr.Value{
			"name":       framework.NonEmptyString(a.Name),
			"size_bytes": int64Value(a.SizeBytes),
		})
		diags.Append(d...)
		elems = append(elems, obj)
	}
	value, d := types.ListValue(elemType, elems)
	diags.Append(d...)
	return value
}

// typeObjectValues returns the values of the item's own type object, keyed by type name.
func typeObjectValues(item vb365.Item, diags *diag.Diagnostics) (string, map[string]attr.Value) {
	switch {
	case item.Message != nil:
		m := item.Message
		return "message", map[string]attr.Value{
			"from": stringValue(m.From), "to": stringValue(m.To), "cc": stringValue(m.Cc), "bcc": stringValue(m.Bcc),
			"subject": stringValue(m.Subject), "sent": stringValue(m.Sent), "received": stringValue(m.Received),
			"reminder": boolValue(m.Reminder), "importance": stringValue(m.Importance),
			"attachments": attachmentsValue(m.Attachments, diags),
		}
	case item.Appointment != nil:
		a := item.Appointment
		return "appointment", map[string]attr.Value{
			"subject": stringValue(a.Subject), "start_time": stringValue(a.StartTime), "end_time": stringValue(a.EndTime),
			"organizer": stringValue(a.Organizer), "location": stringValue(a.Location), "attendees": stringValue(a.Attendees),
			"recurring": boolValue(a.Recurring), "recurrence_pattern_format": stringValue(a.RecurrencePatternFormat),
			"attachments": attachmentsValue(a.Attachments, diags),
		}
	case item.Task != nil:
		t := item.Task
		return "task", map[string]attr.Value{
			"subject": stringValue(t.Subject), "status": stringValue(t.Status), "percent_complete": float64Value(t.PercentComplete),
			"start_date": stringValue(t.StartDate), "due_date": stringValue(t.DueDate), "owner": stringValue(t.Owner),
		}
	case item.Contact != nil:
		c := item.Contact
		return "contact", map[string]attr.Value{
			"subject": stringValue(c.Subject), "full_name": stringValue(c.FullName), "mobile": stringValue(c.Mobile),
			"home_phone": stringValue(c.HomePhone), "fax": stringValue(c.Fax), "address": stringValue(c.Address),
			"company": stringValue(c.Company), "job_title": stringValue(c.JobTitle), "email": stringValue(c.Email),
			"business_phone": stringValue(c.BusinessPhone), "web_page": stringValue(c.WebPage),
			"display_as": stringValue(c.DisplayAs), "file_as": stringValue(c.FileAs), "im_address": stringValue(c.IMAddress),
		}
	case item.Note != nil:
		n := item.Note
		return "note", map[string]attr.Value{
			"name": stringValue(n.Name), "subject": stringValue(n.Subject), "date": stringValue(n.Date),
		}
	case item.Journal != nil:
		j := item.Journal
		return "journal", map[string]attr.Value{
			"subject": stringValue(j.Subject), "start_date": stringValue(j.StartDate), "start_time": stringValue(j.StartTime),
			"duration": int64Value(j.Duration), "entry_type": stringValue(j.EntryType), "company": stringValue(j.Company),
		}
	case item.ContactGroup != nil:
		g := item.ContactGroup
		return "contact_group", map[string]attr.Value{"name": stringValue(g.Name), "subject": stringValue(g.Subject)}
	case item.Discussion != nil:
		d := item.Discussion
		return "discussion", map[string]attr.Value{
			"subject": stringValue(d.Subject), "from": stringValue(d.From), "posted_on": stringValue(d.PostedOn),
			"importance": stringValue(d.Importance), "attachments": attachmentsValue(d.Attachments, diags),
		}
	default:
		// An unknown class, or a decoder that left every typed pointer nil: keep the item
		// readable as "unknown" rather than fail the whole read.
		attributes := map[string]attr.Value{}
		if item.Unknown != nil {
			for k, v := range item.Unknown.Attributes {
				attributes[k] = types.StringValue(v)
			}
		}
		m, d := types.MapValue(types.StringType, attributes)
		diags.Append(d...)
		return "unknown", map[string]attr.Value{"attributes": m}
	}
}

// ItemTypeName is the canonical type the flattened item reports; it always matches the one
// non-null nested object.
func ItemTypeName(item vb365.Item) string {
	name, _ := typeObjectValues(item, new(diag.Diagnostics))
	return name
}

// flattenItemValues returns the attribute values of one item (the keys of itemAttributes).
func flattenItemValues(item vb365.Item) (map[string]attr.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	typeName, typeValues := typeObjectValues(item, &diags)

	values := map[string]attr.Value{
		"id":         framework.NonEmptyString(item.ID),
		"item_class": framework.NonEmptyString(item.ItemClass),
		"type":       types.StringValue(typeName),
		"subject":    stringValue(item.Subject),
		"folder_id":  framework.NonEmptyString(item.FolderID),
	}

	links, d := types.ObjectValue(linksAttrTypes, map[string]attr.Value{
		"self":    framework.NonEmptyString(item.Links.Self),
		"parent":  framework.NonEmptyString(item.Links.Parent),
		"mailbox": framework.NonEmptyString(item.Links.Mailbox),
	})
	diags.Append(d...)
	values["links"] = links

	actions := make([]string, 0, len(item.AvailableActions))
	for _, a := range item.AvailableActions {
		actions = append(actions, string(a))
	}
	sort.Strings(actions)
	actionValues := make([]attr.Value, len(actions))
	for i, a := range actions {
		actionValues[i] = types.StringValue(a)
	}
	actionList, d := types.ListValue(types.StringType, actionValues)
	diags.Append(d...)
	values["available_actions"] = actionList

	for name, attrTypes := range typeAttrTypesOnce() {
		if name == typeName {
			obj, d := types.ObjectValue(attrTypes, typeValues)
			diags.Append(d...)
			values[name] = obj
			continue
		}
		values[name] = types.ObjectNull(attrTypes)
	}
	return values, diags
}

// flattenItem returns one item as an object of ItemObjectType.
func flattenItem(item vb365.Item) (types.Object, diag.Diagnostics) {
	values, diags := flattenItemValues(item)
	if diags.HasError() {
		return types.ObjectNull(itemAttrTypesOnce()), diags
	}
	obj, d := types.ObjectValue(itemAttrTypesOnce(), values)
	diags.Append(d...)
	return obj, diags
}

// SummaryAttributes are the attributes of one element of vb365_mailbox_items.items: the
// compact form of an item (vb365.ItemSummary).
func SummaryAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":         framework.ComputedString("Item ID (an Exchange-style base64 string), for `vb365_mailbox_item` and restores."),
		"item_class": framework.ComputedString("Exchange message class as sent by the server, for example `IPM.Note`."),
		"type": framework.ComputedString("Canonical item type, as in `vb365_mailbox_item`: `message`, `appointment`, `task`, " +
			"`contact`, `note`, `journal`, `contact_group`, `discussion` or `unknown`."),
		"subject":   framework.ComputedString("Subject of the item where its type has one (a note's or contact group's name where it has no subject)."),
		"folder_id": framework.ComputedString("ID of the folder holding the item, parsed from its parent link."),
		"date": framework.ComputedString("The item's principal time, RFC 3339 UTC where the server's value parses: a message's " +
			"`received` (else `sent`), an appointment's `start_time`, a task's `due_date` (else `start_date`), a note's " +
			"`date`, a journal entry's `start_time` (else `start_date`), a discussion's `posted_on`; null for contacts " +
			"and contact groups."),
		"sender": framework.ComputedString("A message's or discussion's `from`, an appointment's `organizer`, a task's `owner`; " +
			"null for other types."),
		"attachment_count": framework.ComputedInt64("Number of attachments of a message, appointment or discussion; null when the " +
			"server sends no attachment list."),
		"attachments_size_bytes": framework.ComputedInt64("Total size of those attachments in bytes (the API reports no size for " +
			"an item itself); null when the server sends no attachment list."),
		"version_state": framework.ComputedString(sessions.VersionStateDescription),
	}
}

var summaryTFType = sync.OnceValue(func() tftypes.Object {
	attrTypes := map[string]tftypes.Type{}
	for name, t := range framework.AttrTypesOf(SummaryAttributes()) {
		attrTypes[name] = t.TerraformType(context.Background())
	}
	return tftypes.Object{AttributeTypes: attrTypes}
})

func tfString(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// tfStringPtr maps nil to null.
func tfStringPtr(p *string) tftypes.Value {
	if p == nil {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, *p)
}

// tfNonEmpty maps "" (not sent) to null.
func tfNonEmpty(s string) tftypes.Value {
	if s == "" {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, s)
}

func tfInt64Ptr(p *int64) tftypes.Value {
	if p == nil {
		return tftypes.NewValue(tftypes.Number, nil)
	}
	return tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(*p))
}

// SummaryValue builds one element of items directly as a Terraform value: no attr.Value and
// no reflection on the way. Its version_state is null (not known).
func SummaryValue(s vb365.ItemSummary) tftypes.Value { return summaryValueIn(s, "") }

// summaryValueIn is summaryValue with the item's version_state ("" = null).
func summaryValueIn(s vb365.ItemSummary, versionState string) tftypes.Value {
	return tftypes.NewValue(summaryTFType(), map[string]tftypes.Value{
		"version_state":          tfNonEmpty(versionState),
		"id":                     tfNonEmpty(s.ID),
		"item_class":             tfNonEmpty(s.ItemClass),
		"type":                   tfString(string(s.Type)),
		"subject":                tfStringPtr(s.Subject),
		"folder_id":              tfNonEmpty(s.FolderID),
		"date":                   tfStringPtr(s.Date),
		"sender":                 tfStringPtr(s.Sender),
		"attachment_count":       tfInt64Ptr(s.AttachmentCount),
		"attachments_size_bytes": tfInt64Ptr(s.AttachmentsSizeBytes),
	})
}

// encodeSummary appends one element of items to the encoded list: the value summaryValueIn
// builds, written straight as the protocol sends it (attributes in the order of their names).
func encodeSummary(l *framework.EncodedList, s vb365.ItemSummary, versionState string) {
	l.Object(10)
	l.Int64Ptr("attachment_count", s.AttachmentCount)
	l.Int64Ptr("attachments_size_bytes", s.AttachmentsSizeBytes)
	l.StringPtr("date", s.Date)
	l.NonEmpty("folder_id", s.FolderID)
	l.NonEmpty("id", s.ID)
	l.NonEmpty("item_class", s.ItemClass)
	l.StringPtr("sender", s.Sender)
	l.StringPtr("subject", s.Subject)
	l.String("type", string(s.Type))
	l.NonEmpty("version_state", versionState)
}

// summaryTypeName is the type a summary reports; it equals itemTypeName of the full item.
func summaryTypeName(s vb365.ItemSummary) string {
	if s.Type == "" {
		return string(vb365.ItemTypeUnknown)
	}
	return string(s.Type)
}

// fullItemValue is one full item as a Terraform value (the elements of full_items).
func fullItemValue(ctx context.Context, item vb365.Item) (tftypes.Value, diag.Diagnostics) {
	obj, diags := flattenItem(item)
	if diags.HasError() {
		return tftypes.Value{}, diags
	}
	v, err := obj.ToTerraformValue(ctx)
	if err != nil {
		diags.AddError("Converting an item", err.Error())
	}
	return v, diags
}
