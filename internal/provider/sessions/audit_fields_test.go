package sessions_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestAccRestoreSessionAuditFields: who opened a session, why and from where, as the server
// records it, in vb365_restore_session, vb365_restore_sessions and the session of
// vb365_restore_session_events: on v6 and v8 (the first and last versions with reason,
// scopeName and clientHost) and null on v5 (the last without).
func TestAccRestoreSessionAuditFields(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v5", "v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			// A session opened with a reason, as a script or the Restore Portal would (the
			// provider's own explore requests send none: see vb365.ExploreOptions.Reason).
			c := acctest.SimClient(t, sim, version)
			sessionID := exploreWithReason(t, sim, version, "legal hold 7")
			t.Cleanup(func() { _ = c.StopRestoreSession(context.Background(), sessionID) })

			modern := version != "v5"
			str := func(v string) knownvalue.Check {
				if !modern {
					return knownvalue.Null()
				}
				return knownvalue.StringExact(v)
			}
			config := sim.ProviderConfig(version) + fmt.Sprintf(`
data "vb365_restore_session" "s" {
  id = %q
}

data "vb365_restore_sessions" "all" {}

data "vb365_restore_session_events" "e" {
  restore_session_id = %q
}
`, sessionID, sessionID)
			events := tfjsonpath.New("session")
			acctest.AccTest(t, resource.TestStep{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vb365_restore_session.s", tfjsonpath.New("reason"), str("legal hold 7")),
					statecheck.ExpectKnownValue("data.vb365_restore_session.s", tfjsonpath.New("scope_name"), str(vb365sim.OrganizationName)),
					statecheck.ExpectKnownValue("data.vb365_restore_session.s", tfjsonpath.New("client_host"), str("127.0.0.1")),
					statecheck.ExpectKnownValue("data.vb365_restore_session.s", tfjsonpath.New("initiated_by"), knownvalue.StringExact(vb365sim.DefaultUsername)),
					statecheck.ExpectKnownValue("data.vb365_restore_sessions.all", tfjsonpath.New("sessions").AtSliceIndex(1).AtMapKey("reason"), str("legal hold 7")),
					statecheck.ExpectKnownValue("data.vb365_restore_sessions.all", tfjsonpath.New("sessions").AtSliceIndex(1).AtMapKey("client_host"), str("127.0.0.1")),
					statecheck.ExpectKnownValue("data.vb365_restore_session_events.e", events.AtMapKey("initiated_by"), knownvalue.StringExact(vb365sim.DefaultUsername)),
					statecheck.ExpectKnownValue("data.vb365_restore_session_events.e", events.AtMapKey("reason"), str("legal hold 7")),
					statecheck.ExpectKnownValue("data.vb365_restore_session_events.e", events.AtMapKey("scope_name"), str(vb365sim.OrganizationName)),
					statecheck.ExpectKnownValue("data.vb365_restore_session_events.e", events.AtMapKey("client_host"), str("127.0.0.1")),
				},
			})
		})
	}
}

// exploreWithReason opens a session over raw HTTP with a reason in the explore options
// (v6+; v3..v5 have no reason, so the session is opened without one).
func exploreWithReason(t *testing.T, sim *acctest.Sim, version, reason string) string {
	t.Helper()
	if version < "v6" {
		s, err := acctest.SimClient(t, sim, version).Explore(t.Context(), vb365sim.OrganizationID, vb365.ExploreOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return s.ID
	}
	form := url.Values{"grant_type": {"password"}, "username": {vb365sim.DefaultUsername}, "password": {vb365sim.DefaultPassword}}
	resp, err := http.PostForm(sim.URL+"/"+version+"/Token", form)
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	err = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	body := fmt.Sprintf(`{"type":"Vex","reason":%q}`, reason)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost,
		sim.URL+"/"+version+"/Organizations/"+vb365sim.OrganizationID+"/explore", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var session struct {
		ID string `json:"id"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&session); err != nil || session.ID == "" {
		t.Fatalf("explore: %d %v", resp.StatusCode, err)
	}
	return session.ID
}
