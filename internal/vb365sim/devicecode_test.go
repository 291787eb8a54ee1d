package vb365sim

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

// TestRestoreDeviceCode: v4+ issue a device code for a restore session (v3 has no such route);
// with WithDeviceCodesVerified a restore accepts only an issued, unexpired code.
func TestRestoreDeviceCode(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)}
	h := newHarness(t, WithDeviceCodesVerified(), WithClock(clock.Now))
	path := func(v int) string {
		return "/v" + strconv.Itoa(v) + "/RestoreSessions/" + SeedRestoreSessionID + "/organization/restoreDeviceCode"
	}
	if resp, _ := h.do("POST", path(3), map[string]any{}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("v3 restoreDeviceCode: %d, want 404 (no such route before v4)", resp.StatusCode)
	}
	codes := map[int]string{}
	for _, v := range []int{4, 5, 6, 8} {
		// The v4/v5 portal's own body, trailing comma included.
		dc := h.json("POST", path(v), `{ "targetApplicationId" : "00000000-0000-4000-8000-0000000000aa", }`, http.StatusOK)
		code, _ := dc["userCode"].(string)
		if len(code) != 9 || dc["verificationUrl"] != DeviceCodeVerificationURL || dc["expiresIn"] != float64(900) || dc["message"] == "" {
			t.Errorf("v%d device code = %v", v, dc)
		}
		codes[v] = code
	}
	for _, bad := range []map[string]any{{"targetApplicationId": "not-a-guid"}, {"targetRegion": "Mars"}} {
		if resp, _ := h.do("POST", path(8), bad); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%v: %d, want 400", bad, resp.StatusCode)
		}
	}
	if resp, _ := h.do("POST", "/v8/RestoreSessions/00000000-0000-4000-8000-000000000000/organization/restoreDeviceCode", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown session: %d", resp.StatusCode)
	}
	item := mailboxPath(5, SeedMailboxID) + "/Items/" + esc(SeedMessageID) + "/Action"
	restore := func(code string) int {
		resp, _ := h.do("POST", item, map[string]any{"restoretoOriginallocation": map[string]any{"userCode": code}})
		return resp.StatusCode
	}
	if got := restore("BOGUS1234"); got != http.StatusBadRequest {
		t.Errorf("restore with a code never issued: %d, want 400", got)
	}
	if got := restore(codes[5]); got != http.StatusOK {
		t.Errorf("restore with an issued code: %d, want 200", got)
	}
	clock.Advance(DeviceCodeLifetime + time.Second)
	if got := restore(codes[4]); got != http.StatusBadRequest {
		t.Errorf("restore with an expired code: %d, want 400", got)
	}
	if got := h.sim.IssuedDeviceCodes(); len(got) != 4 || got[0] != codes[4] {
		t.Errorf("IssuedDeviceCodes = %v", got)
	}
}
