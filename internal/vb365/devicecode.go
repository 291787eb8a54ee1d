package vb365

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// DeviceCodeOptions are RESTDeviceCodeRequestOptions: for which Microsoft Entra application and
// which target organization the device code is requested. All are optional: the target region
// and organization name matter only when restoring to another organization.
type DeviceCodeOptions struct {
	TargetApplicationID    string // Entra application (client) ID, a GUID
	TargetRegion           string // Worldwide, Germany, China, USDefence, USGovernment
	TargetOrganizationName string
}

// DeviceCode is RESTDeviceCodeResponse: the code a person enters at VerificationURL to sign
// in to Microsoft 365, after which restores of the session may carry UserCode
// (RestoreCredentials.UserCode) instead of a user name and password.
type DeviceCode struct {
	UserCode        string
	VerificationURL string
	ExpiresIn       time.Duration // from the server's expiresIn (seconds); 0 when not sent
	Message         string        // the server's instructions for the person who signs in
}

// RestoreDeviceCode asks the server for a device code for restores in a restore session
// (POST /vN/RestoreSessions/{id}/organization/restoreDeviceCode, API v4+). It starts a sign-in
// with Microsoft identity platform and restores nothing, so it is a read as far as repeats go:
// a second request only yields another code.
func (c *Client) RestoreDeviceCode(ctx context.Context, sessionID string, opts DeviceCodeOptions) (DeviceCode, error) {
	v, err := c.requireVersion(ctx, "requesting a device code (POST .../organization/restoreDeviceCode)", V4)
	if err != nil {
		return DeviceCode{}, notSent(err)
	}
	body := jsonObject{}
	body.set("targetApplicationId", strings.TrimSpace(opts.TargetApplicationID))
	body.set("targetRegion", opts.TargetRegion)
	body.set("targetOrganizationName", opts.TargetOrganizationName)
	r, err := postJSON(sessionOrgRoute(v, sessionID).lit("restoreDeviceCode"), body)
	if err != nil {
		return DeviceCode{}, notSent(err)
	}
	resp, err := c.send(ctx, r)
	if err != nil {
		return DeviceCode{}, err
	}
	defer resp.Body.Close()
	obj, err := c.readObject(r, resp)
	if err != nil {
		return DeviceCode{}, err
	}
	d := &fieldDecoder{obj: obj}
	code := DeviceCode{
		UserCode:        deref(d.str("userCode")),
		VerificationURL: deref(d.str("verificationUrl")),
		Message:         deref(d.str("message")),
	}
	if secs := d.integer("expiresIn"); secs != nil && *secs > 0 {
		code.ExpiresIn = time.Duration(*secs) * time.Second
	}
	if d.err != nil {
		return DeviceCode{}, fmt.Errorf("vb365: %s: %w", r.describe(), d.err)
	}
	if code.UserCode == "" {
		return DeviceCode{}, fmt.Errorf("vb365: %s: the answer has no userCode", r.describe())
	}
	return code, nil
}
