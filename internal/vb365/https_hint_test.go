package vb365

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestHTTPEndpointOnHTTPSServer: an http:// endpoint on an HTTPS server answers 400; the
// error says to use https://, both when the version is detected and when it is configured.
// A 400 on an https:// endpoint has no such hint.
func TestHTTPEndpointOnHTTPSServer(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusUnauthorized) }))
	defer srv.Close()
	plain := strings.Replace(srv.URL, "https://", "http://", 1)
	for _, version := range []string{"auto", "v8"} {
		c, err := New(Config{Endpoint: plain, APIVersion: version, Username: "u", Password: "p"})
		if err != nil {
			t.Fatal(err)
		}
		var listErr error
		for _, err := range c.Organizations(context.Background(), ListOptions{}) {
			listErr = err
			break
		}
		if listErr == nil || !strings.Contains(listErr.Error(), "400") || !strings.Contains(listErr.Error(), "use https:// in endpoint") {
			t.Errorf("%s: %v", version, listErr)
		}
	}
	c, err := New(Config{Endpoint: "https://vb365.example:4443", Username: "u", Password: "p"})
	if err != nil {
		t.Fatal(err)
	}
	if hint := c.httpsHint(http.StatusBadRequest); hint != "" {
		t.Errorf("hint on an https endpoint: %q", hint)
	}
	plainClient, _ := New(Config{Endpoint: "http://vb365.example:4443", Username: "u", Password: "p"})
	refused := &APIError{StatusCode: http.StatusBadRequest, ErrorCode: "invalid_grant", Message: "wrong password"}
	if err := plainClient.withHTTPSHint(refused); strings.Contains(err.Error(), "https://") || !errors.Is(err, refused) {
		t.Errorf("an OAuth refusal got the hint: %v", err)
	}
}
