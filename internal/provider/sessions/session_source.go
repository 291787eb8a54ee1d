package sessions

import (
	"context"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework-validators/boolvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Where a data source, a restore or the action finds its restore session: an existing one
// (restore_session_id), or one the provider opens on the organization for the operation and
// stops afterwards (organization_id, optionally point_in_time).

// SessionSourceModel holds the session arguments; models embed it.
type SessionSourceModel struct {
	RestoreSessionID types.String `tfsdk:"restore_session_id"`
	OrganizationID   types.String `tfsdk:"organization_id"`
	PointInTime      types.String `tfsdk:"point_in_time"`
	ShowDeleted      types.Bool   `tfsdk:"show_deleted"`
	ShowAllVersions  types.Bool   `tfsdk:"show_all_versions"`
	RepositoryID     types.String `tfsdk:"repository_id"`
	DataRetrievalID  types.String `tfsdk:"data_retrieval_id"`
}

const (
	SessionSourceRestoreSessionIDDescription = "ID of an existing restore session (`vb365_restore_session`) to read from. " +
		"Exactly one of `restore_session_id` and `organization_id` is required."
	SessionSourceOrganizationIDDescription = "ID of the organization (`vb365_organizations`) to read from: the provider opens a " +
		"restore session of its own for the operation and stops it when the operation ends. Mailbox and item IDs are the same in " +
		"every session of an organization, so a value read this way is known at plan time and stays valid. " +
		"Exactly one of `restore_session_id` and `organization_id` is required."
	SessionSourcePointInTimeDescription = "With `organization_id`: read the backups made at or before this time (RFC 3339, " +
		"e.g. `2026-11-01T00:00:00Z`); the latest when omitted."
	// One meaning everywhere: the data sources, the restore resource, the action and
	// vb365_restore_session.
	ShowDeletedDescription = "Also show the items users deleted after they were backed up (the explore option `showDeleted`), " +
		"e.g. to restore a deleted message. Default `false`."
	ShowAllVersionsDescription = "Also show the earlier backed-up versions of items that changed (the explore option " +
		"`showAllVersions`), each as an item of its own. Default `false`."
	SessionSourceRepositoryIDDescription = "With `organization_id`: explore the organization's backups in this backup repository " +
		"(`vb365_restore_points` names the repository of each point), e.g. a backup copy when the primary repository is lost " +
		"(API v7+: v7's `BackupRepositories/{id}/explore`, v8's `repositoryId`; below v7 the read fails naming the version). " +
		"Unset: the primary backup. An archive tier is reached through `data_retrieval_id` once retrieved."
	SessionSourceDataRetrievalIDDescription = "With `organization_id`: explore the archive-tier data that this data retrieval " +
		"(`vb365_data_retrieval`) retrieved, while it is available (API v6+: `DataRetrievals/{id}/explore`). The retrieval fixes the " +
		"point in time, the repository and the options, so `point_in_time`, `repository_id`, `show_deleted` and `show_all_versions` " +
		"cannot be set with it; `version_state` is then null."
	SessionSourceOptionNote = " With `organization_id` only: a session the provider opens with these options is never shared with " +
		"reads that use other options, and items say what they are in `version_state` (`deleted`, `earlier_version`)."
	VersionStateDescription = "What the item is in the backup: `current` (as the mailbox holds it now), `deleted` (deleted by " +
		"the user after it was backed up; listed with `show_deleted`) or `earlier_version` (an earlier backed-up version of an " +
		"item that changed; listed with `show_all_versions`). Veeam's item objects carry no such field: with `show_deleted` or " +
		"`show_all_versions` the provider compares with a session opened without them (an item that session does not have is " +
		"not current). Null with `restore_session_id`, whose options the server does not report."
)

// Item version states (version_state).
const (
	VersionStateCurrent        = "current"
	VersionStateDeleted        = "deleted"
	VersionStateEarlierVersion = "earlier_version"
)

func SessionSourceStringValidators(name string) []validator.String {
	switch name {
	case "restore_session_id":
		return []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.ExactlyOneOf(path.MatchRoot("organization_id"))}
	case "organization_id":
		return []validator.String{stringvalidator.LengthAtLeast(1)}
	case "data_retrieval_id":
		return []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.AlsoRequires(path.MatchRoot("organization_id")),
			stringvalidator.ConflictsWith(path.MatchRoot("point_in_time"), path.MatchRoot("repository_id"),
				path.MatchRoot("show_deleted"), path.MatchRoot("show_all_versions"))}
	case "repository_id":
		return []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.AlsoRequires(path.MatchRoot("organization_id"))}
	default: // point_in_time
		return []validator.String{framework.RFC3339Validator{}, stringvalidator.AlsoRequires(path.MatchRoot("organization_id"))}
	}
}

func SessionSourceBoolValidators() []validator.Bool {
	return []validator.Bool{boolvalidator.AlsoRequires(path.MatchRoot("organization_id"))}
}

// SessionSourceDataSourceAttributes are the session arguments of a data source.
func SessionSourceDataSourceAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"restore_session_id": schema.StringAttribute{Optional: true, MarkdownDescription: SessionSourceRestoreSessionIDDescription,
			Validators: SessionSourceStringValidators("restore_session_id")},
		"organization_id": schema.StringAttribute{Optional: true, MarkdownDescription: SessionSourceOrganizationIDDescription,
			Validators: SessionSourceStringValidators("organization_id")},
		"point_in_time": schema.StringAttribute{Optional: true, MarkdownDescription: SessionSourcePointInTimeDescription,
			Validators: SessionSourceStringValidators("point_in_time")},
		"show_deleted": schema.BoolAttribute{Optional: true, MarkdownDescription: ShowDeletedDescription + SessionSourceOptionNote,
			Validators: SessionSourceBoolValidators()},
		"show_all_versions": schema.BoolAttribute{Optional: true, MarkdownDescription: ShowAllVersionsDescription + SessionSourceOptionNote,
			Validators: SessionSourceBoolValidators()},
		"repository_id": schema.StringAttribute{Optional: true, MarkdownDescription: SessionSourceRepositoryIDDescription,
			Validators: SessionSourceStringValidators("repository_id")},
		"data_retrieval_id": schema.StringAttribute{Optional: true, MarkdownDescription: SessionSourceDataRetrievalIDDescription,
			Validators: SessionSourceStringValidators("data_retrieval_id")},
	}
}

// Known reports whether the arguments are known (they may be unknown at plan time).
func (m SessionSourceModel) Known() bool {
	return !m.RestoreSessionID.IsUnknown() && !m.OrganizationID.IsUnknown() && !m.PointInTime.IsUnknown() &&
		!m.ShowDeleted.IsUnknown() && !m.ShowAllVersions.IsUnknown() && !m.RepositoryID.IsUnknown() && !m.DataRetrievalID.IsUnknown()
}

// Scope is the session the broker opens for organization_id.
func (m SessionSourceModel) Scope() framework.SessionScope {
	return framework.SessionScope{
		OrganizationID: m.OrganizationID.ValueString(), PointInTime: m.PointInTime.ValueString(),
		ShowDeleted: m.ShowDeleted.ValueBool(), ShowAllVersions: m.ShowAllVersions.ValueBool(),
		RepositoryID: m.RepositoryID.ValueString(), DataRetrievalID: m.DataRetrievalID.ValueString(),
	}
}

// ByOrganization reports whether the provider opens the session (organization_id).
func (m SessionSourceModel) ByOrganization() bool {
	return m.RestoreSessionID.IsNull() || m.RestoreSessionID.ValueString() == ""
}

// Describe names the source in messages.
func (m SessionSourceModel) Describe() string {
	if !m.RestoreSessionID.IsNull() {
		return "restore session " + Quote(m.RestoreSessionID.ValueString())
	}
	s := "a restore session of organization " + Quote(m.OrganizationID.ValueString())
	if !m.PointInTime.IsNull() {
		s += " at " + m.PointInTime.ValueString()
	}
	if !m.DataRetrievalID.IsNull() {
		s += " from data retrieval " + Quote(m.DataRetrievalID.ValueString())
	}
	if !m.RepositoryID.IsNull() {
		s += " in backup repository " + Quote(m.RepositoryID.ValueString())
	}
	if m.ShowDeleted.ValueBool() {
		s += ", with deleted items"
	}
	if m.ShowAllVersions.ValueBool() {
		s += ", with all versions"
	}
	return s
}

func Quote(s string) string { return `"` + s + `"` }

// AcquireSession returns the session to use and a release function to defer. For
// organization_id the broker opens (or shares) a session; release stops it and turns a failure
// to stop it into a warning. For restore_session_id it is the given session.
func AcquireSession(ctx context.Context, broker *framework.SessionBroker, m SessionSourceModel, diags *diag.Diagnostics) (string, func(), bool) {
	if !m.RestoreSessionID.IsNull() && m.RestoreSessionID.ValueString() != "" {
		return m.RestoreSessionID.ValueString(), func() {}, true
	}
	if broker == nil {
		diags.AddError(framework.NotConfiguredSummary, framework.NotConfiguredDetail)
		return "", nil, false
	}
	id, release, err := broker.Acquire(ctx, m.Scope())
	if err != nil {
		framework.AddClientError(diags, "Cannot open a restore session", "Opening "+m.Describe(), err)
		return "", nil, false
	}
	return id, func() {
		if err := release(ctx); err != nil {
			diags.AddWarning("Restore session left running", err.Error())
		}
	}, true
}
