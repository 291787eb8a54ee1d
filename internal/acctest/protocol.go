package acctest

import (
	"context"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// actionProviderServer is a provider server that serves actions too.
type actionProviderServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ActionServer
}

// ProtoProvider drives the provider through the plugin protocol in-process, the way the CLI
// would. It is how the action is tested: OpenTofu 1.12 cannot run actions.
type ProtoProvider struct {
	T      *testing.T
	Server actionProviderServer
	Schema *tfprotov6.GetProviderSchemaResponse
}

func NewProtoProvider(t *testing.T) *ProtoProvider {
	t.Helper()
	plain, err := provider.NewServer("test")()
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
	if msg := DiagnosticsText(schema.Diagnostics); msg != "" {
		t.Fatalf("provider schema: %s", msg)
	}
	return &ProtoProvider{T: t, Server: server, Schema: schema}
}

// Configure configures the provider for sim in an API dialect.
func (p *ProtoProvider) Configure(sim *Sim, version string) {
	p.T.Helper()
	p.ConfigureWith(sim, version, nil)
}

// ConfigureWith configures the provider with more provider block values (e.g. blocks).
func (p *ProtoProvider) ConfigureWith(sim *Sim, version string, extra map[string]any) {
	p.T.Helper()
	values := map[string]any{
		"endpoint": sim.URL, "api_version": version,
		"username": vb365sim.DefaultUsername, "password": vb365sim.DefaultPassword,
	}
	for k, v := range extra {
		values[k] = v
	}
	cfg := p.DynamicValue(p.Schema.Provider.ValueType(), values)
	resp, err := p.Server.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.14.0", Config: cfg,
	})
	if err != nil {
		p.T.Fatal(err)
	}
	if msg := DiagnosticsText(resp.Diagnostics); msg != "" {
		p.T.Fatalf("configure: %s", msg)
	}
}

func (p *ProtoProvider) actionType() tftypes.Type {
	p.T.Helper()
	s, ok := p.Schema.ActionSchemas["vb365_mailbox_item_restore"]
	if !ok {
		p.T.Fatalf("no action vb365_mailbox_item_restore in the provider schema")
	}
	return s.Schema.ValueType()
}

func (p *ProtoProvider) ResourceType(name string) tftypes.Type {
	p.T.Helper()
	s, ok := p.Schema.ResourceSchemas[name]
	if !ok {
		p.T.Fatalf("no resource %s in the provider schema", name)
	}
	return s.ValueType()
}

// DynamicValue encodes values for typ: attributes not given are null.
func (p *ProtoProvider) DynamicValue(typ tftypes.Type, values map[string]any) *tfprotov6.DynamicValue {
	p.T.Helper()
	v, err := toValue(typ, values)
	if err != nil {
		p.T.Fatal(err)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		p.T.Fatal(err)
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
		mapType, ok := typ.(tftypes.Map)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("map type expected, got %s", typ)
		}
		elemType := mapType.ElementType
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
		obj, ok := typ.(tftypes.Object)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("object type expected, got %s", typ)
		}
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

// Invoke runs the action and returns its progress messages and final diagnostics.
func (p *ProtoProvider) Invoke(config map[string]any) (progress []string, diags []*tfprotov6.Diagnostic) {
	p.T.Helper()
	stream, err := p.Server.InvokeAction(context.Background(), &tfprotov6.InvokeActionRequest{
		ActionType: "vb365_mailbox_item_restore",
		Config:     p.DynamicValue(p.actionType(), config),
	})
	if err != nil {
		p.T.Fatal(err)
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

func (p *ProtoProvider) ValidateAction(config map[string]any) []*tfprotov6.Diagnostic {
	p.T.Helper()
	resp, err := p.Server.ValidateActionConfig(context.Background(), &tfprotov6.ValidateActionConfigRequest{
		ActionType: "vb365_mailbox_item_restore", Config: p.DynamicValue(p.actionType(), config),
	})
	if err != nil {
		p.T.Fatal(err)
	}
	return resp.Diagnostics
}

func (p *ProtoProvider) PlanAction(config map[string]any) []*tfprotov6.Diagnostic {
	p.T.Helper()
	resp, err := p.Server.PlanAction(context.Background(), &tfprotov6.PlanActionRequest{
		ActionType: "vb365_mailbox_item_restore", Config: p.DynamicValue(p.actionType(), config),
	})
	if err != nil {
		p.T.Fatal(err)
	}
	return resp.Diagnostics
}

// DiagnosticsText renders diagnostics as "SEVERITY summary: detail" lines; empty when none.
func DiagnosticsText(diags []*tfprotov6.Diagnostic) string {
	lines := make([]string, 0, len(diags))
	for _, d := range diags {
		lines = append(lines, fmt.Sprintf("%s %s: %s", d.Severity, d.Summary, d.Detail))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func HasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

// ApplyResourceChange applies a planned change to a resource; prior or planned nil means null.
func (p *ProtoProvider) ApplyResourceChange(typeName string, prior, planned, config map[string]any) (*tfprotov6.ApplyResourceChangeResponse, error) {
	p.T.Helper()
	typ := p.ResourceType(typeName)
	value := func(m map[string]any) *tfprotov6.DynamicValue {
		if m == nil {
			dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
			if err != nil {
				p.T.Fatal(err)
			}
			return &dv
		}
		return p.DynamicValue(typ, m)
	}
	return p.Server.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typeName, PriorState: value(prior), PlannedState: value(planned), Config: value(config),
	})
}

// ValidateResource validates a resource configuration, as `terraform validate` does.
func (p *ProtoProvider) ValidateResource(typeName string, config map[string]any) []*tfprotov6.Diagnostic {
	p.T.Helper()
	resp, err := p.Server.ValidateResourceConfig(context.Background(), &tfprotov6.ValidateResourceConfigRequest{
		TypeName: typeName, Config: p.DynamicValue(p.ResourceType(typeName), config),
	})
	if err != nil {
		p.T.Fatal(err)
	}
	return resp.Diagnostics
}

// ReadResource refreshes a resource's state.
func (p *ProtoProvider) ReadResource(typeName string, state map[string]any) (*tfprotov6.ReadResourceResponse, error) {
	p.T.Helper()
	return p.Server.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{
		TypeName: typeName, CurrentState: p.DynamicValue(p.ResourceType(typeName), state),
	})
}
