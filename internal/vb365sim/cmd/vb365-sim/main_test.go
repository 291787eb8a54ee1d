package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// started is a running `vb365-sim` (run in-process).
type started struct {
	url, banner string
	stop        func() error
}

// start runs the command with args until the test ends and returns its address and banner.
func start(t *testing.T, args ...string) *started {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), pw, io.Discard)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var banner strings.Builder
	for lines.Scan() {
		banner.WriteString(lines.Text() + "\n")
		if strings.Contains(lines.Text(), "Ctrl+C") {
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	first, _, _ := strings.Cut(banner.String(), "\n")
	fields := strings.Fields(first) // "... listening on URL (API versions ...)"
	if len(fields) < 7 {
		cancel()
		t.Fatalf("no banner: %q (%v)", banner.String(), <-done)
	}
	s := &started{url: fields[6], banner: banner.String()}
	stopped := false
	s.stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		return <-done
	}
	t.Cleanup(func() { _ = s.stop() })
	return s
}

func TestRunServesTLSWithWrittenCA(t *testing.T) {
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	s := start(t, "-tls", "-ca-out", caFile, "-user", "u", "-password", "p", "-provider-dir", "/opt/vb365")
	if !strings.HasPrefix(s.url, "https://127.0.0.1:") {
		t.Fatalf("url %q", s.url)
	}
	for _, want := range []string{
		"password: p", "export VB365_ENDPOINT=" + s.url, "export VB365_USERNAME='u'", "export VB365_PASSWORD='p'",
		"export VB365_CA_CERT_FILE='" + caFile + "'", `"terraform-vb365/vb365" = "/opt/vb365"`, "export TF_CLI_CONFIG_FILE=",
		"--cacert '" + caFile + "'", s.url + "/_sim/ledger",
	} {
		if !strings.Contains(s.banner, want) {
			t.Errorf("banner lacks %q:\n%s", want, s.banner)
		}
	}
	client := trusting(t, caFile)
	resp, err := client.Get(s.url + "/v8/ServiceInstance")
	if err != nil {
		t.Fatalf("verified TLS request: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous probe: %d", resp.StatusCode)
	}
	resp, err = client.Post(s.url+"/v8/Token", "application/x-www-form-urlencoded", strings.NewReader("grant_type=password&username=u&password=p"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("token with -user/-password: %d", resp.StatusCode)
	}
	if err := s.stop(); err != nil {
		t.Errorf("run after cancel: %v", err)
	}
	if _, err := os.Stat(caFile); err != nil {
		t.Errorf("-ca-out file must stay after exit: %v", err)
	}
}

func trusting(t *testing.T, caFile string) *http.Client {
	t.Helper()
	pemBytes, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatal("CA file holds no certificate")
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
}

// -tls alone still writes the CA where the recipe says, and removes it on exit.
func TestRunTLSWithoutCAOutWritesATemporaryCA(t *testing.T) {
	s := start(t, "-tls")
	_, rest, ok := strings.Cut(s.banner, "export VB365_CA_CERT_FILE='")
	if !ok {
		t.Fatalf("recipe names no CA file:\n%s", s.banner)
	}
	caFile, _, _ := strings.Cut(rest, "'")
	resp, err := trusting(t, caFile).Get(s.url + "/v8/ServiceInstance")
	if err != nil {
		t.Fatalf("TLS with the recipe's CA: %v", err)
	}
	resp.Body.Close()
	if !strings.Contains(s.banner, "(-provider-dir DIR names") {
		t.Errorf("without -provider-dir the recipe must say how to name the provider:\n%s", s.banner)
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(caFile); !os.IsNotExist(err) {
		t.Errorf("temporary CA %s not removed: %v", caFile, err)
	}
}

func TestRunVersionsAndSettings(t *testing.T) {
	s := start(t, "-versions", "v3-v5", "-restore-credentials", "v3-v5", "-retrieval-duration", "2s",
		"-session-limit", "3", "-fault", "status-after=502,method=POST,path=/Action")
	for _, want := range []string{"(API versions v3..v5)", "export VB365_API_VERSION=v5", "unset VB365_CA_CERT_FILE",
		"restores need credentials on v3..v5", "data retrieval takes 2s", "at most 3 sessions", "fault status-after=502"} {
		if !strings.Contains(s.banner, want) {
			t.Errorf("banner lacks %q:\n%s", want, s.banner)
		}
	}
	for path, want := range map[string]int{"/v8/ServiceInstance": 404, "/v6/ServiceInstance": 404, "/v5/ServiceInstance": 401, "/v3/ServiceInstance": 401} {
		resp, err := http.Get(s.url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
	// The credential requirement: a v5 restore without credentials is refused (the fault
	// matches POST .../Action but applies only to a request that got that far).
	tok := token(t, s.url, 5)
	resp := post(t, s.url+"/v5/RestoreSessions/"+vb365sim.SeedRestoreSessionID+"/Organization/Mailboxes/"+vb365sim.SeedMailboxID+"/Items/"+
		vb365sim.SeedNoteID+"/Action", tok, `{"restoretoOriginallocation":{}}`)
	if resp.StatusCode != 502 {
		t.Errorf("first POST .../Action hits the fault (its handler refused it: nothing ran): %d", resp.StatusCode)
	}
	resp = post(t, s.url+"/v5/RestoreSessions/"+vb365sim.SeedRestoreSessionID+"/Organization/Mailboxes/"+vb365sim.SeedMailboxID+"/Items/"+
		vb365sim.SeedNoteID+"/Action", tok, `{"restoretoOriginallocation":{}}`)
	if resp.StatusCode != 400 {
		t.Errorf("v5 restore without credentials: %d, want 400", resp.StatusCode)
	}
}

func token(t *testing.T, url string, v int) string {
	t.Helper()
	resp, err := http.Post(url+"/v"+string(rune('0'+v))+"/Token", "application/x-www-form-urlencoded",
		strings.NewReader("grant_type=password&username="+vb365sim.DefaultUsername+"&password="+vb365sim.DefaultPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil || m["access_token"] == nil {
		t.Fatalf("token: %v %v", err, m)
	}
	return m["access_token"].(string)
}

func post(t *testing.T, url, tok, body string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// The ledger file holds an action as soon as its answer has arrived.
func TestRunLedgerOutAndFixture(t *testing.T) {
	dir := t.TempDir()
	fixture := filepath.Join(dir, "org.yaml")
	if err := os.WriteFile(fixture, []byte(`organization: {name: contoso.onmicrosoft.com}
mailboxes:
  - name: Alice Example
    email: alice@contoso.onmicrosoft.com
    folders:
      - name: Inbox
        items: [{type: message, subject: Signed contract}]
        generate: {count: 9}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	ledger := filepath.Join(dir, "ledger.json")
	s := start(t, "-fixture", fixture, "-ledger-out", ledger)
	if !strings.Contains(s.banner, "organization: contoso.onmicrosoft.com") || !strings.Contains(s.banner, "fixture "+fixture+": 1 mailboxes, 10 items") ||
		!strings.Contains(s.banner, "Alice Example <alice@contoso.onmicrosoft.com>, 10 items") {
		t.Errorf("banner:\n%s", s.banner)
	}
	read := func() vb365sim.LedgerDocument {
		data, err := os.ReadFile(ledger)
		if err != nil {
			t.Fatal(err)
		}
		var doc vb365sim.LedgerDocument
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		return doc
	}
	if doc := read(); doc.Count != 0 || doc.OrganizationName != "contoso.onmicrosoft.com" {
		t.Fatalf("ledger at start: %+v", doc)
	}
	alice := derivedMailbox(t, s.url)
	item := vb365sim.FixtureItemID(alice, "Inbox", "0")
	resp := post(t, s.url+"/v8/RestoreSessions/"+vb365sim.SeedRestoreSessionID+"/organization/mailboxes/"+alice+"/items/"+item+"/restore", token(t, s.url, 8), `{}`)
	if resp.StatusCode != 200 {
		t.Fatalf("restore: %d", resp.StatusCode)
	}
	doc := read() // no waiting: written before the answer left
	if doc.Count != 1 || doc.Entries[0].Action != "restore_to_original_location" || !reflect.DeepEqual(doc.Entries[0].ItemIDs, []string{item}) {
		t.Fatalf("ledger after the restore: %+v", doc)
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	if read().Count != 1 {
		t.Error("ledger after exit")
	}
}

func derivedMailbox(t *testing.T, url string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", url+"/v8/RestoreSessions/"+vb365sim.SeedRestoreSessionID+"/organization/mailboxes", nil)
	req.Header.Set("Authorization", "Bearer "+token(t, url, 8))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var page struct{ Results []struct{ ID, Email string } }
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil || len(page.Results) != 1 || page.Results[0].Email != "alice@contoso.onmicrosoft.com" {
		t.Fatalf("mailboxes of the fixture: %v %+v", err, page)
	}
	return page.Results[0].ID
}

func TestParseFlags(t *testing.T) {
	cfg, err := parseFlags([]string{"-versions", "v6-v8", "-restore-credentials", "all", "-session-idle-timeout", "10m",
		"-fault", "reset-after,path=/restore", "-fault", "status=503,times=2,retry-after=1", "-latency", "20ms",
		"-device-codes-verified"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg.versions, []int{6, 7, 8}) || !reflect.DeepEqual(cfg.credentialVersions, []int{3, 4, 5, 6, 7, 8}) ||
		cfg.sessionIdleTimeout != 10*time.Minute || cfg.latency != 20*time.Millisecond || len(cfg.faults) != 2 || !cfg.deviceCodesVerified {
		t.Fatalf("config: %+v", cfg)
	}
	if f := cfg.faults[0]; !f.ResetAfterHandler || f.PathContains != "/restore" || f.Times != 1 {
		t.Errorf("fault 0: %+v", f)
	}
	if f := cfg.faults[1]; f.Status != 503 || f.Times != 2 || f.RetryAfter != "1" {
		t.Errorf("fault 1: %+v", f)
	}
	defaults, err := parseFlags(nil, io.Discard)
	if err != nil || len(defaults.versions) != 6 || len(defaults.credentialVersions) != 0 || defaults.retrievalDuration != 5*time.Minute ||
		defaults.deviceCodesVerified {
		t.Errorf("defaults: %+v %v", defaults, err)
	}

	badFixture := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(badFixture, []byte(`{"organization": {"name": "x.example"}, "mailboxes": [{"name": "A"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for args, want := range map[string]string{
		"-versions v9":                         "v9 is not an API version the simulator speaks",
		"-versions none":                       "must serve at least one version",
		"-restore-credentials v2":              "v2 is not an API version",
		"-ca-out ca.pem":                       "-ca-out needs -tls",
		"-session-limit -1":                    "-session-limit -1",
		"-fault explode":                       `unknown setting "explode"`,
		"-fault status=200":                    "expected an HTTP error status",
		"-fault path=/restore":                 "no effect",
		"-fault reset,reset-after":             "more than one effect",
		"-fault retry-after=5,reset":           "retry-after goes with status",
		"-fault status=500,times=0":            "expected a positive number",
		"-fixture " + badFixture:               badFixture + ": mailboxes[0].email: missing; expected an e-mail address",
		"-fixture /nonexistent/org.yaml":       "no such file",
		"-no-such-flag":                        "flag provided but not defined",
		"extra":                                "unexpected argument",
		"-retrieval-duration -1s":              "must not be negative",
		"-fault delay-after=soon,method=POST":  "expected a positive duration",
		"-fault status=500,method=FETCH":       "expected GET, POST",
		"-token-lifetime 0s":                   "-token-lifetime",
		"-user  -password x":                   "must not be empty",
		"-large-mailbox-items -5":              "-large-mailbox-items",
		"-mailboxes -1":                        "-mailboxes",
		"-async-restore-polls -1":              "-async-restore-polls",
		"-versions v6-v3":                      "runs backwards",
		"-fault status-after=abc":              "expected an HTTP error status",
		"-fault latency=0s":                    "expected a positive duration",
		"-fault reset=1":                       "takes no value",
		"-fault status":                        "needs a value",
		"-restore-credentials ''":              "empty",
		"-fixture " + badFixture + " -tls":     "mailboxes[0].email",
		"-versions v5 -fault malformed,times=": "needs a value",
	} {
		argv := splitArgs(args)
		_, err := parseFlags(argv, io.Discard)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want it to contain %q", args, err, want)
			continue
		}
		var stderr bytes.Buffer
		if code := exitCode(err, &stderr); code != exitUsage || !strings.Contains(stderr.String(), "vb365-sim -h") {
			t.Errorf("%s: exit code %d, want %d; stderr %q", args, code, exitUsage, stderr.String())
		}
	}
}

// splitArgs splits on spaces; ” is an empty argument.
func splitArgs(s string) []string {
	var out []string
	for _, f := range strings.Split(s, " ") {
		if f == "''" {
			f = ""
		}
		out = append(out, f)
	}
	return out
}

func TestExitCodes(t *testing.T) {
	if exitCode(nil, io.Discard) != exitOK || exitCode(flag.ErrHelp, io.Discard) != exitOK {
		t.Error("success and -h must exit 0")
	}
	if exitCode(errors.New("listen tcp: address already in use"), io.Discard) != exitError {
		t.Error("a server failure must exit 1")
	}
	// A busy address fails run with exit status 1.
	s := start(t)
	addr := strings.TrimPrefix(s.url, "http://")
	err := run(context.Background(), []string{"-addr", addr}, io.Discard, io.Discard)
	if err == nil || exitCode(err, io.Discard) != exitError {
		t.Errorf("second server on %s: %v", addr, err)
	}
}

func TestHelpIsTheManualAndDocumentsEveryFlag(t *testing.T) {
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"-h"}, io.Discard, &stderr)
	if !errors.Is(err, flag.ErrHelp) || exitCode(err, io.Discard) != exitOK {
		t.Fatalf("-h: %v", err)
	}
	text := stderr.String()
	for _, section := range []string{"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "ROUTES", "EXAMPLES", "EXIT STATUS"} {
		if !strings.Contains(text, "\n"+section+"\n") && !strings.HasPrefix(text, section+"\n") {
			t.Errorf("manual lacks section %s", section)
		}
	}
	fs, _, _ := defineFlags(&config{})
	fs.VisitAll(func(f *flag.Flag) {
		if !strings.Contains(text, "    -"+f.Name+" ") && !strings.Contains(text, "    -"+f.Name+"\n") && !strings.Contains(text, "    -"+f.Name+",") {
			t.Errorf("the manual does not document -%s", f.Name)
		}
	})
	for _, e := range faultEffects {
		if !strings.Contains(text, "          "+e.name) {
			t.Errorf("the manual does not document the fault effect %s", e.name)
		}
		if _, err := parseFault(e.name + map[bool]string{true: "=" + map[string]string{"CODE": "500", "D": "1s"}[e.arg], false: ""}[e.arg != ""]); err != nil {
			t.Errorf("documented effect %s does not parse: %v", e.name, err)
		}
	}
	for _, line := range strings.Split(text, "\n") {
		if len(line) > 100 {
			t.Errorf("manual line longer than 100 columns: %q", line)
		}
	}
}

func TestVersionFlag(t *testing.T) {
	old := version
	version = "1.2.3"
	defer func() { version = old }()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-version"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "vb365-sim 1.2.3 (VB365 REST API v3..v8 simulator") {
		t.Errorf("-version: %q", out.String())
	}
}
