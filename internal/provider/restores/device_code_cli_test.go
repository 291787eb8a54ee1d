package restores_test

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// The device-code flow as a person follows it: `apply` without -auto-approve, in the real CLI
// with the provider built as a binary (so the plan and the apply run in separate provider
// processes, as in production), stdin piped as the person's keyboard. The plan's warning shows
// the verification page and the code before the prompt; the test reads them there, signs in on
// the simulator's page (or does not), then answers yes.

// deviceCodeCLIConfig restores one item to its original location in the simulator's open
// session (known when planning) with the code of vb365_restore_device_code.
func deviceCodeCLIConfig(sim *acctest.Sim) string {
	return sim.ProviderConfig("v8") + `
ephemeral "vb365_restore_device_code" "code" {
  restore_session_id = "` + vb365sim.SeedRestoreSessionID + `"
}

resource "vb365_mailbox_item_restore" "r" {
  restore_session_id = "` + vb365sim.SeedRestoreSessionID + `"
  mailbox_id         = "` + vb365sim.SeedMailboxID + `"
  item_ids           = ["` + vb365sim.SeedMessageID + `"]

  restore_to_original_location {
    user_code = ephemeral.vb365_restore_device_code.code.user_code
  }
}
`
}

// skipWithoutDeviceCodeCLI skips unless TF_ACC is set and the CLI has ephemeral resources
// and write-only attributes (1.11+).
func skipWithoutDeviceCodeCLI(t *testing.T) {
	t.Helper()
	acctest.SkipWithoutAcc(t)
	if v, err := acctest.CLIVersion(); err != nil || v.LessThan(version.Must(version.NewVersion("1.11.0"))) {
		t.Skipf("the CLI (%v, %v) has no write-only attributes", v, err)
	}
}

// promptWithCode matches the plan's warning up to the approval prompt: the page and the code.
var promptWithCode = regexp.MustCompile(`(?s)Sign in at\s+(\S+/_sim/devicelogin)\s+with\s+the\s+code\s+([A-Z0-9]{9})\s+before\s+you\s+approve.*Enter a value:`)

// startDeviceCodeApply starts an interactive apply with its own cache directory and returns
// it, its stdin, and the page and code its plan showed.
func startDeviceCodeApply(t *testing.T, sim *acctest.Sim) (run *acctest.BinaryCLIRun, apply *acctest.CLIProcess, stdin io.WriteCloser, page, code string) {
	t.Helper()
	run = acctest.NewBinaryCLIRun(t)
	run.Setenv("XDG_CACHE_HOME=" + t.TempDir())
	run.WriteConfig(deviceCodeCLIConfig(sim))
	apply, stdin = run.StartInteractive("apply", "-no-color")
	m, err := apply.AwaitOutput(promptWithCode, 3*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(acctest.ItemActions(sim)); n != 0 {
		t.Fatalf("%d item actions ran before the approval", n)
	}
	if codes := sim.IssuedDeviceCodes(); len(codes) != 1 || codes[0] != m[2] {
		t.Fatalf("issued %v, the plan showed %s", codes, m[2])
	}
	return run, apply, stdin, m[1], m[2]
}

// signIn plays the person on the verification page the plan named.
func signIn(t *testing.T, page, code string) {
	t.Helper()
	resp, err := http.PostForm(page, url.Values{"code": {code}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("signing in at %s: %d %s", page, resp.StatusCode, body)
	}
}

func answer(t *testing.T, stdin io.WriteCloser, text string) {
	t.Helper()
	if _, err := io.WriteString(stdin, text+"\n"); err != nil {
		t.Fatal(err)
	}
	_ = stdin.Close()
}

// TestCLIDeviceCodeSignInBeforeApproval: the person reads the code in the plan, signs in, then
// approves: the restore runs once, carrying the code the plan showed, and no other code was
// issued (the apply's provider process reused the plan's code).
func TestCLIDeviceCodeSignInBeforeApproval(t *testing.T) {
	t.Parallel()
	skipWithoutDeviceCodeCLI(t)
	sim := acctest.StartRestoreSim(t, vb365sim.WithDeviceCodesVerified())
	_, apply, stdin, page, code := startDeviceCodeApply(t, sim)
	if !strings.HasPrefix(page, sim.URL) {
		t.Errorf("the plan names the page %s, want the simulator's (%s)", page, sim.URL)
	}
	signIn(t, page, code)
	answer(t, stdin, "yes")
	out, err := apply.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Apply complete!") {
		t.Fatalf("no completed apply:\n%s", out)
	}
	restores := acctest.ItemActions(sim)
	if len(restores) != 1 || restores[0].Action != "restore_to_original_location" || restores[0].UserCode != code {
		t.Fatalf("restores %+v, want one carrying the plan's code %s", restores, code)
	}
	if codes := sim.IssuedDeviceCodes(); len(codes) != 1 {
		t.Errorf("device codes issued: %d, want 1 (the plan's)", len(codes))
	}
}

// TestCLIDeviceCodeNotSignedIn: the person approves without signing in: the server refuses the
// restore (its message says nobody signed in), nothing ran, no record is kept, the error says
// to sign in with the code of the next plan, and that plan shows a new code (the refused one is
// not offered again).
func TestCLIDeviceCodeNotSignedIn(t *testing.T) {
	t.Parallel()
	skipWithoutDeviceCodeCLI(t)
	sim := acctest.StartRestoreSim(t, vb365sim.WithDeviceCodesVerified())
	run, apply, stdin, _, code := startDeviceCodeApply(t, sim)
	answer(t, stdin, "yes")
	out, err := apply.Wait()
	if err == nil {
		t.Fatalf("the apply succeeded with a code nobody signed in with:\n%s", out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{"Nobody has signed in with the device code yet", "its plan shows a new code; sign in with it"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the error lacks %q:\n%s", want, out)
		}
	}
	if n := len(acctest.ItemActions(sim)); n != 0 {
		t.Errorf("%d item actions ran", n)
	}
	if state, err := os.ReadFile(run.Path("terraform.tfstate")); err == nil && strings.Contains(string(state), "vb365_mailbox_item_restore") {
		t.Errorf("a record was kept:\n%s", state)
	}
	plan, err := run.Run("plan", "-no-color", "-input=false")
	if err != nil {
		t.Fatal(err)
	}
	codes := sim.IssuedDeviceCodes()
	if len(codes) != 2 || codes[1] == code || !strings.Contains(plan, codes[1]) {
		t.Errorf("after the refusal the plan shows codes %v (refused: %s):\n%s", codes, code, plan)
	}
}

// TestCLIDeviceCodeSavedPlan: `plan -out` shows the code, the person signs in, and the apply of
// the saved plan (a later command, new provider processes) sends that code: one code issued,
// one restore carrying it.
func TestCLIDeviceCodeSavedPlan(t *testing.T) {
	t.Parallel()
	skipWithoutDeviceCodeCLI(t)
	sim := acctest.StartRestoreSim(t, vb365sim.WithDeviceCodesVerified())
	run := acctest.NewBinaryCLIRun(t)
	run.Setenv("XDG_CACHE_HOME=" + t.TempDir())
	run.WriteConfig(deviceCodeCLIConfig(sim))
	plan, err := run.Run("plan", "-out=restore.tfplan", "-input=false", "-no-color")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`Sign in at\s+(\S+/_sim/devicelogin)\s+with\s+the\s+code\s+([A-Z0-9]{9})\s`).FindStringSubmatch(plan)
	if m == nil {
		t.Fatalf("the plan shows no code:\n%s", plan)
	}
	signIn(t, m[1], m[2])
	out, err := run.Run("apply", "-input=false", "-no-color", "restore.tfplan")
	if err != nil {
		t.Fatal(err)
	}
	restores := acctest.ItemActions(sim)
	if len(restores) != 1 || restores[0].UserCode != m[2] {
		t.Fatalf("restores %+v, want one carrying the plan's code %s:\n%s", restores, m[2], out)
	}
	if codes := sim.IssuedDeviceCodes(); len(codes) != 1 {
		t.Errorf("device codes issued: %v, want only the plan's", codes)
	}
}
