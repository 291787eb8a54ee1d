// Command rusage runs a command, passing stdin, stdout, stderr, the environment and
// SIGINT/SIGTERM through, and when it exits appends one line to the file named by
// $BENCH_RUSAGE_LOG:
//
//	<user CPU seconds> <system CPU seconds> <peak RSS KiB> <wall seconds> <command name>
//
// scripts/bench.sh installs it in place of the provider binary (the real binary is named by
// $BENCH_RUSAGE_EXEC when the wrapper is invoked without arguments naming one), so that the
// provider's own resource use can be read while a terraform/tofu CLI drives it.
//
//	rusage [--] command [args...]      # measure a command
//	BENCH_RUSAGE_EXEC=/path rusage ... # measure /path with the wrapper's own arguments
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

func main() {
	code, err := run(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "rusage:", err)
	}
	os.Exit(code)
}

func run(args []string) (int, error) {
	name := os.Getenv("BENCH_RUSAGE_EXEC")
	if name == "" {
		if len(args) > 0 && args[0] == "--" {
			args = args[1:]
		}
		if len(args) == 0 {
			return 2, errors.New("usage: rusage [--] command [args...]")
		}
		name, args = args[0], args[1:]
	}
	// No context: the command ends on its own or by the signals passed on below.
	cmd := exec.CommandContext(context.Background(), name, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 1, err
	}
	go func() {
		for s := range sigs {
			_ = cmd.Process.Signal(s)
		}
	}()
	waitErr := cmd.Wait()
	wall := time.Since(start)
	code := 0
	var exitErr *exec.ExitError
	if errors.As(waitErr, &exitErr) {
		code = exitErr.ExitCode()
		if code < 0 {
			code = 1
		}
	} else if waitErr != nil {
		return 1, waitErr
	}
	if log := os.Getenv("BENCH_RUSAGE_LOG"); log != "" {
		maxRSS := int64(0)
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			maxRSS = ru.Maxrss // KiB on Linux
		}
		line := fmt.Sprintf("%.3f %.3f %d %.3f %s\n", cmd.ProcessState.UserTime().Seconds(),
			cmd.ProcessState.SystemTime().Seconds(), maxRSS, wall.Seconds(), filepath.Base(name))
		f, err := os.OpenFile(log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			return code, err
		}
		_, werr := f.WriteString(line)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return code, werr
		}
	}
	return code, nil
}
