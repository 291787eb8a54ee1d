// Package legacy stands in for Terraform's nested internal/legacy module,
// which only Terraform's own tests import.
package legacy
