package governance

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

var requireClient = framework.RequireClient

// checkVersion adds an error naming the version needed when the API version in use is below
// minimum (doing, e.g. "Adding an audit item"); a failure to learn the version is left to the
// request that follows, which reports it with its context.
func checkVersion(ctx context.Context, client *vb365.Client, minimum vb365.APIVersion, doing string, diags *diag.Diagnostics) bool {
	v, err := client.Version(ctx)
	if err != nil || v >= minimum {
		return true
	}
	diags.AddError("Not available in API "+v.String(),
		fmt.Sprintf("%s needs VB365 REST API %s or later; this provider uses %s (api_version, or the newest version the "+
			"server serves). Use a server that serves %s or later.", doing, minimum, v, minimum))
	return false
}
