package provider

import (
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// flattenRestoreSession is the one conversion of a restore session as the server reports it
// into state values, for the data source and (its subset) the resource. What the server does
// not send is null.
func flattenRestoreSession(s vb365.RestoreSession) restoreSessionModel {
	return restoreSessionModel{
		ID:               nonEmptyString(s.ID),
		Name:             nonEmptyString(s.Name),
		OrganizationName: nonEmptyString(s.Organization),
		OrganizationID:   nonEmptyString(s.OrganizationID),
		Type:             nonEmptyString(s.Type),
		CreationTime:     nonEmptyString(s.CreationTime),
		EndTime:          nonEmptyString(s.EndTime),
		State:            nonEmptyString(s.State),
		Result:           nonEmptyString(s.Result),
		InitiatedBy:      nonEmptyString(s.InitiatedBy),
		Details:          nonEmptyString(s.Details),
		Reason:           nonEmptyString(s.Reason),
		ScopeName:        nonEmptyString(s.ScopeName),
		ClientHost:       nonEmptyString(s.ClientHost),
	}
}
