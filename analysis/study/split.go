package study

import (
	"fmt"
	"math"
	"sync"

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
//     Adj Close, prices.Companion): if the two columns' ratios that day
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
	ser      *prices.Series // kept only for Companion (its file, symbol, column)
	column   string
	adjusted bool // adjusted prices or returns
	isReturn bool
}

func sourceOf(ser *prices.Series) *seriesSource {
	return &seriesSource{
		ser:      &prices.Series{Symbol: ser.Symbol, File: ser.File, Column: ser.Column, IsReturn: ser.IsReturn},
		column:   ser.Column,
		adjusted: ser.IsReturn || prices.AdjustedColumn(ser.Column),
		isReturn: ser.IsReturn,
	}
}

// companions caches the second price column of each series with a
// split-like jump (prices.Companion reads the file again, once).
type companions struct {
	mu sync.Mutex
	m  map[*seriesSource]*companionOnce
}

type companionOnce struct {
	once sync.Once
	ser  *prices.Series
}

func (c *companions) get(src *seriesSource, df prices.DateFormat) *prices.Series {
	c.mu.Lock()
	if c.m == nil {
		c.m = map[*seriesSource]*companionOnce{}
	}
	o := c.m[src]
	if o == nil {
		o = &companionOnce{}
		c.m[src] = o
	}
	c.mu.Unlock()
	o.once.Do(func() { o.ser = prices.Companion(src.ser, df) })
	return o.ser
}

// judgeSplit applies the rules to a jump of s: it reads the file's
// second price column when s has one, and compares the ratios on the day.
func (in *inputs) judgeSplit(s *returnSeries, f prices.Flag) (bool, string) {
	src := s.src
	if src == nil || src.isReturn {
		return splitVerdict(f, src, math.NaN(), "")
	}
	c := in.companions.get(src, in.dateFormat)
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
