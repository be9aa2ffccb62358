package prices

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/inputerr"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
)

// demoRow is a row of the demo panel slice: one symbol's day, the price
// nil where Yahoo wrote null.
type demoRow struct {
	Sym    string
	Date   string
	Price  *float64
	Volume *int64
}

// demoSlice reads the demo's Yahoo files of syms from first on (ISO
// dates compare as text) into long rows.
func demoSlice(t testing.TB, first string, syms ...string) []demoRow {
	t.Helper()
	var out []demoRow
	for _, s := range syms {
		f, err := os.Open(filepath.Join("..", "testdata", "demo", "prices", s+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Scan() // Date,Open,High,Low,Close,Adj Close,Volume
		for sc.Scan() {
			c := strings.Split(sc.Text(), ",")
			if c[0] < first {
				continue
			}
			r := demoRow{Sym: s, Date: c[0]}
			if v, err := strconv.ParseFloat(c[5], 64); err == nil {
				r.Price = &v
			}
			if v, err := strconv.ParseInt(c[6], 10, 64); err == nil {
				r.Volume = &v
			}
			out = append(out, r)
		}
		f.Close()
	}
	if len(out) == 0 {
		t.Fatal("empty demo slice")
	}
	return out
}

// longCSV writes rows as the long CSV file a user would export.
func longCSV(t testing.TB, dir string, rows []demoRow) string {
	var b strings.Builder
	b.WriteString("symbol,date,adj_close,volume\n")
	for _, r := range rows {
		b.WriteString(r.Sym + "," + r.Date + ",")
		if r.Price != nil {
			b.WriteString(strconv.FormatFloat(*r.Price, 'f', -1, 64))
		}
		b.WriteString(",")
		if r.Volume != nil {
			b.WriteString(strconv.FormatInt(*r.Volume, 10))
		}
		b.WriteString("\n")
	}
	return writeTemp(t, dir, "panel.csv", b.String())
}

// writeParquet writes rows of type T to path in row groups of perGroup.
func writeParquet[T any](t testing.TB, path string, rows []T, perGroup int64) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewGenericWriter[T](f, parquet.MaxRowsPerRowGroup(perGroup))
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// The date column in each type a writer may use.
type (
	rowDate struct {
		Symbol   string   `parquet:"symbol"`
		Date     int32    `parquet:"date,date"`
		AdjClose *float64 `parquet:"adj_close,optional"`
		Volume   *int64   `parquet:"volume,optional"`
	}
	rowTimestamp struct {
		Symbol   string    `parquet:"symbol"`
		Date     time.Time `parquet:"date,timestamp(microsecond)"`
		AdjClose *float64  `parquet:"adj_close,optional"`
		Volume   *int64    `parquet:"volume,optional"`
	}
	rowMillis struct {
		Symbol   string    `parquet:"symbol"`
		Date     time.Time `parquet:"date,timestamp(millisecond)"`
		AdjClose *float64  `parquet:"adj_close,optional"`
		Volume   *int64    `parquet:"volume,optional"`
	}
	rowString struct {
		Symbol   string   `parquet:"symbol,dict"`
		Date     string   `parquet:"date"`
		AdjClose *float64 `parquet:"adj_close,optional"`
		Volume   *int64   `parquet:"volume,optional"`
	}
	// rowNoSymbol is a hive partition's file: the symbol is the
	// directory's (symbol=TMUS), as Spark and DuckDB write it.
	rowNoSymbol struct {
		Date     int32    `parquet:"date,date"`
		AdjClose *float64 `parquet:"adj_close,optional"`
		Volume   *int64   `parquet:"volume,optional"`
	}
)

func asDate(t testing.TB, r demoRow) rowDate {
	return rowDate{Symbol: r.Sym, Date: int32(day(t, r.Date)), AdjClose: r.Price, Volume: r.Volume}
}

func asTime(t testing.TB, r demoRow) time.Time { return day(t, r.Date).Time() }

func convert[T any](rows []demoRow, f func(demoRow) T) []T {
	out := make([]T, len(rows))
	for i, r := range rows {
		out[i] = f(r)
	}
	return out
}

// samePanel fails unless got has want's series with the same dates and
// values (bit for bit, NaN = NaN) and the same invalid and non-positive
// cells.
func samePanel(t *testing.T, got, want *Panel) {
	t.Helper()
	if len(got.Series) != len(want.Series) {
		t.Fatalf("%d series, want %d (%v vs %v)", len(got.Series), len(want.Series), got.Symbols(), want.Symbols())
	}
	for sym, w := range want.Series {
		g := got.Series[sym]
		if g == nil {
			t.Fatalf("no series %s", sym)
		}
		if len(g.Dates) != len(w.Dates) {
			t.Fatalf("%s: %d rows, want %d", sym, len(g.Dates), len(w.Dates))
		}
		for i := range w.Dates {
			if g.Dates[i] != w.Dates[i] || math.Float64bits(g.Values[i]) != math.Float64bits(w.Values[i]) && !(math.IsNaN(g.Values[i]) && math.IsNaN(w.Values[i])) {
				t.Fatalf("%s row %d: %s %v, want %s %v", sym, i, g.Dates[i], g.Values[i], w.Dates[i], w.Values[i])
			}
		}
		if g.IsReturn != w.IsReturn || g.Adjusted != w.Adjusted || g.Column != w.Column || len(g.Invalid) != len(w.Invalid) ||
			len(g.NonPositive) != len(w.NonPositive) || g.Dropped != w.Dropped || g.DroppedOffCalendar != w.DroppedOffCalendar {
			t.Fatalf("%s: %+v\nwant %+v", sym, *g, *w)
		}
	}
}

// TestParquetEqualsCSV reads a slice of the demo panel written as a long
// CSV and as Parquet with each date type: the series are the same, bit
// for bit, and so is the detection line after the Parquet part.
func TestParquetEqualsCSV(t *testing.T) {
	rows := demoSlice(t, "2019-01-01", "TMUS", "GSPC", "EFX")
	dir := t.TempDir()
	want, err := Load(longCSV(t, dir, rows), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The detection line says the file is Parquet, not delimited text,
	// and the date column's type; the rest is the CSV file's.
	cases := []struct {
		name  string
		write func(path string)
		dates string
	}{
		{"DATE", func(p string) {
			writeParquet(t, p, convert(rows, func(r demoRow) rowDate { return asDate(t, r) }), 1000)
		}, "DATE"},
		{"TIMESTAMP_micros", func(p string) {
			writeParquet(t, p, convert(rows, func(r demoRow) rowTimestamp { return rowTimestamp{r.Sym, asTime(t, r), r.Price, r.Volume} }), 1000)
		}, "TIMESTAMP (UTC instants: their UTC date)"},
		{"TIMESTAMP_millis", func(p string) {
			writeParquet(t, p, convert(rows, func(r demoRow) rowMillis { return rowMillis{r.Sym, asTime(t, r), r.Price, r.Volume} }), 1<<20)
		}, "TIMESTAMP (UTC instants: their UTC date)"},
		{"string", func(p string) {
			writeParquet(t, p, convert(rows, func(r demoRow) rowString { return rowString{r.Sym, r.Date, r.Price, r.Volume} }), 777)
		}, "YYYY-MM-DD"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "panel.parquet")
			c.write(p)
			got, err := Load(p, LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			samePanel(t, got, want)
			_, detail, _ := strings.Cut(got.Detail, "; ")
			if w := strings.Replace(want.Detail, "comma-delimited, dates YYYY-MM-DD", "Parquet, dates "+c.dates, 1); detail != w || w == want.Detail {
				t.Errorf("detail %q\nwant  %q", got.Detail, want.Detail)
			}
			if !strings.HasPrefix(got.Detail, "parquet (1 file, ") || !strings.Contains(got.Detail, ", columns symbol, date, adj_close, volume)") {
				t.Errorf("detail %q", got.Detail)
			}
			if strings.Join(got.Names, ",") != "EFX,GSPC,TMUS" || len(got.Files) != 1 || got.Files[0] != p {
				t.Errorf("names %v files %v", got.Names, got.Files)
			}
		})
	}
}

// TestParquetHive reads hive partitions as Spark writes them: by symbol
// (the symbol a directory's), and by symbol and year, with Spark's
// _SUCCESS marker beside them.
func TestParquetHive(t *testing.T) {
	rows := demoSlice(t, "2019-01-01", "TMUS", "GSPC")
	want, err := Load(longCSV(t, t.TempDir(), rows), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("symbol", func(t *testing.T) {
		dir := t.TempDir()
		for _, s := range []string{"TMUS", "GSPC"} {
			var part []rowNoSymbol
			for _, r := range rows {
				if r.Sym == s {
					part = append(part, rowNoSymbol{int32(day(t, r.Date)), r.Price, r.Volume})
				}
			}
			writeParquet(t, filepath.Join(dir, "symbol="+s, "part-00000.parquet"), part, 300)
		}
		writeTemp(t, dir, "_SUCCESS", "")
		got, err := Load(dir, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		samePanel(t, got, want)
		if !strings.Contains(got.Detail, "parquet (2 files,") || len(got.Files) != 2 {
			t.Errorf("detail %q files %v", got.Detail, got.Files)
		}
		// A symbol not in the study: its partition is not opened for
		// rows, and its name is still known.
		got, err = Load(dir, LoadOptions{Symbols: map[string]bool{"TMUS": true}})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Series) != 1 || got.Series["TMUS"] == nil || strings.Join(got.Names, ",") != "GSPC,TMUS" {
			t.Errorf("series %v names %v", got.Symbols(), got.Names)
		}
		if !strings.Contains(strings.Join(got.Notes, "\n"), "1 files of partitions not in the study not read") {
			t.Errorf("notes %q", got.Notes)
		}
	})
	t.Run("symbol_year", func(t *testing.T) {
		dir := t.TempDir()
		parts := map[string][]rowNoSymbol{}
		for _, r := range rows {
			k := filepath.Join("symbol="+r.Sym, "year="+r.Date[:4])
			parts[k] = append(parts[k], rowNoSymbol{int32(day(t, r.Date)), r.Price, r.Volume})
		}
		for k, p := range parts {
			writeParquet(t, filepath.Join(dir, k, "part-0.parquet"), p, 100)
		}
		got, err := Load(dir, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		samePanel(t, got, want)
	})
}

// TestParquetSkipsRowGroups reads a symbol-sorted file in row groups of
// 250 rows with Keep and Symbols as a study sets them: only the groups
// holding a kept date or symbol are read, and the series are those the
// CSV gives with the same options.
func TestParquetSkipsRowGroups(t *testing.T) {
	rows := demoSlice(t, "2019-01-01", "EFX", "GSPC", "TMUS")
	dir := t.TempDir()
	p := filepath.Join(dir, "panel.parquet")
	writeParquet(t, p, convert(rows, func(r demoRow) rowDate { return asDate(t, r) }), 250)
	keep := map[string][]DayRange{
		"TMUS": {{day(t, "2021-06-01"), day(t, "2021-09-30")}},
		"GSPC": {{day(t, "2021-06-01"), day(t, "2021-09-30")}},
	}
	opt := LoadOptions{Symbols: map[string]bool{"TMUS": true, "GSPC": true}, Keep: keep}
	got, err := Load(p, opt)
	if err != nil {
		t.Fatal(err)
	}
	// Count by hand the groups the statistics cannot rule out: rows
	// are in symbol then date order, cut every 250 rows; a group of one
	// symbol is read when the symbol is kept and its dates meet its
	// ranges, a group of several when its dates meet any range.
	groups, need, hold := 0, 0, 0
	for lo := 0; lo < len(rows); lo += 250 {
		groups++
		g := rows[lo:min(lo+250, len(rows))]
		first, last := day(t, g[0].Date), day(t, g[0].Date)
		for _, r := range g {
			first, last = min(first, day(t, r.Date)), max(last, day(t, r.Date))
		}
		read := false
		if g[0].Sym == g[len(g)-1].Sym {
			read = overlaps(keep[g[0].Sym], first, last)
		} else {
			read = overlaps(keep["TMUS"], first, last) || overlaps(keep["GSPC"], first, last)
		}
		if read {
			need++
		}
		for _, r := range g {
			if d := day(t, r.Date); overlaps(keep[r.Sym], d, d) {
				hold++
				break
			}
		}
	}
	if hold > need || need >= groups/2 {
		t.Errorf("%d groups hold a kept row, %d read of %d", hold, need, groups)
	}
	wantStep := "parquet (1 file, " + strconv.Itoa(need) + " of " + strconv.Itoa(groups) + " row groups read"
	if !strings.HasPrefix(got.Detail, wantStep) || need >= groups-2 {
		t.Errorf("detail %q, want prefix %q", got.Detail, wantStep)
	}
	for sym, rs := range keep {
		s := got.Series[sym]
		if s == nil {
			t.Fatalf("no %s", sym)
		}
		n := 0
		for _, r := range rows {
			if d := day(t, r.Date); r.Sym == sym && overlaps(rs, d, d) {
				if s.Dates[n] != d {
					t.Fatalf("%s row %d: %s, want %s", sym, n, s.Dates[n], r.Date)
				}
				n++
			}
		}
		if n != len(s.Dates) || n == 0 {
			t.Errorf("%s: %d rows, want %d", sym, len(s.Dates), n)
		}
	}
}

// TestParquetErrors: bad files are errors naming the file (and the row),
// never a panic.
func TestParquetErrors(t *testing.T) {
	dir := t.TempDir()
	neg := -3.5
	one := 0.01
	type retRow struct {
		Permno int32    `parquet:"permno"`
		Date   int32    `parquet:"date,date"`
		Ret    *float64 `parquet:"ret,optional"`
	}
	d0 := int32(day(t, "2021-08-02"))
	var rets []retRow
	for i := range 10 {
		r := retRow{10001, d0 + int32(i), &one}
		if i == 6 {
			r.Ret = &neg
		}
		rets = append(rets, r)
	}
	writeParquet(t, filepath.Join(dir, "ret", "a.parquet"), rets, 4)
	writeParquet(t, filepath.Join(dir, "mixed", "a.parquet"), rets[:3], 4)
	writeParquet(t, filepath.Join(dir, "mixed", "b.parquet"), []rowNoSymbol{{d0, &one, nil}}, 4)
	writeTemp(t, dir, "junk.parquet", "PAR1 this is not parquet")
	// A symbol partition whose file has a symbol column naming another
	// firm: either reading moves one firm's prices to another.
	writeParquet(t, filepath.Join(dir, "conflict", "symbol=TMUS", "p.parquet"), []rowDate{{"VZ", d0, &one, nil}}, 4)
	writeParquet(t, filepath.Join(dir, "agree", "symbol=TMUS", "p.parquet"), []rowDate{{"TMUS", d0, &one, nil}, {"TMUS", d0 + 1, &one, nil}}, 4)
	writeParquet(t, filepath.Join(dir, "nodate.parquet"), []struct {
		Symbol string  `parquet:"symbol"`
		Price  float64 `parquet:"price"`
	}{{"A", 1}}, 4)
	cases := []struct {
		path, want string
	}{
		{"ret", "a.parquet:7:"}, // the 7th row's return -3.5 < -1
		{"mixed", `no column "permno"`},
		{"junk.parquet", "not a readable Parquet file"},
		{"nodate.parquet", "no date column"},
		{"conflict", `column "symbol" holds VZ, but the file lies in the partition symbol=TMUS`},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			_, err := Load(filepath.Join(dir, c.path), LoadOptions{})
			if _, ok := err.(inputerr.InputErrors); !ok || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one with %q", err, c.want)
			}
		})
	}
	// pandas' to_parquet of a date column localized to Europe/Berlin:
	// each local midnight is 22:00 or 23:00 UTC of the day before, so
	// the UTC date would date every price a day early. Refused; New
	// York's midnights (04:00 UTC, the same date) are read as before.
	berlin, ny := time.FixedZone("CEST", 2*3600), time.FixedZone("EDT", -4*3600)
	for _, z := range []struct {
		name string
		loc  *time.Location
		want string
	}{{"berlin", berlin, "UTC timestamps at 22:00:00"}, {"ny", ny, ""}} {
		rows := []rowTimestamp{{"TMUS", time.Date(2021, 8, 16, 0, 0, 0, 0, z.loc), &one, nil}, {"TMUS", time.Date(2021, 8, 17, 0, 0, 0, 0, z.loc), &one, nil}}
		path := filepath.Join(dir, "tz-"+z.name+".parquet")
		writeParquet(t, path, rows, 4)
		p, err := Load(path, LoadOptions{})
		if z.want == "" {
			if err != nil || p.Series["TMUS"] == nil || p.Series["TMUS"].Dates[0] != dates.DayOf(2021, 8, 16) {
				t.Errorf("%s: %v %+v", z.name, err, p)
			}
			continue
		}
		if _, ok := err.(inputerr.InputErrors); !ok || !strings.Contains(err.Error(), z.want) {
			t.Errorf("%s: error %v, want one with %q", z.name, err, z.want)
		}
	}
	// A symbol column that repeats its partition is read.
	p, err := Load(filepath.Join(dir, "agree"), LoadOptions{})
	if err != nil || p.Series["TMUS"] == nil {
		t.Fatalf("agreeing partition: %v", err)
	}
}

// TestParquetCells checks the text written for each value type against
// hand-written cells.
func TestParquetCells(t *testing.T) {
	ts := time.Date(2021, 8, 16, 13, 30, 5, 0, time.UTC).UnixMilli()
	cases := []struct {
		name string
		got  string
		want string
	}{
		{"decimal", string(appendDecimal(nil, -12345, 3)), "-12.345"},
		{"decimal_small", string(appendDecimal(nil, 5, 4)), "0.0005"},
		{"decimal_neg_scale", string(appendDecimal(nil, 12, -2)), "1200"},
		{"timestamp_midnight", string(appendTimestamp(nil, int64(dates.DayOf(2021, 8, 16))*86_400_000, 86_400_000)), "2021-08-16"},
		{"timestamp_time", string(appendTimestamp(nil, ts, 86_400_000)), "2021-08-16 13:30:05"},
		{"timestamp_before_1970", string(appendTimestamp(nil, -1, 86_400_000_000)), "1969-12-31 23:59:59.999999000"},
		{"int96", string(appendInt96(nil, [3]uint32{0, 0, 2440588 + uint32(dates.DayOf(2021, 8, 16))})), "2021-08-16"},
		{"float32", string(appendFloat(nil, float64(float32(0.1)), 32)), "0.1"},
		{"float64", string(appendFloat(nil, 1e-7, 64)), "0.0000001"},
		{"nan", string(appendFloat(nil, math.NaN(), 64)), "NaN"},
		{"quoted", string(appendCSVField(nil, []byte(`BRK "B", class`))), `"BRK ""B"", class"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %q, want %q", c.got, c.want)
			}
		})
	}
}

// FuzzParquet: any bytes after the magic are an error or a panel, never
// a panic.
func FuzzParquet(f *testing.F) {
	dir := f.TempDir()
	p := filepath.Join(dir, "seed.parquet")
	writeParquet(f, p, []rowDate{{"A", 18000, nil, nil}, {"A", 18001, new(1.5), nil}}, 1)
	seed, err := os.ReadFile(p)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("PAR1PAR1"))
	// Row groups of two symbols with a symbol dictionary, which a study's
	// symbols make the loader read (parquet_prune.go).
	pd := filepath.Join(dir, "dict.parquet")
	writeParquet(f, pd, []rowDict{{"A", 18000, new(1.5), nil}, {"B", 18000, new(1.6), nil}, {"C", 18001, new(1.7), nil}, {"D", 18001, new(1.8), nil}}, 2)
	dict, err := os.ReadFile(pd)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(dict[4:])
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "x.parquet")
		if err := os.WriteFile(path, append([]byte("PAR1"), b...), 0o644); err != nil {
			t.Fatal(err)
		}
		_, _ = Load(path, LoadOptions{})
		_, _ = Load(path, LoadOptions{Symbols: map[string]bool{"C": true, "10003": true}})
	})
}

// TestParquetDamaged reads a small file truncated at every length and
// with every byte flipped: each is an error or a panel, never a panic
// (an exhaustive version of the fuzz test, which the shared machine runs
// too slowly to reach these).
func TestParquetDamaged(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "seed.parquet")
	writeParquet(t, p, []rowDate{{"A", 18000, new(1.5), nil}, {"A", 18001, new(1.6), new(int64(7))}, {"B", 18001, nil, nil}}, 2)
	// Row groups of several symbols, read with a study's symbols: the
	// symbol dictionaries and PERMNO statistics are read to skip groups
	// (parquet_prune.go), damaged or not.
	pd := filepath.Join(dir, "dict.parquet")
	writeParquet(t, pd, []rowDict{{"A", 18000, new(1.5), nil}, {"B", 18000, new(1.6), nil}, {"C", 18001, new(1.7), nil}, {"D", 18001, new(1.8), nil}}, 2)
	pp := filepath.Join(dir, "permno.parquet")
	writeParquet(t, pp, []rowPermno{{10001, 18000, new(0.01)}, {10002, 18000, new(0.02)}, {10003, 18001, new(0.03)}, {10004, 18001, nil}}, 2)
	x := filepath.Join(dir, "x.parquet")
	for _, c := range []struct {
		seed string
		opt  LoadOptions
	}{
		{p, LoadOptions{}},
		{pd, LoadOptions{Symbols: map[string]bool{"C": true}}},
		{pp, LoadOptions{Symbols: map[string]bool{"10003": true}}},
	} {
		seed, err := os.ReadFile(c.seed)
		if err != nil {
			t.Fatal(err)
		}
		try := func(b []byte) {
			if err := os.WriteFile(x, b, 0o644); err != nil {
				t.Fatal(err)
			}
			_, _ = Load(x, c.opt)
		}
		for n := 4; n < len(seed); n++ {
			try(seed[:n])
		}
		for i := 4; i < len(seed)-4; i++ {
			b := append([]byte(nil), seed...)
			b[i] ^= 0xff
			try(b)
		}
	}
}

// TestParquetVolume: the volume of a Parquet panel equals the CSV's.
func TestParquetVolume(t *testing.T) {
	rows := demoSlice(t, "2020-06-01", "TMUS", "GSPC")
	dir := t.TempDir()
	want, _, err := LoadVolume(longCSV(t, dir, rows), dates.DateAuto, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "panel.parquet")
	writeParquet(t, p, convert(rows, func(r demoRow) rowDate { return asDate(t, r) }), 100)
	got, notes, err := LoadVolume(p, dates.DateAuto, map[string]bool{"TMUS": true, "GSPC": true}, false)
	if err != nil || len(notes) > 0 {
		t.Fatal(err, notes)
	}
	if len(got) != 2 || len(want) != 2 {
		t.Fatalf("%d series, want %d", len(got), len(want))
	}
	for sym, w := range want {
		g := got[sym]
		if g == nil || len(g.Dates) != len(w.Dates) || len(w.Dates) < 100 {
			t.Fatalf("%s: %v", sym, g)
		}
		for i := range w.Dates {
			if g.Dates[i] != w.Dates[i] || math.Float64bits(g.Vol[i]) != math.Float64bits(w.Vol[i]) {
				t.Fatalf("%s row %d: %s %v, want %s %v", sym, i, g.Dates[i], g.Vol[i], w.Dates[i], w.Vol[i])
			}
		}
	}
	// A panel without a volume column has none, and no note.
	type noVol struct {
		Symbol string  `parquet:"symbol"`
		Date   int32   `parquet:"date,date"`
		Close  float64 `parquet:"close"`
	}
	writeParquet(t, p, []noVol{{"A", 18000, 1}}, 10)
	got, notes, err = LoadVolume(p, dates.DateAuto, nil, false)
	if err != nil || len(notes) > 0 || len(got) != 0 {
		t.Errorf("got %v %v %v", got, notes, err)
	}
}

// TestParquetDirectEqualsText: the direct path gives the text path's
// series, notes, names and detection line, with and without Keep, for
// a file and for hive partitions; what it cannot read exactly goes the
// text way.
func TestParquetDirectEqualsText(t *testing.T) {
	rows := demoSlice(t, "2019-01-01", "EFX", "GSPC", "TMUS")
	for i := range rows {
		if i%97 == 5 {
			rows[i].Price = nil // null cells: missing days on both paths
		}
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "panel.parquet")
	writeParquet(t, file, convert(rows, func(r demoRow) rowDate { return asDate(t, r) }), 250)
	ts := filepath.Join(dir, "ts.parquet")
	writeParquet(t, ts, convert(rows, func(r demoRow) rowTimestamp { return rowTimestamp{r.Sym, asTime(t, r), r.Price, r.Volume} }), 600)
	// Every column dictionary-encoded, the value optional, the symbol
	// an integer (a PERMNO), as DuckDB may write them.
	type rowDict struct {
		Permno   int64    `parquet:"permno,dict"`
		Date     int32    `parquet:"date,date,dict"`
		AdjClose *float64 `parquet:"adj_close,optional,dict"`
	}
	dict := filepath.Join(dir, "dict.parquet")
	permno := map[string]int64{"EFX": 10001, "GSPC": 10002, "TMUS": 10003}
	writeParquet(t, dict, convert(rows, func(r demoRow) rowDict { return rowDict{permno[r.Sym], int32(day(t, r.Date)), r.Price} }), 400)
	// Spark's legacy INT96 timestamps at UTC midnight.
	type rowInt96 struct {
		Symbol   string           `parquet:"symbol"`
		Date     deprecated.Int96 `parquet:"date"`
		AdjClose *float64         `parquet:"adj_close,optional"`
	}
	i96 := filepath.Join(dir, "int96.parquet")
	writeParquet(t, i96, convert(rows, func(r demoRow) rowInt96 { return rowInt96{r.Sym, int96(asTime(t, r)), r.Price} }), 500)
	hive := filepath.Join(dir, "hive")
	parts := map[string][]rowNoSymbol{}
	for _, r := range rows {
		parts[r.Sym] = append(parts[r.Sym], rowNoSymbol{int32(day(t, r.Date)), r.Price, r.Volume})
	}
	for s, p := range parts {
		writeParquet(t, filepath.Join(hive, "symbol="+s, "part-0.parquet"), p, 300)
	}
	keep := LoadOptions{Symbols: map[string]bool{"TMUS": true, "GSPC": true},
		Keep:         map[string][]DayRange{"TMUS": {{day(t, "2021-06-01"), day(t, "2021-09-30")}}},
		KeepCalendar: []dates.Day{day(t, "2021-06-01"), day(t, "2021-06-02")}}
	cases := []struct {
		name string
		path string
		opt  LoadOptions
	}{
		{"DATE", file, LoadOptions{}},
		{"DATE_keep", file, keep},
		{"TIMESTAMP", ts, LoadOptions{}},
		{"TIMESTAMP_keep", ts, keep},
		{"hive_keep", hive, keep},
		{"dictionary_permno", dict, LoadOptions{Symbols: map[string]bool{"10003": true, "10002": true}}},
		{"INT96_keep", i96, keep},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files, _, ok := parquetFiles(c.path)
			if !ok {
				t.Fatal("not parquet")
			}
			pl, err := planParquet(c.path, files, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			defer pl.close()
			if !pl.direct() {
				t.Fatal("not direct")
			}
			got, ok := pl.loadDirect(c.path, c.opt)
			if !ok {
				t.Fatal("direct path refused")
			}
			want, err := pl.loadText(c.path, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			gp, wp := &Panel{Series: map[string]*Series{}}, &Panel{Series: map[string]*Series{}}
			for _, s := range got.series {
				gp.Series[s.Symbol] = s
			}
			for _, s := range want.series {
				wp.Series[s.Symbol] = s
			}
			samePanel(t, gp, wp)
			if got.detail != want.detail || strings.Join(got.notes, "|") != strings.Join(want.notes, "|") ||
				strings.Join(got.names, ",") != strings.Join(want.names, ",") || got.unadjusted != want.unadjusted {
				t.Errorf("direct %q %q %v\ntext   %q %q %v", got.detail, got.notes, got.names, want.detail, want.notes, want.names)
			}
		})
	}
	t.Run("off_midnight_goes_text", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "x.parquet")
		// 04:00 UTC: New York's midnight (12:00 or later is refused, eastOfUTC).
		writeParquet(t, p, []rowTimestamp{{"A", time.Date(2021, 8, 16, 4, 0, 0, 0, time.UTC), new(1.5), nil}}, 10)
		files, _, _ := parquetFiles(p)
		pl, err := planParquet(p, files, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer pl.close()
		if _, ok := pl.loadDirect(p, LoadOptions{}); ok {
			t.Error("a timestamp at 04:00 read directly")
		}
	})
}

// TestParquetProjection: a column the loader does not use is never
// decoded (the detection line lists the decoded ones), and the series
// are those of the panel without it.
func TestParquetProjection(t *testing.T) {
	rows := demoSlice(t, "2021-01-01", "TMUS", "GSPC")
	want, err := Load(longCSV(t, t.TempDir(), rows), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	type rowNote struct {
		Note     string   `parquet:"note"`
		Symbol   string   `parquet:"symbol"`
		Date     int32    `parquet:"date,date"`
		AdjClose *float64 `parquet:"adj_close,optional"`
		Volume   *int64   `parquet:"volume,optional"`
		Shares   []int64  `parquet:"shares,list"`
	}
	p := filepath.Join(t.TempDir(), "panel.parquet")
	writeParquet(t, p, convert(rows, func(r demoRow) rowNote {
		return rowNote{`a "note", with commas`, r.Sym, int32(day(t, r.Date)), r.Price, r.Volume, []int64{1, 2}}
	}), 100)
	got, err := Load(p, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	samePanel(t, got, want)
	if !strings.Contains(got.Detail, ", columns symbol, date, adj_close, volume)") {
		t.Errorf("detail %q", got.Detail)
	}
}

// int96 is Spark's INT96 timestamp of tm: nanoseconds of the UTC day,
// then the Julian day number.
func int96(tm time.Time) deprecated.Int96 {
	u := tm.UTC()
	day := u.Unix() / 86400
	ns := u.Sub(time.Unix(day*86400, 0)).Nanoseconds()
	return deprecated.Int96{uint32(ns), uint32(ns >> 32), uint32(day + 2440588)}
}

// TestParquetInt96East: Spark's INT96 timestamps are UTC instants, and a
// session east of UTC stores its midnights on the day before (22:00 UTC
// for Berlin in summer): refused like such TIMESTAMPs, from the
// statistics, and from the rows when the statistics do not show it
// (Spark writes none for INT96). New York's midnights (04:00 UTC, the
// same date) are read as their dates.
func TestParquetInt96East(t *testing.T) {
	type row struct {
		Symbol string           `parquet:"symbol"`
		Date   deprecated.Int96 `parquet:"date"`
		Close  float64          `parquet:"close"`
	}
	berlin, ny := time.FixedZone("CEST", 2*3600), time.FixedZone("EDT", -4*3600)
	at := func(loc *time.Location, d int) deprecated.Int96 {
		return int96(time.Date(2021, 8, 16+d, 0, 0, 0, 0, loc))
	}
	dir := t.TempDir()
	cases := []struct {
		name string
		rows []row
		want string // "" : read, dated as written
	}{
		{"berlin", []row{{"A", at(berlin, 0), 1}, {"A", at(berlin, 1), 2}}, `x.parquet: the date column "date" holds UTC timestamps at 22:00:00 (2021-08-15 22:00:00 UTC)`},
		// The bounds (New York midnights) hide the second row's Berlin
		// midnight: the rows read find it.
		{"mixed", []row{{"A", at(ny, 0), 1}, {"B", at(berlin, 1), 2}, {"C", at(ny, 1), 3}}, `x.parquet:2: the date column "date" holds UTC timestamps at 22:00:00 (2021-08-16 22:00:00 UTC)`},
		{"ny", []row{{"A", at(ny, 0), 1}, {"A", at(ny, 1), 2}}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, c.name, "x.parquet")
			writeParquet(t, p, c.rows, 10)
			if c.name == "mixed" {
				o, err := openParquet(p)
				if err != nil {
					t.Fatal(err)
				}
				lo, hi := statBounds(o.stats(0, 1))
				for _, b := range [][]byte{lo, hi} {
					if _, east := (pqCell{kind: pqInt96}).eastOfUTC(b); east {
						t.Errorf("statistics bound %v is east of UTC: the rows' check is not tested", b)
					}
				}
				o.f.Close()
			}
			pn, err := Load(p, LoadOptions{})
			if c.want == "" {
				if err != nil || pn.Series["A"] == nil || pn.Series["A"].Dates[0] != dates.DayOf(2021, 8, 16) || pn.Series["A"].Dates[1] != dates.DayOf(2021, 8, 17) {
					t.Fatalf("%v %+v", err, pn)
				}
				if !strings.Contains(pn.Detail, "; long file, Parquet, dates INT96 timestamps (UTC instants: their UTC date), ") {
					t.Errorf("detail %q", pn.Detail)
				}
				return
			}
			if _, ok := err.(inputerr.InputErrors); !ok || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one with %q", err, c.want)
			}
		})
	}
}
