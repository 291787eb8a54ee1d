package provider_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestAccExamples_restoreNoMailboxForEmail: the restore example, given an address no mailbox
// has, stops with its own message naming the address, not Terraform's "Missing Configuration
// for Required Attribute" of mailbox_id.
func TestAccExamples_restoreNoMailboxForEmail(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	acctest.PreCheck(t)
	sim := acctest.StartRestoreSim(t)
	exports := t.TempDir()
	for key, value := range map[string]string{
		"VB365_ENDPOINT": sim.URL, "VB365_USERNAME": vb365sim.DefaultUsername, "VB365_PASSWORD": vb365sim.DefaultPassword,
		"TF_VAR_mailbox_email": "nobody@" + vb365sim.OrganizationName, "TF_VAR_export_dir": exports,
		"TF_VAR_restore_user": acctest.RestoreTestUser, "TF_VAR_restore_password": acctest.RestoreTestPassword,
	} {
		t.Setenv(key, value)
	}
	run := acctest.NewCLIRun(t, acctest.ProtoV6ProviderFactories[acctest.ProviderName])
	dir := filepath.Join(examplesRoot, "resources", "vb365_mailbox_item_restore")
	for _, name := range []string{"resource.tf", "versions.tf"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(run.Path(name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	acctest.MustRun(t, run, "init", "-input=false", "-no-color")
	out, err := run.Run("plan", "-input=false", "-no-color")
	if err == nil {
		t.Fatalf("the plan succeeded without a mailbox:\n%s", out)
	}
	if !regexp.MustCompile(`No\s+mailbox\s+of\s+the\s+organization\s+has\s+the\s+address\s+nobody@`).MatchString(out) ||
		strings.Contains(out, "Missing Configuration for Required Attribute") {
		t.Errorf("the plan does not fail with the example's message:\n%s", out)
	}
	if n := len(acctest.ItemActions(sim)); n != 0 {
		t.Errorf("a failed plan ran %d item action(s)", n)
	}
}
