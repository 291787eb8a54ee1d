package provider

import (
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestResolveRestoreOperator(t *testing.T) {
	env := func(m map[string]string) configSources {
		return configSources{LookupEnv: func(k string) (string, bool) { v, ok := m[k]; return v, ok }}
	}
	// Neither block nor environment: no operator sign-in.
	if op, diags := resolveRestoreOperator(nil, env(nil)); op != nil || diags.HasError() {
		t.Errorf("empty: %v %v", op, diags)
	}
	// The environment alone signs in.
	op, diags := resolveRestoreOperator(nil, env(map[string]string{framework.EnvOperatorClientID: "u.t", framework.EnvOperatorAssertion: "secret"}))
	if diags.HasError() || op == nil || op.ClientID != "u.t" || op.Assertion != "secret" {
		t.Errorf("env: %+v %v", op, diags)
	}
	// The block wins over the environment.
	block := &restoreOperatorModel{ClientID: types.StringValue("b.t"), Assertion: types.StringNull()}
	op, diags = resolveRestoreOperator(block, env(map[string]string{framework.EnvOperatorClientID: "u.t", framework.EnvOperatorAssertion: "secret"}))
	if diags.HasError() || op == nil || op.ClientID != "b.t" || op.Assertion != "secret" {
		t.Errorf("block and env: %+v %v", op, diags)
	}
	// Half a sign-in is an error, not a silent administrator run.
	op, diags = resolveRestoreOperator(block, env(nil))
	if !diags.HasError() || op != nil {
		t.Errorf("client_id alone: %+v %v", op, diags)
	}
}
