package restores

import (
	"context"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"
)

// checkActionTarget checks restore_to.mailbox of the action while planning, as the resource
// does (target_check.go), in a session of its source; nothing when the target or the source is
// not known yet.
func checkActionTarget(ctx context.Context, data *framework.ProviderData, m *restoreinputs.RestoreInputsModel, diags *diag.Diagnostics) {
	if data.Client == nil || m.RestoreTo == nil || m.RestoreTo.Mailbox.IsUnknown() || m.RestoreTo.Mailbox.IsNull() ||
		addressDomain(m.RestoreTo.Mailbox.ValueString()) == "" || !m.Known() {
		return
	}
	sessionID, release, ok := sessions.AcquireSession(ctx, data.Sessions, m.SessionSourceModel, diags)
	if !ok {
		return
	}
	defer release()
	checkRestoreTarget(ctx, data.Client, sessionID, m, diags)
}
