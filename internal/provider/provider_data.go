package provider

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// providerData is what Configure hands to every data source, resource and action: the part
// every domain shares (framework.ProviderData: the client, the username, the default restore
// credentials), and what only the restore code uses.
type providerData struct {
	*framework.ProviderData
	// Sessions opens the sessions of operations given organization_id instead of a session.
	Sessions *sessionBroker
	// RunSlots bounds the restore runs in flight (max_concurrent_restores).
	RunSlots runSlots
	// HistoryWindow is how far back a new record looks for an identical run to adopt (0: off).
	HistoryWindow time.Duration
	// OperatorClient is signed in as the restore operator of restore_operator { }; nil without it.
	OperatorClient *vb365.Client
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
	if !ok || pd == nil || pd.ProviderData == nil {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *provider.providerData, got %T. This is a bug in the provider; please report it.", data))
		return nil, diags
	}
	return pd, diags
}

// clientFromProviderData returns the shared client, nil when the provider is not configured.
var clientFromProviderData = framework.ClientFrom

// notConfiguredSummary and notConfiguredDetail explain a nil client at read time (see
// framework.NotConfiguredDetail).
const (
	notConfiguredSummary = framework.NotConfiguredSummary
	notConfiguredDetail  = framework.NotConfiguredDetail
)

// requireClient reports false and adds the not-configured error when client is nil.
var requireClient = framework.RequireClient
