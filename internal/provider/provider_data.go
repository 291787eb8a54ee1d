package provider

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"

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

// clientDataSource is embedded by every data source: it receives the shared client.
type clientDataSource struct {
	client *vb365.Client
}

func (d *clientDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	client, diags := clientFromProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.client = client
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

// addReadError turns the client error of reading one object into a diagnostic naming the object
// and, for the common failures, what to check. kind is e.g. "restore session", what the object
// with its IDs, e.g. `restore session "3da6..."`.
func addReadError(diags *diag.Diagnostics, kind, what string, err error) {
	summary := "Unable to read VB365 " + kind
	if vb365.IsNotFound(err) {
		summary = "VB365 " + kind + " not found"
	}
	diags.AddError(summary, errorDetail("Reading "+what, err))
}

// addListError is addReadError for listings: a 404 there means the restore session or mailbox
// the listing belongs to is missing, and the server's message says which.
func addListError(diags *diag.Diagnostics, kind, what string, err error) {
	diags.AddError("Unable to list VB365 "+kind, errorDetail("Listing "+what, err))
}

func errorDetail(action string, err error) string {
	detail := fmt.Sprintf("%s failed: %s", action, err)
	if hint := errorHint(err); hint != "" {
		detail += "\n\n" + hint
	}
	return detail
}

// errorHint suggests the setting behind an error a user can fix in the provider block.
func errorHint(err error) string {
	// Transport failures come first: the client reports a token request that never reached
	// the server as an authentication failure too.
	switch {
	case isCertificateError(err):
		return "The server's TLS certificate is not trusted. Set ca_cert_pem or ca_cert_file (" + EnvCACertPEM + ", " +
			EnvCACertFile + ") to the CA that issued it, or insecure = true for a test server."
	case isConnectionError(err):
		return "Check the provider's endpoint (" + EnvEndpoint + ") and that the VB365 REST API is reachable from here."
	case errors.Is(err, vb365.ErrAuthentication):
		return "Check the provider's username and password (" + EnvUsername + ", " + EnvPassword + ")."
	}
	return ""
}

func isCertificateError(err error) bool {
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verification *tls.CertificateVerificationError
	if errors.As(err, &unknownAuthority) || errors.As(err, &hostname) || errors.As(err, &invalid) ||
		errors.As(err, &verification) {
		return true
	}
	return strings.Contains(err.Error(), "x509:")
}

func isConnectionError(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "connection refused") || strings.Contains(msg, "no such host")
}
