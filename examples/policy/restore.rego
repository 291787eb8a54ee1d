# Restore policy for plans of the vb365 provider: judges every restore a plan would run and
# denies, with a message naming the resource or action address, what the settings forbid.
#
# Input: the JSON of a saved plan (`terraform show -json plan.tfplan`).
# Settings: data.vb365.policy (see settings.json); a setting that is missing turns its rule off:
#   allowed_target_domains  restore_to.mailbox and send_to_different_address.to must be in one of them
#   reason_pattern          reason must match this regular expression (e.g. a ticket reference)
#   export_directory        export_to_pst and save_to_msg must write under this directory
#   max_items               item_count must not exceed it; an unknown count is denied
#   max_mailboxes           mailbox_count of a vb365_mailboxes_restore must not exceed it (when it is
#                           unknown, the number of mailbox_ids if all are known); an unknown count is denied
#   allowed_actions         the action block (restore_to, export_to_pst, ...) must be one of them
#
# It judges the resource vb365_mailbox_item_restore where the plan creates it (a create or the
# create half of a replacement: that runs the restore), and the action vb365_mailbox_item_restore
# where the plan invokes it (action_invocations: `terraform plan -invoke`, or an action_trigger).
# It judges the resource vb365_mailboxes_restore (many whole mailboxes in one run) where the plan
# creates it, by reason_pattern, allowed_actions (it always restores to the original location:
# restore_to_original_location) and max_mailboxes. allowed_target_domains, export_directory and
# max_items do not apply to it: it restores each mailbox to its own address, writes no file, and
# its plan does not count items.
# A value the plan does not know yet is denied where a rule needs it.
package vb365.restore

default settings := {}

settings := data.vb365.policy

# The action blocks of a restore, one of which is set.
action_names := [
	"restore_to_original_location",
	"restore_to",
	"export_to_pst",
	"save_to_msg",
	"send_to_default_address",
	"send_to_different_address",
]

# The kinds of restore judged (the type of the resource or action).
item_restore := "vb365_mailbox_item_restore"

mailboxes_restore := "vb365_mailboxes_restore"

# restores: every restore the plan runs, as {address, type, values, unknown, resource}.
restores contains restore if {
	some change in object.get(input, "resource_changes", [])
	change.type in {item_restore, mailboxes_restore}
	change.mode == "managed"
	"create" in change.change.actions
	restore := {
		"address": change.address,
		"type": change.type,
		"values": object.get(change.change, "after", {}),
		"unknown": object.get(change.change, "after_unknown", {}),
		"resource": true,
	}
}

restores contains restore if {
	some invocation in object.get(input, "action_invocations", [])
	invocation.type == item_restore
	restore := {
		"address": invocation.address,
		"type": invocation.type,
		"values": object.get(invocation, "config_values", {}),
		"unknown": object.get(invocation, "config_unknown", {}),
		"resource": false,
	}
}

# The restores of items (resources and actions) and the restores of whole mailboxes.
item_restores := {restore | some restore in restores; restore.type == item_restore}

mailboxes_restores := {restore | some restore in restores; restore.type == mailboxes_restore}

# value(restore, path): the planned value at path; undefined when unknown or null.
value(restore, path) := v if {
	not object.get(restore.unknown, path, false) == true
	v := object.get(restore.values, path, null)
	v != null
}

unknown(restore, path) if object.get(restore.unknown, path, false) == true

# The action blocks a restore sets (one; an unknown block counts as set). A restore of whole
# mailboxes has no block: it always restores to the original location.
blocks(restore) := {"restore_to_original_location"} if {
	restore.type == mailboxes_restore
} else := {name |
	some name in action_names
	object.get(restore.values, name, null) != null
} | {name |
	some name in action_names
	unknown(restore, [name])
}

# --- allowed_actions ------------------------------------------------------------------------

deny contains msg if {
	allowed := settings.allowed_actions
	some restore in restores
	some name in blocks(restore)
	not name in allowed
	msg := sprintf("%s: action %s is not allowed (allowed_actions: %s)", [restore.address, name, concat(", ", allowed)])
}

# --- allowed_target_domains -----------------------------------------------------------------

# Addresses a restore sends items to: [attribute path, ...].
address_paths := [["restore_to", "mailbox"], ["send_to_different_address", "to"]]

domain_of(address) := lower(parts[count(parts) - 1]) if {
	parts := split(address, "@")
	count(parts) > 1
}

allowed_address(address) if {
	some domain in settings.allowed_target_domains
	domain_of(address) == lower(domain)
}

deny contains msg if {
	settings.allowed_target_domains
	some restore in item_restores
	some path in address_paths
	address := value(restore, path)
	not allowed_address(address)
	msg := sprintf("%s: %s %q is not in an allowed domain (allowed_target_domains: %s)", [
		restore.address, concat(".", path), address,
		concat(", ", settings.allowed_target_domains),
	])
}

deny contains msg if {
	settings.allowed_target_domains
	some restore in item_restores
	some path in address_paths
	unknown(restore, path)
	msg := sprintf("%s: %s is not known in the plan, so its domain cannot be checked", [restore.address, concat(".", path)])
}

# --- reason_pattern -------------------------------------------------------------------------

deny contains msg if {
	pattern := settings.reason_pattern
	some restore in restores
	reason := value(restore, ["reason"])
	not regex.match(pattern, reason)
	msg := sprintf("%s: reason %q does not match %q", [restore.address, reason, pattern])
}

deny contains msg if {
	pattern := settings.reason_pattern
	some restore in restores
	not value(restore, ["reason"])
	msg := sprintf("%s: no reason known in the plan; it must match %q", [restore.address, pattern])
}

# --- export_directory -----------------------------------------------------------------------

file_blocks := ["export_to_pst", "save_to_msg"]

# The file a restore writes: the resource's output_path (absolute, resolved by the provider),
# else the block's path.
output_file(restore, block) := path if {
	restore.resource
	path := value(restore, ["output_path"])
} else := path if {
	path := value(restore, [block, "path"])
}

under_directory(path, directory) if {
	prefix := trim_right(directory, "/")
	startswith(path, concat("", [prefix, "/"]))
	not ".." in split(path, "/")
}

deny contains msg if {
	directory := settings.export_directory
	some restore in item_restores
	some block in file_blocks
	block in blocks(restore)
	path := output_file(restore, block)
	not under_directory(path, directory)
	msg := sprintf("%s: %s writes %s, outside %s (export_directory)", [restore.address, block, path, directory])
}

deny contains msg if {
	directory := settings.export_directory
	some restore in item_restores
	some block in file_blocks
	block in blocks(restore)
	not output_file(restore, block)
	msg := sprintf("%s: the file of %s is not known in the plan; it must be under %s (export_directory)", [restore.address, block, directory])
}

# --- max_items ------------------------------------------------------------------------------

# item_count of a resource; for an action, the number of item_ids (a folder or mailbox is
# counted only when the action runs).
item_count(restore) := n if {
	restore.resource
	n := value(restore, ["item_count"])
	is_number(n)
} else := n if {
	not restore.resource
	ids := value(restore, ["item_ids"])
	not unknown(restore, ["item_ids"])
	n := count(ids)
}

deny contains msg if {
	limit := settings.max_items
	some restore in item_restores
	n := item_count(restore)
	n > limit
	msg := sprintf("%s: %d items, more than max_items %d", [restore.address, n, limit])
}

deny contains msg if {
	limit := settings.max_items
	some restore in item_restores
	not item_count(restore)
	msg := sprintf("%s: the number of items is not known in the plan; max_items %d allows only a known count", [restore.address, limit])
}

# --- max_mailboxes --------------------------------------------------------------------------

# mailbox_count of a restore of whole mailboxes; when it is unknown, the number of mailbox_ids
# if every one of them is known.
mailbox_count(restore) := n if {
	n := value(restore, ["mailbox_count"])
	is_number(n)
} else := n if {
	ids := value(restore, ["mailbox_ids"])
	not true in object.get(restore.unknown, ["mailbox_ids"], [])
	n := count(ids)
}

deny contains msg if {
	limit := settings.max_mailboxes
	some restore in mailboxes_restores
	n := mailbox_count(restore)
	n > limit
	msg := sprintf("%s: %d mailboxes, more than max_mailboxes %d", [restore.address, n, limit])
}

deny contains msg if {
	limit := settings.max_mailboxes
	some restore in mailboxes_restores
	not mailbox_count(restore)
	msg := sprintf("%s: the number of mailboxes is not known in the plan; max_mailboxes %d allows only a known count", [restore.address, limit])
}
