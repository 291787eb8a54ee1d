package sessions

import (
	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/framework"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// flattenRestoreSession is the one conversion of a restore session as the server reports it
// into state values, for the data source and (its subset) the resource. What the server does
// not send is null.
func flattenRestoreSession(s vb365.RestoreSession) restoreSessionModel {
	return restoreSessionModel{
		ID:               framework.NonEmptyString(s.ID),
		Name:             framework.NonEmptyString(s.Name),
		OrganizationName: framework.NonEmptyString(s.Organization),
		OrganizationID:   framework.NonEmptyString(s.OrganizationID),
		Type:             framework.NonEmptyString(s.Type),
		CreationTime:     framework.NonEmptyString(s.CreationTime),
		EndTime:          framework.NonEmptyString(s.EndTime),
		State:            framework.NonEmptyString(s.State),
		Result:           framework.NonEmptyString(s.Result),
		InitiatedBy:      framework.NonEmptyString(s.InitiatedBy),
		Details:          framework.NonEmptyString(s.Details),
		Reason:           framework.NonEmptyString(s.Reason),
		ScopeName:        framework.NonEmptyString(s.ScopeName),
		ClientHost:       framework.NonEmptyString(s.ClientHost),
	}
}
