import {
  to = vb365_restore_session.example
  id = "3da69c6c-bb12-4bed-9c4d-7276cb9074bf"
}
