package vb365

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// MinVersion and MaxVersion bound the API versions this client speaks.
const (
	MinVersion = V3
	MaxVersion = V8
)

// String renders "v3".."v8", or "auto" for VersionAuto.
func (v APIVersion) String() string {
	if v == VersionAuto {
		return "auto"
	}
	return "v" + strconv.Itoa(int(v))
}

// ParseAPIVersion accepts "auto" or "" (detect), and "v3".."v8" (case-insensitive).
func ParseAPIVersion(s string) (APIVersion, error) {
	norm := strings.ToLower(strings.TrimSpace(s))
	if norm == "" || norm == "auto" {
		return VersionAuto, nil
	}
	if n, err := strconv.Atoi(strings.TrimPrefix(norm, "v")); err == nil && strings.HasPrefix(norm, "v") &&
		n >= int(MinVersion) && n <= int(MaxVersion) {
		return APIVersion(n), nil
	}
	return 0, fmt.Errorf("vb365: unknown API version %q: use auto or one of v3, v4, v5, v6, v7, v8", s)
}

// versionCache holds the detected version. Detection runs once at a time; a success is kept
// for the life of the client, a failure is returned to the callers that waited for it and
// retried by the next caller.
type versionCache struct {
	flight  flight[APIVersion]
	mu      sync.Mutex
	version APIVersion
}

func (vc *versionCache) init() { vc.flight.what = "API version detection" }

func (vc *versionCache) get() APIVersion {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	return vc.version
}

// Version returns the API version in use: the configured one, or the newest version the
// server serves, detected once by probing GET /vN/ServiceInstance anonymously from v8 down to
// v3 (401 = served, 404 = not served).
func (c *Client) Version(ctx context.Context) (APIVersion, error) {
	if c.configured != VersionAuto {
		return c.configured, nil
	}
	vc := &c.version
	if v := vc.get(); v != VersionAuto {
		return v, nil
	}
	return vc.flight.do(ctx, func(ctx context.Context) (APIVersion, error) {
		if v := vc.get(); v != VersionAuto { // detected by a call that ended just before
			return v, nil
		}
		v, err := c.probeVersion(ctx)
		if err != nil {
			return 0, err
		}
		vc.mu.Lock()
		defer vc.mu.Unlock()
		vc.version = v
		return v, nil
	})
}

func (c *Client) probeVersion(ctx context.Context) (APIVersion, error) {
	var statuses []string
	for v := MaxVersion; v >= MinVersion; v-- {
		r := &apiRequest{method: http.MethodGet, route: newRoute(v).lit("ServiceInstance"), anonymous: true}
		resp, err := c.sendRaw(ctx, r)
		if err != nil {
			return 0, fmt.Errorf("vb365: detecting the API version: %w", err)
		}
		discard(resp)
		switch {
		case resp.StatusCode == http.StatusUnauthorized, resp.StatusCode == http.StatusForbidden,
			resp.StatusCode >= 200 && resp.StatusCode <= 299:
			return v, nil
		case resp.StatusCode == http.StatusNotFound:
			statuses = append(statuses, v.String()+": 404")
		default:
			return 0, fmt.Errorf("vb365: detecting the API version: %s: unexpected status %d %s%s",
				r.describe(), resp.StatusCode, http.StatusText(resp.StatusCode), c.httpsHint(resp.StatusCode))
		}
	}
	return 0, fmt.Errorf("vb365: %s serves none of the API versions v3..v8 (%s); is this a VB365 REST endpoint?",
		c.base.String(), strings.Join(statuses, ", "))
}
