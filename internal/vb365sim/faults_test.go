package vb365sim

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// rawDo sends an authenticated request and returns the transport error or the body read error.
func (h *harness) rawDo(ctx context.Context, method, path, body string) (*http.Response, []byte, error) {
	h.t.Helper()
	tok := h.token(8)
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequestWithContext(ctx, method, h.srv.URL+path, rd)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	// A fresh transport so a reset connection is never reused.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp, data, err
}

func TestFaultStatusWithRetryAfter(t *testing.T) {
	h := newHarness(t)
	h.token(8)
	h.sim.Fault(Fault{Method: "GET", PathContains: "/ORGANIZATIONS", Status: http.StatusTooManyRequests, RetryAfter: "7", Times: 2})
	for i := range 3 {
		resp, data := h.do("GET", "/v8/Organizations", nil)
		if i < 2 {
			if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "7" || !strings.Contains(string(data), `"message"`) {
				t.Errorf("call %d: %d Retry-After %q %s", i, resp.StatusCode, resp.Header.Get("Retry-After"), data)
			}
		} else if resp.StatusCode != http.StatusOK {
			t.Errorf("call %d after the fault ran out: %d", i, resp.StatusCode)
		}
	}
	if n := h.sim.RequestCount("GET", "/v8/Organizations"); n != 3 {
		t.Errorf("faulted requests are counted: %d, want 3", n)
	}
}

func TestFaultMatchesMethodAndPath(t *testing.T) {
	h := newHarness(t)
	h.token(8)
	h.sim.Fault(Fault{Method: "POST", PathContains: "/items/", Status: http.StatusServiceUnavailable})
	if resp, _ := h.do("GET", itemPath(8, SeedMessageID), nil); resp.StatusCode != http.StatusOK {
		t.Errorf("GET must not match a POST fault: %d", resp.StatusCode)
	}
	if resp, _ := h.do("POST", "/v8/RestoreSessions/"+SeedRestoreSessionID+"/Stop", nil); resp.StatusCode != http.StatusNoContent {
		t.Errorf("other path must not match: %d", resp.StatusCode)
	}
	h2 := newHarness(t)
	h2.sim.Fault(Fault{Method: "POST", PathContains: "/items/", Status: http.StatusInternalServerError})
	if resp, _ := h2.do("POST", itemPath(8, SeedMessageID)+"/save", nil); resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("matching request: %d", resp.StatusCode)
	}
	if len(h2.sim.Ledger()) != 0 {
		t.Errorf("a status fault must not run the action: %+v", h2.sim.Ledger())
	}
	h2.sim.Fault(Fault{Status: 502, Times: 5})
	h2.sim.ClearFaults()
	if resp, _ := h2.do("GET", "/v8/Organizations", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("after ClearFaults: %d", resp.StatusCode)
	}
}

func TestFaultResetBeforeHandler(t *testing.T) {
	h := newHarness(t)
	h.sim.Fault(Fault{Method: "POST", PathContains: "/restore", ResetBeforeHandler: true})
	_, _, err := h.rawDo(context.Background(), "POST", itemPath(8, SeedMessageID)+"/restore", "{}")
	if err == nil {
		t.Fatal("expected a connection error")
	}
	if len(h.sim.Ledger()) != 0 {
		t.Errorf("reset before the handler must not run the action: %+v", h.sim.Ledger())
	}
}

func TestFaultResetAfterHandler(t *testing.T) {
	h := newHarness(t)
	h.sim.Fault(Fault{Method: "POST", PathContains: "/restore", ResetAfterHandler: true})
	_, _, err := h.rawDo(context.Background(), "POST", itemPath(7, SeedMessageID)+"/restore", "{}")
	if err == nil {
		t.Fatal("expected a connection error")
	}
	ledger := h.sim.Ledger()
	if len(ledger) != 1 || ledger[0].Restore.Created != 1 {
		t.Fatalf("the action must have happened: %+v", ledger)
	}
	// The effect is real: restoring again skips the item.
	m := h.json("POST", itemPath(7, SeedMessageID)+"/restore", nil, 200)
	if m["skippedItemsCount"] != float64(1) {
		t.Errorf("repeat after reset = %v", m)
	}
}

func TestFaultLatencyHonoursCancellation(t *testing.T) {
	h := newHarness(t)
	h.token(8)
	h.sim.Fault(Fault{PathContains: "/organizations", Latency: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, _, err := h.rawDo(ctx, "GET", "/v8/Organizations", "")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
	if resp, _ := h.do("GET", "/v8/Organizations", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("after the latency fault: %d", resp.StatusCode)
	}
}

func TestFaultMalformedBody(t *testing.T) {
	h := newHarness(t)
	h.sim.Fault(Fault{PathContains: "/mailboxes", MalformedBody: true})
	resp, data, err := h.rawDo(context.Background(), "GET", "/v8/RestoreSessions/"+SeedRestoreSessionID+"/organization/mailboxes", "")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%v %v", resp, err)
	}
	var m map[string]any
	if json.Unmarshal(data, &m) == nil {
		t.Errorf("body should be malformed JSON: %s", data)
	}
}

func TestFaultTruncatedBody(t *testing.T) {
	h := newHarness(t)
	h.sim.Fault(Fault{PathContains: "/items/", TruncatedBody: true})
	resp, data, err := h.rawDo(context.Background(), "GET", itemPath(8, SeedMessageID), "")
	if err == nil {
		t.Fatalf("expected a read error, got status %d and %d bytes", resp.StatusCode, len(data))
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) || len(data) == 0 || json.Valid(data) {
		t.Errorf("want a partial body then unexpected EOF; got %d bytes, err %v", len(data), err)
	}
}

func TestFaultsAreSafeWhileServing(t *testing.T) {
	h := newHarness(t)
	tok := h.token(8)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			h.sim.Fault(Fault{PathContains: "/never-matches"})
			h.sim.Unauthorized(0)
			_ = h.sim.RequestCounts()
			_ = h.sim.Ledger()
		}()
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("GET", h.srv.URL+"/v8/Organizations", nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	if n := h.sim.RequestCount("GET", "/v8/Organizations"); n != 4 {
		t.Errorf("count = %d", n)
	}
}

// TestWithLatencyDelaysEveryRequest: the latency option delays each request, token requests
// included, and a cancelled request is not handled.
func TestWithLatencyDelaysEveryRequest(t *testing.T) {
	const latency = 60 * time.Millisecond
	h := newHarness(t, WithLatency(latency))
	start := time.Now()
	_ = h.token(8)
	h.get("/v8/Organizations")
	if elapsed := time.Since(start); elapsed < 2*latency {
		t.Fatalf("two requests took %v, want at least %v", elapsed, 2*latency)
	}
	ctx, cancel := context.WithTimeout(context.Background(), latency/4)
	defer cancel()
	if _, _, err := h.rawDo(ctx, "GET", "/v8/Organizations", ""); err == nil {
		t.Fatal("a request cancelled during the latency was answered")
	}
}
