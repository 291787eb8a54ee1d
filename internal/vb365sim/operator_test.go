package vb365sim

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func operatorForm(userID, assertion string) url.Values {
	return url.Values{"grant_type": {"operator"}, "client_id": {OperatorClientID(userID)}, "assertion": {assertion}, "disable_antiforgery_token": {"true"}}
}

// operatorToken creates the fixture role (UserOperatorID its operator) and signs the operator in.
func (h *harness) operatorToken(v int) string {
	h.t.Helper()
	vp := "/v" + strconv.Itoa(v)
	h.json("POST", vp+"/Organizations/"+OrganizationID+"/RbacRoles", roleBody("Support desk"), map[bool]int{true: 201, false: 200}[v >= 8])
	status, tok := h.tokenResponse(v, operatorForm(UserOperatorID, OperatorAssertion))
	if status != http.StatusOK {
		h.t.Fatalf("operator grant: %d %v", status, tok)
	}
	return tok["access_token"].(string)
}

func TestOperatorExploreAndRestorePerVersion(t *testing.T) {
	for _, v := range []int{6, 7, 8} {
		t.Run("v"+strconv.Itoa(v), func(t *testing.T) {
			h := newHarness(t)
			vp := "/v" + strconv.Itoa(v)
			op := h.operatorToken(v)

			explore := map[string]any{"type": "Vex", "reason": "Ticket 4711: deleted by mistake",
				"scope": rbacUser(UserSupportNorthID)}
			resp, data := h.doWithToken("POST", vp+"/Organization/OperatorExplore", explore, op)
			if want := map[bool]int{true: 201, false: 200}[v >= 8]; resp.StatusCode != want {
				t.Fatalf("OperatorExplore: %d, want %d: %s", resp.StatusCode, want, data)
			}
			var session map[string]any
			if err := json.Unmarshal(data, &session); err != nil {
				t.Fatal(err)
			}
			id := session["id"].(string)
			got := h.get(vp + "/RestoreSessions/" + id)
			if got["reason"] != "Ticket 4711: deleted by mistake" || got["scopeName"] != "Support North" || got["initiatedBy"] != "restore.operator@"+OrganizationName {
				t.Errorf("session = reason %v, scopeName %v, initiatedBy %v", got["reason"], got["scopeName"], got["initiatedBy"])
			}

			// The role selects the Support group less j_smith: support_north's mailbox.
			restore := map[string]any{"items": []any{map[string]any{"id": MailboxMessageID(SupportMailboxID, 0)}}, "reason": "Ticket 4711: deleted by mistake", "changedItems": false}
			path := vp + "/RestoreSessions/" + id + "/organization/mailboxes/" + esc(SupportMailboxID) + "/items/operatorRestore"
			resp, data = h.doWithToken("POST", path, restore, op)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("operatorRestore: %d %s", resp.StatusCode, data)
			}
			var answer map[string]any
			if err := json.Unmarshal(data, &answer); err != nil {
				t.Fatal(err)
			}
			restoreSession := h.get(vp + "/RestoreSessions/" + answer["sessionId"].(string))
			if restoreSession["reason"] != "Ticket 4711: deleted by mistake" {
				t.Errorf("restore session reason = %v", restoreSession["reason"])
			}
			var found int
			for _, e := range h.sim.Ledger() {
				if strings.HasSuffix(e.Route, "/operatorRestore") {
					found++
					if e.Reason != "Ticket 4711: deleted by mistake" || e.Action != "restore_to_original_location" || e.Restore == nil || e.Restore.Created != 1 {
						t.Errorf("ledger entry = %+v", e)
					}
				}
			}
			if found != 1 {
				t.Errorf("operatorRestore ledger entries = %d, want 1", found)
			}
		})
	}
}

func TestOperatorRefusals(t *testing.T) {
	h := newHarness(t)
	// No role lists the operator yet: the grant is refused.
	if status, body := h.tokenResponse(8, operatorForm(UserOperatorID, OperatorAssertion)); status != http.StatusBadRequest ||
		!strings.Contains(body["message"].(string), "not an operator") {
		t.Errorf("operator without a role: %d %v", status, body)
	}
	op := h.operatorToken(8)
	if status, _ := h.tokenResponse(8, operatorForm(UserOperatorID, "forged")); status != http.StatusBadRequest {
		t.Errorf("bad assertion: %d", status)
	}
	if status, _ := h.tokenResponse(8, operatorForm(UserRnDID, OperatorAssertion)); status != http.StatusBadRequest {
		t.Errorf("user in no role: %d", status)
	}
	if status, _ := h.tokenResponse(5, operatorForm(UserOperatorID, OperatorAssertion)); status != http.StatusBadRequest {
		t.Errorf("v5 operator grant: %d", status)
	}
	// An administrator token cannot use the operator routes; an operator not the admin explore.
	if resp, _ := h.do("POST", "/v8/Organization/OperatorExplore", map[string]any{"reason": "x"}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("admin on OperatorExplore: %d", resp.StatusCode)
	}
	if resp, _ := h.doWithToken("POST", "/v8/Organizations/"+OrganizationID+"/explore", map[string]any{}, op); resp.StatusCode != http.StatusForbidden {
		t.Errorf("operator on the admin explore: %d", resp.StatusCode)
	}
	// An operator cannot restore in a session it did not open.
	path := "/v8/RestoreSessions/" + SeedRestoreSessionID + "/organization/mailboxes/" + esc(SeedMailboxID) + "/items/operatorRestore"
	before := len(h.sim.Ledger())
	if resp, _ := h.doWithToken("POST", path, map[string]any{"items": []any{map[string]any{"id": SeedMessageID}}, "reason": "x"}, op); resp.StatusCode != http.StatusForbidden {
		t.Errorf("operatorRestore in the seed session: %d", resp.StatusCode)
	}
	if resp, _ := h.doWithToken("POST", "/v8/Organization/OperatorExplore", map[string]any{"scope": rbacUser("nobody")}, op); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown scope: %d", resp.StatusCode)
	}
	if after := len(h.sim.Ledger()); after != before {
		t.Errorf("refusals recorded %d ledger entries", after-before)
	}
}

// A restore operator's session shows only the mailboxes its roles allow: the users and groups a
// SpecificObjects role selects less those it excludes, or the whole organization less the
// excluded; a mailbox outside them is not found and nothing is restored.
func TestOperatorSessionShowsOnlyTheRolesMailboxes(t *testing.T) {
	cases := []struct {
		name string
		role map[string]any
		want []string
	}{
		// Support group (j_smith, support_north) selected, j_smith excluded.
		{"specific objects", roleBody("Support desk"), []string{SupportMailboxID}},
		{"entire organization less a user", map[string]any{
			"name": "Everything", "roleType": "EntireOrganization",
			"operators":     []any{rbacUser(UserOperatorID)},
			"excludedItems": []any{rbacGroup(GroupEngineeringID)},
		}, []string{SeedMailboxID, SupportMailboxID, ArchiveMailboxID, PublicMailboxID}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.json("POST", "/v8/Organizations/"+OrganizationID+"/RbacRoles", tc.role, http.StatusCreated)
			status, tok := h.tokenResponse(8, operatorForm(UserOperatorID, OperatorAssertion))
			if status != http.StatusOK {
				t.Fatalf("operator grant: %d %v", status, tok)
			}
			op := tok["access_token"].(string)
			resp, data := h.doWithToken("POST", "/v8/Organization/OperatorExplore", map[string]any{"reason": "r"}, op)
			if resp.StatusCode != http.StatusCreated {
				t.Fatalf("OperatorExplore: %d %s", resp.StatusCode, data)
			}
			var session map[string]any
			if err := json.Unmarshal(data, &session); err != nil {
				t.Fatal(err)
			}
			id := session["id"].(string)
			resp, data = h.doWithToken("GET", "/v8/RestoreSessions/"+id+"/organization/mailboxes?limit=100", nil, op)
			var page struct {
				Results []struct {
					ID string `json:"id"`
				} `json:"results"`
			}
			if resp.StatusCode != http.StatusOK || json.Unmarshal(data, &page) != nil {
				t.Fatalf("mailboxes: %d %s", resp.StatusCode, data)
			}
			var got []string
			for _, m := range page.Results {
				got = append(got, m.ID)
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("mailboxes shown = %v, want %v", got, tc.want)
			}

			// A mailbox the roles do not allow: not found, nothing restored.
			before := len(h.sim.Ledger())
			path := "/v8/RestoreSessions/" + id + "/organization/mailboxes/" + esc(RnDMailboxID) + "/items/operatorRestore"
			body := map[string]any{"items": []any{map[string]any{"id": MailboxMessageID(RnDMailboxID, 0)}}, "reason": "r"}
			if resp, data := h.doWithToken("POST", path, body, op); resp.StatusCode != http.StatusNotFound {
				t.Errorf("operatorRestore outside the role: %d %s, want 404", resp.StatusCode, data)
			}
			if after := len(h.sim.Ledger()); after != before {
				t.Errorf("a refused restore recorded %d ledger entries", after-before)
			}
		})
	}
}
