package browsing_test

import (
	"context"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/browsing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// requiredProvidersBlock names the provider for provider-defined functions, which need it.
const requiredProvidersBlock = `
terraform {
  required_providers {
    vb365 = {
      source = "hashicorp/vb365"
    }
  }
}
`

// functionsSupported skips below Terraform 1.8, the first release with provider-defined functions.
var functionsSupported = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}

func TestAccFunctionItemType(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"IPM.Appointment":              "appointment",
		"ipm.note":                     "message",
		"IPM.Schedule.Meeting.Request": "message",
		"IPM.StickyNote":               "note",
		"IPM.Activity":                 "journal",
		"IPM.DistList":                 "contact_group",
		"IPM.Post":                     "discussion",
		"IPM.Contact":                  "contact",
		"IPM.Task":                     "task",
		"IPM.Sim.Unknown":              "unknown",
		"":                             "unknown",
	}
	config := requiredProvidersBlock
	var checks []statecheck.StateCheck
	i := 0
	for class, want := range cases {
		name := "type_" + string(rune('a'+i))
		i++
		config += "output " + acctest.Q(name) + " {\n  value = provider::vb365::item_type(" + acctest.Q(class) + ")\n}\n"
		checks = append(checks, statecheck.ExpectKnownOutputValue(name, knownvalue.StringExact(want)))
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   functionsSupported,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

// The function agrees with the data source for an item read from the API.
func TestAccFunctionItemType_matchesDataSource(t *testing.T) {
	t.Parallel()
	sim := acctest.StartSimulator(t)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		TerraformVersionChecks:   functionsSupported,
		Steps: []resource.TestStep{{
			Config: requiredProvidersBlock + sim.ProviderConfig("v8") + acctest.SeedItemConfig("task", vb365sim.SeedTaskID) + `
output "task_type" {
  value = provider::vb365::item_type(data.vb365_mailbox_item.task.item_class)
}
`,
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("task_type", knownvalue.StringExact("task"))},
		}},
	})
}

// runFunction calls a provider function directly, as the framework would.
func runFunction(t *testing.T, f function.Function, args ...attr.Value) (attr.Value, *function.FuncError) {
	t.Helper()
	ctx := context.Background()
	var def function.DefinitionResponse
	f.Definition(ctx, function.DefinitionRequest{}, &def)
	result, err := def.Definition.Return.NewResultData(ctx)
	if err != nil {
		t.Fatalf("result data: %v", err)
	}
	resp := function.RunResponse{Result: result}
	f.Run(ctx, function.RunRequest{Arguments: function.NewArgumentsData(args)}, &resp)
	return resp.Result.Value(), resp.Error
}

func TestItemTypeFunction_run(t *testing.T) {
	for class, want := range map[string]string{
		"IPM.Appointment": "appointment", "IPM.Note.SMIME": "message", "IPM.Contact": "contact",
		"IPM.DistList": "contact_group", "IPM.Journal": "journal", "IPM.Task.Custom": "task",
		"  ipm.stickynote ": "note", "IPM.Post": "discussion", "IPM": "unknown", "": "unknown",
	} {
		got, err := runFunction(t, browsing.NewItemTypeFunction(), types.StringValue(class))
		if err != nil {
			t.Errorf("item_type(%q) error: %s", class, err)
			continue
		}
		if s, ok := got.(types.String); !ok || s.ValueString() != want {
			t.Errorf("item_type(%q) = %v, want %q", class, got, want)
		}
	}
}
