package prices

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go/format"
)

// rowDict is rowDate with the symbol column dictionary-encoded, as
// Spark, DuckDB and pyarrow write text columns.
type rowDict struct {
	Symbol   string   `parquet:"symbol,dict"`
	Date     int32    `parquet:"date,date"`
	AdjClose *float64 `parquet:"adj_close,optional"`
	Volume   *int64   `parquet:"volume,optional"`
}

// TestParquetPrunesByDictionary: in a symbol-sorted panel cut into row
// groups of several symbols each, a group whose symbol dictionary holds
// no study symbol, or only study symbols whose windows its dates miss,
// is not read; the series are those of the same rows with a plain
// (not dictionary-encoded) symbol column, which is read whole, and the
// skipped groups' symbols are still in Names.
func TestParquetPrunesByDictionary(t *testing.T) {
	syms := []string{"COF", "EFX", "GSPC", "HD", "MAR", "META", "OKTA", "SWI", "T", "TGT", "TMUS", "UNH", "VZ"}
	for _, tc := range []struct {
		name   string
		file   func(string) string // the symbol as the file writes it
		byDate bool                // rows in date, then symbol order
	}{
		{"as the events", func(s string) string { return s }, false},
		{"lower case", strings.ToLower, false}, // matched by SymbolKey
		{"sorted by date", func(s string) string { return s }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows := demoSlice(t, "2021-01-01", syms...)
			for i := range rows {
				rows[i].Sym = tc.file(rows[i].Sym)
			}
			if tc.byDate {
				slices.SortStableFunc(rows, func(a, b demoRow) int { return strings.Compare(a.Date, b.Date) })
			}
			const perGroup = 700
			dir := t.TempDir()
			dict, plain := filepath.Join(dir, "dict.parquet"), filepath.Join(dir, "plain.parquet")
			writeParquet(t, dict, convert(rows, func(r demoRow) rowDict {
				d := asDate(t, r)
				return rowDict{d.Symbol, d.Date, d.AdjClose, d.Volume}
			}), perGroup)
			writeParquet(t, plain, convert(rows, func(r demoRow) rowDate { return asDate(t, r) }), perGroup)
			keep := map[string][]DayRange{
				tc.file("TMUS"): {{day(t, "2021-06-01"), day(t, "2021-09-30")}},
				tc.file("GSPC"): {{day(t, "2022-03-01"), day(t, "2022-04-30")}},
			}
			opt := LoadOptions{Symbols: map[string]bool{"TMUS": true, "GSPC": true}, Keep: keep}
			got, err := Load(dict, opt)
			if err != nil {
				t.Fatal(err)
			}
			want, err := Load(plain, opt)
			if err != nil {
				t.Fatal(err)
			}
			samePanel(t, got, want)

			// By hand: a group is read when it holds TMUS or GSPC and its
			// dates (all its symbols') meet the range of one it holds.
			groups, need := 0, 0
			for lo := 0; lo < len(rows); lo += perGroup {
				groups++
				g := rows[lo:min(lo+perGroup, len(rows))]
				first, last := day(t, g[0].Date), day(t, g[0].Date)
				held := map[string]bool{}
				for _, r := range g {
					first, last = min(first, day(t, r.Date)), max(last, day(t, r.Date))
					if _, ok := keep[r.Sym]; ok {
						held[r.Sym] = true
					}
				}
				read := false
				for s := range held {
					read = read || overlaps(keep[s], first, last)
				}
				if read {
					need++
				}
			}
			wantStep := fmt.Sprintf("parquet (1 file, %d of %d row groups read", need, groups)
			if !strings.HasPrefix(got.Detail, wantStep) || need == 0 || need > groups/3 {
				t.Errorf("detail %q, want prefix %q (and a third of the groups at most)", got.Detail, wantStep)
			}
			var plainRead int
			if _, err := fmt.Sscanf(want.Detail, "parquet (1 file, %d of", &plainRead); err != nil || plainRead < need || !tc.byDate && plainRead == need {
				t.Errorf("plain symbols: detail %q, want more than %d groups read (the same when sorted by date: the dates decide)", want.Detail, need)
			}
			for _, s := range syms {
				if !slices.Contains(got.Names, tc.file(s)) {
					t.Errorf("Names %v lack %s", got.Names, tc.file(s))
				}
			}
		})
	}
}

// rowPermno is a CRSP-style panel: an integer PERMNO (plain-encoded, as
// parquet-go writes integers) and returns.
type rowPermno struct {
	Permno int32    `parquet:"permno"`
	Date   int32    `parquet:"date,date"`
	Ret    *float64 `parquet:"ret,optional"`
}

// TestParquetPrunesByPermnoRange: a row group whose integer symbol
// statistics bound it to a range without a study PERMNO is not read; the
// study's series are the whole file's.
func TestParquetPrunesByPermnoRange(t *testing.T) {
	const firms, days, perGroup = 40, 100, 250
	d0 := int32(day(t, "2021-01-04"))
	var rows []rowPermno
	for f := range firms {
		for d := range days {
			r := 0.001 * float64((f+d)%7-3)
			rows = append(rows, rowPermno{int32(10001 + f), d0 + int32(d), &r})
		}
	}
	p := filepath.Join(t.TempDir(), "dsf.parquet")
	writeParquet(t, p, rows, perGroup)
	all, err := Load(p, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// " 10033" is matched by its SymbolKey; "010007" is not 10007 (no
	// symbol matches it, so it keeps no group).
	study := []string{"10007", " 10033", "010007"}
	want := map[string]bool{}
	for _, s := range study {
		want[s] = true
	}
	got, err := Load(p, LoadOptions{Symbols: want})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Series) != 2 {
		t.Fatalf("series %v, want 10007 and 10033", got.Symbols())
	}
	for _, s := range []string{"10007", "10033"} {
		g, w := got.Series[s], all.Series[s]
		if g == nil || len(g.Dates) != days || !slices.Equal(g.Dates, w.Dates) || fmt.Sprint(g.Values) != fmt.Sprint(w.Values) {
			t.Errorf("%s: not the whole file's series", s)
		}
	}
	groups, need := 0, 0
	for lo := 0; lo < len(rows); lo += perGroup {
		groups++
		a, z := rows[lo].Permno, rows[min(lo+perGroup, len(rows))-1].Permno
		if a <= 10007 && 10007 <= z || a <= 10033 && 10033 <= z {
			need++
		}
	}
	wantStep := fmt.Sprintf("parquet (1 file, %d of %d row groups read", need, groups)
	if !strings.HasPrefix(got.Detail, wantStep) || need != 3 { // 10033 spans two groups
		t.Errorf("detail %q, want prefix %q", got.Detail, wantStep)
	}
}

// TestSymbolNumbers: the integers an integer symbol cell can match.
func TestSymbolNumbers(t *testing.T) {
	got := symbolNumbers(map[string]bool{"10107": true, " 14593 ": true, "010107": true, "AAPL": true, "-5": true, "1e3": true, "10107.0": true})
	if want := []int64{-5, 10107, 14593}; !slices.Equal(got, want) {
		t.Errorf("symbolNumbers = %v, want %v", got, want)
	}
}

// TestDictionaryOnly: the dictionary lists every symbol of a chunk only
// when no data page has another encoding.
func TestDictionaryOnly(t *testing.T) {
	stat := func(p format.PageType, e format.Encoding) format.PageEncodingStats {
		return format.PageEncodingStats{PageType: p, Encoding: e, Count: 1}
	}
	for _, tc := range []struct {
		name  string
		md    format.ColumnMetaData
		wants bool
	}{
		{"stats: dictionary pages", format.ColumnMetaData{EncodingStats: []format.PageEncodingStats{
			stat(format.DictionaryPage, format.Plain), stat(format.DataPageV2, format.RLEDictionary)}}, true},
		{"stats: v1 dictionary", format.ColumnMetaData{EncodingStats: []format.PageEncodingStats{
			stat(format.DictionaryPage, format.PlainDictionary), stat(format.DataPage, format.PlainDictionary)}}, true},
		{"stats: a plain fallback page", format.ColumnMetaData{EncodingStats: []format.PageEncodingStats{
			stat(format.DictionaryPage, format.Plain), stat(format.DataPage, format.RLEDictionary), stat(format.DataPage, format.Plain)}}, false},
		{"stats: no data page", format.ColumnMetaData{EncodingStats: []format.PageEncodingStats{
			stat(format.DictionaryPage, format.Plain)}}, false},
		{"list: dictionary and levels", format.ColumnMetaData{Encoding: []format.Encoding{format.PlainDictionary, format.RLE, format.BitPacked}}, true},
		{"list: with plain", format.ColumnMetaData{Encoding: []format.Encoding{format.Plain, format.RLEDictionary, format.RLE}}, false},
		{"list: delta", format.ColumnMetaData{Encoding: []format.Encoding{format.RLEDictionary, format.DeltaLengthByteArray}}, false},
		{"nothing said", format.ColumnMetaData{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := dictionaryOnly(tc.md); got != tc.wants {
				t.Errorf("dictionaryOnly = %v, want %v", got, tc.wants)
			}
		})
	}
}
