// Package sessions is the restore-session domain: the explore sessions a user manages
// (resource, ephemeral and list resource vb365_restore_session), the session data sources
// (vb365_restore_session, vb365_restore_sessions, vb365_restore_session_events), and the session
// source every other domain takes as input (organization_id with point_in_time and explore
// options, or restore_session_id).
//
// It imports only framework. Browsing, retrievals and restores import it for the session source;
// nothing here knows of them.
package sessions
