package study

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/grouptest"
	"github.com/breachlab/eventstudy/results"
)

// hashFiles records inputs with their SHA-256 for the manifest.
func hashFiles(s *Study, role string, paths []string, detail string) []results.InputFile {
	out := make([]results.InputFile, 0, len(paths))
	for _, p := range paths {
		out = append(out, inputFile(s, role, p, detail, hashResult(sha256File(p))))
	}
	return out
}

// hashed is a file's SHA-256, or why there is none.
type hashed struct {
	sum string
	err error
}

func hashResult(sum string, err error) hashed { return hashed{sum, err} }

// inputFile is the manifest's record of one input. A file that was read
// but cannot be hashed does not stop the study (its numbers are computed;
// only the check of a later rerun is lost): the record says why, and
// inputWarnings makes it a warning.
func inputFile(s *Study, role, path, detail string, h hashed) results.InputFile {
	f := results.InputFile{Role: role, Path: display(s, path), SHA256: h.sum, Detail: detail}
	if h.err != nil {
		f.HashError = h.err.Error()
	}
	return f
}

// pendingHash is the SHA-256 of one file being computed in the background.
type pendingHash struct {
	path string
	sum  chan hashed
}

// startHash starts hashing path when it is a regular file (a price
// directory's files are only known once it is read); nil otherwise.
func startHash(path string) *pendingHash {
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	h := &pendingHash{path: path, sum: make(chan hashed, 1)}
	go func() { h.sum <- hashResult(sha256File(path)) }()
	return h
}

// files is hashFiles, taking the background hash for its path.
func (h *pendingHash) files(s *Study, role string, paths []string, detail string) []results.InputFile {
	var sum hashed
	if h != nil {
		sum = <-h.sum
	}
	out := make([]results.InputFile, 0, len(paths))
	for _, p := range paths {
		if h != nil && filepath.Clean(p) == filepath.Clean(h.path) {
			out = append(out, inputFile(s, role, p, detail, sum))
		} else {
			out = append(out, inputFile(s, role, p, detail, hashResult(sha256File(p))))
		}
	}
	return out
}

// sha256File is the hex SHA-256 of the file's bytes.
func sha256File(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	// 1 MiB reads (io.Copy would use the file's 32 KiB WriteTo: 8,000
	// syscalls for a 273 MB panel).
	if _, err := io.CopyBuffer(h, struct{ io.Reader }{f}, make([]byte, 1<<20)); err != nil {
		return "", fmt.Errorf("hashing %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// defaultTests is the test set of --tests all for model m (savickas only
// for garch and egarch).
func defaultTests(m analysis.Model) []string { return grouptest.DefaultFor(m) }

// runTests runs the group battery over every window (rows by window, then
// test id); grouptest.RunWindows spreads the work over the cores.
func runTests(ids []string, primary []*analysis.EventEstimate, windows []analysis.Window, cfg analysis.Config) []results.TestRow {
	if ids == nil {
		ids = grouptest.DefaultFor(cfg.Model)
	}
	return grouptest.RunWindows(ids, primary, windows, cfg)
}
