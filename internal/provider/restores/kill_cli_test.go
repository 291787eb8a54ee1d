package restores_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestCLIKilledRunnerIsNeverSentTwice runs the real CLI binary and the real provider binary
// (built here, installed through dev_overrides) as subprocesses against the simulator, and kills
// both (SIGKILL to the process group) at two moments: while the simulator holds the answer to a
// send it has already run, and a moment later, while it holds the answer to the stop of the
// run's session (the session is stopped, the record never written). The next plain
// `apply -auto-approve` must neither send again nor take the run for its own: it stops with the
// evidence, sending nothing. With record_run_from_session set as the error says, the apply after
// records that run and sends nothing; the plan after it is empty. (v8: the events of v3..v5
// name no item, so there nothing can be found; the guide says so.)
func TestCLIKilledRunnerIsNeverSentTwice(t *testing.T) {
	t.Parallel()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to run the CLI")
	}
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set")
	}
	plugins := t.TempDir()
	root, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatal(err)
	}
	build := exec.Command("go", "build", "-o", filepath.Join(plugins, "terraform-provider-vb365"), ".")
	build.Dir = filepath.Dir(strings.TrimSpace(string(root)))
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	// The moment the runner is killed: arm installs the faults and returns the channel that says
	// the moment has come.
	for _, moment := range []struct {
		name string
		arm  func(sim *acctest.Sim) <-chan struct{}
	}{
		{"answer of the send", func(sim *acctest.Sim) <-chan struct{} {
			ran := make(chan struct{}, 1)
			sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/items/", LatencyAfterHandler: time.Hour, Signal: ran})
			return ran
		}},
		{"stop of the run's session", func(sim *acctest.Sim) <-chan struct{} {
			stopping := make(chan struct{}, 1)
			held, release := make(chan struct{}, 1), make(chan struct{})
			sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/items/", Held: held, Release: release})
			go func() {
				<-held // the send arrived: from now on the next stop is the run session's
				sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/stop", LatencyAfterHandler: time.Hour, Signal: stopping})
				close(release)
			}()
			return stopping
		}},
	} {
		t.Run(moment.name, func(t *testing.T) {
			t.Parallel()
			killedRunnerCLI(t, cli, plugins, moment.arm)
		})
	}
}

func killedRunnerCLI(t *testing.T, cli, plugins string, arm func(*acctest.Sim) <-chan struct{}) {
	work := t.TempDir()
	tfrc := filepath.Join(work, "cli.tfrc")
	if err := os.WriteFile(tfrc, []byte(`provider_installation {
  dev_overrides {
    "terraform-vb365/vb365" = "`+plugins+`"
  }
  direct {}
}
`), 0o600); err != nil {
		t.Fatal(err)
	}

	sim := acctest.StartRestoreSim(t)
	t.Cleanup(sim.StopAllSessions) // the killed runner's session: the server's idle timeout ends it
	ran := arm(sim)
	config := func(extra string) string {
		return `terraform {
  required_providers {
    vb365 = { source = "terraform-vb365/vb365" }
  }
}
` + sim.ProviderConfig("v8") + `
resource "vb365_mailbox_item_restore" "r" {
  organization_id = "` + vb365sim.OrganizationID + `"
  mailbox_id      = "` + vb365sim.SeedMailboxID + `"
  item_ids        = ["` + vb365sim.SeedMessageID + `"]
` + extra + `
  send_to_default_address {}
}
`
	}
	write := func(c string) {
		if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(c), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(config(""))
	command := func(ctx context.Context, args ...string) *exec.Cmd {
		cmd := exec.CommandContext(ctx, cli, args...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+tfrc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // the provider joins the CLI's group
		return cmd
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	first := command(ctx, "apply", "-auto-approve", "-input=false", "-no-color")
	var firstOut bytes.Buffer
	first.Stdout, first.Stderr = &firstOut, &firstOut
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ran:
	case <-ctx.Done():
		_ = syscall.Kill(-first.Process.Pid, syscall.SIGKILL)
		t.Fatalf("the request never reached the simulator:\n%s", firstOut.String())
	}
	if err := syscall.Kill(-first.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	sim.ClearFaults()
	sends := acctest.ItemActions(sim)
	if len(sends) != 1 {
		t.Fatalf("%d sends after the kill, want 1", len(sends))
	}
	left := sends[0].RestoreSessionID
	if state, err := os.ReadFile(filepath.Join(work, "terraform.tfstate")); err == nil && strings.Contains(string(state), "vb365_mailbox_item_restore") {
		t.Fatalf("the killed apply wrote a record:\n%s", state)
	}

	out, err := command(ctx, "apply", "-auto-approve", "-input=false", "-no-color").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "A run like this one is on the server") || !strings.Contains(string(out), left) {
		t.Fatalf("the plain apply after the kill must stop with the evidence of session %s (err %v):\n%s", left, err, out)
	}
	if n := len(acctest.ItemActions(sim)); n != 1 {
		t.Fatalf("the plain apply after the kill sent again: %d sends\n%s", n, out)
	}

	write(config(`  record_run_from_session = "` + left + `"`))
	out, err = command(ctx, "apply", "-auto-approve", "-input=false", "-no-color").CombinedOutput()
	if err != nil {
		t.Fatalf("the apply recording the run failed: %v\n%s", err, out)
	}
	if n := len(acctest.ItemActions(sim)); n != 1 {
		t.Fatalf("the apply recording the run sent again: %d sends\n%s", n, out)
	}
	show, err := command(ctx, "state", "show", "-no-color", "vb365_mailbox_item_restore.r").CombinedOutput()
	if err != nil || !regexp.MustCompile(`outcome\s+= "succeeded"`).Match(show) || !strings.Contains(string(show), left) {
		t.Fatalf("state after recording the run (%v):\n%s", err, show)
	}
	plan := command(ctx, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	if out, err := plan.CombinedOutput(); err != nil {
		t.Fatalf("the plan after recording is not empty (%v):\n%s", err, out)
	}
	if n := len(acctest.ItemActions(sim)); n != 1 {
		t.Fatalf("%d sends at the end, want 1", n)
	}
}
