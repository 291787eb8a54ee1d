package framework

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5"
)

// TestEncodedScalarsAsMsgpackWrites: every length and integer boundary is written as
// github.com/vmihailenco/msgpack/v5 (which tftypes uses) writes it.
func TestEncodedScalarsAsMsgpackWrites(t *testing.T) {
	want := func(f func(*msgpack.Encoder) error) []byte {
		var buf bytes.Buffer
		if err := f(msgpack.NewEncoder(&buf)); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for _, n := range []int{0, 1, 15, 16, 31, 32, 255, 256, 65535, 65536, 70000} {
		s := strings.Repeat("x", n)
		if got, w := appendString(nil, s), want(func(e *msgpack.Encoder) error { return e.EncodeString(s) }); !bytes.Equal(got, w) {
			t.Errorf("string of %d: % x, want % x", n, got[:min(len(got), 8)], w[:min(len(w), 8)])
		}
		if got, w := appendMapLen(nil, n), want(func(e *msgpack.Encoder) error { return e.EncodeMapLen(n) }); !bytes.Equal(got, w) {
			t.Errorf("map of %d: % x, want % x", n, got, w)
		}
		if got, w := appendArrayLen(nil, n), want(func(e *msgpack.Encoder) error { return e.EncodeArrayLen(n) }); !bytes.Equal(got, w) {
			t.Errorf("array of %d: % x, want % x", n, got, w)
		}
	}
	for _, v := range []int64{0, 1, 127, 128, 255, 256, 65535, 65536, math.MaxUint32, math.MaxUint32 + 1, math.MaxInt64,
		-1, -32, -33, -128, -129, -32768, -32769, math.MinInt32, math.MinInt32 - 1, math.MinInt64} {
		if got, w := appendInt(nil, v), want(func(e *msgpack.Encoder) error { return e.EncodeInt(v) }); !bytes.Equal(got, w) {
			t.Errorf("int %d: % x, want % x", v, got, w)
		}
	}
}

var testElemType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
	"count": tftypes.Number, "id": tftypes.String, "name": tftypes.String, "size": tftypes.Number,
}}

// testList encodes n elements and builds the same list as tftypes values.
func testList(n int) (*EncodedList, tftypes.Value) {
	l := &EncodedList{}
	elems := make([]tftypes.Value, 0, n)
	for i := range n {
		id := fmt.Sprintf("item-%d-%s", i, strings.Repeat("x", i%300))
		var name *string
		if i%3 != 0 {
			s := fmt.Sprintf("name %d", i)
			name = &s
		}
		var size *int64
		if i%2 == 0 {
			v := int64(i) * 1000003
			size = &v
		}
		count := int64(i % 5)
		l.Object(4)
		l.Int64Ptr("count", &count)
		l.NonEmpty("id", id)
		l.StringPtr("name", name)
		l.Int64Ptr("size", size)
		sizeValue := tftypes.NewValue(tftypes.Number, nil)
		if size != nil {
			sizeValue = tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(*size))
		}
		elems = append(elems, tftypes.NewValue(testElemType, map[string]tftypes.Value{
			"count": tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(count)),
			"id":    tftypes.NewValue(tftypes.String, id),
			"name":  tftypes.NewValue(tftypes.String, name),
			"size":  sizeValue,
		}))
	}
	return l, tftypes.NewValue(tftypes.List{ElementType: testElemType}, elems)
}

// TestEncodedListIsWhatTftypesSends: the encoding is byte for byte tftypes' own, across chunks.
func TestEncodedListIsWhatTftypesSends(t *testing.T) {
	for _, n := range []int{0, 1, 15, 16, 9000} {
		l, value := testList(n)
		want, err := tfprotov6.NewDynamicValue(value.Type(), value)
		if err != nil {
			t.Fatal(err)
		}
		if n == 9000 && len(l.chunks) == 0 {
			t.Fatal("9000 elements filled no more than one chunk: the test does not cross chunks")
		}
		if l.Len() != n {
			t.Errorf("Len = %d, want %d", l.Len(), n)
		}
		if got := l.Bytes(); !bytes.Equal(got, want.MsgPack) {
			t.Errorf("%d elements: %d bytes differ from tftypes' %d", n, len(got), len(want.MsgPack))
		}
	}
}

// TestEncodedListStateValue: without the splicing server the list is decoded into the state;
// with it, the state holds null and the list is registered for the response.
func TestEncodedListStateValue(t *testing.T) {
	l, want := testList(20)
	got, err := l.StateValue(t.Context(), "items", want.Type())
	if err != nil || !got.Equal(want) {
		t.Fatalf("decoded: %v, %v", got, err)
	}
	ctx, lists := withEncodedLists(t.Context())
	l, _ = testList(20)
	got, err = l.StateValue(ctx, "items", want.Type())
	if err != nil || !got.IsNull() || lists.byName["items"] != l {
		t.Fatalf("spliced: %v, %v, %v", got, err, lists.byName)
	}
}

func testState(t *testing.T, items tftypes.Value) (tftypes.Object, []byte) {
	t.Helper()
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"a": tftypes.String, "items": tftypes.List{ElementType: testElemType}, "z": tftypes.List{ElementType: tftypes.String},
		"truncated": tftypes.Bool,
	}}
	state := tftypes.NewValue(typ, map[string]tftypes.Value{
		"a":         tftypes.NewValue(tftypes.String, "before"),
		"items":     items,
		"z":         tftypes.NewValue(typ.AttributeTypes["z"], []tftypes.Value{tftypes.NewValue(tftypes.String, "after")}),
		"truncated": tftypes.NewValue(tftypes.Bool, true),
	})
	dv, err := tfprotov6.NewDynamicValue(typ, state)
	if err != nil {
		t.Fatal(err)
	}
	return typ, dv.MsgPack
}

func TestSpliceLists(t *testing.T) {
	l, items := testList(300)
	typ, state := testState(t, tftypes.NewValue(items.Type(), nil))
	_, want := testState(t, items)
	got, err := spliceLists(state, map[string]*EncodedList{"items": l})
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("spliced state differs (%v)", err)
	}
	if _, err := (&tfprotov6.DynamicValue{MsgPack: got}).Unmarshal(typ); err != nil {
		t.Fatal(err)
	}

	l, _ = testList(3)
	_, filled := testState(t, items)
	if _, err := spliceLists(filled, map[string]*EncodedList{"items": l}); err == nil || !strings.Contains(err.Error(), "not null") {
		t.Errorf("an attribute that is not null: %v", err)
	}
	if _, err := spliceLists(state, map[string]*EncodedList{"other": l}); err == nil {
		t.Error("an attribute the state lacks: no error")
	}
	if _, err := spliceLists([]byte{0x91, 0xc0}, map[string]*EncodedList{"items": l}); err == nil {
		t.Error("a state that is not an object: no error")
	}
}

// fakeServer answers ReadDataSource with the state its read function builds.
type fakeServer struct {
	Server
	read func(ctx context.Context) (*tfprotov6.ReadDataSourceResponse, error)
}

func (f fakeServer) ReadDataSource(ctx context.Context, _ *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return f.read(ctx)
}

func TestSplicingServerReadDataSource(t *testing.T) {
	_, items := testList(40)
	_, state := testState(t, tftypes.NewValue(items.Type(), nil))
	_, want := testState(t, items)
	errorDiag := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityError, Summary: "failed"}
	for name, tc := range map[string]struct {
		register  bool
		resp      *tfprotov6.ReadDataSourceResponse
		wantState []byte
		wantError bool
	}{
		"spliced":            {register: true, resp: &tfprotov6.ReadDataSourceResponse{State: &tfprotov6.DynamicValue{MsgPack: state}}, wantState: want},
		"nothing registered": {resp: &tfprotov6.ReadDataSourceResponse{State: &tfprotov6.DynamicValue{MsgPack: state}}, wantState: state},
		"a failed read":      {register: true, resp: &tfprotov6.ReadDataSourceResponse{Diagnostics: []*tfprotov6.Diagnostic{errorDiag}}},
		"no state":           {register: true, resp: &tfprotov6.ReadDataSourceResponse{}, wantError: true},
	} {
		t.Run(name, func(t *testing.T) {
			server := splicingServer{fakeServer{read: func(ctx context.Context) (*tfprotov6.ReadDataSourceResponse, error) {
				if tc.register {
					l, _ := testList(40)
					if _, err := l.StateValue(ctx, "items", items.Type()); err != nil {
						t.Fatal(err)
					}
				}
				return tc.resp, nil
			}}}
			resp, err := server.ReadDataSource(t.Context(), &tfprotov6.ReadDataSourceRequest{})
			if err != nil {
				t.Fatal(err)
			}
			gotError := false
			for _, d := range resp.Diagnostics {
				gotError = gotError || (d.Severity == tfprotov6.DiagnosticSeverityError && d.Summary != "failed")
			}
			if gotError != tc.wantError {
				t.Errorf("diagnostics: %v", resp.Diagnostics)
			}
			if tc.wantState != nil && (resp.State == nil || !bytes.Equal(resp.State.MsgPack, tc.wantState)) {
				t.Error("the state is not the one expected")
			}
		})
	}
}
