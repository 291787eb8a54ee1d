package provider

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// The checks below are plain functions so that a value from the provider block (through the
// schema validators) and the same value from an environment variable (checked in Configure)
// get the same rule and the same wording.

// checkEndpoint accepts an http(s) URL with a host and nothing that would be silently dropped
// (credentials, query, fragment).
func checkEndpoint(raw string) error {
	if strings.TrimSpace(raw) == "" {
		return fmt.Errorf("must be a URL such as https://vb365.example.com:4443, got an empty string")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("must be a URL such as https://vb365.example.com:4443: %v", err)
	}
	switch strings.ToLower(u.Scheme) {
	case "https", "http":
	case "":
		return fmt.Errorf("must start with https:// (or http:// for a local test server), got %q", raw)
	default:
		return fmt.Errorf("must use the https scheme (or http for a local test server), got %q in %q", u.Scheme, raw)
	}
	if u.Host == "" || u.Hostname() == "" {
		return fmt.Errorf("must name a host, as in https://vb365.example.com:4443, got %q", raw)
	}
	if u.User != nil {
		return fmt.Errorf("must not contain credentials (%q); use username and password instead", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("must not contain a query or fragment, got %q", raw)
	}
	return nil
}

// plainHTTPRisk explains why an http:// endpoint (already valid per checkEndpoint) is unsafe,
// or returns "" for https and for a loopback host (localhost, 127.0.0.0/8, ::1), where plain
// HTTP is what a local test server such as the simulator offers and nothing crosses a network.
func plainHTTPRisk(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || !strings.EqualFold(u.Scheme, "http") {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return ""
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return ""
	}
	return fmt.Sprintf("%q uses plain http:// to a host that is not this machine: the password, the access tokens, "+
		"restore credentials and the mailbox content travel unencrypted and the server's identity is not checked. "+
		"http:// is meant for local test servers only; use https:// for a real server.", raw)
}

// apiVersions are the accepted api_version values.
var apiVersions = []string{"auto", "v3", "v4", "v5", "v6", "v7", "v8"}

func checkAPIVersion(raw string) error {
	for _, v := range apiVersions {
		if raw == v {
			return nil
		}
	}
	return fmt.Errorf("must be one of %s, got %q", strings.Join(apiVersions, ", "), raw)
}

// parsePositiveDuration parses a Go duration string ("30s", "1m30s") that must be above zero.
func parsePositiveDuration(raw string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(raw))
	if err != nil {
		return 0, fmt.Errorf("must be a duration such as \"30s\", \"1m30s\" or \"500ms\", got %q", raw)
	}
	if d <= 0 {
		return 0, fmt.Errorf("must be a positive duration, got %q", raw)
	}
	return d, nil
}

// parseCACertificates returns the PEM bytes when they hold at least one parseable certificate.
func parseCACertificates(raw string) ([]byte, error) {
	data := []byte(raw)
	rest := data
	count := 0
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		if _, err := x509.ParseCertificate(block.Bytes); err != nil {
			return nil, fmt.Errorf("contains a CERTIFICATE block that does not parse: %v", err)
		}
		count++
	}
	if count == 0 {
		return nil, fmt.Errorf("must contain at least one PEM-encoded certificate (-----BEGIN CERTIFICATE-----)")
	}
	return data, nil
}

// Retry bounds: attempts counts every try, so 1 disables retries; the cap keeps a typo from
// turning one failed request into hours of waiting.
const (
	minRetryAttempts = 1
	maxRetryAttempts = 100
)

// Client defaults the provider documents and uses to check min_delay <= max_delay when only
// one of them is set.
const (
	defaultRetryAttempts  = 5
	defaultRetryMinDelay  = time.Second
	defaultRetryMaxDelay  = 30 * time.Second
	defaultRequestTimeout = 60 * time.Second
	defaultMaxConcurrent  = 8
)

func endpointValidator() validator.String {
	return framework.StringCheckValidator{
		Rule:  "value must be an http or https URL with a host",
		Check: checkEndpoint,
	}
}

func durationValidator() validator.String {
	return framework.StringCheckValidator{
		Rule: "value must be a positive duration such as \"30s\"",
		Check: func(s string) error {
			_, err := parsePositiveDuration(s)
			return err
		},
	}
}

func pemCertificatesValidator() validator.String {
	return framework.StringCheckValidator{
		Rule: "value must contain at least one PEM-encoded certificate",
		Check: func(s string) error {
			_, err := parseCACertificates(s)
			return err
		},
	}
}
