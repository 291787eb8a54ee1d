package vb365sim

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Default credentials accepted by the token endpoint.
const (
	DefaultUsername   = "admin@vb365.local"
	DefaultPassword   = "vb365-sim-password"
	DefaultPublicHost = "support.east.local:4443"
	DefaultPSTSize    = 64 << 10
)

// Option configures a Server.
type Option func(*Server)

// WithCredentials sets the username and password the token endpoint accepts.
func WithCredentials(user, password string) Option {
	return func(s *Server) { s.username, s.password = user, password }
}

// WithTokenLifetime sets the access-token lifetime (default 3600s).
func WithTokenLifetime(d time.Duration) Option { return func(s *Server) { s.tokenLifetime = d } }

// WithClock replaces time.Now for token expiry and timestamps.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// WithVersions sets the API versions served (default 3..8). Other /vN prefixes answer 404.
func WithVersions(versions ...int) Option {
	return func(s *Server) {
		s.versions = map[int]bool{}
		for _, v := range versions {
			s.versions[v] = true
		}
	}
}

// WithAsyncRestorePolls sets for how many GETs a v8 restore session stays Working (default 1).
func WithAsyncRestorePolls(n int) Option { return func(s *Server) { s.asyncPolls = max(n, 0) } }

// WithRestoreCredentialsRequired makes restores (to the original or another location) that
// carry no restore credentials fail with 400, as a server without stored Exchange credentials
// for the organization does. By default the simulator restores without them.
func WithRestoreCredentialsRequired() Option {
	return func(s *Server) { s.restoreCredentialsRequired = true }
}

// WithPSTSize sets the size of generated PST payloads in bytes (default 64 KiB, minimum 4).
func WithPSTSize(n int64) Option { return func(s *Server) { s.pstSize = max(n, 4) } }

// WithLargeMailbox adds a mailbox named name with items generated on demand (for benchmarks).
// Its ID is LargeMailboxID(name); item i has ID LargeMailboxItemID(name, i).
func WithLargeMailbox(name string, items int) Option {
	return func(s *Server) { s.mailboxes = append(s.mailboxes, newLargeMailbox(name, items)) }
}

// WithLatency delays every request by d before it is handled (honouring cancellation), like a
// server on a slow link; for benchmarks of request parallelism.
func WithLatency(d time.Duration) Option { return func(s *Server) { s.latency = max(d, 0) } }

// WithSessionIdleTimeout makes the server stop an explore session that no request has used for
// d, as a real server stops idle sessions on its own (0, the default, never stops them). The
// check runs on the server's clock (WithClock) whenever a request looks sessions up.
func WithSessionIdleTimeout(d time.Duration) Option {
	return func(s *Server) { s.sessionIdleTimeout = max(d, 0) }
}

// WithPublicHost sets the host[:port] named in v3..v5 absolute links (default support.east.local:4443).
func WithPublicHost(host string) Option {
	return func(s *Server) { s.publicHost = strings.ToLower(host) }
}

// WithSessionLimit makes explore refuse to open a session while n explore sessions (the seed
// session counted) are working, as a server bounded by its licence or proxies does: 400 with
// the message SessionLimitMessage, nothing opened. 0 (the default) sets no limit.
func WithSessionLimit(n int) Option { return func(s *Server) { s.sessionLimit = max(n, 0) } }

// SessionLimitMessage is the simulator's refusal of an explore beyond WithSessionLimit. The
// real server's wording is not documented; it names the maximum number of restore sessions.
const SessionLimitMessage = "Cannot start a restore session: the maximum number of concurrent restore sessions has been reached."

// RefusedExplores counts the explores refused because of WithSessionLimit.
func (s *Server) RefusedExplores() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refusedExplores
}

// Server is the in-memory VB365 REST API. It implements http.Handler and is safe for concurrent use.
type Server struct {
	username, password string
	tokenLifetime      time.Duration
	refreshLifetime    time.Duration
	now                func() time.Time
	versions           map[int]bool
	asyncPolls         int
	pstSize            int64
	publicHost         string
	latency            time.Duration
	sessionIdleTimeout time.Duration
	sessionLimit       int
	refusedExplores    int // explores refused by sessionLimit
	// restoreCredentialsRequired: see WithRestoreCredentialsRequired; restoreCredentialsOn
	// narrows it to some API versions (WithRestoreCredentialsRequiredOn, options.go).
	restoreCredentialsRequired bool
	failingBulkMailboxes       []string // lower-cased IDs (bulk_restore.go)
	generatedMailboxes         int      // WithGeneratedMailboxes (generated_mailboxes.go)
	restoreCredentialsOn       map[int]bool
	// tenantUsername and tenantPassword sign in the organization's own administrator (tenant.go).
	tenantUsername, tenantPassword string
	// deviceCodesVerified, deviceCodesSignedInOnIssue: see WithDeviceCodesVerified (devicecode.go).
	deviceCodesVerified, deviceCodesSignedInOnIssue bool

	org       organization
	mailboxes []*mailbox
	gov       *governance // users, groups, audit list, restore-operator roles (governance.go)
	table     []route

	mu              sync.Mutex
	accessTokens    map[string]time.Time // token -> expiry
	refreshTokens   map[string]time.Time
	issuedTokens    []string // every token issued, in order
	tokenLog        []TokenRequest
	unauthorized    int
	sessions        map[string]*session // lower-case id -> session
	sessionOrder    []*session
	ledger          []LedgerEntry
	counts          map[string]int
	restored        map[string]int        // target + "\x00" + item id -> times restored
	tenantTokens    map[string]bool       // access and refresh tokens issued to the tenant account
	operatorTokens  map[string]string     // access and refresh tokens issued to a restore operator -> user ID (operator.go)
	deviceCodes     map[string]deviceCode // user code -> where and until when it is valid
	deviceCodeOrder []string
	estate          estate // estate.go

	faultMu sync.Mutex
	faults  []*Fault
}

// TokenRequest records one POST /vN/Token.
type TokenRequest struct {
	Time      time.Time
	Version   int
	GrantType string
	Username  string
	// DisableAntiforgeryToken is whether disable_antiforgery_token=true was sent.
	DisableAntiforgeryToken bool
	Status                  int
	// ExploredSessionsWorking is how many sessions opened by explore requests (the seed
	// session not counted) were still working when this token was requested. Every CLI
	// command starts a provider that requests a token first, so a test reads here whether
	// the previous commands left sessions running.
	ExploredSessionsWorking int
}

// New returns a simulator holding the fixture organization, with SeedRestoreSessionID open.
func New(opts ...Option) *Server {
	s := &Server{
		username: DefaultUsername, password: DefaultPassword,
		tenantUsername: DefaultTenantUsername, tenantPassword: DefaultTenantPassword, tenantTokens: map[string]bool{},
		tokenLifetime: time.Hour, refreshLifetime: 14 * 24 * time.Hour,
		now:        time.Now,
		versions:   map[int]bool{3: true, 4: true, 5: true, 6: true, 7: true, 8: true},
		asyncPolls: 1, pstSize: DefaultPSTSize, publicHost: DefaultPublicHost,
		org:          organization{id: OrganizationID, name: OrganizationName},
		mailboxes:    buildFixture(),
		gov:          newGovernance(),
		accessTokens: map[string]time.Time{}, refreshTokens: map[string]time.Time{},
		sessions: map[string]*session{}, counts: map[string]int{}, restored: map[string]int{},
		operatorTokens: map[string]string{},
	}
	for _, o := range opts {
		o(s)
	}
	s.addGeneratedMailboxes()
	seed := &session{
		id: SeedRestoreSessionID, kind: sessionExplore, name: "Exchange restore session", state: "Working", result: "Success",
		created: mustTime("2019-04-12T10:54:40.2794046Z"), initiatedBy: DefaultUsername, pointInTime: mustTime("2019-04-12T10:54:40Z"),
	}
	s.addSession(seed)
	s.addEventLocked(seed, sessionStartedEvent(seed, DefaultUsername))
	s.table = s.routes()
	return s
}

// SetTokenLifetime changes the lifetime of access tokens issued from now on.
func (s *Server) SetTokenLifetime(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokenLifetime = d
}

// Unauthorized makes the next n authenticated API calls (not Token, not the probe) answer 401.
func (s *Server) Unauthorized(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unauthorized = n
}

// ExpireTokens expires every access token issued so far (refresh tokens stay valid).
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for t := range s.accessTokens {
		s.accessTokens[t] = now.Add(-time.Second)
	}
}

// IssuedTokens returns every access and refresh token issued so far, so that tests can look
// for them where they must never appear (logs, state, diagnostics).
func (s *Server) IssuedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.issuedTokens...)
}

// TokenRequests returns how many POST /vN/Token requests were received (any outcome).
func (s *Server) TokenRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.tokenLog)
}

// TokenLog returns every token request received, oldest first.
func (s *Server) TokenLog() []TokenRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]TokenRequest(nil), s.tokenLog...)
}

// RequestCounts returns the request counters keyed "METHOD /vN/Template" (see package doc).
func (s *Server) RequestCounts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// RequestCount returns the counter for method and route template, e.g.
// RequestCount("GET", "/v8/RestoreSessions/{id}"). The template is compared case-insensitively.
func (s *Server) RequestCount(method, routeTemplate string) int {
	key := strings.ToUpper(method) + " " + routeTemplate
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for k, v := range s.counts {
		if strings.EqualFold(k, key) {
			n += v
		}
	}
	return n
}

// Ledger returns every executed action (explore, stop, item actions), oldest first.
func (s *Server) Ledger() []LedgerEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]LedgerEntry, len(s.ledger))
	copy(out, s.ledger)
	return out
}

// recordExecuted records an executed action in the ledger and its events in each session, in
// one step, so that the ledger and the events always agree.
func (s *Server) recordExecuted(e LedgerEntry, events []event, sessions ...*session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ledger = append(s.ledger, e)
	for _, ss := range sessions {
		for _, ev := range events {
			s.addEventLocked(ss, ev)
		}
	}
}

// ---- routing ----

type routeFunc func(c *reqCtx)

type route struct {
	method     string
	template   string   // canonical, e.g. "/RestoreSessions/{id}/Organization"
	segs       []string // template split on '/'
	minV, maxV int
	anonymous  bool
	handler    routeFunc
}

// Route templates shared by several routes.
const (
	tSession      = "/RestoreSessions/{id}"
	tMailboxes    = tSession + "/Organization/Mailboxes"
	tMailbox      = tMailboxes + "/{id}"
	tFolders      = tMailbox + "/Folders"
	tItems        = tMailbox + "/Items"
	tItem         = tItems + "/{id}"
	tOrganization = "/Organizations/{id}"
)

func (s *Server) routes() []route {
	r := func(method, tmpl string, minV, maxV int, h routeFunc) route {
		return route{method: method, template: tmpl, segs: strings.Split(strings.TrimPrefix(tmpl, "/"), "/"), minV: minV, maxV: maxV, handler: h}
	}
	rs := []route{
		r("POST", "/Token", 3, 8, s.handleToken),
		r("POST", "/Token/logout", 7, 8, s.handleLogout),
		r("GET", "/ServiceInstance", 3, 8, s.handleServiceInstance),
		r("GET", "/Organizations", 3, 8, s.handleOrganizations),
		r("GET", tOrganization, 3, 8, s.handleOrganization),
		// The organization's own administrator (tenant.go).
		r("GET", "/Organization", 3, 8, s.handleLoggedInOrganization),
		r("POST", "/Organization/Action", 3, 5, s.handleTenantExploreV3),
		r("POST", "/Organization/Explore", 6, 8, s.handleTenantExploreV6),
		// Restore operators (operator.go).
		r("POST", "/Organization/OperatorExplore", 6, 8, s.handleOperatorExplore),
		r("POST", tItems+"/operatorRestore", 6, 8, s.handleOperatorRestore),
		r("GET", "/RestoreSessions", 3, 8, s.handleSessions),
		r("GET", tSession, 3, 8, s.handleSession),
		r("GET", tSession+"/Statistics", 8, 8, s.handleStatistics),
		r("GET", tSession+"/Events", 3, 8, s.handleEvents),
		r("GET", tSession+"/Events/{id}", 3, 8, s.handleEvent),
		r("GET", tSession+"/Organization", 3, 8, s.handleSessionOrganization),
		r("POST", tSession+"/Organization/restoreDeviceCode", 4, 8, s.handleRestoreDeviceCode),
		r("GET", "/RestorePoints", 6, 8, s.handleRestorePoints),
		r("POST", tMailbox+"/search", 6, 8, s.handleSearch),
		r("POST", tFolders+"/{id}/search", 6, 8, s.handleSearch),
		r("GET", tMailboxes, 3, 8, s.handleMailboxes),
		r("GET", tMailbox, 3, 8, s.handleMailbox),
		r("GET", tFolders, 3, 8, s.handleFolders),
		r("GET", tFolders+"/{id}", 3, 8, s.handleFolder),
		r("GET", tItems, 3, 8, s.handleItems),
		r("GET", tItem, 3, 8, s.handleItem),
		// v3..v5: one Action endpoint per resource, the action named by the body's only key.
		r("POST", tOrganization+"/Action", 3, 5, s.handleExploreV3),
		r("POST", tSession+"/Action", 3, 5, s.handleStopV3),
		r("POST", tItems+"/Action", 3, 5, s.handleItemActionV3),
		r("POST", tItem+"/Action", 3, 5, s.handleItemActionV3),
		r("POST", tFolders+"/{id}/Action", 3, 5, s.handleScopeActionV3),
		r("POST", tMailbox+"/Action", 3, 5, s.handleScopeActionV3),
		// v6..v8: one endpoint per action.
		r("POST", tOrganization+"/explore", 6, 8, s.handleExploreV6),
		r("POST", tSession+"/Stop", 6, 8, s.handleStopV6),
	}
	for _, a := range []struct{ single, bulk, action string }{
		{"restore", "restore", actionRestoreOriginal},
		{"restoreTo", "restoreTo", actionRestoreTo},
		{"exportToPst", "exportToPst", actionExportPST},
		{"save", "Save", actionSaveMSG},
		{"sendToDefaultAddress", "sendToDefaultAddress", actionSendDefault},
		{"sendToDifferentAddress", "sendToDifferentAddress", actionSendDifferent},
	} {
		action := a.action
		rs = append(rs,
			r("POST", tItems+"/"+a.bulk, 6, 8, func(c *reqCtx) { s.handleItemActionV6(c, action) }),
			r("POST", tItem+"/"+a.single, 6, 8, func(c *reqCtx) { s.handleItemActionV6(c, action) }),
		)
	}
	for _, a := range []struct{ route, action string }{
		{"restore", actionRestoreOriginal},
		{"restoreTo", actionRestoreTo},
		{"exportToPst", actionExportPST},
	} {
		action := a.action
		rs = append(rs,
			r("POST", tFolders+"/{id}/"+a.route, 6, 8, func(c *reqCtx) { s.handleScopeActionV6(c, action) }),
			r("POST", tMailbox+"/"+a.route, 6, 8, func(c *reqCtx) { s.handleScopeActionV6(c, action) }),
		)
	}
	rs = append(rs, s.bulkRestoreRoutes(r)...) // bulk_restore.go: whole mailboxes to their original location
	rs = append(rs, s.estateRoutes()...)       // estate.go: search across mailboxes, archive tier, backup copies
	rs = append(rs, s.mailboxDataRoutes()...)  // mailboxdata.go: a repository's backed-up mailboxes
	rs = append(rs, s.directoryRoutes()...)    // directory.go: the organization's users, groups and sites
	rs = append(rs, s.governanceRoutes()...)
	rs[0].anonymous = true
	return rs
}

// RouteInfo describes one route the simulator serves.
type RouteInfo struct {
	Method string // GET, POST, PUT or DELETE
	// Template is the route below the version prefix, e.g. "/RestoreSessions/{id}/Organization";
	// every path parameter is spelled {id}. The simulator matches it case-insensitively.
	Template               string
	MinVersion, MaxVersion int  // the API versions that serve it, inclusive
	Anonymous              bool // served without a bearer token (the token endpoint)
}

// Routes lists every route the simulator serves, in match order, so that tests (the OpenAPI
// conformance check among them) cover a route added later without being told about it.
func (s *Server) Routes() []RouteInfo {
	out := make([]RouteInfo, 0, len(s.table))
	for _, rt := range s.table {
		out = append(out, RouteInfo{Method: rt.method, Template: rt.template, MinVersion: rt.minV, MaxVersion: rt.maxV, Anonymous: rt.anonymous})
	}
	return out
}

// reqCtx carries one request through a handler.
type reqCtx struct {
	s       *Server
	w       http.ResponseWriter
	r       *http.Request
	v       int
	route   *route
	params  []string // unescaped {id} values in order
	tenant  bool     // the token was issued to the organization's own administrator
	query   map[string]string
	queryKV []string // original order, lower-case names, for link building
	// retrievedMailboxes: the mailboxes of the data retrieval being explored (estate.go).
	retrievedMailboxes []string
	// operatorMailboxes: the mailboxes a restore operator's roles let it explore (operator.go).
	operatorMailboxes []string
	// operator is the user ID of the restore operator the token was issued to (operator.go);
	// scopeName the name an OperatorExplore records.
	operator, scopeName string
}

func (c *reqCtx) routeTemplate() string { return "/v" + strconv.Itoa(c.v) + c.route.template }

// ServeHTTP routes case-insensitively. Path segments are split on the escaped path and
// unescaped one by one, so an ID containing an escaped '/' stays one segment.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	segs, ok := splitPath(r.URL.EscapedPath())
	if !ok || len(segs) == 0 {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "No HTTP resource was found that matches the request URI."})
		return
	}
	if strings.EqualFold(segs[0], "_sim") { // the simulator's own routes (ledger.go), outside the API
		s.serveSim(w, r, segs[1:])
		return
	}
	v := parseVersion(segs[0])
	if v == 0 || !s.versions[v] {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "No HTTP resource was found that matches the request URI '" + r.URL.Path + "'."})
		return
	}
	rt, params, methodMismatch := s.match(v, r.Method, segs[1:])
	if rt == nil {
		if methodMismatch {
			writeJSON(w, http.StatusMethodNotAllowed, errorBody(v, "The requested resource does not support http method '"+r.Method+"'.", ""))
			return
		}
		writeJSON(w, http.StatusNotFound, errorBody(v, "No HTTP resource was found that matches the request URI '"+r.URL.Path+"'.", "ResourceNotFound"))
		return
	}
	c := &reqCtx{s: s, w: w, r: r, v: v, route: rt, params: params, query: map[string]string{}}
	for _, kv := range strings.Split(r.URL.RawQuery, "&") {
		if kv == "" {
			continue
		}
		k, val, _ := strings.Cut(kv, "=")
		k, _ = url.QueryUnescape(k)
		val, _ = url.QueryUnescape(val)
		lk := strings.ToLower(k)
		if _, dup := c.query[lk]; !dup {
			c.query[lk] = val
			c.queryKV = append(c.queryKV, k, val)
		}
	}
	s.mu.Lock()
	s.counts[rt.method+" "+c.routeTemplate()]++
	s.mu.Unlock()

	if s.latency > 0 {
		t := time.NewTimer(s.latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	s.serveWithFaults(c, func(c *reqCtx) {
		if !rt.anonymous && !s.authorize(c) {
			return
		}
		rt.handler(c)
	})
}

func (s *Server) match(v int, method string, segs []string) (*route, []string, bool) {
	methodMismatch := false
	var best *route
	var bestParams []string
	bestLiterals := -1
	for i := range s.table {
		rt := &s.table[i]
		if v < rt.minV || v > rt.maxV || len(rt.segs) != len(segs) {
			continue
		}
		var params []string
		literals := 0
		ok := true
		for j, tseg := range rt.segs {
			if tseg == "{id}" {
				if segs[j] == "" {
					ok = false
					break
				}
				params = append(params, segs[j])
				continue
			}
			if !strings.EqualFold(tseg, segs[j]) {
				ok = false
				break
			}
			literals++
		}
		if !ok {
			continue
		}
		if !strings.EqualFold(rt.method, method) {
			methodMismatch = true
			continue
		}
		// Prefer the route with the most literal segments (items/restore over items/{id}).
		if literals > bestLiterals {
			best, bestParams, bestLiterals = rt, params, literals
		}
	}
	if best == nil {
		return nil, nil, methodMismatch
	}
	return best, bestParams, false
}

func splitPath(escaped string) ([]string, bool) {
	escaped = strings.Trim(escaped, "/")
	if escaped == "" {
		return nil, true
	}
	raw := strings.Split(escaped, "/")
	out := make([]string, len(raw))
	for i, seg := range raw {
		u, err := url.PathUnescape(seg)
		if err != nil {
			return nil, false
		}
		out[i] = u
	}
	return out, true
}

func parseVersion(seg string) int {
	if len(seg) < 2 || (seg[0] != 'v' && seg[0] != 'V') {
		return 0
	}
	n, err := strconv.Atoi(seg[1:])
	if err != nil || n <= 0 || n > 99 {
		return 0
	}
	return n
}

// ---- auth ----

const deniedMessage = "Authorization has been denied for this request."

// ---- response helpers ----
