package restores_test

import (
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestActionMailboxItemRestore_targetChecked: the action's plan checks restore_to.mailbox like
// the resource's: an address of the organization's domain without a mailbox or user fails,
// naming it and the nearest address; another domain warns; an existing mailbox passes.
func TestActionMailboxItemRestore_targetChecked(t *testing.T) {
	sim := acctest.StartRestoreSim(t)
	p := acctest.NewProtoProvider(t)
	p.Configure(sim, "v8")
	config := func(target string) map[string]any {
		return map[string]any{
			"organization_id": vb365sim.OrganizationID, "mailbox_id": vb365sim.SeedMailboxID,
			"item_ids": []string{vb365sim.SeedMessageID}, "restore_to": map[string]any{"mailbox": target},
		}
	}
	got := acctest.DiagnosticsText(p.PlanAction(config("qa_dalas@" + vb365sim.OrganizationName)))
	if !strings.Contains(got, "Restore target not in the organization") || !strings.Contains(got, "Did you mean qa_dallas@"+vb365sim.OrganizationName) {
		t.Errorf("missing mailbox: diagnostics %q", got)
	}
	if got := acctest.DiagnosticsText(p.PlanAction(config("deputy@contoso.onmicrosoft.com"))); !strings.Contains(got, "Restore target outside the organization") {
		t.Errorf("other domain: diagnostics %q", got)
	}
	if diags := p.PlanAction(config("rnd@" + vb365sim.OrganizationName)); len(diags) != 0 {
		t.Errorf("existing mailbox: %s", acctest.DiagnosticsText(diags))
	}
	if n := len(acctest.ItemActions(sim)); n != 0 {
		t.Errorf("planning ran %d item action(s)", n)
	}
}
