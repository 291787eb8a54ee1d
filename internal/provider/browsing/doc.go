// Package browsing is the read side of the provider: the data sources that find what to restore
// (vb365_organizations, vb365_organization_users, vb365_organization_groups, vb365_mailboxes, vb365_mailbox_folders, vb365_mailbox_items,
// vb365_mailbox_item, vb365_item_search, vb365_restore_points), the flattening of backed-up items
// into each type's own attributes, item version states, and the provider functions item_type and
// parse_item_link.
//
// It imports framework and sessions (a listing opens or borrows a session of its source);
// restores import it to review what a restore restores. It never restores anything.
package browsing
