package vb365sim

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Options for running the simulator as a rehearsal ground (cmd/vb365-sim): which API versions
// it serves and on which of them restores need credentials.

// MinAPIVersion and MaxAPIVersion bound the API versions the simulator speaks.
const (
	MinAPIVersion = 3
	MaxAPIVersion = 8
)

// WithRestoreCredentialsRequiredOn makes restores without restore credentials fail with 400 on
// the given API versions only, as a v3..v5 server without modern authentication does
// (WithRestoreCredentialsRequiredOn(3, 4, 5)); on other versions they run without. An empty
// list adds none (WithRestoreCredentialsRequired, if also given, still requires them on all).
func WithRestoreCredentialsRequiredOn(versions ...int) Option {
	return func(s *Server) {
		s.restoreCredentialsOn = map[int]bool{}
		for _, v := range versions {
			s.restoreCredentialsOn[v] = true
		}
	}
}

// restoreCredentialsRequiredOn reports whether a restore on API version v needs credentials.
func (s *Server) restoreCredentialsRequiredOn(v int) bool {
	return s.restoreCredentialsRequired || s.restoreCredentialsOn[v]
}

// ServedVersions lists the API versions the server serves, in order.
func (s *Server) ServedVersions() []int {
	var out []int
	for v := MinAPIVersion; v <= MaxAPIVersion; v++ {
		if s.versions[v] {
			out = append(out, v)
		}
	}
	return out
}

// Organization returns the ID and name of the organization the server serves.
func (s *Server) Organization() (id, name string) { return s.org.id, s.org.name }

// MailboxSummary names one mailbox of the organization (for banners and tests).
type MailboxSummary struct {
	ID, Name, Email   string
	Archive, Public   bool
	Folders, Items    int
	FirstItemID       string // "" when the mailbox is empty
	FirstItemFolderID string
	FirstItemSubject  string
}

// Mailboxes lists the organization's mailboxes in listing order.
func (s *Server) Mailboxes() []MailboxSummary {
	out := make([]MailboxSummary, 0, len(s.mailboxes))
	for _, mb := range s.mailboxes {
		n, at := mb.itemsIn("", true, currentView)
		sum := MailboxSummary{ID: mb.id, Name: mb.name, Email: mb.email, Archive: mb.isArchive, Public: mb.isPublic, Folders: len(mb.folders), Items: n}
		if n > 0 {
			it := at(0)
			sum.FirstItemID, sum.FirstItemFolderID, sum.FirstItemSubject = it.id, it.folderID, it.subject
		}
		out = append(out, sum)
	}
	return out
}

// ParseVersions reads a list of API versions: "all", or comma-separated versions and ranges
// with or without the "v", such as "v5", "v6-v8", "3,5", "v3-v5,v8". Versions outside
// v3..v8 are an error. The result is sorted and without duplicates; "none" (only where
// allowNone) is the empty list.
func ParseVersions(spec string, allowNone bool) ([]int, error) {
	spec = strings.TrimSpace(strings.ToLower(spec))
	switch spec {
	case "all":
		out := make([]int, 0, MaxAPIVersion-MinAPIVersion+1)
		for v := MinAPIVersion; v <= MaxAPIVersion; v++ {
			out = append(out, v)
		}
		return out, nil
	case "none":
		if allowNone {
			return []int{}, nil
		}
		return nil, fmt.Errorf("%q: the simulator must serve at least one version; expected versions such as v8, v6-v8 or all", spec)
	case "":
		return nil, fmt.Errorf("empty; expected versions such as v8, v6-v8, v3,v5 or all")
	}
	var out []int
	for part := range strings.SplitSeq(spec, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "-")
		from, err := parseOneVersion(lo, spec)
		if err != nil {
			return nil, err
		}
		to := from
		if isRange {
			if to, err = parseOneVersion(hi, spec); err != nil {
				return nil, err
			}
			if to < from {
				return nil, fmt.Errorf("%q: the range %s runs backwards; expected the lower version first, such as v6-v8", spec, part)
			}
		}
		for v := from; v <= to; v++ {
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

func parseOneVersion(s, spec string) (int, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "v")
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q: %q is not an API version; expected versions such as v8, v6-v8, v3,v5 or all", spec, s)
	}
	if v < MinAPIVersion || v > MaxAPIVersion {
		return 0, fmt.Errorf("%q: v%d is not an API version the simulator speaks; expected v%d to v%d", spec, v, MinAPIVersion, MaxAPIVersion)
	}
	return v, nil
}

// FormatVersions writes versions compactly: "v3..v8", "v5", "v3..v5, v8".
func FormatVersions(versions []int) string {
	if len(versions) == 0 {
		return "none"
	}
	var parts []string
	for i := 0; i < len(versions); {
		j := i
		for j+1 < len(versions) && versions[j+1] == versions[j]+1 {
			j++
		}
		if j == i {
			parts = append(parts, "v"+strconv.Itoa(versions[i]))
		} else {
			parts = append(parts, "v"+strconv.Itoa(versions[i])+"..v"+strconv.Itoa(versions[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}
