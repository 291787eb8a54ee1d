// Package restores is the write side of the provider: the restore-action resource and action
// vb365_mailbox_item_restore (restore to the original location or another mailbox, export to PST,
// save to MSG, send by e-mail), their inputs, the plan-time review (items, source, target, item
// count, restore point), each run's own server session, reconciliation of an answer that may
// have been lost, outcomes, runs a killed runner may have left (never taken by likeness), output files, and the
// ephemeral vb365_restore_device_code.
//
// It is the top domain: it imports framework, sessions and browsing, and nothing imports it but
// the provider's wiring.
package restores
