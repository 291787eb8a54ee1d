package restores

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// warnWithoutEmailSettings warns in the plan of a send_* action when the server's e-mail
// settings (GET /VexEmailSettings, API v6+) are not configured: the send would fail at apply.
// Below v6 the server cannot be asked, and nothing is said.
func warnWithoutEmailSettings(ctx context.Context, client *vb365.Client, kinds []vb365.ActionKind, diags *diag.Diagnostics) {
	if client == nil || len(kinds) != 1 || (kinds[0] != vb365.ActionSendToDefaultAddress && kinds[0] != vb365.ActionSendToDifferentAddress) {
		return
	}
	if v, err := client.Version(ctx); err != nil || v < vb365.V6 {
		return
	}
	settings, err := client.GetEmailSettings(ctx)
	if err != nil {
		diags.AddAttributeWarning(path.Root(string(kinds[0])), "E-mail settings not checked",
			"Reading the server's e-mail settings (GET /VexEmailSettings) failed, so this plan cannot say whether "+
				string(kinds[0])+" can send: "+err.Error())
		return
	}
	if !settings.Configured() {
		diags.AddAttributeWarning(path.Root(string(kinds[0])), "E-mail settings not configured",
			"The server's e-mail settings (VexEmailSettings) are not configured or sending is disabled, so "+string(kinds[0])+
				" will fail when applied. Configure them on the server (Veeam Explorer e-mail settings, or PUT /VexEmailSettings) first.")
	}
}
