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

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/runs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// restorePointValue is restore_point of a restore whose inputs m are known: an error
// diagnostic when no backup matches; null with a warning saying why where it cannot be known
// (restore_session_id, API v3..v5, a data retrieval without a retrieved point).
func restorePointValue(ctx context.Context, client *vb365.Client, m *restoreinputs.RestoreInputsModel) (types.Object, diag.Diagnostics) {
	var diags diag.Diagnostics
	null := types.ObjectNull(runs.RestorePointAttrTypes)
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
	src := runs.PointSource{OrganizationID: m.OrganizationID.ValueString(), PointInTime: m.PointInTime.ValueString(),
		RepositoryID: m.RepositoryID.ValueString(), DataRetrievalID: m.DataRetrievalID.ValueString()}
	point, ok, err := runs.UsedRestorePoint(ctx, client, src)
	var noRetrieved runs.NoRetrievedPointError
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
	obj, d := types.ObjectValue(runs.RestorePointAttrTypes, map[string]attr.Value{
		"id": types.StringValue(point.ID), "time": types.StringValue(point.BackupTime),
	})
	diags.Append(d...)
	return obj, diags
}
