package events

import "math"

// The dollar columns (docs/inputs.md "Shares outstanding"): an extra
// column with one of these names is not a regression characteristic (unless
// Options.Covariates names it) but gives the event's shares outstanding or
// market capitalization, from which the study computes its dollar CAR
// (docs/methodology.md 6.16).
const (
	ColShares    = "shares"     // shares outstanding, in shares
	ColMarketCap = "market_cap" // market capitalization on day -1, in the price's currency
	ColSHROUT    = "shrout"     // CRSP SHROUT: shares outstanding in thousands, read ×1000
)

// dollarScale is the factor a dollar column's cells are multiplied by
// (SHROUT is in thousands); ok is false for any other column.
func dollarScale(name string) (scale float64, ok bool) {
	switch name {
	case ColShares, ColMarketCap:
		return 1, true
	case ColSHROUT:
		return 1000, true
	}
	return 0, false
}

// dollarDetection is the detection line of a dollar column.
func dollarDetection(raw, name string) string {
	switch name {
	case ColSHROUT:
		return "shares outstanding from column " + raw + ": CRSP SHROUT is in thousands, read ×1000"
	case ColMarketCap:
		return "market capitalization (day -1) from column " + raw + ": dollar CARs are car × " + raw
	}
	return "shares outstanding from column " + raw + ": market cap = close on day -1 × shares"
}

// setDollar stores a dollar column's cell in e: NaN when it is missing or
// not a number (the study then warns and leaves the event's dollar fields
// empty; a bad cell is no reason to refuse the file).
func (e *Event) setDollar(name, s string) {
	scale, _ := dollarScale(name)
	v, err := parseNumber(s)
	if err != nil {
		v = math.NaN()
	}
	if name == ColMarketCap {
		e.MarketCap = v
	} else {
		e.Shares = v * scale
	}
}
