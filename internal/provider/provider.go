// Package provider is the wiring of the vb365 Terraform provider on terraform-plugin-framework:
// the provider's schema and configuration (endpoint, TLS, retries, restore credentials, restore
// operator), and the lists of data sources, resources, actions, functions, ephemeral and list
// resources, which live in their domains (framework, sessions, browsing, retrievals, restores,
// governance). Only main.go and the acceptance-test helpers import it.
package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/bulkrestores"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/browsing"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restores"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/retrievals"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/governance"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var (
	_ provider.Provider                       = (*VB365Provider)(nil)
	_ provider.ProviderWithFunctions          = (*VB365Provider)(nil)
	_ provider.ProviderWithValidateConfig     = (*VB365Provider)(nil)
	_ provider.ProviderWithActions            = (*VB365Provider)(nil)
	_ provider.ProviderWithEphemeralResources = (*VB365Provider)(nil)
	_ provider.ProviderWithListResources      = (*VB365Provider)(nil)
)

// VB365Provider is the vb365 provider.
type VB365Provider struct {
	version string
	sources configSources // environment and file access; replaced in unit tests
}

// New returns a constructor of the provider for the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &VB365Provider{version: version, sources: osConfigSources()}
	}
}

// NewServer returns a constructor of the provider's protocol server (the framework's, with
// the listings its data sources encode spliced into their responses: framework.EncodedList),
// which main.go serves and the acceptance tests run.
func NewServer(version string) func() (tfprotov6.ProviderServer, error) {
	return framework.NewProtocol6Server(New(version)())
}

func (p *VB365Provider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "vb365"
	resp.Version = p.version
}

func (p *VB365Provider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads backed-up Exchange mailbox items from Veeam Backup for Microsoft 365 (VB365) " +
			"and restores them declaratively. Every attribute can also be set through an environment variable; " +
			"a value in the provider block wins over the environment.",
		Attributes: map[string]schema.Attribute{
			"endpoint": schema.StringAttribute{
				MarkdownDescription: "URL of the VB365 REST API, for example `https://vb365.example.com:4443` " +
					"(port 4443 when omitted; `http://` only for local test servers). Environment variable: `" + EnvEndpoint + "`.",
				Optional:   true,
				Validators: []validator.String{endpointValidator()},
			},
			"api_version": schema.StringAttribute{
				MarkdownDescription: "REST API version to speak: `auto` (default: the newest version the server serves), " +
					"or one of `v3`, `v4`, `v5`, `v6`, `v7`, `v8`. Environment variable: `" + EnvAPIVersion + "`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(apiVersions...)},
			},
			"username": schema.StringAttribute{
				MarkdownDescription: "User name for the REST API token request; not empty. Environment variable: `" + EnvUsername + "`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"password": schema.StringAttribute{
				MarkdownDescription: "Password for the REST API token request; not empty. Environment variable: `" + EnvPassword + "`.",
				Optional:            true,
				Sensitive:           true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"insecure": schema.BoolAttribute{
				MarkdownDescription: "Skip TLS certificate verification. Only for test servers with self-signed " +
					"certificates; prefer `ca_cert_pem` or `ca_cert_file`. Defaults to `false`. Environment variable: `" + EnvInsecure + "`.",
				Optional: true,
			},
			"ca_cert_pem": schema.StringAttribute{
				MarkdownDescription: "PEM-encoded CA certificates trusted for the endpoint in addition to the system pool. " +
					"Conflicts with `ca_cert_file`. Environment variable: `" + EnvCACertPEM + "`.",
				Optional: true,
				Validators: []validator.String{
					pemCertificatesValidator(),
					stringvalidator.ConflictsWith(path.MatchRoot("ca_cert_file")),
				},
			},
			"ca_cert_file": schema.StringAttribute{
				MarkdownDescription: "Path of a file with PEM-encoded CA certificates trusted for the endpoint in addition " +
					"to the system pool. Conflicts with `ca_cert_pem`. Environment variable: `" + EnvCACertFile + "`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "Timeout of one read (GET) or token request as a duration such as `60s` or `2m`. Restores, exports, " +
					"sends and restore sessions are not cut off by it: the server answers them only when it has finished, " +
					"so they are bounded by the resource's `timeouts` instead. Defaults to `60s`. " +
					"Environment variable: `" + EnvRequestTimeout + "`.",
				Optional:   true,
				Validators: []validator.String{durationValidator()},
			},
			"max_concurrent_requests": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Upper bound of requests in flight at once, shared by all data sources and "+
					"resources of this provider instance. At least 1; defaults to %d. Environment variable: `%s`.",
					defaultMaxConcurrent, EnvMaxConcurrentRequests),
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"max_concurrent_restores": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Upper bound of restore runs in flight at once (creates of `vb365_mailbox_item_restore` "+
					"and invocations of the action), shared by this provider instance. Each run opens a restore session of its own, and "+
					"servers limit sessions (Veeam's hosted service runs 2 restores in parallel), so a fan-out waits here instead of "+
					"being refused. At least 1; defaults to %d.", framework.DefaultMaxConcurrentRestores),
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"history_window": schema.StringAttribute{
				MarkdownDescription: "How far back a plan of a new `vb365_mailbox_item_restore` looks in the restore sessions for a " +
					"run by the same account that could be this one (left by a killed runner), as a duration such as `24h` (the " +
					"default); `0` turns the look-up off. A run found stops the plan with the evidence, and the record's " +
					"`record_run_from_session` or `run_anyway_despite_sessions` decides; nothing is taken or sent by itself. See the " +
					"restore workflow guide for what it cannot see.",
				Optional:   true,
				Validators: []validator.String{restores.HistoryWindowValidator()},
			},
		},
		Blocks: map[string]schema.Block{
			"restore_credentials": restoreCredentialsProviderBlock(),
			"restore_operator":    restoreOperatorProviderBlock(),
			"retry": schema.SingleNestedBlock{
				MarkdownDescription: "Retries of failed requests (connection errors, HTTP 429 honouring `Retry-After`, " +
					"HTTP 5xx) with exponential backoff. Restores, exports and sends are never retried; opening or stopping a " +
					"restore session is retried only when the connection failed before the request reached the server (it ran nothing).",
				Attributes: map[string]schema.Attribute{
					"attempts": schema.Int64Attribute{
						MarkdownDescription: fmt.Sprintf("Total tries of a request, between %d and %d; `1` disables retries. "+
							"Defaults to %d. Environment variable: `%s`.",
							minRetryAttempts, maxRetryAttempts, defaultRetryAttempts, EnvRetryAttempts),
						Optional:   true,
						Validators: []validator.Int64{int64validator.Between(minRetryAttempts, maxRetryAttempts)},
					},
					"min_delay": schema.StringAttribute{
						MarkdownDescription: fmt.Sprintf("Delay before the first retry, as a duration; doubled for each "+
							"further retry. Defaults to `%s`. Environment variable: `%s`.", defaultRetryMinDelay, EnvRetryMinDelay),
						Optional:   true,
						Validators: []validator.String{durationValidator()},
					},
					"max_delay": schema.StringAttribute{
						MarkdownDescription: fmt.Sprintf("Longest delay between two tries, as a duration; not shorter "+
							"than `min_delay`. Defaults to `%s`. Environment variable: `%s`.", defaultRetryMaxDelay, EnvRetryMaxDelay),
						Optional:   true,
						Validators: []validator.String{durationValidator()},
					},
				},
			},
		},
	}
}

// ValidateConfig checks what single-attribute validators cannot: retry.min_delay <= retry.max_delay
// when both are in the configuration. Combinations with environment values are checked in Configure.
func (p *VB365Provider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.Retry == nil {
		return
	}
	minDelay, maxDelay := m.Retry.MinDelay, m.Retry.MaxDelay
	if minDelay.IsNull() || minDelay.IsUnknown() || maxDelay.IsNull() || maxDelay.IsUnknown() {
		return
	}
	lo, errLo := parsePositiveDuration(minDelay.ValueString())
	hi, errHi := parsePositiveDuration(maxDelay.ValueString())
	if errLo == nil && errHi == nil && lo > hi {
		resp.Diagnostics.AddAttributeError(path.Root("retry").AtName("min_delay"), "Invalid retry delays",
			fmt.Sprintf("retry.min_delay (%s) must not be longer than retry.max_delay (%s).", lo, hi))
	}
}

// Configure builds the one client that every data source and resource of this provider instance
// shares, so that they share its token, its concurrency limit and its resolved API version.
func (p *VB365Provider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}

	if !req.Config.Raw.IsFullyKnown() {
		// A value is only known after apply (e.g. endpoint = some_resource.address).
		if req.ClientCapabilities.DeferralAllowed {
			resp.Deferred = &provider.Deferred{Reason: provider.DeferredReasonProviderConfigUnknown}
			return
		}
		// Without deferral support the client stays nil; data sources report that they cannot be
		// read yet (see notConfiguredDetail) and resources plan without the API.
		tflog.Info(ctx, "VB365 provider configuration has values unknown until apply; client not created")
		return
	}

	cfg, diags := resolveClientConfig(m, p.sources)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.UserAgent = userAgent(p.version, req.TerraformVersion)
	cfg.Logf = clientLogger(cfg.Password)

	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, maskedLogFieldKeys...)
	if cfg.Password != "" {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, cfg.Password)
		ctx = tflog.MaskMessageStrings(ctx, cfg.Password)
	}

	restoreCredentials, diags := resolveRestoreCredentials(m.RestoreCredentials, p.sources)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	client, err := vb365.New(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Invalid VB365 provider configuration", err.Error())
		return
	}
	operator, diags := resolveRestoreOperator(m.RestoreOperator, p.sources)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var operatorClient *vb365.Client
	if operator != nil {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, operator.Assertion)
		ctx = tflog.MaskMessageStrings(ctx, operator.Assertion)
		if operatorClient, err = newOperatorClient(cfg, operator); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("restore_operator"), "Invalid restore_operator", err.Error())
			return
		}
	}
	tflog.Debug(ctx, "VB365 client configured", map[string]any{
		"endpoint": cfg.Endpoint, "api_version": cfg.APIVersion, "username": cfg.Username,
		"insecure": cfg.Insecure, "custom_ca": len(cfg.CACertPEM) > 0,
	})

	maxRestores := framework.DefaultMaxConcurrentRestores
	if !m.MaxConcurrentRestores.IsNull() && !m.MaxConcurrentRestores.IsUnknown() {
		maxRestores = int(m.MaxConcurrentRestores.ValueInt64())
	}
	historyWindow, err := restores.ParseHistoryWindow(m.HistoryWindow)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("history_window"), "Invalid history_window", err.Error())
		return
	}
	data := &framework.ProviderData{
		Client:             client,
		Username:           cfg.Username,
		RestoreCredentials: restoreCredentials,
		Sessions:           framework.NewSessionBroker(client, cfg.Username),
		RunSlots:           framework.NewRunSlots(maxRestores),
		HistoryWindow:      historyWindow,
		OperatorClient:     operatorClient,
		OperatorClientID:   operatorClientID(operator),
		Runs:               framework.NewRunRegistry(),
		NewDeviceCodes:     framework.NewSecretSet(),
	}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.ActionData = data
	resp.EphemeralResourceData = data
	resp.ListResourceData = data
}

// Resources registers the managed resources.
func (p *VB365Provider) Resources(context.Context) []func() resource.Resource {
	return append([]func() resource.Resource{
		sessions.NewRestoreSessionResource,
		retrievals.NewDataRetrievalResource,
		restores.NewMailboxItemRestoreResource,
		bulkrestores.NewMailboxesRestoreResource,
	}, governance.Resources()...)
}

// EphemeralResources registers the ephemeral resources (Terraform 1.10+, OpenTofu 1.11+).
func (p *VB365Provider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		sessions.NewRestoreSessionEphemeralResource,
		restores.NewRestoreDeviceCodeEphemeralResource,
	}
}

// ListResources registers the list resources for `terraform query` (Terraform 1.14+).
func (p *VB365Provider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		sessions.NewRestoreSessionListResource,
	}
}

// Actions registers the actions (Terraform 1.14+).
func (p *VB365Provider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		restores.NewMailboxItemRestoreAction,
	}
}

// DataSources registers the data sources.
func (p *VB365Provider) DataSources(context.Context) []func() datasource.DataSource {
	return append([]func() datasource.DataSource{
		browsing.NewOrganizationsDataSource,
		sessions.NewRestoreSessionDataSource,
		browsing.NewMailboxesDataSource,
		browsing.NewMailboxFoldersDataSource,
		browsing.NewMailboxItemsDataSource,
		browsing.NewItemSearchDataSource,
		browsing.NewMailboxItemDataSource,
		sessions.NewRestoreSessionEventsDataSource,
		browsing.NewRestorePointsDataSource,
		browsing.NewOrganizationUsersDataSource,
		browsing.NewOrganizationGroupsDataSource,
		sessions.NewRestoreSessionsDataSource,
	}, governance.DataSources()...)
}

// Functions registers the provider-defined functions.
func (p *VB365Provider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		browsing.NewItemTypeFunction,
		browsing.NewParseItemLinkFunction,
	}
}

// userAgent identifies the provider and the Terraform (or OpenTofu) version to the server.
func userAgent(providerVersion, terraformVersion string) string {
	if terraformVersion == "" {
		terraformVersion = "unknown"
	}
	return fmt.Sprintf("terraform-provider-vb365/%s (+https://registry.terraform.io/providers/terraform-vb365/vb365) terraform/%s",
		providerVersion, terraformVersion)
}

// clientLogSubsystem is the tflog subsystem of the REST client; TF_LOG_PROVIDER_VB365_CLIENT sets its level.
const clientLogSubsystem = "vb365_client"

// maskedLogFieldKeys are log field keys whose values never reach the log, whatever the client sends.
var maskedLogFieldKeys = []string{
	"password", "userPassword", "user_password", "access_token", "refresh_token", "token",
	"authorization", "Authorization", "applicationCertificatePassword", "applicationCertificate", "assertion",
}

// bearerTokenPattern matches an Authorization header value anywhere in a log line.
var bearerTokenPattern = regexp.MustCompile(`(?i)bearer\s+[A-Za-z0-9._~+/=-]+`)

// clientLogger routes the client's debug hook into tflog. The client promises not to pass
// secrets; the masks make sure a mistake there does not leak the password or a token.
func clientLogger(password string) func(ctx context.Context, msg string, fields map[string]any) {
	return func(ctx context.Context, msg string, fields map[string]any) {
		ctx = tflog.NewSubsystem(ctx, clientLogSubsystem, tflog.WithLevelFromEnv("TF_LOG_PROVIDER_VB365_CLIENT"))
		ctx = tflog.SubsystemMaskFieldValuesWithFieldKeys(ctx, clientLogSubsystem, maskedLogFieldKeys...)
		ctx = tflog.SubsystemMaskMessageRegexes(ctx, clientLogSubsystem, bearerTokenPattern)
		ctx = tflog.SubsystemMaskAllFieldValuesRegexes(ctx, clientLogSubsystem, bearerTokenPattern)
		if password != "" {
			ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, clientLogSubsystem, password)
			ctx = tflog.SubsystemMaskMessageStrings(ctx, clientLogSubsystem, password)
		}
		tflog.SubsystemDebug(ctx, clientLogSubsystem, msg, fields)
	}
}
