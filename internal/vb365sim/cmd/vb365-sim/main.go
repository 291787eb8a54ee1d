// Command vb365-sim serves the in-memory VB365 REST API simulator (internal/vb365sim) until
// SIGINT/SIGTERM: a Veeam Backup for Microsoft 365 server speaking API v3..v8 for rehearsing
// restores (terraform test, pipelines), demos and manual testing. `vb365-sim -h` is its manual.
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// version is stamped by the release build (-ldflags "-X main.version=...").
var version = "dev"

// Exit codes (documented in the manual).
const (
	exitOK    = 0
	exitError = 1 // the server could not start or failed while serving
	exitUsage = 2 // bad flags or a fixture file that does not validate
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// usageError is a problem with the command line or the fixture file (exit status 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

func exitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	fmt.Fprintln(stderr, "vb365-sim:", err)
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(stderr, "Run 'vb365-sim -h' for the flags.")
		return exitUsage
	}
	return exitError
}

// config is the parsed command line.
type config struct {
	addr, user, password, publicHost string
	useTLS                           bool
	deviceCodesVerified              bool
	caOut                            string
	versions                         []int
	credentialVersions               []int
	retrievalDuration                time.Duration
	sessionIdleTimeout               time.Duration
	sessionLimit                     int
	asyncPolls                       int
	latency                          time.Duration
	tokenLifetime                    time.Duration
	faults                           []vb365sim.Fault
	faultSpecs                       []string
	fixture                          *vb365sim.Fixture
	ledgerOut, countsOut             string
	pstSize                          int64
	largeItems                       int
	generatedMailboxes               int
	providerDir                      string
	showVersion                      bool
}

// faultList collects repeated -fault flags.
type faultList struct{ specs *[]string }

func (f faultList) String() string {
	if f.specs == nil {
		return ""
	}
	return strings.Join(*f.specs, " ")
}

func (f faultList) Set(v string) error {
	if _, err := parseFault(v); err != nil {
		return err
	}
	*f.specs = append(*f.specs, v)
	return nil
}

// versionsFlag parses a list of API versions.
type versionsFlag struct {
	target    *[]int
	allowNone bool
	set       bool
}

func (v *versionsFlag) String() string {
	if v.target == nil {
		return ""
	}
	return vb365sim.FormatVersions(*v.target)
}

func (v *versionsFlag) Set(s string) error {
	out, err := vb365sim.ParseVersions(s, v.allowNone)
	if err != nil {
		return err
	}
	*v.target, v.set = out, true
	return nil
}

// defineFlags declares every flag on a new flag set; the manual (manual.go) documents each.
func defineFlags(cfg *config) (fs *flag.FlagSet, fixture *string, creds *versionsFlag) {
	fs = flag.NewFlagSet("vb365-sim", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned; -h prints the manual
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:4443", "")
	fs.BoolVar(&cfg.useTLS, "tls", false, "")
	fs.StringVar(&cfg.caOut, "ca-out", "", "")
	fs.StringVar(&cfg.publicHost, "public-host", vb365sim.DefaultPublicHost, "")
	fs.StringVar(&cfg.user, "user", vb365sim.DefaultUsername, "")
	fs.StringVar(&cfg.password, "password", vb365sim.DefaultPassword, "")
	fs.DurationVar(&cfg.tokenLifetime, "token-lifetime", time.Hour, "")
	fs.Var(&versionsFlag{target: &cfg.versions}, "versions", "")
	creds = &versionsFlag{target: &cfg.credentialVersions, allowNone: true}
	fs.Var(creds, "restore-credentials", "")
	fs.BoolVar(&cfg.deviceCodesVerified, "device-codes-verified", false, "")
	fs.DurationVar(&cfg.retrievalDuration, "retrieval-duration", vb365sim.DefaultDataRetrievalDuration, "")
	fs.DurationVar(&cfg.sessionIdleTimeout, "session-idle-timeout", 0, "")
	fs.IntVar(&cfg.sessionLimit, "session-limit", 0, "")
	fs.IntVar(&cfg.asyncPolls, "async-restore-polls", 1, "")
	fs.DurationVar(&cfg.latency, "latency", 0, "")
	fs.Var(faultList{&cfg.faultSpecs}, "fault", "")
	fixture = fs.String("fixture", "", "")
	fs.IntVar(&cfg.largeItems, "large-mailbox-items", 0, "")
	fs.IntVar(&cfg.generatedMailboxes, "mailboxes", 0, "")
	fs.Int64Var(&cfg.pstSize, "pst-size", vb365sim.DefaultPSTSize, "")
	fs.StringVar(&cfg.ledgerOut, "ledger-out", "", "")
	fs.StringVar(&cfg.countsOut, "counts-out", "", "")
	fs.StringVar(&cfg.providerDir, "provider-dir", "", "")
	fs.BoolVar(&cfg.showVersion, "version", false, "")
	return fs, fixture, creds
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	cfg := &config{versions: []int{3, 4, 5, 6, 7, 8}}
	fs, fixture, creds := defineFlags(cfg)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			_, _ = io.WriteString(stderr, manual())
			return nil, err
		}
		return nil, usageError{err}
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q: vb365-sim takes flags only", fs.Arg(0))
	}
	if cfg.showVersion {
		return cfg, nil
	}
	switch {
	case cfg.caOut != "" && !cfg.useTLS:
		return nil, usagef("-ca-out needs -tls: without TLS there is no certificate to write")
	case cfg.sessionLimit < 0:
		return nil, usagef("-session-limit %d: expected 0 (no limit) or a positive number of sessions", cfg.sessionLimit)
	case cfg.asyncPolls < 0:
		return nil, usagef("-async-restore-polls %d: expected 0 or more", cfg.asyncPolls)
	case cfg.retrievalDuration < 0, cfg.sessionIdleTimeout < 0, cfg.latency < 0:
		return nil, usagef("durations must not be negative")
	case cfg.tokenLifetime <= 0:
		return nil, usagef("-token-lifetime %s: expected a positive duration", cfg.tokenLifetime)
	case cfg.largeItems < 0:
		return nil, usagef("-large-mailbox-items %d: expected 0 or more", cfg.largeItems)
	case cfg.generatedMailboxes < 0:
		return nil, usagef("-mailboxes %d: expected 0 or more", cfg.generatedMailboxes)
	case cfg.user == "" || cfg.password == "":
		return nil, usagef("-user and -password must not be empty")
	}
	if !creds.set {
		cfg.credentialVersions = []int{}
	}
	for _, spec := range cfg.faultSpecs {
		f, _ := parseFault(spec) // validated by Set
		cfg.faults = append(cfg.faults, f)
	}
	if *fixture != "" {
		f, err := vb365sim.LoadFixture(*fixture)
		if err != nil {
			return nil, usageError{err}
		}
		cfg.fixture = f
	}
	return cfg, nil
}

// run serves until ctx is done.
func run(ctx context.Context, args []string, out, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if cfg.showVersion {
		fmt.Fprintf(out, "vb365-sim %s (VB365 REST API v%d..v%d simulator, %s)\n", version, vb365sim.MinAPIVersion, vb365sim.MaxAPIVersion, goVersion())
		return nil
	}
	opts := []vb365sim.Option{
		vb365sim.WithCredentials(cfg.user, cfg.password),
		vb365sim.WithPublicHost(cfg.publicHost),
		vb365sim.WithPSTSize(cfg.pstSize),
		vb365sim.WithLatency(cfg.latency),
		vb365sim.WithTokenLifetime(cfg.tokenLifetime),
		vb365sim.WithVersions(cfg.versions...),
		vb365sim.WithRestoreCredentialsRequiredOn(cfg.credentialVersions...),
		vb365sim.WithDataRetrievalDuration(cfg.retrievalDuration),
		vb365sim.WithSessionIdleTimeout(cfg.sessionIdleTimeout),
		vb365sim.WithSessionLimit(cfg.sessionLimit),
		vb365sim.WithAsyncRestorePolls(cfg.asyncPolls),
	}
	if cfg.fixture != nil {
		opts = append(opts, vb365sim.WithFixture(cfg.fixture))
	}
	if cfg.deviceCodesVerified {
		opts = append(opts, vb365sim.WithDeviceCodesVerified())
	}
	if cfg.largeItems > 0 {
		opts = append(opts, vb365sim.WithLargeMailbox("Large Mailbox", cfg.largeItems))
	}
	if cfg.generatedMailboxes > 0 {
		opts = append(opts, vb365sim.WithGeneratedMailboxes(cfg.generatedMailboxes))
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	sim := vb365sim.New(opts...)
	for _, f := range cfg.faults {
		sim.Fault(f)
	}
	ledger := &ledgerFile{path: cfg.ledgerOut, sim: sim}
	if err := ledger.write(); err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{Handler: ledger.wrap(sim), ReadHeaderTimeout: 10 * time.Second}
	scheme, caFile, tempCA := "http", "", false
	if cfg.useTLS {
		var ip net.IP
		if tcpAddr, ok := ln.Addr().(*net.TCPAddr); ok {
			ip = tcpAddr.IP
		}
		cert, certPEM, err := selfSignedCert(ip)
		if err != nil {
			ln.Close()
			return err
		}
		// HTTP/1.1 only: connection-reset faults hijack the connection, which HTTP/2 does not allow.
		srv.TLSNextProto = map[string]func(*http.Server, *tls.Conn, http.Handler){}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
		scheme, caFile = "https", cfg.caOut
		if caFile == "" {
			// Clients must trust the certificate: write it where the recipe can name it.
			f, err := os.CreateTemp("", "vb365-sim-ca-*.pem")
			if err != nil {
				ln.Close()
				return err
			}
			caFile, tempCA = f.Name(), true
			f.Close()
		}
		if caFile, err = filepath.Abs(caFile); err != nil {
			ln.Close()
			return err
		}
		if err := os.WriteFile(caFile, certPEM, 0o644); err != nil {
			ln.Close()
			return err
		}
		if tempCA {
			defer os.Remove(caFile)
		}
	}
	url := scheme + "://" + ln.Addr().String()
	printBanner(out, cfg, sim, url, caFile, tempCA, ledger.path)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	err = errors.Join(err, ledger.write())
	if cfg.countsOut != "" {
		data, jerr := json.MarshalIndent(sim.RequestCounts(), "", "  ")
		if jerr == nil {
			jerr = os.WriteFile(cfg.countsOut, append(data, '\n'), 0o644)
		}
		err = errors.Join(err, jerr)
	}
	return err
}

// ledgerFile keeps the -ledger-out file up to date: it is written at start (no entries), after
// every request that added to the ledger (before the handler returns, so before a client can act
// on the answer) and at shutdown; always whole, through a temporary file and a rename.
type ledgerFile struct {
	path    string
	sim     *vb365sim.Server
	mu      sync.Mutex
	written int
}

func (l *ledgerFile) write() error {
	if l.path == "" {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	n := l.sim.LedgerLen()
	data := l.sim.LedgerJSON()
	tmp := l.path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("ledger file: %w", err)
	}
	if err := os.Rename(tmp, l.path); err != nil {
		return fmt.Errorf("ledger file: %w", err)
	}
	l.written = n
	return nil
}

func (l *ledgerFile) wrap(h http.Handler) http.Handler {
	if l.path == "" {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		l.mu.Lock()
		changed := l.sim.LedgerLen() != l.written
		l.mu.Unlock()
		if changed {
			if err := l.write(); err != nil {
				fmt.Fprintln(os.Stderr, "vb365-sim:", err)
			}
		}
	})
}

func goVersion() string {
	if v := strings.TrimSpace(runtimeVersion()); v != "" {
		return v
	}
	return "go"
}

// printBanner prints where the simulator listens and a recipe to point Terraform or OpenTofu at it.
func printBanner(out io.Writer, cfg *config, sim *vb365sim.Server, url, caFile string, tempCA bool, ledgerOut string) {
	orgID, orgName := sim.Organization()
	fmt.Fprintf(out, "VB365 REST API simulator listening on %s (API versions %s)\n", url, vb365sim.FormatVersions(cfg.versions))
	fmt.Fprintf(out, "  username: %s\n  password: %s\n", cfg.user, cfg.password)
	if caFile != "" {
		note := ""
		if tempCA {
			note = " (removed on exit; -ca-out FILE keeps it)"
		}
		fmt.Fprintf(out, "  CA certificate: %s%s\n", caFile, note)
	}
	source := "compiled-in fixture"
	if cfg.fixture != nil {
		source = fmt.Sprintf("fixture %s: %d mailboxes, %d items", cfg.fixture.File(), cfg.fixture.Mailboxes(), cfg.fixture.Items())
	}
	fmt.Fprintf(out, "  organization: %s (%s), %s\n", orgName, orgID, source)
	boxes := sim.Mailboxes()
	for i, mb := range boxes {
		if i == 5 {
			fmt.Fprintf(out, "    ... and %d more\n", len(boxes)-5)
			break
		}
		kind := ""
		if mb.Archive {
			kind = ", archive"
		} else if mb.Public {
			kind = ", public folders"
		}
		fmt.Fprintf(out, "    mailbox %s  %s <%s>%s, %d items\n", mb.ID, mb.Name, mb.Email, kind, mb.Items)
	}
	fmt.Fprintf(out, "  restore session (open): %s\n", vb365sim.SeedRestoreSessionID)
	var settings []string
	if len(cfg.credentialVersions) > 0 {
		settings = append(settings, "restores need credentials on "+vb365sim.FormatVersions(cfg.credentialVersions))
	}
	if cfg.retrievalDuration != vb365sim.DefaultDataRetrievalDuration {
		settings = append(settings, "data retrieval takes "+cfg.retrievalDuration.String())
	}
	if cfg.sessionIdleTimeout > 0 {
		settings = append(settings, "idle sessions stop after "+cfg.sessionIdleTimeout.String())
	}
	if cfg.sessionLimit > 0 {
		settings = append(settings, fmt.Sprintf("at most %d sessions", cfg.sessionLimit))
	}
	if cfg.latency > 0 {
		settings = append(settings, "latency "+cfg.latency.String())
	}
	for _, spec := range cfg.faultSpecs {
		settings = append(settings, "fault "+spec)
	}
	if len(settings) > 0 {
		fmt.Fprintf(out, "  settings: %s\n", strings.Join(settings, "; "))
	}
	fmt.Fprintf(out, "  ledger: %s/_sim/ledger", url)
	if ledgerOut != "" {
		fmt.Fprintf(out, " and %s", ledgerOut)
	}
	fmt.Fprintln(out)

	providerDir := cfg.providerDir
	if providerDir == "" {
		providerDir = "/path/to/dir/of/terraform-provider-vb365"
	}
	apiVersion := "auto"
	if cfg.versions[len(cfg.versions)-1] != vb365sim.MaxAPIVersion {
		// auto picks the newest version the server serves; say so explicitly all the same.
		apiVersion = fmt.Sprintf("v%d", cfg.versions[len(cfg.versions)-1])
	}
	fmt.Fprintf(out, `
Point Terraform or OpenTofu at it: in another shell, run
  export VB365_ENDPOINT=%s
  export VB365_USERNAME='%s'
  export VB365_PASSWORD='%s'
  export VB365_API_VERSION=%s
`, url, shellQuote(cfg.user), shellQuote(cfg.password), apiVersion)
	if caFile != "" {
		fmt.Fprintf(out, "  export VB365_CA_CERT_FILE='%s'\n", shellQuote(caFile))
	} else {
		fmt.Fprintln(out, "  unset VB365_CA_CERT_FILE VB365_CA_CERT_PEM VB365_INSECURE")
	}
	fmt.Fprintf(out, `  cat >"$HOME/.vb365-sim.tfrc" <<'EOF'
provider_installation {
  dev_overrides {
    "terraform-vb365/vb365" = "%s"
  }
  direct {}
}
EOF
  export TF_CLI_CONFIG_FILE="$HOME/.vb365-sim.tfrc"
then, in a configuration that requires terraform-vb365/vb365 (no init needed), e.g.
  terraform -chdir=examples/rehearsal plan      (or: tofu -chdir=examples/rehearsal plan)
`, providerDir)
	if cfg.providerDir == "" {
		fmt.Fprintln(out, "(-provider-dir DIR names the directory of a built provider in this recipe; `make sim` builds one into bin/.)")
	}
	fmt.Fprintf(out, `
The API by hand:
  TOKEN=$(curl -s %[1]s-X POST %[2]s/v8/Token -d 'grant_type=password&username=%[3]s&password=%[4]s' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  curl -s %[1]s-H "Authorization: Bearer $TOKEN" %[2]s/v8/Organizations
  curl -s %[1]s%[2]s/_sim/ledger
Press Ctrl+C to stop.
`, curlTrust(caFile), url, cfg.user, cfg.password)
}

func curlTrust(caFile string) string {
	if caFile == "" {
		return ""
	}
	return "--cacert '" + shellQuote(caFile) + "' "
}

// shellQuote escapes s for use between single quotes.
func shellQuote(s string) string { return strings.ReplaceAll(s, "'", `'\''`) }

// selfSignedCert returns a self-signed CA certificate valid for localhost, the loopback
// addresses and ip, plus its PEM encoding.
func selfSignedCert(ip net.IP) (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	ips := []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
	if ip != nil && !ip.IsUnspecified() {
		ips = append(ips, ip)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "vb365-sim", Organization: []string{"VB365 simulator"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(30 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost", "support.east.local"},
		IPAddresses:           ips,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, certPEM, nil
}
