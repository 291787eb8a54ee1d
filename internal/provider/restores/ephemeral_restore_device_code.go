package restores

import (
	"context"
	"fmt"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/restoreinputs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
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
	return &restoreDeviceCodeEphemeral{cache: userDeviceCodeCache()}
}

type restoreDeviceCodeEphemeral struct {
	client   *vb365.Client
	username string
	// newCodes are the codes this configuration obtained (framework.ProviderData.NewDeviceCodes).
	newCodes *framework.SecretSet
	cache    deviceCodeCache
}

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
			"The device flow needs a person to sign in before the restore is sent, so it fits an interactive " +
			"`terraform apply` run by that person: the plan shows the server's sign-in message (with the code) as a " +
			"warning before the prompt \"Do you want to perform these actions?\"; sign in, then answer `yes`. " +
			"Terraform and OpenTofu open ephemeral resources in the plan and again in the apply, in new provider " +
			"processes: the provider keeps the code in the user's cache directory (`terraform-provider-vb365/device-codes` " +
			"under `$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS, `%LocalAppData%` on Windows; " +
			"one file per server, account, restore session and target, readable by the user alone, removed when the " +
			"code expires), so the apply sends the code the plan showed, and later plans show it again until it " +
			"expires (less than a minute left: a new code). A saved plan works the same way: `terraform plan -out=p` " +
			"shows the code, sign in, then `terraform apply p`. With `-auto-approve` nobody can sign in in time: plan " +
			"first and sign in, then apply.\n\n" +
			"The restore session must be known when planning (an existing `vb365_restore_session`, or its ID): when it " +
			"is created in the same apply, the code can only be obtained during the apply, after the approval, and a " +
			"restore that would send a code obtained during its own apply stops before sending anything, saying so; " +
			"sign in with the code that apply showed and apply again. When the server refuses a restore that carried " +
			"a code, the code is dropped from the cache and the next plan obtains a new one.\n\n" +
			"It does not fit unattended runs (CI pipelines): nobody is there to sign in, and a code expires; use " +
			"application credentials there (`application_id` with `application_certificate` and " +
			"`impersonation_account_name`). Ask for the code in the restore session the restore runs in " +
			"(`restore_session_id` of the restore).",
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
		e.client, e.username, e.newCodes = pd.Client, pd.Username, pd.NewDeviceCodes
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
	opts := vb365.DeviceCodeOptions{
		TargetApplicationID:    m.TargetApplicationID.ValueString(),
		TargetRegion:           m.TargetRegion.ValueString(),
		TargetOrganizationName: m.TargetOrganizationName.ValueString(),
	}
	code, reused, keepErr := e.obtain(ctx, sessionID, opts, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	m.UserCode = types.StringValue(code.UserCode)
	m.VerificationURL = framework.NonEmptyString(code.VerificationURL)
	m.Message = framework.NonEmptyString(code.Message)
	m.ExpiresIn, m.ExpiresAt = types.Int64Null(), types.StringNull()
	if code.ExpiresIn > 0 {
		m.ExpiresIn = types.Int64Value(code.ExpiresIn)
		m.ExpiresAt = types.StringValue(code.ExpiresAt.UTC().Truncate(time.Second).Format(time.RFC3339))
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, m)...)
	resp.Diagnostics.AddWarning("Sign in to Microsoft 365 before you approve the restore",
		deviceCodeInstructions(code, sessionID, reused, keepErr, e.cache.dir))
}

// obtain returns the code kept for this session and target by an earlier opening (the plan's,
// in another provider process) while it is usable, or a new one from the server, kept for the
// openings that follow. keepErr says why a new code could not be kept.
func (e *restoreDeviceCodeEphemeral) obtain(ctx context.Context, sessionID string, opts vb365.DeviceCodeOptions, diags *diag.Diagnostics) (code cachedDeviceCode, reused bool, keepErr error) {
	key := deviceCodeKey(e.client.Endpoint(), e.username, sessionID, opts.TargetApplicationID, opts.TargetRegion, opts.TargetOrganizationName)
	now := time.Now()
	e.cache.sweep(ctx, now)
	if code, ok := e.cache.load(ctx, key, now); ok {
		// The code is logged nowhere: only that one was reused.
		tflog.Info(ctx, "device code reused until it expires", map[string]any{"restore_session_id": sessionID, "expires_at": code.ExpiresAt})
		return code, true, nil
	}
	answer, err := e.client.RestoreDeviceCode(ctx, sessionID, opts)
	if err != nil {
		framework.AddClientError(diags, "Cannot obtain a device code",
			fmt.Sprintf("Requesting a device code for restore session %q", sessionID), err)
		return code, false, nil
	}
	tflog.Info(ctx, "device code obtained for restores", map[string]any{"restore_session_id": sessionID, "expires_in": answer.ExpiresIn.String()})
	lifetime := answer.ExpiresIn
	if lifetime <= 0 {
		lifetime = deviceCodeAssumedLifetime
	}
	code = cachedDeviceCode{UserCode: answer.UserCode, VerificationURL: answer.VerificationURL, Message: answer.Message,
		ExpiresIn: int64(answer.ExpiresIn / time.Second), ObtainedAt: now.UTC(), ExpiresAt: now.Add(lifetime).UTC()}
	kept, keepErr := e.cache.store(ctx, key, code, now)
	if keepErr != nil {
		tflog.Debug(ctx, "device code cache: code not kept", map[string]any{"error": keepErr.Error()})
	} else if kept.UserCode != code.UserCode {
		return kept, true, nil // another opening kept its code first: that is the one to sign in with
	}
	e.newCodes.Add(code.UserCode)
	return code, false, keepErr
}

// deviceCodeInstructions is the warning a person reads before approving the plan: where to
// sign in with which code, and that the apply sends this same code.
func deviceCodeInstructions(code cachedDeviceCode, sessionID string, reused bool, keepErr error, dir string) string {
	// The device flow needs a person to read this: it is the one place the code is shown.
	page := code.VerificationURL
	if page == "" {
		page = "the verification page"
	}
	instructions := code.Message
	if instructions == "" {
		instructions = fmt.Sprintf("Open %s and enter the code %s to sign in.", page, code.UserCode)
	}
	text := instructions + fmt.Sprintf("\n\nSign in at %s with the code %s before you approve this plan: the apply "+
		"sends this same code, for restores in restore session %s. It is kept until it expires (%s), also for the apply "+
		"of a saved plan (plan -out, sign in, then apply the plan). With -auto-approve nobody can sign in in time: run "+
		"plan first and sign in, then apply.",
		page, code.UserCode, sessionID, code.ExpiresAt.UTC().Format(time.RFC3339))
	if reused {
		text += fmt.Sprintf(" This code was obtained at %s and shown before: if you have signed in with it, there is nothing more to do.",
			code.ObtainedAt.UTC().Format(time.RFC3339))
	}
	if keepErr != nil {
		fix := "Make the directory " + dir + " writable."
		if dir == "" {
			fix = "Set the user's cache directory (XDG_CACHE_HOME or HOME on Linux)."
		}
		text += fmt.Sprintf("\n\nThe code could not be kept for the apply (%s): the apply would obtain another code nobody has "+
			"signed in with, and its restores stop before they are sent. %s", keepErr, fix)
	}
	return text
}
