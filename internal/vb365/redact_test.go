package vb365

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestRedactShortAndLongSecrets(t *testing.T) {
	c, _ := newTestClient(t, "http://127.0.0.1:1", "v8", func(cfg *Config) { cfg.Password = "ab1" })
	for _, tc := range []struct{ in, want string }{
		// A short secret is replaced where it stands alone...
		{"login ab1 failed", "login *** failed"},
		{"ab1", "***"},
		{"password=ab1&user=x", "password=***&user=x"},
		{`{"userPassword":"ab1"}`, `{"userPassword":"***"}`},
		{"(ab1)", "(***)"},
		// ...but not inside a longer word, which would mangle the text and reveal nothing.
		{"cab1e", "cab1e"},
		{"ab12", "ab12"},
		{"ab1 and xab1", "*** and xab1"},
	} {
		if got := c.Redact(tc.in); got != tc.want {
			t.Errorf("password ab1: Redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// Caller secrets: long ones are replaced everywhere, punctuation-edged short ones too.
	for _, tc := range []struct{ in, secret, want string }{
		{"xxrestore-secretyy", "restore-secret", "xx***yy"},
		{"code:!!", "!!", "code:***"},
		{"a!!b", "!!", "a***b"},
		{"one x two", "x", "one *** two"},
		{"box", "x", "box"},
		{"nothing here", "", "nothing here"},
	} {
		if got := c.Redact(tc.in, tc.secret); got != tc.want {
			t.Errorf("Redact(%q, %q) = %q, want %q", tc.in, tc.secret, got, tc.want)
		}
	}
}

// TestRedactCurrentAndReplacedTokens: a server may echo a token the client has replaced since.
func TestRedactCurrentAndReplacedTokens(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("expire") != "" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		writeJSON(w, 200, map[string]any{"id": "s1"})
	})
	fs.tokenLifetime = 3600
	c, clock := newTestClient(t, fs.srv.URL, "v8")
	if _, err := c.RestoreSession(ctxT(t), "s1"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(2 * 3600 * 1e9) // expired: the next call refreshes
	if _, err := c.RestoreSession(ctxT(t), "s1"); err != nil {
		t.Fatal(err)
	}
	got := c.Redact("old access-1 refresh-1, new access-2 refresh-2")
	if got != "old *** ***, new *** ***" {
		t.Errorf("Redact = %q", got)
	}
}

// TestRestoreTextsEchoingCredentialsAreRedacted: a v7 server that echoes the restore password
// in cannotContinueError, warnings and exceptions, and a v8 server that does so in the
// statistics and the session details: none of it reaches the caller.
func TestRestoreTextsEchoingCredentialsAreRedacted(t *testing.T) {
	const password = "restore-pw-77"
	opts := RestoreToOriginalLocationOptions{Credentials: RestoreCredentials{UserName: "op", UserPassword: password}}

	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		writeJSON(w, 200, map[string]any{
			"createdItemsCount": 1, "warnings": []string{"echo " + string(body)},
			"exceptions": []string{"login " + password + " rejected"}, "cannotContinueError": "bad password " + password,
		})
	})
	c, _ := newTestClient(t, fs.srv.URL, "v7")
	stats, err := c.RestoreToOriginalLocation(ctxT(t), testScope, opts, nil)
	all := strings.Join(append(append(stats.Warnings, stats.Exceptions...), stats.CannotContinueError, errString(err)), "\n")
	if strings.Contains(all, password) || !strings.Contains(all, "bad password ***") {
		t.Errorf("v7 texts:\n%s", all)
	}

	polls := 0
	fs8 := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "POST":
			writeJSON(w, 200, map[string]any{"sessionId": "rs-1"})
		case strings.HasSuffix(r.URL.Path, "/Statistics"):
			writeJSON(w, 200, map[string]any{"totalItemsCount": 1, "failedItemsCount": 1,
				"warnings": []string{"w " + password}, "errors": []string{"e " + password}})
		default:
			polls++
			writeJSON(w, 200, map[string]any{"id": "rs-1", "state": "Stopped", "result": "Failed", "details": "d " + password})
		}
	})
	c8, _ := newTestClient(t, fs8.srv.URL, "v8")
	stats, err = c8.RestoreToOriginalLocation(ctxT(t), testScope, opts, nil)
	all = strings.Join(append(append(stats.Warnings, stats.Exceptions...), errString(err)), "\n")
	if strings.Contains(all, password) || !strings.Contains(all, "e ***") || !strings.Contains(all, "w ***") {
		t.Errorf("v8 texts:\n%s", all)
	}
	// Read later, the session's details are the caller's to redact: the client no longer knows
	// the request's credentials.
	session, err := c8.RestoreSession(ctxT(t), "rs-1")
	if got := c8.Redact(session.Details, password); err != nil || got != "d ***" {
		t.Errorf("session details %q, %v", got, err)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
