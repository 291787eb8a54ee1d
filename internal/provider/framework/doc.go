// Package framework holds what the provider's domains share: the provider data handed to every
// data source, resource and action (the one client per provider instance), the one path from a
// client error to a diagnostic, and the validators used by more than one domain.
//
// The provider package (mailbox restores) and the governance package (audit, restore operators)
// both import it; it imports neither, so a domain never reaches into another's code.
package framework
