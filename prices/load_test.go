package prices

import (
	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/inputerr"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// day parses an ISO date for tests.
func day(t testing.TB, s string) dates.Day {
	t.Helper()
	d, err := dates.ParseDate([]byte(s), dates.DateISO)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// valueOn returns s's value on date s (ok=false if the date is absent).
func valueOn(t testing.TB, s *Series, date string) float64 {
	t.Helper()
	d := day(t, date)
	for i, x := range s.Dates {
		if x == d {
			return s.Values[i]
		}
	}
	t.Fatalf("%s: no row for %s", s.Symbol, date)
	return 0
}

func near(a, b, rel float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= rel*math.Max(math.Abs(b), 1e-300)
}

// writeTemp writes content to dir/name and returns the path.
func writeTemp(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Prices read by hand from the Yahoo files (testdata/TMUS.csv line 3609,
// GSPC.csv) and the fixtures derived from them.
const (
	tmus0813 = 143.737381
	tmus0816 = 139.562302
	gspc0816 = 4479.7099609375
)

func TestLoadRealFiles(t *testing.T) {
	tests := []struct {
		name, path string
		opt        LoadOptions
		layout     string
		sym, date  string
		want       float64
		column     string
		isReturn   bool
		rows       int
	}{
		{"yahoo file", "testdata/TMUS.csv", LoadOptions{}, "yahoo-file", "TMUS", "2021-08-16", tmus0816, "Adj Close", false, 4252},
		{"yahoo file Close", "testdata/TMUS.csv", LoadOptions{PriceColumn: "close"}, "yahoo-file", "TMUS", "2021-08-16", 140.729996, "Close", false, 4252},
		{"yahoo file GSPC", "testdata/GSPC.csv", LoadOptions{}, "yahoo-file", "GSPC", "2021-08-16", gspc0816, "Adj Close", false, 8741},
		{"long", "testdata/long.csv", LoadOptions{}, "long", "TMUS", "2021-08-16", tmus0816, "adj_close", false, 9},
		{"long GSPC", "testdata/long.csv", LoadOptions{}, "long", "GSPC", "2021-08-16", gspc0816, "adj_close", false, 9},
		{"wide eu", "testdata/wide_eu.csv", LoadOptions{}, "wide", "TMUS", "2021-08-16", tmus0816, "TMUS", false, 9},
		{"wide eu GSPC", "testdata/wide_eu.csv", LoadOptions{}, "wide", "GSPC", "2021-08-16", gspc0816, "GSPC", false, 9},
		{"long returns", "testdata/long_ret.tsv", LoadOptions{}, "long", "79702", "2021-08-16", -0.029047, "RET", true, 8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Load(tc.path, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if p.Layout != tc.layout {
				t.Errorf("layout %q, want %q (%s)", p.Layout, tc.layout, p.Detail)
			}
			s := p.Series[tc.sym]
			if s == nil {
				t.Fatalf("no series %q in %v", tc.sym, p.Symbols())
			}
			if got := valueOn(t, s, tc.date); !near(got, tc.want, 1e-12) {
				t.Errorf("%s %s = %v, want %v", tc.sym, tc.date, got, tc.want)
			}
			if s.Column != tc.column || s.IsReturn != tc.isReturn || len(s.Dates) != tc.rows {
				t.Errorf("column %q return %v rows %d; want %q %v %d", s.Column, s.IsReturn, len(s.Dates), tc.column, tc.isReturn, tc.rows)
			}
			if len(p.Files) != 1 || p.Files[0] != tc.path {
				t.Errorf("Files = %v", p.Files)
			}
		})
	}
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"TMUS.csv", "GSPC.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		writeTemp(t, dir, f, string(b))
	}
	writeTemp(t, dir, "README.md", "not prices")
	p, err := Load(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Layout != "yahoo-dir" || len(p.Series) != 2 || len(p.Files) != 2 {
		t.Fatalf("layout %q series %v files %v", p.Layout, p.Symbols(), p.Files)
	}
	if got := valueOn(t, p.Series["TMUS"], "2021-08-16"); got != tmus0816 {
		t.Errorf("TMUS = %v", got)
	}
	if !strings.Contains(strings.Join(p.Notes, "\n"), "README.md") {
		t.Errorf("skipped file not noted: %v", p.Notes)
	}
	if !strings.Contains(p.Detail, `"Adj Close"`) || !strings.Contains(p.Detail, "YYYY-MM-DD") {
		t.Errorf("Detail = %q", p.Detail)
	}
	// Symbols filter: the other file is not read at all.
	p, err = Load(dir, LoadOptions{Symbols: map[string]bool{"GSPC": true}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Series) != 1 || p.Series["GSPC"] == nil || len(p.Files) != 1 {
		t.Errorf("filtered: %v %v", p.Symbols(), p.Files)
	}
}

func TestLoadFilters(t *testing.T) {
	for _, path := range []string{"testdata/long.csv", "testdata/wide_eu.csv"} {
		p, err := Load(path, LoadOptions{Symbols: map[string]bool{"TMUS": true}})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Series) != 1 || p.Series["TMUS"] == nil {
			t.Errorf("%s: %v", path, p.Symbols())
		}
	}
}

func TestLoadCellRules(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, content string
		opt           LoadOptions
		sym           string
		wantVals      []float64 // NaN = invalid
		wantDates     []string
		nonPositive   []int
		isReturn      bool
		note          string // substring of a note
		detail        string // substring of Detail
	}{
		{name: "missing spellings", content: "Date,Close\n2021-01-04,1\n2021-01-05,\n2021-01-06,NaN\n2021-01-07,null\n2021-01-08,Inf\n2021-01-11,#N/A\n2021-01-12,2",
			sym: "missing spellings", wantVals: []float64{1, math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), 2},
			wantDates: []string{"2021-01-04", "2021-01-05", "2021-01-06", "2021-01-07", "2021-01-08", "2021-01-11", "2021-01-12"},
			note:      "5 empty or invalid cells"},
		{name: "bloomberg missing", content: "TMUS US Equity,,\r\nStart Date,1/4/2021,\r\nEnd Date,1/7/2021,\r\n,,\r\nDate,PX_LAST,PX_VOLUME\r\n1/4/2021,1,10\r\n1/5/2021,#N/A N/A,#N/A N/A\r\n1/6/2021,2,20\r\n1/13/2021,3,30\r\n",
			sym: "bloomberg missing", wantVals: []float64{1, math.NaN(), 2, 3},
			wantDates: []string{"2021-01-04", "2021-01-05", "2021-01-06", "2021-01-13"}, note: "1 empty or invalid cells"},
		{name: "non-positive", content: "Date,Close\n2021-01-04,1\n2021-01-05,0\n2021-01-06,-3\n2021-01-07,4\n",
			sym: "non-positive", wantVals: []float64{1, math.NaN(), math.NaN(), 4},
			wantDates:   []string{"2021-01-04", "2021-01-05", "2021-01-06", "2021-01-07"},
			nonPositive: []int{1, 2}, note: "2 prices <= 0"},
		{name: "unsorted", content: "Date,Close\r\n2021-01-06,3\r\n2021-01-04,1\r\n2021-01-05,2\r\n\r\n",
			sym: "unsorted", wantVals: []float64{1, 2, 3}, wantDates: []string{"2021-01-04", "2021-01-05", "2021-01-06"}, note: "sorted"},
		{name: "bom quoted header", content: "\ufeff\"Date\",\"Adj Close\",\"Volume\"\n\"2021-01-04\",\"1.5\",\"100\"",
			sym: "bom quoted header", wantVals: []float64{1.5}, wantDates: []string{"2021-01-04"}, detail: `"Adj Close"`},
		{name: "us dates told", content: "date,price\n01/02/2021,1\n01/04/2021,2\n", opt: LoadOptions{DateFormat: dates.DateUS},
			sym: "us dates told", wantVals: []float64{1, 2}, wantDates: []string{"2021-01-02", "2021-01-04"}, detail: "MM/DD/YYYY"},
		{name: "slash dates proven eu", content: "date;price\n12/01/2021;1\n13/01/2021;2\n", sym: "slash dates proven eu",
			wantVals: []float64{1, 2}, wantDates: []string{"2021-01-12", "2021-01-13"}, detail: "DD/MM/YYYY"},
		{name: "returns by name", content: "date,ret\n20210104,0.01\n20210105,-0.02\n", sym: "returns by name",
			wantVals: []float64{0.01, -0.02}, wantDates: []string{"2021-01-04", "2021-01-05"}, isReturn: true, detail: "returns, from the column name"},
		{name: "wide returns guessed", content: "date,AAA,BBB\n2021-01-04,0.01,-0.002\n2021-01-05,-0.02,0.003\n", sym: "AAA",
			wantVals: []float64{0.01, -0.02}, wantDates: []string{"2021-01-04", "2021-01-05"}, isReturn: true, detail: "guessed from the data"},
		{name: "wide quoted ticker with comma", content: "Date\t\"BRK,A\"\tX\n2021-01-04\t400000\t1\n", sym: "BRK,A",
			wantVals: []float64{400000}, wantDates: []string{"2021-01-04"}, detail: "tab-delimited"},
		{name: "returns forced", content: "date,AAA\n2021-01-04,0.01\n", opt: LoadOptions{Kind: KindReturns}, sym: "AAA",
			wantVals: []float64{0.01}, wantDates: []string{"2021-01-04"}, isReturn: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Load(writeTemp(t, dir, tc.name+".csv", tc.content), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			s := p.Series[tc.sym]
			if s == nil {
				t.Fatalf("no series %q: %v", tc.sym, p.Symbols())
			}
			if len(s.Values) != len(tc.wantVals) {
				t.Fatalf("values %v, want %v", s.Values, tc.wantVals)
			}
			for i := range s.Values {
				if !near(s.Values[i], tc.wantVals[i], 0) || s.Dates[i] != day(t, tc.wantDates[i]) {
					t.Errorf("row %d: %s %v, want %s %v", i, s.Dates[i], s.Values[i], tc.wantDates[i], tc.wantVals[i])
				}
			}
			if len(s.NonPositive) != len(tc.nonPositive) {
				t.Errorf("NonPositive %v, want %v", s.NonPositive, tc.nonPositive)
			}
			for i := range tc.nonPositive {
				if i < len(s.NonPositive) && s.NonPositive[i] != tc.nonPositive[i] {
					t.Errorf("NonPositive %v, want %v", s.NonPositive, tc.nonPositive)
				}
			}
			if s.IsReturn != tc.isReturn {
				t.Errorf("IsReturn %v", s.IsReturn)
			}
			if tc.note != "" && !strings.Contains(strings.Join(p.Notes, "\n"), tc.note) {
				t.Errorf("notes %q lack %q", p.Notes, tc.note)
			}
			if !strings.Contains(p.Detail, tc.detail) {
				t.Errorf("detail %q lacks %q", p.Detail, tc.detail)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	many := "date,close\n" + strings.Repeat("2021-01-04,x\n", 30)
	tests := []struct {
		name, content string
		opt           LoadOptions
		want          []string // each must appear in the error text, in order of lines
		count         int      // number of inputerr.InputError values, 0 = don't check
	}{
		{name: "empty", content: "", want: []string{"empty.csv: empty file;"}},
		{name: "blank", content: "\n\n  \n", want: []string{"blank.csv: empty file;"}},
		{name: "header only", content: "Date,Close\n", want: []string{"header only.csv:1: header only, no data rows;"}},
		{name: "bad number", content: "date,close\n2021-08-13,1.5\n2021-08-16,abc\n",
			want: []string{`bad number.csv:3:12: bad number "abc" in column "close"; write a decimal number`}},
		{name: "bad date", content: "date,close\n2021-13-01,1\n2021-08-16,2\n21-8-16,3\n",
			want: []string{`bad date.csv:2:1: bad date "2021-13-01"; no such calendar date`, `bad date.csv:4:1: bad date "21-8-16"; not a date`}, count: 2},
		{name: "field count", content: "date,close\n2021-08-13,1,2\n2021-08-16\n",
			want: []string{"field count.csv:2: 3 fields, the header has 2; check the delimiter (comma", "field count.csv:3: 1 fields, the header has 2"}, count: 2},
		{name: "duplicate", content: "date,close\n2021-08-13,1\n2021-08-16,2\n2021-08-13,3\n",
			want: []string{"duplicate.csv:4: duplicate date 2021-08-13 for duplicate (also on line 2); keep one row"}},
		{name: "duplicate long", content: "symbol,date,close\nA,2021-08-13,1\nB,2021-08-13,1\nA,2021-08-13,2\n",
			want: []string{"duplicate long.csv:4: duplicate date 2021-08-13 for A (also on line 2)"}, count: 1},
		{name: "ambiguous", content: "date,close\n01/02/2021,1\n01/03/2021,2\n",
			want: []string{`ambiguous.csv:2: dates like "01/02/2021" could be MM/DD/YYYY or DD/MM/YYYY; pass --date-format`}},
		{name: "no date column", content: "foo,bar\n1,2\n", want: []string{`no date column.csv:1: no date column in header "foo","bar"`}},
		// Datastream's time-series request: a Name row, then Code (and
		// CURRENCY) rows above the dated rows.
		{name: "datastream", content: "Name,T-MOBILE US,S&P 500 COMPOSITE - PRICE INDEX\nCode,U:TMUS(RI),S&PCOMP(PI)\nCURRENCY,U$,U$\n16/08/2021,139.56,4479.71\n",
			want: []string{`datastream.csv:1: no date column in header "Name","T-MOBILE US","S&P 500 COMPOSITE - PRICE INDEX"; a Datastream export: delete the Name and CURRENCY rows and write Date in the first cell of the Code row`}},
		{name: "price column missing", content: "date,close\n2021-01-04,1\n", opt: LoadOptions{PriceColumn: "Adj Close"},
			want: []string{`price column missing.csv:1: price column "Adj Close" not in header`}},
		{name: "not utf8", content: "da\xfft,close\n2021-01-04,1\n", want: []string{"not utf8.csv:1: header is not UTF-8"}},
		{name: "quote", content: "date,close\n2021-01-04,\"1\n2021-01-05,\"2\"x\n",
			want: []string{"quote.csv:2:12: unbalanced or misplaced double quote", "quote.csv:3:15: unbalanced"}, count: 2},
		{name: "empty symbol", content: "ticker,date,close\n,2021-01-04,1\n", want: []string{"empty symbol.csv:2:1: empty symbol"}},
		{name: "wide dup ticker", content: "date,A,A\n2021-01-04,1,2\n", want: []string{`wide dup ticker.csv:1:8: ticker "A" appears in columns 2 and 3`}},
		{name: "many", content: many, want: []string{"many.csv:2:12: bad number", "many.csv: 10 more problems not listed"}, count: inputerr.MaxReported + 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Load(writeTemp(t, dir, tc.name+".csv", tc.content), tc.opt)
			if err == nil {
				t.Fatalf("no error; panel %v", p.Symbols())
			}
			es, ok := err.(inputerr.InputErrors)
			if !ok {
				t.Fatalf("error type %T", err)
			}
			var all []string
			for _, e := range es {
				all = append(all, e.Error())
			}
			text := strings.Join(all, "\n")
			for _, w := range tc.want {
				if !strings.Contains(text, filepath.Join(dir, w)) {
					t.Errorf("error\n%s\nlacks %q", text, w)
				}
			}
			if tc.count > 0 && len(es) != tc.count {
				t.Errorf("%d errors, want %d:\n%s", len(es), tc.count, text)
			}
		})
	}
}

func TestLoadPathErrors(t *testing.T) {
	dir := t.TempDir()
	writeTemp(t, dir, "notes.md", "x")
	tests := []struct{ path, want string }{
		{dir, dir + ": no .csv files in the directory"},
		{filepath.Join(dir, "nope.csv"), filepath.Join(dir, "nope.csv") + ": cannot read: no such file or directory"},
	}
	for _, tc := range tests {
		_, err := Load(tc.path, LoadOptions{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%s) = %v, want %q", tc.path, err, tc.want)
		}
	}
	// A bad file in a directory: reported with its own name, the good one loads nothing.
	d2 := t.TempDir()
	writeTemp(t, d2, "A.csv", "Date,Close\n2021-01-04,1\n")
	writeTemp(t, d2, "B.csv", "Date,Close\n2021-01-04,zz\n")
	_, err := Load(d2, LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(d2, "B.csv")+":2:12: bad number") {
		t.Errorf("dir with bad file: %v", err)
	}
}

// TestDateFormatFlagProvenOrder: --date-format applies to every input and
// settles ambiguous day/month dates. A price file whose own dates prove
// the other order (a part above 12) is read in that order, and the line
// says so: under the flag every such row was "bad date ...; no such
// calendar date", with US events and a UK price file impossible to
// combine.
func TestDateFormatFlagProvenOrder(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, content string
		flag          dates.DateFormat
		want          []string
		detail, note  string
	}{
		{"dmy file under mdy", "Date,Close\n13/08/2021,1\n16/08/2021,2\n", dates.DateUS, []string{"2021-08-13", "2021-08-16"}, "DD/MM/YYYY",
			"dates prove DD/MM/YYYY (\"13/08/2021\"), not --date-format mdy: read as DD/MM/YYYY"},
		{"mdy file under dmy", "Date,Close\n08/13/2021,1\n08/16/2021,2\n", dates.DateEU, []string{"2021-08-13", "2021-08-16"}, "MM/DD/YYYY",
			"not --date-format dmy: read as MM/DD/YYYY"},
		{"ambiguous file under mdy", "Date,Close\n08/02/2021,1\n08/03/2021,2\n", dates.DateUS, []string{"2021-08-02", "2021-08-03"}, "MM/DD/YYYY", ""},
		{"ambiguous file under dmy", "Date,Close\n08/02/2021,1\n08/03/2021,2\n", dates.DateEU, []string{"2021-02-08", "2021-03-08"}, "DD/MM/YYYY", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Load(writeTemp(t, dir, strings.ReplaceAll(tc.name, " ", "_")+".csv", tc.content), LoadOptions{DateFormat: tc.flag})
			if err != nil {
				t.Fatal(err)
			}
			var s *Series
			for _, one := range p.Series {
				s = one
			}
			if s == nil || len(s.Dates) != len(tc.want) {
				t.Fatalf("series %+v", s)
			}
			for i, w := range tc.want {
				if s.Dates[i].String() != w {
					t.Errorf("date %d: %s, want %s", i, s.Dates[i], w)
				}
			}
			if !strings.Contains(p.Detail, tc.detail) {
				t.Errorf("detail %q lacks %q", p.Detail, tc.detail)
			}
			notes := strings.Join(p.Notes, "\n")
			if tc.note != "" && !strings.Contains(notes, tc.note) || tc.note == "" && strings.Contains(notes, "--date-format") {
				t.Errorf("notes %q, want %q", p.Notes, tc.note)
			}
		})
	}
}
