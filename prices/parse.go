package prices

import (
	"fmt"
)

// rowParser streams the data rows of one file into builders. The loops are
// the hot path of a 10-million-row long file: no allocation per row (the
// symbol lookup uses the m[string(b)] idiom, which the compiler does not
// allocate for, and consecutive rows of one symbol skip the map).
type rowParser struct {
	lr      *lineReader
	sp      *splitter
	c       *collector
	L       layout
	dateFmt DateFormat
	nf      int
	names   []string
	filter  map[string]bool
	rows    int // data rows seen
	skipped int // rows of unwanted symbols
}

// fields splits the next non-blank line; ok=false at the end of the input.
// Lines with problems are reported and skipped (bad=true).
func (p *rowParser) fields() (ok, bad bool) {
	line, ok := p.lr.next()
	if !ok {
		return false, false
	}
	if len(line) == 0 || blank(line, p.sp.delim) {
		return true, true
	}
	p.rows++
	if col, err := p.sp.split(line); err != nil {
		p.c.add(p.lr.line, col, "unbalanced or misplaced double quote", `quote whole fields, e.g. "A,B"`)
		return true, true
	}
	if len(p.sp.fields) != p.nf {
		p.c.add(p.lr.line, 0, fmt.Sprintf("%d fields, the header has %d", len(p.sp.fields), p.nf),
			fmt.Sprintf("check the delimiter (%s, detected from the header) and quoting", delimName(p.sp.delim)))
		return true, true
	}
	return true, false
}

func (p *rowParser) date(i int) (Day, bool) {
	f := p.sp.fields[i]
	d, err := ParseDate(f, p.dateFmt)
	if err != nil {
		why := err.Error()
		if de, ok := err.(*dateError); ok {
			why = de.why
		}
		p.c.add(p.lr.line, p.sp.cols[i], "bad date "+quoteField(f), why)
		return 0, false
	}
	return d, true
}

func (p *rowParser) value(i int) (float64, valueStatus) {
	v, st := parseValue(p.sp.fields[i])
	if st == valueBad {
		p.c.add(p.lr.line, p.sp.cols[i], fmt.Sprintf("bad number %s in column %q", quoteField(p.sp.fields[i]), p.names[i]),
			"write a decimal number such as 139.56, or leave the cell empty for a missing value")
	}
	return v, st
}

func (p *rowParser) single(sym string) []*builder {
	b := &builder{sym: sym}
	for {
		ok, bad := p.fields()
		if !ok {
			break
		}
		if bad {
			continue
		}
		d, okd := p.date(p.L.dateCol)
		v, st := p.value(p.L.valCol)
		if okd && st != valueBad {
			b.add(d, v, p.lr.line, st == valueMissing)
		}
	}
	return []*builder{b}
}

func (p *rowParser) long() []*builder {
	m := map[string]*builder{}
	var order []*builder
	var last *builder
	for {
		ok, bad := p.fields()
		if !ok {
			break
		}
		if bad {
			continue
		}
		sym := p.sp.fields[p.L.symCol]
		if last == nil || string(sym) != last.sym {
			prev := last
			last = m[string(sym)]
			if last == nil {
				if len(sym) == 0 {
					p.c.add(p.lr.line, p.sp.cols[p.L.symCol], "empty symbol", "every row needs a symbol")
					continue
				}
				s := string(sym)
				last = &builder{sym: s, skip: p.filter != nil && !p.filter[s]}
				// Panel exports are grouped by symbol with similar
				// history lengths: size the new series like the last
				// one to avoid regrowing the slices.
				if prev != nil && !last.skip && cap(prev.dates) > 0 {
					n := len(prev.dates) + len(prev.dates)/8
					last.dates = make([]Day, 0, n)
					last.vals = make([]float64, 0, n)
					last.lines = make([]int32, 0, n)
				}
				m[s] = last
				if !last.skip {
					order = append(order, last)
				}
			}
		}
		if last.skip {
			p.skipped++
			continue
		}
		d, okd := p.date(p.L.dateCol)
		v, st := p.value(p.L.valCol)
		if okd && st != valueBad {
			last.add(d, v, p.lr.line, st == valueMissing)
		}
	}
	return order
}

func (p *rowParser) wide() []*builder {
	bs := make([]*builder, p.nf)
	for j, n := range p.names {
		if j == p.L.dateCol || (p.filter != nil && !p.filter[n]) {
			continue
		}
		bs[j] = &builder{sym: n, col: j}
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
			if okd && st != valueBad {
				b.add(d, v, p.lr.line, st == valueMissing)
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
