package restores

import (
	"context"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/browsing"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// addVersionStates names the version state of the reviewed items of a restore by
// organization_id (with restore_session_id the states stay unknown: null).
func (r *restoreReview) addVersionStates(ctx context.Context, client *vb365.Client, broker *framework.SessionBroker, source sessions.SessionSourceModel, mailboxID string, diags *diag.Diagnostics) error {
	if !source.ByOrganization() || broker == nil || len(r.Items) == 0 {
		return nil
	}
	ids := make([]string, len(r.Items))
	for i, item := range r.Items {
		ids[i] = item.ID
	}
	states, err := browsing.ItemVersionStates(ctx, client, broker, source.Scope(), mailboxID, ids, diags)
	if err != nil {
		return err
	}
	r.VersionStates = states
	return nil
}
