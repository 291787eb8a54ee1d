package vb365sim

import (
	"net/url"
	"testing"
)

// TestPageLinksAreRelativeInV6 checks the v6+ link style against the spec's path casing.
func TestPageLinksAreRelativeInV6(t *testing.T) {
	h := newHarness(t)
	page := h.get(mailboxPath(8, SeedMailboxID) + "/folders?parentId=root&limit=2")
	next := linkHref(t, page, "next")
	u, err := url.Parse(next)
	if err != nil || u.Host != "" || u.Path != "/v8/RestoreSessions/"+SeedRestoreSessionID+"/organization/mailboxes/"+SeedMailboxID+"/folders" ||
		u.Query().Get("parentId") != "root" || u.Query().Get("offset") != "2" {
		t.Errorf("next link = %q", next)
	}
}
