package restores_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestMain points the user's cache directory (XDG_CACHE_HOME) at a directory of the test run:
// vb365_restore_device_code keeps its codes there (the in-process providers and the CLI's
// provider processes alike), never in the cache of the user running the tests.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "vb365-restores-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// Go's build cache is under the user's cache directory too: the provider builds of the CLI
	// tests keep using the real one.
	if os.Getenv("GOCACHE") == "" {
		if user, err := os.UserCacheDir(); err == nil {
			_ = os.Setenv("GOCACHE", filepath.Join(user, "go-build"))
		}
	}
	_ = os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}
