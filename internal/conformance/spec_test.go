package conformance

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// Versions with an OpenAPI document.
var documentedVersions = []int{6, 7, 8}

// specDirEnv names the folder holding vb365_rest_v6.json, v7 and v8. The default is the
// shared reference folder beside the repository (../shared/reference from its root).
const specDirEnv = "VB365_OPENAPI_DIR"

func specDir() string {
	if d := os.Getenv(specDirEnv); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "reference")
}

func init() {
	// Every UUID version: the server's IDs are .NET Guids, which need not be RFC 4122 v1..v5.
	openapi3.DefineStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(
		`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`))
}

// spec is one version's document, loaded once, with its errata corrected and every object held
// to its declared properties.
type spec struct {
	version  int
	doc      *openapi3.T
	router   routers.Router
	ops      []docOp // every operation, for the case-insensitive path lookup
	loadTime time.Duration
	errata   []string // the errata applied
}

type docOp struct {
	method, template string
	segs             []string
}

var (
	specMu    sync.Mutex
	specCache = map[int]*spec{}
	specErr   = map[int]error{}
)

// loadSpec returns the document of version v, loading it once per test binary; it skips the
// test when the document is not there (CI without the reference folder).
func loadSpec(t testing.TB, v int) *spec {
	t.Helper()
	specMu.Lock()
	defer specMu.Unlock()
	if s := specCache[v]; s != nil {
		return s
	}
	path := filepath.Join(specDir(), "vb365_rest_v"+strconv.Itoa(v)+".json")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("Veeam's OpenAPI document %s is not available (%v): set %s to the folder holding vb365_rest_v6.json, v7 and v8 to run the conformance check", path, err, specDirEnv)
	}
	if err := specErr[v]; err != nil {
		t.Fatal(err)
	}
	s, err := readSpec(v, path)
	if err != nil {
		specErr[v] = err
		t.Fatal(err)
	}
	specCache[v] = s
	return s
}

func readSpec(v int, path string) (*spec, error) {
	start := time.Now()
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", path, err)
	}
	s := &spec{version: v, doc: doc}
	applied, err := applyErrata(v, doc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s.errata = applied
	closeObjects(doc)
	// The documents name https://localhost:4443 (v6, v7) or https://127.0.0.1:4443 (v8) as the
	// server; the paths carry the version. Match any host.
	doc.Servers = nil
	if s.router, err = gorillamux.NewRouter(doc); err != nil {
		return nil, fmt.Errorf("router for %s: %w", path, err)
	}
	for template, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			s.ops = append(s.ops, docOp{method: method, template: template, segs: strings.Split(strings.Trim(template, "/"), "/")})
		}
	}
	s.loadTime = time.Since(start)
	return s, nil
}

// closeObjects sets additionalProperties: false on every object schema that declares properties
// and says nothing about others, so that a member the document does not declare is a violation
// (a real server ignores it silently, which hides a misspelt or misplaced field). The documents
// use no allOf, oneOf or anyOf (but v8's one-part allOf around a nullable reference), whose
// parts would each see the others' members as undeclared; a document that starts to makes
// closeObjects fail loudly instead.
func closeObjects(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(ref *openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		sc := ref.Value
		seen[sc] = true
		// v8 wraps a nullable reference as {"allOf": [ref], "nullable": true}: one part, which
		// holds every property, so closing it is right.
		if len(sc.AllOf) == 1 && len(sc.Properties) == 0 {
			walk(sc.AllOf[0])
			return
		}
		if len(sc.AllOf)+len(sc.OneOf)+len(sc.AnyOf) > 0 {
			panic(fmt.Sprintf("conformance: schema %s uses allOf/oneOf/anyOf: closeObjects must learn to merge them", ref.Ref))
		}
		if len(sc.Properties) > 0 && sc.AdditionalProperties.Has == nil && sc.AdditionalProperties.Schema == nil {
			no := false
			sc.AdditionalProperties.Has = &no
		}
		for _, p := range sc.Properties {
			walk(p)
		}
		walk(sc.Items)
		walk(sc.AdditionalProperties.Schema)
	}
	for _, sc := range doc.Components.Schemas {
		walk(sc)
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, p := range op.Parameters {
				if p.Value != nil {
					walk(p.Value.Schema)
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, mt := range op.RequestBody.Value.Content {
					walk(mt.Schema)
				}
			}
			for _, r := range op.Responses.Map() {
				if r.Value != nil {
					for _, mt := range r.Value.Content {
						walk(mt.Schema)
					}
				}
			}
		}
	}
}

// find returns the operation for a request: the path is matched case-insensitively (the server
// routes so), the literal segments are rewritten to the document's spelling and the route is
// then found with kin-openapi's router. The request is changed in place.
func (s *spec) find(r *http.Request) (*routers.Route, map[string]string, error) {
	segs := strings.Split(strings.Trim(r.URL.EscapedPath(), "/"), "/")
	var best *docOp
	bestLiterals := -1
	for i := range s.ops {
		op := &s.ops[i]
		if len(op.segs) != len(segs) || !strings.EqualFold(op.method, r.Method) {
			continue
		}
		literals, ok := 0, true
		for j, seg := range op.segs {
			if strings.HasPrefix(seg, "{") {
				continue
			}
			if !strings.EqualFold(seg, segs[j]) {
				ok = false
				break
			}
			literals++
		}
		if ok && literals > bestLiterals {
			best, bestLiterals = op, literals
		}
	}
	if best == nil {
		return nil, nil, fmt.Errorf("no operation of the v%d document matches %s %s", s.version, r.Method, r.URL.EscapedPath())
	}
	for j, seg := range best.segs {
		if !strings.HasPrefix(seg, "{") {
			segs[j] = seg
		}
	}
	escaped := "/" + strings.Join(segs, "/")
	r.URL.RawPath = escaped
	var err error
	if r.URL.Path, err = url.PathUnescape(escaped); err != nil {
		return nil, nil, err
	}
	route, params, err := s.router.FindRoute(r)
	if err != nil {
		return nil, nil, fmt.Errorf("kin-openapi's router finds no route for %s %s (%s): %w", r.Method, escaped, best.template, err)
	}
	if route.Path != best.template {
		return nil, nil, fmt.Errorf("%s %s: the router chose %s, the most literal template is %s", r.Method, escaped, route.Path, best.template)
	}
	return route, params, nil
}

// declaredQuery reports whether the operation declares the query parameter name.
func declaredQuery(route *routers.Route, name string) bool {
	for _, list := range []openapi3.Parameters{route.Operation.Parameters, route.PathItem.Parameters} {
		for _, p := range list {
			if p.Value != nil && p.Value.In == openapi3.ParameterInQuery && p.Value.Name == name {
				return true
			}
		}
	}
	return false
}
