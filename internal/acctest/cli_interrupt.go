package acctest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"
)

// CLIProcess is a CLI command started in a CLIRun's working directory, to be interrupted
// (SIGINT, as a CI job's timeout or Ctrl-C does) while it runs.
type CLIProcess struct {
	cmd    *exec.Cmd
	cancel context.CancelFunc
	out    lockedBuffer
	done   chan struct{}
	err    error
}

// Start starts the CLI with args in the working directory without waiting for it; Wait
// collects it (the test's cleanup kills it if nobody did).
func (r *CLIRun) Start(args ...string) *CLIProcess {
	r.t.Helper()
	return startCLI(r.t, r.cli, r.dir, []string{"TF_REATTACH_PROVIDERS=" + r.reattach, "TF_CLI_CONFIG_FILE=" + os.DevNull}, args)
}

func startCLI(t testing.TB, cli, dir string, env, args []string) *CLIProcess {
	t.Helper()
	p, _ := startCLIWithInput(t, cli, dir, env, args, false)
	return p
}

// startCLIWithInput is startCLI with, when withStdin is set, the writing end of a pipe the CLI
// reads as stdin (an *os.File, so that Wait never waits for a copy of it).
func startCLIWithInput(t testing.TB, cli, dir string, env, args []string, withStdin bool) (*CLIProcess, io.WriteCloser) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	p := &CLIProcess{cancel: cancel, done: make(chan struct{})}
	p.cmd = exec.CommandContext(ctx, cli, args...)
	p.cmd.Dir = dir
	p.cmd.Env = append(append(os.Environ(), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "NO_COLOR=1"), env...)
	p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.out
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // the provider joins the CLI's group: KillAll reaches both
	var stdin io.WriteCloser
	if withStdin {
		var err error
		if stdin, err = p.cmd.StdinPipe(); err != nil {
			cancel()
			t.Fatal(err)
		}
	}
	if err := p.cmd.Start(); err != nil {
		cancel()
		t.Fatalf("starting %s %s: %v", cli, joinArgs(args), err)
	}
	go func() {
		p.err = p.cmd.Wait()
		if p.err != nil {
			p.err = &CLIError{Args: args, Output: p.out.String(), Err: p.err}
		}
		close(p.done)
	}()
	t.Cleanup(func() {
		cancel()
		<-p.done
	})
	return p, stdin
}

// Interrupt sends SIGINT to the CLI: it asks the provider to stop (StopProvider cancels the
// requests in flight) and waits for them, as on Ctrl-C or a CI runner's cancellation.
func (p *CLIProcess) Interrupt() error { return p.cmd.Process.Signal(syscall.SIGINT) }

// KillAll sends SIGKILL to the CLI and every process it started (the provider): a runner
// killed at that moment, which writes no state and stops nothing.
func (p *CLIProcess) KillAll() error { return syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL) }

// Output is what the CLI printed so far.
func (p *CLIProcess) Output() string { return p.out.String() }

// AwaitOutput waits until what the CLI printed matches re, and returns the match and its
// submatches; an error when the CLI exits first or timeout passes.
func (p *CLIProcess) AwaitOutput(re *regexp.Regexp, timeout time.Duration) ([]string, error) {
	deadline := time.After(timeout)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		if m := re.FindStringSubmatch(p.out.String()); m != nil {
			return m, nil
		}
		select {
		case <-p.done:
			if m := re.FindStringSubmatch(p.out.String()); m != nil {
				return m, nil
			}
			return nil, fmt.Errorf("the CLI exited before printing %s:\n%s", re, p.out.String())
		case <-deadline:
			return nil, fmt.Errorf("no %s after %s:\n%s", re, timeout, p.out.String())
		case <-tick.C:
		}
	}
}

// Wait waits for the CLI to exit and returns its output and, for a non-zero exit, a *CLIError.
func (p *CLIProcess) Wait() (string, error) {
	<-p.done
	p.cancel()
	return p.out.String(), p.err
}

// lockedBuffer is an output buffer safe to read while the CLI writes it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
