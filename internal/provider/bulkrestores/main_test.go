package bulkrestores_test

import (
	"os"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
)

// TestMain keeps the device codes the tests obtain out of the user's own cache.
func TestMain(m *testing.M) { os.Exit(acctest.RunWithPrivateCache(m)) }
