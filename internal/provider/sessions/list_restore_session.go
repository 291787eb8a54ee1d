package sessions

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var (
	_ list.ListResource                   = (*restoreSessionListResource)(nil)
	_ list.ListResourceWithConfigure      = (*restoreSessionListResource)(nil)
	_ list.ListResourceWithValidateConfig = (*restoreSessionListResource)(nil)
)

// NewRestoreSessionListResource returns the vb365_restore_session list resource (terraform query).
func NewRestoreSessionListResource() list.ListResource { return &restoreSessionListResource{} }

type restoreSessionListResource struct {
	client *vb365.Client
}

type restoreSessionListModel struct {
	OrganizationID   types.String `tfsdk:"organization_id"`
	State            types.String `tfsdk:"state"`
	CreationTimeFrom types.String `tfsdk:"creation_time_from"`
	CreationTimeTo   types.String `tfsdk:"creation_time_to"`
}

// Documented session states (RESTRestoreSession.state).

func (l *restoreSessionListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_restore_session"
}

func (l *restoreSessionListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the server's Exchange restore (explore) sessions with their identities, for `terraform query` " +
			"(Terraform 1.14+): to find sessions left open, then import them (`import { to = ..., identity = { id = ... } }`, or " +
			"`terraform query -generate-config-out=...`) and destroy them, which stops them. Every filter is optional; without " +
			"filters every session the server reports is listed, oldest first. The creation-time bounds are sent to the server " +
			"(API v6+) and applied by the provider as well; the organization and state are filtered by the provider, as the API " +
			"has no such parameters.",
		Attributes: map[string]schema.Attribute{
			"organization_id": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only sessions exploring this organization (see the `vb365_organizations` data source).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)}},
			"state": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only sessions in this state: `Starting`, `Working`, `Stopping` or `Stopped` (any letter case). " +
					"`Working` finds the sessions left open.",
				Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(framework.RestoreSessionStates...)}},
			"creation_time_from": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only sessions opened at or after this time (RFC 3339, e.g. `2026-11-01T00:00:00Z`).",
				Validators:          []validator.String{framework.RFC3339Validator{}}},
			"creation_time_to": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only sessions opened at or before this time (RFC 3339).",
				Validators:          []validator.String{framework.RFC3339Validator{}}},
		},
	}
}

func (l *restoreSessionListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.client, resp.Diagnostics = framework.ClientFrom(req.ProviderData)
}

// ValidateListResourceConfig rejects a time range that ends before it starts.
func (l *restoreSessionListResource) ValidateListResourceConfig(ctx context.Context, req list.ValidateConfigRequest, resp *list.ValidateConfigResponse) {
	var m restoreSessionListModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	from, errFrom := optionalTime(m.CreationTimeFrom)
	to, errTo := optionalTime(m.CreationTimeTo)
	if errFrom == nil && errTo == nil && from != nil && to != nil && to.Before(*from) {
		resp.Diagnostics.AddAttributeError(path.Root("creation_time_to"), "Invalid time range",
			fmt.Sprintf("creation_time_to (%s) is before creation_time_from (%s).", m.CreationTimeTo.ValueString(), m.CreationTimeFrom.ValueString()))
	}
}

// optionalTime parses a known RFC 3339 value; nil for null or unknown.
func optionalTime(v types.String) (*time.Time, error) {
	if v.IsNull() || v.IsUnknown() {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, v.ValueString())
	if err != nil {
		return nil, err
	}
	return &t, nil
}

func (l *restoreSessionListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var m restoreSessionListModel
	if diags := req.Config.Get(ctx, &m); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	if l.client == nil {
		var diags diag.Diagnostics
		diags.AddError("Provider not configured", framework.RestoreNotConfiguredDetail)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	query := vb365.RestoreSessionFilter{ListOptions: vb365.ListOptions{PageSize: vb365.DefaultPageSize}}
	var err error
	if query.StartTimeFrom, err = optionalTime(m.CreationTimeFrom); err == nil {
		query.StartTimeTo, err = optionalTime(m.CreationTimeTo)
	}
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Invalid creation time bound", err.Error())
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	wantOrg, wantState := m.OrganizationID.ValueString(), m.State.ValueString()

	stream.Results = func(push func(list.ListResult) bool) {
		pushed := int64(0)
		for s, err := range l.client.ListRestoreSessions(ctx, query) {
			if err != nil {
				var diags diag.Diagnostics
				diags.AddError("Cannot list restore sessions", err.Error())
				push(list.ListResult{Diagnostics: diags})
				return
			}
			// Only Exchange explore sessions are vb365_restore_session resources.
			if (s.Type != "" && !strings.EqualFold(s.Type, "Vex")) || (wantState != "" && !strings.EqualFold(s.State, wantState)) {
				continue
			}
			orgID := s.OrganizationID
			if orgID == "" && (wantOrg != "" || req.IncludeResource) {
				// v6+ link the session's organization as .../RestoreSessions/{id}/organization: ask it.
				org, err := l.client.RestoreSessionOrganization(ctx, s.ID)
				if err != nil {
					var diags diag.Diagnostics
					diags.AddError("Cannot read a restore session's organization", fmt.Sprintf("Restore session %s: %v", s.ID, err))
					push(list.ListResult{Diagnostics: diags})
					return
				}
				orgID = org.ID
			}
			if wantOrg != "" && !strings.EqualFold(orgID, wantOrg) {
				continue
			}
			if !push(l.result(ctx, req, s, orgID)) {
				return
			}
			pushed++
			if req.Limit > 0 && pushed >= req.Limit {
				return
			}
		}
	}
}

// result is one session: its identity, a name for people and, when asked, the resource as an
// import would read it.
func (l *restoreSessionListResource) result(ctx context.Context, req list.ListRequest, s vb365.RestoreSession, orgID string) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = sessionDisplayName(s)
	result.Diagnostics.Append(result.Identity.Set(ctx, restoreSessionIdentityModel{ID: types.StringValue(s.ID)})...)
	if req.IncludeResource {
		m := restoreSessionResourceModel{
			ID:              types.StringValue(s.ID),
			OrganizationID:  types.StringValue(orgID),
			PointInTime:     types.StringNull(),
			ShowDeleted:     types.BoolNull(),
			ShowAllVersions: types.BoolNull(),
			RepositoryID:    types.StringNull(),
			DataRetrievalID: types.StringNull(),
			Reason:          types.StringNull(),
			Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
				"create": types.StringType, "delete": types.StringType})},
		}
		applySessionAttributes(&m, s)
		result.Diagnostics.Append(result.Resource.Set(ctx, m)...)
	}
	return result
}

// sessionDisplayName reads e.g. "Working since 2026-11-29T08:00:00Z, bestsupport.onmicrosoft.com, by admin@...".
func sessionDisplayName(s vb365.RestoreSession) string {
	parts := []string{strings.TrimSpace(s.State + " since " + s.CreationTime)}
	if s.EndTime != "" {
		parts[0] = s.State + ", " + s.CreationTime + " to " + s.EndTime
	}
	if s.Organization != "" {
		parts = append(parts, s.Organization)
	}
	if s.InitiatedBy != "" {
		parts = append(parts, "by "+s.InitiatedBy)
	}
	return strings.Join(parts, ", ")
}
