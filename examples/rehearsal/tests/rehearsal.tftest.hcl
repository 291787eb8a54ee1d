# The rehearsal of the restore module, run by `terraform test` (or `tofu test`)
# against the VB365 simulator started with this directory's fixture and a ledger
# file:
#
#   vb365-sim -fixture fixture.yaml -ledger-out ledger.json   # in this directory
#   terraform test                                            # or: tofu test
#
# (scripts/rehearsal-test.sh does both, with the connection in VB365_*). The
# plan-only runs check what the review shows before anything runs; the apply
# runs restore; the last run reads the simulator's ledger to check that each
# restore ran exactly once, a second apply included. Run it from this
# directory: the ledger file is read as ledger.json.


run "review_shows_the_messages_restored" {
  command = plan

  assert {
    condition     = vb365_mailbox_item_restore.messages.item_count == 2
    error_message = "The review must show 2 messages, not ${vb365_mailbox_item_restore.messages.item_count}."
  }
  assert {
    condition = toset([for i in vb365_mailbox_item_restore.messages.items : i.subject]) == toset([
      "Signed contract with Fabrikam", "Contract amendment 2",
    ])
    error_message = "The review shows other messages: ${jsonencode(vb365_mailbox_item_restore.messages.items[*].subject)}."
  }
  assert {
    condition     = alltrue([for i in vb365_mailbox_item_restore.messages.items : i.type == "message" && i.folder == "Inbox"])
    error_message = "Every item restored must be a message of the Inbox."
  }
  assert {
    condition     = vb365_mailbox_item_restore.messages.source_mailbox.email == "alice@contoso.onmicrosoft.com"
    error_message = "The items must come from Alice's mailbox."
  }
  assert {
    condition     = vb365_mailbox_item_restore.messages.target == "mailbox restore-desk@contoso.onmicrosoft.com, folder Restored from Alice Example"
    error_message = "Unexpected target: ${vb365_mailbox_item_restore.messages.target}."
  }
  assert {
    condition     = vb365_mailbox_item_restore.messages.restore_point.time == "2019-04-11T22:00:00Z"
    error_message = "The restore must read the backup of 2019-04-11 22:00, not ${vb365_mailbox_item_restore.messages.restore_point.time}."
  }
}

run "review_shows_the_folder_and_its_size" {
  command = plan

  assert {
    condition     = vb365_mailbox_item_restore.folder.item_count == 120
    error_message = "The folder restore must cover the folder's 120 items, not ${vb365_mailbox_item_restore.folder.item_count}."
  }
  assert {
    condition     = vb365_mailbox_item_restore.folder.scope == "folder Inbox/Projects and its subfolders"
    error_message = "Unexpected scope: ${vb365_mailbox_item_restore.folder.scope}."
  }
  assert {
    condition     = vb365_mailbox_item_restore.folder.action == "restore_to"
    error_message = "The folder must be restored to the restore desk."
  }
}

run "a_word_that_matches_nothing_stops_the_plan" {
  command = plan

  variables {
    subject_contains = "no such subject"
  }

  expect_failures = [vb365_mailbox_item_restore.messages]
}

run "restore" {
  assert {
    condition     = vb365_mailbox_item_restore.messages.outcome == "succeeded" && vb365_mailbox_item_restore.messages.restore_statistics.created == 2
    error_message = "The messages restore did not succeed: ${jsonencode(vb365_mailbox_item_restore.messages.restore_statistics)}."
  }
  assert {
    condition     = vb365_mailbox_item_restore.folder.outcome == "succeeded" && vb365_mailbox_item_restore.folder.restore_statistics.created == 120
    error_message = "The folder restore did not succeed: ${jsonencode(vb365_mailbox_item_restore.folder.restore_statistics)}."
  }
}

# The same configuration again: nothing to restore, nothing runs (a second run
# would find the items already there: created 0). The ledger check below proves it.
run "apply_again_runs_nothing" {
  assert {
    condition     = vb365_mailbox_item_restore.messages.restore_statistics.created == 2 && vb365_mailbox_item_restore.folder.restore_statistics.created == 120
    error_message = "A second apply must not run the restores again."
  }
}

# The simulator's own record (ledger.json, which vb365-sim -ledger-out keeps up
# to date in the working directory): each restore ran exactly once, with its
# items (or its folder), from its mailbox, to its target; a plan reads it again.
run "the_simulator_ran_each_restore_once" {
  command = plan

  assert {
    condition = length([
      for e in jsondecode(file("ledger.json")).entries : e
      if e.action == "restore_to" && e.mailbox_id == vb365_mailbox_item_restore.messages.mailbox_id
      && sort(e.item_ids) == sort(tolist(vb365_mailbox_item_restore.messages.item_ids))
      && e.target == vb365_mailbox_item_restore.messages.target
    ]) == 1
    error_message = "The simulator must have run the messages restore exactly once."
  }
  assert {
    condition = length([
      for e in jsondecode(file("ledger.json")).entries : e
      if e.action == "restore_to" && lookup(e, "folder_id", "") == vb365_mailbox_item_restore.folder.folder_id
      && e.item_count == 120 && e.target == vb365_mailbox_item_restore.folder.target
    ]) == 1
    error_message = "The simulator must have run the folder restore exactly once, on its 120 items."
  }
  assert {
    condition = length([
      for e in jsondecode(file("ledger.json")).entries : e if startswith(e.action, "restore_")
    ]) == length([vb365_mailbox_item_restore.messages, vb365_mailbox_item_restore.folder])
    error_message = "The simulator must have run as many restores as the module has (two), and no more."
  }
}
