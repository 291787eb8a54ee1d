package framework

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/vmihailenco/msgpack/v5"
)

// Server is every RPC the framework's provider server implements: a wrapper keeps them all.
type Server interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// NewProtocol6Server is providerserver.NewProtocol6WithError with the lists a data source's
// Read encoded (EncodedList.StateValue) spliced into its ReadDataSource response: what the
// provider serves, and what the acceptance tests run.
func NewProtocol6Server(p provider.Provider) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		inner, err := providerserver.NewProtocol6WithError(p)()
		if err != nil {
			return nil, err
		}
		full, ok := inner.(Server)
		if !ok {
			return nil, fmt.Errorf("the framework's provider server %T lacks list resources, actions or state stores", inner)
		}
		return splicingServer{full}, nil
	}
}

// splicingServer passes every call through; a ReadDataSource gets the encoded lists of its Read
// spliced into the state it answers.
type splicingServer struct{ Server }

func (s splicingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	ctx, lists := withEncodedLists(ctx)
	resp, err := s.Server.ReadDataSource(ctx, req)
	if err != nil || resp == nil || len(lists.byName) == 0 {
		return resp, err
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return resp, nil
		}
	}
	if resp.State == nil || len(resp.State.MsgPack) == 0 {
		resp.Diagnostics = append(resp.Diagnostics, spliceError(errors.New("the response has no MessagePack state")))
		return resp, nil
	}
	state, err := spliceLists(resp.State.MsgPack, lists.byName)
	if err != nil {
		resp.Diagnostics = append(resp.Diagnostics, spliceError(err))
		return resp, nil
	}
	resp.State = &tfprotov6.DynamicValue{MsgPack: state}
	return resp, nil
}

func spliceError(err error) *tfprotov6.Diagnostic {
	return &tfprotov6.Diagnostic{
		Severity: tfprotov6.DiagnosticSeverityError,
		Summary:  "Encoding the listing",
		Detail:   "The provider could not add a listing to the data source's state (a bug of the provider): " + err.Error(),
	}
}

// spliceLists returns the MessagePack object state with the value of each attribute named in
// lists (null in state) replaced by the encoded list.
func spliceLists(state []byte, lists map[string]*EncodedList) ([]byte, error) {
	type span struct {
		start, end int
		list       *EncodedList
	}
	r := bytes.NewReader(state)
	dec := msgpack.NewDecoder(r)
	n, err := dec.DecodeMapLen()
	if err != nil {
		return nil, fmt.Errorf("the state is not an object: %w", err)
	}
	spans := make([]span, 0, len(lists))
	size := len(state)
	for range n {
		key, err := dec.DecodeString()
		if err != nil {
			return nil, fmt.Errorf("reading the state: %w", err)
		}
		start := len(state) - r.Len()
		if err := dec.Skip(); err != nil {
			return nil, fmt.Errorf("reading the state at %q: %w", key, err)
		}
		end := len(state) - r.Len()
		list, ok := lists[key]
		if !ok {
			continue
		}
		if end != start+1 || state[start] != 0xc0 {
			return nil, fmt.Errorf("the state's %q is not null", key)
		}
		spans = append(spans, span{start, end, list})
		size += list.encodedLen() - 1
	}
	if len(spans) != len(lists) {
		return nil, fmt.Errorf("the state lacks %d of the encoded lists", len(lists)-len(spans))
	}
	out := make([]byte, 0, size)
	at := 0
	for _, s := range spans {
		out = append(out, state[at:s.start]...)
		out = s.list.appendTo(out)
		s.list.n = 0
		at = s.end
	}
	return append(out, state[at:]...), nil
}
