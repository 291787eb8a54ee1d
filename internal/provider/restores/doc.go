// Package restores is the write side of the provider: the restore-action resource and action
// vb365_mailbox_item_restore (restore to the original location or another mailbox, export to PST,
// save to MSG, send by e-mail), the plan-time review (items, source, target and its check, item
// count, restore point, who restores), the decision about runs a killed runner may have left
// (never taken by likeness), outcomes and records, and the ephemeral vb365_restore_device_code.
//
// It is the top domain: it imports framework, sessions, browsing, restoreinputs (what a restore
// is) and runs (how one run happens on the server), and nothing imports it but the wiring.
package restores
