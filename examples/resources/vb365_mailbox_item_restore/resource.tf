# The reviewed workflow: everything is keyed on the organization, so every ID
# is known when Terraform plans, and the plan shows what each restore restores
# (items with type, subject, folder and date; source mailbox; action; target).
# The provider opens restore sessions of its own for the reads and the
# restores and stops each one when it is done: nothing here depends on a
# transient session, so a session the server stops never runs a restore again.

data "vb365_organizations" "all" {}

locals {
  organization_id = data.vb365_organizations.all.organizations[0].id
  point_in_time   = "2026-11-01T00:00:00Z" # the backup to restore from
}

data "vb365_mailboxes" "jsmith" {
  organization_id = local.organization_id
  point_in_time   = local.point_in_time
  email           = var.mailbox_email

  lifecycle {
    postcondition {
      condition     = length([for mb in self.mailboxes : mb if !mb.is_archive]) == 1
      error_message = "No mailbox of the organization has the address ${var.mailbox_email} (or more than one has): list them with vb365_mailboxes without email."
    }
  }
}

locals {
  # The address matches the primary mailbox and any archive mailbox: take the primary.
  mailbox_id = one([for mb in data.vb365_mailboxes.jsmith.mailboxes : mb.id if !mb.is_archive])
}

data "vb365_mailbox_items" "calendar" {
  organization_id = local.organization_id
  point_in_time   = local.point_in_time
  mailbox_id      = local.mailbox_id
  type            = "appointment"
}

data "vb365_mailbox_items" "messages" {
  organization_id = local.organization_id
  point_in_time   = local.point_in_time
  mailbox_id      = local.mailbox_id
  type            = "message"
}

# 1. Export the whole calendar to a PST file on the machine running Terraform.
#    A refresh checks the file; by default a missing or changed file only warns
#    (it may be absent on the next CI runner): on_file_change = "export_again"
#    exports it again.
resource "vb365_mailbox_item_restore" "calendar_pst" {
  organization_id = local.organization_id
  point_in_time   = local.point_in_time
  mailbox_id      = local.mailbox_id
  item_ids        = data.vb365_mailbox_items.calendar.items[*].id
  reason          = "INC-4711: calendar handed to legal"

  export_to_pst {
    path                  = "${var.export_dir}/j.smith-calendar.pst" # the directory must exist
    enable_pst_size_limit = true
    pst_size_limit_bytes  = 10737418240 # split into 10 GB parts
  }
}

# 2. Restore the messages about contracts into a folder of another mailbox.
#    Credentials are write-only: sent with the restore, never kept in plan or state.
resource "vb365_mailbox_item_restore" "contracts_to_deputy" {
  organization_id = local.organization_id
  point_in_time   = local.point_in_time
  mailbox_id      = local.mailbox_id
  item_ids = [
    for m in data.vb365_mailbox_items.messages.items : m.id
    if strcontains(lower(m.subject), var.subject_keyword)
  ]
  reason = "INC-4711: deputy takes over open contracts" # changing it runs nothing

  restore_to {
    mailbox                 = "deputy@contoso.onmicrosoft.com"
    folder                  = "Restored/j.smith"
    changed_items           = true
    deleted_items           = true
    mark_restored_as_unread = true
    user_name               = var.restore_user
    user_password           = var.restore_password
  }

  # Changing a trigger value runs the restore again on purpose (a replacement);
  # without one, the restore runs exactly once.
  triggers = {
    ticket  = "INC-4711"
    attempt = "1"
  }
}

# 3. Mail one message as an attachment to an auditor.
resource "vb365_mailbox_item_restore" "to_auditor" {
  organization_id = local.organization_id
  point_in_time   = local.point_in_time
  mailbox_id      = local.mailbox_id
  item_ids        = [data.vb365_mailbox_items.messages.items[0].id]

  send_to_different_address {
    from    = "vb365-restore@contoso.onmicrosoft.com"
    to      = "auditor@example.com"
    subject = "INC-4711: original message as backed up on 2026-11-01"
    text    = "The message is attached as it was in the backup."
  }
}

# 4. Export a whole folder (with its subfolders) to a PST file: folder_id
#    instead of item_ids. The plan shows `scope` as the folder's path of names,
#    e.g. "folder Inbox/Projects and its subfolders". whole_mailbox = true
#    exports or restores the entire mailbox the same way. Folders and mailboxes
#    support restore_to_original_location, restore_to and export_to_pst.
data "vb365_mailbox_folders" "projects" {
  organization_id = local.organization_id
  point_in_time   = local.point_in_time
  mailbox_id      = local.mailbox_id
  name            = "Projects"
}

resource "vb365_mailbox_item_restore" "projects_pst" {
  organization_id = local.organization_id
  point_in_time   = local.point_in_time
  mailbox_id      = local.mailbox_id
  folder_id       = one(data.vb365_mailbox_folders.projects.folders[*].id)
  reason          = "INC-4711: project mail handed to legal"

  export_to_pst {
    path = "${var.export_dir}/j.smith-projects.pst"
  }
}

# 5. Restore a message the user deleted. show_deleted = true opens the sessions
#    with deleted items; the listing and the plan's `items` say which items are
#    deleted (version_state = "deleted"), so the reviewer sees exactly that.
data "vb365_mailbox_items" "inbox_with_deleted" {
  organization_id = local.organization_id
  point_in_time   = local.point_in_time
  mailbox_id      = local.mailbox_id
  show_deleted    = true
}

resource "vb365_mailbox_item_restore" "deleted_contract" {
  organization_id = local.organization_id
  point_in_time   = local.point_in_time
  mailbox_id      = local.mailbox_id
  show_deleted    = true # changing it later runs nothing again
  item_ids = [
    for m in data.vb365_mailbox_items.inbox_with_deleted.items : m.id
    if m.version_state == "deleted" && try(strcontains(lower(m.subject), "contract"), false)
  ]
  reason = "INC-4712: user deleted the signed contract"

  restore_to_original_location {}
}

# 6. Legal hold by keyword: every mailbox of the organization, only what
#    matches the keyword (every version of it), to one PST file (API v6+).
#    whole_organization has no mailbox_id; the plan's `scope` reads e.g.
#    'every mailbox of the organization contoso.onmicrosoft.com, only what
#    matches "Project Falcon"'. content_keyword works on folder_id and
#    whole_mailbox exports the same way.
resource "vb365_mailbox_item_restore" "falcon_hold" {
  organization_id    = local.organization_id
  point_in_time      = local.point_in_time
  whole_organization = true
  reason             = "LEGAL-77: Project Falcon hold"

  export_to_pst {
    path                  = "${var.export_dir}/falcon.pst"
    content_keyword       = "Project Falcon"
    enable_pst_size_limit = true
    pst_size_limit_bytes  = 21474836480 # 20 GB parts
  }
}

variable "mailbox_email" {
  type        = string
  description = "Address of the mailbox the items come from."
  default     = "j_smith@bestsupport.onmicrosoft.com" # the simulator's (make sim)
}

variable "subject_keyword" {
  type        = string
  description = "Messages whose subject contains this (lower case) go to the deputy."
  default     = "contract"
}

variable "export_dir" {
  type        = string
  description = "Existing local directory for PST exports."
}

variable "restore_user" {
  type        = string
  description = "Exchange account with rights on the target mailbox."
}

variable "restore_password" {
  type      = string
  sensitive = true
  ephemeral = true # never written to a plan file (Terraform 1.10+, OpenTofu 1.11+)
}

# What the reviewer approved, kept as the audit record.
output "contracts_restore" {
  value = {
    from       = vb365_mailbox_item_restore.contracts_to_deputy.source_mailbox.email
    to         = vb365_mailbox_item_restore.contracts_to_deputy.target
    subjects   = vb365_mailbox_item_restore.contracts_to_deputy.items[*].subject
    by         = vb365_mailbox_item_restore.contracts_to_deputy.executed_by
    at         = vb365_mailbox_item_restore.contracts_to_deputy.executed_at
    statistics = vb365_mailbox_item_restore.contracts_to_deputy.restore_statistics
  }
}

output "calendar_export" {
  value = {
    file   = vb365_mailbox_item_restore.calendar_pst.output_path
    bytes  = vb365_mailbox_item_restore.calendar_pst.output_size_bytes
    sha256 = vb365_mailbox_item_restore.calendar_pst.output_sha256
  }
}
