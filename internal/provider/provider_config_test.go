package provider

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// nullModel is a provider block with nothing set.
func nullModel() providerModel {
	return providerModel{
		Endpoint: types.StringNull(), APIVersion: types.StringNull(), Username: types.StringNull(),
		Password: types.StringNull(), Insecure: types.BoolNull(), CACertPEM: types.StringNull(),
		CACertFile: types.StringNull(), RequestTimeout: types.StringNull(), MaxConcurrentRequests: types.Int64Null(),
	}
}

// credentialsModel is a provider block with the required settings only.
func credentialsModel() providerModel {
	m := nullModel()
	m.Endpoint = types.StringValue("https://vb365.example.com:4443")
	m.Username = types.StringValue("admin")
	m.Password = types.StringValue("secret")
	return m
}

// fakeSources serves env from a map and files from another.
func fakeSources(env map[string]string, files map[string]string) configSources {
	return configSources{
		LookupEnv: func(name string) (string, bool) { v, ok := env[name]; return v, ok },
		ReadFile: func(name string) ([]byte, error) {
			if data, ok := files[name]; ok {
				return []byte(data), nil
			}
			return nil, errors.New("open " + name + ": no such file or directory")
		},
	}
}

// diagText joins every diagnostic for substring assertions.
func diagText(diags diag.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Severity().String() + ": " + d.Summary() + ": " + d.Detail() + "\n")
	}
	return b.String()
}

func requireNoErrors(t *testing.T, diags diag.Diagnostics) {
	t.Helper()
	if diags.HasError() {
		t.Fatalf("unexpected errors:\n%s", diagText(diags))
	}
}

func requireError(t *testing.T, diags diag.Diagnostics, wants ...string) {
	t.Helper()
	if !diags.HasError() {
		t.Fatalf("expected an error containing %q, got none", wants)
	}
	text := diagText(diags)
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("diagnostics do not contain %q:\n%s", want, text)
		}
	}
}

func TestResolveClientConfig_fromConfiguration(t *testing.T) {
	m := credentialsModel()
	m.Endpoint = types.StringValue("https://vb365.example.com:4443/")
	m.APIVersion = types.StringValue("v6")
	m.Insecure = types.BoolValue(true)
	m.CACertPEM = types.StringValue(testCertPEM)
	m.RequestTimeout = types.StringValue("90s")
	m.MaxConcurrentRequests = types.Int64Value(3)
	m.Retry = &retryModel{Attempts: types.Int64Value(7), MinDelay: types.StringValue("2s"), MaxDelay: types.StringValue("1m")}

	cfg, diags := resolveClientConfig(m, fakeSources(nil, nil))
	requireNoErrors(t, diags)
	if cfg.Endpoint != "https://vb365.example.com:4443" {
		t.Errorf("Endpoint = %q, want the trailing slash trimmed", cfg.Endpoint)
	}
	if cfg.APIVersion != "v6" || cfg.Username != "admin" || cfg.Password != "secret" || !cfg.Insecure {
		t.Errorf("got %+v", cfg)
	}
	if string(cfg.CACertPEM) != testCertPEM {
		t.Errorf("CACertPEM not passed through")
	}
	if cfg.RequestTimeout != 90*time.Second || cfg.MaxConcurrentRequests != 3 {
		t.Errorf("RequestTimeout = %s, MaxConcurrentRequests = %d", cfg.RequestTimeout, cfg.MaxConcurrentRequests)
	}
	if cfg.Retry.Attempts != 7 || cfg.Retry.MinDelay != 2*time.Second || cfg.Retry.MaxDelay != time.Minute {
		t.Errorf("Retry = %+v", cfg.Retry)
	}
}

func TestResolveClientConfig_fromEnvironment(t *testing.T) {
	env := map[string]string{
		EnvEndpoint: "http://127.0.0.1:4443", EnvAPIVersion: "v8", EnvUsername: "env-user", EnvPassword: "env-pass",
		EnvInsecure: "true", EnvCACertFile: "/etc/vb365/ca.pem", EnvRequestTimeout: "45s",
		EnvMaxConcurrentRequests: "4", EnvRetryAttempts: "2", EnvRetryMinDelay: "100ms", EnvRetryMaxDelay: "2s",
	}
	cfg, diags := resolveClientConfig(nullModel(), fakeSources(env, map[string]string{"/etc/vb365/ca.pem": testCertPEM}))
	requireNoErrors(t, diags)
	if cfg.Endpoint != "http://127.0.0.1:4443" || cfg.APIVersion != "v8" || cfg.Username != "env-user" ||
		cfg.Password != "env-pass" || !cfg.Insecure || string(cfg.CACertPEM) != testCertPEM {
		t.Errorf("got %+v", cfg)
	}
	if cfg.RequestTimeout != 45*time.Second || cfg.MaxConcurrentRequests != 4 {
		t.Errorf("RequestTimeout = %s, MaxConcurrentRequests = %d", cfg.RequestTimeout, cfg.MaxConcurrentRequests)
	}
	if cfg.Retry.Attempts != 2 || cfg.Retry.MinDelay != 100*time.Millisecond || cfg.Retry.MaxDelay != 2*time.Second {
		t.Errorf("Retry = %+v", cfg.Retry)
	}
}

func TestResolveClientConfig_configurationWinsOverEnvironment(t *testing.T) {
	env := map[string]string{
		EnvEndpoint: "ftp://wrong", EnvAPIVersion: "v9", EnvUsername: "env-user", EnvPassword: "env-pass",
		EnvInsecure: "maybe", EnvRequestTimeout: "never", EnvMaxConcurrentRequests: "0",
		EnvRetryAttempts: "0", EnvRetryMinDelay: "x", EnvRetryMaxDelay: "y",
		EnvCACertPEM: "garbage", EnvCACertFile: "/missing",
	}
	m := credentialsModel()
	m.APIVersion = types.StringValue("v3")
	m.Insecure = types.BoolValue(false)
	m.CACertPEM = types.StringValue(testCertPEM) // a CA in the block replaces both CA variables
	m.RequestTimeout = types.StringValue("5s")
	m.MaxConcurrentRequests = types.Int64Value(1)
	m.Retry = &retryModel{Attempts: types.Int64Value(1), MinDelay: types.StringValue("1s"), MaxDelay: types.StringValue("2s")}

	cfg, diags := resolveClientConfig(m, fakeSources(env, nil))
	requireNoErrors(t, diags)
	if cfg.Username != "admin" || cfg.Password != "secret" || cfg.APIVersion != "v3" || cfg.Insecure ||
		cfg.RequestTimeout != 5*time.Second || cfg.MaxConcurrentRequests != 1 || cfg.Retry.Attempts != 1 {
		t.Errorf("environment leaked into %+v", cfg)
	}
}

func TestResolveClientConfig_emptyEnvironmentIsUnset(t *testing.T) {
	env := map[string]string{EnvAPIVersion: "", EnvRequestTimeout: "", EnvInsecure: ""}
	cfg, diags := resolveClientConfig(credentialsModel(), fakeSources(env, nil))
	requireNoErrors(t, diags)
	if cfg.APIVersion != "auto" || cfg.RequestTimeout != 0 || cfg.Insecure {
		t.Errorf("got %+v, want defaults", cfg)
	}
}

func TestResolveClientConfig_missingRequiredSettings(t *testing.T) {
	_, diags := resolveClientConfig(nullModel(), fakeSources(map[string]string{EnvUsername: ""}, nil))
	requireError(t, diags,
		"Missing VB365 REST API endpoint", "Set endpoint in the provider \"vb365\" block or the VB365_ENDPOINT environment variable",
		"Missing VB365 user name", "VB365_USERNAME",
		"Missing VB365 password", "VB365_PASSWORD",
	)
	if n := diags.ErrorsCount(); n != 3 {
		t.Errorf("got %d errors, want one per missing setting:\n%s", n, diagText(diags))
	}
}

// An empty user name or password in the provider block is an error on that attribute (the
// schema's validators catch literals; this catches values computed at apply).
func TestResolveClientConfig_emptyCredentials(t *testing.T) {
	for _, attr := range []string{"username", "password"} {
		t.Run(attr, func(t *testing.T) {
			m := credentialsModel()
			if attr == "username" {
				m.Username = types.StringValue("")
			} else {
				m.Password = types.StringValue("")
			}
			env := map[string]string{EnvUsername: "from-env", EnvPassword: "from-env"}
			_, diags := resolveClientConfig(m, fakeSources(env, nil))
			if n := diags.ErrorsCount(); n != 1 {
				t.Fatalf("got %d errors, want 1:\n%s", n, diagText(diags))
			}
			d, ok := diags.Errors()[0].(diag.DiagnosticWithPath)
			if !ok || !d.Path().Equal(path.Root(attr)) {
				t.Fatalf("the error is not on the %s attribute: %s", attr, diagText(diags))
			}
			requireError(t, diags, attr+" in the provider \"vb365\" block is empty")
		})
	}
}

func TestResolveClientConfig_invalidEnvironmentValues(t *testing.T) {
	base := map[string]string{EnvEndpoint: "https://vb365.example.com", EnvUsername: "u", EnvPassword: "p"}
	cases := []struct {
		env, value string
		wants      []string
	}{
		{EnvEndpoint, "vb365.example.com", []string{"Invalid VB365_ENDPOINT environment variable", "The VB365_ENDPOINT environment variable (for endpoint) must start with https://"}},
		{EnvEndpoint, "https://user:pw@vb365.example.com", []string{"must not contain credentials"}},
		{EnvEndpoint, "https://vb365.example.com/?x=1", []string{"must not contain a query or fragment"}},
		{EnvAPIVersion, "V8", []string{"Invalid VB365_API_VERSION environment variable", `got "V8"`}},
		{EnvInsecure, "yes please", []string{"Invalid VB365_INSECURE environment variable", "must be true or false"}},
		{EnvRequestTimeout, "0s", []string{"Invalid VB365_REQUEST_TIMEOUT environment variable", "must be a positive duration"}},
		{EnvRequestTimeout, "10", []string{"must be a duration such as"}},
		{EnvMaxConcurrentRequests, "-1", []string{"Invalid VB365_MAX_CONCURRENT_REQUESTS environment variable", "must be at least 1, got -1"}},
		{EnvMaxConcurrentRequests, "two", []string{"must be a whole number of at least 1"}},
		{EnvRetryAttempts, "0", []string{"Invalid VB365_RETRY_ATTEMPTS environment variable", "must be between 1 and 100 (1 disables retries), got 0"}},
		{EnvRetryAttempts, "101", []string{"got 101"}},
		{EnvRetryMinDelay, "-1s", []string{"Invalid VB365_RETRY_MIN_DELAY environment variable", "(for retry.min_delay) must be a positive duration"}},
		{EnvRetryMaxDelay, "later", []string{"Invalid VB365_RETRY_MAX_DELAY environment variable"}},
		{EnvCACertPEM, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", []string{"Invalid VB365_CA_CERT_PEM environment variable", "does not parse"}},
	}
	for _, c := range cases {
		t.Run(c.env+"="+c.value, func(t *testing.T) {
			env := map[string]string{c.env: c.value}
			for k, v := range base {
				if k != c.env {
					env[k] = v
				}
			}
			_, diags := resolveClientConfig(nullModel(), fakeSources(env, nil))
			requireError(t, diags, c.wants...)
		})
	}
}

func TestResolveClientConfig_caCertificates(t *testing.T) {
	files := map[string]string{"/ok.pem": testCertPEM, "/junk.pem": "not a certificate"}
	cases := []struct {
		name  string
		pem   types.String
		file  types.String
		env   map[string]string
		want  string // CACertPEM expected when no error
		error []string
	}{
		{name: "none", pem: types.StringNull(), file: types.StringNull()},
		{name: "pem attribute", pem: types.StringValue(testCertPEM), file: types.StringNull(), want: testCertPEM},
		{name: "file attribute", pem: types.StringNull(), file: types.StringValue("/ok.pem"), want: testCertPEM},
		{name: "pem env", pem: types.StringNull(), file: types.StringNull(), env: map[string]string{EnvCACertPEM: testCertPEM}, want: testCertPEM},
		{name: "file env", pem: types.StringNull(), file: types.StringNull(), env: map[string]string{EnvCACertFile: "/ok.pem"}, want: testCertPEM},
		{name: "attribute replaces env", pem: types.StringNull(), file: types.StringValue("/ok.pem"), env: map[string]string{EnvCACertPEM: "junk"}, want: testCertPEM},
		{name: "both attributes", pem: types.StringValue(testCertPEM), file: types.StringValue("/ok.pem"),
			error: []string{"Conflicting CA certificate settings", "The ca_cert_pem attribute and the ca_cert_file attribute are both set"}},
		{name: "both env", pem: types.StringNull(), file: types.StringNull(), env: map[string]string{EnvCACertPEM: testCertPEM, EnvCACertFile: "/ok.pem"},
			error: []string{"Conflicting CA certificate settings", "VB365_CA_CERT_PEM environment variable", "VB365_CA_CERT_FILE environment variable"}},
		{name: "missing file", pem: types.StringNull(), file: types.StringValue("/nope.pem"),
			error: []string{"Invalid ca_cert_file", "names a file that cannot be read", "no such file"}},
		{name: "file without certificate", pem: types.StringNull(), file: types.StringValue("/junk.pem"),
			error: []string{"Invalid ca_cert_file", `names "/junk.pem", which must contain at least one PEM-encoded certificate`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := credentialsModel()
			m.CACertPEM, m.CACertFile = c.pem, c.file
			cfg, diags := resolveClientConfig(m, fakeSources(c.env, files))
			if c.error != nil {
				requireError(t, diags, c.error...)
				return
			}
			requireNoErrors(t, diags)
			if string(cfg.CACertPEM) != c.want {
				t.Errorf("CACertPEM = %q, want %q", cfg.CACertPEM, c.want)
			}
		})
	}
}

func TestResolveClientConfig_retryDelayOrder(t *testing.T) {
	cases := []struct {
		name     string
		min, max string // attribute values; "" = unset
		env      map[string]string
		error    []string
	}{
		{name: "defaults"},
		{name: "min below default max", min: "10s"},
		{name: "min above default max", min: "1m", error: []string{"Invalid retry delays", "retry.min_delay 1m0s (from the retry.min_delay attribute) must not be longer than retry.max_delay 30s (the default)"}},
		{name: "max below default min", max: "500ms", error: []string{"retry.min_delay 1s (the default) must not be longer than retry.max_delay 500ms"}},
		{name: "env max raises the bound", min: "1m", env: map[string]string{EnvRetryMaxDelay: "2m"}},
		{name: "env min against attribute max", max: "1s", env: map[string]string{EnvRetryMinDelay: "5s"},
			error: []string{"from the VB365_RETRY_MIN_DELAY environment variable (for retry.min_delay)"}},
		{name: "equal", min: "3s", max: "3s"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := credentialsModel()
			m.Retry = &retryModel{Attempts: types.Int64Null(), MinDelay: types.StringNull(), MaxDelay: types.StringNull()}
			if c.min != "" {
				m.Retry.MinDelay = types.StringValue(c.min)
			}
			if c.max != "" {
				m.Retry.MaxDelay = types.StringValue(c.max)
			}
			_, diags := resolveClientConfig(m, fakeSources(c.env, nil))
			if c.error != nil {
				requireError(t, diags, c.error...)
				return
			}
			requireNoErrors(t, diags)
		})
	}
}

func TestPlainHTTPEndpointWarnsUnlessLoopback(t *testing.T) {
	m := credentialsModel()
	m.Endpoint = types.StringValue("http://vb365.example.com:4443")
	_, diags := resolveClientConfig(m, fakeSources(nil, nil))
	requireNoErrors(t, diags)
	if len(diags) != 1 || diags[0].Severity() != diag.SeverityWarning || !strings.Contains(diagText(diags), "unencrypted") {
		t.Fatalf("diagnostics:\n%s", diagText(diags))
	}
	// From the environment, the warning names the variable.
	_, diags = resolveClientConfig(func() providerModel { m := credentialsModel(); m.Endpoint = types.StringNull(); return m }(),
		fakeSources(map[string]string{EnvEndpoint: "http://10.1.2.3"}, nil))
	if !strings.Contains(diagText(diags), EnvEndpoint) {
		t.Errorf("diagnostics:\n%s", diagText(diags))
	}
	for _, local := range []string{"http://127.0.0.1:8443", "http://localhost:4443", "https://vb365.example.com"} {
		m.Endpoint = types.StringValue(local)
		if _, diags := resolveClientConfig(m, fakeSources(nil, nil)); len(diags) != 0 {
			t.Errorf("%s: diagnostics:\n%s", local, diagText(diags))
		}
	}
}
