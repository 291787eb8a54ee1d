package sessions_test

// The ephemeral vb365_restore_session is stopped when the run that opened it fails or is
// interrupted (issue 25, point 8). Terraform and OpenTofu do not close an ephemeral resource in
// that case (its close node depends on the failed one); they end the provider's process, and
// the provider stops what was left open then. Only the real provider binary, started and ended
// by the CLI, shows that: an in-process provider is never shut down by the CLI.

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/go-version"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// ephemeralThenCommand opens an ephemeral session and hands its ID to a local-exec command,
// which runs after the session was opened (it depends on it).
func ephemeralThenCommand(sim *acctest.Sim, command string) string {
	return sim.ProviderConfig("v8") + fmt.Sprintf(`
ephemeral "vb365_restore_session" "s" {
  organization_id = %q
}

resource "terraform_data" "uses_session" {
  provisioner "local-exec" {
    command = %s
    environment = {
      RESTORE_SESSION_ID = ephemeral.vb365_restore_session.s.id
    }
  }
}
`, vb365sim.OrganizationID, acctest.HCLString(command))
}

func skipWithoutCLI(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to run the CLI")
	}
	minimum := version.Must(version.NewVersion("1.10.0")) // Terraform; OpenTofu from 1.11
	if acctest.CLIIsOpenTofu() {
		minimum = version.Must(version.NewVersion("1.11.0"))
	}
	if v, err := acctest.CLIVersion(); err != nil || v.LessThan(minimum) {
		t.Skipf("the CLI (%v, %v) has no ephemeral resources", v, err)
	}
}

// checkRunStoppedItsSessions fails unless the run opened a session in plan and one in apply,
// and every one is stopped, once.
func checkRunStoppedItsSessions(t *testing.T, sim *acctest.Sim, out string) {
	t.Helper()
	if n := len(explored(sim)); n < 2 {
		t.Fatalf("the run opened %d session(s), want one in plan and one in apply\n%s", n, out)
	}
	if err := checkEverySessionStopped(sim); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}

// TestAccRestoreSessionEphemeral_stoppedWhenApplyFails: another resource of the apply fails
// after the ephemeral session was opened (its command exits 1); the apply fails, and every
// session the run opened (plan and apply) is stopped once, none left working.
func TestAccRestoreSessionEphemeral_stoppedWhenApplyFails(t *testing.T) {
	skipWithoutCLI(t)
	sim := acctest.StartSimulator(t)
	run := acctest.NewBinaryCLIRun(t)
	run.WriteConfig(ephemeralThenCommand(sim, `test -n "$RESTORE_SESSION_ID" && exit 1`))
	out, err := run.Run("apply", "-input=false", "-auto-approve")
	if err == nil {
		t.Fatalf("the apply succeeded, want the command's failure:\n%s", out)
	}
	checkRunStoppedItsSessions(t, sim, out)
}

// TestAccRestoreSessionEphemeral_stoppedWhenApplyInterrupted interrupts the CLI (SIGINT, as a
// CI runner's job timeout does) while another resource of the apply runs with the ephemeral
// session open: every session the run opened is stopped once.
func TestAccRestoreSessionEphemeral_stoppedWhenApplyInterrupted(t *testing.T) {
	skipWithoutCLI(t)
	sim := acctest.StartSimulator(t)
	started := filepath.Join(t.TempDir(), "started")
	run := acctest.NewBinaryCLIRun(t)
	run.WriteConfig(ephemeralThenCommand(sim, "touch "+started+" && sleep 60"))
	apply := run.Start("apply", "-input=false", "-auto-approve")
	deadline := time.Now().Add(time.Minute)
	for {
		if _, err := os.Stat(started); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the command using the session did not start:\n%s", apply.Output())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := sim.ExploredSessionsWorking(); n != 1 {
		t.Fatalf("%d explored session(s) working while the apply runs, want the apply's one", n)
	}
	if err := apply.Interrupt(); err != nil {
		t.Fatal(err)
	}
	out, err := apply.Wait()
	if err == nil {
		t.Fatalf("the interrupted apply succeeded:\n%s", out)
	}
	checkRunStoppedItsSessions(t, sim, out)
}
