package vb365

import (
	"strings"
	"testing"
	"time"
)

// FuzzParseItemLink: links come from the server and are parsed, never followed. Whatever the
// input, parsing must not panic; a link it accepts names a restore session and a version from 3 on (later versions are read, not refused),
// and parsing is deterministic. Run briefly with: go test -run '^$' -fuzz FuzzParseItemLink -fuzztime 10s ./internal/vb365/
func FuzzParseItemLink(f *testing.F) {
	for _, seed := range []string{
		"https://support.east.local:4443/v3/restoresessions/fb88be91-66b7-4353-a293-c9bc02191739/organization/mailboxes/8a1cf2a0/items/AAMkAD%2Fx==",
		"/v8/RestoreSessions/s1/organization/mailboxes/m1/items/i1/restore",
		"/v7/RestoreSessions/s1/organization/mailboxes/m1/folders/f/with/slash",
		"/v6/restoresessions/s1/organization/mailboxes/m1",
		"https://host/v5/RestoreSessions/%zz/organization",
		"", "/", "//", "/v9/RestoreSessions/s", "/v3/items/i", "http://[::1", "\x00", "/v8/RestoreSessions/%2e%2e/organization/mailboxes/..",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, href string) {
		ids, err := ParseItemLink(href)
		again, err2 := ParseItemLink(href)
		if (err == nil) != (err2 == nil) || ids != again {
			t.Fatalf("not deterministic: %+v %v / %+v %v", ids, err, again, err2)
		}
		if err != nil {
			if ids != (ItemLinkIDs{}) {
				t.Fatalf("error with IDs: %+v", ids)
			}
			return
		}
		if ids.RestoreSessionID == "" || ids.Version < V3 {
			t.Fatalf("accepted %q as %+v", href, ids)
		}
	})
}

// FuzzRetryAfter: any Retry-After header yields a delay that is never negative.
func FuzzRetryAfter(f *testing.F) {
	for _, seed := range []string{"0", "120", "-1", "99999999999999999999", "9223372037", "Wed, 21 Oct 2015 07:28:00 GMT", " 3 ", "+5", ""} {
		f.Add(seed)
	}
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		if d, ok := retryAfter(v, now); ok && d < 0 {
			t.Fatalf("retryAfter(%q) = %s", v, d)
		}
	})
}

// FuzzRedact: a redacted text never contains a secret of substring length standing in it.
func FuzzRedact(f *testing.F) {
	f.Add("login s3cret-Passw0rd! failed", "s3cret-Passw0rd!")
	f.Add("a=b&c", "b")
	f.Add("ééé", "é")
	c, err := New(Config{Endpoint: "https://127.0.0.1", Username: "u", Password: "p-long-password"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, secret string) {
		out := c.Redact(text, secret)
		if len(secret) >= minSubstringSecret && strings.Contains(out, secret) && !strings.Contains(redactedMark, secret) &&
			!strings.Contains(secret, redactedMark) {
			t.Fatalf("Redact(%q, %q) = %q still holds the secret", text, secret, out)
		}
	})
}
