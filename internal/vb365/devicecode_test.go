package vb365

import (
	"errors"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestRestoreDeviceCodeVersionGate: v3 has no restoreDeviceCode (the last version without),
// v4 has it (the first with); on v3 the client refuses before sending anything.
func TestRestoreDeviceCodeVersionGate(t *testing.T) {
	v3 := startSim(t, "v3")
	_, err := v3.client.RestoreDeviceCode(ctxT(t), vb365sim.SeedRestoreSessionID, DeviceCodeOptions{})
	var unsupported *UnsupportedVersionError
	if !errors.As(err, &unsupported) || unsupported.Minimum != V4 || unsupported.Version != V3 || !errors.Is(err, ErrNotSent) {
		t.Fatalf("v3: %v, want an UnsupportedVersionError naming v4", err)
	}
	if n := len(v3.sim.TokenLog()); n != 0 {
		t.Errorf("v3: %d token requests, want none (nothing sent)", n)
	}
	for k, n := range v3.sim.RequestCounts() {
		t.Errorf("v3: request %s sent %d times", k, n)
	}

	v4 := startSim(t, "v4", vb365sim.WithDeviceCodesSignedInOnIssue())
	code, err := v4.client.RestoreDeviceCode(ctxT(t), vb365sim.SeedRestoreSessionID, DeviceCodeOptions{
		TargetApplicationID: "00000000-0000-4000-8000-0000000000aa", TargetRegion: "Worldwide",
	})
	if err != nil || len(code.UserCode) != 9 || code.VerificationURL != vb365sim.DeviceCodeVerificationURL || code.ExpiresIn != 15*time.Minute || code.Message == "" {
		t.Fatalf("v4: %+v, %v", code, err)
	}
	if n := v4.sim.RequestCount("POST", "/v4/RestoreSessions/{id}/Organization/restoreDeviceCode"); n != 1 {
		t.Errorf("v4: restoreDeviceCode sent %d times", n)
	}
}

// TestRestoreWithObtainedDeviceCode: a code obtained from the server, once signed in with, is
// what a restore carries as userCode, on v4, v5 and v8; the server (verifying codes) runs the
// restore once.
func TestRestoreWithObtainedDeviceCode(t *testing.T) {
	for _, version := range []string{"v4", "v5", "v8"} {
		e := startSim(t, version, vb365sim.WithDeviceCodesVerified(), vb365sim.WithAsyncRestorePolls(0))
		code, err := e.client.RestoreDeviceCode(ctxT(t), vb365sim.SeedRestoreSessionID, DeviceCodeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.sim.SignInDeviceCode(code.UserCode); err != nil { // the person signs in
			t.Fatal(err)
		}
		stats, err := e.client.RestoreToOriginalLocation(ctxT(t), seedScope(vb365sim.SeedMessageID),
			RestoreToOriginalLocationOptions{Credentials: RestoreCredentials{UserCode: code.UserCode}}, nil)
		if err != nil || stats.Created+stats.Merged+stats.Skipped != 1 {
			t.Fatalf("%s: restore with the device code: %+v, %v", version, stats, err)
		}
		_, err = e.client.RestoreToOriginalLocation(ctxT(t), seedScope(vb365sim.SeedMessageID),
			RestoreToOriginalLocationOptions{Credentials: RestoreCredentials{UserCode: "NOTISSUED"}}, nil)
		if !ProvablyNotRun(err) {
			t.Errorf("%s: restore with a code never issued: %v, want a refusal", version, err)
		}
	}
}
