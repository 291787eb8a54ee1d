package browsing

// version_state: what an item of a session opened with show_deleted or show_all_versions is.
// Veeam's item objects (RESTExchangeItemsComposed, v6..v8) carry no deleted or version marker,
// so the provider compares with sessions of the same organization, point in time and source
// opened without the options: item IDs are the same in every session of an organization, and
// an item such a session does not have is deleted or an earlier version.

import (
	"context"
	"fmt"
	"iter"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"golang.org/x/sync/errgroup"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// comparisonScopes are the sessions an item of scope is looked up in: current shows no
// deleted items and no earlier versions; withDeleted (set when scope shows both) shows deleted
// items but no earlier versions, to tell the two apart.
func comparisonScopes(scope framework.SessionScope) (current framework.SessionScope, withDeleted *framework.SessionScope) {
	current = scope
	current.ShowDeleted, current.ShowAllVersions = false, false
	if scope.ShowDeleted && scope.ShowAllVersions {
		d := current
		d.ShowDeleted = true
		withDeleted = &d
	}
	return current, withDeleted
}

// stateOf names an item of scope from whether the comparison sessions have it.
func stateOf(scope framework.SessionScope, inCurrent, inWithDeleted bool) string {
	switch {
	case inCurrent:
		return sessions.VersionStateCurrent
	case scope.ShowDeleted && scope.ShowAllVersions:
		if inWithDeleted {
			return sessions.VersionStateDeleted
		}
		return sessions.VersionStateEarlierVersion
	case scope.ShowDeleted:
		return sessions.VersionStateDeleted
	default:
		return sessions.VersionStateEarlierVersion
	}
}

// withComparisonSession runs fn with a session of scope from the broker and releases it; a
// failure to stop it is a warning.
func withComparisonSession(ctx context.Context, broker *framework.SessionBroker, scope framework.SessionScope, diags *diag.Diagnostics, fn func(sessionID string) error) error {
	id, release, err := broker.Acquire(ctx, scope)
	if err != nil {
		return fmt.Errorf("opening a session without the explore options to tell deleted items and earlier versions apart: %w", err)
	}
	defer func() {
		if err := release(ctx); err != nil {
			diags.AddWarning("Restore session left running", err.Error())
		}
	}()
	return fn(id)
}

// ItemVersionStates names the version state of each of ids (a few items, e.g. of a restore's
// review), looking each up by ID in the comparison sessions.
func ItemVersionStates(ctx context.Context, client *vb365.Client, broker *framework.SessionBroker, scope framework.SessionScope, mailboxID string, ids []string, diags *diag.Diagnostics) (map[string]string, error) {
	states := make(map[string]string, len(ids))
	if scope.DataRetrievalID != "" {
		return states, nil // the retrieval's options are its own: not known here (null)
	}
	for _, id := range ids {
		states[id] = sessions.VersionStateCurrent
	}
	if scope.ShowsCurrentOnly() || len(ids) == 0 {
		return states, nil
	}
	current, withDeleted := comparisonScopes(scope)
	present := func(s framework.SessionScope, ids []string) (map[string]bool, error) {
		found := make(map[string]bool, len(ids))
		results := make([]bool, len(ids))
		err := withComparisonSession(ctx, broker, s, diags, func(sessionID string) error {
			group, groupCtx := errgroup.WithContext(ctx)
			group.SetLimit(ReviewParallelism)
			for i, id := range ids {
				group.Go(func() error {
					_, err := client.Item(groupCtx, sessionID, mailboxID, id)
					switch {
					case err == nil:
						results[i] = true
					case !vb365.IsNotFound(err):
						return fmt.Errorf("reading item %q in a session without the explore options: %w", id, err)
					}
					return nil
				})
			}
			return group.Wait()
		})
		for i, id := range ids {
			found[id] = results[i]
		}
		return found, err
	}
	inCurrent, err := present(current, ids)
	if err != nil {
		return nil, err
	}
	var notCurrent []string
	for _, id := range ids {
		if !inCurrent[id] {
			notCurrent = append(notCurrent, id)
		}
	}
	inWithDeleted := map[string]bool{}
	if withDeleted != nil && len(notCurrent) > 0 {
		if inWithDeleted, err = present(*withDeleted, notCurrent); err != nil {
			return nil, err
		}
	}
	for _, id := range ids {
		states[id] = stateOf(scope, inCurrent[id], inWithDeleted[id])
	}
	return states, nil
}

// listedVersionStates returns the version state of the items a listing of scope finds, from
// the IDs the same listing finds in the comparison sessions (list lists a session's items).
// The comparison pages through the whole listing once more (twice with both options): its
// cost is that of the listing; only the IDs are kept.
func listedVersionStates(ctx context.Context, broker *framework.SessionBroker, scope framework.SessionScope, list func(sessionID string) iter.Seq2[string, error], diags *diag.Diagnostics) (func(id string) string, error) {
	if scope.DataRetrievalID != "" {
		return func(string) string { return "" }, nil // the retrieval's options are its own: null
	}
	if scope.ShowsCurrentOnly() {
		return func(string) string { return sessions.VersionStateCurrent }, nil
	}
	ids := func(s framework.SessionScope) (map[string]bool, error) {
		set := map[string]bool{}
		err := withComparisonSession(ctx, broker, s, diags, func(sessionID string) error {
			for id, err := range list(sessionID) {
				if err != nil {
					return err
				}
				set[id] = true
			}
			return nil
		})
		return set, err
	}
	current, withDeleted := comparisonScopes(scope)
	inCurrent, err := ids(current)
	if err != nil {
		return nil, err
	}
	inWithDeleted := map[string]bool{}
	if withDeleted != nil {
		if inWithDeleted, err = ids(*withDeleted); err != nil {
			return nil, err
		}
	}
	return func(id string) string { return stateOf(scope, inCurrent[id], inWithDeleted[id]) }, nil
}

// ReviewParallelism bounds the item reads of one review; the client's own limit
// (max_concurrent_requests) applies on top.
const ReviewParallelism = 8
