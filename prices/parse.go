package prices

import (
	"encoding/binary"
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"math"
	"slices"
	"strings"
)

// rowParser parses the data rows of one chunk of a file into builders
// (chunks.go runs one per chunk in parallel and merges them). Line
// numbers, in ls.line and in the collected problems, count from the
// chunk's first line. The loops are the hot path of a 10-million-row long
// file: no allocation per row (the symbol lookup uses the m[string(b)]
// idiom, which the compiler does not allocate for, and consecutive rows
// of one symbol skip the map).
type rowParser struct {
	ls      lineScanner
	sp      splitter
	c       collector
	L       layout
	dateFmt dates.DateFormat
	dec     Decimal // the file's decimal convention (decimalUnproven when its sample proved none)
	nf      int
	names   []string
	filter  *symbolFilter         // LoadOptions.Symbols and the names matching them (match.go)
	keep    map[string][]DayRange // LoadOptions.Keep (long files only)
	cal     []dates.Day           // LoadOptions.KeepCalendar
	hint    int                   // rows per symbol of a long file, for presizing (0 = unknown)
	lineLen int                   // mean bytes per line in the file's first rows (0 = unknown)
	rows    int                   // data rows seen
	skipped int                   // rows of unwanted symbols
	month   isoMonth              // the month of the last ISO date (date's fast path)
	// unread are the symbols of a long file that the filter skipped
	// (Panel.Names), each once per chunk.
	unread []string

	// vol is the volume of the row row() or quickRow last read (layout.volCol);
	// volBad the chunk line of the first volume cell that is not a number
	// (0: none) and volBadCell that cell.
	vol        float64
	volBad     int
	volBadCell string

	codes             map[string]int // CRSP missing-return letters met in RET (crsp.go)
	csNoAjex, csNoTrf int            // Compustat rows without ajexdi / without a trfd column (compustat.go)
	csRow             csRow          // the last Compustat row's trfd (compustat.go)
	codeCell          bool           // the last row's value was a CRSP letter code (counted in codes, not as invalid)
}

// isoMonth remembers the month of the last dashed ISO date parsed: a price
// file's dates come a month at a time, so most dates differ from the last
// only in the day, and checking two digits against the month is cheaper
// than parsing and converting the whole date. A date in the month after
// moves it on by arithmetic: a series' rows cross into the next month
// every twenty or so rows, and each crossing would otherwise take the
// general path of a row (rowParser.quickRow declines a date outside the
// month). dates.ParseDate reads a dashed "YYYY-MM-DD" the same under every
// DateFormat, so the month after one it accepted is read alike.
type isoMonth struct {
	prefix uint64    // "YYYY-MM-" as little-endian bytes; 0 = none
	first  dates.Day // the month's first day
	days   int       // days in the month
	y, mo  int       // the month
	next   uint64    // the month after's prefix; 0 = none (after 9999-12)
}

// day returns the date of a "YYYY-MM-DD" field in the remembered month or
// the month after (which it then remembers); ok=false for any other field
// (dates.ParseDate decides those).
func (m *isoMonth) day(f []byte) (dates.Day, bool) {
	if m.prefix == 0 || len(f) != 10 {
		return 0, false
	}
	if p := binary.LittleEndian.Uint64(f); p != m.prefix {
		if p != m.next || m.next == 0 {
			return 0, false
		}
		m.advance()
	}
	d1, d2 := f[8]-'0', f[9]-'0' // bytes: a non-digit wraps above 9
	if d1 > 9 || d2 > 9 {
		return 0, false
	}
	day := int(d1)*10 + int(d2)
	if day < 1 || day > m.days {
		return 0, false
	}
	return m.first + dates.Day(day-1), true
}

// remember sets the month from a field dates.ParseDate accepted as d.
func (m *isoMonth) remember(f []byte, d dates.Day) {
	m.prefix = 0
	if len(f) != 10 || f[4] != '-' || f[7] != '-' {
		return
	}
	y, mo, day := d.Time().Date() // d is f's date
	m.prefix = binary.LittleEndian.Uint64(f)
	m.first = d - dates.Day(day-1)
	m.y, m.mo = y, int(mo)
	m.days = dates.DaysIn(m.y, m.mo)
	m.next = isoPrefix(m.y, m.mo+1)
}

// advance moves the month on to the next (m.next != 0).
func (m *isoMonth) advance() {
	m.first += dates.Day(m.days)
	m.prefix = m.next
	if m.mo++; m.mo > 12 {
		m.y, m.mo = m.y+1, 1
	}
	m.days = dates.DaysIn(m.y, m.mo)
	m.next = isoPrefix(m.y, m.mo+1)
}

// isoPrefix is "YYYY-MM-" as little-endian bytes for month mo of year y
// (mo = 13: January of y+1); 0 past year 9999, which dates.ParseDate
// rejects.
func isoPrefix(y, mo int) uint64 {
	if mo > 12 {
		y, mo = y+1, 1
	}
	if y < 1 || y > 9999 {
		return 0
	}
	b := [8]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + mo/10), byte('0' + mo%10), '-'}
	return binary.LittleEndian.Uint64(b[:])
}

// fields splits the next non-blank line; ok=false at the end of the input.
// Lines with problems are reported and skipped (bad=true).
func (p *rowParser) fields() (ok, bad bool) {
	line, ok := p.ls.next()
	if !ok {
		return false, false
	}
	return true, p.split(line)
}

// split splits line into p.sp.fields; bad=true for a blank line or one
// with a problem (reported).
func (p *rowParser) split(line []byte) (bad bool) {
	if len(line) == 0 || blank(line, p.sp.delim) {
		return true
	}
	p.rows++
	if col, err := p.sp.split(line); err != nil {
		p.c.add(p.ls.line, col, "unbalanced or misplaced double quote", `quote whole fields, e.g. "A,B"`)
		return true
	}
	if len(p.sp.fields) != p.nf {
		p.c.add(p.ls.line, 0, fmt.Sprintf("%d fields, the header has %d", len(p.sp.fields), p.nf),
			fmt.Sprintf("check the delimiter (%s, detected from the header) and quoting", delimName(p.sp.delim)))
		return true
	}
	return false
}

// quickRows turns rowParser.quickRow on (tests compare it with the
// general path).
var quickRows = true

// quickRow reads a row of the common long layout symbol,date,value that
// continues b's run with an ISO date in the current month and a plain
// decimal: the symbol is compared, not searched for, and the date and
// value sit at known offsets. It took a third off the parsing CPU of the
// 10-million-row benchmark file. It reads from rest, the scanner's unread
// bytes, and returns the bytes the row takes with its LF: the line's end
// is the byte after the value (parseDecimalPrefix), where lineScanner.next
// searched the whole line (about 6% of BenchmarkLoadLong's CPU). ok=false
// leaves every other line, any line with a problem, and a row whose LF is
// not in rest (the last of a block or chunk) to the general path, so the
// two paths accept the same rows with the same values and report the same
// errors.
func (p *rowParser) quickRow(rest []byte, b *builder) (d dates.Day, v float64, n int, ok bool) {
	k := len(b.sym)
	if b.skip || !b.plain || len(rest) <= k+12 || rest[k] != p.sp.delim || rest[k+11] != p.sp.delim || string(rest[:k]) != b.sym {
		return 0, 0, 0, false
	}
	if d, ok = p.month.day(rest[k+1 : k+11]); !ok {
		return 0, 0, 0, false
	}
	// the value, then its line's end (CRLF as trimEOL); values of more
	// than 19 bytes (rare) go the general way
	val := rest[k+12:]
	v, e, ok := parseDecimalPrefix(val)
	if !ok {
		return 0, 0, 0, false
	}
	if p.L.volCol == 3 { // symbol,date,value,volume: a plain volume >= 0
		if e >= len(val) || val[e] != p.sp.delim {
			return 0, 0, 0, false
		}
		vol, n, ok := parseDecimalPrefix(val[e+1:])
		if !ok || vol < 0 {
			return 0, 0, 0, false
		}
		p.vol = vol
		e += 1 + n
	}
	if e < len(val) && val[e] == '\r' {
		e++
	}
	if e >= len(val) || val[e] != '\n' {
		return 0, 0, 0, false
	}
	n = k + 12 + e + 1
	return d, v, n, true
}

func (p *rowParser) date(i int) (dates.Day, bool) {
	f := p.sp.fields[i]
	if d, ok := p.month.day(f); ok {
		return d, true
	}
	d, err := dates.ParseDate(f, p.dateFmt)
	if err == nil {
		p.month.remember(f, d)
	}
	if err != nil {
		why := err.Error()
		if de, ok := err.(*dates.Error); ok {
			why = de.Why
		}
		p.c.add(p.ls.line, p.sp.cols[i], "bad date "+quoteField(f), why)
		return 0, false
	}
	return d, true
}

func (p *rowParser) value(i int) (float64, valueStatus) {
	v, st := parseValueIn(p.sp.fields[i], p.dec)
	if st == valueBad && p.L.crsp && p.L.isReturn && i == p.L.valCol {
		if l, ok := crspCode(p.sp.fields[i]); ok {
			if p.codes == nil {
				p.codes = map[string]int{}
			}
			p.codes[l]++
			p.codeCell = true
			return v, valueMissing
		}
	}
	if st == valueBad {
		p.c.add(p.ls.line, p.sp.cols[i], fmt.Sprintf("bad number %s in column %q", quoteField(p.sp.fields[i]), p.names[i]),
			numberHint(p.sp.fields[i], p.dec))
	}
	return v, st
}

// rowsLeft estimates the rows left in the chunk from the mean line length
// of the file's first rows, to size the slices of a one-series or wide
// file (append grows them if the estimate falls short).
func (p *rowParser) rowsLeft() int {
	n := int(p.ls.remaining()/int64(max(p.lineLen, 8))) + 16
	return n + n/16
}

// row reads the date and value of the current row of a one-value layout
// (a one-series or long file): a missing value as missing.go classifies
// it, Compustat's price from its three columns; ok=false when the row has
// a bad date or value (reported).
func (p *rowParser) row() (d dates.Day, v float64, st valueStatus, ok bool) {
	p.codeCell = false
	d, okd := p.date(p.L.dateCol)
	v, st = p.value(p.L.valCol)
	if st == valueMissing {
		v = p.missingValue(p.L.valCol)
	}
	if p.L.cs != nil {
		v, st = p.compustat(v, st)
	}
	if p.L.volCol >= 0 {
		p.vol = p.volume()
	}
	return d, v, st, okd && st != valueBad
}

// volume reads the row's volume cell: NaN when missing; a negative
// volume is reported; a cell that is not a number is remembered
// (volBad), which leaves the file without volume but its prices read.
func (p *rowParser) volume() float64 {
	f := p.sp.fields[p.L.volCol]
	v, st := parseValue(f)
	switch {
	case st == valueBad:
		if p.volBad == 0 {
			p.volBad, p.volBadCell = p.ls.line, string(f)
		}
		return math.NaN()
	case st != valueOK:
		return math.NaN()
	case v < 0:
		p.c.add(p.ls.line, p.sp.cols[p.L.volCol], fmt.Sprintf("volume %s is negative", f),
			"trading volume is a count of shares (>= 0); leave the cell empty when unknown")
		return math.NaN()
	}
	return v
}

// addRow adds a row to b, and its volume when the layout has one.
func (p *rowParser) addRow(b *builder, d dates.Day, v float64, missing bool) {
	if missing && p.codeCell {
		missing = false // a CRSP code: the codes note counts it
	}
	if p.L.cs != nil {
		p.compustatTrfd(b, d)
	}
	if b.add(d, v, missing) && p.L.volCol >= 0 {
		b.vols = append(b.vols, p.vol)
	}
}

func (p *rowParser) single(sym string) []*builder {
	n := p.rowsLeft()
	b := &builder{sym: sym, dates: make([]dates.Day, 0, n), vals: make([]float64, 0, n)}
	if p.L.volCol >= 0 {
		b.vols = make([]float64, 0, n)
	}
	for {
		ok, bad := p.fields()
		if !ok {
			break
		}
		if bad {
			continue
		}
		if d, v, st, ok := p.row(); ok {
			p.addRow(b, d, v, st == valueMissing)
		}
	}
	return []*builder{b}
}

func (p *rowParser) long() []*builder {
	m := map[string]*builder{}
	var order []*builder
	var last, first *builder
	// quickRow reads plain decimals: not in a decimal-comma file, where
	// "1.234" is 1234
	quick := quickRows && p.L.symCol == 0 && p.L.dateCol == 1 && p.L.valCol == 2 && p.dec != DecimalComma &&
		(p.nf == 3 || p.nf == 4 && p.L.volCol == 3)
	for {
		if quick && last != nil {
			if d, v, n, ok := p.quickRow(p.ls.peek(), last); ok {
				p.ls.skip(n)
				p.rows++
				p.addRow(last, d, v, false)
				continue
			}
		}
		line, ok := p.ls.next()
		if !ok {
			break
		}
		if p.split(line) {
			continue
		}
		sym := p.sp.fields[p.L.symCol]
		if last == nil || string(sym) != last.sym {
			prev := last
			last = m[string(sym)]
			if last == nil {
				if len(sym) == 0 {
					p.c.add(p.ls.line, p.sp.cols[p.L.symCol], "empty symbol", "every row needs a symbol")
					continue
				}
				s := string(sym)
				last = &builder{sym: s, skip: !p.filter.has(s),
					plain: !strings.ContainsAny(s, "\" \t"+string(p.sp.delim))}
				if r, ok := p.keep[s]; ok {
					last.keep, last.cal = r, p.cal
					if last.keep == nil {
						last.keep = []DayRange{} // no range: keep no row
					}
				}
				if first == nil {
					first = last
				}
				if !last.skip {
					p.presize(last, prev, first)
				}
				m[s] = last
				if !last.skip {
					order = append(order, last)
				} else {
					p.unread = append(p.unread, s)
				}
			}
		}
		if last.skip {
			p.skipped++
			continue
		}
		if d, v, st, ok := p.row(); ok {
			p.addRow(last, d, v, st == valueMissing)
		}
	}
	return order
}

// calendarDaysIn counts the trading days of cal within the ranges: the
// rows a series read with Keep stores, unless the file has rows off the
// calendar (append grows the slices then).
func calendarDaysIn(ranges []DayRange, cal []dates.Day) int {
	n := 0
	for _, r := range ranges {
		i, _ := slices.BinarySearch(cal, r.First)
		j, found := slices.BinarySearch(cal, r.Last)
		if found {
			j++
		}
		n += j - i
	}
	return n
}

// presize gives a new series of a long file room for its rows, never
// beyond the rows the chunk has left. A series read with Keep is sized by
// its ranges' trading days. Otherwise, as panel exports are grouped by
// symbol with similar history lengths, a series is sized like the
// previous one, or by the hint from the file's first symbol when the
// previous one is the chunk's first (whose run may have begun in the
// chunk before).
func (p *rowParser) presize(b, prev, first *builder) {
	n := p.hint
	if b.keep != nil {
		n = calendarDaysIn(b.keep, p.cal)
	} else if prev != nil && prev != first && !prev.skip {
		n = len(prev.dates)
	} else if prev != nil && !prev.skip {
		n = max(n, len(prev.dates))
	}
	if n <= 0 {
		return
	}
	n += n/16 + 16
	// a row takes more than 8 bytes (symbol, date, value, delimiters)
	n = int(min(int64(n), p.ls.remaining()/8+1))
	b.dates = make([]dates.Day, 0, n)
	b.vals = make([]float64, 0, n)
	if p.L.volCol >= 0 {
		b.vols = make([]float64, 0, n)
	}
}

func (p *rowParser) wide() []*builder {
	bs := make([]*builder, p.nf)
	n := p.rowsLeft()
	for j, name := range p.names {
		if j == p.L.dateCol || !p.filter.has(name) {
			continue
		}
		bs[j] = &builder{sym: name, col: j, dates: make([]dates.Day, 0, n), vals: make([]float64, 0, n)}
	}
	for {
		ok, bad := p.fields()
		if !ok {
			break
		}
		if bad {
			continue
		}
		d, okd := p.date(p.L.dateCol)
		for j, b := range bs {
			if b == nil {
				continue
			}
			v, st := p.value(j)
			if st == valueMissing {
				v = p.missingValue(j)
			}
			if okd && st != valueBad {
				b.add(d, v, st == valueMissing)
			}
		}
	}
	out := bs[:0]
	for _, b := range bs {
		if b != nil {
			out = append(out, b)
		}
	}
	return out
}
