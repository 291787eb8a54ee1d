package conformance

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestValidatorCatchesViolations: the validator is not vacuous. Each defect of issue 26, sent
// through it to a scripted server, is reported; and the one erratum of an enum corrects that
// value only.
func TestValidatorCatchesViolations(t *testing.T) {
	specs := map[int]*spec{}
	for _, v := range documentedVersions {
		specs[v] = loadSpec(t, v)
	}
	const uuid = "7f9e0c52-0000-4000-8000-000000000001"
	cases := []struct {
		name          string
		method, path  string
		body          any
		status        int
		answer        any
		want, wantNot string
	}{
		{"mailboxes as strings", "POST", "/v8/DataRetrievals", map[string]any{"organizationId": "o", "mailboxes": []any{uuid}},
			201, map[string]any{"id": uuid}, "mailboxes.0: value must be an object", ""},
		{"short role member", "POST", "/v7/Organizations/" + uuid + "/RbacRoles",
			map[string]any{"name": "n", "operators": []any{map[string]any{"type": "User", "user": map[string]any{"id": uuid}}}},
			200, map[string]any{"id": uuid}, `operators.0.user.displayName: property "displayName" is missing`, ""},
		{"bad user type", "POST", "/v8/Organization/OperatorExplore",
			map[string]any{"scope": map[string]any{"type": "User", "user": map[string]any{"id": uuid, "displayName": "d", "name": "n", "type": "Shared"}}},
			201, map[string]any{"id": uuid}, "scope.user.type: value is not one of the allowed values", ""},
		{"undeclared query parameter", "GET", "/v8/DataRetrievalSessions?dataRetrievalId=" + uuid + "&bogus=1", nil,
			200, map[string]any{"offset": 0, "limit": 30, "results": []any{}}, `query parameter "bogus" is not declared`, ""},
		{"session ID not a UUID", "GET", "/v8/DataRetrievalSessions", nil,
			200, map[string]any{"offset": 0, "limit": 30, "results": []any{map[string]any{"id": "AAMk-not-a-uuid"}}}, `results.0.id: string doesn't match the format "uuid"`, ""},
		{"repositoryId before v8", "GET", "/v7/DataRetrievalSessions", nil,
			200, map[string]any{"offset": 0, "limit": 30, "results": []any{map[string]any{"id": uuid, "repositoryId": uuid}}}, `property "repositoryId" is unsupported`, ""},
		{"v7 error code outside its enum", "GET", "/v7/RestoreSessions/" + uuid, nil,
			404, map[string]any{"message": "m", "errorCode": "ResourceNotFound"}, `errorCode: value is not one of the allowed values ["ProxyOffline"]`, ""},
		{"v6 error code", "GET", "/v6/RestoreSessions/" + uuid, nil,
			404, map[string]any{"message": "m", "errorCode": nil}, `property "errorCode" is unsupported`, ""},
		{"undeclared success status", "PUT", "/v6/RbacRoles/" + uuid, map[string]any{"name": "n"},
			200, nil, "status 200 is not declared (declared: 204, default)", ""},
		{"path casing is the server's business", "GET", "/v8/restoresessions/" + uuid + "/ORGANIZATION", nil,
			200, map[string]any{"id": uuid}, "", "no operation"},
		{"the erratum's wrong value is still wrong", "GET", "/v6/DataRetrievalSessions", nil,
			200, map[string]any{"offset": 0, "limit": 30, "results": []any{map[string]any{"id": uuid, "type": "RetrievalChangeAvailabilityPeriodDays,"}}}, "results.0.type: value is not one of the allowed values", ""},
		{"the erratum's right value holds", "GET", "/v6/DataRetrievalSessions", nil,
			200, map[string]any{"offset": 0, "limit": 30, "results": []any{map[string]any{"id": uuid, "type": "RetrievalChangeAvailabilityPeriodDays"}}}, "", "results.0.type"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			val := newValidator(specs, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.answer == nil {
					w.WriteHeader(tc.status)
					return
				}
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
				w.WriteHeader(tc.status)
				_ = json.NewEncoder(w).Encode(tc.answer)
			}))
			srv := httptest.NewServer(val)
			defer srv.Close()
			var body []byte
			if tc.body != nil {
				body, _ = json.Marshal(tc.body)
			}
			req, _ := http.NewRequest(tc.method, srv.URL+tc.path, bytes.NewReader(body))
			if tc.body != nil {
				req.Header.Set("Content-Type", "application/json")
			}
			req.Header.Set("Authorization", "Bearer t")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			report := strings.Join(val.report(), "\n")
			if tc.want != "" && !strings.Contains(report, tc.want) {
				t.Errorf("violations:\n%s\nwant one containing %q", report, tc.want)
			}
			if tc.wantNot != "" && strings.Contains(report, tc.wantNot) {
				t.Errorf("violations:\n%s\nwant none containing %q", report, tc.wantNot)
			}
		})
	}
}
