package vb365

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Restore operators (API v6+): a client signed in with grant_type=operator explores through
// POST /vN/Organization/OperatorExplore and restores items through
// POST .../mailboxes/{id}/items/operatorRestore. Both carry a reason, which the server records
// on the restore session (its Restore Sessions "Reason" column); the administrator routes
// have no field for it.

// OperatorCredentials sign a client in as a restore operator (grant_type=operator).
type OperatorCredentials struct {
	// ClientID is "userId.tenantId": the operator's Microsoft 365 user ID and tenant ID.
	ClientID string
	// Assertion is a token for the operator from the Microsoft identity platform. Secret.
	Assertion string
}

func (o *OperatorCredentials) validate() error {
	if o == nil {
		return nil
	}
	user, tenant, ok := strings.Cut(strings.TrimSpace(o.ClientID), ".")
	if !ok || user == "" || tenant == "" {
		return errors.New(`vb365: the restore operator's client ID must be "userId.tenantId"`)
	}
	if o.Assertion == "" {
		return errors.New("vb365: the restore operator's assertion is required")
	}
	return nil
}

func (o *OperatorCredentials) clone() *OperatorCredentials {
	if o == nil {
		return nil
	}
	c := *o
	c.ClientID = strings.TrimSpace(c.ClientID)
	return &c
}

func (o *OperatorCredentials) assertion() string {
	if o == nil {
		return ""
	}
	return o.Assertion
}

// IsOperator reports whether the client signs in as a restore operator.
func (c *Client) IsOperator() bool { return c.operator != nil }

// OperatorScope is the RESTRbacItemComposed an operator explore is limited to: a user or a
// group of the organization ("User" or "Group"), sent as the whole RESTRbacUser or
// RESTRbacGroup the documents require. A restore operator cannot read the organization's users
// and groups, so the scope carries them: OrganizationUser.OperatorScope and
// OrganizationGroup.OperatorScope build it from what an administrator reads.
type OperatorScope struct {
	Type string
	ID   string
	// Name, DisplayName and Kind (RESTRbacUser.type or RESTRbacGroup.type) are required.
	Name, DisplayName, Kind string
}

// OperatorScope limits an operator explore to the user.
func (u OrganizationUser) OperatorScope() OperatorScope {
	return OperatorScope{Type: MemberUser, ID: u.ID, Name: u.Name, DisplayName: u.DisplayName, Kind: u.RbacType()}
}

// OperatorScope limits an operator explore to the group.
func (g OrganizationGroup) OperatorScope() OperatorScope {
	return OperatorScope{Type: MemberGroup, ID: g.ID, Name: g.Name, DisplayName: g.DisplayName, Kind: g.RbacType()}
}

// object renders the scope as RESTRbacItemComposed.
func (s OperatorScope) object() (map[string]any, error) {
	kinds := rbacUserKinds
	switch strings.ToLower(s.Type) {
	case "user":
	case "group":
		kinds = rbacGroupKinds
	default:
		return nil, fmt.Errorf("vb365: operator explore scope type %q: use User or Group", s.Type)
	}
	if err := validateID("operator explore scope ID", s.ID); err != nil {
		return nil, err
	}
	if s.Name == "" || s.DisplayName == "" {
		return nil, fmt.Errorf("vb365: operator explore scope %s: the name and display name are required (OrganizationUser and OrganizationGroup read them)", s.ID)
	}
	kind, ok := canonicalKind(s.Kind, kinds)
	if !ok {
		return nil, fmt.Errorf("vb365: operator explore scope %s: type %q is not one of %s", s.ID, s.Kind, strings.Join(kinds, ", "))
	}
	key := strings.ToLower(s.Type)
	return map[string]any{"type": strings.ToUpper(key[:1]) + key[1:], "id": s.ID,
		key: map[string]any{"id": s.ID, "displayName": s.DisplayName, "name": s.Name, "type": kind}}, nil
}

// OperatorExploreOptions are RESTOperatorExploreOptions. Reason is recorded by the server.
type OperatorExploreOptions struct {
	PointInTime     *time.Time
	ShowDeleted     *bool
	ShowAllVersions *bool
	Reason          string
	Scope           *OperatorScope // nil: every item the operator's role allows
	RepositoryID    string         // v8 only
}

// OperatorRestoreOptions are RESTOperatorRestoreOptions. Reason is recorded by the server.
type OperatorRestoreOptions struct {
	Reason               string
	ChangedItems         *bool
	DeletedItems         *bool
	MarkRestoredAsUnread *bool
}

const minOperatorVersion = V6

// OperatorExplore opens an explore session as a restore operator (v6+; the client must sign in
// as an operator). Below v6 it fails with an UnsupportedVersionError before sending anything.
func (c *Client) OperatorExplore(ctx context.Context, opts OperatorExploreOptions) (RestoreSession, error) {
	v, err := c.requireVersion(ctx, "exploring as a restore operator (Organization/OperatorExplore)", minOperatorVersion)
	if err != nil {
		return RestoreSession{}, notSent(err)
	}
	if !c.IsOperator() {
		return RestoreSession{}, notSent(errors.New("vb365: OperatorExplore needs a client signed in as a restore operator"))
	}
	if opts.RepositoryID != "" && v < V8 {
		return RestoreSession{}, notSent(&UnsupportedVersionError{Operation: "a restore operator's explore of a backup repository", Version: v, Minimum: V8})
	}
	options := jsonObject{}
	if opts.PointInTime != nil {
		options.set("dateTime", opts.PointInTime.UTC().Format(time.RFC3339Nano))
	}
	options.set("type", "Vex")
	options.setBool("showDeleted", opts.ShowDeleted)
	options.setBool("showAllVersions", opts.ShowAllVersions)
	options.set("reason", opts.Reason)
	options.set("repositoryId", opts.RepositoryID)
	if s := opts.Scope; s != nil {
		scope, err := s.object()
		if err != nil {
			return RestoreSession{}, notSent(err)
		}
		options["scope"] = scope
	}
	r, err := postJSON(newRoute(v).lit("Organization").lit("OperatorExplore"), options)
	if err != nil {
		return RestoreSession{}, notSent(err)
	}
	r.action, r.retryUnsent = true, true
	resp, err := c.send(ctx, r)
	if err != nil {
		return RestoreSession{}, err
	}
	defer resp.Body.Close()
	obj, err := c.readObject(r, resp)
	if err != nil {
		return RestoreSession{}, err
	}
	session, err := decodeRestoreSession(obj)
	if err != nil {
		return RestoreSession{}, fmt.Errorf("vb365: %s: %w", r.describe(), err)
	}
	return session, nil
}

// OperatorRestore restores items to their original location as a restore operator (v6+), in a
// session opened by OperatorExplore. The server answers {"sessionId"} of the restore session
// on every version: v8's statistics are read as for any v8 restore; v6 and v7 have no
// statistics route, so the session is polled until it stops and its item events are counted
// (Success as created: those versions do not tell created from merged).
func (c *Client) OperatorRestore(ctx context.Context, scope ItemScope, opts OperatorRestoreOptions, progress func(RestoreProgress)) (RestoreStatistics, error) {
	v, err := c.requireVersion(ctx, "restoring as a restore operator (items/operatorRestore)", minOperatorVersion)
	if err != nil {
		return RestoreStatistics{}, notSent(err)
	}
	if !c.IsOperator() {
		return RestoreStatistics{}, notSent(errors.New("vb365: OperatorRestore needs a client signed in as a restore operator"))
	}
	if scope.FolderID != "" || scope.WholeMailbox || scope.WholeOrganization || len(scope.ItemIDs) == 0 {
		return RestoreStatistics{}, notSent(errors.New("vb365: a restore operator restores items only: the API has operatorRestore for item IDs, not for folders or whole mailboxes"))
	}
	if err := scope.validate(); err != nil {
		return RestoreStatistics{}, notSent(err)
	}
	items := make([]map[string]string, len(scope.ItemIDs))
	for i, id := range scope.ItemIDs {
		items[i] = map[string]string{"id": id}
	}
	body := jsonObject{"items": items}
	body.set("reason", opts.Reason)
	body.setBool("changedItems", opts.ChangedItems)
	body.setBool("deletedItems", opts.DeletedItems)
	body.setBool("markRestoredAsUnread", opts.MarkRestoredAsUnread)
	r, err := postJSON(itemsRoute(v, scope.RestoreSessionID, scope.MailboxID).lit("operatorRestore"), body)
	if err != nil {
		return RestoreStatistics{}, notSent(err)
	}
	r.action = true
	resp, err := c.send(ctx, r)
	if err != nil {
		return RestoreStatistics{}, err
	}
	defer resp.Body.Close()
	obj, err := c.readObject(r, resp)
	if err != nil {
		return RestoreStatistics{}, err
	}
	sessionID, err := obj.str("sessionId")
	if err != nil || deref(sessionID) == "" {
		return RestoreStatistics{}, fmt.Errorf("vb365: %s: %w: the answer has no restore session ID", r.describe(), ErrRestoreUnconfirmed)
	}
	if v >= V8 {
		return c.awaitRestore(ctx, *sessionID, progress, nil)
	}
	return c.awaitSessionEvents(ctx, *sessionID, progress)
}

// awaitSessionEvents polls a v6/v7 restore session until it is Stopped and counts its item
// events.
func (c *Client) awaitSessionEvents(ctx context.Context, sessionID string, progress func(RestoreProgress)) (RestoreStatistics, error) {
	unconfirmed := func(err error) (RestoreStatistics, error) {
		return RestoreStatistics{SessionID: sessionID}, fmt.Errorf("vb365: restore session %s: %w: %w", sessionID, ErrRestoreUnconfirmed, err)
	}
	for {
		session, err := c.RestoreSession(ctx, sessionID)
		if err != nil {
			return unconfirmed(fmt.Errorf("polling: %w", err))
		}
		if progress != nil {
			progress(RestoreProgress{SessionID: sessionID, State: session.State})
		}
		if strings.EqualFold(session.State, "Stopped") {
			stats := RestoreStatistics{SessionID: sessionID}
			for e, err := range c.RestoreSessionEvents(ctx, sessionID, ListOptions{}) {
				if err != nil {
					return unconfirmed(fmt.Errorf("reading events: %w", err))
				}
				switch strings.ToLower(e.Status) {
				case "success", "warning":
					stats.Created++
				case "skipped":
					stats.Skipped++
				case "failed":
					stats.Failed++
					stats.Exceptions = append(stats.Exceptions, e.Message)
				}
			}
			if strings.EqualFold(session.Result, "Failed") {
				return stats, fmt.Errorf("vb365: restore session %s: %w: %s", sessionID, ErrRestoreFailed,
					orDefault(strings.Join(stats.Exceptions, "; "), orDefault(session.Details, "the server reported result Failed")))
			}
			return stats, nil
		}
		select {
		case <-ctx.Done():
			return unconfirmed(fmt.Errorf("waiting (state %s): %w", session.State, ctx.Err()))
		case <-c.clock.After(c.pollInterval):
		}
	}
}
