package vb365

import (
	"encoding/json"
	"net/http"
)

// jsonObject is a request body under construction: empty options are omitted.
type jsonObject map[string]any

func (o jsonObject) set(key, value string) {
	if value != "" {
		o[key] = value
	}
}

func (o jsonObject) setBool(key string, value *bool) {
	if value != nil {
		o[key] = *value
	}
}

// with returns a copy with one more member.
func (o jsonObject) with(key string, value any) jsonObject {
	out := make(jsonObject, len(o)+1)
	for k, v := range o {
		out[k] = v
	}
	out[key] = value
	return out
}

// setCredentials adds the restore credentials and returns the secret values among them.
func (o jsonObject) setCredentials(cr RestoreCredentials) []string {
	o.set("userName", cr.UserName)
	o.set("userPassword", cr.UserPassword)
	o.set("userCode", cr.UserCode)
	o.set("applicationId", cr.ApplicationID)
	o.set("applicationCertificate", cr.ApplicationCertificate)
	o.set("applicationCertificatePassword", cr.ApplicationCertificatePassword)
	o.set("impersonationAccountName", cr.ImpersonationAccountName)
	return []string{cr.UserPassword, cr.UserCode, cr.ApplicationCertificate, cr.ApplicationCertificatePassword}
}

func postJSON(rt route, body any) (*apiRequest, error) {
	data, err := jsonBody(body)
	if err != nil {
		return nil, err
	}
	return &apiRequest{method: http.MethodPost, route: rt, body: data, contentType: "application/json"}, nil
}

// strings reads a list of strings; a single string is a list of one.
func (d *fieldDecoder) strings(key string) []string {
	raw, ok := d.obj.raw(key)
	if !ok {
		return nil
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		elems = []json.RawMessage{raw}
	}
	var out []string
	for _, e := range elems {
		if isNull(e) {
			continue
		}
		s, err := scalarText(e)
		if err != nil {
			keep[struct{}](d, nil, fieldError(key, err))
			return nil
		}
		out = append(out, s)
	}
	return out
}
