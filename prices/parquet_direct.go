package prices

import (
	"errors"
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
		s := new(pqScratch)
		for !failed.Load() {
			k := int(next.Add(1) - 1)
			if k >= len(work) {
				return
			}
			p := &rowParser{filter: fl.filt}
			if fl.keep {
				p.keep, p.cal = fl.opt.Keep, fl.opt.KeepCalendar
			}
			bs, err := pl.safeDirectGroup(work[k], p, s)
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

func (pl *pqPlan) safeDirectGroup(t pqTask, p *rowParser, s *pqScratch) (bs []*builder, err error) {
	defer func() {
		if r := recover(); r != nil {
			bs, err = nil, errNotDirect
		}
	}()
	return pl.directGroup(t, p, s)
}

// directGroup reads one row group as rowParser.long reads its chunk:
// builders in order of first appearance, unwanted symbols counted and
// listed, rows outside Keep counted by the builders. The columns are
// read whole from their pages' typed values (parquet_column.go) into
// the worker's buffers s.
func (pl *pqPlan) directGroup(t pqTask, p *rowParser, s *pqScratch) ([]*builder, error) {
	L, o := pl.L, pl.open[t.file]
	chunks := o.pf.RowGroups()[t.group].ColumnChunks()
	n := int(t.rows)
	s.runs = s.runs[:0]
	if k := o.leaf[L.symCol]; k >= 0 {
		if err := readSymbols(chunks[k], o.def[L.symCol], s); err != nil {
			return nil, err
		}
	} else {
		s.runs = append(s.runs, symRun{sym: o.part[L.symCol], n: n})
	}
	s.days = s.days[:0]
	if err := readDays(chunks[o.leaf[L.dateCol]], o.def[L.dateCol], o.cell[L.dateCol], s); err != nil {
		return nil, err
	}
	s.vals = s.vals[:0]
	if err := readNumbers(chunks[o.leaf[L.valCol]], o.def[L.valCol], &s.vals, &s.src); err != nil {
		return nil, err
	}
	inRuns := 0
	for _, r := range s.runs {
		inRuns += r.n
	}
	if len(s.days) != n || len(s.vals) != n || inRuns != n {
		return nil, errNotDirect
	}
	days, vals := s.days, s.vals
	// The volume beside the value (a null is NaN, a missing volume); a
	// negative one goes to the text path, which reports it at its row.
	var vols []float64
	if L.volCol >= 0 {
		s.vols = s.vols[:0]
		if err := readNumbers(chunks[o.leaf[L.volCol]], o.def[L.volCol], &s.vols, &s.src); err != nil {
			return nil, err
		}
		if vols = s.vols; len(vols) != n {
			return nil, errNotDirect
		}
		for _, v := range vols {
			if v < 0 {
				return nil, errNotDirect
			}
		}
	}
	m := map[string]*builder{}
	var order []*builder
	r := 0
	for _, run := range s.runs {
		p.rows += run.n
		b := m[run.sym]
		if b == nil {
			if run.sym == "" {
				return nil, errNotDirect
			}
			b = p.newBuilder(run.sym)
			m[run.sym] = b
			if b.skip {
				p.unread = append(p.unread, run.sym)
			} else {
				order = append(order, b)
			}
		}
		end := r + run.n
		if b.skip {
			p.skipped += run.n
			r = end
			continue
		}
		for ; r < end; r++ {
			// A NaN value is a null: a NaN in the file is errNotDirect.
			if b.add(days[r], vals[r], vals[r] != vals[r]) && vols != nil {
				b.vols = append(b.vols, vols[r])
			}
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
