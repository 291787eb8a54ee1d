package runs

// Earlier runs: a runner killed after it sent a restore, but before Terraform wrote the record,
// leaves a run on the server that no record holds. A new record looks for such runs within the
// provider's history_window before it sends anything.
//
// The VB365 API has no idempotency key, and an administrator's session records nothing the
// provider could write to name its run: events carry item names, a source and a target, but no
// item ID, no point in time, no explore option, no message subject. So nothing the server
// records proves that a run is this record's, and likeness is not proof in either direction.
// The provider therefore never decides: a run that could be this one (same account,
// organization, action type, every item by name, source and target, within the window, working
// or stopped) stops the plan with the evidence, and the configuration says what it is:
// record_run_from_session (this record takes that run; nothing is sent) or
// run_anyway_despite_sessions (run again all the same). Both are in the plan for review.
// A run no such session can hold (what the server records differs: another account,
// organization, action, item name, source or target) never stops a plan.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// earlierRunsParallelism bounds the session event listings read at once; the client's own
// max_concurrent_requests bounds the requests in flight below it.
const earlierRunsParallelism = 16

// EarlierRunQuery is what a session must match to hold a run that could be a new record's.
type EarlierRunQuery struct {
	// Account is who the server records as the run's initiator (the provider's username, or
	// the restore operator on the operator route).
	Account        string
	OrganizationID string
	Since          time.Time
	Identity       RunIdentity
	// Skip reports sessions that are known not to be a run a killed runner left: held by a
	// record, or named in run_anyway_despite_sessions.
	Skip func(sessionID string) bool
}

// EarlierRun is a session holding a run that could be the new record's.
type EarlierRun struct {
	Session  vb365.RestoreSession
	Evidence RunEvidence
}

// FindEarlierRuns lists the restore sessions since q.Since (filtered by time on the server) and
// keeps those of q.Account, of type Exchange, in q's organization, whose events hold an event
// of the run's type for every item of the run, by name, from its source to its target. The
// events of the sessions that pass the cheap checks are read in parallel.
func FindEarlierRuns(ctx context.Context, client *vb365.Client, q EarlierRunQuery) ([]EarlierRun, error) {
	if len(q.Identity.Items) == 0 {
		return nil, nil
	}
	var sessionsToRead []vb365.RestoreSession
	for s, err := range client.ListRestoreSessions(ctx, vb365.RestoreSessionFilter{
		ListOptions: vb365.ListOptions{PageSize: 1000}, StartTimeFrom: &q.Since}) {
		if err != nil {
			return nil, fmt.Errorf("listing the restore sessions since %s: %w", q.Since.Format(time.RFC3339), err)
		}
		if (s.Type != "" && !strings.EqualFold(s.Type, "Vex")) ||
			(s.InitiatedBy != "" && q.Account != "" && !strings.EqualFold(s.InitiatedBy, q.Account)) ||
			(s.OrganizationID != "" && !strings.EqualFold(s.OrganizationID, q.OrganizationID)) ||
			(q.Skip != nil && q.Skip(s.ID)) {
			continue
		}
		sessionsToRead = append(sessionsToRead, s)
	}
	id := q.Identity
	id.Exclusive = false // only events naming an item, its source and its target count
	var (
		mu    sync.Mutex
		found []EarlierRun
	)
	group, groupCtx := errgroup.WithContext(ctx)
	group.SetLimit(earlierRunsParallelism)
	for _, s := range sessionsToRead {
		group.Go(func() error {
			evidence := ReadRunEvidence(groupCtx, client, s.ID, id, EventBaseline{IDs: map[string]bool{}})
			if evidence.ReadErr != nil {
				return fmt.Errorf("reading the events of restore session %s: %w", s.ID, evidence.ReadErr)
			}
			if !evidence.couldHold() {
				return nil
			}
			if s.OrganizationID == "" { // the session object does not name it (v8): ask its organization route
				org, err := client.RestoreSessionOrganization(groupCtx, s.ID)
				if err != nil {
					return fmt.Errorf("reading the organization of restore session %s: %w", s.ID, err)
				}
				if !strings.EqualFold(org.ID, q.OrganizationID) {
					return nil
				}
			}
			mu.Lock()
			found = append(found, EarlierRun{Session: s, Evidence: evidence})
			mu.Unlock()
			return nil
		})
	}
	if err := group.Wait(); err != nil {
		return nil, err
	}
	slices.SortFunc(found, func(a, b EarlierRun) int { return strings.Compare(a.Session.CreationTime, b.Session.CreationTime) })
	return found, nil
}

// couldHold reports whether the events could hold the whole run: an event of its own for every
// named item, and as many further events of the run's type as it has unnamed items (an item
// without a name cannot be told apart). Unlike ran, events still running count: a run in
// flight is one too.
func (e RunEvidence) couldHold() bool {
	if e.ReadErr != nil || len(e.Identity.Items) == 0 {
		return false
	}
	matched := 0
	for i, j := range e.Matched {
		if j < 0 && e.Identity.Items[i].Name != "" {
			return false
		}
		if j >= 0 {
			matched++
		}
	}
	return len(e.Events)-matched >= e.Identity.unnamedItems()
}

// DescribeEarlierRun is the evidence of one session for a diagnostic.
func DescribeEarlierRun(r EarlierRun) string {
	s := r.Session
	var b strings.Builder
	fmt.Fprintf(&b, "- restore session %s: opened %s by %s, state %s", s.ID, OrUnknown(s.CreationTime), OrUnknown(s.InitiatedBy), OrUnknown(s.State))
	if s.EndTime != "" {
		fmt.Fprintf(&b, ", ended %s", s.EndTime)
	}
	if s.Reason != "" {
		fmt.Fprintf(&b, ", reason %q", s.Reason)
	}
	fmt.Fprintf(&b, "; %d %s event(s)", len(r.Evidence.Events), EventTypeOf(r.Evidence.Identity.Kind))
	for i, j := range r.Evidence.Matched {
		if j < 0 {
			continue
		}
		ev := r.Evidence.Events[j]
		fmt.Fprintf(&b, "\n    %q from %s to %s: %s", r.Evidence.Identity.Items[i].Name, OrUnknown(ev.Source), OrUnknown(ev.Target), OrUnknown(ev.Status))
		if ev.StartTime != "" {
			fmt.Fprintf(&b, " at %s", ev.StartTime)
		}
	}
	if extra := len(r.Evidence.Events) - r.Evidence.matchedCount(); extra > 0 {
		fmt.Fprintf(&b, "\n    and %d other %s event(s) in the same session", extra, EventTypeOf(r.Evidence.Identity.Kind))
	}
	if s.State != "" && !framework.SessionIsStopped(s.State) {
		b.WriteString("\n    The session is still working: another runner may be running this restore right now.")
	}
	return b.String()
}

func (e RunEvidence) matchedCount() int {
	n := 0
	for _, j := range e.Matched {
		if j >= 0 {
			n++
		}
	}
	return n
}

func OrUnknown(s string) string {
	if s == "" {
		return "(not recorded)"
	}
	return s
}
