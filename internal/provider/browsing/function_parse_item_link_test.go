package browsing_test

import (
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/browsing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func TestAccFunctionParseItemLink(t *testing.T) {
	t.Parallel()
	const (
		v3Self   = "https://support.east.local:4443/v3/restoresessions/3da69c6c-bb12-4bed-9c4d-7276cb9074bf/organization/mailboxes/479ae6aa-610b-4652-8966-5db06021903c/items/AAAAAKGE4dIvQUtGjuSnq8JTHAgHAPliTMf_6DxPiJ6TGYB9CqAAAAAAAUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_u0AAA=="
		v8Parent = "/v8/RestoreSessions/3da69c6c-bb12-4bed-9c4d-7276cb9074bf/organization/mailboxes/479ae6aa-610b-4652-8966-5db06021903c/folders/AAAAAKGE4dIvQUtGjuSnq8JTHAgBAPliTMf_6DxPiJ6TGYB9CqAAAAAAAUcAAA=="
	)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   functionsSupported,
		Steps: []resource.TestStep{{
			Config: requiredProvidersBlock + `
output "v3_self" {
  value = provider::vb365::parse_item_link(` + acctest.Q(v3Self) + `)
}

output "v8_parent" {
  value = provider::vb365::parse_item_link(` + acctest.Q(v8Parent) + `)
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("v3_self", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"version":            knownvalue.StringExact("v3"),
					"restore_session_id": knownvalue.StringExact(vb365sim.SeedRestoreSessionID),
					"mailbox_id":         knownvalue.StringExact(vb365sim.SeedMailboxID),
					"folder_id":          knownvalue.Null(),
					"item_id":            knownvalue.StringExact(vb365sim.SeedAppointmentID),
				})),
				statecheck.ExpectKnownOutputValue("v8_parent", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"version":            knownvalue.StringExact("v8"),
					"restore_session_id": knownvalue.StringExact(vb365sim.SeedRestoreSessionID),
					"mailbox_id":         knownvalue.StringExact(vb365sim.SeedMailboxID),
					"folder_id":          knownvalue.StringExact(vb365sim.SeedCalendarFolderID),
					"item_id":            knownvalue.Null(),
				})),
			},
		}},
	})
}

// The links a data source returns parse back to the IDs it was read with, in both dialects.
func TestAccFunctionParseItemLink_dataSourceLinks(t *testing.T) {
	t.Parallel()
	for _, version := range acctest.TestedVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			sim := acctest.StartSimulator(t)
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				TerraformVersionChecks:   functionsSupported,
				Steps: []resource.TestStep{{
					Config: requiredProvidersBlock + sim.ProviderConfig(version) + acctest.SeedItemConfig("slash", vb365sim.SlashItemID) + `
output "self" {
  value = provider::vb365::parse_item_link(data.vb365_mailbox_item.slash.links.self)
}

output "parent_folder" {
  value = provider::vb365::parse_item_link(data.vb365_mailbox_item.slash.links.parent).folder_id
}
`,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownOutputValue("self", knownvalue.ObjectExact(map[string]knownvalue.Check{
							"version":            knownvalue.StringExact(version),
							"restore_session_id": knownvalue.StringExact(vb365sim.SeedRestoreSessionID),
							"mailbox_id":         knownvalue.StringExact(vb365sim.SeedMailboxID),
							"folder_id":          knownvalue.Null(),
							"item_id":            knownvalue.StringExact(vb365sim.SlashItemID),
						})),
						statecheck.ExpectKnownOutputValue("parent_folder", knownvalue.StringExact(vb365sim.InboxFolderID)),
					},
				}},
			})
		})
	}
}

func TestAccFunctionParseItemLink_notAVB365Link(t *testing.T) {
	t.Parallel()
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   functionsSupported,
		Steps: []resource.TestStep{{
			Config: requiredProvidersBlock + `
output "bad" {
  value = provider::vb365::parse_item_link("https://example.com/api/things/42")
}
`,
			ExpectError: acctest.Wrapped(`is not a VB365 restore session link`),
		}},
	})
}

func TestParseItemLinkFunction_run(t *testing.T) {
	f := browsing.NewParseItemLinkFunction()
	got, err := runFunction(t, f, types.StringValue("/v6/RestoreSessions/s-1/Organization/Mailboxes/m-2/Items/i%2F3"))
	if err != nil {
		t.Fatalf("error: %s", err)
	}
	obj := got.(types.Object).Attributes()
	want := map[string]string{"version": "v6", "restore_session_id": "s-1", "mailbox_id": "m-2", "item_id": "i/3"}
	for k, v := range want {
		if s := obj[k].(types.String); s.ValueString() != v {
			t.Errorf("%s = %v, want %q", k, s, v)
		}
	}
	if !obj["folder_id"].IsNull() {
		t.Errorf("folder_id = %v, want null for an item link", obj["folder_id"])
	}

	for _, bad := range []string{"", "https://example.com/", "/v8/Organizations/x", "not a url at all %%"} {
		_, err := runFunction(t, f, types.StringValue(bad))
		if err == nil {
			t.Errorf("parse_item_link(%q) succeeded", bad)
			continue
		}
		if err.FunctionArgument == nil || *err.FunctionArgument != 0 || !strings.Contains(err.Text, "not a VB365 restore session link") {
			t.Errorf("parse_item_link(%q) error = %+v, want an argument error naming the problem", bad, err)
		}
	}
}
