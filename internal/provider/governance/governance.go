// Package governance holds the controls around restores: who the server sends restore audit
// notifications for (vb365_audit_item), where it sends them (vb365_audit_email_settings), and
// who may restore what through the Restore Portal (vb365_restore_operator_role,
// vb365_restore_portal_settings). It is registered by the provider and shares the provider data,
// client-error diagnostics and validators of the framework package with the restore code.
package governance

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Resources are the governance resources, registered by the provider.
func Resources() []func() resource.Resource {
	return []func() resource.Resource{
		NewAuditItemResource,
		NewAuditEmailSettingsResource,
		NewRestoreOperatorRoleResource,
	}
}

// DataSources are the governance data sources, registered by the provider.
func DataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewRestorePortalSettingsDataSource,
	}
}
