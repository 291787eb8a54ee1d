package governance

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/terraform-vb365/terraform-provider-vb365/internal/vb365"
)

// Terraform creates the instances of a for_each over users in parallel, one Create call each,
// while the API adds audit items in arrays. The batcher collects the additions for one
// organization that arrive within a short window and sends them in one POST; each Create still
// gets its own verdict:
//   - 2xx: every item of the batch was added.
//   - 4xx: the server refused the whole request and added nothing (the documents and the
//     project treat a 4xx as "did not run"); each item is then sent again on its own, so the
//     refusal lands on the resource it belongs to (an unknown user, a duplicate) and the others
//     are added.
//   - any other failure after sending: the batch may have been applied. The audit list is read
//     back; an item found there was added, one missing was not, and nothing is sent again.

const (
	// auditBatchWindow is how long the first addition of a batch waits for others. Terraform
	// starts the Creates of one walk within milliseconds of each other.
	auditBatchWindow = 150 * time.Millisecond
	// auditBatchMax bounds one POST; a full batch is sent at once.
	auditBatchMax = 100
	// auditBatchTimeout bounds a batch's requests, which no single Create may cancel: the
	// POST carries the other resources' items too.
	auditBatchTimeout = 5 * time.Minute
)

// auditAdder is the part of the client the batcher uses (the client itself in the provider).
type auditAdder interface {
	AddAuditItems(ctx context.Context, organizationID string, refs []vb365.AuditItemRef) error
	AuditItems(ctx context.Context, organizationID string) ([]vb365.AuditItem, error)
}

type auditBatcher struct {
	client auditAdder
	window time.Duration
	max    int

	mu   sync.Mutex
	open map[string]*auditBatch // lower-case organization ID -> batch still collecting
	// posts counts the POSTs sent, for tests and logs.
	posts int
}

type auditBatch struct {
	organizationID string
	refs           []vb365.AuditItemRef
	results        []chan error
	sent           bool
	full           chan struct{}
}

func newAuditBatcher(client auditAdder) *auditBatcher {
	return &auditBatcher{client: client, window: auditBatchWindow, max: auditBatchMax, open: map[string]*auditBatch{}}
}

// batchers holds one batcher per client, that is per configured provider instance.
var batchers sync.Map // *vb365.Client -> *auditBatcher

func batcherFor(c *vb365.Client) *auditBatcher {
	if b, ok := batchers.Load(c); ok {
		return b.(*auditBatcher) //nolint:forcetypeassert // only *auditBatcher is stored
	}
	b, _ := batchers.LoadOrStore(c, newAuditBatcher(c))
	return b.(*auditBatcher) //nolint:forcetypeassert // only *auditBatcher is stored
}

// add adds ref to the organization's audit list, batched with the additions that arrive in
// the same window, and returns this item's own verdict. If ctx ends before the batch is sent,
// the item is withdrawn and not sent; once sent, add waits for the verdict, so that a Create
// never reports failure for an item that was added.
func (b *auditBatcher) add(ctx context.Context, organizationID string, ref vb365.AuditItemRef) error {
	key := strings.ToLower(organizationID)
	result := make(chan error, 1)
	b.mu.Lock()
	batch := b.open[key]
	if batch == nil {
		batch = &auditBatch{organizationID: organizationID, full: make(chan struct{})}
		b.open[key] = batch
		go b.flushAfterWindow(key, batch)
	}
	batch.refs = append(batch.refs, ref)
	batch.results = append(batch.results, result)
	if len(batch.refs) >= b.max {
		delete(b.open, key)
		close(batch.full)
	}
	b.mu.Unlock()

	select {
	case err := <-result:
		return err
	case <-ctx.Done():
	}
	b.mu.Lock()
	if !batch.sent {
		// Withdraw the item: the batch has not left, so it never carries this item.
		for i, r := range batch.results {
			if r == result {
				batch.refs = append(batch.refs[:i:i], batch.refs[i+1:]...)
				batch.results = append(batch.results[:i:i], batch.results[i+1:]...)
				break
			}
		}
		b.mu.Unlock()
		return fmt.Errorf("vb365: adding audit item %s: %w: %w", ref.ID, vb365.ErrNotSent, ctx.Err())
	}
	b.mu.Unlock()
	return <-result
}

func (b *auditBatcher) flushAfterWindow(key string, batch *auditBatch) {
	t := time.NewTimer(b.window)
	select {
	case <-t.C:
	case <-batch.full:
		t.Stop()
	}
	b.mu.Lock()
	if b.open[key] == batch {
		delete(b.open, key)
	}
	batch.sent = true
	refs, results := batch.refs, batch.results
	if len(refs) > 0 {
		b.posts++
	}
	b.mu.Unlock()
	if len(refs) == 0 {
		return // every item was withdrawn
	}
	ctx, cancel := context.WithTimeout(context.Background(), auditBatchTimeout)
	defer cancel()
	verdicts := b.send(ctx, batch.organizationID, refs)
	for i, r := range results {
		r <- verdicts[i]
	}
}

// send posts refs and returns one verdict per item.
func (b *auditBatcher) send(ctx context.Context, organizationID string, refs []vb365.AuditItemRef) []error {
	verdicts := make([]error, len(refs))
	err := b.client.AddAuditItems(ctx, organizationID, refs)
	switch {
	case err == nil:
		return verdicts
	case len(refs) > 1 && isRefusal(err):
		// Refused as a whole, nothing added: each item on its own, so that each resource gets
		// the server's verdict on its own item.
		for i, ref := range refs {
			b.mu.Lock()
			b.posts++
			b.mu.Unlock()
			verdicts[i] = b.client.AddAuditItems(ctx, organizationID, []vb365.AuditItemRef{ref})
		}
		return verdicts
	case !vb365.ProvablyNotRun(err):
		return b.readBack(ctx, organizationID, refs, err)
	}
	for i := range verdicts {
		verdicts[i] = err // not sent: no item was added
	}
	return verdicts
}

// isRefusal reports a 4xx answer: the server refused the request and added nothing.
func isRefusal(err error) bool {
	var apiErr *vb365.APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode >= 400 && apiErr.StatusCode <= 499
}

// readBack settles a batch whose outcome is unknown from the audit list.
func (b *auditBatcher) readBack(ctx context.Context, organizationID string, refs []vb365.AuditItemRef, sendErr error) []error {
	verdicts := make([]error, len(refs))
	items, err := b.client.AuditItems(ctx, organizationID)
	if err != nil {
		for i := range verdicts {
			verdicts[i] = fmt.Errorf("%w; reading the audit list to find out whether it was added failed too: %w "+
				"(it may have been added: run terraform apply again, and import it if the server reports it already audited)", sendErr, err)
		}
		return verdicts
	}
	for i, ref := range refs {
		if !containsAuditItem(items, ref.ID) {
			verdicts[i] = fmt.Errorf("%w; the audit list read afterwards does not hold it, so it was not added", sendErr)
		}
	}
	return verdicts
}

func containsAuditItem(items []vb365.AuditItem, id string) bool {
	for _, it := range items {
		if strings.EqualFold(it.ID, id) {
			return true
		}
	}
	return false
}

// postCount returns how many POSTs the batcher has sent.
func (b *auditBatcher) postCount() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.posts
}
