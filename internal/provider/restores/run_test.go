package restores

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest/simclient"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func stringSet(values ...string) types.Set {
	s, _ := types.SetValueFrom(context.Background(), types.StringType, values)
	return s
}

// A v8 restore is polled until it stops; every poll is reported as progress.
func TestRunRestore_reportsAsyncProgress(t *testing.T) {
	sim, client := simclient.New(t, "v8", vb365sim.WithAsyncRestorePolls(3))
	m := &restoreinputs.RestoreInputsModel{
		MailboxID: types.StringValue(vb365sim.SeedMailboxID),
		ItemIDs:   stringSet(vb365sim.SeedMessageID),
		RestoreToOriginalLocation: &restoreinputs.RestoreToOriginalLocationModel{RestoreCredentialsModel: restoreinputs.RestoreCredentialsModel{
			UserName: types.StringValue("u"), UserPassword: types.StringValue("p"),
		}},
	}
	var messages []string
	outcome, diags := runRestore(context.Background(), client, vb365sim.SeedRestoreSessionID, m, restoreRunOptions{Progress: func(p vb365.RestoreProgress) {
		messages = append(messages, progressMessage(p))
	}})
	if diags.HasError() {
		t.Fatal(diags)
	}
	if outcome.Kind != vb365.ActionRestoreToOriginalLocation || outcome.Statistics == nil || outcome.Statistics.Created != 1 {
		t.Fatalf("outcome %+v", outcome)
	}
	if len(messages) < 2 || !strings.HasPrefix(messages[0], "restore working") || messages[len(messages)-1] != "restore stopped: 1 of 1 item(s) restored" {
		t.Fatalf("progress %q", messages)
	}
	if n := len(sim.Ledger()); n != 1 {
		t.Fatalf("%d ledger entries, want the one restore", n)
	}
}

// A session opened by a Create that then failed is stopped even when the request context is
// already cancelled.
func TestRestoreSession_stopAfterFailedCreate(t *testing.T) {
	sim, client := simclient.New(t, "v3")
	session, err := client.Explore(context.Background(), vb365sim.OrganizationID, vb365.ExploreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := &sessions.RestoreSessionResource{Client: client}
	r.StopAfterFailedCreate(ctx, session.ID)
	if state := sim.SessionState(session.ID); state != "Stopped" {
		t.Fatalf("session %s is %q after the cleanup", session.ID, state)
	}
}

// TestRestoreSession_lostExploreStopsNothing: the search after an explore whose answer was
// lost never stops a session, since nothing proves which one the request opened: with one
// candidate (which may be another operation's), with two, or with none; it names the
// candidates and the idle timeout.
func TestRestoreSession_lostExploreStopsNothing(t *testing.T) {
	sim, client := simclient.New(t, "v8")
	ctx := context.Background()
	search := func(username string, started time.Time) string {
		return framework.SessionOpener{Client: client, Username: username}.StopOrphanedSession(ctx, vb365sim.OrganizationID, started)
	}
	open := func() string {
		s, err := client.Explore(ctx, vb365sim.OrganizationID, vb365.ExploreOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return s.ID
	}
	a := open()
	got := search(vb365sim.DefaultUsername, time.Now())
	if !strings.Contains(got, "none was stopped") || !strings.Contains(got, a) || !strings.Contains(got, "idle timeout") {
		t.Fatalf("one candidate: %q", got)
	}
	b := open()
	got = search(vb365sim.DefaultUsername, time.Now())
	if !strings.Contains(got, a) || !strings.Contains(got, b) {
		t.Fatalf("two candidates: %q", got)
	}
	// Another user's sessions are not even candidates.
	if got = search("someone-else@vb365.local", time.Now()); strings.Contains(got, a) {
		t.Fatalf("another user's sessions: %q", got)
	}
	if sim.SessionState(a) != "Working" || sim.SessionState(b) != "Working" {
		t.Fatal("a session that cannot be proven to be the request's was stopped")
	}
}

// TestRestoreSession_lostExploreWithAnotherOperationInFlight: an explore whose answer is lost
// (the server opened the session) while another operation holds its own session, with the
// server's clock two minutes behind: the other operation's session keeps working and that
// operation finishes; the warning names both candidates; the sessions the provider knows it
// opened are stopped when their users release them.
func TestRestoreSession_lostExploreWithAnotherOperationInFlight(t *testing.T) {
	sim, client := simclient.New(t, "v8", vb365sim.WithClock(func() time.Time { return time.Now().Add(-2 * time.Minute) }))
	broker := framework.NewSessionBroker(client, vb365sim.DefaultUsername)
	ctx := context.Background()
	otherScope := framework.SessionScope{OrganizationID: vb365sim.OrganizationID, PointInTime: "2026-11-01T00:00:00Z"}
	otherID, releaseOther, err := broker.Acquire(ctx, otherScope)
	if err != nil {
		t.Fatal(err)
	}
	sim.Fault(vb365sim.Fault{Method: "POST", PathContains: "/explore", StatusAfterHandler: 502})
	_, _, err = broker.Acquire(ctx, framework.SessionScope{OrganizationID: vb365sim.OrganizationID})
	if err == nil {
		t.Fatal("the lost explore succeeded")
	}
	var lost string
	for _, id := range sim.OpenSessions() {
		if id != otherID && id != vb365sim.SeedRestoreSessionID {
			lost = id
		}
	}
	if lost == "" || !strings.Contains(err.Error(), lost) || !strings.Contains(err.Error(), otherID) {
		t.Fatalf("the warning does not name both candidates (%s, %s): %v", lost, otherID, err)
	}
	if sim.SessionState(otherID) != "Working" {
		t.Fatal("the other operation's session was stopped")
	}
	if _, err := client.Mailbox(ctx, otherID, vb365sim.SeedMailboxID); err != nil {
		t.Fatalf("the other operation cannot go on: %v", err)
	}
	if err := releaseOther(ctx); err != nil || sim.SessionState(otherID) != "Stopped" {
		t.Fatalf("releasing the other operation's session: %v, %s", err, sim.SessionState(otherID))
	}
}

// Stopping is idempotent: an already stopped or unknown session is not an error.
func TestStopRestoreSession_alreadyStoppedOrGone(t *testing.T) {
	sim, client := simclient.New(t, "v8")
	session, err := client.Explore(context.Background(), vb365sim.OrganizationID, vb365.ExploreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := framework.StopRestoreSession(context.Background(), client, session.ID); err != nil {
			t.Fatalf("stop %d: %v", i+1, err)
		}
	}
	stops := 0
	for _, e := range sim.Ledger() {
		if e.Action == "stop" {
			stops++
		}
	}
	if stops != 1 {
		t.Fatalf("%d stop requests, want 1", stops)
	}
	if err := framework.StopRestoreSession(context.Background(), client, "00000000-0000-4000-8000-000000000000"); err != nil {
		t.Fatalf("unknown session: %v", err)
	}
}

func TestRestoreCredentialsValidation(t *testing.T) {
	s := types.StringValue
	cases := []struct {
		name  string
		creds restoreinputs.RestoreCredentialsModel
		want  string
	}{
		{"user and password", restoreinputs.RestoreCredentialsModel{UserName: s("u"), UserPassword: s("p")}, ""},
		{"device code", restoreinputs.RestoreCredentialsModel{UserCode: s("c")}, ""},
		{"certificate", restoreinputs.RestoreCredentialsModel{ApplicationID: s("a"), ApplicationCertificate: s("c"), ImpersonationAccountName: s("i")}, ""},
		{"certificate with password", restoreinputs.RestoreCredentialsModel{ApplicationID: s("a"), ApplicationCertificate: s("c"),
			ApplicationCertificatePassword: s("x"), ImpersonationAccountName: s("i")}, ""},
		{"none: the provider's defaults, or none, are sent", restoreinputs.RestoreCredentialsModel{}, ""},
		{"password only", restoreinputs.RestoreCredentialsModel{UserPassword: s("p")}, "user_name is required"},
		{"two forms", restoreinputs.RestoreCredentialsModel{UserCode: s("c"), ApplicationID: s("a")}, "Conflicting restore credentials"},
		{"unknown skips", restoreinputs.RestoreCredentialsModel{UserName: types.StringUnknown()}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			diags := restoreinputs.ValidateCredentials(path.Root("restore_to_original_location"), c.creds) // zero types.String is null
			got := ""
			for _, d := range diags {
				got += d.Summary() + ": " + d.Detail() + "\n"
			}
			if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
				t.Fatalf("diagnostics %q, want %q", got, c.want)
			}
			if strings.Contains(got, "\"p\"") || strings.Contains(got, "\"x\"") {
				t.Fatalf("a diagnostic quotes a credential: %q", got)
			}
		})
	}
}
