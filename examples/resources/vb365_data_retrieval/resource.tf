# Retrieve one mailbox's archived backup from Amazon S3 Glacier, then restore a
# folder from it. The plan's `summary` says what is retrieved and from where;
# apply waits until the data is retrieved. Changing availability_days extends
# the availability in place; removing the resource lets the copy expire.

variable "organization_id" {
  type = string
}

variable "mailbox_id" {
  type = string
}

variable "folder_id" {
  type = string
}

data "vb365_restore_points" "archived" {
  organization_id   = var.organization_id
  is_long_term_copy = true
}

resource "vb365_data_retrieval" "archive" {
  organization_id        = var.organization_id
  repository_id          = data.vb365_restore_points.archived.restore_points[0].repository_id
  point_in_time          = data.vb365_restore_points.archived.restore_points[0].backup_time
  mailbox_ids            = [var.mailbox_id]
  glacier_retrieval_mode = "standard" # expedited: minutes, costs more; bulk: hours, costs less
  availability_days      = 3

  timeouts {
    create = "6h"
  }
}

resource "vb365_mailbox_item_restore" "from_archive" {
  organization_id   = var.organization_id
  data_retrieval_id = vb365_data_retrieval.archive.id
  mailbox_id        = var.mailbox_id
  folder_id         = var.folder_id
  reason            = "LEGAL-12: archived correspondence"

  restore_to {
    mailbox = "legal-hold@contoso.onmicrosoft.com"
    folder  = "Archive retrieval"
  }
}

output "retrieval" {
  value = {
    what       = vb365_data_retrieval.archive.summary
    state      = vb365_data_retrieval.archive.data_state
    expires_at = vb365_data_retrieval.archive.expires_at
  }
}
