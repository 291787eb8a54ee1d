package restores

// restore_point: the backup a restore reads from, shown in the plan. A restore session opened
// for organization_id at point_in_time browses the organization's latest backup at or before
// that time (the latest of all without point_in_time); the review names it by its ID and time,
// read from GET /RestorePoints (API v6+).

import (
	"context"
	"fmt"
	"time"

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
	"restore point at or before `point_in_time` (the latest of all without it), which is what the restore session opened for " +
	"`organization_id` browses; `id` and `time` (RFC 3339 UTC) as `vb365_restore_points` lists them. A plan fails when the " +
	"organization has no backup at or before `point_in_time`. Null with `restore_session_id` (an existing session, whose " +
	"backup the server does not report) and on API v3..v5 (no `GET /RestorePoints`)."

// usedRestorePoint is the restore point a session of the organization at pointInTime (empty:
// now) browses. ok is false when the API has no restore point listing (v3..v5); an error
// names the reason, including no backup at or before pointInTime.
func usedRestorePoint(ctx context.Context, client *vb365.Client, organizationID, pointInTime string) (point vb365.RestorePoint, ok bool, err error) {
	version, err := client.Version(ctx)
	if err != nil {
		return point, false, err
	}
	if version < vb365.V6 {
		return point, false, nil
	}
	filter := vb365.RestorePointFilter{OrganizationID: organizationID}
	var limit time.Time
	if pointInTime != "" {
		limit, err = time.Parse(time.RFC3339, pointInTime)
		if err != nil {
			return point, false, fmt.Errorf("point_in_time %q: %w", pointInTime, err)
		}
		filter.To = &limit
	}
	var latest time.Time
	found := false
	for p, err := range client.RestorePoints(ctx, filter) {
		if err != nil {
			return point, false, err
		}
		if p.IsExchange != nil && !*p.IsExchange {
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
		if pointInTime != "" {
			when = "at or before " + pointInTime
		}
		return point, false, fmt.Errorf("organization %q has no Exchange backup %s", organizationID, when)
	}
	return point, true, nil
}

// restorePointValue is restore_point of a restore whose inputs m are known: null without
// organization_id or on API v3..v5; an error diagnostic when no backup matches.
func restorePointValue(ctx context.Context, client *vb365.Client, m *restoreInputsModel) (types.Object, diag.Diagnostics) {
	var diags diag.Diagnostics
	null := types.ObjectNull(restorePointAttrTypes)
	if m.OrganizationID.IsNull() || m.OrganizationID.ValueString() == "" {
		return null, diags
	}
	point, ok, err := usedRestorePoint(ctx, client, m.OrganizationID.ValueString(), m.PointInTime.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("point_in_time"), "No backup to restore from",
			fmt.Sprintf("Finding the backup the restore reads from: %v. Nothing was run. List the organization's backups with the "+
				"vb365_restore_points data source and set point_in_time at or after one of them.", err))
		return null, diags
	}
	if !ok {
		return null, diags
	}
	obj, d := types.ObjectValue(restorePointAttrTypes, map[string]attr.Value{
		"id": types.StringValue(point.ID), "time": types.StringValue(point.BackupTime),
	})
	diags.Append(d...)
	return obj, diags
}
