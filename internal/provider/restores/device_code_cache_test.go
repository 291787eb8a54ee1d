package restores

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func testCache(t *testing.T) deviceCodeCache {
	t.Helper()
	return deviceCodeCache{dir: filepath.Join(t.TempDir(), "terraform-provider-vb365", "device-codes")}
}

func testEntry(code string, now time.Time, lifetime time.Duration) cachedDeviceCode {
	return cachedDeviceCode{UserCode: code, VerificationURL: "https://microsoft.com/devicelogin", ExpiresIn: int64(lifetime / time.Second),
		ObtainedAt: now, ExpiresAt: now.Add(lifetime)}
}

// TestDeviceCodeCacheReuseUntilExpired: a stored code is reused while more than the margin is
// left, not reused (but kept) within the margin, and removed once expired, by load or by sweep.
func TestDeviceCodeCacheReuseUntilExpired(t *testing.T) {
	ctx, c := context.Background(), testCache(t)
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	key := deviceCodeKey("https://vbo:4443", "admin", "session", "", "", "")
	if _, ok := c.load(ctx, key, now); ok {
		t.Fatal("an empty cache has an entry")
	}
	if kept, err := c.store(ctx, key, testEntry("CODE00001", now, 15*time.Minute), now); err != nil || kept.UserCode != "CODE00001" {
		t.Fatalf("store: %+v %v", kept, err)
	}
	if e, ok := c.load(ctx, key, now.Add(13*time.Minute)); !ok || e.UserCode != "CODE00001" || !e.ExpiresAt.Equal(now.Add(15*time.Minute)) {
		t.Errorf("load 13 minutes later: %+v %v", e, ok)
	}
	if _, ok := c.load(ctx, key, now.Add(14*time.Minute+30*time.Second)); ok {
		t.Error("a code with 30 seconds left is reused")
	}
	if _, err := os.Stat(c.path(key)); err != nil {
		t.Errorf("the entry within the margin is gone: %v", err)
	}
	// Within the margin a new code replaces the old one.
	if kept, err := c.store(ctx, key, testEntry("CODE00002", now.Add(14*time.Minute+30*time.Second), 15*time.Minute), now.Add(14*time.Minute+30*time.Second)); err != nil || kept.UserCode != "CODE00002" {
		t.Errorf("store over an entry within the margin: %+v %v", kept, err)
	}
	later := now.Add(time.Hour)
	if _, ok := c.load(ctx, key, later); ok {
		t.Error("an expired code is reused")
	}
	if _, err := os.Stat(c.path(key)); !os.IsNotExist(err) {
		t.Errorf("the expired entry is kept: %v", err)
	}

	// sweep: expired entries and old temporary files go, the rest stays.
	other, live := deviceCodeKey("a"), deviceCodeKey("b")
	if _, err := c.store(ctx, other, testEntry("CODE00003", now, time.Minute), now); err != nil {
		t.Fatal(err)
	}
	if _, err := c.store(ctx, live, testEntry("CODE00004", later, 15*time.Minute), later); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(c.dir, ".tmp-123")
	if err := os.WriteFile(stale, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	_ = os.Chtimes(stale, now.Add(-time.Minute), now.Add(-time.Minute))
	c.sweep(ctx, later)
	for path, want := range map[string]bool{c.path(other): false, c.path(live): true, stale: false} {
		if _, err := os.Stat(path); (err == nil) != want {
			t.Errorf("after sweep, %s present = %v, want %v", filepath.Base(path), err == nil, want)
		}
	}
}

// TestDeviceCodeCacheCorruptEntry: an entry that does not parse is ignored and removed, and a
// new code is kept in its place; a cache without a directory keeps nothing and fails nothing.
func TestDeviceCodeCacheCorruptEntry(t *testing.T) {
	ctx, c := context.Background(), testCache(t)
	now := time.Now()
	key := deviceCodeKey("k")
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, garbage := range []string{"{not json", `{"user_code": ""}`, ""} {
		if err := os.WriteFile(c.path(key), []byte(garbage), 0o600); err != nil {
			t.Fatal(err)
		}
		if e, ok := c.load(ctx, key, now); ok {
			t.Errorf("%q loaded as %+v", garbage, e)
		}
	}
	if err := os.WriteFile(c.path(key), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if kept, err := c.store(ctx, key, testEntry("CODE00005", now, 15*time.Minute), now); err != nil || kept.UserCode != "CODE00005" {
		t.Errorf("store over a corrupt entry: %+v %v", kept, err)
	}
	if e, ok := c.load(ctx, key, now); !ok || e.UserCode != "CODE00005" {
		t.Errorf("load after store: %+v %v", e, ok)
	}

	none := deviceCodeCache{}
	if _, err := none.store(ctx, key, testEntry("CODE00006", now, time.Minute), now); err == nil {
		t.Error("a cache without a directory kept a code")
	}
	if _, ok := none.load(ctx, key, now); ok {
		t.Error("a cache without a directory loaded a code")
	}
	none.sweep(ctx, now)
	none.forget(ctx, "CODE00006")

	// A directory that cannot be created: the error is returned, nothing panics.
	blocked := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocked, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := (deviceCodeCache{dir: filepath.Join(blocked, "device-codes")}).store(ctx, key, testEntry("CODE00007", now, time.Minute), now); err == nil {
		t.Error("store under a file succeeded")
	}
}

// TestDeviceCodeCachePermissions: the directory is 0700 (made so if it was wider) and each
// entry 0600: only the user reads the codes.
func TestDeviceCodeCachePermissions(t *testing.T) {
	ctx, c := context.Background(), testCache(t)
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(c.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	key := deviceCodeKey("perm")
	if _, err := c.store(ctx, key, testEntry("CODE00008", now, time.Hour), now); err != nil {
		t.Fatal(err)
	}
	dir, err := os.Stat(c.dir)
	if err != nil || dir.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v %v, want 0700", dir.Mode().Perm(), err)
	}
	file, err := os.Stat(c.path(key))
	if err != nil || file.Mode().Perm() != 0o600 {
		t.Errorf("entry mode %v %v, want 0600", file.Mode().Perm(), err)
	}
	entries, _ := os.ReadDir(c.dir)
	if len(entries) != 1 {
		t.Errorf("files left in the cache: %v", entries)
	}
}

// TestDeviceCodeCacheConcurrentWriters: openings that store at the same time agree on one
// code (the first kept), and the entry is whole.
func TestDeviceCodeCacheConcurrentWriters(t *testing.T) {
	ctx, c := context.Background(), testCache(t)
	now := time.Now()
	key := deviceCodeKey("race")
	const writers = 16
	kept := make([]string, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			e, err := c.store(ctx, key, testEntry(fmt.Sprintf("CODE%05d", i), now, 15*time.Minute), now)
			if err != nil {
				t.Error(err)
			}
			kept[i] = e.UserCode
		})
	}
	wg.Wait()
	stored, ok := c.load(ctx, key, now)
	if !ok {
		t.Fatal("no entry after concurrent writes")
	}
	for i, code := range kept {
		if code != stored.UserCode {
			t.Errorf("writer %d kept %s, the cache holds %s", i, code, stored.UserCode)
		}
	}
	entries, _ := os.ReadDir(c.dir)
	if len(entries) != 1 {
		t.Errorf("files left in the cache: %d", len(entries))
	}
}

// TestDeviceCodeCacheForgetAndKey: forget removes the entries holding a code and no other;
// the key depends on every part, not on case.
func TestDeviceCodeCacheForgetAndKey(t *testing.T) {
	ctx, c := context.Background(), testCache(t)
	now := time.Now()
	for key, code := range map[string]string{"a": "CODE00010", "b": "CODE00011"} {
		if _, err := c.store(ctx, deviceCodeKey(key), testEntry(code, now, time.Hour), now); err != nil {
			t.Fatal(err)
		}
	}
	if !c.forget(ctx, "CODE00010") || c.forget(ctx, "CODE00010") {
		t.Error("forget does not report whether it removed an entry")
	}
	if _, ok := c.load(ctx, deviceCodeKey("a"), now); ok {
		t.Error("the forgotten code is still kept")
	}
	if _, ok := c.load(ctx, deviceCodeKey("b"), now); !ok {
		t.Error("another code was forgotten too")
	}

	base := []string{"https://vbo:4443", "admin", "S1", "app", "Worldwide", "contoso"}
	seen := map[string]bool{deviceCodeKey(base...): true}
	for i := range base {
		changed := append([]string(nil), base...)
		changed[i] += "x"
		if k := deviceCodeKey(changed...); seen[k] {
			t.Errorf("part %d does not change the key", i)
		} else {
			seen[k] = true
		}
	}
	if deviceCodeKey("A", "b") != deviceCodeKey("a", "B") || deviceCodeKey("ab", "") == deviceCodeKey("a", "b") {
		t.Error("the key is case-sensitive or parts run together")
	}
}

// TestDeviceCodeInstructions: the warning names the page and the code and says the apply sends
// it; a reused code says it was shown before; a code that could not be kept says what to fix.
func TestDeviceCodeInstructions(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	code := testEntry("CODE00020", now, 15*time.Minute)
	text := strings.Join(strings.Fields(deviceCodeInstructions(code, "S1", false, nil, "/c")), " ")
	for _, want := range []string{"Open https://microsoft.com/devicelogin and enter the code CODE00020",
		"Sign in at https://microsoft.com/devicelogin with the code CODE00020 before you approve this plan: the apply sends this same code",
		"restore session S1", "(2026-12-07T10:15:00Z)", "-auto-approve"} {
		if !strings.Contains(text, want) {
			t.Errorf("the warning lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "shown before") || strings.Contains(text, "could not be kept") {
		t.Errorf("a new, kept code says more:\n%s", text)
	}
	code.VerificationURL = ""
	text = deviceCodeInstructions(code, "S1", true, errors.New("read-only file system"), "")
	for _, want := range []string{"Open the verification page and enter the code CODE00020", "obtained at 2026-12-07T10:00:00Z and shown before",
		"could not be kept for the apply (read-only file system)", "XDG_CACHE_HOME"} {
		if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
			t.Errorf("the warning lacks %q:\n%s", want, text)
		}
	}
}
