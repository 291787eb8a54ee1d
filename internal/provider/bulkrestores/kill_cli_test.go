package bulkrestores_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestCLIKilledBulkRunnerIsNeverSentTwice runs the real CLI and the real provider binary
// against the simulator and kills both (SIGKILL to the process group) while the simulator holds
// the answer to a bulk restore it has already run: no record is written. The next plain
// `apply -auto-approve` neither restores again nor takes the run for its own: it stops with the
// evidence. With record_run_from_session set as the error says, the apply after records that
// run with each mailbox's outcome read from its events and sends nothing; the plan after is empty.
func TestCLIKilledBulkRunnerIsNeverSentTwice(t *testing.T) {
	t.Parallel()
	acctest.SkipWithoutAcc(t)
	run := acctest.NewBinaryCLIRun(t)
	sim := acctest.StartRestoreSim(t)
	t.Cleanup(sim.StopAllSessions) // the killed runner's session: the server's idle timeout ends it
	ran := make(chan struct{}, 1)
	sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "ailboxes/restore", LatencyAfterHandler: time.Hour, Signal: ran})
	config := func(extra string) string { return incidentConfig(sim, "v8", cleanMailboxIDs, extra) }
	run.WriteConfig(config(""))

	first := run.Start("apply", "-auto-approve", "-input=false", "-no-color")
	select {
	case <-ran:
	case <-time.After(3 * time.Minute):
		_ = first.KillAll()
		t.Fatalf("the restore never reached the simulator:\n%s", first.Output())
	}
	if err := first.KillAll(); err != nil {
		t.Fatal(err)
	}
	_, _ = first.Wait()
	sim.ClearFaults()
	entries := mailboxRestores(sim)
	if len(entries) != len(cleanMailboxIDs) {
		t.Fatalf("%d mailbox restores after the kill, want %d", len(entries), len(cleanMailboxIDs))
	}
	left := entries[0].RestoreSessionID
	if out, err := run.Run("state", "list"); err == nil && strings.Contains(out, incidentAddr) {
		t.Fatalf("the killed apply wrote a record:\n%s", out)
	}

	out, err := run.Run("apply", "-auto-approve", "-input=false", "-no-color")
	if err == nil || !strings.Contains(out, "A run like this one is on the server") || !strings.Contains(out, left) {
		t.Fatalf("the plain apply after the kill must stop with the evidence of session %s (err %v):\n%s", left, err, out)
	}
	if n := len(mailboxRestores(sim)); n != len(cleanMailboxIDs) {
		t.Fatalf("the plain apply after the kill restored again: %d mailbox restores\n%s", n, out)
	}

	run.WriteConfig(config(`  record_run_from_session = "` + left + `"`))
	if out, err := run.Run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("the apply recording the run failed: %v\n%s", err, out)
	}
	show, err := run.Run("state", "show", "-no-color", incidentAddr)
	if err != nil || !regexp.MustCompile(`outcome\s+= "succeeded"`).MatchString(show) || !strings.Contains(show, left) {
		t.Fatalf("state after recording the run (%v):\n%s", err, show)
	}
	if out, err := run.Run("plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		t.Fatalf("the plan after recording is not empty (%v):\n%s", err, out)
	}
	if n := len(mailboxRestores(sim)); n != len(cleanMailboxIDs) {
		t.Fatalf("%d mailbox restores at the end, want %d (one run)", n, len(cleanMailboxIDs))
	}
}
