package restores

import (
	"context"
	"fmt"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var (
	_ ephemeral.EphemeralResource              = (*restoreDeviceCodeEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithConfigure = (*restoreDeviceCodeEphemeral)(nil)
)

// NewRestoreDeviceCodeEphemeralResource returns the vb365_restore_device_code ephemeral resource.
func NewRestoreDeviceCodeEphemeralResource() ephemeral.EphemeralResource {
	return &restoreDeviceCodeEphemeral{}
}

type restoreDeviceCodeEphemeral struct{ client *vb365.Client }

type restoreDeviceCodeModel struct {
	RestoreSessionID       types.String `tfsdk:"restore_session_id"`
	TargetApplicationID    types.String `tfsdk:"target_application_id"`
	TargetRegion           types.String `tfsdk:"target_region"`
	TargetOrganizationName types.String `tfsdk:"target_organization_name"`
	UserCode               types.String `tfsdk:"user_code"`
	VerificationURL        types.String `tfsdk:"verification_url"`
	ExpiresIn              types.Int64  `tfsdk:"expires_in"`
	ExpiresAt              types.String `tfsdk:"expires_at"`
	Message                types.String `tfsdk:"message"`
}

func (e *restoreDeviceCodeEphemeral) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_restore_device_code"
}

func (e *restoreDeviceCodeEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A device code for a restore with Microsoft 365 modern authentication " +
			"(`POST .../RestoreSessions/{id}/organization/restoreDeviceCode`, API v4 and later): a person opens " +
			"`verification_url`, enters the code and signs in to Microsoft 365; restores of the session then carry " +
			"`user_code` (the write-only `user_code` of a `vb365_mailbox_item_restore` action block) instead of a user " +
			"name and password. Nothing is kept in state or plan; Terraform 1.10+ and OpenTofu 1.11+.\n\n" +
			"The device flow needs a person to sign in within `expires_in` seconds, so it fits an interactive " +
			"`terraform apply` run by that person: the provider shows the server's sign-in message (with the code) as a " +
			"warning when it obtains the code. Terraform opens ephemeral resources in plan and again in apply, and each " +
			"opening asks for a new code: sign in with the code the apply shows. It does not fit unattended runs (CI " +
			"pipelines, saved plans applied later): nobody is there to sign in, and a code expires; use application " +
			"credentials there (`application_id` with `application_certificate` and `impersonation_account_name`). " +
			"Ask for the code in the restore session the restore runs in (`restore_session_id` of the restore).",
		Attributes: map[string]schema.Attribute{
			"restore_session_id": schema.StringAttribute{Required: true,
				MarkdownDescription: "ID of the restore session whose restores use the code (for example `vb365_restore_session.s.id`).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)}},
			"target_application_id": schema.StringAttribute{Optional: true,
				MarkdownDescription: "ID of the Microsoft Entra application to restore with (a GUID)."},
			"target_region": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Region of the Microsoft 365 organization restored to, when restoring to another organization: " +
					"`Worldwide`, `Germany`, `China`, `USDefence` or `USGovernment`.",
				Validators: []validator.String{stringvalidator.OneOf(restoreinputs.OfficeRegions...)}},
			"target_organization_name": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Name of the Microsoft 365 organization restored to, when restoring to another organization."},
			"user_code": schema.StringAttribute{Computed: true, Sensitive: true,
				MarkdownDescription: "The code to enter at `verification_url`, and the `user_code` of the restore."},
			"verification_url": schema.StringAttribute{Computed: true,
				MarkdownDescription: "Where the person signs in, e.g. `https://microsoft.com/devicelogin`."},
			"expires_in": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "Lifetime of the code in seconds, as the server states it; null when it does not."},
			"expires_at": schema.StringAttribute{Computed: true,
				MarkdownDescription: "When the code expires (RFC 3339 UTC), from `expires_in`; null when the server states no lifetime."},
			"message": schema.StringAttribute{Computed: true, Sensitive: true,
				MarkdownDescription: "The server's sign-in instructions, which include the code."},
		},
	}
}

func (e *restoreDeviceCodeEphemeral) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	pd, diags := framework.ProviderDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if pd != nil {
		e.client = pd.Client
	}
}

func (e *restoreDeviceCodeEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m restoreDeviceCodeModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if e.client == nil {
		resp.Diagnostics.AddError("Provider not configured", framework.RestoreNotConfiguredDetail)
		return
	}
	sessionID := m.RestoreSessionID.ValueString()
	code, err := e.client.RestoreDeviceCode(ctx, sessionID, vb365.DeviceCodeOptions{
		TargetApplicationID:    m.TargetApplicationID.ValueString(),
		TargetRegion:           m.TargetRegion.ValueString(),
		TargetOrganizationName: m.TargetOrganizationName.ValueString(),
	})
	if err != nil {
		framework.AddClientError(&resp.Diagnostics, "Cannot obtain a device code",
			fmt.Sprintf("Requesting a device code for restore session %q", sessionID), err)
		return
	}
	// The code is logged nowhere: only that one was obtained.
	tflog.Info(ctx, "device code obtained for restores", map[string]any{"restore_session_id": sessionID, "expires_in": code.ExpiresIn.String()})
	m.UserCode = types.StringValue(code.UserCode)
	m.VerificationURL = framework.NonEmptyString(code.VerificationURL)
	m.Message = framework.NonEmptyString(code.Message)
	m.ExpiresIn, m.ExpiresAt = types.Int64Null(), types.StringNull()
	if code.ExpiresIn > 0 {
		m.ExpiresIn = types.Int64Value(int64(code.ExpiresIn / time.Second))
		m.ExpiresAt = types.StringValue(time.Now().Add(code.ExpiresIn).UTC().Truncate(time.Second).Format(time.RFC3339))
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, m)...)
	// The device flow needs a person to read this: it is the one place the code is shown.
	instructions := code.Message
	if instructions == "" {
		instructions = fmt.Sprintf("Open %s and enter the code %s to sign in.", code.VerificationURL, code.UserCode)
	}
	resp.Diagnostics.AddWarning("Sign in to Microsoft 365 for the restore",
		instructions+fmt.Sprintf("\n\nThe code is for restores in restore session %s and expires in %s. "+
			"Terraform asks for a new code each time it opens this ephemeral resource (in plan and in apply): use the latest.",
			sessionID, code.ExpiresIn))
}
