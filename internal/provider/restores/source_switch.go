package restores

// Switching a record's session source: restore_session_id (a session the user manages) and
// organization_id (a session the provider opens) read the same items when the session is of the
// same organization and at the same point in time, so such a switch runs nothing again. The API
// reports a session's organization but no point in time: the organization is read from the
// server, the point in time is what the configuration states next to restore_session_id, and
// where neither side states it the plan says it cannot tell and runs nothing.

import (
	"context"
	"fmt"
	"strings"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// sourceSide is one side (record or plan) of a session-source switch.
type sourceSide struct {
	restoreSession string // restore_session_id, "" with organization_id
	organizationID string // organization_id, or the session's organization once read
	pointInTime    types.String
}

func sourceSideOf(m sessions.SessionSourceModel) sourceSide {
	return sourceSide{restoreSession: m.RestoreSessionID.ValueString(), organizationID: m.OrganizationID.ValueString(),
		pointInTime: m.PointInTime}
}

func (s sourceSide) describe() string {
	if s.restoreSession != "" {
		return "restore session " + sessions.Quote(s.restoreSession)
	}
	return "organization " + sessions.Quote(s.organizationID)
}

// sourceSwitchVerdict is what a plan makes of a change of session source.
type sourceSwitchVerdict struct {
	newRun  bool   // another organization or another point in time: a new run
	warning string // what the plan cannot tell, or why it runs again
}

// judgeSourceSwitch compares the two sides of a change of session source whose organizations
// have been resolved ("" when the server could not say). readErr explains an unresolved one.
func judgeSourceSwitch(record, config sourceSide, readErr error) sourceSwitchVerdict {
	if record.organizationID != "" && config.organizationID != "" && !strings.EqualFold(record.organizationID, config.organizationID) {
		return sourceSwitchVerdict{newRun: true, warning: fmt.Sprintf("The record ran on %s of organization %q; %s is of organization %q. "+
			"That reads another organization's backups, so the restore runs again (replacement).",
			record.describe(), record.organizationID, config.describe(), config.organizationID)}
	}
	var cannotTell []string
	if record.organizationID == "" || config.organizationID == "" {
		reason := "the server did not name its organization"
		if readErr != nil {
			reason = readErr.Error()
		}
		cannotTell = append(cannotTell, fmt.Sprintf("whether %s and %s are of the same organization (%s)",
			record.describe(), config.describe(), reason))
	}
	if record.pointInTime.IsNull() || config.pointInTime.IsNull() {
		cannotTell = append(cannotTell, fmt.Sprintf("whether %s and %s show the same point in time: the API reports no point in "+
			"time for a restore session, and point_in_time is not set on both sides (set it next to restore_session_id, e.g. "+
			"vb365_restore_session.x.point_in_time)", record.describe(), config.describe()))
	}
	if len(cannotTell) == 0 {
		return sourceSwitchVerdict{}
	}
	return sourceSwitchVerdict{warning: "The provider cannot tell " + strings.Join(cannotTell, ", nor ") + ". The change is recorded " +
		"in place and runs nothing, so the record may name a source its run did not read. If the items must be restored from the " +
		"new source, run terraform apply -replace on this resource."}
}

// sourceChanged reports whether two session sources differ in restore_session_id or
// organization_id (a point in time alone is judged by replaceWhenSourceChanges).
func sourceChanged(a, b sessions.SessionSourceModel) bool {
	return !a.RestoreSessionID.Equal(b.RestoreSessionID) ||
		!framework.SameInputValue(a.OrganizationID, b.OrganizationID) && !(a.OrganizationID.IsNull() && b.OrganizationID.IsNull())
}

// resolveOrganization fills side.organizationID from the server for a restore_session_id.
func resolveOrganization(ctx context.Context, client *vb365.Client, side *sourceSide) error {
	if side.restoreSession == "" || client == nil {
		return nil
	}
	// The session's organization route, as everywhere else: the session object names its
	// organization by a link only on some versions (not on v8).
	org, err := client.RestoreSessionOrganization(ctx, side.restoreSession)
	if err != nil {
		return fmt.Errorf("reading the organization of %s: %w", side.describe(), err)
	}
	side.organizationID = org.ID
	return nil
}

// planSessionSourceChange judges a change of the record's session source: a session of
// another organization, or a stated point in time that differs, is a new run; a switch it
// cannot judge is recorded in place with a warning that says what it cannot tell.
func (r *mailboxItemRestoreResource) planSessionSourceChange(ctx context.Context, state, plan *mailboxItemRestoreModel, resp *resource.ModifyPlanResponse) {
	source := plan.SessionSourceModel
	if !source.Known() || !sourceChanged(state.SessionSourceModel, source) || state.ByOrganization() && source.ByOrganization() {
		return // another organization_id alone: replaceWhenSourceChanges plans the new run
	}
	verdict := r.judgeSourceChange(ctx, state, plan)
	switch {
	case verdict.newRun:
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("organization_id"))
		resp.Diagnostics.AddAttributeWarning(path.Root("organization_id"), "Restore runs again: another organization", verdict.warning)
	case verdict.warning != "":
		resp.Diagnostics.AddAttributeWarning(path.Root("restore_session_id"), "Session source changed: recorded in place", verdict.warning)
	}
}

// judgeSourceChange resolves the organizations of both sides and judges the switch.
func (r *mailboxItemRestoreResource) judgeSourceChange(ctx context.Context, state, plan *mailboxItemRestoreModel) sourceSwitchVerdict {
	record, config := sourceSideOf(state.SessionSourceModel), sourceSideOf(plan.SessionSourceModel)
	err := resolveOrganization(ctx, r.client(), &record)
	if errConfig := resolveOrganization(ctx, r.client(), &config); err == nil {
		err = errConfig
	}
	return judgeSourceSwitch(record, config, err)
}
