package vb365sim

import (
	"crypto/rand"
	"errors"
	"html"
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
// userCode, and restores then carry it as userCode. A real server answers Microsoft's page
// (https://microsoft.com/devicelogin) and cannot use a code nobody signed in with.
//
// By default the simulator accepts any userCode. WithDeviceCodesVerified plays the real
// server: a code starts not signed in, and a restore carrying a code that is unknown, expired
// or not signed in yet is refused (400, a message saying which). The person's sign-in is
// simulated on the simulator's own page outside the API, GET/POST /_sim/devicelogin (a form
// that takes the code), which verificationUrl then names, or by SignInDeviceCode.

// DeviceCodeLifetime is the expiresIn of the codes the simulator issues (Microsoft's 15 minutes).
const DeviceCodeLifetime = 15 * time.Minute

// DeviceCodeVerificationURL is the verificationUrl the simulator answers when it does not
// verify codes (nobody needs to sign in): Microsoft's page, as a real server answers.
const DeviceCodeVerificationURL = "https://microsoft.com/devicelogin"

// DeviceLoginPath is the simulator's own verification page (outside the API): GET shows a
// form, POST with the form field code signs that code in. With WithDeviceCodesVerified the
// verificationUrl of restoreDeviceCode names it on the host the request reached.
const DeviceLoginPath = "/_sim/devicelogin"

// The simulator's refusals of a restore's userCode when it verifies codes.
const (
	DeviceCodeUnknownMessage     = "The device code was not issued by this server: request a device code (restoreDeviceCode) and sign in with it before the restore."
	DeviceCodeExpiredMessage     = "The device code has expired: request a new device code (restoreDeviceCode) and sign in with it before the restore."
	DeviceCodeNotSignedInMessage = "Nobody has signed in with the device code yet: open the verification page, enter the code and sign in, then send the restore again."
)

// Errors of SignInDeviceCode.
var (
	ErrDeviceCodeUnknown = errors.New("the device code was not issued by this server")
	ErrDeviceCodeExpired = errors.New("the device code has expired")
)

// WithDeviceCodesVerified makes the simulator verify the userCode of restores as a real server
// does: a code it did not issue, an expired one, or one nobody has signed in with yet is
// refused with 400. Codes start not signed in; DeviceLoginPath or SignInDeviceCode signs one
// in. Without it any userCode is accepted.
func WithDeviceCodesVerified() Option { return func(s *Server) { s.deviceCodesVerified = true } }

// WithDeviceCodesSignedInOnIssue is WithDeviceCodesVerified with a person who signs in the
// moment a code is issued: for tests that check which codes restores carry, not the sign-in.
func WithDeviceCodesSignedInOnIssue() Option {
	return func(s *Server) { s.deviceCodesVerified, s.deviceCodesSignedInOnIssue = true, true }
}

type deviceCode struct {
	sessionID string
	expires   time.Time
	signedIn  bool
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

// SignInDeviceCode plays the person who signs in at the verification page with code (as POST
// DeviceLoginPath does): restores carrying it are accepted until it expires. An unknown or
// expired code is ErrDeviceCodeUnknown or ErrDeviceCodeExpired.
func (s *Server) SignInDeviceCode(code string) error {
	code = strings.ToUpper(strings.TrimSpace(code))
	s.mu.Lock()
	defer s.mu.Unlock()
	dc, found := s.deviceCodes[code]
	switch {
	case !found:
		return ErrDeviceCodeUnknown
	case !s.now().Before(dc.expires):
		return ErrDeviceCodeExpired
	}
	dc.signedIn = true
	s.deviceCodes[code] = dc
	return nil
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
	s.deviceCodes[code] = deviceCode{sessionID: ss.id, expires: s.now().Add(DeviceCodeLifetime), signedIn: s.deviceCodesSignedInOnIssue}
	s.deviceCodeOrder = append(s.deviceCodeOrder, code)
	s.mu.Unlock()
	verification := DeviceCodeVerificationURL
	if s.deviceCodesVerified && !s.deviceCodesSignedInOnIssue {
		// Somebody must sign in: on the simulator's own page, where the client reached it.
		scheme := "http"
		if c.r.TLS != nil {
			scheme = "https"
		}
		verification = scheme + "://" + c.r.Host + DeviceLoginPath
	}
	writeJSON(c.w, http.StatusOK, map[string]any{
		"userCode": code, "verificationUrl": verification, "expiresIn": int64(DeviceCodeLifetime / time.Second),
		"message": "To sign in, use a web browser to open the page " + verification + " and enter the code " + code + " to authenticate.",
	})
}

// deviceCodeRefused answers 400 when device codes are verified and the restore's userCode is
// not one the server issued, has expired, or nobody has signed in with. Every route whose body
// takes a userCode calls it before it runs anything.
func (s *Server) deviceCodeRefused(c *reqCtx, opts map[string]any) bool {
	code, _ := getString(opts, "userCode")
	if !s.deviceCodesVerified || code == "" {
		return false
	}
	s.mu.Lock()
	dc, found := s.deviceCodes[strings.ToUpper(code)]
	now := s.now()
	s.mu.Unlock()
	switch {
	case !found:
		c.badRequest(DeviceCodeUnknownMessage)
	case !now.Before(dc.expires):
		c.badRequest(DeviceCodeExpiredMessage)
	case !dc.signedIn:
		c.badRequest(DeviceCodeNotSignedInMessage)
	default:
		return false
	}
	return true
}

// serveDeviceLogin is the verification page: GET shows a form, POST (form field code) signs
// the code in. Anonymous, as Microsoft's page before its own sign-in.
func (s *Server) serveDeviceLogin(w http.ResponseWriter, r *http.Request) {
	page := func(status int, text string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write([]byte("<!DOCTYPE html>\n<html><head><title>vb365-sim device sign-in</title></head><body>\n<p>" +
			html.EscapeString(text) + "</p>\n<form method=\"post\" action=\"" + DeviceLoginPath + "\">" +
			"<label>Code <input name=\"code\" autocomplete=\"off\" autofocus></label> <button type=\"submit\">Sign in</button></form>\n</body></html>\n"))
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		page(http.StatusOK, "Enter the code that Terraform or OpenTofu showed to sign in (simulated: no account is asked for).")
	case http.MethodPost:
		r.Body = http.MaxBytesReader(w, r.Body, 4096)
		if err := r.ParseForm(); err != nil {
			page(http.StatusBadRequest, "Send the code as the form field code.")
			return
		}
		switch err := s.SignInDeviceCode(r.PostFormValue("code")); {
		case err == nil:
			page(http.StatusOK, "Signed in: restores carrying this code are accepted until it expires. You may close this page.")
		case errors.Is(err, ErrDeviceCodeExpired):
			page(http.StatusBadRequest, "The code has expired: ask for a new one.")
		default:
			page(http.StatusBadRequest, "The code is not one this server issued: check it and try again.")
		}
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"message": DeviceLoginPath + ": GET the form or POST the code."})
	}
}
