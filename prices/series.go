package prices

import (
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/inputerr"
	"math"
	"sort"
)

// Series is one security's price or return history as read from a file.
type Series struct {
	Symbol   string
	Dates    []dates.Day // strictly ascending (unsorted input is sorted and noted)
	Values   []float64   // price or return; NaN where the cell was invalid (empty, NaN, Inf, null; for prices also <= 0)
	IsReturn bool        // the column holds returns (decimal simple returns after any --returns-unit conversion), not prices
	// Adjusted is set when the prices are adjusted at least for splits
	// (Adj Close, adjusted, Yahoo web's Close*, Compustat's prccd/ajexdi*trfd),
	// so a split cannot show in them; false for returns and for unadjusted
	// or unknown prices.
	Adjusted bool
	Column   string // column used, e.g. "Adj Close", "Close", "ret"
	File     string

	// NonPositive lists the indices into Values of prices that were <= 0 in
	// the file (stored as NaN), so Quality can tell them from empty cells.
	NonPositive []int
	// Invalid lists the indices into Values of invalid observations (an
	// infinite value, or an empty value column beside other prices of the
	// row; see missing.go), stored as NaN. A NaN value in neither list is
	// a missing day, like an absent row.
	Invalid []int

	// Dropped counts the rows outside LoadOptions.Keep: read and checked,
	// not stored. DroppedOffCalendar is how many of them are not trading
	// days of LoadOptions.KeepCalendar (Align adds them to OffCalendar).
	Dropped, DroppedOffCalendar int

	// Volume is the trading volume of each date (LoadOptions.Volume, a
	// long or one-series file with a volume column), NaN where the cell
	// is empty or a missing-value word; nil without a volume column or
	// when a cell could not be read (Panel.VolumeNotes says so).
	Volume []float64
}

// Panel is everything read from a price path.
type Panel struct {
	Series map[string]*Series // key: symbol exactly as in the file (Yahoo dir: file base name without extension)
	Layout string             // "yahoo-dir", "yahoo-file", "long", "wide"
	Detail string             // one line: layout, delimiter, date format, column, prices vs returns
	Files  []string           // every file read (for SHA-256 in the manifest)
	Notes  []string           // non-fatal notes (sorted input, skipped files, invalid cells ...)
	// Names are every symbol the path holds, read or not (a directory's
	// file names, a long file's symbols, a wide file's columns), sorted:
	// a name not found is reported with the nearest of them. A Parquet
	// row group skipped by its integer symbol range adds none.
	Names []string
	// VolumeNotes say which files' volume was not read (LoadOptions.Volume).
	VolumeNotes []string
	// SHA256 maps each of Files to its hex SHA-256 (LoadOptions.SHA256),
	// computed from the loader's reads; a file the loader did not read
	// whole in order is missing (the caller hashes it itself).
	SHA256 map[string]string
}

// Symbols returns the panel's symbols in sorted order.
func (p *Panel) Symbols() []string {
	s := make([]string, 0, len(p.Series))
	for k := range p.Series {
		s = append(s, k)
	}
	sort.Strings(s)
	return s
}

// ValueKind says whether a file holds prices or returns.
type ValueKind int

const (
	KindAuto    ValueKind = iota // from the column name; for wide files and unnamed value columns from the data
	KindPrices                   // price levels
	KindReturns                  // decimal returns
)

// LoadOptions controls Load.
type LoadOptions struct {
	DateFormat dates.DateFormat // dates.DateAuto = detect (ambiguous slash dates are an error asking for --date-format)
	// Decimal is the decimal separator of the value cells; DecimalAuto
	// settles it from the file's first rows (DetectDecimal), an error
	// when they read both ways ("1,234").
	Decimal Decimal
	// PriceColumn names the value column; "" picks Adj Close (adj_close,
	// adjclose) if present, else Close/price/prc, else a returns column
	// (ret, return, returns).
	PriceColumn string
	Symbols     map[string]bool // if non-nil, keep only these symbols
	Kind        ValueKind       // override prices-vs-returns detection
	// ReturnsUnit is the unit of a returns column (--returns-unit);
	// UnitAuto takes it from the column name (ret: decimal, logret: log)
	// and refuses a percent-like name or scale.
	ReturnsUnit ReturnsUnit
	// UnitFlag is the flag that sets this file's unit, which the errors'
	// hints tell the user to pass ("" = --returns-unit; a --market file's
	// is --market-returns-unit). UnitFrom is the flag ReturnsUnit came
	// from, named by "told ..." and the detection line ("" = UnitFlag): a
	// market file without a unit of its own takes --returns-unit's.
	UnitFlag, UnitFrom string

	// Keep, if not nil, limits the series of a long file whose header
	// names the value column (prices or returns) to the rows dated within
	// their symbol's ranges (ascending, disjoint; symbols without ranges
	// keep every row). The other rows are still parsed and checked, and
	// counted in the notes, but not stored: a study keeps only the days
	// its events use. If a kept symbol's dates are not ascending, the file
	// is read again without Keep (sorting and the duplicate check need
	// every row).
	Keep map[string][]DayRange
	// KeepCalendar are the trading days, ascending, against which rows
	// outside Keep are checked (Series.DroppedOffCalendar).
	KeepCalendar []dates.Day
	// Progress, if not nil, is told how far reading has come: the bytes
	// read so far and the size of the file (of a directory's files to
	// read), done rising strictly up to total. It is called from the
	// goroutines that read, one call at a time. A file read a second time
	// (a kept symbol's dates not ascending) is not counted again.
	Progress func(done, total int64)
	// Volume also reads the volume column (volume, vol, shrvol, cshtrd) of
	// a long or one-series file into Series.Volume, in the same pass as
	// the prices and for the same rows (Keep). A negative volume is an
	// error at its line; a cell that is not a number leaves the file's
	// series without volume and a note (Panel.VolumeNotes).
	Volume bool
	// SHA256 computes each file's SHA-256 into Panel.SHA256 from the
	// bytes the loader reads anyway, so a large file is not read a second
	// time to be hashed (the manifest's input hashes).
	SHA256 bool

	meter *readMeter // set by Load from Progress

	// rawPrccd reads a Compustat file's prccd as it is, the unadjusted
	// close, not prccd / ajexdi * trfd (CompustatCloses).
	rawPrccd bool
}

// DayRange is the dates First..Last, inclusive.
type DayRange struct{ First, Last dates.Day }

// builder accumulates one symbol's rows while a file streams by.
type builder struct {
	sym      string
	dates    []dates.Day
	vals     []float64
	vols     []float64 // volumes beside vals (layout.volCol >= 0), else nil
	unsorted bool
	invalid  int  // missing-value cells
	col      int  // source column (wide files)
	skip     bool // symbol not wanted: rows are dropped
	plain    bool // symbol without quote, blank or delimiter (rowParser.quickRow)

	// Every row, kept or not, passes the order check.
	seen              bool
	firstDay, lastDay dates.Day

	keep                []DayRange  // nil: keep every row (LoadOptions.Keep)
	cal                 []dates.Day // LoadOptions.KeepCalendar
	ki, ci              int         // cursors into keep and cal (dates ascend)
	dropped, droppedOff int
	droppedNonPos       int // dropped rows with a price <= 0

	// Compustat (compustat.go): whether a row had trfd, and the dates of
	// the rows whose trfd cell was blank.
	csTrf   bool
	csNoTrf []dates.Day
}

// add adds a row; false when Keep drops it.
func (b *builder) add(d dates.Day, v float64, missing bool) bool {
	if b.seen && d <= b.lastDay {
		b.unsorted = true
	}
	if !b.seen {
		b.seen, b.firstDay = true, d
	}
	b.lastDay = d
	if missing {
		b.invalid++
	}
	if b.keep != nil && !b.kept(d) {
		b.drop(d, v)
		return false
	}
	b.dates = append(b.dates, d)
	b.vals = append(b.vals, v)
	return true
}

// addRun adds rows ds, vs in order as add adds each (a NaN value is a
// missing cell), appending vols[i] beside each kept row when vols is
// not nil; the rows kept by Keep's ranges are copied a block at a time.
// Dates that do not ascend take add's row at a time.
func (b *builder) addRun(ds []dates.Day, vs, vols []float64) {
	if len(ds) == 0 {
		return
	}
	prev, seen := b.lastDay, b.seen
	for _, d := range ds {
		if seen && d <= prev {
			for i := range ds {
				if b.add(ds[i], vs[i], vs[i] != vs[i]) && vols != nil {
					b.vols = append(b.vols, vols[i])
				}
			}
			return
		}
		prev, seen = d, true
	}
	if !b.seen {
		b.seen, b.firstDay = true, ds[0]
	}
	b.lastDay = ds[len(ds)-1]
	for _, v := range vs {
		if v != v {
			b.invalid++
		}
	}
	keep := func(i, j int) {
		b.dates = append(b.dates, ds[i:j]...)
		b.vals = append(b.vals, vs[i:j]...)
		if vols != nil {
			b.vols = append(b.vols, vols[i:j]...)
		}
	}
	if b.keep == nil {
		keep(0, len(ds))
		return
	}
	for i := 0; i < len(ds); {
		for b.ki < len(b.keep) && b.keep[b.ki].Last < ds[i] {
			b.ki++
		}
		j := i
		if b.ki == len(b.keep) {
			j = len(ds)
		} else if r := b.keep[b.ki]; r.First <= ds[i] {
			for j < len(ds) && ds[j] <= r.Last {
				j++
			}
			keep(i, j)
			i = j
			continue
		} else {
			for j < len(ds) && ds[j] < r.First {
				j++
			}
		}
		for ; i < j; i++ {
			b.drop(ds[i], vs[i])
		}
	}
}

// kept reports whether d lies in one of b.keep's ranges; the cursor
// moves forward only, which is right while dates ascend (otherwise the
// file is read again without Keep).
func (b *builder) kept(d dates.Day) bool {
	for b.ki < len(b.keep) && b.keep[b.ki].Last < d {
		b.ki++
	}
	return b.ki < len(b.keep) && b.keep[b.ki].First <= d
}

// drop counts a row outside Keep as the notes and warnings need it.
func (b *builder) drop(d dates.Day, v float64) {
	b.dropped++
	for b.ci < len(b.cal) && b.cal[b.ci] < d {
		b.ci++
	}
	if b.ci == len(b.cal) || b.cal[b.ci] != d {
		b.droppedOff++
	}
	if v <= 0 {
		b.droppedNonPos++
	}
}

// concat appends the rows of the same symbol from later chunks of the
// file, as if one parser had read them all: the order check spans the
// chunk boundaries.
func (b *builder) concat(more []*builder) {
	n := len(b.dates)
	for _, m := range more {
		n += len(m.dates)
	}
	ds, vals, vols := b.dates, b.vals, b.vols
	if cap(ds) < n || cap(vals) < n {
		ds = append(make([]dates.Day, 0, n), b.dates...)
		vals = append(make([]float64, 0, n), b.vals...)
	}
	if vols != nil && cap(vols) < n {
		vols = append(make([]float64, 0, n), b.vols...)
	}
	for _, m := range more {
		if m.seen && b.seen && m.firstDay <= b.lastDay {
			b.unsorted = true
		}
		if m.seen {
			if !b.seen {
				b.seen, b.firstDay = true, m.firstDay
			}
			b.lastDay = m.lastDay
		}
		b.unsorted = b.unsorted || m.unsorted
		b.invalid += m.invalid
		b.dropped += m.dropped
		b.droppedOff += m.droppedOff
		b.droppedNonPos += m.droppedNonPos
		b.csTrf = b.csTrf || m.csTrf
		b.csNoTrf = append(b.csNoTrf, m.csNoTrf...)
		ds = append(ds, m.dates...)
		vals = append(vals, m.vals...)
		vols = append(vols, m.vols...)
	}
	b.dates, b.vals, b.vols = ds, vals, vols
}

// finish sorts the rows if needed and returns the series (values still
// raw: finishValues applies the price rules) and the dates that occur more
// than once, each once, ascending. Line numbers are not kept per row: the
// caller finds the lines of duplicates by reading the file again
// (duplicateLines), which only an invalid file pays for.
func (b *builder) finish(file string, notes *[]string) (*Series, []dates.Day) {
	if b.unsorted {
		idx := make([]int, len(b.dates))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(i, j int) bool { return b.dates[idx[i]] < b.dates[idx[j]] })
		d := make([]dates.Day, len(idx))
		v := make([]float64, len(idx))
		for i, k := range idx {
			d[i], v[i] = b.dates[k], b.vals[k]
		}
		b.dates, b.vals = d, v
		if b.vols != nil {
			vol := make([]float64, len(idx))
			for i, k := range idx {
				vol[i] = b.vols[k]
			}
			b.vols = vol
		}
	}
	var dups []dates.Day
	for i := 1; i < len(b.dates); i++ {
		if b.dates[i] == b.dates[i-1] && (len(dups) == 0 || dups[len(dups)-1] != b.dates[i]) {
			dups = append(dups, b.dates[i])
		}
	}
	if b.unsorted && len(dups) == 0 {
		*notes = append(*notes, fmt.Sprintf("%s: %s: dates were not in ascending order; sorted", file, b.sym))
	}
	return &Series{Symbol: b.sym, Dates: b.dates, Values: b.vals, File: file,
		Dropped: b.dropped, DroppedOffCalendar: b.droppedOff, Volume: b.vols}, dups
}

// finishValues applies the price rules: a price <= 0 is invalid (NaN,
// docs/methodology.md 1.4) and recorded in NonPositive. The count includes the
// dropped rows' (droppedNonPos).
// Invalid observations, stored as +Inf by the row parsers
// (rowParser.missingValue), become NaN and are recorded in Invalid.
func finishValues(s *Series, droppedNonPos int) (nonPositive int) {
	if s.IsReturn {
		for i, v := range s.Values {
			if v > math.MaxFloat64 {
				s.Values[i] = math.NaN()
				s.Invalid = append(s.Invalid, i)
			}
		}
		return 0
	}
	nonPositive = droppedNonPos
	for i, v := range s.Values {
		if v <= 0 {
			s.Values[i] = math.NaN()
			s.NonPositive = append(s.NonPositive, i)
		} else if v > math.MaxFloat64 {
			s.Values[i] = math.NaN()
			s.Invalid = append(s.Invalid, i)
		}
	}
	return nonPositive + len(s.NonPositive)
}

// collector gathers the problems of one file, keeping the first inputerr.MaxReported
// and counting the rest.
type collector struct {
	file string
	errs inputerr.InputErrors
	more int
}

func (c *collector) add(line, col int, what, hint string) {
	if len(c.errs) >= inputerr.MaxReported {
		c.more++
		return
	}
	c.errs.Add(c.file, line, col, what, hint)
}

// addError adds a problem found by a chunk's parser (line already made
// absolute).
func (c *collector) addError(e *inputerr.InputError) {
	if len(c.errs) >= inputerr.MaxReported {
		c.more++
		return
	}
	c.errs = append(c.errs, e)
}

func (c *collector) n() int { return len(c.errs) + c.more }

// flush appends the file's problems (and a count of the unlisted ones) to dst.
func (c *collector) flush(dst *inputerr.InputErrors) {
	*dst = append(*dst, c.errs...)
	if c.more > 0 {
		dst.Add(c.file, 0, 0, fmt.Sprintf("%d more problems not listed", c.more), "fix the ones above and run again")
	}
}
