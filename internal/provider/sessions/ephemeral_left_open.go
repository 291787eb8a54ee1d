package sessions

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// Terraform (1.14) and OpenTofu (1.11) do not close an ephemeral resource when another node of
// the same run fails or the run is interrupted: its close node depends on the failed ones and
// is skipped. Both do end the provider's process at the end of every run's walk (go-plugin's
// Kill: a Shutdown call, then SIGKILL after 2 seconds). The sessions the ephemeral resource
// opened in this process are therefore kept here until Close stops them, and the provider's
// main stops the ones left open once the server has shut down (StopEphemeralSessionsLeftOpen).
// Only sessions this process opened are listed: nothing else is ever stopped.
var leftOpen = struct {
	sync.Mutex
	sessions map[string]*vb365.Client
}{sessions: map[string]*vb365.Client{}}

func rememberOpened(client *vb365.Client, id string) {
	leftOpen.Lock()
	defer leftOpen.Unlock()
	leftOpen.sessions[id] = client
}

func forgetStopped(id string) {
	leftOpen.Lock()
	defer leftOpen.Unlock()
	delete(leftOpen.sessions, id)
}

// StopEphemeralSessionsLeftOpen stops, in parallel and within ctx, every session the
// ephemeral vb365_restore_session opened in this process that Terraform never closed (the
// run failed or was interrupted), and returns the IDs it stopped and what it could not stop.
// main calls it when the provider server has shut down.
func StopEphemeralSessionsLeftOpen(ctx context.Context) (stopped []string, err error) {
	leftOpen.Lock()
	pending := leftOpen.sessions
	leftOpen.sessions = map[string]*vb365.Client{}
	leftOpen.Unlock()

	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	for id, client := range pending {
		wg.Go(func() {
			err := framework.StopRestoreSession(ctx, client, id)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Errorf("restore session %s: %w", id, err))
				return
			}
			stopped = append(stopped, id)
		})
	}
	wg.Wait()
	return stopped, errors.Join(errs...)
}
