package vb365sim

import "strings"

// A real server resolves the mailbox of restoreTo in the organization before it restores: an
// address in one of the organization's own domains (its name, or the domain of any of its
// mailboxes or users) that no mailbox or user has is refused, so that a typo never restores
// into nowhere. An address in another domain is taken as given (a mailbox of another
// organization, reached with the restore credentials).

// unknownTargetRefused answers 400 and reports true when dest is an address of the
// organization's own domains that none of its mailboxes or users has.
func (s *Server) unknownTargetRefused(c *reqCtx, dest string) bool {
	at := strings.LastIndexByte(dest, '@')
	if at <= 0 || at == len(dest)-1 {
		return false
	}
	domain := dest[at+1:]
	s.mu.Lock()
	orgName := s.org.name
	own, known := strings.EqualFold(orgName, domain), false
	consider := func(address string) {
		if strings.EqualFold(address, dest) {
			known = true
		}
		if i := strings.LastIndexByte(address, '@'); i >= 0 && strings.EqualFold(address[i+1:], domain) {
			own = true
		}
	}
	for _, mb := range s.mailboxes {
		consider(mb.email)
	}
	for _, u := range s.gov.users {
		consider(u.name)
	}
	s.mu.Unlock()
	if !own || known {
		return false
	}
	c.badRequest("Mailbox '" + dest + "' was not found in organization '" + orgName + "': no mailbox or user of the organization has this address.")
	return true
}
