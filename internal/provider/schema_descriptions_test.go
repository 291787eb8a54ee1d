package provider_test

import (
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// TestSchemasDescribeEveryAttribute: the provider, every data source, resource and action,
// every attribute and block in them, and every function and its parameters carry a
// description: they become the documentation. It reads the schemas the CLI gets.
func TestSchemasDescribeEveryAttribute(t *testing.T) {
	p := acctest.NewProtoProvider(t)
	s := p.Schema
	checkBlockDescribed(t, "provider", s.Provider.Block)
	if len(s.DataSourceSchemas) == 0 || len(s.ResourceSchemas) == 0 || len(s.ActionSchemas) == 0 || len(s.Functions) == 0 {
		t.Fatalf("schemas missing: %d data sources, %d resources, %d actions, %d functions",
			len(s.DataSourceSchemas), len(s.ResourceSchemas), len(s.ActionSchemas), len(s.Functions))
	}
	for name, schema := range s.DataSourceSchemas {
		checkBlockDescribed(t, "data."+name, schema.Block)
	}
	for name, schema := range s.ResourceSchemas {
		checkBlockDescribed(t, name, schema.Block)
	}
	for name, schema := range s.ActionSchemas {
		checkBlockDescribed(t, "action."+name, schema.Schema.Block)
	}
	for name, f := range s.Functions {
		if f.Summary == "" || f.Description == "" {
			t.Errorf("function %s has no summary or description", name)
		}
		params := f.Parameters
		if f.VariadicParameter != nil {
			params = append(params, f.VariadicParameter)
		}
		for _, param := range params {
			if param.Description == "" {
				t.Errorf("function %s: parameter %s has no description", name, param.Name)
			}
		}
		if f.Return == nil {
			t.Errorf("function %s has no return type", name)
		}
	}
}

// checkBlockDescribed requires a description on the block (the timeouts block is the
// framework-timeouts package's, whose attributes are described), its attributes, nested
// attributes and nested blocks.
func checkBlockDescribed(t *testing.T, prefix string, b *tfprotov6.SchemaBlock) {
	t.Helper()
	if b == nil {
		t.Errorf("%s has no schema", prefix)
		return
	}
	if b.Description == "" {
		t.Errorf("%s has no description", prefix)
	}
	for _, a := range b.Attributes {
		checkAttributeDescribed(t, prefix+"."+a.Name, a)
	}
	for _, nested := range b.BlockTypes {
		if nested.TypeName == "timeouts" {
			for _, a := range nested.Block.Attributes {
				checkAttributeDescribed(t, prefix+".timeouts."+a.Name, a)
			}
			continue
		}
		checkBlockDescribed(t, prefix+"."+nested.TypeName, nested.Block)
	}
}

func checkAttributeDescribed(t *testing.T, name string, a *tfprotov6.SchemaAttribute) {
	t.Helper()
	if a.Description == "" {
		t.Errorf("%s has no description", name)
	}
	if a.NestedType != nil {
		for _, nested := range a.NestedType.Attributes {
			checkAttributeDescribed(t, name+"."+nested.Name, nested)
		}
	}
}
