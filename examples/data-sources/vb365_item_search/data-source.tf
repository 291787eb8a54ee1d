# Phishing clean-up, step one: find every copy of the message across the
# organization's mailboxes, review the hits in the plan, and export them per
# mailbox to PST files for the evidence locker. Nothing is deleted or restored.

variable "organization_id" {
  type        = string
  description = "Organization ID, e.g. from the vb365_organizations data source."
}

variable "phishing_query" {
  type        = string
  description = "The search: the campaign's sender (the default is a sender of the simulator's fixture, make sim)."
  default     = "from:qa@bestsupport.onmicrosoft.com"
}

variable "evidence_dir" {
  type        = string
  description = "Existing local directory for the evidence PST files."
}

data "vb365_item_search" "phishing" {
  organization_id = var.organization_id
  query           = var.phishing_query
  max_items       = 1000 # truncated says whether there were more
}

locals {
  # The hits of each mailbox: one export per mailbox (for_each keys are known
  # at plan time, since the search reads by organization_id).
  hits_by_mailbox = {
    for id in data.vb365_item_search.phishing.mailbox_ids_found : id => [
      for hit in data.vb365_item_search.phishing.items : hit.id if hit.mailbox_id == id
    ]
  }
}

# The plan shows, per mailbox, every item exported (subject, folder, date).
resource "vb365_mailbox_item_restore" "evidence" {
  for_each = local.hits_by_mailbox

  organization_id = var.organization_id
  mailbox_id      = each.key
  item_ids        = each.value
  reason          = "SEC-311: phishing campaign evidence"

  export_to_pst {
    path = "${var.evidence_dir}/${each.key}.pst"
  }
}

# What the reviewer approves: who got the message and when.
output "phishing_hits" {
  value = [
    for hit in data.vb365_item_search.phishing.items : {
      mailbox  = hit.mailbox_email
      subject  = hit.subject
      sender   = hit.sender
      received = hit.date
    }
  ]
}

output "phishing_search_truncated" {
  value = data.vb365_item_search.phishing.truncated
}
