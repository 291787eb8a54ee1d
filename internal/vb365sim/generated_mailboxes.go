package vb365sim

import (
	"fmt"
	"strings"
)

// Generated mailboxes for scale tests of the bulk restore: WithGeneratedMailboxes(n) adds
// user0001 ... userNNNN to the organization, each with GeneratedMailboxItems messages
// generated on demand (a mailbox costs a few strings until its items are listed).

// GeneratedMailboxItems is how many messages each generated mailbox holds.
const GeneratedMailboxItems = 3

// WithGeneratedMailboxes adds n mailboxes named user0001, user0002, ... with e-mail
// <name>@<the organization's domain> (the domain of its first mailbox) and IDs
// GeneratedMailboxID(i). They are added after every other option, so that a fixture file
// (WithFixture) decides the domain.
func WithGeneratedMailboxes(n int) Option {
	return func(s *Server) { s.generatedMailboxes = max(n, 0) }
}

// GeneratedMailboxName is the name of generated mailbox i (1-based): user0001.
func GeneratedMailboxName(i int) string { return fmt.Sprintf("user%04d", i) }

// GeneratedMailboxID is the ID of generated mailbox i (1-based), a deterministic GUID.
func GeneratedMailboxID(i int) string {
	return LargeMailboxID("generated\x00" + GeneratedMailboxName(i))
}

// addGeneratedMailboxes appends the WithGeneratedMailboxes mailboxes; New calls it once.
func (s *Server) addGeneratedMailboxes() {
	domain := "bestsupport.onmicrosoft.com"
	for _, mb := range s.mailboxes {
		if at := strings.LastIndexByte(mb.email, '@'); at >= 0 {
			domain = mb.email[at+1:]
			break
		}
	}
	for i := 1; i <= s.generatedMailboxes; i++ {
		name := GeneratedMailboxName(i)
		mb := newLargeMailbox("generated\x00"+name, GeneratedMailboxItems)
		mb.name, mb.email = name, name+"@"+domain
		s.mailboxes = append(s.mailboxes, mb)
	}
}
