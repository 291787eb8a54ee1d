package vb365sim

import (
	"crypto/rand"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Device code for modern-authentication restores: POST
// /vN/RestoreSessions/{id}/organization/restoreDeviceCode (v4+) with RESTDeviceCodeRequestOptions
// {targetApplicationId, targetRegion, targetOrganizationName} answers RESTDeviceCodeResponse
// {userCode, verificationUrl, expiresIn, message}; the person signs in at verificationUrl with
// userCode, and restores then carry it as userCode. The simulator plays that person: a code it
// issued counts as signed in until it expires.

// DeviceCodeLifetime is the expiresIn of the codes the simulator issues (Microsoft's 15 minutes).
const DeviceCodeLifetime = 15 * time.Minute

// DeviceCodeVerificationURL is the verificationUrl the simulator answers.
const DeviceCodeVerificationURL = "https://microsoft.com/devicelogin"

// WithDeviceCodesVerified makes restores that carry a userCode fail with 400 unless the code was
// issued by restoreDeviceCode and has not expired, as a real server cannot use a code nobody
// signed in with. By default any userCode is accepted.
func WithDeviceCodesVerified() Option { return func(s *Server) { s.deviceCodesVerified = true } }

type deviceCode struct {
	sessionID string
	expires   time.Time
}

var uuidPattern = regexp.MustCompile(`^(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

var deviceCodeRegions = []string{"worldwide", "germany", "china", "usdefence", "usgovernment"}

// IssuedDeviceCodes returns every user code issued so far, oldest first, so that tests can look
// for them where they must never appear.
func (s *Server) IssuedDeviceCodes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.deviceCodeOrder)
}

func newUserCode() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 9)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func (s *Server) handleRestoreDeviceCode(c *reqCtx) {
	ss, ok := c.browseSession()
	if !ok {
		return
	}
	body, err := readJSONObject(c)
	if err != nil {
		c.badRequest(err.Error())
		return
	}
	appID, err1 := getString(body, "targetApplicationId")
	region, err2 := getString(body, "targetRegion")
	_, err3 := getString(body, "targetOrganizationName")
	for _, e := range []error{err1, err2, err3} {
		if e != nil {
			c.badRequest(e.Error())
			return
		}
	}
	if appID != "" && !uuidPattern.MatchString(appID) {
		c.badRequest("Parameter 'targetApplicationId' must be a GUID, got '" + appID + "'.")
		return
	}
	if region != "" && !slices.Contains(deviceCodeRegions, strings.ToLower(region)) {
		c.badRequest("Parameter 'targetRegion' must be one of Worldwide, Germany, China, USDefence, USGovernment.")
		return
	}
	code := newUserCode()
	s.mu.Lock()
	if s.deviceCodes == nil {
		s.deviceCodes = map[string]deviceCode{}
	}
	s.deviceCodes[code] = deviceCode{sessionID: ss.id, expires: s.now().Add(DeviceCodeLifetime)}
	s.deviceCodeOrder = append(s.deviceCodeOrder, code)
	s.mu.Unlock()
	writeJSON(c.w, http.StatusOK, map[string]any{
		"userCode": code, "verificationUrl": DeviceCodeVerificationURL, "expiresIn": int64(DeviceCodeLifetime / time.Second),
		"message": "To sign in, use a web browser to open the page " + DeviceCodeVerificationURL + " and enter the code " + code + " to authenticate.",
	})
}

// deviceCodeRefused answers 400 when device codes are verified and the restore's userCode is
// not one the server issued or has expired.
func (s *Server) deviceCodeRefused(c *reqCtx, opts map[string]any) bool {
	code, _ := getString(opts, "userCode")
	if !s.deviceCodesVerified || code == "" {
		return false
	}
	s.mu.Lock()
	dc, found := s.deviceCodes[code]
	valid := found && s.now().Before(dc.expires)
	s.mu.Unlock()
	if valid {
		return false
	}
	c.badRequest("The device code is unknown or has expired: request a new one (restoreDeviceCode) and sign in with it.")
	return true
}
