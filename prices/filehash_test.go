package prices

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/dates"
)

func sumOf(b []byte) string { return fmt.Sprintf("%x", sha256.Sum256(b)) }

// TestFileHashOrder: the hash is the file's only when every byte came in
// order; a gap, an overlap or a short feed leaves it without a sum, and
// feeds after the last byte (a second pass) change nothing.
func TestFileHashOrder(t *testing.T) {
	data := []byte("symbol,date,close\nA,2021-01-04,1\n")
	n := int64(len(data))
	for _, tc := range []struct {
		name  string
		feeds [][2]int64 // [from, to) of data, in feeding order
		want  string
	}{
		{"whole", [][2]int64{{0, n}}, sumOf(data)},
		{"in order", [][2]int64{{0, 5}, {5, 5}, {5, 20}, {20, n}}, sumOf(data)},
		{"second pass ignored", [][2]int64{{0, 18}, {18, n}, {0, 18}, {5, 9}}, sumOf(data)},
		{"gap", [][2]int64{{0, 5}, {6, n}}, ""},
		{"overlap", [][2]int64{{0, 6}, {5, n}}, ""},
		{"out of order", [][2]int64{{18, n}, {0, 18}}, ""},
		{"short", [][2]int64{{0, 18}}, ""},
	} {
		h := newFileHash(n)
		for _, f := range tc.feeds {
			h.feed(f[0], data[f[0]:f[1]])
		}
		if got := h.sum(); got != tc.want {
			t.Errorf("%s: sum %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := newFileHash(0).sum(); got != sumOf(nil) {
		t.Errorf("empty file: %q", got)
	}
	h := newFileHash(n)
	h.feedFrom(strings.NewReader(string(data)), 0, 7)
	h.skip() // a chunk read but not kept
	h.feed(7, data[7:])
	if got := h.sum(); got != "" {
		t.Errorf("after skip: %q", got)
	}
	h = newFileHash(n)
	h.feed(0, data)
	h.skip() // complete before: kept
	if got := h.sum(); got != sumOf(data) {
		t.Errorf("skip after the last byte: %q", got)
	}
}

// failingAt is a file whose reads fail from byte at on.
type failingAt struct {
	r  io.ReaderAt
	at int64
}

func (f failingAt) ReadAt(b []byte, off int64) (int, error) {
	if off >= f.at {
		return 0, errors.New("disk error")
	}
	if int64(len(b)) > f.at-off {
		n, _ := f.r.ReadAt(b[:f.at-off], off)
		return n, errors.New("disk error")
	}
	return f.r.ReadAt(b, off)
}

// TestParseChunksHash: the chunks feed the hash the header and then
// their bytes in file order, whatever the cut and the read size; a read
// that fails in any chunk leaves no sum (the loader reports the error).
func TestParseChunksHash(t *testing.T) {
	var b strings.Builder
	b.WriteString("symbol,date,close\n")
	for i := range 300 {
		fmt.Fprintf(&b, "S%d,2021-01-%02d,%d.5\n", i/20, 1+i%20, i)
	}
	data := b.String()
	start := int64(len("symbol,date,close\n"))
	parse := func(src io.ReaderAt, h *fileHash) {
		newParser := func() *rowParser {
			return &rowParser{sp: splitter{delim: ','}, L: layout{kind: "long", symCol: 0, dateCol: 1, valCol: 2, volCol: -1}, dateFmt: dates.DateISO, nf: 3,
				names: []string{"symbol", "date", "close"}, filter: newSymbolFilter(nil)}
		}
		parseChunks(src, start, int64(len(data)), newParser, (*rowParser).long, h)
	}
	for _, every := range []int{0, 1, 7, 100, 1000} {
		for _, read := range []int{3, 64, 1 << 20} {
			withChunks(every, func() {
				withScanRead(read, func() {
					h := newFileHash(int64(len(data)))
					parse(strings.NewReader(data), h)
					if got := h.sum(); got != sumOf([]byte(data)) {
						t.Errorf("cut every %d, read %d: sum %q", every, read, got)
					}
					for _, at := range []int64{start + 1, int64(len(data)) / 2, int64(len(data)) - 1} {
						h := newFileHash(int64(len(data)))
						parse(failingAt{strings.NewReader(data), at}, h)
						if got := h.sum(); got != "" {
							t.Errorf("cut every %d, read %d, failing at %d: sum %q", every, read, at, got)
						}
					}
				})
			})
		}
	}
}

// TestLoadSHA256Passes: a file read twice (a kept symbol's dates out of
// order: the second pass reads every row) is hashed once, right.
func TestLoadSHA256Passes(t *testing.T) {
	dir := t.TempDir()
	path := writeTemp(t, dir, "p.csv", "symbol,date,close\nA,2021-01-05,2\nA,2021-01-04,1\nB,2021-01-04,3\nA,2021-01-06,4\n")
	keep := map[string][]DayRange{"A": {{day(t, "2021-01-04"), day(t, "2021-01-05")}}}
	opt := LoadOptions{Keep: keep, KeepCalendar: []dates.Day{day(t, "2021-01-04"), day(t, "2021-01-05"), day(t, "2021-01-06")}}
	p, err := loadCut(t, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Series["A"].Dates) != 3 {
		t.Fatalf("A: %v, want the second pass's 3 rows", p.Series["A"].Dates)
	}
}

// TestLoadSHA256Parquet: a Parquet panel's files, of which the loader
// decodes a few columns, are hashed beside the load; a per-ticker
// directory's are left to the caller.
func TestLoadSHA256Parquet(t *testing.T) {
	rows := demoSlice(t, "2019-01-01", "TMUS", "GSPC")
	dir := t.TempDir()
	var parts [2][]rowNoSymbol
	for _, r := range rows {
		k := 0
		if r.Sym == "GSPC" {
			k = 1
		}
		parts[k] = append(parts[k], rowNoSymbol{int32(day(t, r.Date)), r.Price, r.Volume})
	}
	writeParquet(t, filepath.Join(dir, "hive", "symbol=TMUS", "part-0.parquet"), parts[0], 300)
	writeParquet(t, filepath.Join(dir, "hive", "symbol=GSPC", "part-0.parquet"), parts[1], 300)
	file := filepath.Join(dir, "panel.parquet")
	var flat []rowDate
	for _, r := range rows {
		flat = append(flat, asDate(t, r))
	}
	writeParquet(t, file, flat, 250)
	for _, path := range []string{file, filepath.Join(dir, "hive")} {
		for _, sha := range []bool{false, true} {
			p, err := Load(path, LoadOptions{SHA256: sha})
			if err != nil {
				t.Fatal(err)
			}
			checkSHA256(t, p, sha)
		}
	}
	type bar struct {
		Date  int32   `parquet:"Date,date"`
		Close float64 `parquet:"Adj Close"`
	}
	tickers := filepath.Join(dir, "tickers")
	for _, s := range []string{"TMUS", "GSPC"} {
		writeParquet(t, filepath.Join(tickers, s+".parquet"), []bar{{int32(day(t, "2021-08-13")), 1}, {int32(day(t, "2021-08-16")), 2}}, 10)
	}
	p, err := Load(tickers, LoadOptions{SHA256: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Files) != 2 || p.SHA256 != nil {
		t.Errorf("per-ticker directory: files %v, SHA256 %v (the caller hashes them)", p.Files, p.SHA256)
	}
}

// TestLoadSHA256LongChunk: a chunk too long to hold (a file without line
// ends) is parsed as before and leaves the file without a sum, which the
// caller then computes by reading the file.
func TestLoadSHA256LongChunk(t *testing.T) {
	path := writeTemp(t, t.TempDir(), "p.csv", "symbol,date,close\nA,2021-01-04,1\nA,2021-01-05,2\nB,2021-01-04,3\n")
	saved := maxWholeChunk
	defer func() { maxWholeChunk = saved }()
	maxWholeChunk = 20
	want := panelText(Load(path, LoadOptions{}))
	for _, every := range []int{0, 30} {
		withChunks(every, func() {
			p, err := Load(path, LoadOptions{SHA256: true})
			if got := panelText(p, err); got != want {
				t.Fatalf("cut every %d:\n%s\nwant\n%s", every, got, want)
			}
			if p.SHA256 != nil {
				t.Errorf("cut every %d: SHA256 %v from chunks longer than %d bytes", every, p.SHA256, maxWholeChunk)
			}
		})
	}
	withChunks(1, func() {
		p, err := Load(path, LoadOptions{SHA256: true})
		if err != nil {
			t.Fatal(err)
		}
		checkSHA256(t, p, true) // every chunk a line: held
	})
}
