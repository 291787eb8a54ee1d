# A restore session is imported by its ID (a UUID), for example one opened in the
# VB365 console. The server does not report which point in time or options an
# existing session explores: point_in_time, show_deleted and show_all_versions
# are null after the import, and a configuration that sets them plans a new
# session (replacement). reason is kept in state only; setting it updates in place.
terraform import vb365_restore_session.from_console 3da69c6c-bb12-4bed-9c4d-7276cb9074bf
