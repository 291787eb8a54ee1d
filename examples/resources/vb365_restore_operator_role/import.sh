# A restore operator role is imported by its ID (a UUID), for example one created
# in the VB365 console; its operators and items are read from the server.
terraform import vb365_restore_operator_role.support_desk 3f1e0c55-7a2b-4c3d-9e4f-5a6b7c8d9e0f
