package governance

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var (
	_ resource.Resource                = (*auditItemResource)(nil)
	_ resource.ResourceWithConfigure   = (*auditItemResource)(nil)
	_ resource.ResourceWithImportState = (*auditItemResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*auditItemResource)(nil)
)

// NewAuditItemResource returns the vb365_audit_item resource.
func NewAuditItemResource() resource.Resource { return &auditItemResource{} }

type auditItemResource struct {
	client *vb365.Client
}

type auditItemModel struct {
	ID             types.String `tfsdk:"id"`
	OrganizationID types.String `tfsdk:"organization_id"`
	UserID         types.String `tfsdk:"user_id"`
	GroupID        types.String `tfsdk:"group_id"`
	Type           types.String `tfsdk:"type"`
	Name           types.String `tfsdk:"name"`
	DisplayName    types.String `tfsdk:"display_name"`
}

// itemID is the ID of the audited user or group: the server's ID of the audit item.
func (m auditItemModel) itemID() string {
	if !m.UserID.IsNull() && !m.UserID.IsUnknown() {
		return m.UserID.ValueString()
	}
	return m.GroupID.ValueString()
}

func (m auditItemModel) ref() vb365.AuditItemRef {
	if !m.UserID.IsNull() {
		return vb365.AuditItemRef{Type: vb365.AuditItemUser, ID: m.UserID.ValueString()}
	}
	return vb365.AuditItemRef{Type: vb365.AuditItemGroup, ID: m.GroupID.ValueString()}
}

// auditItemImportID is "<organization_id>/<user or group ID>", the resource's id.
func auditItemImportID(organizationID, itemID string) string { return organizationID + "/" + itemID }

func (r *auditItemResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_audit_item"
}

func (r *auditItemResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One user or group of an organization in the server's audit list: the server sends audit " +
			"notifications (through the settings of `vb365_audit_email_settings`) for restore operations on their data " +
			"(VB365 REST API v5 or later: `Organizations/{id}/AuditItems`).\n\n" +
			"Create adds the user or group; destroy removes it (`AuditItems/remove`). Refresh reads the audit list: an item " +
			"removed on the server is planned to be added again. Every argument forces a new item.\n\n" +
			"**Many at once.** The API adds audit items in arrays: the instances of a `for_each` over users that are created " +
			"in the same apply are sent together, in one request per organization (collected for " +
			fmt.Sprintf("%dms", auditBatchWindow.Milliseconds()) + "). When the server refuses such a request " +
			"(an unknown user, one already audited) it has added none of them; each item is then sent on its own, so that " +
			"the refusal is reported on the resource it belongs to and the other items are added. When the request fails " +
			"without an answer, the audit list is read back: what it holds was added, nothing is sent twice.\n\n" +
			"A user or group that is already audited is refused by the server; import it instead: " +
			"`terraform import vb365_audit_item.x <organization_id>/<user or group ID>`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true,
				MarkdownDescription: "`<organization_id>/<user or group ID>`; the import ID.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"organization_id": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "ID of the organization (see the `vb365_organizations` data source).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)}},
			"user_id": schema.StringAttribute{Optional: true, PlanModifiers: replace,
				MarkdownDescription: "ID of the organization user to audit. Exactly one of `user_id` and `group_id`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1),
					stringvalidator.ExactlyOneOf(path.MatchRoot("user_id"), path.MatchRoot("group_id"))}},
			"group_id": schema.StringAttribute{Optional: true, PlanModifiers: replace,
				MarkdownDescription: "ID of the organization group to audit (its members' operations are audited). " +
					"Exactly one of `user_id` and `group_id`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"type": schema.StringAttribute{Computed: true,
				MarkdownDescription: "`User` or `Group`, as the server reports the item.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"name": schema.StringAttribute{Computed: true,
				MarkdownDescription: "The user's e-mail address or the group's name, as the server reports them.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"display_name": schema.StringAttribute{Computed: true,
				MarkdownDescription: "Display name of the user or group, as the server reports it.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		},
	}
}

func (r *auditItemResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	pd, diags := framework.ProviderDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if pd != nil {
		r.client = pd.Client
	}
}

// ModifyPlan refuses a new audit item at plan time when the server's API version has no audit
// routes, so that nothing is planned that apply cannot do.
func (r *auditItemResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client == nil || req.Plan.Raw.IsNull() || !req.State.Raw.IsNull() {
		return
	}
	checkVersion(ctx, r.client, vb365.MinAuditVersion, "Adding an audit item", &resp.Diagnostics)
}

func (r *auditItemResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan auditItemModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	org, ref := plan.OrganizationID.ValueString(), plan.ref()
	if err := batcherFor(r.client).add(ctx, org, ref); err != nil {
		if framework.AddUnsupportedVersionError(&resp.Diagnostics, "Adding an audit item", err) {
			return
		}
		detail := framework.ErrorDetail(fmt.Sprintf("Adding %s %q to the audit list of organization %q",
			strings.ToLower(ref.Type), ref.ID, org), err)
		if isRefusal(err) {
			detail += fmt.Sprintf("\n\nThe server refused this item and added nothing for it. If the %s is already audited, "+
				"import it instead: terraform import <address> %s", strings.ToLower(ref.Type), auditItemImportID(org, ref.ID))
		}
		resp.Diagnostics.AddError("Cannot add the audit item", detail)
		return
	}
	tflog.Info(ctx, "audit item added", map[string]any{"organization_id": org, "id": ref.ID, "type": ref.Type})
	plan.ID = types.StringValue(auditItemImportID(org, ref.ID))
	item, found, err := r.find(ctx, org, ref.ID)
	if err != nil || !found {
		// Added; the details are read on the next refresh.
		tflog.Warn(ctx, "audit item added but not read back", map[string]any{"found": found})
		item = vb365.AuditItem{ID: ref.ID, Type: ref.Type}
	}
	applyAuditItem(&plan, item)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func applyAuditItem(m *auditItemModel, it vb365.AuditItem) {
	m.Type = types.StringValue(it.Type)
	m.Name = types.StringValue(it.Name)
	m.DisplayName = types.StringValue(it.DisplayName)
}

// find looks the item up in the organization's audit list.
func (r *auditItemResource) find(ctx context.Context, organizationID, itemID string) (vb365.AuditItem, bool, error) {
	items, err := r.client.AuditItems(ctx, organizationID)
	if err != nil {
		return vb365.AuditItem{}, false, err
	}
	for _, it := range items {
		if strings.EqualFold(it.ID, itemID) {
			return it, true, nil
		}
	}
	return vb365.AuditItem{}, false, nil
}

func (r *auditItemResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state auditItemModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.client == nil {
		resp.Diagnostics.AddWarning("Audit item not refreshed", "The provider configuration is not known yet; the last known state is kept.")
		return
	}
	org, id := state.OrganizationID.ValueString(), state.itemID()
	item, found, err := r.find(ctx, org, id)
	if err != nil {
		framework.AddReadError(&resp.Diagnostics, "audit items", fmt.Sprintf("the audit list of organization %q", org), err)
		return
	}
	if !found {
		tflog.Warn(ctx, "audit item no longer in the audit list; it will be planned to be added again", map[string]any{"id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	// After an import only the IDs are known: the item's type says which attribute holds it.
	if state.UserID.IsNull() && state.GroupID.IsNull() {
		if item.Type == vb365.AuditItemGroup {
			state.GroupID = types.StringValue(item.ID)
		} else {
			state.UserID = types.StringValue(item.ID)
		}
	}
	state.ID = types.StringValue(auditItemImportID(org, id))
	applyAuditItem(&state, item)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update is never called with a change (every argument forces a new item); it records the plan.
func (r *auditItemResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan auditItemModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *auditItemResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state auditItemModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	org, id := state.OrganizationID.ValueString(), state.itemID()
	err := r.client.RemoveAuditItems(ctx, org, []string{id})
	if vb365.IsNotFound(err) {
		// Already removed (or the organization is gone): nothing left to remove.
		_, found, readErr := r.find(ctx, org, id)
		if (readErr == nil && !found) || vb365.IsNotFound(readErr) {
			return
		}
	}
	if err != nil {
		framework.AddClientError(&resp.Diagnostics, "Cannot remove the audit item",
			fmt.Sprintf("Removing %q from the audit list of organization %q", id, org), err)
	}
}

// ImportState takes "<organization_id>/<user or group ID>".
func (r *auditItemResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	org, id, ok := strings.Cut(req.ID, "/")
	if !ok || strings.TrimSpace(org) == "" || strings.TrimSpace(id) == "" || strings.Contains(id, "/") {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Import a vb365_audit_item as <organization_id>/<user or group ID>; got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("organization_id"), org)...)
	if r.client == nil {
		return
	}
	item, found, err := r.find(ctx, org, id)
	if err != nil {
		framework.AddReadError(&resp.Diagnostics, "audit items", fmt.Sprintf("the audit list of organization %q", org), err)
		return
	}
	if !found {
		resp.Diagnostics.AddError("Audit item not found",
			fmt.Sprintf("Organization %q has no audit item %q: the server does not audit that user or group.", org, id))
		return
	}
	attr := "user_id"
	if item.Type == vb365.AuditItemGroup {
		attr = "group_id"
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), item.ID)...)
}
