package vb365sim

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

func newToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) authorize(c *reqCtx) bool {
	s.mu.Lock()
	tok, hasToken := bearerToken(c.r)
	// Only calls carrying a token consume Unauthorized(n), so anonymous version probes do not.
	forced := hasToken && s.unauthorized > 0
	if forced {
		s.unauthorized--
	}
	valid := false
	if hasToken {
		exp, found := s.accessTokens[tok]
		valid = found && s.now().Before(exp)
	}
	c.tenant = valid && s.tenantTokens[tok]
	if valid {
		c.operator = s.operatorTokens[tok]
	}
	s.mu.Unlock()
	if forced || !valid {
		c.w.Header().Set("WWW-Authenticate", "Bearer")
		writeJSON(c.w, http.StatusUnauthorized, map[string]any{"message": deniedMessage})
		return false
	}
	return true
}

func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return "", false
	}
	return strings.TrimSpace(tok), true
}

// handleToken implements POST /vN/Token for the password, refresh_token and (v6+) operator grants.
func (s *Server) handleToken(c *reqCtx) {
	fields, err := tokenFields(c.r)
	entry := TokenRequest{Time: s.now(), Version: c.v, GrantType: fields["grant_type"], Username: fields["username"]}
	entry.DisableAntiforgeryToken, _ = parseBoolString(fields["disable_antiforgery_token"])
	entry.ExploredSessionsWorking = s.ExploredSessionsWorking()
	fail := func(status int, code, desc string) {
		entry.Status = status
		s.mu.Lock()
		s.tokenLog = append(s.tokenLog, entry)
		s.mu.Unlock()
		if c.v >= 6 {
			// v6+ document every error answer, the token's included, as RESTExceptionInfo.
			writeJSON(c.w, status, errorBody(c.v, desc, tokenErrorCode(c.v)))
			return
		}
		writeJSON(c.w, status, map[string]any{"error": code, "error_description": desc})
	}
	if err != nil {
		fail(http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	grant := fields["grant_type"]
	if grant == "" {
		grant = "password"
	}
	s.mu.Lock()
	now := s.now()
	user, tenant, operator := s.username, false, ""
	switch strings.ToLower(grant) {
	case "operator":
		entry.Username = fields["client_id"]
		id, refusal := s.operatorSignIn(c.v, fields["client_id"], fields["assertion"])
		if refusal != "" {
			s.mu.Unlock()
			fail(http.StatusBadRequest, "invalid_grant", refusal)
			return
		}
		user, operator = s.operatorName(id), id
	case "password":
		name, isTenant, ok := s.signedInAs(fields["username"], fields["password"])
		if !ok {
			s.mu.Unlock()
			fail(http.StatusBadRequest, "invalid_grant", "The user name or password is incorrect.")
			return
		}
		user, tenant = name, isTenant
	case "refresh_token":
		// Model of the v7+ antiforgery requirement: a client that did not opt out with
		// disable_antiforgery_token=true would need the antiforgery cookie, which a
		// non-browser client never has, so its refresh grant is rejected.
		if c.v >= 7 && !entry.DisableAntiforgeryToken {
			s.mu.Unlock()
			fail(http.StatusBadRequest, "invalid_grant", "The antiforgery token is missing. Send disable_antiforgery_token=true.")
			return
		}
		rt := fields["refresh_token"]
		exp, ok := s.refreshTokens[rt]
		if !ok || !now.Before(exp) {
			s.mu.Unlock()
			fail(http.StatusBadRequest, "invalid_grant", "The refresh token is invalid or expired.")
			return
		}
		delete(s.refreshTokens, rt) // refresh tokens are single use: the response carries a new one
		if s.tenantTokens[rt] {     // the new pair belongs to the same account
			user, tenant = s.tenantUsername, true
		}
		if id := s.operatorTokens[rt]; id != "" {
			user, operator = s.operatorName(id), id
		}
	default:
		s.mu.Unlock()
		fail(http.StatusBadRequest, "unsupported_grant_type", "Grant type '"+grant+"' is not supported by the simulator.")
		return
	}
	access, refresh := newToken(), newToken()
	lifetime := s.tokenLifetime
	s.accessTokens[access] = now.Add(lifetime)
	s.refreshTokens[refresh] = now.Add(s.refreshLifetime)
	s.issuedTokens = append(s.issuedTokens, access, refresh)
	if tenant {
		s.tenantTokens[access], s.tenantTokens[refresh] = true, true
	}
	if operator != "" {
		s.operatorTokens[access], s.operatorTokens[refresh] = operator, operator
	}
	entry.Status = http.StatusOK
	s.tokenLog = append(s.tokenLog, entry)
	s.mu.Unlock()
	writeJSON(c.w, http.StatusOK, map[string]any{
		"access_token": access, "refresh_token": refresh, "token_type": "bearer",
		"expires_in": int64(lifetime / time.Second), "userName": user,
		".issued": tokenTime(c.v, now), ".expires": tokenTime(c.v, now.Add(lifetime)),
	})
}

// tokenTime renders .issued/.expires: OAuthTokenResponse (v6+) declares date-time (RFC 3339);
// v3..v5's OWIN OAuth server writes RFC 1123 dates. Clients should rely on expires_in.
func tokenTime(v int, t time.Time) string {
	if v >= 6 {
		return t.UTC().Format(time.RFC3339)
	}
	return t.UTC().Format(http.TimeFormat)
}

// tokenErrorCode is the errorCode of a refused token request: v7 has only ProxyOffline (so
// null), v8 ParameterValidationFailure.
func tokenErrorCode(v int) string {
	if v >= 8 {
		return "ParameterValidationFailure"
	}
	return ""
}

// tokenFields reads a form-urlencoded or JSON token request; JSON keys match case-insensitively.
func tokenFields(r *http.Request) (map[string]string, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return map[string]string{}, err
	}
	out := map[string]string{}
	if strings.Contains(strings.ToLower(r.Header.Get("Content-Type")), "json") {
		var m map[string]any
		if err := json.Unmarshal(withoutTrailingCommas(body), &m); err != nil {
			return out, errBadJSON
		}
		for k, v := range m {
			switch t := v.(type) {
			case string:
				out[strings.ToLower(k)] = t
			case bool:
				out[strings.ToLower(k)] = strconv.FormatBool(t)
			case float64:
				out[strings.ToLower(k)] = strconv.FormatFloat(t, 'f', -1, 64)
			}
		}
		return out, nil
	}
	vals, err := url.ParseQuery(string(body))
	if err != nil {
		return out, err
	}
	for k, v := range vals {
		if len(v) > 0 {
			out[strings.ToLower(k)] = v[0]
		}
	}
	return out, nil
}

func (s *Server) handleLogout(c *reqCtx) {
	if tok, ok := bearerToken(c.r); ok {
		s.mu.Lock()
		delete(s.accessTokens, tok)
		s.mu.Unlock()
	}
	c.noContent()
}

func (s *Server) handleServiceInstance(c *reqCtx) {
	writeJSON(c.w, http.StatusOK, map[string]any{
		"installationId": "c0ffee00-0000-4000-8000-000000000365",
		"version":        map[int]string{3: "3.0.0.422", 4: "4.0.0.1345", 5: "5.0.3.1063", 6: "6.0.0.367", 7: "7.0.0.2911", 8: "8.1.0.305"}[c.v],
	})
}
