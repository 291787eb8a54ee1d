package acctest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// Restore credentials used by the tests. They must never show up in state, plan or logs.
const (
	RestoreTestUser     = "restore-admin@bestsupport.onmicrosoft.com"
	RestoreTestPassword = "Pa55-only-in-config-7d1e"
	RestoreTestUserCode = "DEVICE-CODE-only-in-config-93af"
)

// RestoreSessionAddr and restoreAddr are the resources every restore test configures.
const (
	RestoreSessionAddr = "vb365_restore_session.s"
	RestoreAddr        = "vb365_mailbox_item_restore.r"
)

// StartRestoreSim starts a simulator whose v8 restores finish on the first status poll, so
// no test waits for the client's poll interval.
func StartRestoreSim(t *testing.T, opts ...vb365sim.Option) *Sim {
	return StartSimulator(t, append([]vb365sim.Option{vb365sim.WithAsyncRestorePolls(0)}, opts...)...)
}

// RestoreConfig is a provider block, a restore session and a vb365_mailbox_item_restore with
// the given body (item_ids, action block, triggers, ...).
func RestoreConfig(sim *Sim, version, restoreBody string) string {
	return sim.ProviderConfig(version) + fmt.Sprintf(`
resource "vb365_restore_session" "s" {
  organization_id = %q
}

resource "vb365_mailbox_item_restore" "r" {
  restore_session_id = vb365_restore_session.s.id
  mailbox_id         = %q
%s
}
`, vb365sim.OrganizationID, vb365sim.SeedMailboxID, restoreBody)
}

// HclStrings renders a list of HCL string literals.
func HclStrings(values ...string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = HCLString(v)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// ItemActions returns the ledger entries of item actions (without explore and stop).
func ItemActions(sim *Sim) []vb365sim.LedgerEntry {
	var out []vb365sim.LedgerEntry
	for _, e := range sim.Ledger() {
		if e.Action != "explore" && e.Action != "stop" {
			out = append(out, e)
		}
	}
	return out
}

// CheckItemActionCount fails unless the ledger holds exactly n item actions.
func CheckItemActionCount(sim *Sim, n int) func(*terraform.State) error {
	return func(*terraform.State) error {
		if got := ItemActions(sim); len(got) != n {
			return fmt.Errorf("ledger holds %d item action(s), want %d: %+v", len(got), n, got)
		}
		return nil
	}
}

// ExpectedItemRoute is the route template of an item action in a dialect.
func ExpectedItemRoute(version, kind string, bulk bool) string {
	v, _ := strconv.Atoi(strings.TrimPrefix(version, "v"))
	base := "/" + version + "/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items"
	if !bulk {
		base += "/{id}"
	}
	if v <= 5 {
		return base + "/Action"
	}
	segments := map[string][2]string{ // single, bulk
		"restore_to_original_location": {"restore", "restore"},
		"restore_to":                   {"restoreTo", "restoreTo"},
		"export_to_pst":                {"exportToPst", "exportToPst"},
		"save_to_msg":                  {"save", "Save"},
		"send_to_default_address":      {"sendToDefaultAddress", "sendToDefaultAddress"},
		"send_to_different_address":    {"sendToDifferentAddress", "sendToDifferentAddress"},
	}
	seg := segments[kind][0]
	if bulk {
		seg = segments[kind][1]
	}
	return base + "/" + seg
}

// LedgerOptions returns an action's options: v3..v5 wrap them in a one-key envelope, v6+
// send them bare. Nil means no options.
func LedgerOptions(e vb365sim.LedgerEntry) (map[string]any, error) {
	if e.Version >= 6 {
		return e.Body, nil
	}
	if len(e.Body) != 1 {
		return nil, fmt.Errorf("v%d body must have one top-level key naming the action, got %v", e.Version, e.Body)
	}
	for key, inner := range e.Body {
		if inner == nil {
			return nil, nil
		}
		m, ok := inner.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("v%d body key %q holds %T, want an object", e.Version, key, inner)
		}
		return m, nil
	}
	return nil, nil
}

// OptionsWithout returns opts without the "items" list (checked through the ledger's ItemIDs).
func OptionsWithout(opts map[string]any, keys ...string) map[string]any {
	out := map[string]any{}
	for k, v := range opts {
		if !slices.ContainsFunc(keys, func(s string) bool { return strings.EqualFold(s, k) }) {
			out[k] = v
		}
	}
	return out
}

// EqualJSON compares two decoded JSON values by their encoding.
func EqualJSON(got, want any) bool {
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	return string(g) == string(w)
}

func Sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// StateAttr reads a flat attribute of a resource in state.
func StateAttr(s *terraform.State, addr, key string) (string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return "", fmt.Errorf("%s not in state", addr)
	}
	v, ok := rs.Primary.Attributes[key]
	if !ok {
		return "", fmt.Errorf("%s has no attribute %q in state", addr, key)
	}
	return v, nil
}

// CheckNoSecretsInState fails when a restore credential appears anywhere in the state.
func CheckNoSecretsInState(secrets ...string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		for addr, rs := range s.RootModule().Resources {
			for k, v := range rs.Primary.Attributes {
				for _, secret := range secrets {
					if strings.Contains(v, secret) {
						return fmt.Errorf("%s.%s holds a restore credential", addr, k)
					}
				}
			}
		}
		return nil
	}
}

// ExpectNoSecretsInPlan fails when a restore credential appears anywhere in the plan JSON.
type ExpectNoSecretsInPlan []string

func (e ExpectNoSecretsInPlan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	raw, err := json.Marshal(req.Plan)
	if err != nil {
		resp.Error = err
		return
	}
	for _, secret := range e {
		if strings.Contains(string(raw), secret) {
			resp.Error = fmt.Errorf("the plan JSON holds a restore credential")
			return
		}
	}
}

// ExpectPriorState runs check on a resource's values in the plan's prior state.
type ExpectPriorState struct {
	Addr  string
	Check func(values map[string]any, tainted bool) error
}

func (e ExpectPriorState) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	if req.Plan.PriorState == nil || req.Plan.PriorState.Values == nil {
		resp.Error = fmt.Errorf("the plan has no prior state")
		return
	}
	for _, r := range req.Plan.PriorState.Values.RootModule.Resources {
		if r.Address == e.Addr {
			resp.Error = e.Check(r.AttributeValues, r.Tainted)
			return
		}
	}
	resp.Error = fmt.Errorf("%s is not in the prior state", e.Addr)
}

var _ plancheck.PlanCheck = ExpectPriorState{}
