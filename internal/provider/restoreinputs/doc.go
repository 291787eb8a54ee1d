// Package restoreinputs is what a restore is, as configured: the action blocks (restore to the
// original location or another mailbox, export to PST, save to MSG, send), the scope (items, a
// folder, the whole mailbox), the credentials, their schema shared by the restore resource and
// the action, their validation, and how they expand into the client's options.
//
// It sits below restores, which reviews, runs and records what these inputs describe; it
// imports framework and sessions (the session source is part of a restore's inputs) only.
package restoreinputs
