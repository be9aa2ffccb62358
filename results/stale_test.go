package results

import (
	"os"
	"path/filepath"
	"testing"
)

// A run killed during Write leaves ".<dir>.tmp-*" (and, in the two-rename
// fallback, ".<dir>.old-*"); the next Write into the same parent removes
// them, except an aside dir while dir itself is missing, which may hold the
// only complete results.
func TestWriteRemovesStaleTempDirs(t *testing.T) {
	for _, tc := range []struct {
		name      string
		dirExists bool
		keepOld   bool
	}{
		{"dir exists", true, false},
		{"dir missing", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "out")
			if tc.dirExists {
				if err := Write(dir, fixtureSet(), []string{"csv"}, nil); err != nil {
					t.Fatal(err)
				}
			}
			tmp := filepath.Join(parent, ".out.tmp-123")
			old := filepath.Join(parent, ".out.old-456")
			other := filepath.Join(parent, ".other.tmp-789") // another output's: not ours to remove
			for _, d := range []string{tmp, old, other} {
				if err := os.MkdirAll(d, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(d, "events.csv"), []byte("half"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := Write(dir, fixtureSet(), []string{"csv"}, nil); err != nil {
				t.Fatal(err)
			}
			exists := func(p string) bool { _, err := os.Stat(p); return err == nil }
			if exists(tmp) {
				t.Error("stale temp dir not removed")
			}
			if exists(old) != tc.keepOld {
				t.Errorf("aside dir exists %v, want %v", exists(old), tc.keepOld)
			}
			if !exists(other) {
				t.Error("temp dir of another output removed")
			}
			if !exists(filepath.Join(dir, ManifestFile)) {
				t.Error("no results written")
			}
		})
	}
}
