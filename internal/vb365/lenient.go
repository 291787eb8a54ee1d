package vb365

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// object is a decoded JSON object with case-insensitive member lookup, as the VB365 server
// (ASP.NET) binds JSON: the seed page itself mixes "Id" and "id". When a member appears twice
// the last value wins, as with encoding/json and Newtonsoft.
type object struct {
	members map[string]json.RawMessage // lower-cased key -> value
	order   []string                   // keys in document order, one spelling per member
}

// parseObject parses exactly one JSON object, keeping each member's raw value for the lenient
// readers below. Valid input takes a fast path (one validating pass, then a scan of the top
// level that allocates only the member map); invalid input goes through encoding/json's
// tokenizer for a precise error.
func parseObject(data []byte) (object, error) {
	if json.Valid(data) {
		obj := object{members: make(map[string]json.RawMessage, 16)}
		if eachMember(data, func(k, value []byte) bool {
			key := string(k)
			lower := lowerKey(key)
			if _, dup := obj.members[lower]; !dup {
				obj.order = append(obj.order, key)
			}
			obj.members[lower] = value
			return true
		}) {
			return obj, nil
		}
	}
	return parseObjectSlow(data)
}

// lowerKey lower-cases an ASCII key without allocating when it is lower case already.
func lowerKey(key string) string {
	for i := 0; i < len(key); i++ {
		if c := key[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(key)
		}
	}
	return key
}

// eachMember calls fn with the key and raw value of each top-level member of data, which must
// be valid JSON (json.Valid). It reports false when data is not an object or fn stops. Values
// are sub-slices of data; keys are unescaped (sub-slices of data too when they have no escape).
func eachMember(data []byte, fn func(key, value []byte) bool) bool {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return false
	}
	i = skipSpace(data, i+1)
	for i < len(data) && data[i] != '}' {
		end := skipString(data, i)
		key := data[i+1 : end-1]
		if bytes.IndexByte(key, '\\') >= 0 {
			key = []byte(unquoteJSON(data[i:end]))
		}
		i = skipSpace(data, end)
		i = skipSpace(data, i+1) // the ':'
		vend := skipValue(data, i)
		if !fn(key, data[i:vend]) {
			return false
		}
		i = skipSpace(data, vend)
		if i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
		}
	}
	return true
}

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the index after the string starting at data[i] (a '"').
func skipString(data []byte, i int) int {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(data)
}

// skipValue returns the index after the valid JSON value starting at data[i].
func skipValue(data []byte, i int) int {
	if i >= len(data) {
		return i
	}
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '"':
				j = skipString(data, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return len(data)
	}
	j := i
	for j < len(data) {
		switch data[j] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return j
		}
		j++
	}
	return j
}

// unquote returns the text of a valid JSON string literal; literals without escapes are
// copied directly.
func unquoteJSON(lit []byte) string {
	if len(lit) >= 2 && bytes.IndexByte(lit, '\\') < 0 && utf8.Valid(lit) {
		return string(lit[1 : len(lit)-1])
	}
	var s string
	if err := json.Unmarshal(lit, &s); err != nil {
		return string(lit)
	}
	return s
}

// parseObjectSlow parses with encoding/json's tokenizer, for its error messages.
func parseObjectSlow(data []byte) (object, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return object{}, fmt.Errorf("invalid JSON: %w", unexpectedEOF(err))
	}
	if delim, ok := tok.(json.Delim); !ok || delim != '{' {
		return object{}, fmt.Errorf("expected a JSON object, got %s", describeToken(tok))
	}
	obj := object{members: map[string]json.RawMessage{}}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return object{}, fmt.Errorf("invalid JSON: %w", unexpectedEOF(err))
		}
		key, _ := tok.(string) // the tokenizer only yields strings in key position
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return object{}, fmt.Errorf("invalid JSON: %w", unexpectedEOF(err))
		}
		lower := strings.ToLower(key)
		if _, dup := obj.members[lower]; !dup {
			obj.order = append(obj.order, key)
		}
		obj.members[lower] = value
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return object{}, fmt.Errorf("invalid JSON: %w", unexpectedEOF(err))
	}
	switch _, err := dec.Token(); {
	case err == io.EOF:
	case err != nil:
		return object{}, fmt.Errorf("invalid JSON: %w", err)
	default:
		return object{}, errors.New("invalid JSON: data after the object")
	}
	return obj, nil
}

func unexpectedEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

func describeToken(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '[' {
			return "an array"
		}
		return string(v)
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", tok)
}

// raw returns a member's value; absent and null members report false.
func (o object) raw(key string) (json.RawMessage, bool) {
	v, ok := o.members[strings.ToLower(key)]
	if !ok || isNull(v) {
		return nil, false
	}
	return v, true
}

func (o object) has(key string) bool {
	_, ok := o.raw(key)
	return ok
}

func isNull(v json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(v), []byte("null")) }

func fieldError(key string, err error) error { return fmt.Errorf("field %q: %w", key, err) }

// str reads a string. Numbers and booleans are rendered as text; an array of scalars is joined
// with "; " (the v3 documentation types attendees and jobTitle as string[]).
func (o object) str(key string) (*string, error) {
	v, ok := o.raw(key)
	if !ok {
		return nil, nil
	}
	s, err := scalarText(v)
	if err != nil {
		return nil, fieldError(key, err)
	}
	return &s, nil
}

func scalarText(v json.RawMessage) (string, error) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return "", errors.New("empty value")
	}
	switch v[0] {
	case '"':
		if len(v) >= 2 && v[len(v)-1] == '"' && bytes.IndexByte(v, '\\') < 0 && utf8.Valid(v) {
			return string(v[1 : len(v)-1]), nil
		}
		var text string
		err := json.Unmarshal(v, &text)
		return text, err
	case '{':
		return "", errors.New("expected a string, got an object")
	case '[':
		var elems []json.RawMessage
		if err := json.Unmarshal(v, &elems); err != nil {
			return "", err
		}
		parts := make([]string, 0, len(elems))
		for _, e := range elems {
			if isNull(e) {
				continue
			}
			if t := bytes.TrimSpace(e); len(t) > 0 && (t[0] == '[' || t[0] == '{') {
				return "", errors.New("expected a string or a list of strings")
			}
			s, err := scalarText(e)
			if err != nil {
				return "", err
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, "; "), nil
	default: // number, true, false
		return string(v), nil
	}
}

// text is the value as a trimmed string for numeric and boolean parsing; "" means absent.
func (o object) text(key string) (string, bool, error) {
	v, ok := o.raw(key)
	if !ok {
		return "", false, nil
	}
	if t := bytes.TrimSpace(v); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return "", false, fieldError(key, errors.New("expected a scalar value"))
	}
	s, err := scalarText(v)
	if err != nil {
		return "", false, fieldError(key, err)
	}
	s = strings.TrimSpace(s)
	return s, s != "", nil
}

// boolean accepts true/false and the strings "true"/"false"/"1"/"0" in any case.
func (o object) boolean(key string) (*bool, error) {
	s, ok, err := o.text(key)
	if err != nil || !ok {
		return nil, err
	}
	switch strings.ToLower(s) {
	case "true", "1", "yes", "t":
		b := true
		return &b, nil
	case "false", "0", "no", "f":
		b := false
		return &b, nil
	}
	return nil, fieldError(key, fmt.Errorf("%q is not a boolean", s))
}

// float accepts a number or a numeric string ("100", "100%").
func (o object) float(key string) (*float64, error) {
	s, ok, err := o.text(key)
	if err != nil || !ok {
		return nil, err
	}
	f, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fieldError(key, fmt.Errorf("%q is not a number", s))
	}
	return &f, nil
}

// integer accepts an integral number or numeric string ("1", "1.0").
func (o object) integer(key string) (*int64, error) {
	s, ok, err := o.text(key)
	if err != nil || !ok {
		return nil, err
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return &n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return nil, fieldError(key, fmt.Errorf("%q is not an integer", s))
	}
	n := int64(f)
	return &n, nil
}

// timestamp reads a date-time and normalises it to RFC 3339 UTC when it parses with one of
// timestampLayouts; anything else is passed through unchanged.
func (o object) timestamp(key string) (*string, error) {
	s, err := o.str(key)
	if err != nil || s == nil {
		return s, err
	}
	n := NormalizeTimestamp(*s)
	return &n, nil
}

// timestampLayouts are the layouts the server and its documentation use. Layouts without a
// zone are read as UTC (the server reports UTC); the M/D/Y layouts are US order, as in the v3
// documentation's note date "6/5/2017 1:12 PM". Fractional seconds are accepted after the
// seconds field by every layout.
var timestampLayouts = []struct {
	layout string
	zoned  bool
}{
	{time.RFC3339Nano, true},
	{"2006-01-02T15:04:05", false},
	{"2006-01-02 15:04:05Z07:00", true},
	{"2006-01-02 15:04:05", false},
	{"2006-01-02 15:04", false},
	{"2006.01.02 15:04:05", false},
	{"1/2/2006 3:04:05 PM", false},
	{"1/2/2006 3:04 PM", false},
	{"1/2/2006 15:04:05", false},
	{"1/2/2006 15:04", false},
	{"2006-01-02", false},
	{time.RFC1123, true},
	{time.RFC1123Z, true},
}

// NormalizeTimestamp renders s as RFC 3339 UTC (with the fractional seconds it had) when it
// parses with a known layout, and returns it unchanged otherwise.
func NormalizeTimestamp(s string) string {
	trimmed := strings.TrimSpace(s)
	if trimmed == "" {
		return s
	}
	for _, l := range timestampLayouts {
		var t time.Time
		var err error
		if l.zoned {
			t, err = time.Parse(l.layout, trimmed)
		} else {
			t, err = time.ParseInLocation(l.layout, trimmed, time.UTC)
		}
		if err == nil {
			var buf [40]byte
			out := t.UTC().AppendFormat(buf[:0], time.RFC3339Nano)
			if string(out) == s {
				return s // already canonical: no new string
			}
			return string(out)
		}
	}
	return s
}
