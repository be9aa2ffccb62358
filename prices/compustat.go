package prices

import "math"

// Compustat daily securities (secd, WRDS export): gvkey,iid,datadate,tic,
// prccd,ajexdi,trfd,... prccd is the unadjusted close, ajexdi the
// cumulative adjustment factor for splits and stock dividends, trfd the
// total return factor for cash dividends. WRDS's documented adjusted
// price, whose ratios are total returns, is
//
//	prccd / ajexdi * trfd
//
// (Compustat Xpressfeed "Security Daily", WRDS "Compustat daily returns"
// note). A missing trfd (no dividends recorded) counts as 1 and is
// reported; a missing or non-positive ajexdi makes the price missing.

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
			p.csNoTrf++
		default:
			t = tv
		}
	} else {
		p.csNoTrf++
	}
	return v / a * t, valueOK
}
