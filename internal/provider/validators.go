package provider

// Validators shared by several resources, data sources and the action live in the framework
// package, shared with the governance domain; these names keep the call sites as they are.

import "github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

type (
	requiredInPresentBlock = framework.RequiredInPresentBlock
	rfc3339Validator       = framework.RFC3339Validator
)
