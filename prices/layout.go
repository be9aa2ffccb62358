package prices

import (
	"fmt"
	"strings"
)

// normName lower-cases a header name and drops blanks, '_', '-' and '.', so
// "Adj Close", "adj_close" and "AdjClose" compare equal.
func normName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case ' ', '_', '-', '.', '\t':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func findName(norm []string, vocab []string) int {
	for _, v := range vocab {
		for i, n := range norm {
			if n == v {
				return i
			}
		}
	}
	return -1
}

// layout is the result of reading a header.
type layout struct {
	kind    string // "yahoo-file", "long", "wide"
	dateCol int
	symCol  int // long only
	valCol  int // yahoo-file and long
	volCol  int // the volume column read beside the value (LoadOptions.Volume); -1 none
	// kindKnown is set when the value column's name says prices or returns.
	kindKnown bool
	isReturn  bool

	// What the value column's name says (columns.go): a log or a
	// percent-like returns name; for prices, adjusted (for splits at
	// least) or a known unadjusted close, in words for the detection line.
	logName, pctName bool
	adjusted         bool
	unadjusted       bool
	adjWords         string
	over             string   // an unadjusted close passed over for the adjusted column
	ignored          []string // percent-change columns not used ("Change %")
	source           string   // "CRSP daily", "Compustat daily" or ""
	crsp             bool     // CRSP: RET letter codes are missing values
	absPrice         bool     // CRSP PRC: a negative price is the bid/ask midpoint
	cs               *compustatCols
}

// classify sets what the value column's name says.
func (L *layout) classify(norm []string) {
	n := norm[L.valCol]
	one := []string{n}
	switch {
	case findName(one, returnNames) == 0:
		L.kindKnown, L.isReturn = true, true
	case findName(one, logNames) == 0:
		L.kindKnown, L.isReturn, L.logName = true, true, true
	case findName(one, percentNames) == 0:
		L.kindKnown, L.isReturn, L.pctName = true, true, true
	case findName(one, adjNames) == 0 || findName(one, closeNames) == 0:
		L.kindKnown = true
		L.adjusted, L.adjWords = priceAdjustment(n)
		L.unadjusted = !L.adjusted
		if n == "close" && yfinanceHistoryAdjusted(norm) {
			L.adjusted, L.unadjusted, L.adjWords = true, false, yfinanceAdjustedWords+"; the file has Dividends and Stock Splits columns but no Adj Close, as yfinance's history() writes it"
		}
	default:
		L.kindKnown = true // a named price column (--price-column)
		L.adjWords = "adjustment not stated"
	}
}

// detectLayout decides the layout from the header. single forces a
// one-series file (the files of a Yahoo directory). A problem comes back
// as what and hint, empty when the header is understood.
func detectLayout(names []string, opt LoadOptions, single bool) (L layout, what, hint string) {
	norm := make([]string, len(names))
	for i, n := range names {
		norm[i] = normName(n)
	}
	L = layout{dateCol: findName(norm, dateNames), symCol: -1, valCol: -1, volCol: -1}
	if L.dateCol < 0 {
		hint := "name the date column Date (or date)"
		if len(norm) > 1 && norm[0] == "name" {
			hint = "a Datastream export: delete the Name and CURRENCY rows and write Date in the first cell of the Code row; its codes (U:TMUS(RI)) are then the tickers, which the events' firm and --market name"
		}
		return L, fmt.Sprintf("no date column in header %s", strings.Join(quoteAll(names), ",")), hint
	}
	cs, isCS := isCompustat(norm)
	if opt.PriceColumn != "" {
		if what, hint := L.namedValue(names, norm, opt.PriceColumn); what != "" {
			return L, what, hint
		}
	} else {
		L.guessValue(names, norm, isCS)
	}
	L.vendor(norm, cs, isCS && !opt.rawPrccd)
	if !single {
		if isCRSP(norm) {
			// CRSP's permanent number is its key; tickers are reused.
			L.symCol = findName(norm, crspKeys)
		} else {
			L.symCol = findName(norm, symbolNames)
		}
	}
	if what, hint := L.decideKind(names, norm, single); what != "" {
		return L, what, hint
	}
	if L.valCol == L.dateCol && L.kind != "wide" {
		return L, "the value column is the date column", "pass another --price-column"
	}
	if opt.Volume && L.kind != "wide" {
		if c := findName(norm, volumeNames); c >= 0 && c != L.valCol && c != L.dateCol && c != L.symCol {
			L.volCol = c
		}
	}
	if opt.Kind == KindPrices {
		L.kindKnown, L.isReturn = true, false
	} else if opt.Kind == KindReturns {
		L.kindKnown, L.isReturn = true, true
	}
	return L, "", ""
}

// namedValue takes the value column the user named (--price-column),
// by its exact or its normalised name.
func (L *layout) namedValue(names, norm []string, col string) (what, hint string) {
	want := normName(col)
	if IsVolumeColumn(col) {
		return fmt.Sprintf("column %q is trading volume, not a price", col),
			"pass a price or returns column (Adj Close, Close, ret); volume is read from the Volume column by itself"
	}
	for i, n := range norm {
		if names[i] == col || n == want {
			L.valCol = i
			break
		}
	}
	if L.valCol < 0 {
		return fmt.Sprintf("price column %q not in header %s", col, strings.Join(quoteAll(names), ",")),
			"pass one of the header's columns as the price column (--price-column; for a --market file whose columns differ, --market-price-column)"
	}
	L.classify(norm)
	return "", ""
}

// guessValue finds the value column by its name: a vendor's own column,
// else the first of adjusted close, close, returns, log and percent
// returns; it notes an unadjusted close passed over and percent-change
// columns not used.
func (L *layout) guessValue(names, norm []string, isCS bool) {
	switch {
	case isCS:
		L.valCol = findName(norm, []string{"prccd"})
	case isCRSP(norm):
		// RET (with dividends) wins over PRC (unadjusted).
		if L.valCol = findName(norm, crspReturns); L.valCol < 0 {
			L.valCol = findName(norm, crspPrices)
		}
	default:
		for _, vocab := range [][]string{adjNames, closeNames, returnNames, logNames, percentNames} {
			if L.valCol = findName(norm, vocab); L.valCol >= 0 {
				break
			}
		}
	}
	if L.valCol < 0 {
		return
	}
	L.classify(norm)
	if L.adjusted && !isCS {
		if c := findName(norm, closeNames); c >= 0 && !L.isReturn {
			if a, _ := priceAdjustment(norm[c]); !a {
				L.over = names[c]
			}
		}
	}
	if !L.isReturn {
		for i, n := range norm {
			if i != L.valCol && findName([]string{n}, percentNames) == 0 {
				L.ignored = append(L.ignored, names[i])
			}
		}
	}
}

// vendor marks a CRSP or Compustat value column: how its cells read
// (crsp.go, compustat.go) and that it names its source.
func (L *layout) vendor(norm []string, cs compustatCols, isCS bool) {
	if isCRSP(norm) && L.valCol >= 0 {
		// RET letter codes are missing values; a negative PRC is the
		// bid/ask midpoint (crsp.go).
		L.source, L.crsp, L.absPrice = "CRSP daily", true, findName(norm[L.valCol:L.valCol+1], crspPrices) == 0
	}
	if isCS && L.valCol >= 0 && norm[L.valCol] == "prccd" {
		// prccd, found or told, is read as Compustat's adjusted price.
		L.cs, L.source = &cs, "Compustat daily"
		L.kindKnown, L.isReturn = true, false
		L.adjusted, L.unadjusted, L.adjWords = true, false, "prccd / ajexdi * trfd: adjusted for splits and dividends"
	}
}

// decideKind sets the layout's kind: long with a symbol column, one
// series with a value column, else wide (one column per ticker).
func (L *layout) decideKind(names, norm []string, single bool) (what, hint string) {
	const noClose = "use Yahoo's layout Date,Open,High,Low,Close,Adj Close,Volume or pass --price-column"
	switch {
	case L.symCol >= 0:
		L.kind = "long"
		if L.valCol < 0 {
			// symbol, date and exactly one other column: that is the value.
			if len(names) != 3 {
				return fmt.Sprintf("long file (symbol column %q) has no price or return column among %s", names[L.symCol], strings.Join(quoteAll(names), ",")),
					"name the value column adj_close, close, price or ret, or pass --price-column"
			}
			L.valCol = 3 - L.symCol - L.dateCol
		}
	case L.valCol >= 0:
		L.kind = "yahoo-file"
	case single:
		if len(names) != 2 {
			return fmt.Sprintf("no Close or Adj Close column in header %s", strings.Join(quoteAll(names), ",")), noClose
		}
		L.kind, L.valCol = "yahoo-file", 1-L.dateCol
	case findName(norm, yahooNames) >= 0:
		// Open/High/Low/Volume are Yahoo's columns, never tickers: the
		// file lacks its price column rather than being a wide file.
		return fmt.Sprintf("no Close or Adj Close column in header %s", strings.Join(quoteAll(names), ",")), noClose
	default:
		if len(names) < 2 {
			return "header has only a date column",
				"add price columns (wide layout: Date,TMUS,GSPC,...); check the delimiter (comma, semicolon or tab)"
		}
		L.kind = "wide"
	}
	return "", ""
}

func quoteAll(s []string) []string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = fmt.Sprintf("%q", x)
	}
	return q
}

// valCol0 is the column a builder's values came from (wide files keep the
// column index in the builder).
func (L layout) valCol0(b *builder) int {
	if L.kind == "wide" {
		return b.col
	}
	return L.valCol
}
