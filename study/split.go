package study

import (
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"math"

	"github.com/breachlab/eventstudy/prices"
)

// A split-like jump (prices.Flag "split_like_jump": a one-day price ratio
// within 3 % of 1.5, 2, 3, 4, 5 or 10, or the inverse, and a move above
// 30 %) is an unadjusted split only if the prices can hold one. A breach
// can move a price by a third in a day (Okta fell 34 % on 2022-09-01,
// ratio 0.663, near a 3-for-2 split), so one ratio proves nothing on its
// own. The rules (docs/choices.md "Split-like jumps"):
//
//  1. The file's other price column decides when it has one (Close beside
//     Adj Close, prices.Companions): if the two columns' ratios that day
//     differ by a split factor, one of them moved by a split the other
//     does not show, which no trade does (an unadjusted split in Close, or
//     a broken adjustment in Adj Close): excluded, suspected_split. If they
//     moved alike, the move is real: kept, with a warning.
//  2. Without a second column, adjusted prices and returns cannot hold a
//     split (Yahoo's Adj Close is split-adjusted; returns are computed
//     across splits): kept, with a warning.
//  3. Unadjusted prices (Close, price, PRC) without a second column: a
//     factor of 3 or more (a one-day fall of 67 % or more, a rise of
//     200 % or more at a split ratio) is taken as a split and excluded; a
//     ratio near 1.5 or 2 is as likely a crash and is kept, with a
//     warning that says how to be sure.
//
// Every kept jump is a manifest warning (code suspected_split) naming the
// day and the ratio.

// splitJudge decides a split-like jump of s: exclude, and why (the text
// that follows the flag's detail in the exclusion or the warning).
type splitJudge func(s *returnSeries, f prices.Flag) (bool, string)

// seriesSource is what the split rules need of a series read: its file,
// symbol and column, and whether it holds adjusted prices or returns.
type seriesSource struct {
	file, symbol, column string
	adjusted             bool // adjusted prices or returns
	isReturn             bool
}

func sourceOf(ser *prices.Series) *seriesSource {
	return &seriesSource{file: ser.File, symbol: ser.Symbol, column: ser.Column,
		adjusted: ser.IsReturn || ser.Adjusted || prices.AdjustedColumn(ser.Column), isReturn: ser.IsReturn}
}

// loadCompanions reads, before the events are estimated, the second price
// column of every price series with a split-like jump (prices.Companions),
// one read per file and column for all its symbols, so a panel with many
// such series is read again once, not once per series.
func (in *inputs) loadCompanions(series map[string]*returnSeries) {
	type fileCol struct{ file, column string }
	flagged := map[fileCol][]string{}
	seen := map[*seriesSource]bool{}
	for _, name := range sortedKeys(series) {
		rs := series[name]
		src := rs.src
		if src == nil || src.isReturn || seen[src] || !hasSplitFlag(rs, in.cal) {
			continue
		}
		seen[src] = true
		k := fileCol{src.file, src.column}
		flagged[k] = append(flagged[k], src.symbol)
	}
	in.companionOf = map[fileCol2]*prices.Series{}
	for k, syms := range flagged {
		for sym, c := range prices.Companions(k.file, k.column, syms, in.dateFormat) {
			in.companionOf[fileCol2{k.file, k.column, sym}] = c
		}
	}
}

// fileCol2 keys a companion series: file, column read and symbol.
type fileCol2 struct{ file, column, symbol string }

func hasSplitFlag(rs *returnSeries, cal *dates.Calendar) bool {
	for _, g := range rs.segs {
		if g.a.P == nil {
			continue
		}
		for _, f := range g.a.Quality(cal) {
			if f.Code == "split_like_jump" {
				return true
			}
		}
	}
	return false
}

// judgeSplit applies the rules to a jump of s: when the file has a second
// price column (loadCompanions), it compares the ratios on the day.
func (in *inputs) judgeSplit(s *returnSeries, f prices.Flag) (bool, string) {
	src := s.src
	if src == nil || src.isReturn {
		return splitVerdict(f, src, math.NaN(), "")
	}
	c := in.companionOf[fileCol2{src.file, src.column, src.symbol}]
	if c == nil {
		return splitVerdict(f, src, math.NaN(), "")
	}
	a := c.AlignRange(in.cal, prices.Simple, f.Pos, f.Pos)
	if len(a.R) != 1 {
		return splitVerdict(f, src, math.NaN(), "")
	}
	return splitVerdict(f, src, 1+a.R[0], c.Column)
}

// splitVerdict is the rules: qc is the ratio of the second column
// (named other) on the jump's day, NaN when there is none.
func splitVerdict(f prices.Flag, src *seriesSource, qc float64, other string) (bool, string) {
	col, adjusted := "", false
	if src != nil {
		col, adjusted = src.column, src.adjusted
	}
	if qc > 0 && !math.IsInf(qc, 0) {
		rel := f.Ratio / qc
		big := math.Max(rel, 1/rel)
		for _, k := range prices.SplitFactors {
			if math.Abs(big/k-1) <= prices.SplitTolerance {
				return true, fmt.Sprintf("the file's %q moved by ratio %.4g that day: the two price columns differ by a factor of %g, a split one of them does not show (unadjusted split or broken adjustment)", other, qc, k)
			}
		}
		if math.Abs(rel-1) <= prices.SplitTolerance {
			return false, fmt.Sprintf("the file's %q moved alike (ratio %.4g): taken as a real move, event kept", other, qc)
		}
		return false, fmt.Sprintf("the file's %q moved by ratio %.4g that day, not by a split factor apart: kept; check the data", other, qc)
	}
	switch {
	case src != nil && src.isReturn:
		return false, "returns cannot hold a split: taken as a real move, event kept"
	case adjusted:
		return false, fmt.Sprintf("prices are adjusted (column %q), which cannot hold a split: taken as a real move, event kept", col)
	case f.Factor >= 3:
		return true, fmt.Sprintf("a one-day move by a factor of %g in unadjusted prices (column %q) is taken as a split; use split-adjusted prices (Adj Close)", f.Factor, col)
	}
	return false, fmt.Sprintf("unadjusted prices (column %q) and no adjusted column to compare: a split and a crash of this size look alike, event kept; use adjusted prices (Adj Close) to be sure", col)
}
