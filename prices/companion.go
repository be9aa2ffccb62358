package prices

import (
	"github.com/breachlab/eventstudy/dates"
	"slices"
)

// adjustedNames are the names of adjusted-price columns (compared after
// normName): Yahoo's "Adj Close" (web tables: "Adj Close**"), tidyquant's
// "adjusted", CRSP-style "adjprc".
var adjustedNames = append([]string{"adjusted", "adjclose**", "adjclose*"}, adjNames...)

// AdjustedColumn reports whether a value column of that name holds prices
// adjusted for splits (and dividends), in which a split cannot appear.
//
// It stands in for the loader's own record of adjustment (the columns
// part of issue 17) and reads the name only.
func AdjustedColumn(name string) bool {
	return slices.Contains(adjustedNames, normName(name))
}

// Companions reads, for price series of one file and one column, the
// file's other kind of price column: an unadjusted close (Close, price,
// PRC, ...) when the column is adjusted, an adjusted close when it is
// not; the result maps each symbol to its companion series, and is empty
// when the file has no such column or cannot be read again. The file is
// read once for all the symbols. A study calls it only for series with a
// split-like jump: comparing the two columns on that day tells a real
// move (both columns move alike) from an unadjusted split or a broken
// adjustment (they differ by the split factor).
func Companions(file, column string, symbols []string, df dates.DateFormat) map[string]*Series {
	out := map[string]*Series{}
	if file == "" || len(symbols) == 0 {
		return out
	}
	names := closeNames
	if !AdjustedColumn(column) {
		names = adjustedNames
	}
	return companions(file, column, names, symbols, df)
}

// Closes reads, for return series of one file and one column (CRSP RET,
// DlyRet, ...), the file's unadjusted close beside them (PRC, DlyPrc,
// close, ...): the day -1 price of a market cap. A negative CRSP PRC (the
// bid/ask midpoint) is read as its absolute value, as the loader reads
// PRC. The result is empty when the file has no close.
func Closes(file, column string, symbols []string, df dates.DateFormat) map[string]*Series {
	return companions(file, column, closeNames, symbols, df)
}

// CompustatColumn reports whether a value column is Compustat's prccd,
// which the loader reads as prccd / ajexdi * trfd (compustat.go).
func CompustatColumn(name string) bool { return normName(name) == "prccd" }

// CompustatCloses reads, for series of a Compustat Security Daily file,
// prccd as it is: the unadjusted close, the price of a market cap
// (prccd × cshoc). The adjusted price the returns use is scaled by the
// cumulative dividend factor trfd, which would overstate it.
func CompustatCloses(file, column string, symbols []string, df dates.DateFormat) map[string]*Series {
	out := map[string]*Series{}
	if file == "" || len(symbols) == 0 || !CompustatColumn(column) {
		return out
	}
	want := make(map[string]bool, len(symbols))
	for _, s := range symbols {
		want[s] = true
	}
	p, err := Load(file, LoadOptions{DateFormat: df, PriceColumn: column, Kind: KindPrices, Symbols: want, rawPrccd: true})
	if err != nil {
		return out
	}
	for _, sym := range symbols {
		c := p.Series[sym]
		if c == nil && len(p.Series) == 1 && len(symbols) == 1 && p.Layout != "long" {
			for _, one := range p.Series {
				c = one
			}
		}
		if c != nil {
			out[sym] = c
		}
	}
	return out
}

// companions reads the first of names that file has, for symbols.
func companions(file, column string, names, symbols []string, df dates.DateFormat) map[string]*Series {
	out := map[string]*Series{}
	if file == "" || len(symbols) == 0 {
		return out
	}
	want := make(map[string]bool, len(symbols))
	for _, s := range symbols {
		want[s] = true
	}
	for _, name := range names {
		if normName(name) == normName(column) {
			continue
		}
		p, err := Load(file, LoadOptions{DateFormat: df, PriceColumn: name, Kind: KindPrices, Symbols: want})
		if err != nil {
			continue
		}
		for _, sym := range symbols {
			c := p.Series[sym]
			if c == nil && len(p.Series) == 1 && len(symbols) == 1 && p.Layout != "long" {
				for _, one := range p.Series { // a one-series file's symbol is its file name
					c = one
				}
			}
			if c != nil && normName(c.Column) != normName(column) {
				out[sym] = c
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return out
}
