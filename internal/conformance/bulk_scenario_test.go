package conformance

import (
	"context"
	"errors"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

// exerciseBulkRestore runs the bulk restore of whole mailboxes (v6+) with every option and
// credential form the client has, a run in which a mailbox fails (the simulator is started
// WithFailingBulkMailboxes(RnDMailboxID)), and one the server refuses (an unknown mailbox), so
// that both the statistics (v6/v7), the v8 session statistics and the error answer are validated.
func exerciseBulkRestore(e *env) {
	ctx := context.Background()
	c := e.admin()
	pit := time.Date(2019, 4, 12, 0, 0, 0, 0, time.UTC)
	s, err := c.Explore(ctx, vb365sim.OrganizationID, vb365.ExploreOptions{PointInTime: &pit})
	e.check("explore for the bulk restore", err)
	var mailboxes []vb365.BulkMailbox
	for mb, err := range c.Mailboxes(ctx, s.ID, vb365.ListOptions{}) {
		e.check("mailboxes", err)
		mailboxes = append(mailboxes, vb365.BulkMailbox(mb))
	}
	dc, err := c.RestoreDeviceCode(ctx, s.ID, vb365.DeviceCodeOptions{})
	e.check("device code", err)
	for _, cr := range []vb365.RestoreCredentials{
		{UserName: "admin@" + vb365sim.OrganizationName, UserPassword: "p", ImpersonationAccountName: "imp@" + vb365sim.OrganizationName},
		{UserCode: dc.UserCode},
		{ApplicationID: "00000000-0000-4000-8000-000000000001", ApplicationCertificate: "Y2VydA==", ApplicationCertificatePassword: "cp", ImpersonationAccountName: "imp"},
	} {
		_, err = c.RestoreMailboxes(ctx, s.ID, vb365.MailboxesRestoreOptions{
			Mailboxes: mailboxes, Credentials: cr, CASServer: "outlook.office365.com",
			ChangedItems: ptr(true), DeletedItems: ptr(true), MarkRestoredAsUnread: ptr(true), SkipUnresolved: ptr(true),
			ExcludeDrafts: ptr(true), ExcludeDeletedItems: ptr(true), ExcludeInPlaceHoldItems: ptr(true), ExcludeLitigationHoldItems: ptr(true),
			RecentItemRestorePeriod: ptr(int32(30)),
		}, nil)
		e.check("bulk mailbox restore", err)
	}
	// Every mailbox failed: the answer (v6/v7: status Failed with an error) is still validated.
	_, err = c.RestoreMailboxes(ctx, s.ID, vb365.MailboxesRestoreOptions{Mailboxes: []vb365.BulkMailbox{{ID: vb365sim.RnDMailboxID}}}, nil)
	if !errors.Is(err, vb365.ErrRestoreFailed) {
		e.t.Errorf("bulk restore of a failing mailbox: %v, want ErrRestoreFailed", err)
	}
	// An unknown mailbox: a 400 RESTExceptionInfo.
	_, err = c.RestoreMailboxes(ctx, s.ID, vb365.MailboxesRestoreOptions{Mailboxes: []vb365.BulkMailbox{{ID: "00000000-0000-4000-8000-00000000dead"}}}, nil)
	if apiErr := (*vb365.APIError)(nil); !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
		e.t.Errorf("bulk restore of an unknown mailbox: %v, want a 400", err)
	}
	for _, err := range c.RestoreSessionEvents(ctx, s.ID, vb365.ListOptions{}) { // one Restore event per mailbox
		e.check("events of the bulk restore", err)
	}
	e.check("stop", c.StopRestoreSession(ctx, s.ID))
}
