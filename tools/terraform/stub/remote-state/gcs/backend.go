// Package gcs stands in for Terraform's "gcs" remote-state backend, a nested
// module that a dependent module cannot resolve (see tools/terraform/go.mod).
// The acceptance tests only use the local backend; this one keeps state in
// memory so that the name still resolves to a working backend.
package gcs

import (
	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/backend/remote-state/inmem"
)

// New returns an in-memory backend in place of the real "gcs" backend.
func New() backend.Backend { return inmem.New() }
