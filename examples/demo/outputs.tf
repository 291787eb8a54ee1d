output "mailboxes" {
  value = [
    for mb in data.vb365_mailboxes.all.mailboxes :
    "${mb.name} <${mb.email}>${mb.is_archive ? " (archive)" : ""}${mb.is_public ? " (public folders)" : ""}"
  ]
}

# Every item of the browsed mailbox: type => "subject  [folder]".
output "items_by_type" {
  value = {
    for t in distinct(data.vb365_mailbox_items.all.items[*].type) : t => [
      for i in data.vb365_mailbox_items.all.items :
      "${coalesce(i.subject, "(no subject)")}  [${lookup(local.folder_names, coalesce(i.folder_id, "-"), "?")}]"
      if i.type == t
    ]
  }
}

# The fields each type has of its own.
output "messages" {
  value = [for m in local.messages : {
    subject  = m.subject
    from     = m.message.from
    to       = m.message.to
    received = m.message.received
  }]
}

output "appointments" {
  value = [for a in local.appointments : {
    subject   = coalesce(a.subject, "(no subject)")
    start     = a.appointment.start_time
    end       = a.appointment.end_time
    location  = a.appointment.location
    attendees = a.appointment.attendees
    recurring = a.appointment.recurring
  }]
}

output "tasks" {
  value = [for t in data.vb365_mailbox_items.by_type["task"].full_items : {
    subject          = t.subject
    status           = t.task.status
    percent_complete = t.task.percent_complete
    due              = t.task.due_date
  }]
}

output "contacts" {
  value = [for c in data.vb365_mailbox_items.by_type["contact"].full_items : {
    full_name = c.contact.full_name
    company   = c.contact.company
    job_title = c.contact.job_title
    email     = c.contact.email
    mobile    = c.contact.mobile
  }]
}

# The provider functions: the type of a message class, the IDs in an item link.
output "functions" {
  value = {
    item_type_of_ipm_task = provider::vb365::item_type("IPM.Task")
    restored_message_link = provider::vb365::parse_item_link(data.vb365_mailbox_item.restored_message.links.self)
  }
}

output "pst_export" {
  value = {
    path              = vb365_mailbox_item_restore.calendar_pst.output_path
    output_size_bytes = vb365_mailbox_item_restore.calendar_pst.output_size_bytes
    output_sha256     = vb365_mailbox_item_restore.calendar_pst.output_sha256
    items             = length(vb365_mailbox_item_restore.calendar_pst.item_ids)
  }
}

output "restore_to" {
  value = {
    message            = data.vb365_mailbox_item.restored_message.subject
    target             = var.restore_target_mailbox
    executed_at        = vb365_mailbox_item_restore.message_to_colleague.executed_at
    restore_statistics = vb365_mailbox_item_restore.message_to_colleague.restore_statistics
  }
}
