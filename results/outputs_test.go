package results

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestParseOutputs(t *testing.T) {
	cases := []struct {
		name, in, want, err string
	}{
		{"all", "all", "<nil>", ""},
		{"empty", "", "<nil>", ""},
		{"list", "tests, AR,car.csv,ar", "ar,car,tests", ""},
		{"comparison", "groupdiff", "groupdiff", ""},
		{"unknown", "ar,report", "", `unknown table "report"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseOutputs(strings.Split(c.in, ","))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			s := strings.Join(got, ",")
			if got == nil {
				s = "<nil>"
			}
			if err != nil || s != c.want {
				t.Errorf("got %q %v, want %q", s, err, c.want)
			}
		})
	}
}

// TestOutputsAndGzip: --outputs writes only the tables named (and the
// manifest); --gzip writes the big tables as .csv.gz whose content is
// the plain file's bytes; Read reads a gzip directory back to the same
// set.
func TestOutputsAndGzip(t *testing.T) {
	plain := filepath.Join(t.TempDir(), "plain")
	if err := Write(plain, fixtureSet(), []string{"csv"}, nil); err != nil {
		t.Fatal(err)
	}
	t.Run("outputs", func(t *testing.T) {
		set := fixtureSet()
		set.Outputs = []string{"ar", "tests"}
		dir := filepath.Join(t.TempDir(), "out")
		if err := Write(dir, set, []string{"csv"}, nil); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(listDir(t, dir), ","); got != "ar.csv,manifest.json,tests.csv" {
			t.Errorf("files %s", got)
		}
		for _, f := range []string{"ar.csv", "tests.csv", "manifest.json"} {
			a, _ := os.ReadFile(filepath.Join(plain, f))
			b, _ := os.ReadFile(filepath.Join(dir, f))
			if !bytes.Equal(a, b) || len(a) == 0 {
				t.Errorf("%s differs from the full write", f)
			}
		}
	})
	t.Run("gzip", func(t *testing.T) {
		set := fixtureSet()
		set.Gzip = true
		dir := filepath.Join(t.TempDir(), "out")
		if err := Write(dir, set, []string{"csv"}, nil); err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{}
		for _, f := range listDir(t, plain) {
			if gzipped[f] {
				f += ".gz"
			}
			want[f] = true
		}
		got := listDir(t, dir)
		if len(got) != len(want) {
			t.Errorf("files %v, want %v", got, want)
		}
		for _, f := range got {
			if !want[f] {
				t.Errorf("unexpected %s", f)
			}
			b, _ := os.ReadFile(filepath.Join(dir, f))
			if strings.HasSuffix(f, ".gz") {
				zr, err := gzip.NewReader(bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				if b, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
				f = strings.TrimSuffix(f, ".gz")
			}
			a, _ := os.ReadFile(filepath.Join(plain, f))
			if !bytes.Equal(a, b) {
				t.Errorf("%s: content differs from the plain write", f)
			}
		}
		back, err := Read(dir)
		if err != nil {
			t.Fatal(err)
		}
		set.Gzip = false
		assertSetEqual(t, back, set)
	})
}

// TestBoundAnchoring: a log up to the bound is written whole; a longer
// one keeps its first lines and counts the rest.
func TestBoundAnchoring(t *testing.T) {
	for _, n := range []int{0, 1, MaxAnchoringLines, MaxAnchoringLines + 1, 2500} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			var lines []string
			for i := range n {
				lines = append(lines, "E"+strconv.Itoa(i))
			}
			got := boundAnchoring(lines)
			if n <= MaxAnchoringLines {
				if len(got) != n {
					t.Fatalf("%d lines, want %d", len(got), n)
				}
				return
			}
			if len(got) != MaxAnchoringLines+1 || got[MaxAnchoringLines-1] != lines[MaxAnchoringLines-1] {
				t.Fatalf("%d lines, last kept %q", len(got), got[MaxAnchoringLines-1])
			}
			if want := "... and " + strconv.Itoa(n-MaxAnchoringLines) + " more events"; !strings.HasPrefix(got[MaxAnchoringLines], want) {
				t.Errorf("summary %q, want prefix %q", got[MaxAnchoringLines], want)
			}
		})
	}
}
