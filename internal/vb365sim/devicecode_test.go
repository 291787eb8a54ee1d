package vb365sim

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestRestoreDeviceCode: v4+ issue a device code for a restore session (v3 has no such route);
// with WithDeviceCodesVerified a restore accepts only an issued, unexpired code somebody signed
// in with, and says which of these a refused code is not.
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
		if len(code) != 9 || dc["verificationUrl"] != h.srv.URL+DeviceLoginPath || dc["expiresIn"] != float64(900) ||
			!strings.Contains(dc["message"].(string), h.srv.URL+DeviceLoginPath) {
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
	restore := func(code, wantMessage string) {
		t.Helper()
		resp, body := h.do("POST", item, map[string]any{"restoretoOriginallocation": map[string]any{"userCode": code}})
		switch {
		case wantMessage == "" && resp.StatusCode != http.StatusOK:
			t.Errorf("restore with %s: %d %s, want 200", code, resp.StatusCode, body)
		case wantMessage != "" && (resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), wantMessage)):
			t.Errorf("restore with %s: %d %s, want 400 %q", code, resp.StatusCode, body, wantMessage)
		}
	}
	restore("BOGUS1234", DeviceCodeUnknownMessage)
	restore(codes[5], DeviceCodeNotSignedInMessage)
	if n := h.sim.LedgerLen(); n != 0 {
		t.Errorf("%d actions ran with refused codes", n)
	}
	// The person signs in on the simulator's page (the form's field code, any case).
	resp, err := http.PostForm(h.srv.URL+DeviceLoginPath, url.Values{"code": {strings.ToLower(codes[5])}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "Signed in") {
		t.Errorf("POST %s: %d %s", DeviceLoginPath, resp.StatusCode, page)
	}
	restore(codes[5], "")
	if l := h.sim.Ledger(); len(l) != 1 || l[0].UserCode != codes[5] {
		t.Errorf("ledger = %+v, want one restore that used %s", l, codes[5])
	}
	if err := h.sim.SignInDeviceCode(codes[4]); err != nil {
		t.Errorf("SignInDeviceCode: %v", err)
	}
	if err := h.sim.SignInDeviceCode("BOGUS1234"); !errors.Is(err, ErrDeviceCodeUnknown) {
		t.Errorf("SignInDeviceCode of a code never issued: %v", err)
	}
	clock.Advance(DeviceCodeLifetime + time.Second)
	restore(codes[4], DeviceCodeExpiredMessage)
	if err := h.sim.SignInDeviceCode(codes[6]); !errors.Is(err, ErrDeviceCodeExpired) {
		t.Errorf("SignInDeviceCode of an expired code: %v", err)
	}
	if got := h.sim.IssuedDeviceCodes(); len(got) != 4 || got[0] != codes[4] {
		t.Errorf("IssuedDeviceCodes = %v", got)
	}
}

// TestDeviceLoginPage: the verification page is outside the API: GET shows the form, POST of a
// code never issued is refused, other methods are not allowed; without verification the
// answer names Microsoft's page and any code is accepted.
func TestDeviceLoginPage(t *testing.T) {
	h := newHarness(t, WithDeviceCodesVerified())
	resp, err := http.Get(h.srv.URL + DeviceLoginPath)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), `name="code"`) {
		t.Errorf("GET %s: %d %s", DeviceLoginPath, resp.StatusCode, page)
	}
	if resp, err := http.PostForm(h.srv.URL+DeviceLoginPath, url.Values{"code": {"NOTISSUED"}}); err != nil || resp.StatusCode != http.StatusBadRequest {
		t.Errorf("POST of a code never issued: %v %v", resp, err)
	}
	req, _ := http.NewRequest(http.MethodDelete, h.srv.URL+DeviceLoginPath, nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("DELETE: %v %v", resp, err)
	}

	open := newHarness(t)
	dc := open.json("POST", "/v8/RestoreSessions/"+SeedRestoreSessionID+"/organization/restoreDeviceCode", `{}`, http.StatusOK)
	if dc["verificationUrl"] != DeviceCodeVerificationURL {
		t.Errorf("verificationUrl without verification = %v", dc["verificationUrl"])
	}
}
