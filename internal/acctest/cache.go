package acctest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// RunWithPrivateCache runs a test binary's tests (from TestMain) with the user's cache
// directory (XDG_CACHE_HOME) pointed at a directory of its own: vb365_restore_device_code keeps
// its codes there (the in-process providers and the CLI's provider processes alike), never in
// the cache of the user running the tests. It returns the exit code for os.Exit.
func RunWithPrivateCache(m *testing.M) int {
	dir, err := os.MkdirTemp("", "vb365-test-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	// Go's build cache is under the user's cache directory too: the provider builds of the CLI
	// tests keep using the real one.
	if os.Getenv("GOCACHE") == "" {
		if user, err := os.UserCacheDir(); err == nil {
			_ = os.Setenv("GOCACHE", filepath.Join(user, "go-build"))
		}
	}
	_ = os.Setenv("XDG_CACHE_HOME", dir)
	return m.Run()
}
