package restores

import (
	"context"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/runs"

	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest/simclient"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestOperatorRunSession_sessionLimitIsWaitedFor: the restore operator's route, like the
// administrator's, waits while the server refuses a session for its limit (nothing was opened),
// and gives up only when the run's time ends, having run nothing.
func TestOperatorRunSession_sessionLimitIsWaitedFor(t *testing.T) {
	sim, client := simclient.New(t, "v8", vb365sim.WithSessionLimit(2)) // the seed session and one more
	ctx := context.Background()
	if _, err := client.CreateRestoreOperatorRole(ctx, vb365sim.OrganizationID, vb365.RestoreOperatorRoleSpec{
		Name: "Desk", RoleType: vb365.RoleEntireOrganization,
		Operators: []vb365.RoleMember{{Type: vb365.MemberUser, ID: vb365sim.UserOperatorID}},
	}); err != nil {
		t.Fatal(err)
	}
	operator, err := vb365.New(vb365.Config{Endpoint: client.Endpoint(), APIVersion: "v8", Clock: simclient.InstantClock{},
		Operator: &vb365.OperatorCredentials{ClientID: vb365sim.OperatorClientID(vb365sim.UserOperatorID), Assertion: vb365sim.OperatorAssertion}})
	if err != nil {
		t.Fatal(err)
	}
	data := testProviderData(client, 4)
	data.OperatorClient = operator
	blocker, err := client.Explore(ctx, vb365sim.OrganizationID, vb365.ExploreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for sim.RefusedExplores() == 0 {
			time.Sleep(10 * time.Millisecond)
		}
		_ = client.StopRestoreSession(context.Background(), blocker.ID)
	}()
	waitCtx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var diags diag.Diagnostics
	run, ok := runs.AcquireOperatorRunSession(waitCtx, data, ownSessionSource, "INC-1", &diags)
	if !ok {
		t.Fatalf("the operator's run did not wait for a free session: %v", diags)
	}
	run.Release()
	if sim.RefusedExplores() == 0 {
		t.Fatal("the server never refused: the test did not exercise the limit")
	}

	// Out of time while refused: nothing opened, and the diagnostic says why.
	blocker, err = client.Explore(ctx, vb365sim.OrganizationID, vb365.ExploreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = client.StopRestoreSession(context.Background(), blocker.ID) }()
	short, cancelShort := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancelShort()
	diags = nil
	if _, ok := runs.AcquireOperatorRunSession(short, data, ownSessionSource, "INC-1", &diags); ok || !hasError(diags, "too many restore sessions") {
		t.Fatalf("ok %v, diags %v", ok, diags)
	}
}
