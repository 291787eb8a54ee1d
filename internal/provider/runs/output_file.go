package runs

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// OutputFile describes a file written by an export: its absolute path, size, SHA-256 and
// modification time (which lets a refresh skip rehashing an untouched file).
type OutputFile struct {
	Path    string
	Size    int64
	SHA256  string
	ModTime time.Time
}

var (
	// errOutputExists reports that the target file exists and overwrite is false.
	ErrOutputExists = errors.New("file already exists")
	// errOutputDirectory reports that the directory of the target cannot hold it.
	ErrOutputDirectory = errors.New("unusable output directory")
	// errNotADirectory reports that the target's directory is a file.
	ErrNotADirectory = errors.New("not a directory")
)

// DownloadNotStartedError marks a failure of writeOutputFile before it asked the server for
// anything (an existing target, an unusable directory, no temporary file): nothing ran.
type DownloadNotStartedError struct{ err error }

func (e *DownloadNotStartedError) Error() string { return e.err.Error() }
func (e *DownloadNotStartedError) Unwrap() error { return e.err }

// AbsOutputPath is the absolute form of an output path, as planned and recorded.
func AbsOutputPath(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("resolving %q: %w", path, err)
	}
	return abs, nil
}

// CheckOutputTarget is the one check of an output target, at plan time and again just before
// the download: its directory must exist, and an existing file needs overwrite. It returns
// the absolute path.
func CheckOutputTarget(path string, overwrite bool) (string, error) {
	abs, err := AbsOutputPath(path)
	if err != nil {
		return "", err
	}
	dir := filepath.Dir(abs)
	dirInfo, err := os.Stat(dir)
	switch {
	case err != nil:
		return "", fmt.Errorf("%w %q: %w", ErrOutputDirectory, dir, err)
	case !dirInfo.IsDir():
		return "", fmt.Errorf("%w %q: %w", ErrOutputDirectory, dir, ErrNotADirectory)
	}
	info, err := os.Lstat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return abs, nil
	case err != nil:
		return "", fmt.Errorf("checking %q: %w", abs, err)
	case info.IsDir():
		return "", fmt.Errorf("%q is a directory", abs)
	case !overwrite:
		return "", fmt.Errorf("%q: %w; set overwrite = true to replace it", abs, ErrOutputExists)
	}
	return abs, nil
}

// WriteOutputFile streams what download writes into a temporary file beside path, hashing
// it on the way, fsyncs it and only then moves it to path. A failed download, a short
// write or a target that appeared meanwhile (without overwrite) leaves no file behind.
// Failures before download was called are *downloadNotStartedError.
func WriteOutputFile(path string, overwrite bool, download func(io.Writer) (int64, error)) (OutputFile, error) {
	abs, err := CheckOutputTarget(path, overwrite)
	if err != nil {
		return OutputFile{}, &DownloadNotStartedError{err}
	}
	dir := filepath.Dir(abs)
	removeStalePartials(dir, time.Now())
	// A short name of its own, not derived from the target's: a target name near the file
	// system's 255-byte limit must not make the temporary name too long.
	tmp, err := os.CreateTemp(dir, partialPrefix+"*"+partialSuffix)
	if err != nil {
		return OutputFile{}, &DownloadNotStartedError{fmt.Errorf("creating a temporary file beside %q: %w", abs, err)}
	}
	tmpName := tmp.Name()
	committed := false
	defer func() {
		if !committed {
			_ = tmp.Close()
			_ = os.Remove(tmpName)
		}
	}()

	hash := sha256.New()
	counter := &countingWriter{}
	reported, err := download(io.MultiWriter(tmp, hash, counter))
	if err != nil {
		return OutputFile{}, fmt.Errorf("downloading to %q: %w", abs, err)
	}
	if reported != counter.n {
		return OutputFile{}, fmt.Errorf("downloading to %q: %d bytes reported but %d written", abs, reported, counter.n)
	}
	if err := tmp.Sync(); err != nil {
		return OutputFile{}, fmt.Errorf("flushing %q: %w", tmpName, err)
	}
	if err := tmp.Close(); err != nil {
		return OutputFile{}, fmt.Errorf("closing %q: %w", tmpName, err)
	}
	if err := moveIntoPlace(tmpName, abs, overwrite); err != nil {
		return OutputFile{}, err
	}
	committed = true
	syncDir(dir)
	out := OutputFile{Path: abs, Size: counter.n, SHA256: hex.EncodeToString(hash.Sum(nil))}
	if info, err := os.Stat(abs); err == nil {
		out.ModTime = info.ModTime()
	}
	return out, nil
}

// Temporary download files are named partialPrefix + random digits + partialSuffix
// (os.CreateTemp's pattern), e.g. ".vb365-1234567890.partial".
const (
	partialPrefix = ".vb365-"
	partialSuffix = ".partial"
	// stalePartialAge is how old a temporary download file must be before it is taken as left
	// behind by a killed process: a download in progress writes to it continuously, so its
	// modification time stays fresh, and no action waits a day for a server.
	stalePartialAge = 24 * time.Hour
)

// isPartialName reports whether name is exactly of the provider's temporary naming pattern.
func isPartialName(name string) bool {
	digits, ok := strings.CutPrefix(name, partialPrefix)
	if !ok {
		return false
	}
	digits, ok = strings.CutSuffix(digits, partialSuffix)
	if !ok || digits == "" {
		return false
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// removeStalePartials deletes temporary download files that a killed process left in dir:
// regular files (not links, not directories) named exactly like the provider's temporary
// files and not modified for stalePartialAge. Nothing else is ever removed; failures are
// ignored, the download goes on.
func removeStalePartials(dir string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !isPartialName(e.Name()) || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() || now.Sub(info.ModTime()) < stalePartialAge {
			continue
		}
		_ = os.Remove(filepath.Join(dir, e.Name()))
	}
}

// moveIntoPlace renames tmp to target. Without overwrite it links instead, which fails
// atomically when target appeared since the first check; where hard links are not
// supported it falls back to a last check followed by a rename.
func moveIntoPlace(tmp, target string, overwrite bool) error {
	if overwrite {
		if err := os.Rename(tmp, target); err != nil {
			return fmt.Errorf("moving the download to %q: %w", target, err)
		}
		return nil
	}
	err := os.Link(tmp, target)
	switch {
	case err == nil:
		_ = os.Remove(tmp)
		return nil
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%q appeared during the download: %w; set overwrite = true to replace it", target, ErrOutputExists)
	}
	if _, statErr := os.Lstat(target); statErr == nil {
		return fmt.Errorf("%q appeared during the download: %w; set overwrite = true to replace it", target, ErrOutputExists)
	}
	if err := os.Rename(tmp, target); err != nil {
		return fmt.Errorf("moving the download to %q: %w", target, err)
	}
	return nil
}

// syncDir makes the rename durable where the platform allows it; failure is harmless.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}

// fileDigest returns the size and SHA-256 of the file at path.
func fileDigest(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	hash := sha256.New()
	n, err := io.Copy(hash, f)
	if err != nil {
		return 0, "", err
	}
	return n, hex.EncodeToString(hash.Sum(nil)), nil
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

// OutputFileStamp is what a refresh compares before rehashing an output file: a file whose
// size and modification time equal those of its last hash is taken as unchanged, so a plan
// does not read every exported file in full. Editing a file changes its modification time,
// so a change that keeps the size is still noticed.
type OutputFileStamp struct {
	Size            int64 `json:"size"`
	ModTimeUnixNano int64 `json:"mtime_unix_nano"`
}

func StampOf(size int64, modTime time.Time) OutputFileStamp {
	return OutputFileStamp{Size: size, ModTimeUnixNano: modTime.UnixNano()}
}

// CheckOutputFile compares the file at path with its record (size and SHA-256). last is the
// stamp of the last hash, nil when unknown. It returns why the file no longer matches (empty
// when it does) and the stamp to keep for the next check.
func CheckOutputFile(path string, size int64, sha256Hex string, last *OutputFileStamp) (string, *OutputFileStamp, error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "the file no longer exists", nil, nil
	case err != nil:
		return "", last, err
	case info.IsDir():
		return "it is now a directory", nil, nil
	case info.Size() != size:
		return fmt.Sprintf("the file's size is %d bytes, not the recorded %d", info.Size(), size), nil, nil
	}
	// Taken before hashing: a write during the hash changes the time and forces a rehash next time.
	stamp := StampOf(info.Size(), info.ModTime())
	if last != nil && *last == stamp {
		return "", last, nil
	}
	_, sum, err := fileDigest(path)
	if err != nil {
		return "", last, err
	}
	if sum != sha256Hex {
		return "the file's SHA-256 is " + sum + ", not the recorded " + sha256Hex, nil, nil
	}
	return "", &stamp, nil
}
