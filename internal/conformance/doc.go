// Package conformance holds the OpenAPI conformance test of the client (internal/vb365) and
// the simulator (internal/vb365sim): every request the client produces and every answer the
// simulator gives, route by route, validated with kin-openapi against Veeam's OpenAPI documents
// of v6, v7 and v8. It has no code outside its tests; kin-openapi is imported by the tests only,
// so the provider binary never links it. See conformance_test.go and CONFORMANCE.md.
package conformance
