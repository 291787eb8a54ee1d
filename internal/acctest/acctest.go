// Package acctest holds what the provider's acceptance tests share: the in-process provider
// factories and a VB365 simulator per test, so that tests run in parallel without sharing state.
package acctest

import (
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// ProviderName is the provider's type name in configurations.
const ProviderName = "vb365"

// ProtoV6ProviderFactories runs the provider in the test process; the CLI attaches to it.
var ProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	ProviderName: provider.NewServer("test"),
}

// Sim is a running simulator.
type Sim struct {
	*vb365sim.Server
	// URL is the base URL to use as the provider's endpoint, e.g. "http://127.0.0.1:41234".
	URL string
	// CACertPEM is the PEM of the TLS simulator's certificate; empty for plain HTTP.
	CACertPEM string

	headers *headerRecorder
}

// StartSimulator serves a fresh simulator over HTTP until the test ends. When the test ends,
// no session opened by an explore request may still be working: the provider stops the
// sessions it opens for an operation, and the test's destroy stops vb365_restore_session.
func StartSimulator(t testing.TB, opts ...vb365sim.Option) *Sim {
	t.Helper()
	server := vb365sim.New(opts...)
	headers := &headerRecorder{next: server}
	ts := httptest.NewServer(headers)
	t.Cleanup(ts.Close)
	t.Cleanup(func() { checkNoSessionLeft(t, server) })
	return &Sim{Server: server, URL: ts.URL, headers: headers}
}

func checkNoSessionLeft(t testing.TB, server *vb365sim.Server) {
	if n := server.ExploredSessionsWorking(); n != 0 {
		t.Errorf("%d restore session(s) opened during the test are still working at its end", n)
	}
}

// StartTLSSimulator serves a fresh simulator over HTTPS with a self-signed certificate for
// 127.0.0.1 until the test ends; CACertPEM trusts it.
func StartTLSSimulator(t testing.TB, opts ...vb365sim.Option) *Sim {
	t.Helper()
	server := vb365sim.New(opts...)
	headers := &headerRecorder{next: server}
	ts := httptest.NewTLSServer(headers)
	t.Cleanup(ts.Close)
	t.Cleanup(func() { checkNoSessionLeft(t, server) })
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw})
	return &Sim{Server: server, URL: ts.URL, CACertPEM: string(certPEM), headers: headers}
}

// UserAgents returns the distinct User-Agent headers of the requests the simulator received,
// in the order first seen ("" for a request without one).
func (s *Sim) UserAgents() []string {
	s.headers.mu.Lock()
	defer s.headers.mu.Unlock()
	return slices.Clone(s.headers.userAgents)
}

// headerRecorder records request headers the simulator itself does not keep, in front of it.
type headerRecorder struct {
	next       http.Handler
	mu         sync.Mutex
	userAgents []string
}

func (h *headerRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ua := r.Header.Get("User-Agent")
	h.mu.Lock()
	if !slices.Contains(h.userAgents, ua) {
		h.userAgents = append(h.userAgents, ua)
	}
	h.mu.Unlock()
	h.next.ServeHTTP(w, r)
}

// ProviderConfig returns a provider "vb365" block for this simulator with its default
// credentials, speaking apiVersion ("auto", "v3".."v8"; empty leaves it unset). A TLS
// simulator's certificate is trusted through ca_cert_pem. Retries are bounded and fast so
// that a failing test fails quickly.
func (s *Sim) ProviderConfig(apiVersion string) string {
	return s.ProviderConfigAs(apiVersion, vb365sim.DefaultUsername, vb365sim.DefaultPassword)
}

// ProviderConfigAs is ProviderConfig signed in as another account, for example the
// organization's own administrator (vb365sim.DefaultTenantUsername, tenant sign-in).
func (s *Sim) ProviderConfigAs(apiVersion, username, password string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "provider %q {\n", ProviderName)
	fmt.Fprintf(&b, "  endpoint = %s\n", HCLString(s.URL))
	if apiVersion != "" {
		fmt.Fprintf(&b, "  api_version = %s\n", HCLString(apiVersion))
	}
	fmt.Fprintf(&b, "  username = %s\n", HCLString(username))
	fmt.Fprintf(&b, "  password = %s\n", HCLString(password))
	if s.CACertPEM != "" {
		fmt.Fprintf(&b, "  ca_cert_pem = %s\n", HCLString(s.CACertPEM))
	}
	b.WriteString("  retry {\n    attempts  = 3\n    min_delay = \"10ms\"\n    max_delay = \"50ms\"\n  }\n")
	b.WriteString("}\n")
	return b.String()
}

// HCLString quotes s as an HCL string literal, escaping template sequences.
func HCLString(s string) string {
	r := strings.NewReplacer(
		`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`,
		"${", "$${", "%{", "%%{",
	)
	return `"` + r.Replace(s) + `"`
}

// PreCheck fails early, with the fix, on environment problems that would otherwise surface as
// obscure CLI errors.
func PreCheck(t testing.TB) {
	t.Helper()
	// OpenTofu prints a warning on stdout when this file is missing, which breaks the test
	// framework's parsing of `tofu version`.
	if f := os.Getenv("TF_CLI_CONFIG_FILE"); f != "" && f != os.DevNull {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("TF_CLI_CONFIG_FILE=%s does not exist; export TF_CLI_CONFIG_FILE=/dev/null", f)
		}
	}
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		if _, err := exec.LookPath(p); err != nil {
			t.Fatalf("TF_ACC_TERRAFORM_PATH=%s is not an executable: %v", p, err)
		}
		if strings.Contains(strings.ToLower(p), "tofu") && os.Getenv("TF_ACC_PROVIDER_HOST") == "" {
			t.Fatalf("running OpenTofu (%s) needs TF_ACC_PROVIDER_HOST=registry.opentofu.org", p)
		}
	}
}

// SkipWithoutAcc skips an acceptance test before it prepares anything on a simulator (as
// resource.Test would skip it later) when TF_ACC is not set.
func SkipWithoutAcc(t testing.TB) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance tests are skipped unless TF_ACC is set")
	}
}
