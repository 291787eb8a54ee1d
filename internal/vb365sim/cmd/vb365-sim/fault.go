package main

import (
	"fmt"
	"math"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func runtimeVersion() string { return runtime.Version() }

// faultEffects are the -fault effects, each with what it does (for the manual and errors).
var faultEffects = []struct{ name, arg, doc string }{
	{"status", "CODE", "answer CODE (429, 500, 503, ...) instead: nothing runs"},
	{"status-after", "CODE", "run the request, then answer CODE (500, 502, 504, ...)"},
	{"reset", "", "close the connection before anything runs"},
	{"reset-after", "", "run the request, then close the connection: a lost answer"},
	{"delay-after", "D", "run the request, then hold its answer back for D"},
	{"latency", "D", "delay the request by D first (combines with an effect)"},
	{"malformed", "", "answer a body that is not valid JSON (status kept)"},
	{"truncated", "", "send half of the answer's body, then close"},
}

// parseFault reads one -fault spec: comma-separated effect and match settings, e.g.
// "status-after=502,method=POST,path=/restoreTo,times=1".
func parseFault(spec string) (vb365sim.Fault, error) {
	var f vb365sim.Fault
	bad := func(format string, args ...any) (vb365sim.Fault, error) {
		return vb365sim.Fault{}, fmt.Errorf("-fault %q: %s", spec, fmt.Sprintf(format, args...))
	}
	effects := 0
	for part := range strings.SplitSeq(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, val, hasVal := strings.Cut(part, "=")
		key = strings.ToLower(strings.TrimSpace(key))
		val = strings.TrimSpace(val)
		needVal := func() error {
			if !hasVal || val == "" {
				return fmt.Errorf("%s needs a value (%s=...)", key, key)
			}
			return nil
		}
		noVal := func() error {
			if hasVal {
				return fmt.Errorf("%s takes no value", key)
			}
			return nil
		}
		var err error
		switch key {
		case "status", "status-after":
			if err = needVal(); err != nil {
				break
			}
			code, cerr := strconv.Atoi(val)
			if cerr != nil || code < 400 || code > 599 {
				return bad("%s=%s: expected an HTTP error status from 400 to 599", key, val)
			}
			if key == "status" {
				f.Status = code
			} else {
				f.StatusAfterHandler = code
			}
			effects++
		case "reset":
			err, f.ResetBeforeHandler = noVal(), true
			effects++
		case "reset-after":
			err, f.ResetAfterHandler = noVal(), true
			effects++
		case "malformed":
			err, f.MalformedBody = noVal(), true
			effects++
		case "truncated":
			err, f.TruncatedBody = noVal(), true
			effects++
		case "delay-after", "latency":
			if err = needVal(); err != nil {
				break
			}
			d, derr := time.ParseDuration(val)
			if derr != nil || d <= 0 {
				return bad("%s=%s: expected a positive duration such as 500ms or 2m", key, val)
			}
			if key == "latency" {
				f.Latency = d
			} else {
				f.LatencyAfterHandler = d
				effects++
			}
		case "retry-after":
			if err = needVal(); err == nil {
				f.RetryAfter = val
			}
		case "method":
			if err = needVal(); err == nil {
				f.Method = strings.ToUpper(val)
				switch f.Method {
				case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch:
				default:
					return bad("method=%s: expected GET, POST, PUT, PATCH or DELETE", val)
				}
			}
		case "path":
			if err = needVal(); err == nil {
				f.PathContains = val
			}
		case "times":
			if err = needVal(); err != nil {
				break
			}
			if val == "all" || val == "always" {
				f.Times = math.MaxInt32
				break
			}
			n, nerr := strconv.Atoi(val)
			if nerr != nil || n < 1 {
				return bad("times=%s: expected a positive number of requests, or all", val)
			}
			f.Times = n
		default:
			return bad("unknown setting %q; expected an effect (%s) and optionally method=, path=, times=, retry-after=", key, effectNames())
		}
		if err != nil {
			return bad("%v", err)
		}
	}
	switch {
	case effects == 0 && f.Latency == 0:
		return bad("no effect; expected one of %s", effectNames())
	case effects > 1:
		return bad("more than one effect; give each its own -fault")
	case f.RetryAfter != "" && f.Status == 0:
		return bad("retry-after goes with status=CODE")
	}
	if f.Times == 0 {
		f.Times = 1
	}
	return f, nil
}

func effectNames() string {
	names := make([]string, 0, len(faultEffects))
	for _, e := range faultEffects {
		names = append(names, e.name)
	}
	return strings.Join(names, ", ")
}
