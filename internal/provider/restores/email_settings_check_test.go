package restores_test

import (
	"context"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestEmailSettingsWarningInPlan: planning send_* (the resource and the action) on a server
// without e-mail settings warns from v6 on (GET /VexEmailSettings), and says nothing on v5,
// the last version without the route, which is never asked; a configured server gets no
// warning. Planning sends no action.
func TestEmailSettingsWarningInPlan(t *testing.T) {
	for _, tc := range []struct {
		version    string
		configured bool
		warn       bool
	}{
		{"v5", false, false}, {"v6", false, true}, {"v8", false, true}, {"v8", true, false},
	} {
		t.Run(tc.version+map[bool]string{true: "/configured", false: "/not_configured"}[tc.configured], func(t *testing.T) {
			var sim *acctest.Sim
			if tc.configured {
				sim = acctest.StartRestoreSim(t)
			} else {
				sim = acctest.StartRestoreSim(t, vb365sim.WithoutEmailSettings())
			}
			p := acctest.NewProtoProvider(t)
			p.Configure(sim, tc.version)
			config := map[string]any{
				"restore_session_id": vb365sim.SeedRestoreSessionID, "mailbox_id": vb365sim.SeedMailboxID,
				"item_ids": []string{vb365sim.SeedMessageID}, "send_to_default_address": map[string]any{},
			}
			typ := p.ResourceType("vb365_mailbox_item_restore")
			prior, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
			if err != nil {
				t.Fatal(err)
			}
			planned, err := p.Server.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
				TypeName: "vb365_mailbox_item_restore", PriorState: &prior,
				ProposedNewState: p.DynamicValue(typ, config), Config: p.DynamicValue(typ, config),
			})
			if err != nil {
				t.Fatal(err)
			}
			for what, diags := range map[string][]*tfprotov6.Diagnostic{"resource": planned.Diagnostics, "action": p.PlanAction(config)} {
				text := acctest.DiagnosticsText(diags)
				if acctest.HasError(diags) || strings.Contains(text, "E-mail settings not configured") != tc.warn {
					t.Errorf("%s plan on %s: %q, want the warning: %v", what, tc.version, text, tc.warn)
				}
			}
			asked := sim.RequestCount("GET", "/"+tc.version+"/VexEmailSettings")
			if tc.version == "v5" && asked != 0 || tc.version != "v5" && asked == 0 {
				t.Errorf("GET /VexEmailSettings sent %d time(s) on %s", asked, tc.version)
			}
			if n := len(acctest.ItemActions(sim)); n != 0 {
				t.Errorf("planning sent %d action(s)", n)
			}
		})
	}
}
