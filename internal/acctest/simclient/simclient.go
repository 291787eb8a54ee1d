// Package simclient gives unit tests of the provider's domains a client signed in to a fresh
// simulator. It lives apart from acctest because acctest imports the provider, which imports
// every domain: a domain's own (internal) tests cannot import it.
package simclient

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// InstantClock makes the client's poll waits return at once, so no test sleeps.
type InstantClock struct{}

func (InstantClock) Now() time.Time { return time.Now() }

func (InstantClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- time.Now()
	return ch
}

// New serves a fresh simulator with opts until the test ends and returns it with a client of
// version signed in as its default administrator; the client's waits return at once.
func New(t *testing.T, version string, opts ...vb365sim.Option) (*vb365sim.Server, *vb365.Client) {
	t.Helper()
	sim := vb365sim.New(opts...)
	ts := httptest.NewServer(sim)
	t.Cleanup(ts.Close)
	client, err := vb365.New(vb365.Config{Endpoint: ts.URL, APIVersion: version,
		Username: vb365sim.DefaultUsername, Password: vb365sim.DefaultPassword, Clock: InstantClock{}})
	if err != nil {
		t.Fatal(err)
	}
	return sim, client
}
