package vb365sim

import (
	"encoding/json"
	"net/http"
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// errorBody renders RESTExceptionInfo for version v: v3..v6 {"message"} (v6's schema has
// message only), v7 adds errorCode, v8 adds errorCode and stackTrace. v7's errorCode enum is
// ["ProxyOffline"] alone, so every other code is null there; v8 knows them all.
func errorBody(v int, message, code string) map[string]any {
	body := map[string]any{"message": message}
	if v == 7 && code != "ProxyOffline" {
		code = ""
	}
	if v >= 7 {
		if code == "" {
			body["errorCode"] = nil
		} else {
			body["errorCode"] = code
		}
	}
	if v >= 8 {
		body["stackTrace"] = nil
	}
	return body
}

func (c *reqCtx) fail(status int, code, message string) {
	writeJSON(c.w, status, errorBody(c.v, message, code))
}

func (c *reqCtx) notFound(message string) { c.fail(http.StatusNotFound, "ResourceNotFound", message) }

func (c *reqCtx) badRequest(message string) {
	c.fail(http.StatusBadRequest, "ParameterValidationFailure", message)
}

// emptyAnswer answers a body-less success with status: for the routes whose documents declare
// one status on every version (204 for the restore operator roles' changes, for example).
func (c *reqCtx) emptyAnswer(status int) {
	if status != http.StatusNoContent {
		c.w.Header().Set("Content-Length", "0")
	}
	c.w.WriteHeader(status)
}

// noContent answers a body-less success: 204 on v8, 200 before (v8 unified status codes).
func (c *reqCtx) noContent() {
	if c.v >= 8 {
		c.w.WriteHeader(http.StatusNoContent)
		return
	}
	c.w.Header().Set("Content-Length", "0")
	c.w.WriteHeader(http.StatusOK)
}
