package acctest

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// BinaryCLIRun is a working directory in which a test runs the CLI of TF_ACC_TERRAFORM_PATH
// with the provider built as a binary (installed through dev_overrides): the CLI starts and
// ends the provider's process itself, as in production (go-plugin's Shutdown at the end of
// each phase, SIGKILL 2 seconds later), which an in-process provider never sees.
type BinaryCLIRun struct {
	t    testing.TB
	cli  string
	dir  string
	tfrc string
	env  []string
}

// NewBinaryCLIRun builds the provider and prepares an empty working directory.
func NewBinaryCLIRun(t testing.TB) *BinaryCLIRun {
	t.Helper()
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set")
	}
	work := t.TempDir()
	plugins := filepath.Join(work, "plugins")
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	root, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatal(err)
	}
	build := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(plugins, "terraform-provider-vb365"), ".")
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
	dir := filepath.Join(work, "config")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return &BinaryCLIRun{t: t, cli: cli, dir: dir, tfrc: tfrc}
}

// WriteConfig replaces the working directory's configuration; the provider's source is
// terraform-vb365/vb365 (the dev override).
func (r *BinaryCLIRun) WriteConfig(config string) {
	r.t.Helper()
	config = "terraform {\n  required_providers {\n    vb365 = { source = \"terraform-vb365/vb365\" }\n  }\n}\n" + config
	if err := os.WriteFile(filepath.Join(r.dir, "main.tf"), []byte(config), 0o600); err != nil {
		r.t.Fatal(err)
	}
}

// Run runs the CLI with args (no init needed) and returns its combined output; a non-zero exit
// is a *CLIError carrying that output.
func (r *BinaryCLIRun) Run(args ...string) (string, error) {
	r.t.Helper()
	return r.Start(args...).Wait()
}

// Start starts the CLI with args without waiting for it.
func (r *BinaryCLIRun) Start(args ...string) *CLIProcess {
	r.t.Helper()
	p, _ := startCLIWithInput(r.t, r.cli, r.dir, r.environment(), args, false)
	return p
}

// StartInteractive starts the CLI with args and stdin from the returned writer, as a person
// at a terminal answers its prompts (close the writer to end the input).
func (r *BinaryCLIRun) StartInteractive(args ...string) (*CLIProcess, io.WriteCloser) {
	r.t.Helper()
	return startCLIWithInput(r.t, r.cli, r.dir, r.environment(), args, true)
}

// Setenv sets environment variables ("NAME=value") of the CLI commands started after it, and
// so of the provider processes they start.
func (r *BinaryCLIRun) Setenv(kv ...string) { r.env = append(r.env, kv...) }

func (r *BinaryCLIRun) environment() []string {
	return append([]string{"TF_CLI_CONFIG_FILE=" + r.tfrc}, r.env...)
}

// Path is the path of a file in the working directory (the state, a saved plan).
func (r *BinaryCLIRun) Path(name string) string { return filepath.Join(r.dir, name) }
