package vb365

import (
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

func summaryString(s ItemSummary) string {
	p := func(v *string) string {
		if v == nil {
			return "<nil>"
		}
		return *v
	}
	i := func(v *int64) string {
		if v == nil {
			return "<nil>"
		}
		return strings.Repeat("|", int(*v%50))
	}
	return strings.Join([]string{s.ID, s.ItemClass, string(s.Type), p(s.Subject), s.FolderID, p(s.Date), p(s.Sender), i(s.AttachmentCount), i(s.AttachmentsSizeBytes)}, " / ")
}

// TestItemSummariesAgreeWithItems: in every API version, the summary listing of the
// simulator's mailbox holds exactly what the full listing says about each item.
func TestItemSummariesAgreeWithItems(t *testing.T) {
	for _, version := range []string{"v3", "v4", "v5", "v6", "v7", "v8"} {
		t.Run(version, func(t *testing.T) {
			e := startSim(t, version)
			q := ItemQuery{ListOptions: ListOptions{PageSize: 4}}
			full := collect(t, e.client.Items(ctxT(t), vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, q))
			sums := collect(t, e.client.ItemSummaries(ctxT(t), vb365sim.SeedRestoreSessionID, vb365sim.SeedMailboxID, q))
			if len(full) != len(sums) || len(full) < 10 {
				t.Fatalf("%d items, %d summaries", len(full), len(sums))
			}
			types := map[ItemType]bool{}
			for i := range full {
				want, got := summaryString(full[i].Summary()), summaryString(sums[i])
				if want != got {
					t.Errorf("item %d:\n got  %s\n want %s", i, got, want)
				}
				types[sums[i].Type] = true
				if sums[i].FolderID == "" {
					t.Errorf("item %s: no folder", sums[i].ID)
				}
			}
			if len(types) < 8 {
				t.Errorf("only types %v in the fixture", types)
			}
		})
	}
}

func TestDecodeItemSummaryLeniency(t *testing.T) {
	tests := map[string]struct{ body, want string }{
		"case-insensitive keys, last wins, string numbers": {
			`{"ID":"x","Id":"i1","ItemClass":"IPM.Note","SUBJECT":"hi","From":"a@b","Received":"2019-04-12 10:54:40",` +
				`"attachments":[{"name":"a","sizeBytes":"10"},{"name":"b","size":5}],` +
				`"_Links":{"Parent":{"HREF":"/v8/RestoreSessions/s/organization/mailboxes/m/folders/F%2F1"}}}`,
			"i1 / IPM.Note / message / hi / F/1 / 2019-04-12T10:54:40Z / a@b / || / |||||||||||||||",
		},
		"v3 sticky note labelled IPM.Note": {
			`{"id":"n1","itemClass":"IPM.Note","name":"Call back","date":"6/5/2017 1:12 PM"}`,
			"n1 / IPM.Note / note / Call back /  / 2017-06-05T13:12:00Z / <nil> / <nil> / <nil>",
		},
		"unknown class with nulls": {
			`{"id":"u1","itemClass":"IPM.Whatever","subject":null,"from":"x"}`,
			"u1 / IPM.Whatever / unknown / <nil> /  / <nil> / <nil> / <nil> / <nil>",
		},
		"escaped strings": {
			`{"id":"e\u00e91","itemClass":"IPM.Task","subject":"a \"quoted\" one","owner":"o","startDate":"2017-05-04 18:00:00"}`,
			"eé1 / IPM.Task / task / a \"quoted\" one /  / 2017-05-04T18:00:00Z / o / <nil> / <nil>",
		},
	}
	for name, tt := range tests {
		got, err := DecodeItemSummary([]byte(tt.body))
		if err != nil || summaryString(got) != tt.want {
			t.Errorf("%s:\n got  %s (%v)\n want %s", name, summaryString(got), err, tt.want)
		}
	}
	for body, want := range map[string]string{
		`{"itemClass":"IPM.Note"}`:          "no id",
		`{"id":"i","subject":{"a":1}}`:      `field "subject": expected a string, got an object`,
		`{"id":"i","_links":[]}`:            `field "_links"`,
		`{"id":"i","itemClass":"IPM.Note",`: "invalid JSON",
		`[1]`:                               "expected a JSON object",
		`{"id":"i","itemClass":"IPM.Note","attachments":[{"size":"x"}]}`: `field "attachments"`,
	} {
		if _, err := DecodeItemSummary([]byte(body)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", body, err, want)
		}
	}
}
