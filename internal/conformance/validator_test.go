package conformance

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// validator is an http.Handler in front of the simulator: it validates every request against
// the document of the request's version before the simulator sees it, and every answer after,
// and counts both per route. Requests of versions without a document (v3..v5) pass unchecked.
type validator struct {
	specs map[int]*spec
	next  http.Handler

	mu         sync.Mutex
	requests   map[routeKey]int // requests validated, per documented route and version
	answers    map[routeKey]int // answers validated
	violations map[string]int   // message -> occurrences
	order      []string
}

// routeKey names a route by method and normalised template (lower case, every parameter {}),
// the same for the simulator's table and the documents.
type routeKey struct {
	route   string
	version int
}

var pathParam = regexp.MustCompile(`\{[^}]*\}`)

func normalizeRoute(method, template string) string {
	return strings.ToUpper(method) + " " + strings.ToLower(pathParam.ReplaceAllString(template, "{}"))
}

func newValidator(specs map[int]*spec, next http.Handler) *validator {
	return &validator{specs: specs, next: next, requests: map[routeKey]int{}, answers: map[routeKey]int{}, violations: map[string]int{}}
}

func (v *validator) violate(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.violations[msg] == 0 {
		v.order = append(v.order, msg)
	}
	v.violations[msg]++
}

func requestVersion(escapedPath string) int {
	seg, _, _ := strings.Cut(strings.TrimPrefix(escapedPath, "/"), "/")
	if len(seg) < 2 || (seg[0] != 'v' && seg[0] != 'V') {
		return 0
	}
	n, _ := strconv.Atoi(seg[1:])
	return n
}

func (v *validator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	version := requestVersion(r.URL.EscapedPath())
	sp := v.specs[version]
	if sp == nil {
		v.next.ServeHTTP(w, r)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))

	// The copy the validator reads: its path is rewritten to the document's spelling.
	vr := r.Clone(context.WithoutCancel(r.Context()))
	u := *r.URL
	vr.URL = &u
	vr.Body = io.NopCloser(bytes.NewReader(body))
	where := fmt.Sprintf("v%d %s %s", version, r.Method, r.URL.EscapedPath())
	route, params, err := sp.find(vr)
	var key routeKey
	var input *openapi3filter.RequestValidationInput
	if err != nil {
		v.violate("%s: %v", where, err)
	} else {
		where = fmt.Sprintf("v%d %s %s", version, r.Method, route.Path)
		key = routeKey{normalizeRoute(r.Method, strings.TrimPrefix(route.Path, "/v"+strconv.Itoa(version))), version}
		input = &openapi3filter.RequestValidationInput{Request: vr, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true}}
		v.checkRequest(where, route, input)
		v.mu.Lock()
		v.requests[key]++
		v.mu.Unlock()
	}

	rec := httptest.NewRecorder()
	v.next.ServeHTTP(rec, r)
	for k, vals := range rec.Header() {
		w.Header()[k] = vals
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
	if input == nil {
		return
	}
	v.checkAnswer(where, route, input, rec)
	v.mu.Lock()
	v.answers[key]++
	v.mu.Unlock()
}

func (v *validator) checkRequest(where string, route *routers.Route, input *openapi3filter.RequestValidationInput) {
	for name := range input.Request.URL.Query() {
		if !declaredQuery(route, name) {
			v.violate("%s request: query parameter %q is not declared by the operation", where, name)
		}
	}
	if err := openapi3filter.ValidateRequest(context.Background(), input); err != nil {
		for _, e := range flatten(err) {
			v.violate("%s request: %s", where, e)
		}
	}
}

func (v *validator) checkAnswer(where string, route *routers.Route, input *openapi3filter.RequestValidationInput, rec *httptest.ResponseRecorder) {
	status := rec.Code
	// A success must be one the operation declares; only errors fall to "default".
	if status < 400 && route.Operation.Responses.Status(status) == nil {
		v.violate("%s answer: status %d is not declared (declared: %s)", where, status, strings.Join(declaredStatuses(route), ", "))
		return
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: input, Status: status, Header: rec.Header(),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	out.SetBodyBytes(rec.Body.Bytes())
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		for _, e := range flatten(err) {
			v.violate("%s answer %d: %s", where, status, e)
		}
	}
}

func declaredStatuses(route *routers.Route) []string {
	var out []string
	for code := range route.Operation.Responses.Map() {
		out = append(out, code)
	}
	sort.Strings(out)
	return out
}

// flatten turns kin-openapi's (multi-)errors into one line each, without the schema dumps.
func flatten(err error) []string {
	var me openapi3.MultiError
	if errors.As(err, &me) {
		var out []string
		for _, e := range me {
			out = append(out, flatten(e)...)
		}
		return out
	}
	var re *openapi3filter.RequestError
	if errors.As(err, &re) {
		prefix := ""
		if re.Parameter != nil {
			prefix = fmt.Sprintf("parameter %q (%s): ", re.Parameter.Name, re.Parameter.In)
		} else if re.RequestBody != nil {
			prefix = "body: "
		}
		if re.Err != nil {
			var out []string
			for _, e := range flatten(re.Err) {
				out = append(out, prefix+e)
			}
			return out
		}
		return []string{prefix + re.Reason}
	}
	var rse *openapi3filter.ResponseError
	if errors.As(err, &rse) {
		if rse.Err != nil {
			var out []string
			for _, e := range flatten(rse.Err) {
				out = append(out, "body: "+e)
			}
			return out
		}
		return []string{rse.Reason}
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		path := strings.Join(se.JSONPointer(), ".")
		if path == "" {
			path = "(root)"
		}
		return []string{fmt.Sprintf("%s: %s", path, se.Reason)}
	}
	return []string{strings.SplitN(err.Error(), "\n", 2)[0]}
}

// report returns the violations, most frequent first, each with its count.
func (v *validator) report() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := make([]string, 0, len(v.order))
	for _, m := range v.order {
		out = append(out, fmt.Sprintf("%s (x%d)", m, v.violations[m]))
	}
	return out
}
