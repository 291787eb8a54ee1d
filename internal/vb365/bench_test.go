package vb365

import (
	"encoding/json"
	"hash/maphash"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

const benchPageItems = 1000

// benchPage is one page of benchPageItems generated messages as the v8 simulator sends it.
func benchPage(b *testing.B) string {
	b.Helper()
	sim := vb365sim.New(vb365sim.WithLargeMailbox("Bench", benchPageItems))
	srv := httptest.NewServer(sim)
	defer srv.Close()
	form := url.Values{"grant_type": {"password"}, "username": {vb365sim.DefaultUsername}, "password": {vb365sim.DefaultPassword}}
	treq, _ := http.NewRequestWithContext(b.Context(), http.MethodPost, srv.URL+"/v8/Token", strings.NewReader(form.Encode()))
	treq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(treq)
	if err != nil {
		b.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	req, _ := http.NewRequestWithContext(b.Context(), http.MethodGet, srv.URL+"/v8/RestoreSessions/"+vb365sim.SeedRestoreSessionID+
		"/organization/mailboxes/"+vb365sim.LargeMailboxID("Bench")+"/items?limit=10000", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		b.Fatal(resp.Status, err)
	}
	return string(data)
}

func reportPerItem(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchPageItems), "ns/item")
}

// BenchmarkDecodeItemSummaryPage: a page streamed into item summaries (the listing's default).
func BenchmarkDecodeItemSummaryPage(b *testing.B) {
	body := benchPage(b)
	seed := maphash.MakeSeed()
	var d summaryDecoder
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		pg, err := decodePage(json.NewDecoder(strings.NewReader(body)), d.decode, seed)
		if err != nil || pg.n != benchPageItems || len(pg.elems) != benchPageItems {
			b.Fatal(err)
		}
	}
	reportPerItem(b)
	reportAllocsPerItem(b, func() {
		_, _ = decodePage(json.NewDecoder(strings.NewReader(body)), d.decode, seed)
	})
}

// BenchmarkDecodeItemPage: the same page into full items (full = true, vb365_mailbox_item).
func BenchmarkDecodeItemPage(b *testing.B) {
	body := benchPage(b)
	seed := maphash.MakeSeed()
	l := listing[Item]{decode: decodeListedItem}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		pg, err := decodePage(json.NewDecoder(strings.NewReader(body)), l.decodeElement, seed)
		if err != nil || len(pg.elems) != benchPageItems {
			b.Fatal(err)
		}
	}
	reportPerItem(b)
	reportAllocsPerItem(b, func() {
		_, _ = decodePage(json.NewDecoder(strings.NewReader(body)), l.decodeElement, seed)
	})
}

// BenchmarkDecodeItemPageEncodingJSON is the reference: the page unmarshalled by encoding/json
// into typed structs, as a generated client does.
func BenchmarkDecodeItemPageEncodingJSON(b *testing.B) {
	body := benchPage(b)
	type item struct {
		ID, ItemClass, MailboxID, Subject, From, To, Sent, Received, Importance string
		Reminder                                                                bool
		Links                                                                   map[string]struct{ Href string } `json:"_links"`
		Actions                                                                 map[string]json.RawMessage       `json:"_actions"`
	}
	var pg struct{ Results []item }
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		pg.Results = nil
		if err := json.Unmarshal([]byte(body), &pg); err != nil || len(pg.Results) != benchPageItems {
			b.Fatal(err)
		}
	}
	reportPerItem(b)
	reportAllocsPerItem(b, func() { pg.Results = nil; _ = json.Unmarshal([]byte(body), &pg) })
}

func reportAllocsPerItem(b *testing.B, f func()) {
	b.ReportMetric(testing.AllocsPerRun(3, f)/benchPageItems, "allocs/item")
}
