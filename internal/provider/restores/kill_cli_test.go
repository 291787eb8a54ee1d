package restores_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestCLIKilledRunnerIsAdoptedNotResent runs the real CLI binary and the real provider binary
// (built here, installed through dev_overrides) as subprocesses against the simulator, and kills
// both (SIGKILL to the process group) while the simulator holds the answer to a send it has
// already run: no state is written. The next plain `apply -auto-approve` must adopt the run the
// server holds, not send it again, and leave no session of the provider's working. (v8: the
// events of v3..v5 name no item, so there nothing can prove the run; the guide says so.)
func TestCLIKilledRunnerIsAdoptedNotResent(t *testing.T) {
	t.Parallel()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to run the CLI")
	}
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set")
	}
	work := t.TempDir()
	plugins := filepath.Join(work, "plugins")
	root, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatal(err)
	}
	build := exec.Command("go", "build", "-o", filepath.Join(plugins, "terraform-provider-vb365"), ".")
	build.Dir = filepath.Dir(strings.TrimSpace(string(root)))
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
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
	ran := make(chan struct{}, 1)
	sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/items/", LatencyAfterHandler: time.Hour, Signal: ran})
	config := `terraform {
  required_providers {
    vb365 = { source = "terraform-vb365/vb365" }
  }
}
` + sim.ProviderConfig("v8") + `
resource "vb365_mailbox_item_restore" "r" {
  organization_id = "` + vb365sim.OrganizationID + `"
  mailbox_id      = "` + vb365sim.SeedMailboxID + `"
  item_ids        = ["` + vb365sim.SeedMessageID + `"]
  send_to_default_address {}
}
`
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
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
		t.Fatalf("the send never reached the simulator:\n%s", firstOut.String())
	}
	if err := syscall.Kill(-first.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	sim.ClearFaults()
	if n := len(acctest.ItemActions(sim)); n != 1 {
		t.Fatalf("%d sends after the kill, want 1", n)
	}
	if state, err := os.ReadFile(filepath.Join(work, "terraform.tfstate")); err == nil && strings.Contains(string(state), "vb365_mailbox_item_restore") {
		t.Fatalf("the killed apply wrote a record:\n%s", state)
	}

	second := command(ctx, "apply", "-auto-approve", "-input=false", "-no-color")
	out, err := second.CombinedOutput()
	if err != nil {
		t.Fatalf("the plain apply after the kill failed: %v\n%s", err, out)
	}
	if n := len(acctest.ItemActions(sim)); n != 1 {
		t.Fatalf("the plain apply after the kill sent again: %d sends\n%s", n, out)
	}
	if !strings.Contains(string(out), "adopted") {
		t.Fatalf("the apply does not say it adopted the run:\n%s", out)
	}
	show, err := command(ctx, "state", "show", "-no-color", "vb365_mailbox_item_restore.r").CombinedOutput()
	if err != nil || !strings.Contains(string(show), `outcome                   = "succeeded"`) {
		t.Fatalf("state after adoption (%v):\n%s", err, show)
	}
	plan := command(ctx, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	if out, err := plan.CombinedOutput(); err != nil {
		t.Fatalf("the plan after adoption is not empty (%v):\n%s", err, out)
	}
	if n := len(acctest.ItemActions(sim)); n != 1 {
		t.Fatalf("%d sends at the end, want 1", n)
	}
}
