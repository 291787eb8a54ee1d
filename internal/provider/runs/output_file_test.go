package runs

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// writeChunks is a download that writes data in small pieces and reports the count.
func writeChunks(data []byte) func(io.Writer) (int64, error) {
	return func(w io.Writer) (int64, error) {
		var n int64
		for len(data) > 0 {
			k := min(7, len(data))
			m, err := w.Write(data[:k])
			n += int64(m)
			if err != nil {
				return n, err
			}
			data = data[k:]
		}
		return n, nil
	}
}

// dirNames lists the names in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestRestoreOutputFile_writesAndHashes(t *testing.T) {
	dir := t.TempDir()
	data := bytes.Repeat([]byte("pst-bytes "), 1000)
	out, err := WriteOutputFile(filepath.Join(dir, "a.pst"), false, writeChunks(data))
	if err != nil {
		t.Fatal(err)
	}
	if out.Path != filepath.Join(dir, "a.pst") || out.Size != int64(len(data)) || out.SHA256 != digest(data) {
		t.Fatalf("got %+v", out)
	}
	got, _ := os.ReadFile(out.Path)
	if !bytes.Equal(got, data) {
		t.Fatal("file content differs")
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Fatalf("temporary files left: %v", names)
	}
	if info, _ := os.Stat(out.Path); info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600 (exported mail is private)", info.Mode().Perm())
	}
	size, sum, err := fileDigest(out.Path)
	if err != nil || size != out.Size || sum != out.SHA256 {
		t.Fatalf("fileDigest = %d, %s, %v", size, sum, err)
	}
}

func TestRestoreOutputFile_relativePathBecomesAbsolute(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	out, err := WriteOutputFile("rel.msg", false, writeChunks([]byte("msg")))
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(out.Path) || filepath.Base(out.Path) != "rel.msg" {
		t.Fatalf("path %q", out.Path)
	}
}

func TestRestoreOutputFile_existingFileKeptWithoutOverwrite(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "a.pst")
	if err := os.WriteFile(target, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	called := false
	_, err := WriteOutputFile(target, false, func(io.Writer) (int64, error) { called = true; return 0, nil })
	if !errors.Is(err, ErrOutputExists) || !strings.Contains(err.Error(), "overwrite = true") {
		t.Fatalf("err = %v", err)
	}
	if called {
		t.Fatal("the download ran although the target exists")
	}
	if got, _ := os.ReadFile(target); string(got) != "keep" {
		t.Fatal("the existing file changed")
	}
}

func TestRestoreOutputFile_overwriteReplaces(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "a.pst")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := WriteOutputFile(target, true, writeChunks([]byte("new content")))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(target); string(got) != "new content" || out.SHA256 != digest([]byte("new content")) {
		t.Fatalf("content %q, out %+v", got, out)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Fatalf("temporary files left: %v", names)
	}
}

func TestRestoreOutputFile_failedDownloadLeavesNothing(t *testing.T) {
	for name, download := range map[string]func(io.Writer) (int64, error){
		"error mid-way": func(w io.Writer) (int64, error) {
			n, _ := w.Write([]byte("partial"))
			return int64(n), errors.New("connection reset")
		},
		"short count": func(w io.Writer) (int64, error) {
			n, _ := w.Write([]byte("partial"))
			return int64(n) + 10, nil
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := WriteOutputFile(filepath.Join(dir, "a.pst"), false, download); err == nil {
				t.Fatal("no error")
			}
			if names := dirNames(t, dir); len(names) != 0 {
				t.Fatalf("left behind: %v", names)
			}
		})
	}
}

// A file that appears at the target during the download is not clobbered without overwrite.
func TestRestoreOutputFile_targetAppearedDuringDownload(t *testing.T) {
	for _, overwrite := range []bool{false, true} {
		dir := t.TempDir()
		target := filepath.Join(dir, "a.pst")
		_, err := WriteOutputFile(target, overwrite, func(w io.Writer) (int64, error) {
			if err := os.WriteFile(target, []byte("someone else's"), 0o644); err != nil {
				return 0, err
			}
			n, err := w.Write([]byte("ours"))
			return int64(n), err
		})
		got, _ := os.ReadFile(target)
		switch {
		case !overwrite && (!errors.Is(err, ErrOutputExists) || string(got) != "someone else's"):
			t.Errorf("without overwrite: err %v, content %q", err, got)
		case overwrite && (err != nil || string(got) != "ours"):
			t.Errorf("with overwrite: err %v, content %q", err, got)
		}
		if names := dirNames(t, dir); len(names) != 1 {
			t.Errorf("overwrite=%t: temporary files left: %v", overwrite, names)
		}
	}
}

func TestRestoreOutputFile_badTargets(t *testing.T) {
	dir := t.TempDir()
	if _, err := WriteOutputFile(filepath.Join(dir, "missing", "a.pst"), true, writeChunks(nil)); err == nil {
		t.Error("a missing directory was accepted")
	}
	if _, err := WriteOutputFile(dir, true, writeChunks(nil)); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("a directory as target: %v", err)
	}
}

// checkOutputFile rehashes only when size or modification time changed since the last hash.
func TestCheckOutputFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.msg")
	data := []byte("exported message")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	size, sum := int64(len(data)), digest(data)

	reason, stamp, err := CheckOutputFile(path, size, sum, nil)
	if err != nil || reason != "" || stamp == nil || stamp.Size != size {
		t.Fatalf("intact file without a stamp: %q, %+v, %v", reason, stamp, err)
	}
	info, _ := os.Stat(path)

	// Same size and time as the stamp: taken as unchanged without reading the file. (Content
	// swapped with the time restored is the one change this trades for speed.)
	swapped := []byte("EXPORTED MESSAGE")
	if err := os.WriteFile(path, swapped, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	if reason, kept, err := CheckOutputFile(path, size, sum, stamp); err != nil || reason != "" || kept != stamp {
		t.Fatalf("unchanged stamp: %q, %+v, %v; want no drift and the same stamp", reason, kept, err)
	}

	// A new modification time makes it rehash, which finds the changed content.
	later := info.ModTime().Add(time.Minute)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
	if reason, _, err := CheckOutputFile(path, size, sum, stamp); err != nil || !strings.Contains(reason, "SHA-256 is "+digest(swapped)) {
		t.Fatalf("edited file: %q, %v", reason, err)
	}

	// Same content, only touched: no drift, and the new time is remembered.
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	reason, touched, err := CheckOutputFile(path, size, sum, stamp)
	if err != nil || reason != "" || touched == nil || *touched == *stamp {
		t.Fatalf("touched file: %q, %+v, %v; want no drift and a new stamp", reason, touched, err)
	}

	if reason, _, _ := CheckOutputFile(path, size+1, sum, touched); !strings.Contains(reason, "size is 16 bytes, not the recorded 17") {
		t.Fatalf("size change: %q", reason)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if reason, stamp, err := CheckOutputFile(path, size, sum, touched); err != nil || reason != "the file no longer exists" || stamp != nil {
		t.Fatalf("missing file: %q, %+v, %v", reason, stamp, err)
	}
}

// Failures before the download are marked: nothing was requested from the server.
func TestRestoreOutputFile_failuresBeforeDownloadAreMarked(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "a.pst")
	if err := os.WriteFile(existing, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	var notStarted *DownloadNotStartedError
	for _, target := range []string{existing, filepath.Join(dir, "missing", "a.pst")} {
		_, err := WriteOutputFile(target, false, writeChunks([]byte("data")))
		if !errors.As(err, &notStarted) {
			t.Errorf("%s: %v is not marked as before the download", target, err)
		}
	}
	_, err := WriteOutputFile(filepath.Join(dir, "b.pst"), false, func(io.Writer) (int64, error) {
		return 0, errors.New("connection reset")
	})
	if err == nil || errors.As(err, &notStarted) {
		t.Errorf("a failed download is marked as not started: %v", err)
	}
}

// TestOutputFileLongNameUsesShortTemporaryName: a target name of 250 bytes (the file system
// allows 255) is written; a temporary name derived from it would be too long.
func TestOutputFileLongNameUsesShortTemporaryName(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, strings.Repeat("n", 246)+".pst")
	var tmpNames []string
	out, err := WriteOutputFile(target, false, func(w io.Writer) (int64, error) {
		tmpNames = dirNames(t, dir) // the temporary file exists while downloading
		return writeChunks([]byte("PST data"))(w)
	})
	if err != nil {
		t.Fatalf("writeOutputFile with a %d-byte name: %v", len(filepath.Base(target)), err)
	}
	if out.Size != 8 || len(tmpNames) != 1 || !isPartialName(tmpNames[0]) || len(tmpNames[0]) > 40 {
		t.Errorf("out %+v, temporary names %q", out, tmpNames)
	}
	if names := dirNames(t, dir); len(names) != 1 || names[0] != filepath.Base(target) {
		t.Errorf("directory after the download: %q", names)
	}
}

// TestStalePartialsAreCleanedOnlyWhenTheyAreTheProvidersAndOld: a temporary file a killed
// process left behind is removed by the next download into the same directory; nothing the
// provider did not name, nothing recent and nothing but a regular file is touched.
func TestStalePartialsAreCleanedOnlyWhenTheyAreTheProvidersAndOld(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-stalePartialAge - time.Hour)
	create := func(name string, mtime time.Time) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	create(".vb365-123456.partial", old)                                              // stale, ours: removed
	create(".vb365-654321.partial", time.Now())                                       // in use (fresh): kept
	create(".vb365-12a.partial", old)                                                 // not our pattern: kept
	create("report.vb365-1.partial", old)                                             // not our pattern: kept
	create(".vb365-1.partial.bak", old)                                               // not our pattern: kept
	create(".report.pst.123.partial", old)                                            // another program's: kept
	create("user-file.pst", old)                                                      // kept
	if err := os.Mkdir(filepath.Join(dir, ".vb365-777.partial"), 0o700); err != nil { // a directory: kept
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "user-file.pst"), filepath.Join(dir, ".vb365-888.partial")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(filepath.Join(dir, ".vb365-888.partial"), old, old); err != nil { // follows: the link's target ages
		t.Fatal(err)
	}
	if _, err := WriteOutputFile(filepath.Join(dir, "new.msg"), false, writeChunks([]byte("MSG"))); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(dirNames(t, dir), ",")
	want := ".report.pst.123.partial,.vb365-1.partial.bak,.vb365-12a.partial,.vb365-654321.partial,.vb365-777.partial,.vb365-888.partial,new.msg,report.vb365-1.partial,user-file.pst"
	if got != want {
		t.Errorf("directory after the download:\n got %s\nwant %s", got, want)
	}
}

// TestRestoreOutputFile_failedOverwriteKeepsOldFile: with overwrite = true, a download that
// fails (an error mid-way, or fewer bytes than announced) leaves the existing file as it was and
// no temporary .partial file behind: the old file is replaced only by a complete download.
func TestRestoreOutputFile_failedOverwriteKeepsOldFile(t *testing.T) {
	for name, download := range map[string]func(io.Writer) (int64, error){
		"error mid-way": func(w io.Writer) (int64, error) {
			n, _ := w.Write([]byte("partial"))
			return int64(n), errors.New("connection reset")
		},
		"short count": func(w io.Writer) (int64, error) {
			n, _ := w.Write([]byte("partial"))
			return int64(n) + 10, nil
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			target := filepath.Join(dir, "a.pst")
			if err := os.WriteFile(target, []byte("old export"), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := WriteOutputFile(target, true, download); err == nil {
				t.Fatal("no error")
			}
			if got, err := os.ReadFile(target); err != nil || string(got) != "old export" {
				t.Fatalf("the old file is %q (%v), want it intact", got, err)
			}
			if names := dirNames(t, dir); len(names) != 1 || names[0] != "a.pst" {
				t.Fatalf("files left: %v, want only a.pst", names)
			}
		})
	}
}
