package study

import (
	"math"
	"slices"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/prices"
)

// GapsTradeToTrade puts the return over a run of days without a price on
// the day trading resumes, spanning n days, with the regressors compounded
// over the same days (--gaps trade-to-trade; Maynes & Rumsey 1993;
// docs/methodology.md 15.1).
const GapsTradeToTrade Gaps = "trade-to-trade"

// WarnTradeToTrade is the manifest warning of an event whose event window
// holds a return spanning more than one trading day.
const WarnTradeToTrade = "trade_to_trade"

// tradeToTrade turns ei's daily returns into trade-to-trade returns
// (docs/methodology.md 15.1). A trade is a day with a valid price and,
// when the firm has volume data (vol, nil without), a volume that is not
// zero: Yahoo shows a day without trades as a zero-volume row carrying
// the last close, which is no new price. On a
// day k that trades after n > 1 days without one, since the trade on day
// k-n (at the earliest the day before the estimation window):
//
//	R_k = P_k/P_{k-n} - 1 (log: ln(P_k/P_{k-n})),   f_k = Π_{d=k-n+1..k} (1+f_d) - 1 (log: Σ f_d)
//
// for every regressor and the risk-free rate, and ei.Span[k] = n; a
// one-day return keeps its value and n = 1; a day without a trade has
// no return and Span NaN. The estimator weights by 1/n and standardizes
// by σ√n (analysis.EventInput.Span). A series without prices (a returns
// file, a peer portfolio) keeps its daily returns. ei's slices may be
// views of the aligned series, so the changed ones are copies.
func tradeToTrade(ei *analysis.EventInput, firm *returnSeries, first int, log bool, noTrade func(pos int) bool) {
	n := len(ei.R)
	ei.Span = make([]float64, n)
	g := firm.seg(first)
	price := func(pos int) float64 {
		if g == nil || g.a.P == nil || pos < g.a.Lo || pos-g.a.Lo >= len(g.a.P) || noTrade(pos) {
			return math.NaN()
		}
		return g.a.P[pos-g.a.Lo]
	}
	daily := func(k int) {
		ei.Span[k] = math.NaN()
		if !math.IsNaN(ei.R[k]) {
			ei.Span[k] = 1
		}
	}
	if g == nil || g.a.P == nil {
		for k := range n {
			daily(k)
		}
		return
	}
	ei.R = slices.Clone(ei.R) // a view of the aligned series
	r := ei.R
	x := make([][]float64, len(ei.X))
	for j := range x {
		x[j] = slices.Clone(ei.X[j])
	}
	rf := slices.Clone(ei.RF)
	last := -1 // input index of the last trade; -1 is the day before first
	if math.IsNaN(price(first - 1)) {
		last = math.MinInt
	}
	for k := range n {
		p := price(first + k)
		if math.IsNaN(p) {
			// No trade: no return, even where the aligned series has one
			// (a zero-volume day's carried price).
			ei.R[k], ei.Span[k] = math.NaN(), math.NaN()
			continue
		}
		if last == math.MinInt { // no earlier trade in reach: span unknown
			ei.R[k], ei.Span[k] = math.NaN(), math.NaN()
			last = k
			continue
		}
		if k-last == 1 {
			daily(k)
			last = k
			continue
		}
		span := k - last
		r[k] = p/price(first+last) - 1
		if log {
			r[k] = math.Log(p / price(first+last))
		}
		for j := range x {
			x[j][k] = compound(ei.X[j][last+1:k+1], log)
		}
		if rf != nil {
			rf[k] = compound(ei.RF[last+1:k+1], log)
		}
		ei.Span[k] = float64(span)
		last = k
	}
	ei.R, ei.X, ei.RF = r, x, rf
}

// zeroVolume reports, for the firm's volume series (nil: none), whether
// the trading day on calendar position pos has a volume of exactly 0.
func zeroVolume(vol *prices.Volume, cal *dates.Calendar) func(pos int) bool {
	return func(pos int) bool {
		if vol == nil || pos < 0 || pos >= cal.Len() {
			return false
		}
		v, ok := vol.On(cal.Days[pos])
		return ok && v == 0
	}
}

// compound is the return over the days of v: Π(1+v)-1, or Σv for log
// returns; NaN when one is missing.
func compound(v []float64, log bool) float64 {
	if log {
		var s float64
		for _, d := range v {
			s += d
		}
		return s
	}
	g := 1.0
	for _, d := range v {
		g *= 1 + d
	}
	return g - 1
}

// multiDay is the number of event-window returns spanning more than one
// trading day (trade-to-trade).
func multiDay(est *analysis.EventEstimate) int {
	n := 0
	if est != nil {
		for _, s := range est.Span {
			if s > 1 {
				n++
			}
		}
	}
	return n
}

// tradeToTradeModel reports whether a model can take trade-to-trade
// returns: the OLS models and market-adjusted, whose only use of a day
// is its own return (no lags, no conditional variance).
func tradeToTradeModel(m analysis.Model) bool {
	switch m {
	case analysis.ModelMarket, analysis.ModelMean, analysis.ModelMarketAdjusted:
		return true
	}
	return m.Excess()
}
