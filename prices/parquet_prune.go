package prices

import (
	"maps"
	"slices"
	"strconv"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// A row group of several symbols (a panel sorted by symbol and cut every
// 122,880 rows holds ten or more firms) can be ruled out without reading
// its rows in two ways, both exact under the symbol matching of
// symbolFilter (SymbolKey):
//
//   - its symbol column's dictionary, when every data page of the chunk is
//     dictionary-encoded, lists every symbol of the group (a superset when
//     a writer kept unused entries); Spark, DuckDB, pyarrow and parquet-go
//     dictionary-encode text columns;
//   - an integer symbol column (CRSP PERMNO) whose statistics bound it to
//     [lo, hi] with lo ≥ 0: its cells read as decimal digits, which
//     SymbolKey leaves unchanged, so a cell matches a study symbol only if
//     it equals the symbol or its key as a number.
//
// Either way a group none of whose symbols the study reads is skipped,
// and with the dictionary the date check uses the group's own symbols.

// symbolMemo reads row groups' symbol dictionaries for one plan. Each
// distinct value is converted and matched (symbolFilter.has) once: a
// panel sorted by date has every firm in every group's dictionary.
type symbolMemo struct {
	filt *symbolFilter
	seen [2]map[string]memoSymbol // by the value's bytes; [1] integer columns
	// skip holds the symbols of the groups skipped whose symbols are
	// known, for Panel.Names.
	skip map[string]bool
}

type memoSymbol struct {
	name string
	read bool // the study reads it
}

func newSymbolMemo(filt *symbolFilter) *symbolMemo {
	return &symbolMemo{filt: filt, seen: [2]map[string]memoSymbol{{}, {}}, skip: map[string]bool{}}
}

// skipped records the symbol of a group not read.
func (m *symbolMemo) skipped(sym string) { m.skip[sym] = true }

// names are the symbols of the groups not read, sorted.
func (m *symbolMemo) names() []string { return slices.Sorted(maps.Keys(m.skip)) }

// group returns the symbols of row group g the study reads, from the
// symbol column's dictionary when it is complete (every data page uses
// it); known false when that cannot be shown, the chunk has no
// dictionary or it cannot be read (the rows are then read, and report any
// damage). A group of none is recorded as skipped.
func (m *symbolMemo) group(o *pqOpen, k, g int) (held []string, known bool) {
	leaf, c := o.leaf[k], o.cell[k]
	if leaf < 0 || (c.kind != pqText && c.kind != pqInt) {
		return nil, false
	}
	rgs := o.pf.Metadata().RowGroups
	if g >= len(rgs) || leaf >= len(rgs[g].Columns) {
		return nil, false
	}
	md := rgs[g].Columns[leaf].MetaData
	if md.DictionaryPageOffset <= 0 || !dictionaryOnly(md) {
		return nil, false
	}
	defer func() {
		if recover() != nil {
			held, known = nil, false
		}
	}()
	chunk, isFile := o.pf.RowGroups()[g].ColumnChunks()[leaf].(*parquet.FileColumnChunk)
	if !isFile {
		return nil, false
	}
	pages, isFile := chunk.Pages().(*parquet.FilePages)
	if !isFile {
		return nil, false
	}
	defer pages.Close()
	dict, err := pages.ReadDictionary()
	if err != nil || dict == nil {
		return nil, false
	}
	seen := m.seen[0]
	if c.kind == pqInt {
		seen = m.seen[1]
	}
	entries := make([]memoSymbol, dict.Len())
	for i := range entries {
		b := dict.Index(int32(i)).Bytes()
		e, ok := seen[string(b)]
		if !ok {
			name, isText := c.statText(b)
			if !isText {
				return nil, false
			}
			e = memoSymbol{name, m.filt.has(name)}
			seen[string(b)] = e
		}
		entries[i] = e
		if e.read {
			held = append(held, e.name)
		}
	}
	if len(held) == 0 {
		for _, e := range entries {
			m.skip[e.name] = true
		}
	}
	return held, true
}

// dictionaryOnly reports whether every data page of a column chunk is
// dictionary-encoded: from the page encoding statistics when the writer
// gave them, else from its list of encodings, which then may hold only
// the dictionary encodings and those of the levels (PLAIN there would be
// a fallback page, or the dictionary page of a format-2 writer: not
// told apart, so not taken).
func dictionaryOnly(md format.ColumnMetaData) bool {
	dict := func(e format.Encoding) bool { return e == format.PlainDictionary || e == format.RLEDictionary }
	if len(md.EncodingStats) > 0 {
		data := 0
		for _, s := range md.EncodingStats {
			if s.PageType != format.DataPage && s.PageType != format.DataPageV2 {
				continue
			}
			if !dict(s.Encoding) {
				return false
			}
			data++
		}
		return data > 0
	}
	for _, e := range md.Encoding {
		if !dict(e) && e != format.RLE && e != format.BitPacked {
			return false
		}
	}
	return len(md.Encoding) > 0
}

// symbolNumbers are the numbers an integer symbol cell can match among
// the study's symbols (a symbol or its SymbolKey written as a canonical
// decimal integer), sorted.
func symbolNumbers(want map[string]bool) []int64 {
	var out []int64
	for w := range want {
		for _, t := range []string{w, SymbolKey(w)} {
			if n, err := strconv.ParseInt(t, 10, 64); err == nil && strconv.FormatInt(n, 10) == t {
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// intSymbolsOutside reports whether row group g's integer symbol column
// is bounded by its statistics to a non-negative range holding none of
// nums (then no row of the group can be a study symbol's).
func intSymbolsOutside(o *pqOpen, k, g int, nums []int64) bool {
	leaf := o.leaf[k]
	if leaf < 0 || o.cell[k].kind != pqInt {
		return false
	}
	a, z := statBounds(o.stats(g, leaf))
	lo, okA := o.cell[k].statText(a)
	hi, okZ := o.cell[k].statText(z)
	if a == nil || z == nil || !okA || !okZ {
		return false
	}
	l, err1 := strconv.ParseInt(lo, 10, 64)
	h, err2 := strconv.ParseInt(hi, 10, 64)
	if err1 != nil || err2 != nil || l < 0 || l > h {
		return false
	}
	i, _ := slices.BinarySearch(nums, l)
	return i == len(nums) || nums[i] > h
}
