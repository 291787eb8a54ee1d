package restores

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// The device-code cache carries the code vb365_restore_device_code obtained across the provider
// processes of one person's run: Terraform and OpenTofu open an ephemeral resource in the plan
// and again in the apply, each time in a new provider process, and the person signs in with the
// code the plan shows. The apply must send that code, not obtain another that nobody signed
// in with. Each entry is one small file, named by a digest of where the code is valid (server,
// account, restore session, target application, region and organization), holding the code
// until it expires. The cache only spares a request and a sign-in: an entry that cannot be
// read, written or parsed is ignored (logged at debug level) and a new code is obtained.

// deviceCodeAssumedLifetime is how long a code is kept when the server states no expiresIn:
// Microsoft's device codes last 15 minutes.
const deviceCodeAssumedLifetime = 15 * time.Minute

// deviceCodeReuseMargin: a code with less left than this is not reused (nobody could sign in
// and send the restore in time); a new one is obtained.
const deviceCodeReuseMargin = time.Minute

// deviceCodeCache is the directory of the entries; "" when the user's cache directory is unknown
// (then nothing is kept).
type deviceCodeCache struct{ dir string }

// userDeviceCodeCache is under the user's cache directory (os.UserCacheDir: $XDG_CACHE_HOME or
// ~/.cache on Linux, ~/Library/Caches on macOS, %LocalAppData% on Windows).
func userDeviceCodeCache() deviceCodeCache {
	base, err := os.UserCacheDir()
	if err != nil {
		return deviceCodeCache{}
	}
	return deviceCodeCache{dir: filepath.Join(base, "terraform-provider-vb365", "device-codes")}
}

// cachedDeviceCode is one entry: the server's answer and when reuse ends.
type cachedDeviceCode struct {
	UserCode        string    `json:"user_code"`
	VerificationURL string    `json:"verification_url,omitempty"`
	Message         string    `json:"message,omitempty"`
	ExpiresIn       int64     `json:"expires_in_seconds,omitempty"` // as the server stated it; 0: not stated
	ObtainedAt      time.Time `json:"obtained_at"`
	ExpiresAt       time.Time `json:"expires_at"`
}

// usable reports whether the entry may still be reused at now.
func (e cachedDeviceCode) usable(now time.Time) bool {
	return e.UserCode != "" && now.Before(e.ExpiresAt.Add(-deviceCodeReuseMargin))
}

// deviceCodeKey names the entry of a code: the same server, account, restore session and
// target share a code; anything else does not.
func deviceCodeKey(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		_, _ = h.Write([]byte(strings.ToLower(p)))
		_, _ = h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (c deviceCodeCache) path(key string) string { return filepath.Join(c.dir, key+".json") }

// read returns the entry of key, whether usable or not; an error when it is absent, unreadable
// or corrupt.
func (c deviceCodeCache) read(key string) (cachedDeviceCode, error) {
	var e cachedDeviceCode
	data, err := os.ReadFile(c.path(key))
	if err != nil {
		return e, err
	}
	if err := json.Unmarshal(data, &e); err != nil {
		return e, err
	}
	return e, nil
}

// load returns the usable entry of key. An expired or corrupt entry is removed.
func (c deviceCodeCache) load(ctx context.Context, key string, now time.Time) (cachedDeviceCode, bool) {
	if c.dir == "" {
		return cachedDeviceCode{}, false
	}
	e, err := c.read(key)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return e, false
	case err != nil:
		tflog.Debug(ctx, "device code cache: entry ignored", map[string]any{"path": c.path(key), "error": err.Error()})
		if !errors.Is(err, fs.ErrPermission) {
			_ = os.Remove(c.path(key))
		}
		return cachedDeviceCode{}, false
	case !e.usable(now):
		if !now.Before(e.ExpiresAt) {
			_ = os.Remove(c.path(key))
		}
		return cachedDeviceCode{}, false
	}
	return e, true
}

// store keeps e under key and returns the entry that is kept: e, or the usable entry another
// provider process stored first (then its code is the one to show and send). The file is
// written whole (a temporary file, mode 0600, linked or renamed into place).
func (c deviceCodeCache) store(ctx context.Context, key string, e cachedDeviceCode, now time.Time) (cachedDeviceCode, error) {
	if c.dir == "" {
		return e, errors.New("the user's cache directory is unknown")
	}
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return e, err
	}
	if info, err := os.Stat(c.dir); err == nil && info.Mode().Perm()&0o077 != 0 {
		_ = os.Chmod(c.dir, 0o700)
	}
	data, err := json.Marshal(e)
	if err != nil {
		return e, err
	}
	tmp, err := os.CreateTemp(c.dir, ".tmp-*") // mode 0600
	if err != nil {
		return e, err
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return e, err
	}
	// First writer wins: a link fails when the entry exists, so concurrent openings agree on
	// one code.
	if err := os.Link(tmp.Name(), c.path(key)); err == nil {
		return e, nil
	} else if !errors.Is(err, fs.ErrExist) {
		tflog.Debug(ctx, "device code cache: link failed, renaming", map[string]any{"error": err.Error()})
	} else if kept, rerr := c.read(key); rerr == nil && kept.usable(now) {
		return kept, nil
	}
	return e, os.Rename(tmp.Name(), c.path(key))
}

// sweep removes expired entries and temporary files left by a killed process.
func (c deviceCodeCache) sweep(ctx context.Context, now time.Time) {
	if c.dir == "" {
		return
	}
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			tflog.Debug(ctx, "device code cache: not swept", map[string]any{"error": err.Error()})
		}
		return
	}
	for _, d := range entries {
		name := d.Name()
		switch {
		case strings.HasPrefix(name, ".tmp-"):
			if info, err := d.Info(); err == nil && now.Sub(info.ModTime()) > time.Hour {
				_ = os.Remove(filepath.Join(c.dir, name))
			}
		case strings.HasSuffix(name, ".json"):
			if e, err := c.read(strings.TrimSuffix(name, ".json")); err == nil && !now.Before(e.ExpiresAt) {
				_ = os.Remove(filepath.Join(c.dir, name))
			}
		}
	}
}

// forget removes every entry holding code (the server refused a restore that carried it, so
// the next plan obtains a new code to sign in with) and reports whether there was one.
func (c deviceCodeCache) forget(ctx context.Context, code string) (removed bool) {
	if c.dir == "" || code == "" {
		return false
	}
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return false
	}
	for _, d := range entries {
		key, ok := strings.CutSuffix(d.Name(), ".json")
		if !ok {
			continue
		}
		if e, err := c.read(key); err == nil && e.UserCode == code {
			tflog.Debug(ctx, "device code cache: entry removed after the server refused its code", map[string]any{"path": c.path(key)})
			removed = os.Remove(c.path(key)) == nil || removed
		}
	}
	return removed
}
