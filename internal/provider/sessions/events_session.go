package sessions

import (
	"context"
	"fmt"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// The session of vb365_restore_session_events: its events say what was done to which item;
// the session says who did it, why and from where, so that one data source answers "who
// restored what, when, why".

var eventsSessionAttrTypes = map[string]attr.Type{
	"initiated_by": types.StringType, "reason": types.StringType, "scope_name": types.StringType,
	"client_host": types.StringType, "creation_time": types.StringType, "end_time": types.StringType,
}

func eventsSessionAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Computed: true,
		MarkdownDescription: "The restore session the events belong to, as the server records it: who opened it, why and from " +
			"where. `reason`, `scope_name` and `client_host` need API v6 or later (null before); the reason is the one the " +
			"server was given (a restore operator's reason, or the `reason` of an explore request), not the provider's " +
			"state-only `reason` of a restore record.",
		Attributes: map[string]schema.Attribute{
			"initiated_by":  framework.ComputedString("Account that opened the session (for a restore operator, the operator)."),
			"reason":        framework.ComputedString("Reason the server recorded for the session (API v6+)."),
			"scope_name":    framework.ComputedString("Scope of a restore operator's session: the user, group or site it was opened for (API v6+)."),
			"client_host":   framework.ComputedString("DNS name or IP address the server records for the session (API v6+)."),
			"creation_time": framework.ComputedString("When the session was opened (RFC 3339 UTC when the server's value parses)."),
			"end_time":      framework.ComputedString("When it ended; null while it runs."),
		},
	}
}

// readEventsSession reads the session; a failure is a warning and leaves session null, since
// the events themselves were read.
func readEventsSession(ctx context.Context, client *vb365.Client, sessionID string, diags *diag.Diagnostics) types.Object {
	s, err := client.RestoreSession(ctx, sessionID)
	if err != nil {
		diags.AddWarning("Restore session not read",
			fmt.Sprintf("session stays null: reading restore session %q failed: %s", sessionID, err))
		return types.ObjectNull(eventsSessionAttrTypes)
	}
	obj, d := types.ObjectValue(eventsSessionAttrTypes, map[string]attr.Value{
		"initiated_by": framework.NonEmptyString(s.InitiatedBy), "reason": framework.NonEmptyString(s.Reason),
		"scope_name": framework.NonEmptyString(s.ScopeName), "client_host": framework.NonEmptyString(s.ClientHost),
		"creation_time": framework.NonEmptyString(s.CreationTime), "end_time": framework.NonEmptyString(s.EndTime),
	})
	diags.Append(d...)
	return obj
}
