# A restore session is imported by its ID (a UUID), for example one opened in the
# VB365 console. Arguments the server does not report (point_in_time,
# show_deleted, show_all_versions) are taken from the configuration on the next
# apply, without reopening the session.
terraform import vb365_restore_session.example 3da69c6c-bb12-4bed-9c4d-7276cb9074bf
