package vb365

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// ItemLinkIDs are the IDs named by a VB365 restore-session link.
type ItemLinkIDs struct {
	Version          APIVersion
	RestoreSessionID string
	MailboxID        string
	FolderID         string
	ItemID           string
}

// ParseItemLink extracts the IDs from a restore-session link: absolute
// (https://host:4443/v3/restoresessions/{id}/organization/mailboxes/{id}/items/{id}) or relative
// (/v8/RestoreSessions/...), any letter case, optionally ending in an action segment. The link
// is parsed only, never followed. IDs are percent-decoded; an item or folder ID is everything
// after ".../items/" or ".../folders/" (less a trailing action segment), since v3 links carry
// IDs containing '/' unescaped.
func ParseItemLink(href string) (ItemLinkIDs, error) {
	var ids ItemLinkIDs
	fail := func(why string) (ItemLinkIDs, error) {
		return ItemLinkIDs{}, fmt.Errorf("vb365: %q is not a VB365 restore session link: %s", href, why)
	}
	if strings.TrimSpace(href) == "" {
		return fail("empty")
	}
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return fail(err.Error())
	}
	// Only the leading slash goes: a trailing one may end an item ID.
	segments := strings.Split(strings.TrimPrefix(u.EscapedPath(), "/"), "/")
	// Find the version segment; a reverse-proxy prefix may precede it.
	start := -1
	for i, s := range segments {
		if v, ok := versionSegment(s); ok && i+1 < len(segments) && strings.EqualFold(segments[i+1], "restoresessions") {
			ids.Version, start = v, i
			break
		}
	}
	if start < 0 {
		return fail("no /vN/RestoreSessions/ path")
	}
	segments = segments[start+2:]
	next := func(what string) (string, error) {
		if len(segments) == 0 || segments[0] == "" {
			return "", fmt.Errorf("missing %s", what)
		}
		raw := segments[0]
		segments = segments[1:]
		v, err := url.PathUnescape(raw)
		if err != nil {
			return "", fmt.Errorf("bad escaping in %s: %v", what, err)
		}
		return v, nil
	}
	if ids.RestoreSessionID, err = next("restore session ID"); err != nil {
		return fail(err.Error())
	}
	if len(segments) == 0 || !strings.EqualFold(segments[0], "organization") {
		return ids, nil
	}
	segments = segments[1:]
	if len(segments) == 0 || !strings.EqualFold(segments[0], "mailboxes") {
		return ids, nil
	}
	segments = segments[1:]
	if len(segments) == 0 {
		return ids, nil
	}
	if ids.MailboxID, err = next("mailbox ID"); err != nil {
		return fail(err.Error())
	}
	if len(segments) == 0 {
		return ids, nil
	}
	kind := strings.ToLower(segments[0])
	segments = segments[1:]
	if len(segments) == 0 || kind != "items" && kind != "folders" {
		return ids, nil
	}
	if len(segments) == 1 && isActionSegment(segments[0]) {
		return ids, nil // the mailbox's bulk action route
	}
	// The rest is one ID: v3 links carry IDs unescaped, so an ID may span several segments
	// ("AAMk.../slash/AAE=="). An _actions URI ends in an action segment after the ID.
	if len(segments) > 1 && isActionSegment(segments[len(segments)-1]) {
		segments = segments[:len(segments)-1]
	}
	id, err := joinSegments(segments)
	switch {
	case err != nil:
		return fail(fmt.Sprintf("bad escaping in the %s ID: %v", strings.TrimSuffix(kind, "s"), err))
	case id == "":
		return fail(fmt.Sprintf("missing %s ID", strings.TrimSuffix(kind, "s")))
	case kind == "items":
		ids.ItemID = id
	default:
		ids.FolderID = id
	}
	return ids, nil
}

// joinSegments percent-decodes escaped path segments and joins them with '/'.
func joinSegments(segments []string) (string, error) {
	decoded := make([]string, len(segments))
	for i, s := range segments {
		v, err := url.PathUnescape(s)
		if err != nil {
			return "", err
		}
		decoded[i] = v
	}
	return strings.Join(decoded, "/"), nil
}

func versionSegment(s string) (APIVersion, bool) {
	if len(s) < 2 || (s[0] != 'v' && s[0] != 'V') {
		return 0, false
	}
	// v3 is the oldest version the provider speaks (and whose links it can meet); later
	// versions than v8 are accepted so that links of a newer server still parse.
	n, err := strconv.Atoi(s[1:])
	if err != nil || n < int(V3) || n > 99 {
		return 0, false
	}
	return APIVersion(n), true
}

// isActionSegment reports whether s is a bulk action segment after ".../items/" rather than an
// item ID.
func isActionSegment(s string) bool {
	if strings.EqualFold(s, "action") {
		return true
	}
	_, ok := ActionKindFromKey(s)
	return ok || strings.EqualFold(s, "operatorRestore")
}
