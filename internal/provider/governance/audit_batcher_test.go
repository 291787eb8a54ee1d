package governance

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365sim"
)

const auditPostRoute = "/v8/Organizations/{id}/AuditItems"

func startBatcherSim(t *testing.T) (*vb365sim.Server, *auditBatcher) {
	t.Helper()
	sim := vb365sim.New()
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	c, err := vb365.New(vb365.Config{Endpoint: srv.URL, APIVersion: "v8", Username: vb365sim.DefaultUsername,
		Password: vb365sim.DefaultPassword, Retry: vb365.RetryPolicy{Attempts: 2, MinDelay: time.Millisecond, MaxDelay: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	b := newAuditBatcher(c)
	b.window = time.Hour // flushed by a full batch, never by the clock: the tests time nothing
	return sim, b
}

// addAll adds refs concurrently and returns each one's verdict.
func addAll(ctx context.Context, b *auditBatcher, refs []vb365.AuditItemRef) []error {
	out := make([]error, len(refs))
	var wg sync.WaitGroup
	for i, ref := range refs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = b.add(ctx, vb365sim.OrganizationID, ref)
		}()
	}
	wg.Wait()
	return out
}

func users(ids ...string) []vb365.AuditItemRef {
	out := make([]vb365.AuditItemRef, len(ids))
	for i, id := range ids {
		out[i] = vb365.AuditItemRef{Type: vb365.AuditItemUser, ID: id}
	}
	return out
}

// Additions that arrive together go out in one POST.
func TestAuditBatcherOnePostForMany(t *testing.T) {
	sim, b := startBatcherSim(t)
	refs := users(vb365sim.UserJohnSmithID, vb365sim.UserSupportNorthID, vb365sim.UserQADallasID, vb365sim.UserRnDID)
	b.max = len(refs)
	for i, err := range addAll(t.Context(), b, refs) {
		if err != nil {
			t.Errorf("item %d: %v", i, err)
		}
	}
	if n := sim.RequestCount("POST", auditPostRoute); n != 1 || b.postCount() != 1 {
		t.Errorf("POSTs = %d (batcher %d), want 1", n, b.postCount())
	}
	if got := sim.AuditItemIDs(); len(got) != len(refs) {
		t.Errorf("audit list = %v", got)
	}
}

// A refused batch is sent again item by item: the unknown user and the duplicate get the
// server's refusal, every other item is added.
func TestAuditBatcherRefusalIsPerItem(t *testing.T) {
	sim, b := startBatcherSim(t)
	if err := b.client.AddAuditItems(t.Context(), vb365sim.OrganizationID, users(vb365sim.UserRnDID)); err != nil {
		t.Fatal(err)
	}
	unknown := "00000000-0000-0000-0000-00000000dead"
	refs := users(vb365sim.UserJohnSmithID, unknown, vb365sim.UserRnDID, vb365sim.UserQADallasID)
	b.max = len(refs)
	verdicts := addAll(t.Context(), b, refs)
	for i, want := range []string{"", "was not found", "already in the audit list", ""} {
		err := verdicts[i]
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("item %s: err = %v, want %q", refs[i].ID, err, want)
		}
	}
	got, want := sim.AuditItemIDs(), []string{vb365sim.UserRnDID, vb365sim.UserJohnSmithID, vb365sim.UserQADallasID}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("audit list = %v", got)
	}
	// 1 setup + 1 batch + 4 single.
	if n := sim.RequestCount("POST", auditPostRoute); n != 6 {
		t.Errorf("POSTs = %d, want 6", n)
	}
}

// A batch whose answer is lost (a 502 after the server added the items) is settled from the
// audit list: nothing is sent again and every item is reported added.
func TestAuditBatcherLostAnswerReadsBack(t *testing.T) {
	sim, b := startBatcherSim(t)
	sim.Fault(vb365sim.Fault{Method: http.MethodPost, PathContains: "/AuditItems", StatusAfterHandler: http.StatusBadGateway})
	refs := users(vb365sim.UserJohnSmithID, vb365sim.UserQADallasID)
	b.max = len(refs)
	for i, err := range addAll(t.Context(), b, refs) {
		if err != nil {
			t.Errorf("item %d: %v", i, err)
		}
	}
	if n := sim.RequestCount("POST", auditPostRoute); n != 1 {
		t.Errorf("POSTs = %d, want 1 (never sent again)", n)
	}
}

// A 502 before the server ran the request: the read-back shows nothing added, each item says
// so, and nothing is sent again.
func TestAuditBatcherFailureNotAddedReadsBack(t *testing.T) {
	sim, b := startBatcherSim(t)
	sim.Fault(vb365sim.Fault{Method: http.MethodPost, PathContains: "/AuditItems", Status: http.StatusBadGateway})
	refs := users(vb365sim.UserJohnSmithID, vb365sim.UserQADallasID)
	b.max = len(refs)
	for i, err := range addAll(t.Context(), b, refs) {
		if err == nil || !strings.Contains(err.Error(), "was not added") {
			t.Errorf("item %d: err = %v, want 'was not added'", i, err)
		}
	}
	if n := sim.RequestCount("POST", auditPostRoute); n != 1 || len(sim.AuditItemIDs()) != 0 {
		t.Errorf("POSTs = %d, list %v; want 1 and empty", n, sim.AuditItemIDs())
	}
}

// An addition whose Create ends before the batch leaves is withdrawn and never sent.
func TestAuditBatcherWithdrawsCancelled(t *testing.T) {
	sim, b := startBatcherSim(t)
	b.max = 2
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- b.add(ctx, vb365sim.OrganizationID, users(vb365sim.UserRnDID)[0]) }()
	// Wait until the addition is in the open batch, then cancel it.
	for {
		b.mu.Lock()
		n := 0
		if batch := b.open[strings.ToLower(vb365sim.OrganizationID)]; batch != nil {
			n = len(batch.refs)
		}
		b.mu.Unlock()
		if n == 1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, vb365.ErrNotSent) {
		t.Fatalf("cancelled addition: %v, want ErrNotSent", err)
	}
	// Fill the batch with two others: the withdrawn item is not among what is sent.
	for _, err := range addAll(t.Context(), b, users(vb365sim.UserJohnSmithID, vb365sim.UserQADallasID)) {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := sim.AuditItemIDs(); slices.Contains(got, vb365sim.UserRnDID) || len(got) != 2 {
		t.Errorf("audit list = %v, want only the addition that was not withdrawn", got)
	}
}
