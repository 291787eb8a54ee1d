package provider

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// outputFile describes a file written by an export: its absolute path, size and SHA-256.
type outputFile struct {
	Path   string
	Size   int64
	SHA256 string
}

// errOutputExists reports that the target file exists and overwrite is false.
var errOutputExists = errors.New("file already exists")

// checkOutputTarget fails early, before anything is requested from the server, when the
// target already exists and may not be overwritten, or when its directory is unusable.
func checkOutputTarget(path string, overwrite bool) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("resolving %q: %w", path, err)
	}
	dirInfo, err := os.Stat(filepath.Dir(abs))
	if err != nil {
		return "", fmt.Errorf("directory of %q: %w", abs, err)
	}
	if !dirInfo.IsDir() {
		return "", fmt.Errorf("%q is not a directory", filepath.Dir(abs))
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
		return "", fmt.Errorf("%q: %w; set overwrite = true to replace it", abs, errOutputExists)
	}
	return abs, nil
}

// writeOutputFile streams what download writes into a temporary file beside path, hashing
// it on the way, fsyncs it and only then moves it to path. A failed download, a short
// write or a target that appeared meanwhile (without overwrite) leaves no file behind.
func writeOutputFile(path string, overwrite bool, download func(io.Writer) (int64, error)) (outputFile, error) {
	abs, err := checkOutputTarget(path, overwrite)
	if err != nil {
		return outputFile{}, err
	}
	dir, base := filepath.Split(abs)
	tmp, err := os.CreateTemp(dir, "."+base+".*.partial")
	if err != nil {
		return outputFile{}, fmt.Errorf("creating a temporary file beside %q: %w", abs, err)
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
		return outputFile{}, fmt.Errorf("downloading to %q: %w", abs, err)
	}
	if reported != counter.n {
		return outputFile{}, fmt.Errorf("downloading to %q: %d bytes reported but %d written", abs, reported, counter.n)
	}
	if err := tmp.Sync(); err != nil {
		return outputFile{}, fmt.Errorf("flushing %q: %w", tmpName, err)
	}
	if err := tmp.Close(); err != nil {
		return outputFile{}, fmt.Errorf("closing %q: %w", tmpName, err)
	}
	if err := moveIntoPlace(tmpName, abs, overwrite); err != nil {
		return outputFile{}, err
	}
	committed = true
	syncDir(dir)
	return outputFile{Path: abs, Size: counter.n, SHA256: hex.EncodeToString(hash.Sum(nil))}, nil
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
		return fmt.Errorf("%q appeared during the download: %w; set overwrite = true to replace it", target, errOutputExists)
	}
	if _, statErr := os.Lstat(target); statErr == nil {
		return fmt.Errorf("%q appeared during the download: %w; set overwrite = true to replace it", target, errOutputExists)
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
