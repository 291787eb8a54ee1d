output "restores" {
  description = "What each restore acts on and where it goes: the review, and the key a rehearsal finds its runs by in the simulator's ledger."
  value = {
    for name, r in {
      messages = vb365_mailbox_item_restore.messages
      folder   = vb365_mailbox_item_restore.folder
    } :
    name => {
      action     = r.action
      mailbox_id = r.mailbox_id
      folder_id  = r.folder_id
      item_ids   = r.item_ids == null ? [] : sort(tolist(r.item_ids))
      item_count = r.item_count
      target     = r.target
    }
  }
}

output "server_restore_session_ids" {
  description = "Each run's identity on the server."
  value = {
    messages = vb365_mailbox_item_restore.messages.server_restore_session_id
    folder   = vb365_mailbox_item_restore.folder.server_restore_session_id
  }
}
