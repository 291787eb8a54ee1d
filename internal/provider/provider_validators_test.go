package provider

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"iter"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// testCertPEM is a valid self-signed certificate.
var testCertPEM = func() string {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "unit test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}()

func TestCheckEndpoint(t *testing.T) {
	cases := map[string]string{ // endpoint -> error substring ("" = valid)
		"https://vb365.example.com:4443":      "",
		"https://vb365.example.com":           "",
		"http://127.0.0.1:8080":               "",
		"HTTPS://VB365.EXAMPLE.COM":           "",
		"https://vb365.example.com/proxy/api": "",
		"https://[::1]:4443":                  "",
		"":                                    "got an empty string",
		"   ":                                 "got an empty string",
		"vb365.example.com:4443":              "must use the https scheme",
		"vb365.example.com":                   "must start with https://",
		"ftp://vb365.example.com":             "must use the https scheme",
		"https://":                            "must name a host",
		"https://:4443":                       "must name a host",
		"https://admin:pw@vb365.example.com":  "must not contain credentials",
		"https://vb365.example.com/#frag":     "must not contain a query or fragment",
		"https://vb365.example.com?limit=1":   "must not contain a query or fragment",
		"https://vb365 example.com":           "must be a URL",
	}
	for endpoint, want := range cases {
		err := checkEndpoint(endpoint)
		switch {
		case want == "" && err != nil:
			t.Errorf("checkEndpoint(%q) = %v, want valid", endpoint, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("checkEndpoint(%q) = %v, want an error containing %q", endpoint, err, want)
		}
	}
}

func TestCheckAPIVersion(t *testing.T) {
	for _, v := range []string{"auto", "v3", "v4", "v5", "v6", "v7", "v8"} {
		if err := checkAPIVersion(v); err != nil {
			t.Errorf("checkAPIVersion(%q) = %v", v, err)
		}
	}
	for _, v := range []string{"", "v2", "v9", "V8", "8", "latest"} {
		if err := checkAPIVersion(v); err == nil {
			t.Errorf("checkAPIVersion(%q) accepted", v)
		}
	}
}

func TestParsePositiveDuration(t *testing.T) {
	valid := map[string]time.Duration{"30s": 30 * time.Second, "1m30s": 90 * time.Second, "500ms": 500 * time.Millisecond, " 2h ": 2 * time.Hour}
	for in, want := range valid {
		got, err := parsePositiveDuration(in)
		if err != nil || got != want {
			t.Errorf("parsePositiveDuration(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	invalid := map[string]string{"0s": "positive", "-1s": "positive", "0": "positive", "10": "such as", "soon": "such as", "": "such as"}
	for in, want := range invalid {
		if _, err := parsePositiveDuration(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parsePositiveDuration(%q) error = %v, want one containing %q", in, err, want)
		}
	}
}

func TestParseCACertificates(t *testing.T) {
	if _, err := parseCACertificates(testCertPEM); err != nil {
		t.Errorf("valid certificate rejected: %v", err)
	}
	// Other PEM blocks around a certificate are ignored.
	withKey := "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" + testCertPEM
	if _, err := parseCACertificates(withKey); err != nil {
		t.Errorf("certificate after a key rejected: %v", err)
	}
	for in, want := range map[string]string{
		"":      "at least one PEM-encoded certificate",
		"hello": "at least one PEM-encoded certificate",
		"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n": "at least one PEM-encoded certificate",
		"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n": "does not parse",
	} {
		if _, err := parseCACertificates(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseCACertificates(%q) error = %v, want one containing %q", in, err, want)
		}
	}
}

func TestStringCheckValidator(t *testing.T) {
	v := durationValidator()
	attr := path.Root("retry").AtName("min_delay")
	run := func(value types.String) *validator.StringResponse {
		resp := &validator.StringResponse{}
		v.ValidateString(context.Background(), validator.StringRequest{Path: attr, ConfigValue: value}, resp)
		return resp
	}
	if resp := run(types.StringNull()); resp.Diagnostics.HasError() {
		t.Errorf("null value rejected")
	}
	if resp := run(types.StringUnknown()); resp.Diagnostics.HasError() {
		t.Errorf("unknown value rejected (it is checked once known)")
	}
	if resp := run(types.StringValue("2s")); resp.Diagnostics.HasError() {
		t.Errorf("valid value rejected")
	}
	resp := run(types.StringValue("-2s"))
	if !resp.Diagnostics.HasError() {
		t.Fatal("negative duration accepted")
	}
	d := resp.Diagnostics.Errors()[0]
	if d.Summary() != "Invalid retry.min_delay" || !strings.Contains(d.Detail(), "The retry.min_delay attribute must be a positive duration") {
		t.Errorf("diagnostic = %q / %q", d.Summary(), d.Detail())
	}
	if pathDiag, ok := d.(interface{ Path() path.Path }); !ok || !pathDiag.Path().Equal(attr) {
		t.Errorf("diagnostic is not attached to %s", attr)
	}
}

func TestWildcardMatch(t *testing.T) {
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{"support_*", "support_north", true},
		{"SUPPORT_*", "support_north", true},
		{"support_?orth", "support_north", true},
		{"*north", "support_north", true},
		{"*", "", true},
		{"", "", true},
		{"a*b*c", "aXXbYYc", true},
		{"a*b*c", "aXXbYY", false},
		{"support", "support_north", false},
		{"?", "", false},
		{"John Smith", "john smith", true},
		{"J*h", "John Smith", true},
	}
	for _, c := range cases {
		if got := framework.WildcardMatch(c.pattern, c.s); got != c.want {
			t.Errorf("wildcardMatch(%q, %q) = %v, want %v", c.pattern, c.s, got, c.want)
		}
	}
}

// countingSeq yields 1..n and records how many values were pulled.
func countingSeq(n int, failAt int, pulled *int) iter.Seq2[int, error] {
	return func(yield func(int, error) bool) {
		for i := 1; i <= n; i++ {
			*pulled = i
			if i == failAt {
				yield(0, errors.New("page 2 failed"))
				return
			}
			if !yield(i, nil) {
				return
			}
		}
	}
}

func TestCollect(t *testing.T) {
	var pulled int
	all, err := framework.Collect(countingSeq(5, 0, &pulled), nil, types.Int64Null())
	if err != nil || len(all) != 5 {
		t.Errorf("all: %v, %v", all, err)
	}

	even := func(i int) bool { return i%2 == 0 }
	got, err := framework.Collect(countingSeq(100, 0, &pulled), even, types.Int64Value(2))
	if err != nil || len(got) != 2 || got[0] != 2 || got[1] != 4 {
		t.Errorf("filtered bound: %v, %v", got, err)
	}
	if pulled != 4 {
		t.Errorf("collect pulled %d values after having 2 matches, want it to stop at 4", pulled)
	}

	if _, err := framework.Collect(countingSeq(5, 3, &pulled), nil, types.Int64Null()); err == nil || err.Error() != "page 2 failed" {
		t.Errorf("error not returned: %v", err)
	}

	none, err := framework.Collect(countingSeq(0, 0, &pulled), nil, types.Int64Null())
	if err != nil || none == nil || len(none) != 0 {
		t.Errorf("empty listing = %#v, %v; want a non-nil empty slice (an empty list, not null)", none, err)
	}
}

func TestListOptions(t *testing.T) {
	opts := framework.ListOptions(types.Int64Value(10), types.Int64Value(50), false)
	if opts.MaxItems != 10 || opts.PageSize != 50 {
		t.Errorf("server-side bound: %+v", opts)
	}
	opts = framework.ListOptions(types.Int64Value(10), types.Int64Null(), true)
	if opts.MaxItems != 0 || opts.PageSize != 0 {
		t.Errorf("with a client-side filter the client must not stop early: %+v", opts)
	}
}

func TestPlainHTTPRiskOnlyForNonLoopbackHosts(t *testing.T) {
	for raw, wantRisk := range map[string]bool{
		"http://vb365.example.com:4443": true,
		"http://10.0.0.5":               true,
		"HTTP://VB365.EXAMPLE.COM":      true,
		"http://127.0.0.1:8080":         false,
		"http://127.1.2.3":              false,
		"http://[::1]:4443":             false,
		"http://localhost:4443":         false,
		"http://sim.localhost":          false,
		"https://vb365.example.com":     false,
		"http://localhost.example.com":  true,
	} {
		if got := plainHTTPRisk(raw) != ""; got != wantRisk {
			t.Errorf("plainHTTPRisk(%q) risky = %v, want %v", raw, got, wantRisk)
		}
	}
}
