package restores

import (
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

func TestFolderPaths(t *testing.T) {
	folders := map[string]vb365.Folder{
		"inbox":    {ID: "Inbox", Name: "Inbox"},
		"projects": {ID: "Projects", Name: "Projects", ParentID: "INBOX"}, // IDs match case-insensitively
		"2019":     {ID: "2019", Name: "2019", ParentID: "projects"},
		"orphan":   {ID: "orphan", Name: "Lost", ParentID: "not-listed"},
		"a":        {ID: "a", Name: "A", ParentID: "b"}, // a cycle must end
		"b":        {ID: "b", Name: "B", ParentID: "a"},
	}
	got := folderPaths(folders)
	for key, want := range map[string]string{"inbox": "Inbox", "projects": "Inbox/Projects", "2019": "Inbox/Projects/2019", "orphan": "Lost"} {
		if got[key] != want {
			t.Errorf("path of %s = %q, want %q", key, got[key], want)
		}
	}
	if len(got["a"]) > 20 || got["a"] == "" {
		t.Errorf("cycle path %q", got["a"])
	}
}

func TestItemDate(t *testing.T) {
	s := func(v string) *string { return &v }
	cases := []struct {
		name string
		item vb365.Item
		want string
	}{
		{"message received", vb365.Item{Message: &vb365.MessageFields{Sent: s("1"), Received: s("2")}}, "2"},
		{"message only sent", vb365.Item{Message: &vb365.MessageFields{Sent: s("1")}}, "1"},
		{"appointment", vb365.Item{Appointment: &vb365.AppointmentFields{StartTime: s("3")}}, "3"},
		{"task due", vb365.Item{Task: &vb365.TaskFields{StartDate: s("4"), DueDate: s("5")}}, "5"},
		{"task start", vb365.Item{Task: &vb365.TaskFields{StartDate: s("4")}}, "4"},
		{"note", vb365.Item{Note: &vb365.NoteFields{Date: s("6")}}, "6"},
		{"journal v3", vb365.Item{Journal: &vb365.JournalFields{StartDate: s("7")}}, "7"},
		{"discussion", vb365.Item{Discussion: &vb365.DiscussionFields{PostedOn: s("8")}}, "8"},
		{"contact", vb365.Item{Contact: &vb365.ContactFields{}}, ""},
		{"empty value", vb365.Item{Message: &vb365.MessageFields{Received: s("")}}, ""},
	}
	for _, c := range cases {
		if got := itemDate(c.item); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestRestoreTarget(t *testing.T) {
	str := types.StringValue
	path := str("/out/x.pst")
	cases := []struct {
		name  string
		m     restoreinputs.RestoreInputsModel
		email string
		want  types.String
	}{
		{"original", restoreinputs.RestoreInputsModel{RestoreToOriginalLocation: &restoreinputs.RestoreToOriginalLocationModel{}}, "a@b",
			str("original location: the original mailbox a@b")},
		{"restore_to folder", restoreinputs.RestoreInputsModel{RestoreTo: &restoreinputs.RestoreToModel{Mailbox: str("t@b"), Folder: str("F")}}, "",
			str("mailbox t@b, folder F")},
		{"restore_to own folders", restoreinputs.RestoreInputsModel{RestoreTo: &restoreinputs.RestoreToModel{Mailbox: str("t@b"), Folder: types.StringNull()}}, "",
			str("mailbox t@b (the items' own folders)")},
		{"restore_to unknown", restoreinputs.RestoreInputsModel{RestoreTo: &restoreinputs.RestoreToModel{Mailbox: types.StringUnknown()}}, "", types.StringUnknown()},
		{"pst", restoreinputs.RestoreInputsModel{ExportToPST: &restoreinputs.ExportToPSTModel{}}, "", str("PST file /out/x.pst")},
		{"msg", restoreinputs.RestoreInputsModel{SaveToMSG: &restoreinputs.SaveToMSGModel{}}, "", str("MSG file /out/x.pst")},
		{"default address", restoreinputs.RestoreInputsModel{SendToDefaultAddress: &restoreinputs.SendToDefaultAddressModel{}}, "a@b", str("e-mail to a@b (the mailbox owner)")},
		{"other address", restoreinputs.RestoreInputsModel{SendToDifferentAddress: &restoreinputs.SendToDifferentAddressModel{To: str("z@y")}}, "", str("e-mail to z@y")},
		{"no block", restoreinputs.RestoreInputsModel{}, "", types.StringUnknown()},
	}
	for _, c := range cases {
		if got := restoreTarget(&c.m, path, c.email); !got.Equal(c.want) {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}
