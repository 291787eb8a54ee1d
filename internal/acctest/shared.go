package acctest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// LedgerCount counts the ledger entries of one action.
func LedgerCount(sim *Sim, action string) int {
	n := 0
	for _, e := range sim.Ledger() {
		if e.Action == action {
			n++
		}
	}
	return n
}

// CheckLedgerCount fails unless the ledger holds exactly n entries of action.
func CheckLedgerCount(sim *Sim, action string, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := LedgerCount(sim, action); got != n {
			return fmt.Errorf("the ledger holds %d %s, want %d", got, action, n)
		}
		return nil
	}
}

// CheckNoProviderSessionLeft fails when a session opened by an explore request is still
// working now, or was when any CLI command of the test started (each command's provider
// requests a token first, and the simulator records how many sessions were working then).
// Explicit vb365_restore_session resources are counted too: use it where there are none, or
// as a CheckDestroy.
func CheckNoProviderSessionLeft(sim *Sim) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for i, tr := range sim.TokenLog() {
			if tr.ExploredSessionsWorking != 0 {
				return fmt.Errorf("token request %d (a new CLI command) found %d session(s) still working", i+1, tr.ExploredSessionsWorking)
			}
		}
		if n := sim.ExploredSessionsWorking(); n != 0 {
			return fmt.Errorf("%d session(s) opened by the provider are still working", n)
		}
		return nil
	}
}

// OrganizationWorkflowConfig is the documented workflow: everything keyed on organization_id,
// so every ID is known at plan time and the plan shows what is restored.
func OrganizationWorkflowConfig(sim *Sim, version, reason, block string) string {
	return sim.ProviderConfig(version) + fmt.Sprintf(`
data "vb365_organizations" "all" {}

locals {
  organization_id = data.vb365_organizations.all.organizations[0].id
}

data "vb365_mailboxes" "m" {
  organization_id = local.organization_id
  email           = %[1]q
}

locals {
  mailbox_id = one([for mb in data.vb365_mailboxes.m.mailboxes : mb.id if !mb.is_archive])
}

data "vb365_mailbox_items" "messages" {
  organization_id = local.organization_id
  mailbox_id      = local.mailbox_id
  type            = "message"
}

resource "vb365_mailbox_item_restore" "r" {
  organization_id = local.organization_id
  mailbox_id      = local.mailbox_id
  item_ids        = [for m in data.vb365_mailbox_items.messages.items : m.id if contains(["Support case", "Project kickoff"], m.subject)]
  reason          = %[2]q

%[3]s
}
`, SeedMailboxEmail, reason, block)
}

// CaptureID stores a resource's ID during a check.
func CaptureID(addr string, into *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := StateAttr(s, addr, "id")
		*into = id
		return err
	}
}

// SimClient is a client of the simulator for changing things behind Terraform's back.
func SimClient(t *testing.T, sim *Sim, version string) *vb365.Client {
	t.Helper()
	c, err := vb365.New(vb365.Config{Endpoint: sim.URL, APIVersion: version,
		Username: vb365sim.DefaultUsername, Password: vb365sim.DefaultPassword})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkSessionsStopped is a CheckDestroy: the test's restore sessions are not left running,
// and destroying the restore record posted nothing.
func CheckDestroyed(sim *Sim, wantItemActions int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, id := range sim.OpenSessions() {
			if id != vb365sim.SeedRestoreSessionID {
				return fmt.Errorf("restore session %s is still open after destroy", id)
			}
		}
		return CheckItemActionCount(sim, wantItemActions)(nil)
	}
}

// CheckRoutesUsed fails unless the simulator received each "METHOD /vN/Template" at least once.
func CheckRoutesUsed(sim *Sim, routes ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		counts := sim.RequestCounts()
		for _, r := range routes {
			if counts[r] == 0 {
				return fmt.Errorf("the simulator received no %s; counts: %v", r, counts)
			}
		}
		return nil
	}
}

// MustRun runs the CLI and fails the test with its output when it fails.
func MustRun(t *testing.T, run *CLIRun, args ...string) string {
	t.Helper()
	out, err := run.Run(args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

const SeedMailboxEmail = "j_smith@bestsupport.onmicrosoft.com"

// WithoutEarlierRunLookup sets history_window = "0" in config's provider block, for tests that
// make the server's session events unreadable on purpose: a new record's plan could not check
// for earlier runs then, and stops (see the restore workflow guide).
func WithoutEarlierRunLookup(config string) string {
	return strings.Replace(config, "provider \""+ProviderName+"\" {\n", "provider \""+ProviderName+"\" {\n  history_window = \"0\"\n", 1)
}
