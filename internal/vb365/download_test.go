package vb365

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"
)

func TestDownloadTruncatedIsAnError(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		_, _ = io.WriteString(w, strings.Repeat("x", 400))
		hijackAndCloseAfterWrite(w)
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	scope := ItemScope{RestoreSessionID: "s1", MailboxID: "m1", ItemIDs: []string{"i1"}}
	n, err := c.SaveToMSG(ctxT(t), scope, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "truncated") || !strings.Contains(err.Error(), "of 1000 bytes") {
		t.Fatalf("n=%d err=%v", n, err)
	}
}

func TestDownloadChunkedTruncatedIsAnError(t *testing.T) {
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, strings.Repeat("x", 400)) // no Content-Length: chunked
		hijackAndCloseAfterWrite(w)
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	n, err := c.SaveToMSG(ctxT(t), testScope, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "truncated after 400 bytes") || errors.Is(err, ErrNotSent) {
		t.Fatalf("n=%d err=%v", n, err)
	}
}

func hijackAndCloseAfterWrite(w http.ResponseWriter) {
	w.(http.Flusher).Flush()
	hijackAndClose(w)
}

// TestDownloadStreamsWithoutBuffering exports 8 MiB and checks that the client allocates far
// less than the file size: the body is copied, never held.
func TestDownloadStreamsWithoutBuffering(t *testing.T) {
	const size = 8 << 20
	chunk := []byte(strings.Repeat("0123456789abcdef", 2048)) // 32 KiB
	fs := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", fmt.Sprint(size))
		for sent := 0; sent < size; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	c, _ := newTestClient(t, fs.srv.URL, "v8")
	scope := ItemScope{RestoreSessionID: "s1", MailboxID: "m1", ItemIDs: []string{"i1", "i2"}}
	ctx := ctxT(t)
	if _, err := c.ExportToPST(ctx, scope, ExportToPSTOptions{}, io.Discard); err != nil { // warm up: token, connections
		t.Fatal(err)
	}
	allocated := allocatedDuring(func() {
		n, err := c.ExportToPST(ctx, scope, ExportToPSTOptions{}, io.Discard)
		if err != nil || n != size {
			t.Fatalf("n=%d err=%v", n, err)
		}
	})
	// The test server's own allocations are included; both sides together stay far below 8 MiB.
	if allocated > size/4 {
		t.Errorf("allocated %d bytes while streaming %d bytes", allocated, size)
	}
}

func allocatedDuring(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
