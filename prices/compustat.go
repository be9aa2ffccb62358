package prices

import (
	"fmt"
	"math"
	"slices"

	"github.com/breachlab/eventstudy/dates"
)

// Compustat daily securities (secd, WRDS export): gvkey,iid,datadate,tic,
// prccd,ajexdi,trfd,... prccd is the unadjusted close, ajexdi the
// cumulative adjustment factor for splits and stock dividends, trfd the
// total return factor for cash dividends. WRDS's documented adjusted
// price, whose ratios are total returns, is
//
//	prccd / ajexdi * trfd
//
// (Compustat Xpressfeed "Security Daily", WRDS "Compustat daily returns"
// note). A missing or non-positive ajexdi makes the price missing.
//
// trfd is cumulative: after years of dividends it is far from 1 (1.5, 3,
// ...), so a blank cell read as 1 beside rows that have it would move the
// price by the whole factor, a return of -35 % on the day of the blank
// and +50 % the day after (docs/inputs.md, Compustat). A blank trfd on a
// row of a security that has trfd on other rows is therefore a missing
// day (fileLoad.buildSeries, from the builder's csTrf and csNoTrf); a
// security whose trfd is blank on every row, or a file without the
// column, keeps prccd / ajexdi (no dividend adjustment), noted.

// compustatCols are the column indices a Compustat daily row needs besides
// prccd.
type compustatCols struct {
	ajex, trf int // trf -1: no trfd column (every factor 1, noted)
}

// isCompustat tells a Compustat daily file from its header.
func isCompustat(norm []string) (compustatCols, bool) {
	p, a := findName(norm, []string{"prccd"}), findName(norm, []string{"ajexdi"})
	if p < 0 || a < 0 {
		return compustatCols{}, false
	}
	return compustatCols{ajex: a, trf: findName(norm, []string{"trfd"})}, true
}

// compustat turns the prccd of the current row (v, st) into the adjusted
// price; it runs on the general row path only (a Compustat file has more
// than three columns, so rowParser.quickRow never sees it).
func (p *rowParser) compustat(v float64, st valueStatus) (float64, valueStatus) {
	c := p.L.cs
	p.csRow = csRowNone
	a, ast := p.value(c.ajex)
	if st != valueOK {
		return v, st
	}
	if ast == valueBad {
		return v, valueBad
	}
	if ast == valueMissing || a <= 0 {
		p.csNoAjex++
		return math.NaN(), valueMissing
	}
	t := 1.0
	if c.trf >= 0 {
		tv, tst := p.value(c.trf)
		switch {
		case tst == valueBad:
			return v, valueBad
		case tst == valueMissing:
			p.csRow = csRowNoTrf // decided per security in buildSeries
		default:
			t = tv
			p.csRow = csRowTrf
		}
	} else {
		p.csNoTrf++
	}
	return v / a * t, valueOK
}

// csRow is what the last Compustat row said about trfd (rowParser.csRow).
type csRow int8

const (
	csRowNone  csRow = iota // no trfd column, or no price on the row
	csRowTrf                // the row has trfd
	csRowNoTrf              // the file has a trfd column, blank on this row
)

// compustatTrfd records the last row's trfd status in b (rowParser.addRow),
// for every row, kept or not: a row outside the kept ranges still shows
// that the security has trfd.
func (p *rowParser) compustatTrfd(b *builder, d dates.Day) {
	switch p.csRow {
	case csRowTrf:
		b.csTrf = true
	case csRowNoTrf:
		b.csNoTrf = append(b.csNoTrf, d)
	}
}

// trfdTally counts the rows with a blank trfd per kind of security.
type trfdTally struct {
	mixed, none         int // rows of securities with trfd elsewhere / without any trfd
	mixedSyms, noneSyms []string
}

// blankTrfd applies the blank-trfd rule to b's finished series s: where
// the security has trfd on other rows, its rows without one become missing
// days; a security without any trfd keeps prccd / ajexdi.
func (t *trfdTally) blankTrfd(b *builder, s *Series) {
	if len(b.csNoTrf) == 0 {
		return
	}
	if !b.csTrf {
		t.none += len(b.csNoTrf)
		t.noneSyms = append(t.noneSyms, s.Symbol)
		return
	}
	t.mixed += len(b.csNoTrf)
	t.mixedSyms = append(t.mixedSyms, s.Symbol)
	for _, d := range b.csNoTrf {
		if k, ok := slices.BinarySearch(s.Dates, d); ok {
			for ; k < len(s.Dates) && s.Dates[k] == d; k++ {
				s.Values[k] = math.NaN()
			}
		}
	}
}

// notes are the file's notes on blank trfd cells.
func (t *trfdTally) notes(path string) []string {
	var out []string
	if t.mixed > 0 {
		verb := "has trfd on its other rows"
		if len(t.mixedSyms) > 1 {
			verb = "have trfd on their other rows"
		}
		out = append(out, fmt.Sprintf("%s: trfd missing on %d rows of %s, which %s: price treated as missing (trfd is cumulative; 1 there would move the price by the whole dividend factor)",
			path, t.mixed, listSyms(t.mixedSyms), verb))
	}
	if t.none > 0 {
		out = append(out, fmt.Sprintf("%s: trfd missing on every row of %s (%d rows): taken as 1 (no dividend adjustment)", path, listSyms(t.noneSyms), t.none))
	}
	return out
}

// detail is the detection line's words on blank trfd cells.
func (t *trfdTally) detail() string {
	s := ""
	if t.mixed > 0 {
		s += fmt.Sprintf(" (trfd missing on %d rows of securities with trfd on other rows: price treated as missing)", t.mixed)
	}
	if t.none > 0 {
		s += fmt.Sprintf(" (trfd missing on every row of %d securities, taken as 1: no dividend adjustment there)", len(t.noneSyms))
	}
	return s
}
