package framework

import (
	"crypto/sha256"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// ProviderData is what Configure hands to every data source, resource and action: one client
// per provider instance, so that they share its token and its concurrency limit.
type ProviderData struct {
	Client *vb365.Client
	// Username is the account the client signs in as; the server names it as the initiator
	// (initiatedBy) of the restore sessions the client opens.
	Username string
	// RestoreCredentials are the provider's default restore credentials (zero: none).
	RestoreCredentials vb365.RestoreCredentials
	// Sessions opens the sessions of operations given organization_id instead of a session.
	Sessions *SessionBroker
	// RunSlots bounds the restore runs in flight (max_concurrent_restores).
	RunSlots RunSlots
	// HistoryWindow is how far back a new record looks for a run of its own to adopt (0: off).
	HistoryWindow time.Duration
	// OperatorClient is signed in as the restore operator of restore_operator { }; nil without it.
	OperatorClient *vb365.Client
	// OperatorClientID is the restore operator's client_id ("userId.tenantId"; not a secret), for
	// saying in a plan who the server records.
	OperatorClientID string
	// Runs are the server sessions the restore records of this process hold or claimed.
	Runs *RunRegistry
	// NewDeviceCodes are the device codes vb365_restore_device_code obtained from the server in
	// this configuration of the provider (one plan, or one apply): the CLI shows their sign-in
	// message when the operation ends, so nobody has signed in with one when a restore of the
	// same configuration would send it.
	NewDeviceCodes *SecretSet
}

// SecretSet is a set of secrets held as SHA-256 digests, safe for concurrent use; a nil set is
// empty and ignores Add.
type SecretSet struct {
	mu      sync.Mutex
	digests map[[sha256.Size]byte]bool
}

// NewSecretSet returns an empty set.
func NewSecretSet() *SecretSet { return &SecretSet{digests: map[[sha256.Size]byte]bool{}} }

// Add puts secret in the set.
func (s *SecretSet) Add(secret string) {
	if s == nil || secret == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.digests[sha256.Sum256([]byte(secret))] = true
}

// Has reports whether secret is in the set.
func (s *SecretSet) Has(secret string) bool {
	if s == nil || secret == "" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.digests[sha256.Sum256([]byte(secret))]
}

// Shared returns d itself; a domain's own provider data embeds *ProviderData and so hands the
// shared part to the other domains through the same method.
func (d *ProviderData) Shared() *ProviderData { return d }

// SharedDataHolder is any provider data that carries the shared part: *ProviderData, or a
// domain's type embedding it.
type SharedDataHolder interface {
	Shared() *ProviderData
}

// ProviderDataFrom returns the shared part of what the provider's Configure handed over. It is
// nil before the provider is configured (validation calls Configure of data sources and
// resources early) and when the provider configuration had values unknown until apply.
func ProviderDataFrom(data any) (*ProviderData, diag.Diagnostics) {
	var diags diag.Diagnostics
	if data == nil {
		return nil, diags
	}
	holder, ok := data.(SharedDataHolder)
	if !ok || holder == nil || holder.Shared() == nil {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected the vb365 provider's data, got %T. This is a bug in the provider; please report it.", data))
		return nil, diags
	}
	return holder.Shared(), diags
}

// ClientFrom returns the shared client, nil when the provider is not configured.
func ClientFrom(data any) (*vb365.Client, diag.Diagnostics) {
	pd, diags := ProviderDataFrom(data)
	if pd == nil {
		return nil, diags
	}
	return pd.Client, diags
}

// NotConfiguredSummary and NotConfiguredDetail explain a nil client at read time.
//
// Terraform and OpenTofu read a data source during plan when its own arguments are known,
// even if the provider block is not. A data source must then return a wholly known object or
// fail: unknown or null results are rejected by the CLI ("Provider produced invalid object").
// Clients that support deferred actions never get here (Configure defers instead); for the
// others, an error with the way out is the only honest answer.
const (
	NotConfiguredSummary = "VB365 provider configuration not known yet"
	NotConfiguredDetail  = "The provider \"vb365\" block has values that are only known after apply " +
		"(for example an endpoint taken from a resource that is not created yet), so this data source " +
		"cannot be read during plan. Add depends_on = [<that resource>] to the data source so that it is " +
		"read during apply, or configure the provider with values known at plan time."
)

// RequireClient reports false and adds the not-configured error when client is nil.
func RequireClient(client *vb365.Client, diags *diag.Diagnostics) bool {
	if client != nil {
		return true
	}
	diags.AddError(NotConfiguredSummary, NotConfiguredDetail)
	return false
}

// UnsignedDeviceCodeDetail explains a restore stopped because its device code was obtained in
// this same apply.
const UnsignedDeviceCodeDetail = "The device code (user_code) of this restore was obtained during this apply, so nobody has " +
	"signed in with it: Terraform and OpenTofu show its sign-in message (the warning of vb365_restore_device_code) only " +
	"when the apply ends. Nothing was sent. This happens when the plan could not obtain the code (its " +
	"restore_session_id was not known yet, e.g. the session is created in the same apply) or could not keep it for " +
	"the apply.\n\nSign in as that warning says, then run `terraform apply` again: its plan shows the same code (it " +
	"is kept until it expires), and the apply sends it."
