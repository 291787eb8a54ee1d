package restores

// restore_point: the backup a restore reads from, shown in the plan. A restore session opened
// for organization_id at point_in_time browses the organization's latest backup at or before
// that time (the latest of all without point_in_time) in the repository it explores: the
// primary backups without repository_id, the given repository's (a backup copy's) with it, and
// the point a data retrieval retrieved with data_retrieval_id. The review names it by its ID and
// time, read from GET /RestorePoints (API v6+). Where it cannot be known (restore_session_id:
// the server does not report a session's backup; API v3..v5: no listing) it is null and the
// plan says why.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var restorePointAttrTypes = map[string]attr.Type{
	"id":   types.StringType,
	"time": types.StringType,
}

// restorePointDescription documents restore_point.
const restorePointDescription = "The backup the restore reads from, known in the plan: the organization's latest Exchange " +
	"restore point at or before `point_in_time` (the latest of all without it) in the repository the restore session opened " +
	"for `organization_id` explores: the primary backups (not copies, long-term copies or retrieved points) without " +
	"`repository_id`; that repository's points (a backup copy's own) with `repository_id`; the point the data retrieval " +
	"retrieved with `data_retrieval_id`. `id` and `time` (RFC 3339 UTC) as `vb365_restore_points` lists them. A plan fails " +
	"when there is no such backup at or before `point_in_time`. Null, with a plan warning saying why, where it cannot be " +
	"known: with `restore_session_id` (an existing session, whose backup the server does not report), on API v3..v5 (no " +
	"`GET /RestorePoints`), and with `data_retrieval_id` when the retrieval lists no retrieved point yet."

// pointSource is what decides the backup a restore session browses.
type pointSource struct {
	OrganizationID, PointInTime, RepositoryID, DataRetrievalID string
}

// accepts reports whether p is a point a session of the source can browse (before the time).
func (src pointSource) accepts(p vb365.RestorePoint) bool {
	if p.IsExchange != nil && !*p.IsExchange {
		return false
	}
	switch {
	case src.DataRetrievalID != "":
		return strings.EqualFold(p.RetrievalID, src.DataRetrievalID)
	case src.RepositoryID != "":
		return p.RepositoryID == "" || strings.EqualFold(p.RepositoryID, src.RepositoryID)
	}
	// The primary backups: no copy (v7+ says so), long-term copy or retrieved point.
	return !deref(p.IsCopy) && !deref(p.IsLongTermCopy) && !deref(p.IsRetrieved)
}

func deref(b *bool) bool { return b != nil && *b }

// usedRestorePoint is the restore point a session of src browses. ok is false when the API has
// no restore point listing (v3..v5); an error names the reason, including no backup at or
// before the point in time. missing is true (and err names it) when a data retrieval lists no
// retrieved point.
func usedRestorePoint(ctx context.Context, client *vb365.Client, src pointSource) (point vb365.RestorePoint, ok bool, err error) {
	version, err := client.Version(ctx)
	if err != nil {
		return point, false, err
	}
	if version < vb365.V6 {
		return point, false, nil
	}
	filter := vb365.RestorePointFilter{OrganizationID: src.OrganizationID, RepositoryID: src.RepositoryID}
	if src.DataRetrievalID != "" {
		retrieved := true
		filter.IsRetrieved = &retrieved
	}
	var limit time.Time
	if src.PointInTime != "" {
		limit, err = time.Parse(time.RFC3339, src.PointInTime)
		if err != nil {
			return point, false, fmt.Errorf("point_in_time %q: %w", src.PointInTime, err)
		}
		filter.To = &limit
	}
	var latest time.Time
	found := false
	for p, err := range client.RestorePoints(ctx, filter) {
		if err != nil {
			return point, false, err
		}
		if !src.accepts(p) {
			continue
		}
		t, err := time.Parse(time.RFC3339, p.BackupTime)
		if err != nil || (!limit.IsZero() && t.After(limit)) {
			continue
		}
		if !found || t.After(latest) {
			point, latest, found = p, t, true
		}
	}
	if !found {
		when := "at all"
		if src.PointInTime != "" {
			when = "at or before " + src.PointInTime
		}
		where := ""
		switch {
		case src.DataRetrievalID != "":
			return point, false, errNoRetrievedPoint{fmt.Sprintf("data retrieval %q lists no retrieved Exchange backup of organization %q %s",
				src.DataRetrievalID, src.OrganizationID, when)}
		case src.RepositoryID != "":
			where = " in repository " + strconvQuote(src.RepositoryID)
		}
		return point, false, fmt.Errorf("organization %q has no Exchange backup%s %s", src.OrganizationID, where, when)
	}
	return point, true, nil
}

// errNoRetrievedPoint: a data retrieval whose point the listing does not show (yet).
type errNoRetrievedPoint struct{ msg string }

func (e errNoRetrievedPoint) Error() string { return e.msg }

func strconvQuote(s string) string { return fmt.Sprintf("%q", s) }

// restorePointValue is restore_point of a restore whose inputs m are known: an error
// diagnostic when no backup matches; null with a warning saying why where it cannot be known
// (restore_session_id, API v3..v5, a data retrieval without a retrieved point).
func restorePointValue(ctx context.Context, client *vb365.Client, m *restoreinputs.RestoreInputsModel) (types.Object, diag.Diagnostics) {
	var diags diag.Diagnostics
	null := types.ObjectNull(restorePointAttrTypes)
	unknownPoint := func(why string) (types.Object, diag.Diagnostics) {
		diags.AddAttributeWarning(path.Root("restore_point"), "Restore point not known", why+" The restore reads the backup "+
			"the session browses; restore_point stays null.")
		return null, diags
	}
	if m.OrganizationID.IsNull() || m.OrganizationID.ValueString() == "" {
		return unknownPoint("With restore_session_id the server does not report which backup the existing session browses " +
			"(the point_in_time it was opened at, if any, is on the vb365_restore_session that opened it). Use organization_id " +
			"(with point_in_time) to have the plan name the backup.")
	}
	src := pointSource{OrganizationID: m.OrganizationID.ValueString(), PointInTime: m.PointInTime.ValueString(),
		RepositoryID: m.RepositoryID.ValueString(), DataRetrievalID: m.DataRetrievalID.ValueString()}
	point, ok, err := usedRestorePoint(ctx, client, src)
	var noRetrieved errNoRetrievedPoint
	if errors.As(err, &noRetrieved) {
		return unknownPoint(fmt.Sprintf("Finding the backup the restore reads from: %v.", err))
	}
	if err != nil {
		diags.AddAttributeError(path.Root("point_in_time"), "No backup to restore from",
			fmt.Sprintf("Finding the backup the restore reads from: %v. Nothing was run. List the organization's backups with the "+
				"vb365_restore_points data source and set point_in_time at or after one of them.", err))
		return null, diags
	}
	if !ok {
		return unknownPoint("API v3..v5 cannot list restore points (GET /RestorePoints is v6+), so the plan cannot name " +
			"the backup; the session browses the organization's latest backup at or before point_in_time (the latest of all " +
			"without it).")
	}
	obj, d := types.ObjectValue(restorePointAttrTypes, map[string]attr.Value{
		"id": types.StringValue(point.ID), "time": types.StringValue(point.BackupTime),
	})
	diags.Append(d...)
	return obj, diags
}
