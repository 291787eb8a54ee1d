package acctest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestedVersions are the API dialects every data source is tested in: the seed's v3 (absolute
// links, /Action envelopes, folderId) and v8 (relative links, parentId, mailboxId fields).
var TestedVersions = []string{"v3", "v8"}

// AccTest runs steps against the in-process provider. Every acceptance test and each of its
// subtests calls t.Parallel() first and starts its own simulator, so tests share nothing and
// run side by side (go test -parallel bounds how many; the CLI processes mostly wait). The
// few that change the process environment (t.Setenv), which the in-process provider reads,
// cannot be parallel: they run first, alone, before the parallel ones are released.
func AccTest(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { PreCheck(t) },
		ProtoV6ProviderFactories: ProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

// Q quotes a value for HCL.
func Q(s string) string { return HCLString(s) }

// SeedItemConfig is a vb365_mailbox_item data source named name reading itemID of the seed mailbox.
func SeedItemConfig(name, itemID string) string {
	return fmt.Sprintf(`
data "vb365_mailbox_item" %s {
  restore_session_id = %s
  mailbox_id         = %s
  item_id            = %s
}
`, Q(name), Q(vb365sim.SeedRestoreSessionID), Q(vb365sim.SeedMailboxID), Q(itemID))
}

// itemTypeObjects are the per-type nested objects of a flattened item.
var itemTypeObjects = []string{
	"message", "appointment", "task", "contact", "note", "journal", "contact_group", "discussion", "unknown",
}

// ExpectOnlyTypeObject checks that the item at address (under prefix, nil for a top-level item)
// has type itemType and that exactly the nested object of that name is non-null.
func ExpectOnlyTypeObject(address string, prefix *tfjsonpath.Path, itemType string) []statecheck.StateCheck {
	at := func(step string) tfjsonpath.Path {
		if prefix == nil {
			return tfjsonpath.New(step)
		}
		return prefix.AtMapKey(step)
	}
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(address, at("type"), knownvalue.StringExact(itemType)),
	}
	for _, obj := range itemTypeObjects {
		var check knownvalue.Check = knownvalue.Null()
		if obj == itemType {
			check = knownvalue.NotNull()
		}
		checks = append(checks, statecheck.ExpectKnownValue(address, at(obj), check))
	}
	return checks
}

// AllActions are the canonical names of every action the simulator offers on an item.
var AllActions = knownvalue.ListExact([]knownvalue.Check{
	knownvalue.StringExact("export_to_pst"),
	knownvalue.StringExact("restore_to"),
	knownvalue.StringExact("restore_to_original_location"),
	knownvalue.StringExact("save_to_msg"),
	knownvalue.StringExact("send_to_default_address"),
	knownvalue.StringExact("send_to_different_address"),
})

// ItemRoute is the simulator's counter key template of GET one item in version v.
func ItemRoute(version string) string {
	return "/" + version + "/RestoreSessions/{id}/Organization/Mailboxes/{id}/Items/{id}"
}

// JoinChecks flattens groups of state checks.
func JoinChecks(groups ...[]statecheck.StateCheck) []statecheck.StateCheck {
	var out []statecheck.StateCheck
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// Wrapped returns a regexp matching each of parts in order, anywhere in the output, with the
// words of a part separated by any whitespace: the CLI wraps long diagnostics at word boundaries.
func Wrapped(parts ...string) *regexp.Regexp {
	patterns := make([]string, len(parts))
	for i, part := range parts {
		words := strings.Fields(part)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		patterns[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(patterns, `.*`))
}

// RegexpLiteralSuffix matches strings ending in s.
func RegexpLiteralSuffix(s string) *regexp.Regexp {
	return regexp.MustCompile(regexp.QuoteMeta(s) + `$`)
}

// StateCheckFunc adapts a function to statecheck.StateCheck. State checks run right after the
// step's apply, on `show -json` output, which makes no provider call: API counters read here
// reflect the step's plan and apply only.
type StateCheckFunc func(state *tfjson.State) error

func (f StateCheckFunc) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("no state to check")
		return
	}
	resp.Error = f(req.State)
}

// TestCertificatePEM is a valid self-signed certificate for tests that need one that parses.
var TestCertificatePEM = func() string {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "vb365 test CA"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IsCA:         true,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}()
