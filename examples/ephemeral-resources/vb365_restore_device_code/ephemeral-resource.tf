# A restore with Microsoft 365 modern authentication (device code flow), run
# by the person who signs in: `terraform apply` (without -auto-approve) shows
# the server's sign-in message (open https://microsoft.com/devicelogin and
# enter the code) as a warning above the approval prompt; sign in, then answer
# yes: the apply sends the code the plan showed. The restore session must be
# known when planning (apply it first, or give an existing session's ID).
# Not for CI pipelines: nobody is there to sign in; use application
# credentials (application_id, application_certificate) there.
resource "vb365_restore_session" "s" {
  organization_id = "9f3c1a52-5e0b-4d2a-8b8e-3c2f6d7a1b01"
}

ephemeral "vb365_restore_device_code" "code" {
  restore_session_id    = vb365_restore_session.s.id
  target_application_id = "00000000-0000-4000-8000-0000000000aa"
}

resource "vb365_mailbox_item_restore" "inbox_item" {
  restore_session_id = vb365_restore_session.s.id
  mailbox_id         = "479ae6aa-610b-4652-8966-5db06021903c"
  item_ids           = ["AAAAAKGE4dIvQUtGjuSnq8JTHAgHAPliTMf_6DxPiJ6TGYB9CqAAAAAAAUcAAEJD8-NHTuNAoFrJGmIzcMoAAE-h_u0AAA=="]

  restore_to_original_location {
    # Write-only (Terraform 1.11+): never stored in plan or state.
    user_code = ephemeral.vb365_restore_device_code.code.user_code
  }
}
