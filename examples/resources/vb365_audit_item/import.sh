# An audit item is imported as <organization_id>/<user or group ID>, for example
# a user audited from the VB365 console. Whether it is a user or a group is read
# from the server.
terraform import 'vb365_audit_item.user["1a7e1c44-2b6d-4f0e-9a61-0c3d5e7f9a11"]' 9f3c1a52-5e0b-4d2a-8b8e-3c2f6d7a1b01/1a7e1c44-2b6d-4f0e-9a61-0c3d5e7f9a11
