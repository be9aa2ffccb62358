package prices

import (
	"math"
	"strconv"
)

// A missing day can be written three ways: the row is absent, Yahoo
// writes a row of nulls ("2021-07-15,null,null,null,null,null,null", its
// download format for a day without data), or a wide panel leaves the
// ticker's cell blank. All three are the same missing day and give the
// same returns (Align: no price that day, so the return on it and on the
// day after are missing under --gaps drop, docs/methodology.md 1.3). Two
// spellings are not a missing day but a wrong observation, kept as
// Series.Invalid (an event whose windows hold one is excluded,
// invalid_prices): an infinite value, and an empty or NaN value column in
// a row whose other price columns (Open, High, Low, Close, Adj Close, ...)
// hold prices, as the day did trade and only the column used is broken.

// missingValue is the value a row parser stores for column i, which
// parseValue found missing: NaN for a missing day, +Inf for an invalid
// observation (finishValues turns it into NaN and records it in
// Series.Invalid). It runs only for missing cells, never on the plain
// path.
func (p *rowParser) missingValue(i int) float64 {
	if infinite(p.sp.fields[i]) || (p.L.kind != "wide" && p.otherPrice(i)) {
		return math.Inf(1)
	}
	return math.NaN()
}

// infinite reports whether a cell spells an infinity ("Inf", "-inf",
// "1e999"), which no export uses for a missing value.
func infinite(b []byte) bool {
	v, err := strconv.ParseFloat(string(b), 64)
	if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
		return true
	}
	return err == nil && math.IsInf(v, 0)
}

// otherPrice reports whether the current row holds a positive price in a
// price column other than i (Open, High, Low, Close, Adj Close, ...).
func (p *rowParser) otherPrice(i int) bool {
	for j, f := range p.sp.fields {
		if j == i || j == p.L.dateCol || j == p.L.symCol || j >= len(p.names) || !priceName(normName(p.names[j])) {
			continue
		}
		if v, st := parseValue(f); st == valueOK && v > 0 {
			return true
		}
	}
	return false
}

// ohlNames are the other price columns of a daily bar.
var ohlNames = []string{"open", "high", "low"}

func priceName(n string) bool {
	for _, vocab := range [][]string{adjNames, closeNames, ohlNames} {
		if findName([]string{n}, vocab) == 0 {
			return true
		}
	}
	return false
}
