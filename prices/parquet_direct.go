package prices

import (
	"errors"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/breachlab/eventstudy/dates"
)

// The direct path reads a plain long Parquet panel (a numeric DOUBLE or
// INT value column, a DATE or TIMESTAMP date column, a text or integer
// symbol, no other price column) into the loader's builders without
// writing its rows as text: the values are the ones the text would
// give (a double's shortest decimal reads back as the same double, an
// integer as its float64), and the stages after parsing (merge, prices
// vs returns, series, notes, detection line) are the text path's own,
// with the header and date and number detection run on the text of the
// first row group. Anything else (a null date or symbol, a timestamp off
// midnight, a NaN, a file the later stages find a problem in) goes the
// text way, whose messages name the rows.

// errNotDirect sends a panel back to the text path.
var errNotDirect = errors.New("not a direct panel")

// direct reports whether every file's columns allow the direct path.
func (pl *pqPlan) direct() bool {
	L := pl.L
	if L.kind != "long" || L.cs != nil || L.crsp || !L.kindKnown {
		return false
	}
	for i, n := range pl.names {
		if pl.read[i] && i != L.dateCol && i != L.symCol && i != L.valCol && priceName(normName(n)) {
			return false // an empty value beside a price is invalid, not missing (missing.go)
		}
	}
	for _, o := range pl.open {
		if o.leaf[L.dateCol] < 0 || o.leaf[L.valCol] < 0 {
			return false
		}
		switch o.cell[L.dateCol].kind {
		case pqDate, pqTimestamp:
		default:
			return false
		}
		switch o.cell[L.valCol].kind {
		case pqFloat64, pqInt:
		default:
			return false
		}
		if k := o.leaf[L.symCol]; k >= 0 && o.cell[L.symCol].kind != pqText && o.cell[L.symCol].kind != pqInt {
			return false
		}
		if L.volCol >= 0 {
			if o.leaf[L.volCol] < 0 {
				return false
			}
			switch o.cell[L.volCol].kind {
			case pqFloat64, pqInt:
			default:
				return false
			}
		}
	}
	return true
}

// loadDirect is loadSource for a direct panel; ok false sends it to the
// text path.
func (pl *pqPlan) loadDirect(path string, opt LoadOptions) (*fileResult, bool) {
	// The header, layout and date and number detection read the text of
	// the first rows (sample.go reads at most dateSampleLines).
	var first []byte
	for _, t := range pl.tasks {
		if !t.skip {
			b, err := pl.sampleGroup(t)
			if err != nil {
				return nil, false
			}
			first = b
			break
		}
	}
	sample := newSegReader([][]byte{pl.headerLine(), first})
	fs := &source{r: sample, size: sample.size, tidied: true, steps: []string{pl.step()}}
	fl := &fileLoad{path: path, opt: opt, c: &collector{file: path}, fr: &fileResult{}, fs: fs}
	if !fl.frontDoor() || !fl.readHeader() || !fl.readLayout() || !fl.sample() || fl.L.kind != "long" {
		return nil, false
	}
	fl.fr.layout = fl.L.kind
	fl.keep = opt.Keep != nil && fl.L.kindKnown
	fl.filt = newSymbolFilter(opt.Symbols)
	if !pl.parseDirect(fl) {
		return nil, false
	}
	bs := mergeChunks(fl.parts)
	if fl.keep && unsortedKept(bs) {
		return nil, false
	}
	st, ok := fl.settle(bs)
	if !ok || fl.c.n() > 0 {
		return nil, false
	}
	if !fl.buildSeries(bs, st) || fl.c.n() > 0 {
		return nil, false
	}
	fl.finish(st)
	return fl.fr, true
}

// parseDirect fills fl's chunks (a row group each) on every core.
func (pl *pqPlan) parseDirect(fl *fileLoad) bool {
	var work []pqTask
	for _, t := range pl.tasks {
		if !t.skip {
			work = append(work, t)
		}
	}
	fl.ps = make([]*rowParser, len(work))
	fl.parts = make([][]*builder, len(work))
	var failed atomic.Bool
	var next atomic.Int64
	run := func() {
		for !failed.Load() {
			k := int(next.Add(1) - 1)
			if k >= len(work) {
				return
			}
			p := &rowParser{filter: fl.filt}
			if fl.keep {
				p.keep, p.cal = fl.opt.Keep, fl.opt.KeepCalendar
			}
			bs, err := pl.safeDirectGroup(work[k], p)
			if err != nil {
				failed.Store(true)
				return
			}
			fl.ps[k], fl.parts[k] = p, bs
		}
	}
	var wg sync.WaitGroup
	for range min(len(work), runtime.GOMAXPROCS(0)) - 1 {
		wg.Go(run)
	}
	run()
	wg.Wait()
	if failed.Load() {
		return false
	}
	for _, p := range fl.ps {
		fl.tally.rows += p.rows
		fl.tally.skipped += p.skipped
	}
	return fl.tally.rows > 0
}

// sampleGroup is the text of a row group's first dateSampleLines rows.
func (pl *pqPlan) sampleGroup(t pqTask) (b []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, errNotDirect
		}
	}()
	return pl.group(t, min(t.rows, dateSampleLines))
}

func (pl *pqPlan) safeDirectGroup(t pqTask, p *rowParser) (bs []*builder, err error) {
	defer func() {
		if r := recover(); r != nil {
			bs, err = nil, errNotDirect
		}
	}()
	return pl.directGroup(t, p)
}

// directGroup reads one row group as rowParser.long reads its chunk:
// builders in order of first appearance, unwanted symbols counted and
// listed, rows outside Keep counted by the builders. The columns are
// read whole from their pages' typed values (parquet_column.go).
func (pl *pqPlan) directGroup(t pqTask, p *rowParser) ([]*builder, error) {
	L, o := pl.L, pl.open[t.file]
	chunks := o.pf.RowGroups()[t.group].ColumnChunks()
	n := int(t.rows)
	var syms []string
	if k := o.leaf[L.symCol]; k >= 0 {
		syms = make([]string, 0, n)
		if err := readSymbols(chunks[k], o.def[L.symCol], &syms); err != nil {
			return nil, err
		}
	}
	days := make([]dates.Day, 0, n)
	if err := readDays(chunks[o.leaf[L.dateCol]], o.def[L.dateCol], o.cell[L.dateCol], &days); err != nil {
		return nil, err
	}
	vals, null := make([]float64, 0, n), make([]bool, 0, n)
	if err := readNumbers(chunks[o.leaf[L.valCol]], o.def[L.valCol], &vals, &null); err != nil {
		return nil, err
	}
	if len(days) != n || len(vals) != n || (syms != nil && len(syms) != n) {
		return nil, errNotDirect
	}
	// The volume beside the value (a null is NaN, a missing volume); a
	// negative one goes to the text path, which reports it at its row.
	var vols []float64
	if L.volCol >= 0 {
		var vnull []bool
		vols, vnull = make([]float64, 0, n), make([]bool, 0, n)
		if err := readNumbers(chunks[o.leaf[L.volCol]], o.def[L.volCol], &vols, &vnull); err != nil {
			return nil, err
		}
		if len(vols) != n {
			return nil, errNotDirect
		}
		for r := range vols {
			if vnull[r] {
				vols[r] = math.NaN()
			} else if vols[r] < 0 {
				return nil, errNotDirect
			}
		}
	}
	m := map[string]*builder{}
	var order []*builder
	var last *builder
	part := o.part[L.symCol]
	for r := range n {
		sym := part
		if syms != nil {
			sym = syms[r]
		}
		p.rows++
		if last == nil || sym != last.sym {
			if last = m[sym]; last == nil {
				if sym == "" {
					return nil, errNotDirect
				}
				last = p.newBuilder(sym)
				m[sym] = last
				if last.skip {
					p.unread = append(p.unread, sym)
				} else {
					order = append(order, last)
				}
			}
		}
		if last.skip {
			p.skipped++
			continue
		}
		if last.add(days[r], vals[r], null[r]) && vols != nil {
			last.vols = append(last.vols, vols[r])
		}
	}
	return order, nil
}

// newBuilder is rowParser.long's builder for a new symbol.
func (p *rowParser) newBuilder(s string) *builder {
	b := &builder{sym: s, skip: !p.filter.has(s)}
	if r, ok := p.keep[s]; ok {
		b.keep, b.cal = r, p.cal
		if b.keep == nil {
			b.keep = []DayRange{} // no range: keep no row
		}
		if !b.skip {
			n := calendarDaysIn(b.keep, p.cal)
			b.dates, b.vals = make([]dates.Day, 0, n), make([]float64, 0, n)
		}
	}
	return b
}
