package restores_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// TestAccMailboxItemRestore_credentialsNotLogged: with TRACE logging of the CLI and the
// provider, the restore credentials and the provider's password appear in no log line (nor
// in state, checked here, or in the plan, checked by the kinds test), while the server did
// receive them. They come from TF_VAR_ variables and VB365_PASSWORD, because the test harness
// logs the configuration text it writes.
func TestAccMailboxItemRestore_credentialsNotLogged(t *testing.T) {
	const providerPassword = "provider-Pa55-only-in-env-5c2b"
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_VAR_restore_password", acctest.RestoreTestPassword)
	t.Setenv("TF_VAR_restore_user_code", acctest.RestoreTestUserCode)
	t.Setenv("VB365_PASSWORD", providerPassword)
	// Tokens live two seconds, so the provider renews them during the run, and the first API
	// call after sign-in answers 401, so the provider replays it once with a new token: the
	// log is checked for every token the server issued.
	sim := acctest.StartRestoreSim(t, vb365sim.WithCredentials(vb365sim.DefaultUsername, providerPassword), vb365sim.WithTokenLifetime(2*time.Second))
	sim.Unauthorized(1)
	passwordLine := "  password = " + acctest.HCLString(vb365sim.DefaultPassword) + "\n"
	withPassword := acctest.RestoreConfig(sim, "v8", fmt.Sprintf(`  item_ids = %s
  restore_to_original_location {
    user_name     = %q
    user_password = var.restore_password
  }`, acctest.HclStrings(vb365sim.SeedMessageID), acctest.RestoreTestUser)) + fmt.Sprintf(`
variable "restore_password" {
  type = string
}

variable "restore_user_code" {
  type = string
}

resource "vb365_mailbox_item_restore" "to" {
  restore_session_id = vb365_restore_session.s.id
  mailbox_id         = %q
  item_ids           = %s
  restore_to {
    mailbox   = "qa_dallas@bestsupport.onmicrosoft.com"
    user_code = var.restore_user_code
  }
}
`, vb365sim.SeedMailboxID, acctest.HclStrings(vb365sim.SeedMessageID))
	config := strings.Replace(withPassword, passwordLine, "", 1)
	if config == withPassword {
		t.Fatal("the provider block still sets the password: it must come from VB365_PASSWORD")
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				acctest.CheckItemActionCount(sim, 2),
				func(*terraform.State) error {
					// The credentials did reach the server (redacted in its ledger).
					for _, e := range acctest.ItemActions(sim) {
						opts, _ := acctest.LedgerOptions(e)
						if opts["userPassword"] != "***" && opts["userCode"] != "***" {
							return fmt.Errorf("%s was sent without its credential: %v", e.Action, opts)
						}
					}
					return nil
				},
				acctest.CheckNoSecretsInState(acctest.RestoreTestPassword, acctest.RestoreTestUserCode),
				resource.TestCheckNoResourceAttr(acctest.RestoreAddr, "restore_to_original_location.user_password"),
				resource.TestCheckNoResourceAttr("vb365_mailbox_item_restore.to", "restore_to.user_code"),
			),
		}},
	})
	log, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(log, []byte("running mailbox item action")) {
		t.Fatalf("the provider's log lines are not in %s (%d bytes): the check below would prove nothing", logPath, len(log))
	}
	if sim.TokenRequests() == 0 {
		t.Fatal("the provider never signed in: the password check below would prove nothing")
	}
	tokens := sim.IssuedTokens()
	if len(tokens) < 4 {
		t.Fatalf("only %d token(s) issued: the 401 replay did not happen", len(tokens))
	}
	for _, secret := range append([]string{acctest.RestoreTestPassword, acctest.RestoreTestUserCode, providerPassword}, tokens...) {
		if i := bytes.Index(log, []byte(secret)); i >= 0 {
			t.Errorf("a secret is logged: ...%s...", log[max(0, i-300):min(len(log), i+50)])
		}
	}
}

// TestAccMailboxItemRestore_credentialChangeDoesNotRerun: write-only credentials are not in
// the plan, so changing them (e.g. a rotated password) runs nothing again.
func TestAccMailboxItemRestore_credentialChangeDoesNotRerun(t *testing.T) {
	t.Parallel()
	sim := acctest.StartRestoreSim(t)
	config := func(password string) string {
		return acctest.RestoreConfig(sim, "v3", fmt.Sprintf("  item_ids = %s\n  restore_to_original_location {\n    user_name = %q\n    user_password = %q\n  }",
			acctest.HclStrings(vb365sim.SeedMessageID), acctest.RestoreTestUser, password))
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy:             acctest.CheckDestroyed(sim, 1),
		Steps: []resource.TestStep{
			{Config: config(acctest.RestoreTestPassword), Check: acctest.CheckItemActionCount(sim, 1)},
			{
				Config: config(acctest.RestoreTestPassword + "-rotated"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: acctest.CheckItemActionCount(sim, 1),
			},
		},
	})
}
