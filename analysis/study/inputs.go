package study

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/grouptest"
	"github.com/breachlab/eventstudy/analysis/results"
)

// hashFiles records inputs with their SHA-256 for the manifest.
func hashFiles(s *Study, role string, paths []string, detail string) []results.InputFile {
	out := make([]results.InputFile, 0, len(paths))
	for _, p := range paths {
		out = append(out, results.InputFile{Role: role, Path: display(s, p), SHA256: sha256File(p), Detail: detail})
	}
	return out
}

// pendingHash is the SHA-256 of one file being computed in the background.
type pendingHash struct {
	path string
	sum  chan string
}

// startHash starts hashing path when it is a regular file (a price
// directory's files are only known once it is read); nil otherwise.
func startHash(path string) *pendingHash {
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	h := &pendingHash{path: path, sum: make(chan string, 1)}
	go func() { h.sum <- sha256File(path) }()
	return h
}

// files is hashFiles, taking the background hash for its path.
func (h *pendingHash) files(s *Study, role string, paths []string, detail string) []results.InputFile {
	var sum string
	if h != nil {
		sum = <-h.sum
	}
	out := make([]results.InputFile, 0, len(paths))
	for _, p := range paths {
		f := results.InputFile{Role: role, Path: display(s, p), Detail: detail}
		if h != nil && filepath.Clean(p) == filepath.Clean(h.path) {
			f.SHA256 = sum
		} else {
			f.SHA256 = sha256File(p)
		}
		out = append(out, f)
	}
	return out
}

func sha256File(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	// 1 MiB reads (io.Copy would use the file's 32 KiB WriteTo: 8,000
	// syscalls for a 273 MB panel).
	if _, err := io.CopyBuffer(h, struct{ io.Reader }{f}, make([]byte, 1<<20)); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

func defaultTests() []string { return grouptest.Default() }

// runTests runs the group battery over every window (rows by window, then
// test id); grouptest.RunWindows spreads the work over the cores.
func runTests(ids []string, primary []*analysis.EventEstimate, windows []analysis.Window, cfg analysis.Config) []results.TestRow {
	if ids == nil {
		ids = grouptest.Default()
	}
	return grouptest.RunWindows(ids, primary, windows, cfg)
}
