package provider

import (
	"context"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/sessions"
)

// ShutdownTimeout bounds Shutdown: go-plugin kills the provider's process 2 seconds after it
// asked the server to shut down.
const ShutdownTimeout = 1500 * time.Millisecond

// Shutdown runs once the provider's server has stopped serving (the end of a Terraform run's
// phase, whatever its outcome): it stops the sessions the ephemeral vb365_restore_session
// opened in this process that Terraform never closed, which it does not when the run failed
// or was interrupted. It returns the IDs it stopped and what it could not stop.
func Shutdown(ctx context.Context) (stopped []string, err error) {
	ctx, cancel := context.WithTimeout(ctx, ShutdownTimeout)
	defer cancel()
	return sessions.StopEphemeralSessionsLeftOpen(ctx)
}
