package governance

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var (
	_ resource.Resource                   = (*auditEmailSettingsResource)(nil)
	_ resource.ResourceWithConfigure      = (*auditEmailSettingsResource)(nil)
	_ resource.ResourceWithImportState    = (*auditEmailSettingsResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*auditEmailSettingsResource)(nil)
	_ resource.ResourceWithValidateConfig = (*auditEmailSettingsResource)(nil)
)

// auditEmailSettingsID is the ID of the server's one audit e-mail configuration.
const auditEmailSettingsID = "audit_email_settings"

// NewAuditEmailSettingsResource returns the vb365_audit_email_settings resource.
func NewAuditEmailSettingsResource() resource.Resource { return &auditEmailSettingsResource{} }

type auditEmailSettingsResource struct {
	client *vb365.Client
}

type auditEmailSettingsModel struct {
	ID                 types.String `tfsdk:"id"`
	Enabled            types.Bool   `tfsdk:"enabled"`
	AuthenticationType types.String `tfsdk:"authentication_type"`
	SMTPServer         types.String `tfsdk:"smtp_server"`
	Port               types.Int64  `tfsdk:"port"`
	UseSSL             types.Bool   `tfsdk:"use_ssl"`
	UseAuthentication  types.Bool   `tfsdk:"use_authentication"`
	Username           types.String `tfsdk:"username"`
	PasswordWO         types.String `tfsdk:"password_wo"`
	PasswordWOVersion  types.Int64  `tfsdk:"password_wo_version"`
	From               types.String `tfsdk:"from"`
	To                 types.List   `tfsdk:"to"`
	Subject            types.String `tfsdk:"subject"`
	UserID             types.String `tfsdk:"user_id"`
	MailAPIURL         types.String `tfsdk:"mail_api_url"`
	OAuthRequestID     types.String `tfsdk:"oauth_request_id"`
	IsAuthenticated    types.Bool   `tfsdk:"is_authenticated"`
	SendTestEmail      types.Map    `tfsdk:"send_test_email"`
}

func (r *auditEmailSettingsResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_audit_email_settings"
}

func (r *auditEmailSettingsResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The server's audit e-mail settings: where the audit notifications of `vb365_audit_item` go, through an " +
			"SMTP server or (API v7+) on behalf of a Microsoft 365 or Google account (VB365 REST API v5 or later: `AuditEmailSettings`). " +
			"The server has exactly one such configuration: declare this resource once per server.\n\n" +
			"Create and update replace the whole configuration (`PUT`); refresh reads it back and plans an update for every " +
			"argument changed on the server (the recipients, the subject, notifications turned off in the console). " +
			"Arguments left out take the values noted below.\n\n" +
			"**Destroy turns audit notifications off** (`enableNotification = false`) and leaves every other setting on the server " +
			"as it is: the configuration cannot be deleted. Use a `removed` block with `destroy = false` to stop managing it " +
			"without turning notifications off.\n\n" +
			"The SMTP password is write-only (`password_wo`, Terraform 1.11+ and OpenTofu 1.11+): it is sent when the settings " +
			"are created and whenever `password_wo_version` changes, and is never stored in state or shown in a plan; the server " +
			"keeps the stored password otherwise. The server does not report it, so a password changed on the server is not " +
			"detected.\n\n" +
			"The OAuth forms (`authentication_type = \"Microsoft365\"` or `\"GoogleGmail\"`, API v7+) need a sign-in in a browser " +
			"that Terraform cannot perform: complete it with the server's `AuditEmailSettings/PrepareOAuthSignIn` and " +
			"`CompleteOAuthSignIn` (or in the console) and pass its request ID as `oauth_request_id`.\n\n" +
			"Import with the ID `" + auditEmailSettingsID + "`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, PlanModifiers: keep,
				MarkdownDescription: "Always `" + auditEmailSettingsID + "`."},
			"enabled": schema.BoolAttribute{Required: true,
				MarkdownDescription: "Whether the server sends audit notifications by e-mail (`enableNotification`)."},
			"authentication_type": schema.StringAttribute{Optional: true, Computed: true,
				Default: stringdefault.StaticString(vb365.AuditEmailSMTP),
				MarkdownDescription: "How the server sends: `CustomSmtp` (default, every version), `Microsoft365` or `GoogleGmail` " +
					"(API v7+, after an OAuth sign-in; see `oauth_request_id`).",
				Validators: []validator.String{stringvalidator.OneOf(vb365.AuditEmailSMTP, vb365.AuditEmailMicrosoft365, vb365.AuditEmailGoogleGmail)}},
			"smtp_server": schema.StringAttribute{Optional: true,
				MarkdownDescription: "DNS name or IP address of the SMTP server. Required when `enabled` with `CustomSmtp`.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)}},
			"port": schema.Int64Attribute{Optional: true, Computed: true,
				MarkdownDescription: "Port of the SMTP server. Left out: the server's current port (25 on a new server).",
				Validators:          []validator.Int64{int64validator.Between(1, 65535)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}},
			"use_ssl": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Use a secure connection to the SMTP server. Defaults to `false`."},
			"use_authentication": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "The SMTP server requires authentication (`username`, `password_wo`). Defaults to `false`."},
			"username": schema.StringAttribute{Optional: true,
				MarkdownDescription: "User name for SMTP authentication.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)}},
			"password_wo": schema.StringAttribute{Optional: true, WriteOnly: true, Sensitive: true,
				MarkdownDescription: "Password for SMTP authentication; write-only: never in state or plan. Sent on create and " +
					"whenever `password_wo_version` changes.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"password_wo_version": schema.Int64Attribute{Optional: true,
				MarkdownDescription: "Change this number to send `password_wo` again (e.g. after rotating the password)."},
			"from": schema.StringAttribute{Optional: true,
				MarkdownDescription: "E-mail address of the sender. Required when `enabled`.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)}},
			"to": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Recipients of the notifications (the server keeps them separated by `;`). Required when `enabled`.",
				Validators: []validator.List{listvalidator.SizeAtLeast(1),
					listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1), stringvalidator.NoneOf(";"))}},
			"subject": schema.StringAttribute{Optional: true, Computed: true, PlanModifiers: keep,
				MarkdownDescription: "Subject of the notifications, with the server's variables `%OrganizationName%`, `%DisplayName%`, " +
					"`%Action%`, `%InitiatedByUserName%`, `%StartTime%`. Left out: the server's current subject."},
			"user_id": schema.StringAttribute{Optional: true,
				MarkdownDescription: "OAuth forms (v7+): ID of the account the server sends on behalf of.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)}},
			"mail_api_url": schema.StringAttribute{Optional: true,
				MarkdownDescription: "`Microsoft365` (v7+): the Microsoft Graph endpoint for sending e-mail.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)}},
			"oauth_request_id": schema.StringAttribute{Optional: true,
				MarkdownDescription: "OAuth forms (v7+): the request ID of a sign-in completed with `CompleteOAuthSignIn`. The server " +
					"does not report it back; it is kept as configured.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"is_authenticated": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "Whether the OAuth sign-in is complete, as the server reports it (v7+; null before)."},
			"send_test_email": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Arbitrary keys and values, in the style of `triggers`: when the settings are created with it, " +
					"and whenever its value changes, the server sends a test message to the recipients after the settings are applied " +
					"(`SendTest`, `SendTestEmail` on v8). A test message that provably was not sent is sent on the next apply; one " +
					"that may have been sent is not sent again."},
		},
	}
}

func (r *auditEmailSettingsResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	pd, diags := framework.ProviderDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if pd != nil {
		r.client = pd.Client
	}
}

// ValidateConfig checks the combinations the server would refuse, before anything is sent.
func (r *auditEmailSettingsResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m auditEmailSettingsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	known := func(v attr.Value) bool { return !v.IsUnknown() }
	authType := m.AuthenticationType.ValueString()
	if m.AuthenticationType.IsNull() {
		authType = vb365.AuditEmailSMTP
	}
	enabled := m.Enabled.ValueBool() && known(m.Enabled)
	missing := func(attribute string, v attr.Value, why string) {
		if v.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root(attribute), "Missing required argument",
				fmt.Sprintf("%q is required %s.", attribute, why))
		}
	}
	if known(m.AuthenticationType) && authType == vb365.AuditEmailSMTP {
		if enabled {
			missing("smtp_server", m.SMTPServer, "when notifications are enabled through SMTP")
		}
		if m.UseAuthentication.ValueBool() {
			missing("username", m.Username, "when use_authentication is true")
		}
		for _, a := range []struct {
			name  string
			value attr.Value
		}{{"user_id", m.UserID}, {"mail_api_url", m.MailAPIURL}, {"oauth_request_id", m.OAuthRequestID}} {
			if !a.value.IsNull() {
				resp.Diagnostics.AddAttributeError(path.Root(a.name), "Argument not used with SMTP",
					fmt.Sprintf("%q applies to the OAuth forms (authentication_type Microsoft365 or GoogleGmail) only.", a.name))
			}
		}
	}
	if known(m.AuthenticationType) && authType != vb365.AuditEmailSMTP {
		missing("user_id", m.UserID, "with authentication_type "+authType)
		missing("oauth_request_id", m.OAuthRequestID, "with authentication_type "+authType+" (the ID of the completed sign-in)")
	}
	if enabled {
		missing("from", m.From, "when notifications are enabled")
		missing("to", m.To, "when notifications are enabled")
	}
	if !m.PasswordWOVersion.IsNull() && m.PasswordWO.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("password_wo_version"), "Missing password",
			"password_wo_version tells when to send password_wo again; set password_wo as well.")
	}
}

// ModifyPlan refuses at plan time what the API version cannot do: audit e-mail settings need
// v5, the OAuth forms v7.
func (r *auditEmailSettingsResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client == nil || req.Plan.Raw.IsNull() {
		return
	}
	if !checkVersion(ctx, r.client, vb365.MinAuditVersion, "Managing audit e-mail settings", &resp.Diagnostics) {
		return
	}
	var plan auditEmailSettingsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if t := plan.AuthenticationType.ValueString(); !plan.AuthenticationType.IsUnknown() && t != vb365.AuditEmailSMTP {
		checkVersion(ctx, r.client, vb365.MinAuditEmailOAuthVersion, "Sending audit e-mail through "+t, &resp.Diagnostics)
	}
}

// update builds the PUT of m; password is sent when not empty.
func (m auditEmailSettingsModel) update(ctx context.Context, password string) (vb365.AuditEmailSettingsUpdate, error) {
	var to []string
	if !m.To.IsNull() && !m.To.IsUnknown() {
		if diags := m.To.ElementsAs(ctx, &to, false); diags.HasError() {
			return vb365.AuditEmailSettingsUpdate{}, fmt.Errorf("reading to: %v", diags)
		}
	}
	return vb365.AuditEmailSettingsUpdate{
		AuditEmailSettings: vb365.AuditEmailSettings{
			Enabled: m.Enabled.ValueBool(), SMTPServer: m.SMTPServer.ValueString(), Port: m.Port.ValueInt64(),
			UseAuthentication: m.UseAuthentication.ValueBool(), Username: m.Username.ValueString(), UseSSL: m.UseSSL.ValueBool(),
			From: m.From.ValueString(), To: strings.Join(to, ";"), Subject: m.Subject.ValueString(),
			AuthenticationType: m.AuthenticationType.ValueString(), UserID: m.UserID.ValueString(), MailAPIURL: m.MailAPIURL.ValueString(),
		},
		Password:  password,
		RequestID: m.OAuthRequestID.ValueString(),
	}, nil
}

// apply copies what the server reports into m. Optional strings the configuration leaves out
// stay null while the server holds nothing for them.
func (m *auditEmailSettingsModel) apply(s vb365.AuditEmailSettings) {
	optional := func(current types.String, server string) types.String {
		if server == "" && current.IsNull() {
			return current
		}
		return types.StringValue(server)
	}
	m.ID = types.StringValue(auditEmailSettingsID)
	m.Enabled = types.BoolValue(s.Enabled)
	if s.AuthenticationType != "" { // v7+; before, every configuration is SMTP
		m.AuthenticationType = types.StringValue(s.AuthenticationType)
	} else if m.AuthenticationType.IsNull() || m.AuthenticationType.IsUnknown() {
		m.AuthenticationType = types.StringValue(vb365.AuditEmailSMTP)
	}
	m.SMTPServer = optional(m.SMTPServer, s.SMTPServer)
	m.Port = types.Int64Value(s.Port)
	m.UseSSL = types.BoolValue(s.UseSSL)
	m.UseAuthentication = types.BoolValue(s.UseAuthentication)
	m.Username = optional(m.Username, s.Username)
	m.From = optional(m.From, s.From)
	var to []attr.Value
	for _, addr := range strings.Split(s.To, ";") {
		if addr = strings.TrimSpace(addr); addr != "" {
			to = append(to, types.StringValue(addr))
		}
	}
	if len(to) == 0 && m.To.IsNull() {
		m.To = types.ListNull(types.StringType)
	} else {
		m.To = types.ListValueMust(types.StringType, to)
	}
	m.Subject = types.StringValue(s.Subject)
	m.UserID = optional(m.UserID, s.UserID)
	m.MailAPIURL = optional(m.MailAPIURL, s.MailAPIURL)
	m.IsAuthenticated = types.BoolPointerValue(s.IsAuthenticated)
	m.PasswordWO = types.StringNull() // write-only: never in state
}

func (r *auditEmailSettingsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config auditEmailSettingsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	if plan.Port.IsUnknown() || plan.Subject.IsUnknown() {
		// Left out: keep what the server has.
		current, err := r.client.AuditEmailSettings(ctx)
		if err != nil {
			r.addError(&resp.Diagnostics, "Cannot read the audit e-mail settings", "Reading the audit e-mail settings", err)
			return
		}
		if plan.Port.IsUnknown() {
			plan.Port = types.Int64Value(current.Port)
		}
		if plan.Subject.IsUnknown() {
			plan.Subject = types.StringValue(current.Subject)
		}
	}
	r.put(ctx, plan, config.PasswordWO.ValueString(), !plan.SendTestEmail.IsNull(), types.MapNull(types.StringType),
		&resp.State, &resp.Diagnostics)
}

func (r *auditEmailSettingsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, config, state auditEmailSettingsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	password := ""
	if !plan.PasswordWOVersion.Equal(state.PasswordWOVersion) {
		password = config.PasswordWO.ValueString()
	}
	sendTest := !plan.SendTestEmail.IsNull() && !plan.SendTestEmail.Equal(state.SendTestEmail)
	r.put(ctx, plan, password, sendTest, state.SendTestEmail, &resp.State, &resp.Diagnostics)
}

// put applies plan, reads the settings back into state and sends a test message when asked.
// A test message that provably was not sent leaves send_test_email at its previous value (in
// state), so that the next apply sends it; one that may have been sent is recorded as sent.
func (r *auditEmailSettingsResource) put(ctx context.Context, plan auditEmailSettingsModel, password string, sendTest bool,
	previousTrigger types.Map, state *tfsdk.State, diags *diag.Diagnostics,
) {
	u, err := plan.update(ctx, password)
	if err != nil {
		diags.AddError("Invalid audit e-mail settings", err.Error())
		return
	}
	if err := r.client.SetAuditEmailSettings(ctx, u); err != nil {
		r.addError(diags, "Cannot change the audit e-mail settings", "Changing the audit e-mail settings", err)
		return
	}
	tflog.Info(ctx, "audit e-mail settings applied", map[string]any{"enabled": u.Enabled, "authentication_type": u.AuthenticationType})
	current, err := r.client.AuditEmailSettings(ctx)
	if err != nil {
		// Applied; the next refresh reads them.
		tflog.Warn(ctx, "audit e-mail settings applied but not read back", map[string]any{"error": err.Error()})
		current = u.AuditEmailSettings
	}
	recorded := plan
	recorded.apply(current)
	// Keep the configured spellings of what the server normalizes (e.g. recipients' spacing).
	recorded.OAuthRequestID, recorded.PasswordWOVersion, recorded.SendTestEmail = plan.OAuthRequestID, plan.PasswordWOVersion, plan.SendTestEmail
	if sendTest {
		if err := r.client.SendAuditTestEmail(ctx); err != nil {
			if vb365.ProvablyNotRun(err) {
				recorded.SendTestEmail = previousTrigger
			}
			r.addError(diags, "Cannot send the test e-mail", "Sending a test audit e-mail (the settings are applied)", err)
		} else {
			tflog.Info(ctx, "test audit e-mail sent")
		}
	}
	diags.Append(state.Set(ctx, recorded)...)
}

func (r *auditEmailSettingsResource) addError(diags *diag.Diagnostics, summary, doing string, err error) {
	if framework.AddUnsupportedVersionError(diags, doing, err) {
		return
	}
	framework.AddClientError(diags, summary, doing, err)
}

func (r *auditEmailSettingsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state auditEmailSettingsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.client == nil {
		resp.Diagnostics.AddWarning("Audit e-mail settings not refreshed", "The provider configuration is not known yet; the last known state is kept.")
		return
	}
	current, err := r.client.AuditEmailSettings(ctx)
	if err != nil {
		r.addError(&resp.Diagnostics, "Cannot read the audit e-mail settings", "Reading the audit e-mail settings", err)
		return
	}
	state.apply(current)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete turns notifications off and leaves every other setting on the server.
func (r *auditEmailSettingsResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state auditEmailSettingsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	current, err := r.client.AuditEmailSettings(ctx)
	if err != nil {
		r.addError(&resp.Diagnostics, "Cannot read the audit e-mail settings", "Reading the audit e-mail settings before turning notifications off", err)
		return
	}
	if !current.Enabled {
		return
	}
	off := vb365.AuditEmailSettingsUpdate{AuditEmailSettings: current}
	off.Enabled = false
	if err := r.client.SetAuditEmailSettings(ctx, off); err != nil {
		r.addError(&resp.Diagnostics, "Cannot turn audit e-mail notifications off", "Turning audit e-mail notifications off", err)
	}
}

func (r *auditEmailSettingsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID != auditEmailSettingsID {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("The server has one audit e-mail configuration; import it with the ID %q (got %q).", auditEmailSettingsID, req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), auditEmailSettingsID)...)
}
