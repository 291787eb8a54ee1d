// Package bulkrestores is the incident-scale restore: vb365_mailboxes_restore restores many whole
// mailboxes to their original location in one reviewed run (v6+: one POST to the session's bulk
// route; v3..v5: one request per mailbox, each outcome recorded), with the plan listing every
// mailbox and the backup it reads, per-mailbox outcomes, and the exactly-once rules of the item
// restore (one run, one session of its own; no second POST without -replace or triggers; runs
// a killed runner may have left are decided by the configuration, never by likeness).
//
// It stands beside restores (the item restore) on the same lower domains: framework, sessions,
// restoreinputs (the credential fields and their forms) and runs (the run's session, its events
// and evidence, the look-up for earlier runs, the restore point a run reads). Nothing imports it
// but the wiring.
package bulkrestores
