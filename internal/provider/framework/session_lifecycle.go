package framework

// Opening and stopping restore sessions, shared by the vb365_restore_session resource and the
// Sessions the provider opens on its own (sessionBroker).

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

const (
	// CleanupTimeout bounds stopping a session on a context detached from the (possibly
	// expired or cancelled) request context, so that an interrupted run still stops it.
	CleanupTimeout = time.Minute
	// orphanClockSkew is how much earlier than the local start of an explore request the
	// server may date the session it opened (clocks differ; times may be truncated). It only
	// widens the list of candidates a warning names; nothing is stopped on its account.
	orphanClockSkew = 10 * time.Minute
)

// SessionOpener opens explore sessions and stops them, knowing which account it signs in as
// (the server's initiatedBy of the sessions it opens).
type SessionOpener struct {
	Client   *vb365.Client
	Username string
}

// Open explores organizationID. When the request may have reached the server without an
// answer (not a definite refusal), the server may have opened a session nothing tracks: open
// looks for it and stops it, and says what it did in the returned error.
func (o SessionOpener) Open(ctx context.Context, organizationID string, opts vb365.ExploreOptions) (vb365.RestoreSession, error) {
	started := time.Now()
	session, err := o.Client.Explore(ctx, organizationID, opts)
	if err != nil {
		if vb365.ProvablyNotRun(err) {
			return vb365.RestoreSession{}, fmt.Errorf("exploring organization %s: %w", organizationID, err)
		}
		return vb365.RestoreSession{}, fmt.Errorf("exploring organization %s: %w\n\n%s", organizationID, err,
			o.StopOrphanedSession(ctx, organizationID, started))
	}
	if session.ID == "" {
		return vb365.RestoreSession{}, fmt.Errorf("exploring organization %s: the server answered without a session ID", organizationID)
	}
	return session, nil
}

// StopDetached stops a session on a context detached from ctx, so that a cancelled or expired
// request still stops what it opened.
func (o SessionOpener) StopDetached(ctx context.Context, id string) error {
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), CleanupTimeout)
	defer cancel()
	return StopRestoreSession(stopCtx, o.Client, id)
}

// StopOrphanedSession handles an explore request whose outcome is unknown: the server may
// have opened a session. It stops nothing: no organization explore request carries anything
// the server would record and show again (RESTExploreOptions and RESTOrganizationExploreOptions
// have no reason, scope or client field; a session's initiatedBy, clientHost and creationTime
// are shared by every run of the same account and host, and its creationTime is the server's
// clock), so no session can be proven to be this request's. Stopping a guess stopped another
// operation's session before. It lists the candidates (working Exchange sessions of the
// organization opened by this account, dated from orphanClockSkew before the request) so the
// user can check them, and says that the server ends idle sessions itself. Its name is kept for
// the callers; it returns what it found.
func (o SessionOpener) StopOrphanedSession(ctx context.Context, organizationID string, started time.Time) string {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), CleanupTimeout)
	defer cancel()
	const idle = "The server stops a restore session that stays idle for its idle timeout (a server setting the REST API does not report), " +
		"so one left open ends by itself."
	candidates, err := o.orphanCandidates(ctx, organizationID, started.Add(-orphanClockSkew))
	if err != nil {
		return fmt.Sprintf("The server may have opened a session anyway, and listing the organization's sessions failed: %v. "+
			"No session was stopped: none can be proven to be this request's. %s", err, idle)
	}
	if len(candidates) == 0 {
		return "The server may have opened a session anyway; no working session of the organization opened by this account since " +
			"shortly before the request was found (a server clock far behind this machine's would hide it). No session was stopped. " + idle
	}
	ids := make([]string, len(candidates))
	for i, s := range candidates {
		ids[i] = s.ID + " (created " + s.CreationTime + ")"
	}
	return "The server may have opened a session anyway. Nothing the server records tells which session an explore request opened, " +
		"so none was stopped (another operation of this account may own them). Working sessions of the organization opened by this " +
		"account since shortly before the request: " + strings.Join(ids, ", ") + ". " + idle
}

// orphanCandidates lists the working Exchange sessions of the organization opened by this
// provider's user (when the server names one) no earlier than since.
func (o SessionOpener) orphanCandidates(ctx context.Context, organizationID string, since time.Time) ([]vb365.RestoreSession, error) {
	var out []vb365.RestoreSession
	for s, err := range o.Client.RestoreSessions(ctx, vb365.ListOptions{PageSize: 500}) {
		if err != nil {
			return nil, err
		}
		created, perr := time.Parse(time.RFC3339, s.CreationTime)
		switch {
		case perr != nil || created.Before(since):
		case !strings.EqualFold(s.State, "Working") && !strings.EqualFold(s.State, "Starting"):
		case s.Type != "" && !strings.EqualFold(s.Type, "Vex"):
		case s.InitiatedBy != "" && o.Username != "" && !strings.EqualFold(s.InitiatedBy, o.Username):
		default:
			orgID := s.OrganizationID
			if orgID == "" {
				org, err := o.Client.RestoreSessionOrganization(ctx, s.ID)
				if err != nil {
					return nil, err
				}
				orgID = org.ID
			}
			if strings.EqualFold(orgID, organizationID) {
				out = append(out, s)
			}
		}
	}
	return out, nil
}

// SessionIsStopped reports whether a session can no longer be used for browsing or restores.
func SessionIsStopped(state string) bool {
	return strings.EqualFold(state, "Stopped") || strings.EqualFold(state, "Stopping")
}

// StopRestoreSession stops a session; one already stopped or gone is not an error.
func StopRestoreSession(ctx context.Context, client *vb365.Client, id string) error {
	session, err := client.RestoreSession(ctx, id)
	if vb365.IsNotFound(err) {
		return nil
	}
	if err == nil && SessionIsStopped(session.State) {
		return nil
	}
	stopErr := client.StopRestoreSession(ctx, id)
	if stopErr == nil || vb365.IsNotFound(stopErr) {
		return nil
	}
	// The session may have stopped meanwhile (idle timeout): that is what was asked for.
	if session, err := client.RestoreSession(ctx, id); vb365.IsNotFound(err) || (err == nil && SessionIsStopped(session.State)) {
		return nil
	}
	return stopErr
}

// RestoreSessionStates are the states the server reports, for filters.
var RestoreSessionStates = []string{"Starting", "Working", "Stopping", "Stopped"}
