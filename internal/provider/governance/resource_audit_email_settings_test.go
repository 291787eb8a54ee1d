package governance_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
)

const emailAddr = "vb365_audit_email_settings.this"

func smtpConfig(sim *acctest.Sim, version, password string, passwordVersion int, trigger, extra string) string {
	return sim.ProviderConfig(version) + fmt.Sprintf(`
resource "vb365_audit_email_settings" "this" {
  enabled             = true
  smtp_server         = "smtp.example.com"
  port                = 587
  use_ssl             = true
  use_authentication  = true
  username            = "notify"
  password_wo         = %s
  password_wo_version = %d
  from                = "vb365@example.com"
  to                  = ["audit@example.com", "legal@example.com"]
  subject             = "[%%Action%%] %%DisplayName%% by %%InitiatedByUserName%%"
  send_test_email     = { run = %s }
%s
}
`, q(password), passwordVersion, q(trigger), extra)
}

// checkNoSecret fails when the password appears anywhere in the state.
func checkNoSecret(secret string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for addr, rs := range s.RootModule().Resources {
			for k, v := range rs.Primary.Attributes {
				if strings.Contains(v, secret) {
					return fmt.Errorf("%s.%s holds the password", addr, k)
				}
			}
		}
		return nil
	}
}

// TestAccAuditEmailSettings_lifecycle: SMTP settings with a write-only password and a test
// message; import; drift (recipients, subject and notifications changed in the console) planned
// back; the trigger sends one more test message, a password rotation sends the new password;
// destroy turns notifications off and leaves the rest. On v5, v6 and v8.
func TestAccAuditEmailSettings_lifecycle(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"v5", "v6", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			accTest(t, func(*terraform.State) error {
				c := simEmail(t, sim)
				if c.enabled || c.smtpServer != "smtp.example.com" {
					return fmt.Errorf("after destroy: enabled=%v smtp=%q; want notifications off and the rest kept", c.enabled, c.smtpServer)
				}
				return nil
			},
				resource.TestStep{
					Config: smtpConfig(sim, version, "first-secret", 1, "1", ""),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(emailAddr, tfjsonpath.New("to"), knownvalue.ListExact([]knownvalue.Check{
							knownvalue.StringExact("audit@example.com"), knownvalue.StringExact("legal@example.com")})),
						statecheck.ExpectKnownValue(emailAddr, tfjsonpath.New("password_wo"), knownvalue.Null()),
						statecheck.ExpectKnownValue(emailAddr, tfjsonpath.New("authentication_type"), knownvalue.StringExact("CustomSmtp")),
						simCheck(func() error {
							if sim.AuditEmailPassword() != "first-secret" {
								return fmt.Errorf("password did not reach the server")
							}
							if n := len(sim.TestEmails()); n != 1 {
								return fmt.Errorf("%d test e-mails, want 1", n)
							}
							return nil
						}),
					},
					Check: checkNoSecret("first-secret"),
				},
				resource.TestStep{
					ResourceName:                         emailAddr,
					ImportState:                          true,
					ImportStateId:                        "audit_email_settings",
					ImportStateVerify:                    true,
					ImportStateVerifyIdentifierAttribute: "id",
					ImportStateVerifyIgnore:              []string{"password_wo", "password_wo_version", "send_test_email"},
				},
				resource.TestStep{
					PreConfig: func() { sim.ChangeAuditEmailOutOfBand("someone@example.com", "changed", false) },
					Config:    smtpConfig(sim, version, "first-secret", 1, "1", ""),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(emailAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(emailAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					}},
					ConfigStateChecks: []statecheck.StateCheck{simCheck(func() error {
						c := simEmail(t, sim)
						if !c.enabled || c.to != "audit@example.com;legal@example.com" || !strings.HasPrefix(c.subject, "[%Action%]") {
							return fmt.Errorf("drift not corrected: %+v", c)
						}
						if n := len(sim.TestEmails()); n != 1 {
							return fmt.Errorf("%d test e-mails after a drift fix, want still 1", n)
						}
						return nil
					})},
				},
				resource.TestStep{
					Config: smtpConfig(sim, version, "second-secret", 2, "2", ""),
					ConfigStateChecks: []statecheck.StateCheck{simCheck(func() error {
						if sim.AuditEmailPassword() != "second-secret" || len(sim.TestEmails()) != 2 {
							return fmt.Errorf("password %q, %d test e-mails; want the rotated password and 2",
								sim.AuditEmailPassword(), len(sim.TestEmails()))
						}
						return nil
					})},
					Check: checkNoSecret("second-secret"),
				},
			)
		})
	}
}

type emailView struct {
	enabled                 bool
	smtpServer, to, subject string
}

// simEmail reads the simulator's audit e-mail settings over its API.
func simEmail(t *testing.T, sim *acctest.Sim) emailView {
	t.Helper()
	c := simClient(t, sim)
	s, err := c.AuditEmailSettings(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return emailView{enabled: s.Enabled, smtpServer: s.SMTPServer, to: s.To, subject: s.Subject}
}

// TestAccAuditEmailSettings_oauth: the Microsoft 365 form on v7 (the first version with it)
// and v8; on v6 it is refused at plan time naming v7, and nothing is sent.
func TestAccAuditEmailSettings_oauth(t *testing.T) {
	t.Parallel()
	oauth := func(sim *acctest.Sim, version string) string {
		return sim.ProviderConfig(version) + `
resource "vb365_audit_email_settings" "this" {
  enabled             = true
  authentication_type = "Microsoft365"
  user_id             = "5ebc5a88-6fab-4d4c-9ea5-4a7b9c1d3e55"
  mail_api_url        = "https://graph.microsoft.com"
  oauth_request_id    = "3f1e0c55-0000-4000-8000-000000000001"
  from                = "vb365@example.com"
  to                  = ["audit@example.com"]
}
`
	}
	for _, version := range []string{"v7", "v8"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			accTest(t, nil, resource.TestStep{
				Config: oauth(sim, version),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(emailAddr, tfjsonpath.New("is_authenticated"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(emailAddr, tfjsonpath.New("authentication_type"), knownvalue.StringExact("Microsoft365")),
				},
			}, resource.TestStep{Config: oauth(sim, version), PlanOnly: true})
		})
	}
	t.Run("v6", func(t *testing.T) {
		t.Parallel()
		sim := acctest.StartSimulator(t)
		accTest(t, nil, resource.TestStep{
			Config:      oauth(sim, "v6"),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Not available in API v6.*Microsoft365 needs VB365 REST API v7 or later`),
		})
		if n := sim.RequestCount("PUT", "/v6/AuditEmailSettings"); n != 0 {
			t.Errorf("%d PUTs on v6", n)
		}
	})
}

// TestAccAuditEmailSettings_badInput: combinations refused before sending, a server refusal
// reported with its message and nothing changed, v4 refused naming v5, a bad import ID.
func TestAccAuditEmailSettings_badInput(t *testing.T) {
	t.Parallel()
	sim := acctest.StartSimulator(t)
	base := sim.ProviderConfig("v8")
	accTest(t, nil,
		resource.TestStep{
			Config:      base + `resource "vb365_audit_email_settings" "this" { enabled = true }`,
			ExpectError: regexp.MustCompile(`(?s)"smtp_server" is required when notifications are enabled through SMTP`),
		},
		resource.TestStep{
			Config: base + `resource "vb365_audit_email_settings" "this" {
  enabled          = false
  oauth_request_id = "x"
}`,
			ExpectError: regexp.MustCompile(`(?s)applies to the OAuth forms`),
		},
		resource.TestStep{
			// No password was ever sent: the server refuses SMTP authentication without one.
			Config: base + `resource "vb365_audit_email_settings" "this" {
  enabled            = true
  smtp_server        = "smtp.example.com"
  use_authentication = true
  username           = "notify"
  from               = "a@example.com"
  to                 = ["b@example.com"]
}`,
			ExpectError: regexp.MustCompile(`(?s)Cannot change the audit e-mail settings.*requires a user name and a password`),
		},
		resource.TestStep{
			Config:      sim.ProviderConfig("v4") + `resource "vb365_audit_email_settings" "this" { enabled = false }`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Managing audit e-mail settings needs VB365 REST API v5 or later`),
		},
		resource.TestStep{
			Config:        base + `resource "vb365_audit_email_settings" "this" { enabled = false }`,
			ResourceName:  emailAddr,
			ImportState:   true,
			ImportStateId: "settings",
			ExpectError:   regexp.MustCompile(`Invalid import ID`),
		},
	)
	if c := simEmail(t, sim); c.enabled || c.smtpServer != "" {
		t.Errorf("refused input changed the server: %+v", c)
	}
}
