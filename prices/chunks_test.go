package prices

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// withChunks runs f with files cut into chunks of about every bytes bytes
// of data rows (every=0: one chunk).
func withChunks(every int, f func()) {
	saved := chunkCount
	defer func() { chunkCount = saved }()
	chunkCount = func(n int64) int {
		if every == 0 {
			return 1
		}
		return int(max(1, n/int64(every)))
	}
	f()
}

// panelText is everything Load returns, values as bits (NaN-safe), for
// comparing two loads.
func panelText(p *Panel, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%s|%q|%q\n", p.Layout, p.Detail, p.Notes, p.Files)
	for _, k := range p.Symbols() {
		s := p.Series[k]
		fmt.Fprintf(&b, "%s %s %v %s %s %v:", k, s.Symbol, s.IsReturn, s.Column, s.File, s.NonPositive)
		for i := range s.Dates {
			fmt.Fprintf(&b, " %s=%x", s.Dates[i], math.Float64bits(s.Values[i]))
		}
		if s.Volume != nil {
			fmt.Fprintf(&b, " volume(%d):", len(s.Volume))
			for _, v := range s.Volume {
				fmt.Fprintf(&b, " %x", math.Float64bits(v))
			}
		}
		b.WriteByte('\n')
	}
	if p.VolumeNotes != nil {
		fmt.Fprintf(&b, "volume notes %q\n", p.VolumeNotes)
	}
	return b.String()
}

// withScanRead runs f with lineScanner reading n bytes at a time.
func withScanRead(n int, f func()) {
	saved := scanRead
	defer func() { scanRead = saved }()
	scanRead = n
	f()
}

// loadCut loads path in one chunk, in one chunk read a few bytes at a time,
// and cut at (nearly) every line, each with and without LoadOptions.SHA256,
// and fails unless they agree and every hash is the file's; it returns the
// one-chunk result.
func loadCut(t testing.TB, path string, opt LoadOptions) (*Panel, error) {
	t.Helper()
	var p *Panel
	var err error
	withChunks(0, func() { p, err = Load(path, opt) })
	want := panelText(p, err)
	fi, err2 := os.Stat(path)
	if err2 != nil {
		t.Fatal(err2)
	}
	check := func(how string) {
		t.Helper()
		for _, sha := range []bool{false, true} {
			o := opt
			o.SHA256 = sha
			got, err := Load(path, o)
			if text := panelText(got, err); text != want {
				t.Fatalf("%s %s (SHA256 %v):\n%s\none pass:\n%s", path, how, sha, text, want)
			}
			checkSHA256(t, got, sha)
		}
	}
	for _, n := range []int{5, 64} {
		n = max(n, int(fi.Size()/64)) // a megabyte line: not a million reads
		withChunks(0, func() {
			withScanRead(n, func() { check(fmt.Sprintf("read %d bytes at a time", n)) })
		})
	}
	for _, every := range []int{1, 2, 3, 17} {
		if fi.Size()/int64(every) > 4000 {
			every = int(fi.Size()/4000) + 1 // keep fuzzing fast: at most 4000 chunks
		}
		withChunks(every, func() { check(fmt.Sprintf("cut every %d bytes", every)) })
	}
	return p, err
}

// checkSHA256 fails unless a panel loaded with LoadOptions.SHA256 (sha)
// has the SHA-256 of each of its files, computed here from the whole
// file, and one loaded without has none.
func checkSHA256(t testing.TB, p *Panel, sha bool) {
	t.Helper()
	if p == nil {
		return
	}
	if !sha {
		if p.SHA256 != nil {
			t.Fatalf("SHA256 %v without LoadOptions.SHA256", p.SHA256)
		}
		return
	}
	if len(p.SHA256) != len(p.Files) {
		t.Fatalf("SHA256 of %d files, %d read: %v", len(p.SHA256), len(p.Files), p.SHA256)
	}
	for _, f := range p.Files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("%x", sha256.Sum256(data)); p.SHA256[f] != want {
			t.Fatalf("%s: SHA256 %q, want %s", f, p.SHA256[f], want)
		}
	}
}

// TestChunkedLoad: a file cut into chunks gives the one-pass result,
// including problems whose lines lie in later chunks, symbols spanning
// chunk boundaries, sorting and duplicates found across chunks. The
// expected messages are counted by hand from the contents.
func TestChunkedLoad(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, content string
		opt           LoadOptions
		want          []string // error lines, exactly; nil = loads
		rows          map[string]int
		note          string
	}{
		{name: "spanning symbol", content: "symbol,date,close\nA,2021-01-04,1\nA,2021-01-05,2\nA,2021-01-06,3\nB,2021-01-04,4\nB,2021-01-05,5\n",
			rows: map[string]int{"A": 3, "B": 2}},
		{name: "unsorted across chunks", content: "symbol,date,close\nA,2021-01-06,3\nB,2021-01-04,4\nA,2021-01-04,1\n\nA,2021-01-05,2\n",
			rows: map[string]int{"A": 3, "B": 1}, note: "A: dates were not in ascending order; sorted"},
		{name: "triple duplicate", content: "symbol,date,close\nA,2021-01-04,1\nB,2021-01-04,1\nA,2021-01-04,2\n\nA,2021-01-04,3\nB,2021-01-05,1\nB,2021-01-05,1\n",
			want: []string{"F:4: duplicate date 2021-01-04 for A (also on line 2); keep one row per symbol and date",
				"F:6: duplicate date 2021-01-04 for A (also on line 4); keep one row per symbol and date",
				"F:8: duplicate date 2021-01-05 for B (also on line 7); keep one row per symbol and date"}},
		{name: "wide duplicate", content: "date,X,Y\n2021-01-05,1,2\n2021-01-04,1,2\n2021-01-05,3,4\n",
			want: []string{"F:4: duplicate date 2021-01-05 for X (also on line 2); keep one row per symbol and date",
				"F:4: duplicate date 2021-01-05 for Y (also on line 2); keep one row per symbol and date"}},
		{name: "problems in order", content: "\n\nDate,Close\r\n2021-01-04,1\r\n2021-01-05,x\r\n\r\n2021-01-06,\"2\r\n2021-01-07,3,4\r\n",
			want: []string{`F:5:12: bad number "x" in column "Close"; write a decimal number such as 139.56, or leave the cell empty for a missing value`,
				`F:7:12: unbalanced or misplaced double quote; quote whole fields, e.g. "A,B"`,
				"F:8: 3 fields, the header has 2; check the delimiter (comma, detected from the header) and quoting"}},
		{name: "filtered", content: "ticker,date,price\nA,2021-01-04,1\nZ,2021-01-04,1\nZ,2021-01-05,1\nA,2021-01-05,2\n",
			opt: LoadOptions{Symbols: map[string]bool{"A": true}}, rows: map[string]int{"A": 2}, note: "2 rows of symbols not in the study skipped"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeTemp(t, dir, "F", tc.content)
			p, err := loadCut(t, path, tc.opt)
			if tc.want != nil {
				if err == nil {
					t.Fatalf("no error")
				}
				if got := strings.ReplaceAll(err.Error(), path, "F"); got != strings.Join(tc.want, "\n") {
					t.Fatalf("error\n%s\nwant\n%s", got, strings.Join(tc.want, "\n"))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for sym, n := range tc.rows {
				if s := p.Series[sym]; s == nil || len(s.Dates) != n {
					t.Errorf("%s: %v, want %d rows", sym, s, n)
				}
			}
			if len(p.Series) != len(tc.rows) {
				t.Errorf("symbols %v", p.Symbols())
			}
			if !strings.Contains(strings.Join(p.Notes, "\n"), tc.note) {
				t.Errorf("notes %q lack %q", p.Notes, tc.note)
			}
		})
	}
}

// TestChunkedLoadFiles: the real and fixture files load the same in one
// chunk and cut at every line.
func TestChunkedLoadFiles(t *testing.T) {
	for _, f := range []string{"TMUS.csv", "GSPC.csv", "long.csv", "long_ret.tsv", "wide_eu.csv"} {
		if _, err := loadCut(t, filepath.Join("testdata", f), LoadOptions{}); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestLongLineLimit: a line of readBufSize bytes or more, counting a CR
// but not the LF, is reported (the limit of the former 1 MiB buffered
// reader, whose buffer had to hold the line and its LF); one byte less is
// an ordinary (here: malformed) row.
func TestLongLineLimit(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		n    int
		eol  string
		want string
	}{
		{readBufSize - 1, "\n", "F:3: 1 fields, the header has 2"},
		{readBufSize - 2, "\r\n", "F:3: 1 fields, the header has 2"},
		{readBufSize - 1, "\r\n", "F:3: line longer than 1048576 bytes; check that this is a text CSV file"},
		{readBufSize, "\n", "F:3: line longer than 1048576 bytes; check that this is a text CSV file"},
		{readBufSize + 5, "", "F:3: line longer than 1048576 bytes"},
	} {
		content := "Date,Close\n2021-01-04,1\n" + strings.Repeat("x", tc.n) + tc.eol
		if tc.eol != "" {
			content += "2021-01-05,2\n"
		}
		path := writeTemp(t, dir, "F", content)
		_, err := loadCut(t, path, LoadOptions{})
		if err == nil || !strings.Contains(strings.ReplaceAll(err.Error(), path, "F"), tc.want) {
			t.Errorf("line of %d bytes: %v, want %q", tc.n, err, tc.want)
		}
	}
}

func TestSplitChunks(t *testing.T) {
	data := []byte("head\na\nbb\n\nccc\nd")
	end := int64(len(data))
	src := bytes.NewReader(data)
	for n := 1; n <= 20; n++ {
		got := splitChunks(src, 5, end, n)
		lo := int64(5)
		for _, c := range got {
			if c[0] != lo || c[1] <= c[0] || (c[1] < end && data[c[1]-1] != '\n') {
				t.Fatalf("n=%d: chunks %v", n, got)
			}
			lo = c[1]
		}
		if lo != end || len(got) > n {
			t.Fatalf("n=%d: chunks %v do not cover the data", n, got)
		}
	}
	if got := splitChunks(src, end, end, 4); len(got) != 1 || got[0] != [2]int64{end, end} {
		t.Errorf("no data rows: %v", got)
	}
}

// TestLineScanner: lines come out the same whatever the block and read
// sizes, with lines straddling blocks and reads, CRLF, a final line
// without LF, and over-long lines skipped and counted.
func TestLineScanner(t *testing.T) {
	for _, n := range []int{scanRead, 4093, 1 << 20, scanBlock} {
		withScanRead(n, func() { testLineScanner(t) })
	}
	// short lines, read a byte or a few at a time
	data := "a\r\n\nbb\nccc\r\n\r\nd"
	for _, n := range []int{1, 2, 3, 5} {
		withScanRead(n, func() {
			s := newLineScanner(strings.NewReader(data), 0, int64(len(data)), nil)
			var got []string
			for {
				l, ok := s.next()
				if !ok {
					break
				}
				got = append(got, fmt.Sprintf("%d:%s", s.line, l))
			}
			if want := "[1:a 2: 3:bb 4:ccc 5: 6:d]"; fmt.Sprint(got) != want {
				t.Errorf("read %d bytes at a time: lines %q, want %s", n, got, want)
			}
		})
	}
}

func testLineScanner(t *testing.T) {
	long := strings.Repeat("y", readBufSize)
	data := "a\r\n\nbb\n" + long + "\nccc\r\n" + long + "z\r\nd"
	want := []string{"1:a", "2:", "3:bb", "5:ccc", "7:d"}
	for _, start := range []int64{0, 3} {
		for _, block := range []int{scanBlock, readBufSize + 1, readBufSize + 7} {
			s := newLineScanner(strings.NewReader(data), start, int64(len(data)), make([]byte, block))
			var got []string
			for {
				l, ok := s.next()
				if !ok {
					break
				}
				got = append(got, fmt.Sprintf("%d:%s", s.line, l))
			}
			w := want
			if start == 3 { // from "\nbb": lines shift by one, "a" is gone
				w = []string{"1:", "2:bb", "4:ccc", "6:d"}
			}
			if fmt.Sprint(got) != fmt.Sprint(w) || fmt.Sprint(s.long) != fmt.Sprint(map[bool][]int{true: {3, 5}, false: {4, 6}}[start == 3]) {
				t.Errorf("reads %d start %d block %d: lines %q long %v", scanRead, start, block, got, s.long)
			}
		}
	}
}

// TestParseDecimal: the fast path returns ParseFloat's value bit for bit
// where it applies, and declines the rest.
func TestParseDecimal(t *testing.T) {
	cases := []struct {
		in string
		ok bool
	}{
		{"139.562302", true}, {"-0.028", true}, {"0", true}, {"-0", true}, {"-0.0", true}, {"5.", true}, {".5", true},
		{"0.1", true}, {"9007199254740991", true}, {"9007199254740992", false}, {"0.0000000000000000000001", true},
		{"0.00000000000000000000001", false}, {"1e3", false}, {"+2", false}, {"", false}, {".", false}, {"-", false},
		{"1.2.3", false}, {"1,5", false}, {"NaN", false}, {"inf", false}, {"1_000", false}, {"0x10", false}, {"--1", false},
	}
	for _, c := range cases {
		v, ok := parseDecimal([]byte(c.in))
		if ok != c.ok {
			t.Errorf("parseDecimal(%q) ok=%v, want %v", c.in, ok, c.ok)
			continue
		}
		if ok {
			want, err := strconv.ParseFloat(c.in, 64)
			if err != nil || math.Float64bits(v) != math.Float64bits(want) {
				t.Errorf("parseDecimal(%q) = %v, ParseFloat %v %v", c.in, v, want, err)
			}
		}
	}
	// Random prices and returns with up to 16 digits: hard cases for
	// rounding are those near halfway between doubles, which a division of
	// exact operands still rounds correctly.
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		s := strconv.FormatUint(rng.Uint64N(1<<53), 10)
		if k := rng.IntN(len(s) + 1); k < len(s) {
			s = s[:k] + "." + s[k:]
		}
		if rng.IntN(2) == 0 {
			s = "-" + s
		}
		v, ok := parseDecimal([]byte(s))
		want, _ := strconv.ParseFloat(s, 64)
		if !ok || math.Float64bits(v) != math.Float64bits(want) {
			t.Fatalf("parseDecimal(%q) = %v %v, ParseFloat %v", s, v, ok, want)
		}
	}
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"139.562302", "-0", ".5", "5.", "9007199254740993", "1e5", "0.1234567890123456789012"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := parseDecimal([]byte(s))
		if !ok {
			return
		}
		want, err := strconv.ParseFloat(s, 64)
		if err != nil || math.Float64bits(v) != math.Float64bits(want) {
			t.Fatalf("parseDecimal(%q) = %v, ParseFloat %v %v", s, v, want, err)
		}
	})
}

// FuzzLoadChunks: any file loads the same, result and messages, in one
// chunk and cut into chunks at every line.
func FuzzLoadChunks(f *testing.F) {
	seeds := []string{
		"A,2021-01-04,1\nB,2021-01-04,2\nA,2021-01-04,3\nA,2021-01-05,x\n",
		"2021-01-05,1,2\n2021-01-04,3,4\n\n2021-01-05,5,6\r\n",
		"A,2021-01-04,1\n,2021-01-05,2\nA,\"2021-01-06\",3\nA,2021-01-06,3,4\n",
	}
	for _, s := range seeds {
		for h := range fuzzHeaders {
			f.Add([]byte(s), uint8(h))
		}
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, h uint8) {
		path := filepath.Join(dir, "F.csv")
		content := append([]byte(fuzzHeaders[int(h)%len(fuzzHeaders)]), data...)
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		loadCut(t, path, LoadOptions{})
	})
}
