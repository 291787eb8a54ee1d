package runs

// One run, one server session: every run of the restore resource and of the action (a
// restore, export, save or send) explores a session of its own, used by nothing else, and stops
// it when the run ends on every path. The session is the run's identity on the server: its
// events are this run's and no other's, which is what reconciliation and refresh read. Reads
// and plan-time reviews keep sharing sessions through the sessionBroker.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

const (
	// sessionLimitFirstWait and sessionLimitMaxWait pace the retries of an explore the server
	// refused because too many sessions are open.
	sessionLimitFirstWait = time.Second
	sessionLimitMaxWait   = 15 * time.Second
)

// RunSession is the session one run is sent in.
type RunSession struct {
	ID string
	// Exclusive is true when the provider opened the session for this run alone
	// (organization_id); false for a restore_session_id the user manages, which other runs may use.
	Exclusive bool
	Release   func()
}

// AcquireRunSession waits for a free run slot and opens the run's own session (or takes the
// configured restore_session_id). Release must be deferred: it stops the session the run opened,
// on a context detached from ctx (so a cancelled or expired run still stops it), turns a failure
// to stop it into a warning, and frees the slot. A refusal to open a session because the server
// has too many is "did not run": it is waited out and retried until ctx ends.
func AcquireRunSession(ctx context.Context, data *framework.ProviderData, m sessions.SessionSourceModel, diags *diag.Diagnostics) (RunSession, bool) {
	if data == nil || data.Client == nil {
		diags.AddError("Provider not configured", framework.RestoreNotConfiguredDetail)
		return RunSession{}, false
	}
	if err := data.RunSlots.Take(ctx); err != nil {
		diags.AddError("Restore not started", err.Error()+". Nothing was run.")
		return RunSession{}, false
	}
	if !m.RestoreSessionID.IsNull() && m.RestoreSessionID.ValueString() != "" {
		return RunSession{ID: m.RestoreSessionID.ValueString(), Release: data.RunSlots.Free}, true
	}
	scope := sessionScopeOf(m)
	opts, err := scope.ExploreOptions()
	if err != nil {
		data.RunSlots.Free()
		diags.AddError("Cannot open a restore session", err.Error())
		return RunSession{}, false
	}
	opener := framework.SessionOpener{Client: data.Client, Username: data.Username}
	session, err := waitForSessionLimit(ctx, func() (vb365.RestoreSession, error) { return opener.Open(ctx, scope.OrganizationID, opts) })
	if err != nil {
		data.RunSlots.Free()
		if errors.Is(err, errSessionLimitWaitEnded) {
			diags.AddError("Restore not started: the server has too many restore sessions open", err.Error())
			return RunSession{}, false
		}
		framework.AddClientError(diags, "Cannot open a restore session", "Opening "+m.Describe()+" for this run (nothing was run)", err)
		return RunSession{}, false
	}
	tflog.Debug(ctx, "opened the run's own restore session", map[string]any{"id": session.ID, "organization_id": scope.OrganizationID})
	return RunSession{ID: session.ID, Exclusive: true, Release: func() {
		defer data.RunSlots.Free()
		if err := opener.StopDetached(ctx, session.ID); err != nil {
			diags.AddWarning("Restore session left running", fmt.Sprintf("Stopping restore session %s, which the provider opened "+
				"for this run, failed: %v. The server stops it when it has been idle long enough, or stop it yourself.", session.ID, err))
		}
	}}, true
}

// errSessionLimitWaitEnded: the run's time ran out while the server refused sessions for its limit.
var errSessionLimitWaitEnded = errors.New("the server refused to open a restore session for this run until the run's time ran out")

// waitForSessionLimit opens a session with explore, and while the server refuses it because too
// many sessions are open (nothing was opened), waits and tries again until ctx ends. Any other
// error is returned as it is.
func waitForSessionLimit(ctx context.Context, explore func() (vb365.RestoreSession, error)) (vb365.RestoreSession, error) {
	wait := sessionLimitFirstWait
	for {
		session, err := explore()
		if err == nil || !isSessionLimitRefusal(err) {
			return session, err
		}
		tflog.Info(ctx, "the server refused a restore session (too many open); waiting", map[string]any{"wait": wait.String()})
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return vb365.RestoreSession{}, fmt.Errorf("%w (%v): %v. Nothing was run. Lower max_concurrent_restores, stop sessions "+
				"on the server, or raise timeouts", errSessionLimitWaitEnded, ctx.Err(), err)
		}
		wait = min(wait*2, sessionLimitMaxWait)
	}
}

// sessionScopeOf is the scope of the session an organization_id source explores.
func sessionScopeOf(m sessions.SessionSourceModel) framework.SessionScope {
	return m.Scope()
}

// isSessionLimitRefusal reports whether the server refused to open a session because too many
// are open: a 4xx (nothing opened) whose message names a maximum or limit of sessions, or a
// 429. The server's wording is not documented; any other refusal is reported as it is.
func isSessionLimitRefusal(err error) bool {
	var apiErr *vb365.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode < 400 || apiErr.StatusCode > 499 {
		return false
	}
	if apiErr.StatusCode == 429 {
		return true
	}
	msg := strings.ToLower(apiErr.Message)
	return strings.Contains(msg, "session") && (strings.Contains(msg, "maximum") || strings.Contains(msg, "limit"))
}
