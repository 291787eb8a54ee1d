package conformance

import (
	"fmt"
	"strings"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// routeRow is one row of the coverage table: a route of the simulator's table.
type routeRow struct {
	route              vb365sim.RouteInfo
	requests, answers  map[int]int // per documented version
	documented, served []int
}

// coverage joins the simulator's route table with what the validators counted.
func coverage(routes []vb365sim.RouteInfo, specs map[int]*spec, vals []*validator) []routeRow {
	var rows []routeRow
	for _, rt := range routes {
		row := routeRow{route: rt, requests: map[int]int{}, answers: map[int]int{}}
		key := normalizeRoute(rt.Method, rt.Template)
		for v := rt.MinVersion; v <= rt.MaxVersion; v++ {
			row.served = append(row.served, v)
			if specs[v] == nil {
				continue
			}
			if specs[v].declares(key) {
				row.documented = append(row.documented, v)
			}
			for _, val := range vals {
				val.mu.Lock()
				row.requests[v] += val.requests[routeKey{key, v}]
				row.answers[v] += val.answers[routeKey{key, v}]
				val.mu.Unlock()
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// declares reports whether the document has the operation key (normalizeRoute form).
func (s *spec) declares(key string) bool {
	prefix := "/v" + fmt.Sprint(s.version)
	for _, op := range s.ops {
		if normalizeRoute(op.method, strings.TrimPrefix(op.template, prefix)) == key {
			return true
		}
	}
	return false
}

// gaps lists, per row, what the test did not check: a version the simulator serves with a
// document that does not declare the route, or a documented version without a validated
// request and answer.
func (r routeRow) gaps(specs map[int]*spec) []string {
	var out []string
	name := r.route.Method + " " + r.route.Template
	for _, v := range r.served {
		if specs[v] == nil {
			continue
		}
		if !contains(r.documented, v) {
			out = append(out, fmt.Sprintf("v%d: the simulator serves %s, which the document does not declare", v, name))
			continue
		}
		if r.requests[v] == 0 || r.answers[v] == 0 {
			out = append(out, fmt.Sprintf("v%d: %s was not exercised (%d requests, %d answers validated): call it in exerciseClient or exerciseRoutes", v, name, r.requests[v], r.answers[v]))
		}
	}
	return out
}

func contains(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
