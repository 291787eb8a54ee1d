package framework

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A listing of 100,000 elements built as tftypes values costs about 1.7 KB per element (a
// map of attributes per object, a boxed value per attribute), and the framework's
// ReadDataSource deep-copies the state after Read and walks both copies to compare them:
// several hundred MiB of heap for what the protocol sends as about 300 bytes per element.
//
// An EncodedList is such a list attribute encoded element by element straight into the form
// the protocol sends (MessagePack, byte for byte what tftypes writes), as the pages of the
// listing arrive. Served through NewProtocol6Server, the Read leaves the attribute null in
// its state and the server splices the encoded list into the response (encoded_list_server.go);
// served otherwise (a test driving the framework's server directly), StateValue decodes the
// list into its tftypes value, as the Read set it before.

// encodedChunk is the size of the buffers a long EncodedList fills: it grows by chunks instead
// of by reallocating (and copying) one buffer that doubles.
const encodedChunk = 1 << 20

// EncodedList is a list value being encoded as MessagePack, element by element. Each element
// is an object: Object(n) starts it, then exactly n attributes follow, in the order of their
// names (as tftypes writes them), each by one of the attribute methods.
type EncodedList struct {
	chunks [][]byte
	cur    []byte
	n      int
}

// Len is the number of elements encoded.
func (l *EncodedList) Len() int { return l.n }

// Object starts the next element: an object of n attributes.
func (l *EncodedList) Object(n int) {
	// The first chunk grows by append from nothing (a short listing stays small); once it
	// reaches encodedChunk, each full chunk is kept as it is and the next one started.
	if cap(l.cur) >= encodedChunk && cap(l.cur)-len(l.cur) < 4096 {
		l.chunks = append(l.chunks, l.cur)
		l.cur = make([]byte, 0, encodedChunk)
	}
	l.n++
	l.cur = appendMapLen(l.cur, n)
}

// String writes a string attribute.
func (l *EncodedList) String(key, v string) {
	l.cur = appendString(appendString(l.cur, key), v)
}

// StringPtr writes a string attribute; nil is null.
func (l *EncodedList) StringPtr(key string, v *string) {
	if v == nil {
		l.Null(key)
		return
	}
	l.String(key, *v)
}

// NonEmpty writes a string attribute; "" (not sent) is null.
func (l *EncodedList) NonEmpty(key, v string) {
	if v == "" {
		l.Null(key)
		return
	}
	l.String(key, v)
}

// Int64Ptr writes a number attribute; nil is null.
func (l *EncodedList) Int64Ptr(key string, v *int64) {
	l.cur = appendString(l.cur, key)
	if v == nil {
		l.cur = append(l.cur, 0xc0)
		return
	}
	l.cur = appendInt(l.cur, *v)
}

// Null writes a null attribute.
func (l *EncodedList) Null(key string) {
	l.cur = append(appendString(l.cur, key), 0xc0)
}

// appendTo appends the whole list, header and elements, to b and releases the chunks.
func (l *EncodedList) appendTo(b []byte) []byte {
	b = appendArrayLen(b, l.n)
	for _, c := range l.chunks {
		b = append(b, c...)
	}
	b = append(b, l.cur...)
	l.chunks, l.cur = nil, nil
	return b
}

// Bytes returns the list as the protocol sends it, header and elements in one buffer, and
// releases the chunks: the list is empty afterwards.
func (l *EncodedList) Bytes() []byte {
	b := l.appendTo(make([]byte, 0, l.encodedLen()))
	l.n = 0
	return b
}

// encodedLen is the length of the list's encoding, header included.
func (l *EncodedList) encodedLen() int {
	n := len(appendArrayLen(nil, l.n)) + len(l.cur)
	for _, c := range l.chunks {
		n += len(c)
	}
	return n
}

// StateValue is the value the Read sets for the list attribute typ: null when the server
// splices the encoded list into the response (it registers the list under the attribute's
// name), else the list decoded.
func (l *EncodedList) StateValue(ctx context.Context, attribute string, typ tftypes.Type) (tftypes.Value, error) {
	if lists := encodedListsFrom(ctx); lists != nil {
		lists.add(attribute, l)
		return tftypes.NewValue(typ, nil), nil
	}
	v, err := (&tfprotov6.DynamicValue{MsgPack: l.Bytes()}).Unmarshal(typ)
	if err != nil {
		return tftypes.Value{}, fmt.Errorf("decoding the encoded %s: %w", attribute, err)
	}
	return v, nil
}

// ---- the lists a Read encoded, for the server to splice ----

type encodedListsKey struct{}

// encodedLists are the lists a Read registered, by top-level attribute name.
type encodedLists struct {
	byName map[string]*EncodedList
}

func withEncodedLists(ctx context.Context) (context.Context, *encodedLists) {
	lists := &encodedLists{}
	return context.WithValue(ctx, encodedListsKey{}, lists), lists
}

func encodedListsFrom(ctx context.Context) *encodedLists {
	lists, _ := ctx.Value(encodedListsKey{}).(*encodedLists)
	return lists
}

func (e *encodedLists) add(attribute string, l *EncodedList) {
	if e.byName == nil {
		e.byName = map[string]*EncodedList{}
	}
	e.byName[attribute] = l
}

// ---- MessagePack, in the compact forms github.com/vmihailenco/msgpack/v5 writes ----

func appendString(b []byte, s string) []byte {
	switch l := len(s); {
	case l < 32:
		b = append(b, 0xa0|byte(l))
	case l <= math.MaxUint8:
		b = append(b, 0xd9, byte(l))
	case l <= math.MaxUint16:
		b = binary.BigEndian.AppendUint16(append(b, 0xda), uint16(l))
	default:
		b = binary.BigEndian.AppendUint32(append(b, 0xdb), uint32(l)) //nolint:gosec // a string of the listing is far below 4 GiB
	}
	return append(b, s...)
}

func appendMapLen(b []byte, n int) []byte {
	switch {
	case n < 16:
		return append(b, 0x80|byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, 0xde), uint16(n))
	default:
		return binary.BigEndian.AppendUint32(append(b, 0xdf), uint32(n)) //nolint:gosec // bounded by the schema
	}
}

func appendArrayLen(b []byte, n int) []byte {
	switch {
	case n < 16:
		return append(b, 0x90|byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, 0xdc), uint16(n))
	default:
		return binary.BigEndian.AppendUint32(append(b, 0xdd), uint32(n)) //nolint:gosec // a listing is bounded by vb365.MaxListedItems
	}
}

func appendInt(b []byte, v int64) []byte {
	if v >= 0 {
		u := uint64(v)
		switch {
		case u <= math.MaxInt8:
			return append(b, byte(u))
		case u <= math.MaxUint8:
			return append(b, 0xcc, byte(u))
		case u <= math.MaxUint16:
			return binary.BigEndian.AppendUint16(append(b, 0xcd), uint16(u))
		case u <= math.MaxUint32:
			return binary.BigEndian.AppendUint32(append(b, 0xce), uint32(u))
		default:
			return binary.BigEndian.AppendUint64(append(b, 0xcf), u)
		}
	}
	switch {
	case v >= -32:
		return append(b, byte(int8(v)))
	case v >= math.MinInt8:
		return append(b, 0xd0, byte(int8(v)))
	case v >= math.MinInt16:
		return binary.BigEndian.AppendUint16(append(b, 0xd1), uint16(int16(v)))
	case v >= math.MinInt32:
		return binary.BigEndian.AppendUint32(append(b, 0xd2), uint32(int32(v)))
	default:
		return binary.BigEndian.AppendUint64(append(b, 0xd3), uint64(v))
	}
}
