package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestFetchFactorsOfflineEmptyCache: --offline with a cache that lacks
// the file fails in one line that says what to do (docs/errors.md).
func TestFetchFactorsOfflineEmptyCache(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runCLI(t, "fetch", "factors", "--sets", "ff3", "--offline", "--cache", filepath.Join(dir, "cache"), "-o", filepath.Join(dir, "factors"))
	if code != exitBadInput || !strings.Contains(stderr, "not in the cache") || !strings.Contains(stderr, "without --offline") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Fatalf("exit %d stderr %q", code, stderr)
	}
}
