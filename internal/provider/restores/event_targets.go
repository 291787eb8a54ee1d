package restores

import (
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// eventTargets are the targets the server writes into the events of a run (what the
// simulator models after the server's messages): the source mailbox's address for a restore to
// the original location, "mailbox[/folder]" for restore_to, the address for a send.
func eventTargets(m *restoreinputs.RestoreInputsModel, kind vb365.ActionKind, sourceEmail string) []string {
	var out []string
	add := func(s string) {
		if s != "" {
			out = append(out, s)
		}
	}
	switch kind {
	case vb365.ActionRestoreToOriginalLocation:
		add(sourceEmail)
	case vb365.ActionRestoreTo:
		if m.RestoreTo != nil {
			target := m.RestoreTo.Mailbox.ValueString()
			if f := m.RestoreTo.Folder.ValueString(); f != "" {
				target += "/" + f
			}
			add(target)
		}
	case vb365.ActionSendToDefaultAddress:
		add("the default address")
		add(sourceEmail)
	case vb365.ActionSendToDifferentAddress:
		if m.SendToDifferentAddress != nil {
			add(m.SendToDifferentAddress.To.ValueString())
		}
	}
	return out
}
