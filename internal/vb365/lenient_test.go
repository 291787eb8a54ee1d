package vb365

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzParseObject checks the hand-written member scanner against encoding/json: both accept
// the same objects and see the same members.
func FuzzParseObject(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"a":1}`, ` {"a" : "x\"}" , "B":[1,{"c":"]"}],"n":null} `, `{"A":1,"a":2}`, `{"k\u0041":true}`,
		`[]`, `"s"`, `{"a":}`, `{"a":1}x`, `{"a":"\\"}`, `{"a":-1.5e3,"b":false}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var want map[string]json.RawMessage
		wantErr := json.Unmarshal(data, &want)
		if wantErr == nil && want == nil { // the JSON literal null
			wantErr = errNoID
		}
		obj, err := parseObject(data)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("parseObject(%q) err = %v, encoding/json err = %v", data, err, wantErr)
		}
		if err != nil {
			return
		}
		for key, value := range want {
			got, ok := obj.members[strings.ToLower(key)]
			if !ok {
				t.Fatalf("member %q missing", key)
			}
			if ambiguous(want, key) {
				continue // several spellings of one key: the last in document order wins
			}
			var a, b bytes.Buffer
			_ = json.Compact(&a, got)
			_ = json.Compact(&b, value)
			if a.String() != b.String() {
				t.Fatalf("member %q = %s, want %s", key, got, value)
			}
		}
	})
}

func ambiguous(m map[string]json.RawMessage, key string) bool {
	n := 0
	for k := range m {
		if strings.EqualFold(k, key) {
			n++
		}
	}
	return n > 1
}

func TestParseObjectLastValueWins(t *testing.T) {
	obj, err := parseObject([]byte(`{"Id":"first","ID":"second","id":"third"}`))
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := obj.str("id"); deref(s) != "third" || len(obj.order) != 1 || obj.order[0] != "Id" {
		t.Errorf("id = %v, order %v", deref(s), obj.order)
	}
}

// TestParseObjectFastPathMatchesTokenizer: the scanner used for valid JSON finds the same
// members, values and order as encoding/json's tokenizer, on the hard cases.
func TestParseObjectFastPathMatchesTokenizer(t *testing.T) {
	for _, body := range []string{
		`{}`,
		` { "a" : 1 , "b":"x" } `,
		`{"s":"brace } and ] and \" quote, comma","n":-1.5e3,"t":true,"z":null}`,
		`{"nested":{"a":[1,{"b":"}"}],"c":{}},"arr":[[],[[]],"]"],"after":"ok"}`,
		`{"Id":"1","ID":"2","id":"3","ItemClass":"IPM.Note"}`,
		"{\"esc\\u0061ped\":\"\\u00e9\\n\",\"tab\":\t\"v\"\n}",
		`{"k":"\\","l":"\\\"}"}`,
	} {
		fast, err := parseObject([]byte(body))
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		slow, err := parseObjectSlow([]byte(body))
		if err != nil {
			t.Fatalf("%s: slow: %v", body, err)
		}
		if strings.Join(fast.order, ",") != strings.Join(slow.order, ",") || len(fast.members) != len(slow.members) {
			t.Errorf("%s: order %v vs %v", body, fast.order, slow.order)
		}
		for k, v := range slow.members {
			if string(bytes.TrimSpace(fast.members[k])) != string(bytes.TrimSpace(v)) {
				t.Errorf("%s: member %q = %s, want %s", body, k, fast.members[k], v)
			}
		}
	}
}
