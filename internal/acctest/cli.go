package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider"
)

// ProgressRecorder keeps the progress messages the provider's actions sent to the CLI.
type ProgressRecorder struct {
	mu       sync.Mutex
	messages []string
}

// Messages returns the progress messages in the order sent.
func (r *ProgressRecorder) Messages() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.messages...)
}

// Factories returns provider factories like ProtoV6ProviderFactories whose provider records the
// progress events of every action invocation in r, and the echo provider of
// terraform-plugin-testing (`provider "echo" { data = ... }` and `resource "echo" "x" {}` show an
// ephemeral value in state) when withEcho is set.
func (r *ProgressRecorder) Factories(withEcho bool) map[string]func() (tfprotov6.ProviderServer, error) {
	f := map[string]func() (tfprotov6.ProviderServer, error){
		ProviderName: func() (tfprotov6.ProviderServer, error) {
			inner, err := provider.NewServer("test")()
			if err != nil {
				return nil, err
			}
			full, ok := inner.(frameworkServer)
			if !ok {
				return nil, fmt.Errorf("the framework's provider server %T lacks list resources, actions or state stores", inner)
			}
			return &progressRecordingServer{frameworkServer: full, recorder: r}, nil
		},
	}
	if withEcho {
		f["echo"] = echoprovider.NewProviderServer()
	}
	return f
}

// frameworkServer is every RPC the framework's server implements: a wrapper must keep them all,
// as tf6server finds actions and list resources by type assertion.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// progressRecordingServer passes every call through and copies action progress on its way out.
type progressRecordingServer struct {
	frameworkServer
	recorder *ProgressRecorder
}

func (s *progressRecordingServer) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	stream, err := s.frameworkServer.InvokeAction(ctx, req)
	if err != nil || stream == nil || stream.Events == nil {
		return stream, err
	}
	events := stream.Events
	stream.Events = iter.Seq[tfprotov6.InvokeActionEvent](func(yield func(tfprotov6.InvokeActionEvent) bool) {
		for e := range events {
			if p, ok := e.Type.(tfprotov6.ProgressInvokeActionEventType); ok {
				s.recorder.mu.Lock()
				s.recorder.messages = append(s.recorder.messages, p.Message)
				s.recorder.mu.Unlock()
			}
			if !yield(e) {
				return
			}
		}
	})
	return stream, nil
}

// cliTimeout bounds one CLI command run by a test, so that a hung CLI fails the test.
const cliTimeout = 5 * time.Minute

// CLIRun is a working directory in which a test runs the CLI of TF_ACC_TERRAFORM_PATH itself,
// for commands terraform-plugin-testing has no step for (`terraform apply -invoke`). The
// provider is served from the test process, as in resource.Test, and the CLI attaches to it.
type CLIRun struct {
	t        testing.TB
	cli      string
	dir      string
	reattach string
}

// NewCLIRun serves server until the test ends and prepares an empty working directory.
func NewCLIRun(t testing.TB, server func() (tfprotov6.ProviderServer, error)) *CLIRun {
	t.Helper()
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set")
	}
	ctx, cancel := context.WithCancel(context.Background())
	reattachCh := make(chan *plugin.ReattachConfig, 1)
	closeCh := make(chan struct{})
	serveErr := make(chan error, 1)
	go func() {
		serveErr <- tf6server.Serve("registry.terraform.io/hashicorp/"+ProviderName, func() tfprotov6.ProviderServer {
			s, err := server()
			if err != nil {
				panic(err)
			}
			return s
		}, tf6server.WithDebug(ctx, reattachCh, closeCh), tf6server.WithoutLogStderrOverride())
	}()
	var config *plugin.ReattachConfig
	select {
	case config = <-reattachCh:
	case err := <-serveErr:
		cancel()
		t.Fatalf("serving the provider: %v", err)
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("the provider server did not start")
	}
	t.Cleanup(func() {
		cancel()
		<-closeCh
	})
	type addr struct{ Network, String string }
	type reattachConfig struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Test            bool
		Addr            addr
	}
	rc := reattachConfig{Protocol: string(config.Protocol), ProtocolVersion: config.ProtocolVersion, Pid: config.Pid,
		Test: config.Test, Addr: addr{config.Addr.Network(), config.Addr.String()}}
	// Under both namespaces: test configurations name none (hashicorp), the examples name
	// the published one (terraform-vb365).
	reattach, err := json.Marshal(map[string]reattachConfig{
		"registry.terraform.io/hashicorp/" + ProviderName:       rc,
		"registry.opentofu.org/hashicorp/" + ProviderName:       rc,
		"registry.terraform.io/terraform-vb365/" + ProviderName: rc,
		"registry.opentofu.org/terraform-vb365/" + ProviderName: rc,
	})
	if err != nil {
		t.Fatal(err)
	}
	return &CLIRun{t: t, cli: cli, dir: t.TempDir(), reattach: string(reattach)}
}

// WriteConfig replaces the working directory's configuration.
func (r *CLIRun) WriteConfig(config string) {
	r.t.Helper()
	if err := os.WriteFile(filepath.Join(r.dir, "main.tf"), []byte(config), 0o600); err != nil {
		r.t.Fatal(err)
	}
}

// Path is the path of a file in the working directory (a saved plan, say).
func (r *CLIRun) Path(name string) string { return filepath.Join(r.dir, name) }

// Run runs the CLI with args in the working directory and returns its combined output; a
// non-zero exit is an error carrying that output.
func (r *CLIRun) Run(args ...string) (string, error) {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, r.cli, args...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+r.reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"TF_CLI_CONFIG_FILE="+os.DevNull, "NO_COLOR=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err != nil {
		return out.String(), &CLIError{Args: args, Output: out.String(), Err: err}
	}
	return out.String(), nil
}

// CLIError is a CLI run that failed.
type CLIError struct {
	Args   []string
	Output string
	Err    error
}

func (e *CLIError) Error() string {
	return "terraform " + joinArgs(e.Args) + ": " + e.Err.Error() + "\n" + e.Output
}

func joinArgs(args []string) string {
	var b bytes.Buffer
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(a)
	}
	return b.String()
}

// CLIVersion is the version of the CLI of TF_ACC_TERRAFORM_PATH (`version -json`).
func CLIVersion() (*version.Version, error) {
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, os.Getenv("TF_ACC_TERRAFORM_PATH"), "version", "-json").Output()
	if err != nil {
		return nil, fmt.Errorf("%s version -json: %w", os.Getenv("TF_ACC_TERRAFORM_PATH"), err)
	}
	var v struct {
		TerraformVersion string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return nil, fmt.Errorf("%s version -json: %w", os.Getenv("TF_ACC_TERRAFORM_PATH"), err)
	}
	return version.NewVersion(v.TerraformVersion)
}

// CLIIsOpenTofu reports whether the CLI of TF_ACC_TERRAFORM_PATH is OpenTofu.
func CLIIsOpenTofu() bool {
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, os.Getenv("TF_ACC_TERRAFORM_PATH"), "version").Output()
	return err == nil && bytes.HasPrefix(bytes.TrimSpace(out), []byte("OpenTofu"))
}
