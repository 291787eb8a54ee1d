package provider

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// Environment variables read for provider attributes the configuration leaves unset.
const (
	EnvEndpoint              = framework.EnvEndpoint
	EnvAPIVersion            = "VB365_API_VERSION"
	EnvUsername              = framework.EnvUsername
	EnvPassword              = framework.EnvPassword
	EnvInsecure              = "VB365_INSECURE"
	EnvCACertPEM             = framework.EnvCACertPEM
	EnvCACertFile            = framework.EnvCACertFile
	EnvRequestTimeout        = "VB365_REQUEST_TIMEOUT"
	EnvMaxConcurrentRequests = "VB365_MAX_CONCURRENT_REQUESTS"
	EnvRetryAttempts         = "VB365_RETRY_ATTEMPTS"
	EnvRetryMinDelay         = "VB365_RETRY_MIN_DELAY"
	EnvRetryMaxDelay         = "VB365_RETRY_MAX_DELAY"
)

// providerModel is the provider block.
type providerModel struct {
	Endpoint              types.String `tfsdk:"endpoint"`
	APIVersion            types.String `tfsdk:"api_version"`
	Username              types.String `tfsdk:"username"`
	Password              types.String `tfsdk:"password"`
	Insecure              types.Bool   `tfsdk:"insecure"`
	CACertPEM             types.String `tfsdk:"ca_cert_pem"`
	CACertFile            types.String `tfsdk:"ca_cert_file"`
	RequestTimeout        types.String `tfsdk:"request_timeout"`
	MaxConcurrentRequests types.Int64  `tfsdk:"max_concurrent_requests"`
	// MaxConcurrentRestores and HistoryWindow are read by Configure (restore runs), not the client.
	MaxConcurrentRestores types.Int64  `tfsdk:"max_concurrent_restores"`
	HistoryWindow         types.String `tfsdk:"history_window"`
	Retry                 *retryModel  `tfsdk:"retry"`
	// RestoreCredentials is the restore_credentials { } block; nil when absent.
	RestoreCredentials *restoreinputs.RestoreCredentialsModel `tfsdk:"restore_credentials"`
	// RestoreOperator is the restore_operator { } block (provider_restore_operator.go); nil when absent.
	RestoreOperator *restoreOperatorModel `tfsdk:"restore_operator"`
}

// retryModel is the retry { } block; nil when the block is absent.
type retryModel struct {
	Attempts types.Int64  `tfsdk:"attempts"`
	MinDelay types.String `tfsdk:"min_delay"`
	MaxDelay types.String `tfsdk:"max_delay"`
}

// configSources are the outside inputs of resolveClientConfig, injectable for tests.
type configSources struct {
	LookupEnv func(string) (string, bool)
	ReadFile  func(string) ([]byte, error)
}

func osConfigSources() configSources {
	return configSources{LookupEnv: os.LookupEnv, ReadFile: os.ReadFile}
}

// setting is one resolved attribute: where it came from matters for error messages.
type setting struct {
	attr    path.Path
	env     string
	value   string
	fromEnv bool
	set     bool
}

// source names where a value came from, for diagnostics.
func (s setting) source() string {
	if s.fromEnv {
		return fmt.Sprintf("the %s environment variable (for %s)", s.env, s.attr)
	}
	return fmt.Sprintf("the %s attribute", s.attr)
}

func (s setting) addError(diags *diag.Diagnostics, err error) {
	summary := "Invalid " + s.attr.String()
	if s.fromEnv {
		summary = "Invalid " + s.env + " environment variable"
	}
	diags.AddAttributeError(s.attr, summary, "T"+s.source()[1:]+" "+err.Error()+".")
}

// lookup returns the non-empty value of an environment variable; an empty variable counts as unset.
func (src configSources) lookup(name string) (string, bool) {
	if src.LookupEnv == nil {
		return "", false
	}
	v, ok := src.LookupEnv(name)
	if !ok || v == "" {
		return "", false
	}
	return v, true
}

// stringSetting merges a string attribute with its environment variable: configuration wins.
func (src configSources) stringSetting(attr path.Path, cfg types.String, env string) setting {
	s := setting{attr: attr, env: env}
	if !cfg.IsNull() && !cfg.IsUnknown() {
		s.value, s.set = cfg.ValueString(), true
		return s
	}
	if v, ok := src.lookup(env); ok {
		s.value, s.set, s.fromEnv = v, true, true
	}
	return s
}

func (src configSources) int64Setting(attr path.Path, cfg types.Int64, env string) setting {
	if !cfg.IsNull() && !cfg.IsUnknown() {
		return setting{attr: attr, env: env, value: strconv.FormatInt(cfg.ValueInt64(), 10), set: true}
	}
	return src.stringSetting(attr, types.StringNull(), env)
}

func (src configSources) boolSetting(attr path.Path, cfg types.Bool, env string) setting {
	if !cfg.IsNull() && !cfg.IsUnknown() {
		return setting{attr: attr, env: env, value: strconv.FormatBool(cfg.ValueBool()), set: true}
	}
	return src.stringSetting(attr, types.StringNull(), env)
}

// resolveClientConfig merges the provider block with the environment, validates the result
// (environment values skip the schema validators) and returns the client configuration.
// UserAgent, Logf and the other runtime fields are left for Configure to fill in.
func resolveClientConfig(m providerModel, src configSources) (vb365.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	var cfg vb365.Config

	required := func(s setting, what string) {
		switch {
		case !s.set:
			diags.AddAttributeError(s.attr, "Missing VB365 "+what,
				fmt.Sprintf("The provider needs the %s. Set %s in the provider \"vb365\" block or the %s environment variable.",
					what, s.attr, s.env))
		case s.value == "":
			// Only the provider block can be empty here: an empty variable counts as unset.
			diags.AddAttributeError(s.attr, "Empty VB365 "+what,
				fmt.Sprintf("%s in the provider \"vb365\" block is empty. Set it to the %s, or remove it to use the %s environment variable.",
					s.attr, what, s.env))
		}
	}

	endpoint := src.stringSetting(path.Root("endpoint"), m.Endpoint, EnvEndpoint)
	required(endpoint, "REST API endpoint")
	if endpoint.set && endpoint.value != "" {
		if err := checkEndpoint(endpoint.value); err != nil {
			endpoint.addError(&diags, err)
		} else if risk := plainHTTPRisk(endpoint.value); risk != "" {
			diags.AddAttributeWarning(endpoint.attr, "Unencrypted connection to "+endpoint.attr.String(),
				"T"+endpoint.source()[1:]+" "+risk)
		}
		cfg.Endpoint = strings.TrimRight(endpoint.value, "/")
	}

	username := src.stringSetting(path.Root("username"), m.Username, EnvUsername)
	required(username, "user name")
	cfg.Username = username.value

	password := src.stringSetting(path.Root("password"), m.Password, EnvPassword)
	required(password, "password")
	cfg.Password = password.value

	apiVersion := src.stringSetting(path.Root("api_version"), m.APIVersion, EnvAPIVersion)
	cfg.APIVersion = "auto"
	if apiVersion.set {
		if err := checkAPIVersion(apiVersion.value); err != nil {
			apiVersion.addError(&diags, err)
		}
		cfg.APIVersion = apiVersion.value
	}

	insecure := src.boolSetting(path.Root("insecure"), m.Insecure, EnvInsecure)
	if insecure.set {
		b, err := strconv.ParseBool(insecure.value)
		if err != nil {
			insecure.addError(&diags, fmt.Errorf("must be true or false, got %q", insecure.value))
		}
		cfg.Insecure = b
	}

	resolveCACertificates(m, src, &cfg, &diags)

	timeout := src.stringSetting(path.Root("request_timeout"), m.RequestTimeout, EnvRequestTimeout)
	if timeout.set {
		d, err := parsePositiveDuration(timeout.value)
		if err != nil {
			timeout.addError(&diags, err)
		}
		cfg.RequestTimeout = d
	}

	concurrency := src.int64Setting(path.Root("max_concurrent_requests"), m.MaxConcurrentRequests, EnvMaxConcurrentRequests)
	if concurrency.set {
		n, err := strconv.Atoi(strings.TrimSpace(concurrency.value))
		switch {
		case err != nil:
			concurrency.addError(&diags, fmt.Errorf("must be a whole number of at least 1, got %q", concurrency.value))
		case n < 1:
			concurrency.addError(&diags, fmt.Errorf("must be at least 1, got %d", n))
		}
		cfg.MaxConcurrentRequests = n
	}

	resolveRetry(m.Retry, src, &cfg, &diags)

	return cfg, diags
}

// resolveCACertificates reads ca_cert_pem or ca_cert_file. A CA form set in the provider block
// replaces both CA environment variables, so a pipeline-wide VB365_CA_CERT_FILE cannot
// conflict with a block that pins its own certificate.
func resolveCACertificates(m providerModel, src configSources, cfg *vb365.Config, diags *diag.Diagnostics) {
	pemPath, filePath := path.Root("ca_cert_pem"), path.Root("ca_cert_file")
	var pemSetting, fileSetting setting
	if (!m.CACertPEM.IsNull() && !m.CACertPEM.IsUnknown()) || (!m.CACertFile.IsNull() && !m.CACertFile.IsUnknown()) {
		pemSetting = src.stringSetting(pemPath, m.CACertPEM, "")
		fileSetting = src.stringSetting(filePath, m.CACertFile, "")
		pemSetting.env, fileSetting.env = EnvCACertPEM, EnvCACertFile
	} else {
		pemSetting = src.stringSetting(pemPath, types.StringNull(), EnvCACertPEM)
		fileSetting = src.stringSetting(filePath, types.StringNull(), EnvCACertFile)
	}

	if pemSetting.set && fileSetting.set {
		diags.AddAttributeError(pemPath, "Conflicting CA certificate settings",
			fmt.Sprintf("%s and %s are both set; set only one of ca_cert_pem (%s) and ca_cert_file (%s).",
				"T"+pemSetting.source()[1:], fileSetting.source(), EnvCACertPEM, EnvCACertFile))
		return
	}

	switch {
	case pemSetting.set:
		data, err := parseCACertificates(pemSetting.value)
		if err != nil {
			pemSetting.addError(diags, err)
			return
		}
		cfg.CACertPEM = data
	case fileSetting.set:
		if src.ReadFile == nil {
			fileSetting.addError(diags, fmt.Errorf("cannot be read here"))
			return
		}
		raw, err := src.ReadFile(fileSetting.value)
		if err != nil {
			fileSetting.addError(diags, fmt.Errorf("names a file that cannot be read: %v", err))
			return
		}
		data, err := parseCACertificates(string(raw))
		if err != nil {
			fileSetting.addError(diags, fmt.Errorf("names %q, which %v", fileSetting.value, err))
			return
		}
		cfg.CACertPEM = data
	}
}

func resolveRetry(r *retryModel, src configSources, cfg *vb365.Config, diags *diag.Diagnostics) {
	if r == nil {
		r = &retryModel{Attempts: types.Int64Null(), MinDelay: types.StringNull(), MaxDelay: types.StringNull()}
	}
	retryPath := path.Root("retry")

	attempts := src.int64Setting(retryPath.AtName("attempts"), r.Attempts, EnvRetryAttempts)
	if attempts.set {
		n, err := strconv.Atoi(strings.TrimSpace(attempts.value))
		switch {
		case err != nil:
			attempts.addError(diags, fmt.Errorf("must be a whole number between %d and %d, got %q", minRetryAttempts, maxRetryAttempts, attempts.value))
		case n < minRetryAttempts || n > maxRetryAttempts:
			attempts.addError(diags, fmt.Errorf("must be between %d and %d (1 disables retries), got %d", minRetryAttempts, maxRetryAttempts, n))
		}
		cfg.Retry.Attempts = n
	}

	delay := func(s setting, def time.Duration) (time.Duration, bool) {
		if !s.set {
			return def, true
		}
		d, err := parsePositiveDuration(s.value)
		if err != nil {
			s.addError(diags, err)
			return 0, false
		}
		return d, true
	}
	minSetting := src.stringSetting(retryPath.AtName("min_delay"), r.MinDelay, EnvRetryMinDelay)
	maxSetting := src.stringSetting(retryPath.AtName("max_delay"), r.MaxDelay, EnvRetryMaxDelay)
	minDelay, minOK := delay(minSetting, defaultRetryMinDelay)
	maxDelay, maxOK := delay(maxSetting, defaultRetryMaxDelay)
	if minOK && maxOK && minDelay > maxDelay {
		describe := func(s setting, d time.Duration) string {
			if !s.set {
				return fmt.Sprintf("%s (the default)", d)
			}
			return fmt.Sprintf("%s (from %s)", d, s.source())
		}
		diags.AddAttributeError(retryPath.AtName("min_delay"), "Invalid retry delays",
			fmt.Sprintf("retry.min_delay %s must not be longer than retry.max_delay %s.",
				describe(minSetting, minDelay), describe(maxSetting, maxDelay)))
	}
	if minSetting.set {
		cfg.Retry.MinDelay = minDelay
	}
	if maxSetting.set {
		cfg.Retry.MaxDelay = maxDelay
	}
}
