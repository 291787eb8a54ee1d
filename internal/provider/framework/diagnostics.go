package framework

// One path from client errors to diagnostics: every data source, resource and action reports a
// failed request through AddClientError, which names what was attempted and, for the failures
// a user fixes in the provider block, says what to check.

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// AddClientError adds an error diagnostic for a failed client call: summary, then what was
// attempted (e.g. "Reading restore session \"3da6...\""), the error, and a hint when there is one.
func AddClientError(diags *diag.Diagnostics, summary, action string, err error) {
	diags.AddError(summary, ErrorDetail(action, err))
}

// AddReadError turns the client error of reading one object into a diagnostic naming the object
// and, for the common failures, what to check. kind is e.g. "restore session", what the object
// with its IDs, e.g. `restore session "3da6..."`.
func AddReadError(diags *diag.Diagnostics, kind, what string, err error) {
	summary := "Unable to read VB365 " + kind
	if vb365.IsNotFound(err) {
		summary = "VB365 " + kind + " not found"
	}
	AddClientError(diags, summary, "Reading "+what, err)
}

// AddListError is AddReadError for listings: a 404 there means the restore session or mailbox
// the listing belongs to is missing, and the server's message says which.
func AddListError(diags *diag.Diagnostics, kind, what string, err error) {
	AddClientError(diags, "Unable to list VB365 "+kind, "Listing "+what, err)
}

func ErrorDetail(action string, err error) string {
	detail := fmt.Sprintf("%s failed: %s", action, err)
	if hint := ErrorHint(err); hint != "" {
		detail += "\n\n" + hint
	}
	return detail
}

// ErrorHint suggests the setting behind an error a user can fix in the provider block.
func ErrorHint(err error) string {
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
	return notFoundHint(err) // not_found_hint.go
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

// AddVersionOrListError explains a listing the configured API version does not have, naming
// the version; other errors go through AddListError.
func AddVersionOrListError(diags *diag.Diagnostics, kind, what string, err error) {
	if AddUnsupportedVersionError(diags, "Listing "+what, err) {
		return
	}
	AddListError(diags, kind, what, err)
}

// AddUnsupportedVersionError adds the diagnostic of an operation (doing, e.g. "Listing audit
// items") that the configured API version does not have, naming the version it needs, and
// reports true; for any other error it adds nothing and reports false.
func AddUnsupportedVersionError(diags *diag.Diagnostics, doing string, err error) bool {
	var unsupported *vb365.UnsupportedVersionError
	if !errors.As(err, &unsupported) {
		return false
	}
	diags.AddError("Not available in API v"+fmt.Sprint(int(unsupported.Version)),
		fmt.Sprintf("%s needs VB365 REST API v%d or later; this provider uses v%d (api_version, or the newest "+
			"version the server serves). Use a server that serves v%d or later.", doing, int(unsupported.Minimum),
			int(unsupported.Version), int(unsupported.Minimum)))
	return true
}

// ErrorsAsWarnings turns the errors of a recorded run into warnings: an error would taint the
// record, and a tainted record runs the restore again on the next plain apply.
func ErrorsAsWarnings(diags diag.Diagnostics) diag.Diagnostics {
	out := make(diag.Diagnostics, 0, len(diags))
	for _, d := range diags {
		if d.Severity() == diag.SeverityError {
			out.AddWarning(d.Summary(), d.Detail())
			continue
		}
		out.Append(d)
	}
	return out
}
