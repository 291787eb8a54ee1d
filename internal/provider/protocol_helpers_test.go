package provider_test

import (
	"context"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/acctest"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// actionProviderServer is a provider server that serves actions too.
type actionProviderServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ActionServer
}

// protoProvider drives the provider through the plugin protocol in-process, the way the CLI
// would. It is how the action is tested: OpenTofu 1.12 cannot run actions.
type protoProvider struct {
	t      *testing.T
	server actionProviderServer
	schema *tfprotov6.GetProviderSchemaResponse
}

func newProtoProvider(t *testing.T) *protoProvider {
	t.Helper()
	plain, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	server, ok := plain.(actionProviderServer)
	if !ok {
		t.Fatalf("the provider server %T does not serve actions", plain)
	}
	schema, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if msg := diagnosticsText(schema.Diagnostics); msg != "" {
		t.Fatalf("provider schema: %s", msg)
	}
	return &protoProvider{t: t, server: server, schema: schema}
}

// configure configures the provider for sim in an API dialect.
func (p *protoProvider) configure(sim *acctest.Sim, version string) {
	p.t.Helper()
	p.configureWith(sim, version, nil)
}

// configureWith configures the provider with more provider block values (e.g. blocks).
func (p *protoProvider) configureWith(sim *acctest.Sim, version string, extra map[string]any) {
	p.t.Helper()
	values := map[string]any{
		"endpoint": sim.URL, "api_version": version,
		"username": vb365sim.DefaultUsername, "password": vb365sim.DefaultPassword,
	}
	for k, v := range extra {
		values[k] = v
	}
	cfg := p.dynamicValue(p.schema.Provider.ValueType(), values)
	resp, err := p.server.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.14.0", Config: cfg,
	})
	if err != nil {
		p.t.Fatal(err)
	}
	if msg := diagnosticsText(resp.Diagnostics); msg != "" {
		p.t.Fatalf("configure: %s", msg)
	}
}

func (p *protoProvider) actionType() tftypes.Type {
	p.t.Helper()
	s, ok := p.schema.ActionSchemas["vb365_mailbox_item_restore"]
	if !ok {
		p.t.Fatalf("no action vb365_mailbox_item_restore in the provider schema")
	}
	return s.Schema.ValueType()
}

func (p *protoProvider) resourceType(name string) tftypes.Type {
	p.t.Helper()
	s, ok := p.schema.ResourceSchemas[name]
	if !ok {
		p.t.Fatalf("no resource %s in the provider schema", name)
	}
	return s.ValueType()
}

// dynamicValue encodes values for typ: attributes not given are null.
func (p *protoProvider) dynamicValue(typ tftypes.Type, values map[string]any) *tfprotov6.DynamicValue {
	p.t.Helper()
	v, err := toValue(typ, values)
	if err != nil {
		p.t.Fatal(err)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		p.t.Fatal(err)
	}
	return &dv
}

// toValue converts Go values into a tftypes.Value of typ: string, bool, int/int64, []string
// (list or set), map[string]any (object or map), nil (null).
func toValue(typ tftypes.Type, v any) (tftypes.Value, error) {
	if v == nil {
		return tftypes.NewValue(typ, nil), nil
	}
	switch {
	case typ.Is(tftypes.String):
		return tftypes.NewValue(typ, v), nil
	case typ.Is(tftypes.Bool):
		return tftypes.NewValue(typ, v), nil
	case typ.Is(tftypes.Number):
		switch n := v.(type) {
		case int:
			return tftypes.NewValue(typ, big.NewFloat(float64(n))), nil
		case int64:
			return tftypes.NewValue(typ, new(big.Float).SetInt64(n)), nil
		}
		return tftypes.Value{}, fmt.Errorf("number wants int or int64, got %T", v)
	case typ.Is(tftypes.Set{}) || typ.Is(tftypes.List{}):
		strs, ok := v.([]string)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("collection wants []string, got %T", v)
		}
		var elem tftypes.Type = tftypes.String
		elems := make([]tftypes.Value, len(strs))
		for i, s := range strs {
			elems[i] = tftypes.NewValue(elem, s)
		}
		return tftypes.NewValue(typ, elems), nil
	case typ.Is(tftypes.Map{}):
		m, ok := v.(map[string]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("map wants map[string]any, got %T", v)
		}
		elemType := typ.(tftypes.Map).ElementType
		out := map[string]tftypes.Value{}
		for k, e := range m {
			ev, err := toValue(elemType, e)
			if err != nil {
				return tftypes.Value{}, err
			}
			out[k] = ev
		}
		return tftypes.NewValue(typ, out), nil
	case typ.Is(tftypes.Object{}):
		m, ok := v.(map[string]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("object wants map[string]any, got %T", v)
		}
		obj := typ.(tftypes.Object)
		out := map[string]tftypes.Value{}
		for name, at := range obj.AttributeTypes {
			av, err := toValue(at, m[name])
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("%s: %w", name, err)
			}
			out[name] = av
		}
		for name := range m {
			if _, ok := obj.AttributeTypes[name]; !ok {
				return tftypes.Value{}, fmt.Errorf("no attribute %q in %s", name, typ)
			}
		}
		return tftypes.NewValue(typ, out), nil
	}
	return tftypes.Value{}, fmt.Errorf("unsupported type %s", typ)
}

// invoke runs the action and returns its progress messages and final diagnostics.
func (p *protoProvider) invoke(config map[string]any) (progress []string, diags []*tfprotov6.Diagnostic) {
	p.t.Helper()
	stream, err := p.server.InvokeAction(context.Background(), &tfprotov6.InvokeActionRequest{
		ActionType: "vb365_mailbox_item_restore",
		Config:     p.dynamicValue(p.actionType(), config),
	})
	if err != nil {
		p.t.Fatal(err)
	}
	for event := range stream.Events {
		switch e := event.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			progress = append(progress, e.Message)
		case tfprotov6.CompletedInvokeActionEventType:
			diags = append(diags, e.Diagnostics...)
		}
	}
	return progress, diags
}

func (p *protoProvider) validateAction(config map[string]any) []*tfprotov6.Diagnostic {
	p.t.Helper()
	resp, err := p.server.ValidateActionConfig(context.Background(), &tfprotov6.ValidateActionConfigRequest{
		ActionType: "vb365_mailbox_item_restore", Config: p.dynamicValue(p.actionType(), config),
	})
	if err != nil {
		p.t.Fatal(err)
	}
	return resp.Diagnostics
}

func (p *protoProvider) planAction(config map[string]any) []*tfprotov6.Diagnostic {
	p.t.Helper()
	resp, err := p.server.PlanAction(context.Background(), &tfprotov6.PlanActionRequest{
		ActionType: "vb365_mailbox_item_restore", Config: p.dynamicValue(p.actionType(), config),
	})
	if err != nil {
		p.t.Fatal(err)
	}
	return resp.Diagnostics
}

// diagnosticsText renders diagnostics as "SEVERITY summary: detail" lines; empty when none.
func diagnosticsText(diags []*tfprotov6.Diagnostic) string {
	lines := make([]string, 0, len(diags))
	for _, d := range diags {
		lines = append(lines, fmt.Sprintf("%s %s: %s", d.Severity, d.Summary, d.Detail))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

// applyResourceChange applies a planned change to a resource; prior or planned nil means null.
func (p *protoProvider) applyResourceChange(typeName string, prior, planned, config map[string]any) (*tfprotov6.ApplyResourceChangeResponse, error) {
	p.t.Helper()
	typ := p.resourceType(typeName)
	value := func(m map[string]any) *tfprotov6.DynamicValue {
		if m == nil {
			dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
			if err != nil {
				p.t.Fatal(err)
			}
			return &dv
		}
		return p.dynamicValue(typ, m)
	}
	return p.server.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typeName, PriorState: value(prior), PlannedState: value(planned), Config: value(config),
	})
}

// validateResource validates a resource configuration, as `terraform validate` does.
func (p *protoProvider) validateResource(typeName string, config map[string]any) []*tfprotov6.Diagnostic {
	p.t.Helper()
	resp, err := p.server.ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{
		TypeName: typeName, Config: p.dynamicValue(p.resourceType(typeName), config),
	})
	if err != nil {
		p.t.Fatal(err)
	}
	return resp.Diagnostics
}

// readResource refreshes a resource's state.
func (p *protoProvider) readResource(typeName string, state map[string]any) (*tfprotov6.ReadResourceResponse, error) {
	p.t.Helper()
	return p.server.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{
		TypeName: typeName, CurrentState: p.dynamicValue(p.resourceType(typeName), state),
	})
}
