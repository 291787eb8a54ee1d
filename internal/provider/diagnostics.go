package provider

// The one path from client errors to diagnostics lives in the framework package, shared with
// the governance domain; these names keep the restore code's call sites as they are.

import "github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"

var (
	addClientError        = framework.AddClientError
	addReadError          = framework.AddReadError
	addListError          = framework.AddListError
	addVersionOrListError = framework.AddVersionOrListError
)
