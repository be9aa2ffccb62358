package prices

import "slices"

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

// Companion reads, for a price series s, the file's other kind of price
// column: an unadjusted close (Close, price, PRC, ...) when s is
// adjusted, an adjusted close when it is not. It returns nil when the
// file has none or cannot be read again. A study calls it only for a
// series with a split-like jump inside an event's windows: comparing the
// two columns on that day tells a real move (both columns move alike)
// from an unadjusted split or a broken adjustment (they differ by the
// split factor).
func Companion(s *Series, df DateFormat) *Series {
	if s == nil || s.IsReturn || s.File == "" {
		return nil
	}
	names := closeNames
	if !AdjustedColumn(s.Column) {
		names = adjustedNames
	}
	for _, name := range names {
		if normName(name) == normName(s.Column) {
			continue
		}
		p, err := Load(s.File, LoadOptions{DateFormat: df, PriceColumn: name, Kind: KindPrices, Symbols: map[string]bool{s.Symbol: true}})
		if err != nil {
			continue
		}
		if c := p.Series[s.Symbol]; c != nil && normName(c.Column) != normName(s.Column) {
			return c
		}
		if len(p.Series) == 1 && p.Layout != "long" {
			for _, c := range p.Series { // a one-series file's symbol is its file name
				if normName(c.Column) != normName(s.Column) {
					return c
				}
			}
		}
	}
	return nil
}
