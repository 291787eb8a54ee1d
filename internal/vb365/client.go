// Package vb365 is a REST client for Veeam Backup for Microsoft 365 (API v3 to v8), limited to
// what the Terraform provider needs: authentication, Exchange restore sessions, browsing
// mailboxes, folders and items, item restore actions and the bulk restore of whole mailboxes.
//
// The client knows every dialect difference between the API versions (v3..v5 "/Action"
// envelopes, v6+ per-action routes, v7+ parentId, v8 asynchronous restores) so that callers
// never branch on the version.
//
// CONTRACT.md in this directory records the contract decisions the client rests on where
// Veeam's documents are silent or differ by version, with their evidence and tests.
package vb365

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Defaults applied by New for zero-valued Config fields.
const (
	DefaultPort                  = "4443"
	DefaultRequestTimeout        = 60 * time.Second
	DefaultRetryAttempts         = 5
	DefaultRetryMinDelay         = 1 * time.Second
	DefaultRetryMaxDelay         = 30 * time.Second
	DefaultMaxConcurrentRequests = 8
	DefaultPollInterval          = 2 * time.Second
	DefaultUserAgent             = "terraform-provider-vb365-client"
)

// Config configures a Client. Zero values select the documented defaults.
type Config struct {
	// Endpoint is the server's base URL, "https://host[:port]". The port defaults to 4443.
	// http is accepted for local servers such as the simulator.
	Endpoint string
	// APIVersion is "auto" (or empty) to detect the newest version the server serves, or one
	// of "v3".."v8".
	APIVersion         string
	Username, Password string
	// Operator, when set, signs the client in as a restore operator (grant_type=operator,
	// v6+) instead of with Username and Password (operator.go).
	Operator *OperatorCredentials
	// Insecure disables TLS certificate verification.
	Insecure bool
	// CACertPEM holds extra CA certificates, appended to the system pool.
	CACertPEM []byte
	// RequestTimeout bounds one GET request and the token request (default 60s). Action
	// POSTs (explore, stop, restores, sends, PST/MSG downloads) are bounded by the caller's
	// context only: a synchronous v3..v7 restore answers only when it has finished and a PST
	// export is first written to a file on the server, so cutting them short would report a
	// failure while the server keeps running them.
	RequestTimeout time.Duration
	// Retry governs retries of GET requests, and of explores and stops that failed to connect
	// (they never reached the server). Restores, exports and sends are never retried.
	Retry RetryPolicy
	// MaxConcurrentRequests caps requests in flight from this client (default 8).
	MaxConcurrentRequests int
	UserAgent             string
	// HTTPClient replaces the client's own HTTP client; Insecure and CACertPEM are then
	// ignored (configure the transport yourself). It is copied: redirects are refused
	// whatever its CheckRedirect says, since they would carry the bearer token elsewhere.
	HTTPClient *http.Client
	// Clock is used for token expiry, retry backoff and restore polling (default: real time).
	Clock Clock
	// PollInterval is the delay between status polls of a v8 asynchronous restore (default 2s).
	PollInterval time.Duration
	// Logf receives one entry per HTTP attempt and per retry wait. It never receives tokens,
	// passwords or request bodies.
	Logf func(ctx context.Context, msg string, fields map[string]any)
}

// RetryPolicy governs the retry of GET requests on 429, 502, 503, 504 and connection errors.
type RetryPolicy struct {
	Attempts int           // total tries including the first; default 5
	MinDelay time.Duration // default 1s
	MaxDelay time.Duration // default 30s
}

// Clock abstracts time so that tests never sleep.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Client talks to one VB365 server. It is safe for concurrent use.
type Client struct {
	base           *url.URL // scheme, host:port and optional path prefix, no trailing slash
	configured     APIVersion
	username       string
	password       string
	operator       *OperatorCredentials // restore-operator sign-in (operator.go); nil: password grant
	userAgent      string
	requestTimeout time.Duration
	retry          RetryPolicy
	pollInterval   time.Duration
	httpClient     *http.Client
	actionClient   *http.Client // action POSTs: HTTP/1.1 on the client's own transport
	clock          Clock
	logf           func(ctx context.Context, msg string, fields map[string]any)
	slots          chan struct{} // semaphore capping concurrent requests
	maxJSON        int64         // bound of a JSON response body (maxJSONResponse; tests lower it)

	version versionCache
	auth    tokenSource
	signIn  signInState // tenant sign-in, learnt from the server (tenant.go)
}

// New validates cfg and returns a Client. It performs no I/O.
func New(cfg Config) (*Client, error) {
	base, err := parseEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	version, err := ParseAPIVersion(cfg.APIVersion)
	if err != nil {
		return nil, err
	}
	if err := cfg.Operator.validate(); err != nil {
		return nil, err
	}
	if cfg.Operator == nil && strings.TrimSpace(cfg.Username) == "" {
		return nil, errors.New("vb365: username is required")
	}
	if cfg.Operator == nil && cfg.Password == "" {
		return nil, errors.New("vb365: password is required")
	}
	if cfg.RequestTimeout < 0 {
		return nil, fmt.Errorf("vb365: request timeout must not be negative, got %s", cfg.RequestTimeout)
	}
	if cfg.PollInterval < 0 {
		return nil, fmt.Errorf("vb365: poll interval must not be negative, got %s", cfg.PollInterval)
	}
	if cfg.MaxConcurrentRequests < 0 {
		return nil, fmt.Errorf("vb365: max concurrent requests must not be negative, got %d", cfg.MaxConcurrentRequests)
	}
	retry, err := normalizeRetry(cfg.Retry)
	if err != nil {
		return nil, err
	}

	c := &Client{
		base:           base,
		configured:     version,
		username:       cfg.Username,
		password:       cfg.Password,
		operator:       cfg.Operator.clone(),
		userAgent:      orDefault(cfg.UserAgent, DefaultUserAgent),
		requestTimeout: orDefaultDuration(cfg.RequestTimeout, DefaultRequestTimeout),
		retry:          retry,
		pollInterval:   orDefaultDuration(cfg.PollInterval, DefaultPollInterval),
		clock:          cfg.Clock,
		logf:           cfg.Logf,
		maxJSON:        maxJSONResponse,
	}
	if c.clock == nil {
		c.clock = realClock{}
	}
	slots := cfg.MaxConcurrentRequests
	if slots == 0 {
		slots = DefaultMaxConcurrentRequests
	}
	c.slots = make(chan struct{}, slots)
	if cfg.HTTPClient != nil {
		hc := *cfg.HTTPClient
		hc.CheckRedirect = refuseRedirects
		c.httpClient, c.actionClient = &hc, &hc
	} else {
		c.httpClient, c.actionClient, err = newHTTPClients(cfg.Insecure, cfg.CACertPEM)
		if err != nil {
			return nil, err
		}
	}
	c.version.init()
	c.auth.init(c)
	return c, nil
}

// Endpoint returns the normalised base URL requests are sent to (with the port made explicit).
func (c *Client) Endpoint() string { return c.base.String() }

func parseEndpoint(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, errors.New("vb365: endpoint is required (for example https://vb365.example.com:4443)")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("vb365: endpoint %q is not a valid URL: %v", raw, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "https", "http":
		u.Scheme = strings.ToLower(u.Scheme)
	default:
		return nil, fmt.Errorf("vb365: endpoint %q must start with https:// (or http:// for a local server)", raw)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("vb365: endpoint %q has no host name", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("vb365: endpoint must not contain credentials; use username and password")
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return nil, fmt.Errorf("vb365: endpoint %q must not contain a query or fragment", raw)
	}
	if port := u.Port(); port == "" {
		u.Host = net.JoinHostPort(u.Hostname(), DefaultPort)
	} else if p, err := strconv.ParseUint(port, 10, 16); err != nil || p == 0 {
		return nil, fmt.Errorf("vb365: endpoint %q has an invalid port %q", raw, port)
	}
	// A path prefix is kept (reverse proxies); the version segment is appended per request.
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = strings.TrimRight(u.RawPath, "/")
	return u, nil
}

func normalizeRetry(p RetryPolicy) (RetryPolicy, error) {
	if p.Attempts < 0 {
		return p, fmt.Errorf("vb365: retry attempts must not be negative, got %d", p.Attempts)
	}
	if p.MinDelay < 0 || p.MaxDelay < 0 {
		return p, errors.New("vb365: retry delays must not be negative")
	}
	if p.Attempts == 0 {
		p.Attempts = DefaultRetryAttempts
	}
	p.MinDelay = orDefaultDuration(p.MinDelay, DefaultRetryMinDelay)
	if p.MaxDelay == 0 {
		p.MaxDelay = max(DefaultRetryMaxDelay, p.MinDelay)
	}
	if p.MaxDelay < p.MinDelay {
		return p, fmt.Errorf("vb365: retry max delay %s is shorter than min delay %s", p.MaxDelay, p.MinDelay)
	}
	return p, nil
}

// newHTTPClients returns the client for reads and token requests (HTTP/2 when the server
// offers it) and the client for action POSTs, which speaks HTTP/1.1 only: the HTTP/2 client
// resends requests on a refused stream or a GOAWAY by itself, and an action must never be sent
// twice without the caller knowing. (The action's one-shot body already stops that resend;
// HTTP/1.1 never resends a POST that was written, so the two defences hold independently.)
func newHTTPClients(insecure bool, caPEM []byte) (reads, actions *http.Client, err error) {
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: insecure} //nolint:gosec // opt-in via insecure = true
	if len(caPEM) > 0 {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(caPEM) {
			return nil, nil, errors.New("vb365: CA certificate PEM contains no valid certificate")
		}
		tlsConfig.RootCAs = pool
	}
	// Each transport gets its own clone of the default transport and of the TLS config: a
	// transport adds "h2" to its TLS config's ALPN list when first used, and a clone of it
	// would offer HTTP/2 without speaking it.
	newTransport := func() *http.Transport {
		transport := &http.Transport{Proxy: http.ProxyFromEnvironment}
		if defaultTransport, ok := http.DefaultTransport.(*http.Transport); ok {
			transport = defaultTransport.Clone()
		}
		transport.TLSClientConfig = tlsConfig.Clone()
		transport.MaxIdleConnsPerHost = 16
		return transport
	}
	http1 := newTransport()
	http1.ForceAttemptHTTP2 = false
	http1.Protocols = new(http.Protocols)
	http1.Protocols.SetHTTP1(true)
	// Timeouts are applied per request through the context (see Config.RequestTimeout).
	return &http.Client{Transport: newTransport(), CheckRedirect: refuseRedirects},
		&http.Client{Transport: http1, CheckRedirect: refuseRedirects}, nil
}

// refuseRedirects makes a redirect the response: following it would carry the bearer token to
// wherever the server points.
func refuseRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func orDefaultDuration(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}
