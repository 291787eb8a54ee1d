//go:build tools

// Package tools pins Terraform (BUSL-1.1) for the acceptance tests that need
// Terraform 1.14+ features (actions, list resources, `terraform query`). It is
// built into bin/terraform-1.14.5 by scripts/terraform-cli.sh, on the machine
// that runs the tests; it is never part of a release.
package tools

import _ "github.com/hashicorp/terraform"
