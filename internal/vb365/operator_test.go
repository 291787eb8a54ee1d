package vb365

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// operatorClient signs in as the simulator's restore operator on the env's server.
func operatorClient(t *testing.T, env *governanceEnv, version, assertion string) *Client {
	t.Helper()
	c, err := New(Config{Endpoint: env.client.Endpoint(), APIVersion: version, PollInterval: time.Millisecond,
		Operator: &OperatorCredentials{ClientID: vb365sim.OperatorClientID(vb365sim.UserOperatorID), Assertion: assertion},
		Retry:    RetryPolicy{Attempts: 1, MinDelay: time.Millisecond, MaxDelay: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestOperatorExploreAndRestoreRecordTheReason(t *testing.T) {
	for _, version := range []string{"v6", "v7", "v8"} {
		t.Run(version, func(t *testing.T) {
			env := startGovernanceSim(t, version)
			ctx := ctxT(t)
			if _, err := env.client.CreateRestoreOperatorRole(ctx, vb365sim.OrganizationID, roleSpec()); err != nil {
				t.Fatal(err)
			}
			op := operatorClient(t, env, version, vb365sim.OperatorAssertion)
			const reason = "INC-42: user deleted the thread"
			user, err := env.client.OrganizationUser(ctx, vb365sim.OrganizationID, vb365sim.UserSupportNorthID)
			if err != nil {
				t.Fatal(err)
			}
			scope := user.OperatorScope()
			session, err := op.OperatorExplore(ctx, OperatorExploreOptions{Reason: reason, Scope: &scope})
			if err != nil {
				t.Fatal(err)
			}
			// The role selects the Support group less j_smith: support_north's mailbox.
			stats, err := op.OperatorRestore(ctx, ItemScope{RestoreSessionID: session.ID, MailboxID: vb365sim.SupportMailboxID, ItemIDs: []string{vb365sim.MailboxMessageID(vb365sim.SupportMailboxID, 0)}},
				OperatorRestoreOptions{Reason: reason}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if stats.Created != 1 || stats.SessionID == "" {
				t.Errorf("stats = %+v, want 1 created in a restore session", stats)
			}
			if err := op.StopRestoreSession(ctx, session.ID); err != nil {
				t.Fatal(err)
			}
			got, err := env.client.RestoreSession(ctx, session.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Reason != reason || got.ScopeName != "Support North" || !strings.HasPrefix(got.InitiatedBy, "restore.operator@") || got.State != "Stopped" {
				t.Errorf("session as the server records it = %+v", got)
			}
			var entries int
			for _, e := range env.sim.Ledger() {
				if strings.HasSuffix(e.Route, "/operatorRestore") {
					entries++
					if e.Reason != reason {
						t.Errorf("ledger reason = %q", e.Reason)
					}
				}
			}
			if entries != 1 {
				t.Errorf("operatorRestore entries = %d", entries)
			}
		})
	}
}

// TestOperatorVersionGate: v5 has no operator routes (nothing is sent, not even the token
// request); v6 is the first version with them.
func TestOperatorVersionGate(t *testing.T) {
	env := startGovernanceSim(t, "v5")
	op := operatorClient(t, env, "v5", vb365sim.OperatorAssertion)
	ctx := ctxT(t)
	_, errExplore := op.OperatorExplore(ctx, OperatorExploreOptions{Reason: "r"})
	_, errRestore := op.OperatorRestore(ctx, ItemScope{RestoreSessionID: vb365sim.SeedRestoreSessionID, MailboxID: vb365sim.SeedMailboxID, ItemIDs: []string{vb365sim.SeedMessageID}}, OperatorRestoreOptions{Reason: "r"}, nil)
	for _, err := range []error{errExplore, errRestore} {
		var unsupported *UnsupportedVersionError
		if !errors.As(err, &unsupported) || unsupported.Minimum != V6 || unsupported.Version != V5 || !errors.Is(err, ErrNotSent) {
			t.Errorf("err = %v, want UnsupportedVersionError v6, not sent", err)
		}
	}
	if n := len(env.requests()); n != 0 {
		t.Errorf("requests below v6: %v", env.requests())
	}

	env6 := startGovernanceSim(t, "v6")
	if _, err := env6.client.CreateRestoreOperatorRole(ctx, vb365sim.OrganizationID, roleSpec()); err != nil {
		t.Fatal(err)
	}
	if _, err := operatorClient(t, env6, "v6", vb365sim.OperatorAssertion).OperatorExplore(ctx, OperatorExploreOptions{Reason: "r"}); err != nil {
		t.Errorf("v6: %v", err)
	}
}

// TestOperatorWithoutRoleIsRefused: the token grant is refused (an authentication error) and
// no explore is sent.
func TestOperatorWithoutRoleIsRefused(t *testing.T) {
	env := startGovernanceSim(t, "v8")
	op := operatorClient(t, env, "v8", vb365sim.OperatorAssertion)
	_, err := op.OperatorExplore(ctxT(t), OperatorExploreOptions{Reason: "r"})
	if !errors.Is(err, ErrAuthentication) || !strings.Contains(err.Error(), "not an operator") {
		t.Fatalf("err = %v, want the server's refusal of the operator grant", err)
	}
	for _, r := range env.requests() {
		if strings.Contains(r.EscapedPath, "OperatorExplore") {
			t.Errorf("explore sent after a refused sign-in: %v", r)
		}
	}
	if strings.Contains(err.Error(), vb365sim.OperatorAssertion) {
		t.Errorf("assertion in the error: %v", err)
	}
}

func TestOperatorCredentialsValidated(t *testing.T) {
	for _, o := range []*OperatorCredentials{{ClientID: "no-dot", Assertion: "a"}, {ClientID: "u.t"}, {ClientID: ".t", Assertion: "a"}} {
		if _, err := New(Config{Endpoint: "https://vb365.example.com", Operator: o}); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
	if _, err := New(Config{Endpoint: "https://vb365.example.com", Operator: &OperatorCredentials{ClientID: "u.t", Assertion: "a"}}); err != nil {
		t.Errorf("valid operator credentials refused: %v", err)
	}
}
