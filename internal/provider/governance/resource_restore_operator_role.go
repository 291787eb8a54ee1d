package governance

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var (
	_ resource.Resource                   = (*restoreOperatorRoleResource)(nil)
	_ resource.ResourceWithConfigure      = (*restoreOperatorRoleResource)(nil)
	_ resource.ResourceWithImportState    = (*restoreOperatorRoleResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*restoreOperatorRoleResource)(nil)
	_ resource.ResourceWithValidateConfig = (*restoreOperatorRoleResource)(nil)
)

// NewRestoreOperatorRoleResource returns the vb365_restore_operator_role resource.
func NewRestoreOperatorRoleResource() resource.Resource { return &restoreOperatorRoleResource{} }

type restoreOperatorRoleResource struct {
	client *vb365.Client
}

type restoreOperatorRoleModel struct {
	ID             types.String `tfsdk:"id"`
	OrganizationID types.String `tfsdk:"organization_id"`
	Name           types.String `tfsdk:"name"`
	Description    types.String `tfsdk:"description"`
	RoleType       types.String `tfsdk:"role_type"`
	Operators      types.Set    `tfsdk:"operators"`
	SelectedItems  types.Set    `tfsdk:"selected_items"`
	ExcludedItems  types.Set    `tfsdk:"excluded_items"`
}

// roleMemberModel is one element of operators, selected_items or excluded_items.
type roleMemberModel struct {
	Type types.String `tfsdk:"type"`
	ID   types.String `tfsdk:"id"`
}

var roleMemberType = types.ObjectType{AttrTypes: map[string]attr.Type{"type": types.StringType, "id": types.StringType}}

func memberSet(description string, memberTypes []string, required bool) schema.SetNestedAttribute {
	return schema.SetNestedAttribute{
		Required: required, Optional: !required,
		MarkdownDescription: description,
		Validators:          []validator.Set{setvalidator.SizeAtLeast(1)},
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"type": schema.StringAttribute{Required: true,
				MarkdownDescription: "One of " + quoteList(memberTypes) + ".",
				Validators:          []validator.String{stringvalidator.OneOf(memberTypes...)}},
			"id": schema.StringAttribute{Required: true,
				MarkdownDescription: "ID of the user, group, site or team in the organization.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)}},
		}},
	}
}

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = "`" + s + "`"
	}
	return strings.Join(q, ", ")
}

func (r *restoreOperatorRoleResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_restore_operator_role"
}

func (r *restoreOperatorRoleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	items := []string{vb365.MemberUser, vb365.MemberGroup, vb365.MemberSite, vb365.MemberTeam}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A restore operator role of an organization (VB365 REST API v6 or later: `RbacRoles`): its operators " +
			"(users or groups) may restore, through the Restore Portal or the REST API signed in as themselves, the data of the " +
			"whole organization (`role_type = \"EntireOrganization\"`) or of the selected items only (`\"SpecificObjects\"`), " +
			"never the data of the excluded items.\n\n" +
			"Create sends the role with its members in one request; an update replaces the role's settings and members in one " +
			"request (`PUT RbacRoles/{roleId}`). Refresh reads the role and its three member lists: members added or removed on " +
			"the server, a renamed role or a changed type are planned back to the configuration, and a role deleted on the server " +
			"is planned to be created again. Destroy deletes the role. Import by role ID.\n\n" +
			"The server refuses unknown users, groups and sites, a member listed twice, a role without operators, a " +
			"`SpecificObjects` role without selected items and a name already used by another role; the refusal is shown and " +
			"nothing is created or changed. `Team` items need API v8.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "Role ID; the import ID.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"organization_id": schema.StringAttribute{Required: true,
				MarkdownDescription: "ID of the organization the role belongs to. Changing it creates a new role.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"name": schema.StringAttribute{Required: true, MarkdownDescription: "Name of the role, unique on the server.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"description": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(""),
				MarkdownDescription: "Description of the role. Defaults to empty."},
			"role_type": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(vb365.RoleEntireOrganization),
				MarkdownDescription: "`EntireOrganization` (default: the operators may restore the data of the whole organization " +
					"but the excluded items) or `SpecificObjects` (only the selected items).",
				Validators: []validator.String{stringvalidator.OneOf(vb365.RoleEntireOrganization, vb365.RoleSpecificObjects)}},
			"operators": memberSet("Who may restore: users and groups of the organization.",
				[]string{vb365.MemberUser, vb365.MemberGroup}, true),
			"selected_items": memberSet("Whose data the operators may restore (`SpecificObjects` roles only; required there).", items, false),
			"excluded_items": memberSet("Whose data the operators may never restore.", items, false),
		},
	}
}

func (r *restoreOperatorRoleResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	pd, diags := framework.ProviderDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if pd != nil {
		r.client = pd.Client
	}
}

func (r *restoreOperatorRoleResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m restoreOperatorRoleModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.RoleType.IsUnknown() || m.SelectedItems.IsUnknown() {
		return
	}
	roleType := m.RoleType.ValueString()
	if m.RoleType.IsNull() {
		roleType = vb365.RoleEntireOrganization
	}
	switch {
	case roleType == vb365.RoleSpecificObjects && m.SelectedItems.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("selected_items"), "Missing selected items",
			"A role of type SpecificObjects restores only its selected items: set selected_items.")
	case roleType == vb365.RoleEntireOrganization && !m.SelectedItems.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("selected_items"), "Selected items need SpecificObjects",
			"selected_items applies to roles of type SpecificObjects; set role_type = \"SpecificObjects\" or remove selected_items.")
	}
}

// ModifyPlan refuses a role at plan time below API v6.
func (r *restoreOperatorRoleResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client == nil || req.Plan.Raw.IsNull() {
		return
	}
	checkVersion(ctx, r.client, vb365.MinRbacVersion, "Managing restore operator roles", &resp.Diagnostics)
}

func membersFromSet(ctx context.Context, s types.Set, diags *diag.Diagnostics) []vb365.RoleMember {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	var elems []roleMemberModel
	diags.Append(s.ElementsAs(ctx, &elems, false)...)
	out := make([]vb365.RoleMember, len(elems))
	for i, e := range elems {
		out[i] = vb365.RoleMember{Type: e.Type.ValueString(), ID: e.ID.ValueString()}
	}
	return out
}

// membersToSet renders the server's members; an empty list stays null when the configuration
// (current) has none.
func membersToSet(current types.Set, members []vb365.RoleMember) types.Set {
	if len(members) == 0 && current.IsNull() {
		return types.SetNull(roleMemberType)
	}
	sort.Slice(members, func(i, j int) bool { return members[i].ID < members[j].ID })
	elems := make([]attr.Value, len(members))
	for i, m := range members {
		elems[i] = types.ObjectValueMust(roleMemberType.AttrTypes, map[string]attr.Value{
			"type": types.StringValue(m.Type), "id": types.StringValue(m.ID)})
	}
	return types.SetValueMust(roleMemberType, elems)
}

func (m restoreOperatorRoleModel) spec(ctx context.Context, diags *diag.Diagnostics) vb365.RestoreOperatorRoleSpec {
	return vb365.RestoreOperatorRoleSpec{
		Name: m.Name.ValueString(), Description: m.Description.ValueString(), RoleType: m.RoleType.ValueString(),
		Operators:     membersFromSet(ctx, m.Operators, diags),
		SelectedItems: membersFromSet(ctx, m.SelectedItems, diags),
		ExcludedItems: membersFromSet(ctx, m.ExcludedItems, diags),
	}
}

func (r *restoreOperatorRoleResource) addError(diags *diag.Diagnostics, summary, doing string, err error) {
	if framework.AddUnsupportedVersionError(diags, doing, err) {
		return
	}
	framework.AddClientError(diags, summary, doing, err)
}

func (r *restoreOperatorRoleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan restoreOperatorRoleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	spec := plan.spec(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	org := plan.OrganizationID.ValueString()
	role, err := r.client.CreateRestoreOperatorRole(ctx, org, spec)
	if err != nil {
		doing := fmt.Sprintf("Creating restore operator role %q in organization %q", spec.Name, org)
		if !vb365.ProvablyNotRun(err) {
			doing += " (the request may have reached the server: if a role of that name exists now, import it by its ID " +
				"instead of applying again)"
		}
		r.addError(&resp.Diagnostics, "Cannot create the restore operator role", doing, err)
		return
	}
	tflog.Info(ctx, "restore operator role created", map[string]any{"id": role.ID, "name": role.Name})
	plan.ID = types.StringValue(role.ID)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.readInto(ctx, &plan, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// readInto refreshes m from the server; it reports false when the role no longer exists.
func (r *restoreOperatorRoleResource) readInto(ctx context.Context, m *restoreOperatorRoleModel, diags *diag.Diagnostics) bool {
	id := m.ID.ValueString()
	role, err := r.client.RestoreOperatorRole(ctx, id)
	if vb365.IsNotFound(err) {
		return false
	}
	if err != nil {
		r.addError(diags, "Cannot read the restore operator role", fmt.Sprintf("Reading restore operator role %q", id), err)
		return true
	}
	lists := map[vb365.RoleMemberList]*types.Set{
		vb365.RoleOperators: &m.Operators, vb365.RoleSelectedItems: &m.SelectedItems, vb365.RoleExcludedItems: &m.ExcludedItems,
	}
	for list, into := range lists {
		members, err := r.client.RestoreOperatorRoleMembers(ctx, id, list)
		if err != nil {
			r.addError(diags, "Cannot read the restore operator role", fmt.Sprintf("Reading the %s of restore operator role %q", list, id), err)
			return true
		}
		*into = membersToSet(*into, members)
	}
	if role.OrganizationID != "" {
		m.OrganizationID = types.StringValue(role.OrganizationID)
	}
	m.Name, m.Description = types.StringValue(role.Name), types.StringValue(role.Description)
	m.RoleType = types.StringValue(role.RoleType)
	if role.RoleType == "" {
		m.RoleType = types.StringValue(vb365.RoleEntireOrganization)
	}
	return true
}

func (r *restoreOperatorRoleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state restoreOperatorRoleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.client == nil {
		resp.Diagnostics.AddWarning("Restore operator role not refreshed", "The provider configuration is not known yet; the last known state is kept.")
		return
	}
	if !r.readInto(ctx, &state, &resp.Diagnostics) {
		tflog.Warn(ctx, "restore operator role no longer exists; it will be planned to be created again", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *restoreOperatorRoleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state restoreOperatorRoleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	spec := plan.spec(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	if err := r.client.UpdateRestoreOperatorRole(ctx, id, plan.OrganizationID.ValueString(), spec); err != nil {
		r.addError(&resp.Diagnostics, "Cannot change the restore operator role", fmt.Sprintf("Changing restore operator role %q", id), err)
		return
	}
	plan.ID = state.ID
	if !r.readInto(ctx, &plan, &resp.Diagnostics) {
		resp.Diagnostics.AddError("Restore operator role deleted", fmt.Sprintf("Restore operator role %q was deleted on the server during the update.", id))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *restoreOperatorRoleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state restoreOperatorRoleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	if err := r.client.DeleteRestoreOperatorRole(ctx, id); err != nil && !vb365.IsNotFound(err) {
		r.addError(&resp.Diagnostics, "Cannot delete the restore operator role", fmt.Sprintf("Deleting restore operator role %q", id), err)
	}
}

func (r *restoreOperatorRoleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if strings.TrimSpace(req.ID) == "" || strings.Contains(req.ID, "/") {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("Import a vb365_restore_operator_role by its role ID; got %q.", req.ID))
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}
