package runs

// The backup a run reads (restore_point in a plan): a restore session opened for an
// organization at point_in_time browses the organization's latest backup at or before that time
// (the latest of all without point_in_time) in the repository it explores: the primary backups
// without repository_id, the given repository's (a backup copy's) with it, and the point a data
// retrieval retrieved with data_retrieval_id. The review names it by its ID and time, read from
// GET /RestorePoints (API v6+).

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var RestorePointAttrTypes = map[string]attr.Type{
	"id":   types.StringType,
	"time": types.StringType,
}

// RestorePointDescription documents restore_point (of vb365_mailbox_item_restore and vb365_mailboxes_restore).
const RestorePointDescription = "The backup the restore reads from, known in the plan: the organization's latest Exchange " +
	"restore point at or before `point_in_time` (the latest of all without it) in the repository the restore session opened " +
	"for `organization_id` explores: the primary backups (not copies, long-term copies or retrieved points) without " +
	"`repository_id`; that repository's points (a backup copy's own) with `repository_id`; the point the data retrieval " +
	"retrieved with `data_retrieval_id`. `id` and `time` (RFC 3339 UTC) as `vb365_restore_points` lists them. A plan fails " +
	"when there is no such backup at or before `point_in_time`. Null, with a plan warning saying why, where it cannot be " +
	"known: with `restore_session_id` (an existing session, whose backup the server does not report), on API v3..v5 (no " +
	"`GET /RestorePoints`), and with `data_retrieval_id` when the retrieval lists no retrieved point yet."

// PointSource is what decides the backup a restore session browses.
type PointSource struct {
	OrganizationID, PointInTime, RepositoryID, DataRetrievalID string
}

// accepts reports whether p is a point a session of the source can browse (before the time).
func (src PointSource) accepts(p vb365.RestorePoint) bool {
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

// UsedRestorePoint is the restore point a session of src browses. ok is false when the API has
// no restore point listing (v3..v5); an error names the reason, including no backup at or
// before the point in time. missing is true (and err names it) when a data retrieval lists no
// retrieved point.
func UsedRestorePoint(ctx context.Context, client *vb365.Client, src PointSource) (point vb365.RestorePoint, ok bool, err error) {
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
			return point, false, NoRetrievedPointError{fmt.Sprintf("data retrieval %q lists no retrieved Exchange backup of organization %q %s",
				src.DataRetrievalID, src.OrganizationID, when)}
		case src.RepositoryID != "":
			where = " in repository " + strconvQuote(src.RepositoryID)
		}
		return point, false, fmt.Errorf("organization %q has no Exchange backup%s %s", src.OrganizationID, where, when)
	}
	return point, true, nil
}

// NoRetrievedPointError: a data retrieval whose point the listing does not show (yet).
type NoRetrievedPointError struct{ msg string }

func (e NoRetrievedPointError) Error() string { return e.msg }

func strconvQuote(s string) string { return fmt.Sprintf("%q", s) }
