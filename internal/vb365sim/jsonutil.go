package vb365sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

var errBadJSON = errors.New("the request body is not valid JSON")

const maxBodyBytes = 4 << 20

// readJSONObject reads the request body the way the ASP.NET binder would for an options object:
// an empty body or JSON null gives (nil, nil); anything but a JSON object is an error.
func readJSONObject(c *reqCtx) (map[string]any, error) {
	raw, err := io.ReadAll(io.LimitReader(c.r.Body, maxBodyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading the request body: %v", err)
	}
	if len(raw) > maxBodyBytes {
		return nil, errors.New("the request body is too large")
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(withoutTrailingCommas(raw)))
	if err := dec.Decode(&v); err != nil || dec.More() {
		return nil, errBadJSON
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("the request body must be a JSON object")
	}
	return m, nil
}

// withoutTrailingCommas drops a comma that ends an object or array ({"a": 1,} and [1, 2,]),
// outside strings: the server's JSON reader (Json.NET) accepts such bodies, which real clients
// send (the v4/v5 self-service portal's restoreDeviceCode body is '{ "targetApplicationId" :
// "...", }'), and cannot be made to refuse them. Anything else invalid stays invalid.
func withoutTrailingCommas(raw []byte) []byte {
	var out []byte // allocated on the first comma dropped
	inString, escaped := false, false
	var prev byte // the last character outside strings and whitespace; '"' ends a string
	for i := 0; i < len(raw); i++ {
		ch := raw[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case ch == '\\':
				escaped = true
			case ch == '"':
				inString, prev = false, '"'
			}
		} else {
			switch ch {
			case ' ', '\t', '\n', '\r':
			case '"':
				inString = true
			case ',':
				// Only a comma after a value ({"a": 1,}), not {,} or [1,,].
				j := i + 1
				for j < len(raw) && (raw[j] == ' ' || raw[j] == '\t' || raw[j] == '\n' || raw[j] == '\r') {
					j++
				}
				if j < len(raw) && (raw[j] == '}' || raw[j] == ']') && prev != '{' && prev != '[' && prev != ',' && prev != 0 {
					if out == nil {
						out = append(make([]byte, 0, len(raw)), raw[:i]...)
					}
					prev = ','
					continue
				}
				prev = ch
			default:
				prev = ch
			}
		}
		if out != nil {
			out = append(out, ch)
		}
	}
	if out == nil {
		return raw
	}
	return out
}

// lookup finds key in m case-insensitively (exact match first), like Newtonsoft's binder.
func lookup(m map[string]any, key string) (any, bool) {
	if m == nil {
		return nil, false
	}
	if v, ok := m[key]; ok {
		return v, true
	}
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}

func getString(m map[string]any, key string) (string, error) {
	v, ok := lookup(m, key)
	if !ok || v == nil {
		return "", nil
	}
	switch t := v.(type) {
	case string:
		return t, nil
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(t), nil
	}
	return "", fmt.Errorf("property '%s' must be a string", key)
}

func parseBoolString(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}

// getBool accepts JSON booleans, "true"/"false"/"1"/"0" strings and 0/1 numbers.
func getBool(m map[string]any, key string) (value, present bool, err error) {
	v, ok := lookup(m, key)
	if !ok || v == nil {
		return false, false, nil
	}
	switch t := v.(type) {
	case bool:
		return t, true, nil
	case string:
		if b, ok := parseBoolString(t); ok {
			return b, true, nil
		}
	case float64:
		if t == 0 || t == 1 {
			return t == 1, true, nil
		}
	}
	return false, false, fmt.Errorf("property '%s' must be a boolean, got %s", key, describe(v))
}

// getInt64 accepts JSON numbers and numeric strings.
func getInt64(m map[string]any, key string) (value int64, present bool, err error) {
	v, ok := lookup(m, key)
	if !ok || v == nil {
		return 0, false, nil
	}
	switch t := v.(type) {
	case float64:
		if t == math.Trunc(t) && math.Abs(t) < 1<<62 {
			return int64(t), true, nil
		}
	case string:
		if n, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64); err == nil {
			return n, true, nil
		}
	}
	return 0, false, fmt.Errorf("property '%s' must be an integer, got %s", key, describe(v))
}

// getItemIDs reads "items": [{"id": "..."}] (keys case-insensitive).
func getItemIDs(m map[string]any) ([]string, bool, error) {
	v, ok := lookup(m, "items")
	if !ok || v == nil {
		return nil, false, nil
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, true, errors.New("property 'items' must be an array of {\"id\": \"...\"} objects")
	}
	ids := make([]string, 0, len(arr))
	for i, el := range arr {
		obj, ok := el.(map[string]any)
		if !ok {
			return nil, true, fmt.Errorf("items[%d] must be an object with an 'id'", i)
		}
		id, err := getString(obj, "id")
		if err != nil || id == "" {
			return nil, true, fmt.Errorf("items[%d].id must be a non-empty string", i)
		}
		ids = append(ids, id)
	}
	return ids, true, nil
}

func describe(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 40 {
		b = append(b[:40], "..."...)
	}
	return string(b)
}

// secretKeys are redacted ("***") wherever they appear in a ledgered body, compared case-insensitively.
var secretKeys = []string{"userPassword", "office365UserPassword", "onPremisesUserPassword", "applicationCertificate", "applicationCertificatePassword", "userCode", "password"}

func isSecretKey(k string) bool {
	for _, s := range secretKeys {
		if strings.EqualFold(s, k) {
			return true
		}
	}
	return false
}

// redact deep-copies v with every secret value replaced by "***".
func redact(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, val := range t {
			if isSecretKey(k) && val != nil {
				out[k] = "***"
				continue
			}
			out[k] = redact(val)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, val := range t {
			out[i] = redact(val)
		}
		return out
	}
	return v
}

func redactMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	redacted, _ := redact(m).(map[string]any) // redact keeps a map a map
	return redacted
}

// jsonText renders v as JSON text for a message (the server quotes the offending value).
func jsonText(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	return string(data)
}
