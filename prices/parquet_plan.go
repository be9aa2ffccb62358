package prices

import (
	"fmt"
	"os"
	"strings"

	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/inputerr"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// pqPlan is what a Parquet panel's read decodes: the header (the first
// file's flat columns, then the partition keys), the columns read, and
// one task per row group, skipped when its statistics say so.
type pqPlan struct {
	path  string
	opt   LoadOptions
	files []pqFile
	open  []*pqOpen
	names []string // the canonical header
	read  []bool   // per header column: decoded (else an empty cell)
	L     layout
	tasks []pqTask
	// partSkipped counts the files of symbol partitions not in the
	// study; partNames are those partitions' symbols (Panel.Names).
	partSkipped int
	partNames   []string
	// symNums are the study's symbols as integers (symbolNumbers), for
	// integer symbol columns; syms remembers the dictionaries' symbols
	// and the names of the row groups skipped whose symbols are known
	// (Panel.Names).
	symNums []int64
	syms    *symbolMemo
	// lines maps the canonical text back to files and rows (rowOf).
	lines []pqLines
}

// pqOpen is one open file and where each header column comes from.
type pqOpen struct {
	f    *os.File
	pf   *parquet.File
	leaf []int    // per header column: leaf column index, -1 if none
	def  []int    // per header column: the leaf's max definition level (nulls below it)
	part []string // per header column: partition value when leaf < 0
	cell []pqCell // per header column read from a leaf: how to write it
}

// pqTask is one row group of one file.
type pqTask struct {
	file, group int
	firstRow    int64 // the group's first row in its file (0-based)
	rows        int64
	skip        bool
}

// pqLines says that canonical lines first.. hold rows firstRow.. of file.
type pqLines struct {
	first    int
	file     int
	firstRow int64
}

// planParquet opens the files, reads the header and layout, and decides
// which row groups to read.
func planParquet(path string, files []pqFile, opt LoadOptions) (*pqPlan, error) {
	pl := &pqPlan{path: path, opt: opt, files: files}
	var errs inputerr.InputErrors
	for _, f := range files {
		o, err := openParquet(f.path)
		if err != nil {
			errs.Add(f.path, 0, 0, "not a readable Parquet file ("+err.Error()+")", "check the file; write it again with Spark, DuckDB, Polars or pyarrow")
			continue
		}
		pl.open = append(pl.open, o)
	}
	if err := errs.Err(); err != nil {
		pl.close()
		return nil, err
	}
	pl.header()
	L, what, hint := detectLayout(pl.names, opt, false)
	if what == "" && len(files) > 1 && L.kind != "long" {
		what, hint = fmt.Sprintf("%d Parquet files without a symbol column (header %s)", len(files), strings.Join(quoteAll(pl.names), ",")),
			"a directory of Parquet files is a long panel: give it a symbol (or permno) column, or partition it by symbol (symbol=TMUS/...)"
	}
	if what != "" {
		pl.close()
		return nil, inputerr.InputErrors{{File: files[0].path, What: what, Hint: hint}}
	}
	pl.L = L
	pl.projection()
	for i := range pl.open {
		if err := pl.columns(i); err != nil {
			errs = append(errs, err)
		} else if err := pl.partitionConflict(i); err != nil {
			errs = append(errs, err)
		} else if err := pl.eastOfUTC(i); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errs.Err(); err != nil {
		pl.close()
		return nil, err
	}
	pl.planGroups()
	return pl, nil
}

func openParquet(path string) (o *pqOpen, err error) {
	defer func() {
		if r := recover(); r != nil {
			o, err = nil, fmt.Errorf("damaged footer: %v", r)
		}
	}()
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s", errText(err))
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	pf, err := parquet.OpenFile(f, fi.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		f.Close()
		return nil, err
	}
	return &pqOpen{f: f, pf: pf}, nil
}

func (pl *pqPlan) close() {
	for _, o := range pl.open {
		o.f.Close()
	}
}

// header is the first file's flat columns in schema order, then the
// partition keys no file column has (Spark and DuckDB leave the
// partition columns out of the files).
func (pl *pqPlan) header() {
	seen := map[string]bool{}
	for _, path := range pl.open[0].pf.Schema().Columns() {
		if len(path) == 1 && !seen[path[0]] {
			seen[path[0]] = true
			pl.names = append(pl.names, path[0])
		}
	}
	for _, f := range pl.files {
		for _, p := range f.parts {
			if !seen[p.key] {
				seen[p.key] = true
				pl.names = append(pl.names, p.key)
			}
		}
	}
}

// projection marks the columns decoded: those the loader reads (date,
// symbol, value; for a Compustat file ajexdi and trfd; every column of a
// wide file), the other price columns of a bar (an empty value beside
// them is an invalid observation, missing.go) and the volume.
func (pl *pqPlan) projection() {
	L := pl.L
	pl.read = make([]bool, len(pl.names))
	for i, n := range pl.names {
		norm := normName(n)
		pl.read[i] = L.kind == "wide" || i == L.dateCol || i == L.symCol || i == L.valCol ||
			priceName(norm) || findName([]string{norm}, volumeNames) == 0 ||
			(L.cs != nil && (i == L.cs.ajex || i == L.cs.trf))
	}
}

// readNames are the decoded columns' names (the detection line).
func (pl *pqPlan) readNames() []string {
	var out []string
	for i, n := range pl.names {
		if pl.read[i] {
			out = append(out, n)
		}
	}
	return out
}

// columns finds file i's leaf column (or partition value) of each
// decoded header column.
func (pl *pqPlan) columns(i int) *inputerr.InputError {
	o, f := pl.open[i], pl.files[i]
	n := len(pl.names)
	o.leaf, o.part, o.cell, o.def = make([]int, n), make([]string, n), make([]pqCell, n), make([]int, n)
	schema := o.pf.Schema()
	for k, name := range pl.names {
		o.leaf[k] = -1
		if !pl.read[k] {
			continue
		}
		if lc, ok := schema.Lookup(name); ok && len(lc.Path) == 1 {
			if lc.MaxRepetitionLevel > 0 {
				return &inputerr.InputError{File: f.path, What: fmt.Sprintf("column %q is a list (repeated), not one value per row", name), Hint: "write the panel flat: one row per symbol and date"}
			}
			c, err := cellOf(lc.Node.Type())
			if err != nil {
				return &inputerr.InputError{File: f.path, What: fmt.Sprintf("column %q: %v", name, err), Hint: "cast it to a number, a DATE or a string when writing the file"}
			}
			o.leaf[k], o.cell[k], o.def[k] = lc.ColumnIndex, c, lc.MaxDefinitionLevel
			continue
		}
		found := false
		for _, p := range f.parts {
			if p.key == name {
				o.part[k], found = p.val, true
			}
		}
		if !found {
			return &inputerr.InputError{File: f.path, What: fmt.Sprintf("no column %q, which the first file %s has", name, pl.files[0].path), Hint: "give every file of the panel the same columns"}
		}
	}
	return nil
}

// partitionConflict refuses file i when it has both a symbol partition
// (symbol=TMUS/) and a symbol column whose statistics name another
// symbol: which one is meant cannot be told, and either reading moves a
// firm's prices to another. Row groups without statistics are not
// checked (their rows are not read here).
func (pl *pqPlan) partitionConflict(i int) *inputerr.InputError {
	k := pl.L.symCol
	o, f := pl.open[i], pl.files[i]
	if k < 0 || o.leaf[k] < 0 {
		return nil
	}
	name := pl.names[k]
	for _, p := range f.parts {
		if p.key != name {
			continue
		}
		for g := range o.pf.RowGroups() {
			lo, hi := statBounds(o.stats(g, o.leaf[k]))
			a, okA := o.cell[k].statText(lo)
			z, okZ := o.cell[k].statText(hi)
			if lo == nil || hi == nil || !okA || !okZ || (strings.EqualFold(a, p.val) && strings.EqualFold(z, p.val)) {
				continue
			}
			held := a
			if z != a {
				held = a + " to " + z
			}
			return &inputerr.InputError{File: f.path, What: fmt.Sprintf("column %q holds %s, but the file lies in the partition %s=%s", name, held, name, p.val),
				Hint: "move the file to the partition of its symbols, or drop the column from the file (Spark and DuckDB leave partition columns out)"}
		}
	}
	return nil
}

// eastOfUTC refuses file i when its date column holds UTC instants at
// 12:00 or later (row group statistics; the rows read are checked too,
// pqPlan.group, since Spark writes no statistics for INT96): that is how
// a time-zone-aware date east of UTC is stored (pandas' to_parquet of
// Europe/Berlin midnights, Spark's INT96 timestamps of a Berlin session:
// 22:00 or 23:00 UTC of the day before), and reading its UTC date would
// date every price a day early. Whether such an instant is a local
// midnight of the next day or a time on this day cannot be told from
// the file, so the user says it by writing dates.
func (pl *pqPlan) eastOfUTC(i int) *inputerr.InputError {
	k := pl.L.dateCol
	o, f := pl.open[i], pl.files[i]
	if k < 0 || o.leaf[k] < 0 || !o.cell[k].instant() {
		return nil
	}
	c := o.cell[k]
	for g := range o.pf.RowGroups() {
		lo, hi := statBounds(o.stats(g, o.leaf[k]))
		for _, b := range [][]byte{lo, hi} {
			if at, east := c.eastOfUTC(b); east {
				return eastError(f.path, 0, pl.names[k], at)
			}
		}
	}
	return nil
}

// eastError is eastOfUTC's message for a date column name holding the
// UTC instant at (row 0: the file's statistics).
func eastError(path string, row int, name, at string) *inputerr.InputError {
	return &inputerr.InputError{File: path, Line: row,
		What: fmt.Sprintf("the date column %q holds UTC timestamps at %s (%s UTC): a time-zone-aware date east of UTC is stored so, and its UTC date is the day before the local one", name, at[11:], at),
		Hint: "write the dates as DATE (pandas: df[\"date\"] = df[\"date\"].dt.date; DuckDB: CAST(date AS DATE); Spark: to_date) or as time-zone-naive timestamps"}
}

// planGroups lists every row group and marks those not to read: in a
// symbol partition not in the study, or whose date (and symbol)
// statistics leave them outside every range the study keeps.
func (pl *pqPlan) planGroups() {
	filt := newSymbolFilter(pl.opt.Symbols)
	pl.symNums = symbolNumbers(pl.opt.Symbols)
	pl.syms = newSymbolMemo(filt)
	seenPart := map[string]bool{}
	for i, o := range pl.open {
		partSkip := false
		if pl.L.symCol >= 0 && o.leaf[pl.L.symCol] < 0 {
			if s := o.part[pl.L.symCol]; s != "" && !filt.has(s) {
				partSkip = true
				pl.partSkipped++
				if !seenPart[s] {
					seenPart[s] = true
					pl.partNames = append(pl.partNames, s)
				}
			}
		}
		var first int64
		for g, rg := range o.pf.RowGroups() {
			t := pqTask{file: i, group: g, firstRow: first, rows: rg.NumRows()}
			first += t.rows
			if partSkip {
				continue // the file's groups are not listed: partSkipped counts it
			}
			t.skip = !pl.keepGroup(o, i, g, filt)
			pl.tasks = append(pl.tasks, t)
		}
	}
}

// keepGroup decides from a row group's statistics whether it can hold a
// row the study keeps. Without statistics it is read.
func (pl *pqPlan) keepGroup(o *pqOpen, file, g int, filt *symbolFilter) bool {
	L, opt := pl.L, pl.opt
	if L.kind != "long" {
		return true
	}
	sym, oneSym := pl.groupSymbol(o, file, g)
	if oneSym && !filt.has(sym) {
		pl.syms.skipped(sym)
		return false
	}
	lo, hi, dated := dates.Day(0), dates.Day(0), false
	if opt.Keep != nil && L.kindKnown && o.leaf[L.dateCol] >= 0 {
		lo, hi, dated = o.cell[L.dateCol].statDays(o.stats(g, o.leaf[L.dateCol]))
	}
	if oneSym {
		if r, ranged := opt.Keep[sym]; ranged && dated {
			return overlaps(r, lo, hi)
		}
		return true
	}
	// Several symbols: skipped when every symbol of the study has ranges
	// and the group's dates lie outside all of them, ...
	if opt.Symbols == nil {
		return true
	}
	if dated {
		outside := true
		for w := range opt.Symbols {
			if r, ranged := opt.Keep[w]; !ranged || overlaps(r, lo, hi) {
				outside = false
				break
			}
		}
		if outside {
			return false
		}
	}
	if L.symCol < 0 {
		return true
	}
	// ... or when its symbols (parquet_prune.go) are none of the study's,
	// or only symbols whose ranges its dates miss.
	held, known := pl.syms.group(o, L.symCol, g)
	switch {
	case known && len(held) == 0:
		return false
	case known && dated:
		for _, s := range held {
			if r, ranged := opt.Keep[s]; !ranged || overlaps(r, lo, hi) {
				return true
			}
		}
		return false
	case known:
		return true
	}
	return !intSymbolsOutside(o, L.symCol, g, pl.symNums)
}

// groupSymbol is the one symbol of a row group, when the symbol is a
// partition value or the column's statistics have min = max.
func (pl *pqPlan) groupSymbol(o *pqOpen, file, g int) (string, bool) {
	k := pl.L.symCol
	if k < 0 {
		return "", false
	}
	if o.leaf[k] < 0 {
		return o.part[k], o.part[k] != ""
	}
	lo, hi := statBounds(o.stats(g, o.leaf[k]))
	if lo == nil || string(lo) != string(hi) {
		return "", false
	}
	s, ok := o.cell[k].statText(lo)
	return s, ok
}

// overlaps reports whether a range of rs meets [lo, hi].
func overlaps(rs []DayRange, lo, hi dates.Day) bool {
	for _, r := range rs {
		if r.First <= hi && lo <= r.Last {
			return true
		}
	}
	return false
}

// stats are the statistics of row group g's leaf column; none when the
// footer does not have them.
func (o *pqOpen) stats(g, leaf int) format.Statistics {
	rgs := o.pf.Metadata().RowGroups
	if g >= len(rgs) || leaf >= len(rgs[g].Columns) {
		return format.Statistics{}
	}
	return rgs[g].Columns[leaf].MetaData.Statistics
}
