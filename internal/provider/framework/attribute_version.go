package framework

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// RequireAttributeVersion adds an error on attribute attr (of what, e.g. "vb365_restore_points")
// and reports false when the configured API version is below minimum, so that the message
// names the attribute that needs the version rather than the operation behind it. It reports
// true when the version is enough or cannot be read (the operation then says why).
func RequireAttributeVersion(ctx context.Context, client *vb365.Client, diags *diag.Diagnostics, attr, what string, minimum vb365.APIVersion) bool {
	v, err := client.Version(ctx)
	if err != nil || v >= minimum {
		return true
	}
	diags.AddAttributeError(path.Root(attr), fmt.Sprintf("%s needs API v%d", attr, int(minimum)),
		fmt.Sprintf("%s of %s needs VB365 REST API v%d or later; this provider uses v%d (api_version, or the newest version "+
			"the server serves). Remove %s, or use a server that serves v%d or later. Nothing was sent.",
			attr, what, int(minimum), int(v), attr, int(minimum)))
	return false
}
