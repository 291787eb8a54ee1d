package vb365

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// newQuietTLSServer is httptest.NewTLSServer without the log lines of the handshakes that
// the tests make fail on purpose.
func newQuietTLSServer(t *testing.T, h http.Handler) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func pemOf(srv *httptest.Server) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
}

func TestTLSVerification(t *testing.T) {
	srv := newQuietTLSServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized) // every version is served
	}))

	c, clock := newTestClient(t, srv.URL, "auto")
	_, err := c.Version(ctxT(t))
	var unknownAuthority x509.UnknownAuthorityError
	if !errors.As(err, &unknownAuthority) || !strings.Contains(err.Error(), "x509") {
		t.Fatalf("default config: err = %v, want an x509 unknown authority error", err)
	}
	if w := clock.Waits(); len(w) != 0 {
		t.Errorf("a certificate error was retried: waits %v", w)
	}

	for name, mutate := range map[string]func(*Config){
		"CACertPEM": func(c *Config) { c.CACertPEM = pemOf(srv) },
		"Insecure":  func(c *Config) { c.Insecure = true },
	} {
		c, _ := newTestClient(t, srv.URL, "auto", mutate)
		if v, err := c.Version(ctxT(t)); err != nil || v != V8 {
			t.Errorf("%s: Version = %v, %v", name, v, err)
		}
	}
}
