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

var fuzzFormats = []dates.DateFormat{dates.DateAuto, dates.DateISO, dates.DateCompact, dates.DateUS, dates.DateEU}

// FuzzISOMonth: after any date dates.ParseDate accepted, the month fast path
// of rowParser.date either declines a field or gives exactly dates.ParseDate's
// day for it (never a date dates.ParseDate rejects), and so for the field
// after it (the fast path may have moved on to the next month).
func FuzzISOMonth(f *testing.F) {
	for _, p := range [][2]string{{"2021-08-16", "2021-08-17"}, {"2021-02-28", "2021-02-29"}, {"2020-02-28", "2020-02-29"},
		{"2021-08-31", "2021-08-32"}, {"2021-08-16", "2021-08-00"}, {"2021-08-16", "2021-08-1x"}, {"2021-08-16", "2021-09-01"},
		{"16.08.2021", "17.08.2021"}, {"20210816", "20210817"}, {"2021-08-16", "2021-08-+1"},
		{"2021-12-31", "2022-01-03"}, {"2021-01-31", "2021-02-29"}, {"2020-01-31", "2020-02-29"}, {"9999-11-30", "9999-12-31"},
		{"9999-12-30", "9999-12-31"}, {"2021-08-16", "2021-10-01"}, {"2021-09-30", "2021-10-3x"}, {"0001-01-01", "0001-02-01"}} {
		for i := range fuzzFormats {
			f.Add([]byte(p[0]), []byte(p[1]), uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, first, next []byte, fi uint8) {
		format := fuzzFormats[int(fi)%len(fuzzFormats)]
		var m isoMonth
		if d, err := dates.ParseDate(first, format); err == nil {
			m.remember(first, d)
		}
		got, ok := m.day(next)
		if ok {
			want, err := dates.ParseDate(next, format)
			if err != nil || got != want {
				t.Fatalf("after %q, fast path gives %q -> %v; dates.ParseDate %v, %v", first, next, got, want, err)
			}
		}
		// the same field again, and the first day of its month
		for _, f := range [][]byte{next, append(next[:len(next):len(next)][:min(8, len(next))], "01"...)} {
			got, ok := m.day(f)
			if !ok {
				continue
			}
			want, err := dates.ParseDate(f, format)
			if err != nil || got != want {
				t.Fatalf("after %q, %q, fast path gives %q -> %v; dates.ParseDate %v, %v", first, next, f, got, want, err)
			}
		}
	})
}

// fuzzHeaders put the fuzz bytes under each layout's header.
var fuzzHeaders = []string{
	"Date,Open,High,Low,Close,Adj Close,Volume\n",
	"symbol,date,close\n",
	"date;A;B\n",
	"permno\tdate\tret\n",
	"",
}

func FuzzLoad(f *testing.F) {
	seeds := []string{
		"2021-08-13,1,2,0.5,1.5,1.4,100\n2021-08-16,1,2,0.5,1.5,1.3,100",
		"TMUS,2021-08-16,139.5\nTMUS,2021-08-13,143.7\nGSPC,2021-08-16,4479.7\n",
		"16.08.2021;1,5;2\n17.08.2021;;NaN\r\n",
		"1\t20210816\t-0.029\n1\t20210817\tnull\n",
		"\ufeff\"Date\",\"Close\"\n\"2021-08-16\",\"1\"\n",
		"date,x\n01/02/2021,1\n",
		"a,b\n\"unterminated\n",
		"2021-02-30,1,1,1,1,-1,1\n",
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
		p, err := Load(path, LoadOptions{})
		if err != nil {
			es, ok := err.(inputerr.InputErrors)
			if !ok || len(es) == 0 || len(es) > inputerr.MaxReported+1 {
				t.Fatalf("error %T with %d problems: %v", err, len(es), err)
			}
			for _, e := range es {
				if e.File != path || e.What == "" {
					t.Fatalf("bad problem %+v", e)
				}
			}
			return
		}
		for sym, s := range p.Series {
			if s.Symbol != sym || len(s.Dates) != len(s.Values) {
				t.Fatalf("series %q: %d dates %d values", sym, len(s.Dates), len(s.Values))
			}
			for i := 1; i < len(s.Dates); i++ {
				if s.Dates[i] <= s.Dates[i-1] {
					t.Fatalf("%s: dates not strictly ascending at %d", sym, i)
				}
			}
			for _, v := range s.Values {
				if math.IsInf(v, 0) || (!s.IsReturn && v <= 0) {
					t.Fatalf("%s: invalid value %v kept", sym, v)
				}
			}
			for _, k := range s.NonPositive {
				if k < 0 || k >= len(s.Values) || !math.IsNaN(s.Values[k]) {
					t.Fatalf("%s: NonPositive %d", sym, k)
				}
			}
			if cal, err := MarketCalendar(s); err == nil {
				a := s.Align(cal, Simple)
				if len(a.R) != cal.Len() {
					t.Fatalf("aligned length %d", len(a.R))
				}
				a.Quality(cal)
			}
		}
	})
}

func FuzzLoadFrench(f *testing.F) {
	f.Add([]byte("Preamble\r\n\r\n,Mkt-RF,SMB,HML,RF\r\n19260701,    0.10,   -0.25,   -0.27,   0.009\r\n19260702,    0.45,   -0.33,   -0.06,   0.009\r\n\r\nCopyright 2024 Kenneth R. French\r\n"))
	f.Add([]byte("x\n,Mom   \n20210816,  -0.49\n20210817, -99.99\n"))
	f.Add([]byte(",A\n202101,1\n"))
	f.Add([]byte(",A,B\n20210104,1\n20210103,1,2\n"))
	f.Add([]byte(""))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "ff.CSV")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		ff, err := LoadFrench(path)
		if err != nil {
			if _, ok := err.(inputerr.InputErrors); !ok {
				t.Fatalf("error type %T", err)
			}
			return
		}
		if len(ff.Cols) != len(ff.Names) {
			t.Fatalf("%d cols %d names", len(ff.Cols), len(ff.Names))
		}
		for _, c := range ff.Cols {
			if len(c) != len(ff.Dates) {
				t.Fatalf("column length %d, %d dates", len(c), len(ff.Dates))
			}
		}
		if ff.RF != nil && len(ff.RF) != len(ff.Dates) {
			t.Fatal("RF length")
		}
		for i := 1; i < len(ff.Dates); i++ {
			if ff.Dates[i] <= ff.Dates[i-1] {
				t.Fatal("dates not ascending")
			}
		}
	})
}

// TestQuickRow: the long layout's fast path takes plain rows continuing
// the symbol's run in the remembered month, with their exact values, and
// leaves every other line to the general path.
func TestQuickRow(t *testing.T) {
	aug16 := dates.DayOf(2021, 8, 16)
	tests := []struct {
		sym, line string
		ok        bool
		d         dates.Day
		v         float64
	}{
		{"TMUS", "TMUS,2021-08-16,139.56", true, aug16, 139.56},
		{"TMUS", "TMUS,2021-08-31,-0.029", true, aug16 + 15, -0.029},
		{"TMUS", "TMUS,2021-09-01,139.56", true, dates.DayOf(2021, 9, 1), 139.56}, // the month after
		{"TMUS", "TMUS,2021-10-01,139.56", false, 0, 0},                           // another month: dates.ParseDate decides
		{"TMUS", "TMUS,2021-07-30,139.56", false, 0, 0},                           // the month before
		{"TMUS", "TMUS,2021-08-32,139.56", false, 0, 0},                           // no such day
		{"TMUS", "TMUS,2021-08-16,", false, 0, 0},                                 // missing value
		{"TMUS", "TMUS,2021-08-16,85,3", false, 0, 0},                             // four fields, not a decimal comma
		{"TMUS", "TMUS,2021-08-16,1e3", false, 0, 0},                              // exponent: ParseFloat decides
		{"TMUS", "TMUS,2021-08-16,139.56 ", false, 0, 0},                          // blank: trimmed by the general path
		{"TMUS", "TMUSX,2021-08-16,139.56", false, 0, 0},                          // another symbol
		{"TMUS", "TMU,2021-08-16,139.56", false, 0, 0},                            // another symbol
		{"TMUS", "TMUS,\"2021-08-16\",1", false, 0, 0},                            // quoted field
		{"TMUS", "TMUS, 2021-08-16,139.5", false, 0, 0},                           // blank before the date
		{"A,B", "A,B,2021-08-16,139.56", false, 0, 0},                             // symbol that held the delimiter
		{`A"B`, `A"B,2021-08-16,139.56`, false, 0, 0},                             // symbol that held a quote
		{"TMUS", "TMUS,2021-08-16,139.56,", false, 0, 0},                          // four fields
		{"TMUS", "TMUS;2021-08-16;139.56", false, 0, 0},                           // other delimiter
		{"TMUS", "TMUS,2021-08-16,--1", false, 0, 0},                              // bad number
		{"TMUS", "TMUS,2021-08-16,9007199254740993", false, 0, 0},                 // beyond 2^53

		// the row is read up to its LF
		{"TMUS", "TMUS,2021-08-16,139.56\r", true, aug16, 139.56},            // CRLF
		{"TMUS", "TMUS,2021-08-16,139.56\r\r", false, 0, 0},                  // a CR left in the line
		{"TMUS", "TMUS,2021-08-16,139\r56", false, 0, 0},                     // a CR inside
		{"TMUS", "TMUS,2021-08-16,0000000000000000000000001.5", false, 0, 0}, // long: the general path
	}
	for _, tc := range tests {
		p := &rowParser{sp: splitter{delim: ','}}
		p.month.remember([]byte("2021-08-01"), dates.DayOf(2021, 8, 1))
		b := &builder{sym: tc.sym, plain: !strings.ContainsAny(tc.sym, "\" \t,")}
		d, v, n, ok := p.quickRow([]byte(tc.line+"\n"), b)
		if ok != tc.ok || d != tc.d || v != tc.v || ok && n != len(tc.line)+1 {
			t.Errorf("%q after %q: got %v %s %v (%d bytes), want %v %s %v", tc.line, tc.sym, ok, d, v, n, tc.ok, tc.d, tc.v)
		}
	}
	// The row is read from the scanner's unread bytes: it needs its LF
	// there, and takes only its own line.
	p := &rowParser{sp: splitter{delim: ','}}
	p.month.remember([]byte("2021-08-01"), dates.DayOf(2021, 8, 1))
	b := &builder{sym: "TMUS", plain: true}
	if _, _, _, ok := p.quickRow([]byte("TMUS,2021-08-16,139.56"), b); ok {
		t.Error("row without its LF taken")
	}
	if d, v, n, ok := p.quickRow([]byte("TMUS,2021-08-16,139.56\nTMUS,2021-08-17,1\n"), b); !ok || d != aug16 || v != 139.56 || n != 23 {
		t.Errorf("two rows: got %v %s %v %d, want the first, 23 bytes", ok, d, v, n)
	}
}

// FuzzQuickRow: a long file loads to the same panel, notes and errors
// (values as bits) with the fast path as without it, in one chunk and cut
// into many.
func FuzzQuickRow(f *testing.F) {
	seeds := []string{
		"A,2021-01-04,1\nA,2021-01-05,2.5\nA,2021-01-05,3\nA,2021-02-01,4\nA,2021-02-02,-1\n",
		"A,2021-01-04,1\nA,2021-01-05,85,3\nA,2021-01-06, 7\nA,2021-01-07,\nA,2021-01-08,x\n",
		"\"A,B\",2021-01-04,1\nA,B,2021-01-05,1\nB,2021-01-04,2\nA,2021-01-04,3\n",
		"A,2021-01-31,1\r\nA,2021-01-32,1\nA,2021-01-3x,1\nAB,2021-01-30,1\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "F.csv")
		if err := os.WriteFile(path, append([]byte("symbol,date,close\n"), data...), 0o644); err != nil {
			t.Fatal(err)
		}
		quickRows = false
		want := panelText(Load(path, LoadOptions{}))
		quickRows = true
		withChunks(0, func() {
			if got := panelText(Load(path, LoadOptions{})); got != want {
				t.Fatalf("fast path:\n%s\ngeneral path:\n%s", got, want)
			}
		})
		loadCut(t, path, LoadOptions{})
	})
}
