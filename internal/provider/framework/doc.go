// Package framework holds what every domain of the provider shares, and nothing that belongs to
// one domain: the provider data handed to every data source, resource and action (one client per
// provider instance, the broker of shared explore sessions, the bound on restore runs in flight),
// the lifecycle of sessions the provider opens on its own, the one path from a client error to a
// diagnostic, shared validators, plan modifiers, read timeouts, listing and attribute helpers,
// and the provider's protocol server (the framework's, with the large listings a Read encodes
// straight into the protocol's form spliced into its response: EncodedList).
//
// It sits at the bottom: every domain (sessions, browsing, retrievals, restores, governance)
// imports it, and it imports no domain, so a domain never reaches into another's code through it.
package framework
