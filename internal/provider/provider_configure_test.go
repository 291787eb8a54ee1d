package provider

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func testProvider(env map[string]string) *VB365Provider {
	return &VB365Provider{version: "1.2.3", sources: fakeSources(env, nil)}
}

func providerSchema(t *testing.T, p *VB365Provider) pschema.Schema {
	t.Helper()
	var resp provider.SchemaResponse
	p.Schema(context.Background(), provider.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema: %s", diagText(resp.Diagnostics))
	}
	return resp.Schema
}

// providerConfig builds a provider configuration; attributes missing from values are null.
func providerConfig(t *testing.T, p *VB365Provider, values map[string]tftypes.Value) tfsdk.Config {
	t.Helper()
	s := providerSchema(t, p)
	objType := s.Type().TerraformType(context.Background()).(tftypes.Object)
	all := map[string]tftypes.Value{}
	for name, typ := range objType.AttributeTypes {
		if v, ok := values[name]; ok {
			all[name] = v
			continue
		}
		all[name] = tftypes.NewValue(typ, nil)
	}
	return tfsdk.Config{Schema: s, Raw: tftypes.NewValue(objType, all)}
}

func knownCredentials() map[string]tftypes.Value {
	return map[string]tftypes.Value{
		"endpoint":    tftypes.NewValue(tftypes.String, "https://vb365.example.com"),
		"api_version": tftypes.NewValue(tftypes.String, "v8"),
		"username":    tftypes.NewValue(tftypes.String, "admin"),
		"password":    tftypes.NewValue(tftypes.String, "secret"),
	}
}

func TestConfigure_unknownValueDefersWhenAllowed(t *testing.T) {
	p := testProvider(nil)
	values := knownCredentials()
	values["endpoint"] = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	var resp provider.ConfigureResponse
	p.Configure(context.Background(), provider.ConfigureRequest{
		Config:             providerConfig(t, p, values),
		ClientCapabilities: provider.ConfigureProviderClientCapabilities{DeferralAllowed: true},
	}, &resp)
	requireNoErrors(t, resp.Diagnostics)
	if resp.Deferred == nil || resp.Deferred.Reason != provider.DeferredReasonProviderConfigUnknown {
		t.Errorf("Deferred = %+v, want reason ProviderConfigUnknown", resp.Deferred)
	}
	if resp.DataSourceData != nil || resp.ResourceData != nil {
		t.Errorf("a deferred provider must not hand out a client")
	}
}

func TestConfigure_unknownValueWithoutDeferralLeavesClientNil(t *testing.T) {
	p := testProvider(nil)
	values := knownCredentials()
	values["password"] = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	var resp provider.ConfigureResponse
	p.Configure(context.Background(), provider.ConfigureRequest{Config: providerConfig(t, p, values)}, &resp)
	requireNoErrors(t, resp.Diagnostics)
	if resp.Deferred != nil {
		t.Errorf("deferred although the client does not allow it")
	}
	if resp.DataSourceData != nil || resp.ResourceData != nil {
		t.Errorf("client created from an unknown configuration")
	}

	// The data sources then explain themselves instead of failing obscurely.
	var diags = resp.Diagnostics
	if framework.RequireClient(nil, &diags) || !strings.Contains(diagText(diags), "depends_on") {
		t.Errorf("nil client not reported: %s", diagText(diags))
	}
}

func TestConfigure_sharesOneClient(t *testing.T) {
	p := testProvider(nil)
	var resp provider.ConfigureResponse
	p.Configure(context.Background(), provider.ConfigureRequest{
		Config: providerConfig(t, p, knownCredentials()), TerraformVersion: "1.11.4",
	}, &resp)
	requireNoErrors(t, resp.Diagnostics)
	data, ok := resp.DataSourceData.(*framework.ProviderData)
	if !ok || data == nil || data.Client == nil {
		t.Fatalf("DataSourceData = %#v, want *providerData with a client", resp.DataSourceData)
	}
	if data.Username != "admin" {
		t.Errorf("Username = %q, want the configured user name", data.Username)
	}
	for name, other := range map[string]any{"ResourceData": resp.ResourceData, "ActionData": resp.ActionData,
		"EphemeralResourceData": resp.EphemeralResourceData, "ListResourceData": resp.ListResourceData} {
		if other != any(data) {
			t.Errorf("%s is not the data sources' provider data", name)
		}
	}
	client, diags := framework.ClientFrom(resp.ResourceData)
	if diags.HasError() || client != data.Client {
		t.Errorf("clientFromProviderData = %p, %v; want the shared client", client, diags)
	}
	if _, diags := framework.ClientFrom("not provider data"); !diags.HasError() {
		t.Error("unexpected provider data is not reported")
	}
}

func TestConfigure_environmentErrorsFailConfigure(t *testing.T) {
	p := testProvider(map[string]string{EnvRequestTimeout: "-1s"})
	var resp provider.ConfigureResponse
	p.Configure(context.Background(), provider.ConfigureRequest{Config: providerConfig(t, p, knownCredentials())}, &resp)
	requireError(t, resp.Diagnostics, "Invalid VB365_REQUEST_TIMEOUT environment variable")
	if resp.DataSourceData != nil {
		t.Errorf("client created despite errors")
	}
}

func TestUserAgent(t *testing.T) {
	want := "terraform-provider-vb365/1.2.3 (+https://registry.terraform.io/providers/terraform-vb365/vb365) terraform/1.11.4"
	if got := userAgent("1.2.3", "1.11.4"); got != want {
		t.Errorf("userAgent = %q, want %q", got, want)
	}
	if got := userAgent("dev", ""); !strings.HasSuffix(got, " terraform/unknown") {
		t.Errorf("userAgent without a CLI version = %q", got)
	}
}

func TestClientLoggerMasksSecrets(t *testing.T) {
	t.Setenv("TF_LOG_PROVIDER_VB365_CLIENT", "DEBUG")
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &out)
	logf := clientLogger("hunter2")
	logf(ctx, "token request for admin with password hunter2 sent", map[string]any{
		"method":        "POST",
		"route":         "/v8/Token",
		"password":      "hunter2",
		"access_token":  "eyJhbGciOi.secret.token",
		"authorization": "Bearer eyJhbGciOi.secret.token",
		"header":        "Authorization: Bearer eyJhbGciOi.secret.token",
		"note":          "retrying after hunter2",
	})
	entries, err := tflogtest.MultilineJSONDecode(&out)
	if err != nil || len(entries) != 1 {
		t.Fatalf("log entries = %v, %v; want one", entries, err)
	}
	text := out.String()
	logged := entries[0]
	for _, secret := range []string{"hunter2", "eyJhbGciOi", "secret.token"} {
		for k, v := range logged {
			if s, ok := v.(string); ok && strings.Contains(s, secret) {
				t.Errorf("log field %q leaks %q: %q", k, secret, s)
			}
		}
	}
	if logged["@module"] != "provider."+clientLogSubsystem {
		t.Errorf("@module = %v, want the client subsystem (log: %s)", logged["@module"], text)
	}
	if logged["password"] != "***" || logged["access_token"] != "***" ||
		!strings.Contains(logged["@message"].(string), "***") || !strings.Contains(logged["header"].(string), "***") {
		t.Errorf("secrets not replaced by the mask: %v", logged)
	}
	if logged["route"] != "/v8/Token" || logged["method"] != "POST" {
		t.Errorf("ordinary fields must stay readable: %v", logged)
	}
}

// The configured max_concurrent_restores and history_window reach the restore code, not their
// defaults; and every configuration gets a run registry (records never share one run).
func TestConfigure_restoreBoundsAsConfigured(t *testing.T) {
	p := testProvider(nil)
	values := knownCredentials()
	values["max_concurrent_restores"] = tftypes.NewValue(tftypes.Number, 5)
	values["history_window"] = tftypes.NewValue(tftypes.String, "90m")
	var resp provider.ConfigureResponse
	p.Configure(context.Background(), provider.ConfigureRequest{Config: providerConfig(t, p, values), TerraformVersion: "1.11.4"}, &resp)
	requireNoErrors(t, resp.Diagnostics)
	data, ok := resp.ResourceData.(*framework.ProviderData)
	if !ok || data == nil {
		t.Fatalf("ResourceData = %#v", resp.ResourceData)
	}
	if got := cap(data.RunSlots); got != 5 || got == framework.DefaultMaxConcurrentRestores {
		t.Errorf("%d restores may run at once, want the configured 5", got)
	}
	if data.HistoryWindow != 90*time.Minute {
		t.Errorf("history window %s, want the configured 90m", data.HistoryWindow)
	}
	if data.Runs == nil {
		t.Error("no run registry")
	}
}
