package restores

import (
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/provider/runs"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// A folder or mailbox restore has no known number of items: events never confirm it.
func TestRunEvidenceCannotConfirmFolderOrMailboxScope(t *testing.T) {
	e := runs.RunEvidence{SessionID: "s1", Identity: runs.RunIdentity{Kind: vb365.ActionRestoreToOriginalLocation, Exclusive: true},
		Events: []vb365.RestoreSessionEvent{{ID: "e1", Type: "Restore", Status: "Success", ItemName: "a"}}}
	e.Match()
	if e.Ran() {
		t.Error("ran() = true: a folder or mailbox run must stay outcome unknown")
	}
	if d := e.Describe(); !strings.Contains(d, "cannot confirm") || strings.Contains(d, "of 0") {
		t.Errorf("describe(0) = %q", d)
	}
}

// failedFoldersCount (v6/v7) fails the apply like failed items and is reported.
func TestStatisticsDiagnosticsFailedFolders(t *testing.T) {
	scope := vb365.ItemScope{MailboxID: "m1", FolderID: "f1"}
	diags := statisticsDiagnostics(vb365.ActionRestoreTo, requestedSummary(scope), vb365.RestoreStatistics{Created: 2, FailedFolders: 1})
	if !diags.HasError() {
		t.Fatal("no error for a failed folder")
	}
	if d := diags.Errors()[0].Detail(); !strings.Contains(d, "folder f1 and its subfolders") || !strings.Contains(d, "could not be restored: 1") {
		t.Errorf("detail %q", d)
	}
}
