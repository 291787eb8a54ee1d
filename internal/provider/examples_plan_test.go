package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// examplesRoot is the examples/ directory of the repository (tests run in internal/provider).
const examplesRoot = "../../examples"

// exampleDirs lists every directory under examples/ that holds a configuration (.tf or
// .tfquery.hcl files), except the policy's test configurations, which `make policy-testdata`
// plans, and the rehearsal module, which `make rehearsal-test` runs against its own fixture.
func exampleDirs(t *testing.T) []string {
	t.Helper()
	seen := map[string]bool{}
	err := filepath.WalkDir(examplesRoot, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		// The policy's test configurations are planned by `make policy-testdata`; the rehearsal
		// module runs against a simulator with its own fixture in `make rehearsal-test`.
		if d.IsDir() && (filepath.ToSlash(path) == examplesRoot+"/policy/testdata" || filepath.ToSlash(path) == examplesRoot+"/rehearsal") {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tfquery.hcl")) {
			seen[filepath.Dir(path)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	dirs := make([]string, 0, len(seen))
	for d := range seen {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	if len(dirs) < 10 {
		t.Fatalf("found only %d example directories under %s: %v", len(dirs), examplesRoot, dirs)
	}
	return dirs
}

// TestAccExamples_plan plans every example against the simulator with the CLI under test, so
// that an example that cannot plan (an invalid index, a count on a value known only after
// apply, an undeclared variable) fails the tests, not a reader. Their variables are set to the
// simulator's organization, mailbox and items. Actions and list resources (examples/actions,
// examples/list-resources: `terraform query`) need Terraform 1.14+; import by identity 1.12+.
func TestAccExamples_plan(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	acctest.PreCheck(t)
	version, err := acctest.CLIVersion()
	if err != nil {
		t.Fatal(err)
	}
	withActions := !version.LessThan(tfversion.Version1_14_0) && !acctest.CLIIsOpenTofu()
	for _, dir := range exampleDirs(t) {
		name := strings.TrimPrefix(filepath.ToSlash(dir), examplesRoot+"/")
		t.Run(name, func(t *testing.T) {
			needs114 := strings.HasPrefix(name, "actions/") || strings.HasPrefix(name, "list-resources/")
			if needs114 && !withActions {
				t.Skipf("%s needs Terraform 1.14+ (actions, list resources); the CLI is %s", name, version)
			}
			sim := acctest.StartRestoreSim(t, exampleSimOptions(t, dir)...) // examples_sessions_test.go
			exports := t.TempDir()
			for key, value := range map[string]string{
				"VB365_ENDPOINT": sim.URL, "VB365_USERNAME": vb365sim.DefaultUsername, "VB365_PASSWORD": vb365sim.DefaultPassword,
				"TF_VAR_vb365_endpoint": sim.URL, "TF_VAR_vb365_username": vb365sim.DefaultUsername,
				"TF_VAR_vb365_password":  vb365sim.DefaultPassword,
				"TF_VAR_organization_id": vb365sim.OrganizationID, "TF_VAR_organization_name": vb365sim.OrganizationName,
				"TF_VAR_mailbox_id": vb365sim.SeedMailboxID, "TF_VAR_mailbox_email": "j_smith@bestsupport.onmicrosoft.com",
				"TF_VAR_item_id": vb365sim.SeedAppointmentID, "TF_VAR_item_ids": fmt.Sprintf("[%q]", vb365sim.SeedMessageID),
				"TF_VAR_inbox_folder_id": vb365sim.InboxFolderID, "TF_VAR_restore_session_id": vb365sim.SeedRestoreSessionID,
				"TF_VAR_export_dir": exports, "TF_VAR_output_dir": exports, "TF_VAR_handover_ticket": "INC-1",
				"TF_VAR_restore_user": acctest.RestoreTestUser, "TF_VAR_restore_password": acctest.RestoreTestPassword,
				"TF_VAR_subject_keyword": "support", "TF_VAR_evidence_dir": exports, "TF_VAR_folder_id": vb365sim.InboxFolderID,
				"TF_VAR_smtp_password": "example-secret",
			} {
				t.Setenv(key, value)
			}
			if name == "resources/vb365_restore_session" {
				t.Setenv("TF_VAR_left_open_session_id", openSecondSession(t, sim.URL)) // examples_sessions_test.go
			}
			run := acctest.NewCLIRun(t, acctest.ProtoV6ProviderFactories[acctest.ProviderName])
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if e.IsDir() || (!strings.HasSuffix(e.Name(), ".tf") && !strings.HasSuffix(e.Name(), ".tfquery.hcl")) {
					continue
				}
				if e.Name() == "import-by-identity.tf" && version.LessThan(tfversion.Version1_12_0) {
					continue // import by identity needs Terraform or OpenTofu 1.12+
				}
				data, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(run.Path(e.Name()), data, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			acctest.MustRun(t, run, "init", "-input=false", "-no-color")
			out := acctest.MustRun(t, run, "plan", "-input=false", "-no-color")
			if !strings.Contains(out, "Plan:") && !strings.Contains(out, "No changes") && !strings.Contains(out, "Changes to Outputs") {
				t.Errorf("plan of %s shows no plan:\n%s", name, out)
			}
			if want := exampleFinds[name]; want != "" && !strings.Contains(out, want) {
				t.Errorf("the plan of %s finds nothing on the simulator (no %q):\n%s", name, want, out)
			}
			if strings.HasPrefix(name, "list-resources/") {
				if q := acctest.MustRun(t, run, "query", "-no-color"); !strings.Contains(q, vb365sim.SeedRestoreSessionID) {
					t.Errorf("the query of %s finds nothing on the simulator:\n%s", name, q)
				}
			}
			if n := len(acctest.ItemActions(sim)); n != 0 {
				t.Errorf("planning %s ran %d item action(s)", name, n)
			}
		})
	}
}

// TestAccExamples_restorePointsNoBackup: the vb365_restore_points example stops with its own
// message, not a bare "Invalid index", when the organization has no backup before the time.
func TestAccExamples_restorePointsNoBackup(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	acctest.PreCheck(t)
	sim := acctest.StartRestoreSim(t)
	t.Setenv("VB365_ENDPOINT", sim.URL)
	t.Setenv("VB365_USERNAME", vb365sim.DefaultUsername)
	t.Setenv("VB365_PASSWORD", vb365sim.DefaultPassword)
	t.Setenv("TF_VAR_organization_id", vb365sim.OrganizationID)
	t.Setenv("TF_VAR_incident_time", "2019-01-01T00:00:00Z") // before the simulator's oldest backup
	run := acctest.NewCLIRun(t, acctest.ProtoV6ProviderFactories[acctest.ProviderName])
	dir := filepath.Join(examplesRoot, "data-sources", "vb365_restore_points")
	for _, name := range []string{"data-source.tf", "versions.tf"} {
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
		t.Fatalf("the plan succeeded without a backup:\n%s", out)
	}
	if !regexp.MustCompile(`has\s+no\s+backup\s+made\s+before\s+2019-01-01T00:00:00Z`).MatchString(out) || strings.Contains(out, "Invalid index") {
		t.Errorf("the plan does not fail with the example's message:\n%s", out)
	}
}
