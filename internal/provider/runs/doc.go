// Package runs is what one restore run is on the server: the session of its own that it is
// sent in (opened within the server's session limit and max_concurrent_restores, and stopped on
// every path), the events that tell its own work from other runs' (baseline, evidence,
// reconciliation of a lost answer), the look-up for runs a killed runner may have left, and the
// file a download writes (to a temporary name, renamed when complete, hashed).
//
// It knows nothing of the restore resource's schema: the restores package above it turns its
// findings into plans, records and diagnostics. It imports framework and sessions only.
package runs
