package prices

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadProgress: LoadOptions.Progress reports done rising strictly to
// total = the bytes to read (a file; a directory's selected files), one
// call at a time, and the panel is the one loaded without it. The long
// file is 12 copies of the real TMUS and GSPC series (about 5 MB, several
// read blocks), read in one chunk and in many; with Keep and a symbol
// whose dates are out of order the file is read twice, and the second
// read is not counted again.
func TestLoadProgress(t *testing.T) {
	one := longFromYahoo(t, nil)
	b, err := os.ReadFile(one)
	if err != nil {
		t.Fatal(err)
	}
	header, rows, _ := strings.Cut(string(b), "\n")
	var big strings.Builder
	big.WriteString(header + "\n")
	for k := range 12 {
		r := strings.NewReplacer("TMUS,", "TMUS"+string(rune('A'+k))+",", "GSPC,", "GSPC"+string(rune('A'+k))+",")
		big.WriteString(r.Replace(rows))
	}
	dir := t.TempDir()
	long := writeTemp(t, dir, "long.csv", big.String())
	// out of order: the last two data lines swapped
	lines := strings.SplitAfter(strings.TrimSuffix(big.String(), "\n"), "\n")
	n := len(lines)
	lines[n-2], lines[n-1] = lines[n-1]+"\n", strings.TrimSuffix(lines[n-2], "\n")
	unsorted := writeTemp(t, dir, "unsorted.csv", strings.Join(lines, ""))
	yahoo := filepath.Join(dir, "yahoo")
	if err := os.Mkdir(yahoo, 0o755); err != nil {
		t.Fatal(err)
	}
	var dirTotal int64
	for _, f := range []string{"TMUS.csv", "GSPC.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		writeTemp(t, yahoo, f, string(b))
		if f == "GSPC.csv" {
			dirTotal = int64(len(b))
		}
	}
	writeTemp(t, yahoo, "README.md", "not prices")
	size := func(p string) int64 {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	keep := map[string][]DayRange{"GSPCL": {{day(t, "2021-01-04"), day(t, "2021-12-31")}}}

	for _, c := range []struct {
		name  string
		path  string
		opt   LoadOptions
		every int // chunk size in bytes, 0: one chunk
		total int64
	}{
		{"long, one chunk", long, LoadOptions{}, 0, size(long)},
		{"long, many chunks", long, LoadOptions{}, 300 << 10, size(long)},
		{"read twice", unsorted, LoadOptions{Keep: keep}, 300 << 10, size(unsorted)},
		{"directory, one symbol", yahoo, LoadOptions{Symbols: map[string]bool{"GSPC": true}}, 0, dirTotal},
	} {
		t.Run(c.name, func(t *testing.T) {
			var want, got string
			var calls []int64
			busy := false
			withChunks(c.every, func() {
				want = panelText(Load(c.path, c.opt))
				opt := c.opt
				opt.Progress = func(done, total int64) {
					if busy {
						t.Error("Progress called concurrently")
					}
					busy = true
					defer func() { busy = false }()
					if total != c.total {
						t.Errorf("total %d, want %d", total, c.total)
					}
					calls = append(calls, done)
				}
				got = panelText(Load(c.path, opt))
			})
			if got != want {
				t.Fatalf("panel with Progress differs:\n%.300s\nwithout:\n%.300s", got, want)
			}
			if c.opt.Keep != nil {
				// the second read keeps every row: proof that there was one
				p, err := Load(c.path, c.opt)
				if err != nil {
					t.Fatal(err)
				}
				if s := p.Series["GSPCL"]; s == nil || s.Dates[0] >= keep["GSPCL"][0].First {
					t.Fatal("the file was not read a second time")
				}
			}
			if len(calls) < 2 && c.total > scanBlock {
				t.Fatalf("%d reports for %d bytes", len(calls), c.total)
			}
			for i, d := range calls {
				if d <= 0 || i > 0 && d <= calls[i-1] {
					t.Fatalf("report %d: done %d after %v", i, d, calls[:i])
				}
			}
			if len(calls) == 0 || calls[len(calls)-1] != c.total {
				t.Fatalf("last report %v, want %d", calls, c.total)
			}
		})
	}
}
