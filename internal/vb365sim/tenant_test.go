package vb365sim

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"
)

func tenantForm() url.Values {
	return url.Values{"grant_type": {"password"}, "username": {DefaultTenantUsername}, "password": {DefaultTenantPassword}}
}

// TestTenantSignIn: the organization's own administrator signs in, reads its organization at
// GET /Organization and explores at /Organization/Action (v3..v5) or /Organization/Explore
// (v6+); the backup administrator's routes refuse it with 403 and the tenant routes refuse the
// backup administrator; a refreshed token stays the tenant's.
func TestTenantSignIn(t *testing.T) {
	h := newHarness(t)
	for _, v := range []int{3, 4, 5, 6, 7, 8} {
		vp := "/v" + strconv.Itoa(v)
		status, tok := h.tokenResponse(v, tenantForm())
		if status != http.StatusOK || tok["userName"] != DefaultTenantUsername {
			t.Fatalf("v%d tenant token: %d %v", v, status, tok)
		}
		tenant := tok["access_token"].(string)
		resp, data := h.doWithToken("GET", vp+"/Organization", nil, tenant)
		var org map[string]any
		if err := json.Unmarshal(data, &org); resp.StatusCode != 200 || err != nil || org["id"] != OrganizationID || org["name"] != OrganizationName {
			t.Errorf("v%d GET /Organization as tenant: %d %s", v, resp.StatusCode, data)
		}
		for _, denied := range []struct{ method, path string }{
			{"GET", vp + "/Organizations"}, {"GET", vp + "/Organizations/" + OrganizationID},
			{"POST", vp + "/Organizations/" + OrganizationID + map[bool]string{true: "/explore", false: "/Action"}[v >= 6]},
		} {
			if resp, data := h.doWithToken(denied.method, denied.path, map[string]any{"explore": map[string]any{}}, tenant); resp.StatusCode != http.StatusForbidden {
				t.Errorf("v%d tenant %s %s: %d %s, want 403", v, denied.method, denied.path, resp.StatusCode, data)
			}
		}
		explorePath, body, want := vp+"/Organization/Action", any(map[string]any{"explore": map[string]any{"datetime": "2019.04.12 10:54", "type": "vex"}}), http.StatusCreated
		if v >= 6 {
			explorePath, body, want = vp+"/Organization/Explore", map[string]any{"dateTime": "2019-04-12T10:54:00Z", "type": "Vex"}, map[bool]int{true: 201, false: 200}[v >= 8]
		}
		resp, data = h.doWithToken("POST", explorePath, body, tenant)
		var ss map[string]any
		if err := json.Unmarshal(data, &ss); resp.StatusCode != want || err != nil || ss["initiatedBy"] != DefaultTenantUsername {
			t.Fatalf("v%d tenant explore: %d %s", v, resp.StatusCode, data)
		}
		// The session browses like any other.
		if resp, data := h.doWithToken("GET", vp+"/RestoreSessions/"+ss["id"].(string)+"/Organization/Mailboxes", nil, tenant); resp.StatusCode != 200 {
			t.Errorf("v%d tenant mailboxes: %d %s", v, resp.StatusCode, data)
		}
		// The backup administrator has no tenant routes.
		if resp, _ := h.do("GET", vp+"/Organization", nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("v%d admin GET /Organization: %d, want 403", v, resp.StatusCode)
		}
		if resp, _ := h.do("POST", explorePath, body); resp.StatusCode != http.StatusForbidden {
			t.Errorf("v%d admin tenant explore: %d, want 403", v, resp.StatusCode)
		}
		// A refresh keeps the account.
		form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}, "disable_antiforgery_token": {"true"}}
		status, refreshed := h.tokenResponse(v, form)
		if status != 200 || refreshed["userName"] != DefaultTenantUsername {
			t.Fatalf("v%d refresh: %d %v", v, status, refreshed)
		}
		if resp, _ := h.doWithToken("GET", vp+"/Organizations", nil, refreshed["access_token"].(string)); resp.StatusCode != http.StatusForbidden {
			t.Errorf("v%d refreshed tenant token reaches GET /Organizations: %d", v, resp.StatusCode)
		}
	}
	ledger := h.sim.Ledger()
	if len(ledger) != 6 || ledger[0].Route != "/v3/Organization/Action" || ledger[5].Route != "/v8/Organization/Explore" || ledger[0].OrganizationID != OrganizationID {
		t.Errorf("ledger = %+v", ledger)
	}
	// Tenant sign-in can be turned off.
	h2 := newHarness(t, WithTenantCredentials("", ""))
	if status, _ := h2.tokenResponse(8, tenantForm()); status != http.StatusBadRequest {
		t.Errorf("disabled tenant sign-in: %d", status)
	}
}
