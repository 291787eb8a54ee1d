package provider_test

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// seedSessionConfig is a data source that needs the API: reading it proves the provider works.
var seedSessionConfig = fmt.Sprintf(`
data "vb365_restore_session" "seed" {
  id = %s
}
`, acctest.Q(vb365sim.SeedRestoreSessionID))

var seedSessionWorking = []statecheck.StateCheck{
	statecheck.ExpectKnownValue("data.vb365_restore_session.seed", tfjsonpath.New("state"), knownvalue.StringExact("Working")),
}

// providerEnv lists every environment variable the provider reads.
var providerEnv = []string{
	"VB365_ENDPOINT", "VB365_API_VERSION", "VB365_USERNAME", "VB365_PASSWORD", "VB365_INSECURE",
	"VB365_CA_CERT_PEM", "VB365_CA_CERT_FILE", "VB365_REQUEST_TIMEOUT", "VB365_MAX_CONCURRENT_REQUESTS",
	"VB365_RETRY_ATTEMPTS", "VB365_RETRY_MIN_DELAY", "VB365_RETRY_MAX_DELAY",
}

// clearProviderEnv empties every provider variable for the test (empty counts as unset), so a
// developer's own VB365_* settings cannot change the outcome. Tests using it cannot be parallel.
func clearProviderEnv(t *testing.T) {
	for _, name := range providerEnv {
		t.Setenv(name, "")
	}
}

func TestAccProvider_environmentVariables(t *testing.T) {
	clearProviderEnv(t)
	sim := acctest.StartSimulator(t)
	t.Setenv("VB365_ENDPOINT", sim.URL)
	t.Setenv("VB365_API_VERSION", "v8")
	t.Setenv("VB365_USERNAME", vb365sim.DefaultUsername)
	t.Setenv("VB365_PASSWORD", vb365sim.DefaultPassword)
	t.Setenv("VB365_INSECURE", "false")
	t.Setenv("VB365_REQUEST_TIMEOUT", "30s")
	t.Setenv("VB365_MAX_CONCURRENT_REQUESTS", "2")
	t.Setenv("VB365_RETRY_ATTEMPTS", "2")
	t.Setenv("VB365_RETRY_MIN_DELAY", "10ms")
	t.Setenv("VB365_RETRY_MAX_DELAY", "20ms")

	acctest.AccTest(t, resource.TestStep{
		Config: `provider "vb365" {}` + seedSessionConfig,
		ConfigStateChecks: append([]statecheck.StateCheck{
			acctest.StateCheckFunc(func(*tfjson.State) error {
				// VB365_API_VERSION=v8 was used as is: v8 routes, no version probing.
				if n := sim.RequestCount("GET", "/v8/RestoreSessions/{id}"); n == 0 {
					return fmt.Errorf("no GET /v8/RestoreSessions/{id}; counts: %v", sim.RequestCounts())
				}
				if n := countProbes(sim); n != 0 {
					return fmt.Errorf("%d ServiceInstance probes with an explicit API version", n)
				}
				return nil
			}),
		}, seedSessionWorking...),
	})
}

func TestAccProvider_configurationOverridesEnvironment(t *testing.T) {
	clearProviderEnv(t)
	sim := acctest.StartSimulator(t)
	// Every one of these would fail; the provider block must win over each.
	t.Setenv("VB365_ENDPOINT", "http://127.0.0.1:1")
	t.Setenv("VB365_API_VERSION", "v9")
	t.Setenv("VB365_USERNAME", "nobody")
	t.Setenv("VB365_PASSWORD", "wrong")
	t.Setenv("VB365_REQUEST_TIMEOUT", "not-a-duration")
	t.Setenv("VB365_RETRY_ATTEMPTS", "0")

	acctest.AccTest(t, resource.TestStep{
		Config: fmt.Sprintf(`
provider "vb365" {
  endpoint        = %s
  api_version     = "v3"
  username        = %s
  password        = %s
  request_timeout = "20s"
  retry {
    attempts = 2
  }
}
`, acctest.Q(sim.URL), acctest.Q(vb365sim.DefaultUsername), acctest.Q(vb365sim.DefaultPassword)) + seedSessionConfig,
		ConfigStateChecks: append([]statecheck.StateCheck{
			acctest.StateCheckFunc(func(*tfjson.State) error {
				if n := sim.RequestCount("GET", "/v3/RestoreSessions/{id}"); n == 0 {
					return fmt.Errorf("api_version = \"v3\" not used; counts: %v", sim.RequestCounts())
				}
				return nil
			}),
		}, seedSessionWorking...),
	})
}

func TestAccProvider_missingSettings(t *testing.T) {
	clearProviderEnv(t)
	acctest.AccTest(t, resource.TestStep{
		Config:      `provider "vb365" {}` + seedSessionConfig,
		ExpectError: acctest.Wrapped(`Missing VB365 REST API endpoint`, `VB365_ENDPOINT`),
	}, resource.TestStep{
		Config:      `provider "vb365" {}` + seedSessionConfig,
		ExpectError: acctest.Wrapped(`Missing VB365 user name`, `VB365_USERNAME`),
	}, resource.TestStep{
		Config:      `provider "vb365" {}` + seedSessionConfig,
		ExpectError: acctest.Wrapped(`Missing VB365 password`, `VB365_PASSWORD`),
	})
}

func TestAccProvider_invalidEnvironmentValues(t *testing.T) {
	clearProviderEnv(t)
	sim := acctest.StartSimulator(t)
	t.Setenv("VB365_ENDPOINT", sim.URL)
	t.Setenv("VB365_USERNAME", vb365sim.DefaultUsername)
	t.Setenv("VB365_PASSWORD", vb365sim.DefaultPassword)
	config := `provider "vb365" {}` + seedSessionConfig

	cases := []struct {
		env, value string
		want       []string
	}{
		{"VB365_ENDPOINT", "ftp://vb365.example.com", []string{"Invalid VB365_ENDPOINT environment variable", "must use the https scheme"}},
		{"VB365_API_VERSION", "v9", []string{"Invalid VB365_API_VERSION environment variable", `must be one of auto, v3, v4, v5, v6, v7, v8, got "v9"`}},
		{"VB365_INSECURE", "maybe", []string{"Invalid VB365_INSECURE environment variable", `must be true or false, got "maybe"`}},
		{"VB365_REQUEST_TIMEOUT", "-5s", []string{"Invalid VB365_REQUEST_TIMEOUT environment variable", `must be a positive duration, got "-5s"`}},
		{"VB365_MAX_CONCURRENT_REQUESTS", "0", []string{"Invalid VB365_MAX_CONCURRENT_REQUESTS environment variable", "must be at least 1, got 0"}},
		{"VB365_RETRY_ATTEMPTS", "many", []string{"Invalid VB365_RETRY_ATTEMPTS environment variable", "must be a whole number"}},
		{"VB365_RETRY_MIN_DELAY", "2m", []string{"Invalid retry delays", "retry.min_delay 2m0s", "must not be longer than retry.max_delay 30s (the default)"}},
		{"VB365_CA_CERT_PEM", "not a certificate", []string{"Invalid VB365_CA_CERT_PEM environment variable", "must contain at least one PEM-encoded certificate"}},
		{"VB365_CA_CERT_FILE", filepath.Join(t.TempDir(), "missing.pem"), []string{"Invalid VB365_CA_CERT_FILE environment variable", "names a file that cannot be read"}},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			PreConfig: func() {
				for _, other := range cases {
					os.Setenv(other.env, "") //nolint:usetesting // between steps; restored by the t.Setenv cleanup above
				}
				os.Setenv(c.env, c.value) //nolint:usetesting // as above
			},
			Config:      config,
			ExpectError: acctest.Wrapped(c.want...),
		})
	}
	acctest.AccTest(t, steps...) // clearProviderEnv registered the cleanup of every variable

}

func TestAccProvider_caCertificateFileFromEnvironment(t *testing.T) {
	clearProviderEnv(t)
	sim := acctest.StartTLSSimulator(t)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, []byte(sim.CACertPEM), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("VB365_CA_CERT_FILE", caFile)
	acctest.AccTest(t, resource.TestStep{
		Config: fmt.Sprintf(`
provider "vb365" {
  endpoint    = %s
  api_version = "v8"
  username    = %s
  password    = %s
}
`, acctest.Q(sim.URL), acctest.Q(vb365sim.DefaultUsername), acctest.Q(vb365sim.DefaultPassword)) + seedSessionConfig,
		ConfigStateChecks: seedSessionWorking,
	})
}

// tlsProviderConfig is a provider block for the TLS simulator with extra settings and no CA.
func tlsProviderConfig(sim *acctest.Sim, extra string) string {
	return fmt.Sprintf(`
provider "vb365" {
  endpoint    = %s
  api_version = "v8"
  username    = %s
  password    = %s
  retry {
    attempts = 1
  }
%s
}
`, acctest.Q(sim.URL), acctest.Q(vb365sim.DefaultUsername), acctest.Q(vb365sim.DefaultPassword), extra)
}

func TestAccProvider_tls(t *testing.T) {
	t.Parallel()
	t.Run("ca_cert_pem", func(t *testing.T) {
		t.Parallel()
		sim := acctest.StartTLSSimulator(t)
		acctest.AccTest(t, resource.TestStep{
			Config:            tlsProviderConfig(sim, "  ca_cert_pem = "+acctest.Q(sim.CACertPEM)) + seedSessionConfig,
			ConfigStateChecks: seedSessionWorking,
		})
	})
	t.Run("ca_cert_file", func(t *testing.T) {
		t.Parallel()
		sim := acctest.StartTLSSimulator(t)
		caFile := filepath.Join(t.TempDir(), "ca.pem")
		if err := os.WriteFile(caFile, []byte(sim.CACertPEM), 0o600); err != nil {
			t.Fatal(err)
		}
		acctest.AccTest(t, resource.TestStep{
			Config:            tlsProviderConfig(sim, "  ca_cert_file = "+acctest.Q(caFile)) + seedSessionConfig,
			ConfigStateChecks: seedSessionWorking,
		})
	})
	t.Run("insecure", func(t *testing.T) {
		t.Parallel()
		sim := acctest.StartTLSSimulator(t)
		acctest.AccTest(t, resource.TestStep{
			Config:            tlsProviderConfig(sim, "  insecure = true") + seedSessionConfig,
			ConfigStateChecks: seedSessionWorking,
		})
	})
	t.Run("untrusted", func(t *testing.T) {
		t.Parallel()
		sim := acctest.StartTLSSimulator(t)
		acctest.AccTest(t, resource.TestStep{
			Config:      tlsProviderConfig(sim, "") + seedSessionConfig,
			ExpectError: acctest.Wrapped(`x509: certificate signed by unknown authority`, `Set ca_cert_pem or ca_cert_file`),
		})
	})
	t.Run("untrusted_with_other_ca", func(t *testing.T) {
		t.Parallel()
		sim := acctest.StartTLSSimulator(t)
		acctest.AccTest(t, resource.TestStep{
			Config:      tlsProviderConfig(sim, "  ca_cert_pem = "+acctest.Q(acctest.TestCertificatePEM)) + seedSessionConfig,
			ExpectError: acctest.Wrapped(`x509:`, `certificate is not trusted`),
		})
	})
}

func TestAccProvider_wrongPassword(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t, vb365sim.WithCredentials(vb365sim.DefaultUsername, "the-real-password"))
			acctest.AccTest(t, resource.TestStep{
				Config:      sim.ProviderConfig(version) + seedSessionConfig,
				ExpectError: acctest.Wrapped(`Unable to read VB365 restore session`, `authentication failed`, `Check the provider's username and password`),
			})
		})
	}
}

func TestAccProvider_unreachableEndpoint(t *testing.T) {
	t.Parallel()
	// A port that was just free and is now closed: connections are refused at once.
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	endpoint := "http://" + listener.Addr().String()
	listener.Close()
	acctest.AccTest(t, resource.TestStep{
		Config: fmt.Sprintf(`
provider "vb365" {
  endpoint    = %s
  api_version = "v8"
  username    = "admin"
  password    = "secret"
  retry {
    attempts = 1
  }
}
`, acctest.Q(endpoint)) + seedSessionConfig,
		ExpectError: acctest.Wrapped(`connection refused`, `Check the provider's endpoint`),
	})
}

// Validation failures are plan-time errors naming the attribute, before any request.
func TestAccProvider_validation(t *testing.T) {
	t.Parallel()
	base := func(extra string) string {
		return `
provider "vb365" {
  endpoint = "https://vb365.example.com:4443"
  username = "admin"
  password = "secret"
` + extra + `
}
` + seedSessionConfig
	}
	cases := []struct {
		name, config string
		want         []string
	}{
		{"endpoint_scheme", strings.Replace(base(""), "https://vb365.example.com:4443", "ftp://vb365.example.com", 1),
			[]string{"Invalid endpoint", "must use the https scheme"}},
		{"endpoint_host", strings.Replace(base(""), "https://vb365.example.com:4443", "https://", 1),
			[]string{"Invalid endpoint", "must name a host"}},
		{"endpoint_relative", strings.Replace(base(""), "https://vb365.example.com:4443", "vb365.example.com", 1),
			[]string{"Invalid endpoint", "must start with https://"}},
		{"api_version", base(`  api_version = "v9"`), []string{"api_version", `value must be one of`}},
		{"username_empty", strings.Replace(base(""), `username = "admin"`, `username = ""`, 1),
			[]string{"Invalid Attribute Value Length", `username = ""`, "at least 1"}},
		{"password_empty", strings.Replace(base(""), `password = "secret"`, `password = ""`, 1),
			[]string{"Invalid Attribute Value Length", `password = ""`, "at least 1"}},
		{"both_ca_forms", base(`  ca_cert_file = "/tmp/ca.pem"` + "\n  ca_cert_pem = " + acctest.Q(acctest.TestCertificatePEM)),
			[]string{"Invalid Attribute Combination", "ca_cert_file"}},
		{"ca_cert_pem_garbage", base(`  ca_cert_pem = "hello"`), []string{"Invalid ca_cert_pem", "at least one PEM-encoded certificate"}},
		{"request_timeout_invalid", base(`  request_timeout = "soon"`), []string{"Invalid request_timeout", `got "soon"`}},
		{"request_timeout_zero", base(`  request_timeout = "0s"`), []string{"Invalid request_timeout", "must be a positive duration"}},
		{"request_timeout_negative", base(`  request_timeout = "-1m"`), []string{"Invalid request_timeout", "must be a positive duration"}},
		{"max_concurrent_requests", base(`  max_concurrent_requests = 0`), []string{"max_concurrent_requests", "value must be at least 1"}},
		{"retry_attempts", base("  retry {\n    attempts = 0\n  }"), []string{"retry.attempts", "value must be between 1 and 100"}},
		{"retry_min_delay", base("  retry {\n    min_delay = \"-1s\"\n  }"), []string{"Invalid retry.min_delay", "must be a positive duration"}},
		{"retry_order", base("  retry {\n    min_delay = \"10s\"\n    max_delay = \"5s\"\n  }"),
			[]string{"Invalid retry delays", "retry.min_delay (10s) must not be longer than retry.max_delay (5s)"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			acctest.AccTest(t, resource.TestStep{
				Config:      c.config,
				PlanOnly:    true,
				ExpectError: acctest.Wrapped(c.want...),
			})
		})
	}
}

// An endpoint known only after apply: the data source cannot be read during plan and says why;
// with depends_on it is read during apply, when the provider configuration is known.
func TestAccProvider_unknownConfigurationAtPlan(t *testing.T) {
	t.Parallel()
	sim := acctest.StartSimulator(t)
	provider := fmt.Sprintf(`
resource "terraform_data" "endpoint" {
  input = %s
}

provider "vb365" {
  endpoint    = terraform_data.endpoint.output
  api_version = "v8"
  username    = %s
  password    = %s
}
`, acctest.Q(sim.URL), acctest.Q(vb365sim.DefaultUsername), acctest.Q(vb365sim.DefaultPassword))
	acctest.AccTest(t, resource.TestStep{
		Config:      provider + seedSessionConfig,
		ExpectError: acctest.Wrapped(`VB365 provider configuration not known yet`, `depends_on`),
	}, resource.TestStep{
		Config: provider + fmt.Sprintf(`
data "vb365_restore_session" "seed" {
  id         = %s
  depends_on = [terraform_data.endpoint]
}
`, acctest.Q(vb365sim.SeedRestoreSessionID)),
		ConfigStateChecks: seedSessionWorking,
	})
}

// countProbes counts anonymous version probes (GET /vN/ServiceInstance) of any version.
func countProbes(sim *acctest.Sim) int {
	n := 0
	for key, count := range sim.RequestCounts() {
		if strings.HasSuffix(key, "/ServiceInstance") {
			n += count
		}
	}
	return n
}
