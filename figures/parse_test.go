package figures

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

func TestParseFormats(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
		err  string
	}{
		{"svg,pdf", []string{"svg", "pdf"}, ""},
		{"png, SVG ,png", []string{"svg", "png"}, ""},
		{"pdf,svg", []string{"svg", "pdf"}, ""},
		{"eps", nil, `unknown figure format "eps"`},
		{" , ", nil, "no figure format"},
	} {
		t.Run(c.in, func(t *testing.T) {
			got, err := ParseFormats(c.in)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err %v, want %q", err, c.err)
				}
				return
			}
			if err != nil || !slices.Equal(got, c.want) {
				t.Fatalf("%v %v, want %v", got, err, c.want)
			}
		})
	}
}

func TestParseWidthAndStyle(t *testing.T) {
	for _, c := range []struct {
		in   string
		want vg.Length
		ok   bool
	}{
		{"single", 3.5 * vg.Inch, true}, {"double", 7.2 * vg.Inch, true}, {"5", 5 * vg.Inch, true},
		{"4.5in", 4.5 * vg.Inch, true}, {"0.5", 0, false}, {"NaN", 0, false}, {"wide", 0, false}, {"30", 0, false},
	} {
		t.Run(c.in, func(t *testing.T) {
			got, err := ParseWidth(c.in)
			if (err == nil) != c.ok || got != c.want {
				t.Errorf("ParseWidth(%q) = %v, %v", c.in, got, err)
			}
		})
	}
	// 89 mm and 183 mm, the journals' column widths
	if mm := SingleColumn.Points() / 72 * 25.4; mm < 88.5 || mm > 89.5 {
		t.Errorf("single column %.1f mm", mm)
	}
	if mm := DoubleColumn.Points() / 72 * 25.4; mm < 182.5 || mm > 183.5 {
		t.Errorf("double column %.1f mm", mm)
	}
	for in, want := range map[string]bool{"gray": true, "grey": true, "color": false, "": false} {
		if got, err := ParseStyle(in); err != nil || got != want {
			t.Errorf("ParseStyle(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseStyle("sepia"); err == nil {
		t.Error("sepia accepted")
	}
}

func FuzzParseFormats(f *testing.F) {
	for _, s := range []string{"svg,pdf", "png", ",,", "SVG , pdf,pdf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseFormats(s)
		if err != nil {
			return
		}
		if len(got) == 0 {
			t.Fatal("no format and no error")
		}
		again, err := ParseFormats(strings.Join(got, ","))
		if err != nil || !slices.Equal(again, got) {
			t.Fatalf("%q -> %v -> %v, %v", s, got, again, err)
		}
	})
}

func FuzzParseWidth(f *testing.F) {
	for _, s := range []string{"single", "double", "3.5", "1e1", "-4", "Inf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWidth(s)
		if err == nil && (w < vg.Inch || w > 20*vg.Inch) {
			t.Fatalf("%q -> %v", s, w)
		}
	})
}

func TestSlugAndUnique(t *testing.T) {
	for in, want := range map[string]string{
		"T-Mobile 2021": "t-mobile-2021", "tmobile-2021": "tmobile-2021", "--a__b--": "a-b",
		"": "x", "Öl & Gas": "l-gas", "../../etc": "etc",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
	taken := map[string]bool{}
	got := []string{unique("a", taken), unique("a", taken), unique("a", taken), unique("a-2", taken)}
	if !slices.Equal(got, []string{"a", "a-2", "a-3", "a-2-2"}) {
		t.Errorf("unique: %v", got)
	}
}

func TestClean(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"café", 10, "café"}, {"τ day", 10, "? day"}, {"a\tb\x00c", 10, "a bc"}, {"abcdef", 3, "abc..."},
	} {
		if got := clean(c.in, c.n); got != c.want {
			t.Errorf("clean(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// Labels stack only where they would overlap.
func TestLevels(t *testing.T) {
	got := levels([]vg.Length{0, 5, 10, 100, 104}, []vg.Length{20, 20, 20, 3, 3}, 2, 6)
	if want := []int{0, 1, 2, 0, 1}; !slices.Equal(got, want) {
		t.Errorf("levels %v, want %v", got, want)
	}
	if got := levels([]vg.Length{0, 1, 2}, []vg.Length{9, 9, 9}, 0, 2); !slices.Equal(got, []int{0, 1, 0}) {
		t.Errorf("capped levels %v", got)
	}
}

// A second Write replaces the figures directory: no stale file of the
// first survives, and no temporary directory is left.
func TestWriteReplaces(t *testing.T) {
	dir := t.TempDir()
	set := demo(t)
	if err := os.MkdirAll(filepath.Join(dir, Dir), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, Dir, "stale.svg"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := Write(dir, set, Options{Formats: []string{"svg"}, Width: SingleColumn, Gray: true})
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, Dir))
	if len(entries) != len(sum.Files) || slices.ContainsFunc(entries, func(e os.DirEntry) bool { return e.Name() == "stale.svg" }) {
		t.Errorf("%d files, summary %d", len(entries), len(sum.Files))
	}
	top, _ := os.ReadDir(dir)
	if len(top) != 1 {
		t.Errorf("left in %s: %v", dir, top)
	}
	for _, n := range []string{"timeline-stages.svg", "group-breach-caar.svg", "group-breach-car-ranked.svg",
		"group-breach-car-hist.svg", "heatmap-breach-p.svg", "incident-tmobile-2021-price.svg", "event-tmobile-2021-claim-car.svg"} {
		if !slices.Contains(sum.Files, n) {
			t.Errorf("no %s", n)
		}
	}
	if _, err := Write(filepath.Join(dir, "missing"), set, Options{}); err == nil {
		t.Error("no error for a missing directory")
	}
}
