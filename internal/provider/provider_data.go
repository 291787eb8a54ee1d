package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// providerData is what Configure hands to every data source, resource and action: one
// client per provider instance, so that they share its token and its concurrency limit.
type providerData struct {
	Client *vb365.Client
	// Username is the account the client signs in as; the server names it as the initiator
	// (initiatedBy) of the restore sessions the client opens.
	Username string
	// Sessions opens the sessions of operations given organization_id instead of a session.
	Sessions *sessionBroker
	// RestoreCredentials are the provider's default restore credentials (zero: none).
	RestoreCredentials vb365.RestoreCredentials
	// RunSlots bounds the restore runs in flight (max_concurrent_restores).
	RunSlots runSlots
	// HistoryWindow is how far back a new record looks for an identical run to adopt (0: off).
	HistoryWindow time.Duration
}

// providerDataFrom returns what the provider's Configure handed over. It is nil before the
// provider is configured (validation calls Configure of data sources and resources early) and
// when the provider configuration had values unknown until apply.
func providerDataFrom(data any) (*providerData, diag.Diagnostics) {
	var diags diag.Diagnostics
	if data == nil {
		return nil, diags
	}
	pd, ok := data.(*providerData)
	if !ok || pd == nil {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *provider.providerData, got %T. This is a bug in the provider; please report it.", data))
		return nil, diags
	}
	return pd, diags
}

// clientFromProviderData returns the shared client, nil when the provider is not configured.
func clientFromProviderData(data any) (*vb365.Client, diag.Diagnostics) {
	pd, diags := providerDataFrom(data)
	if pd == nil {
		return nil, diags
	}
	return pd.Client, diags
}

// clientDataSource is embedded by every data source: it receives the shared client and the
// session broker.
type clientDataSource struct {
	client   *vb365.Client
	sessions *sessionBroker
}

func (d *clientDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	pd, diags := providerDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if pd != nil {
		d.client, d.sessions = pd.Client, pd.Sessions
	}
}

// notConfiguredSummary and notConfiguredDetail explain a nil client at read time.
//
// Terraform and OpenTofu read a data source during plan when its own arguments are known,
// even if the provider block is not. A data source must then return a wholly known object or
// fail: unknown or null results are rejected by the CLI ("Provider produced invalid object").
// Clients that support deferred actions never get here (Configure defers instead); for the
// others, an error with the way out is the only honest answer.
const (
	notConfiguredSummary = "VB365 provider configuration not known yet"
	notConfiguredDetail  = "The provider \"vb365\" block has values that are only known after apply " +
		"(for example an endpoint taken from a resource that is not created yet), so this data source " +
		"cannot be read during plan. Add depends_on = [<that resource>] to the data source so that it is " +
		"read during apply, or configure the provider with values known at plan time."
)

// requireClient reports false and adds the not-configured error when client is nil.
func requireClient(client *vb365.Client, diags *diag.Diagnostics) bool {
	if client != nil {
		return true
	}
	diags.AddError(notConfiguredSummary, notConfiguredDetail)
	return false
}
