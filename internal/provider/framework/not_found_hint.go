package framework

import (
	"errors"
	"net/http"
	"strings"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// notFoundHint names the data source that finds the IDs of a 404's route: an item, a folder or
// a mailbox of a restore session ("" for other errors and routes).
func notFoundHint(err error) string {
	var apiErr *vb365.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound {
		return ""
	}
	var hints []string
	if strings.Contains(apiErr.Route, "{itemId}") {
		hints = append(hints, "the item ID (item_ids, item_id): vb365_mailbox_items lists a mailbox's items and vb365_item_search "+
			"finds items across the organization's mailboxes")
	}
	if strings.Contains(apiErr.Route, "{folderId}") {
		hints = append(hints, "the folder ID (folder_id, parent_id): vb365_mailbox_folders lists a mailbox's folders")
	}
	if strings.Contains(apiErr.Route, "{mailboxId}") {
		hints = append(hints, "the mailbox ID (mailbox_id): vb365_mailboxes lists the mailboxes, by email too")
	}
	if len(hints) == 0 {
		return ""
	}
	return "Check " + strings.Join(hints, "; ") + ". Mailbox, folder and item IDs are the same in every restore session of " +
		"an organization, but not across organizations or in a session of another backup that lacks them."
}
