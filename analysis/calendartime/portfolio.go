// Package calendartime measures long-horizon abnormal performance by
// calendar-time portfolios (Jaffe 1974; Mandelker 1974; Fama 1998;
// Mitchell & Stafford 2000; docs/methodology.md 14): on each calendar day
// (or month) the portfolio holds every firm whose event lies within the
// post-event horizon, and the portfolio's excess return is regressed on a
// factor model; the intercept, Jensen's alpha, is the average abnormal
// return per period. Overlapping events of different firms share calendar
// periods, so the cross-sectional dependence that event-time averages
// ignore is inside the portfolio's own variance.
//
// The package is plain values on calendar positions: the study supplies
// the firms' returns, the factors and the months of the calendar.
package calendartime

import "math"

// Horizon is the post-event window in trading days relative to day 0,
// both ends included (--calendar-time 1,250).
type Horizon struct{ From, To int }

// Len is the number of days in the horizon.
func (h Horizon) Len() int { return h.To - h.From + 1 }

// Firm is one event in the portfolio.
type Firm struct {
	Day0 int       // calendar position of day 0
	R    []float64 // simple returns on positions Day0+From..Day0+To; NaN missing
	MCap float64   // market capitalization on day -1; not > 0: none
}

// Weighting of the portfolio.
const (
	EW = "ew" // equal weights
	VW = "vw" // value weights
)

// Daily is the portfolio on calendar positions 0..n-1: R[t] its return
// (NaN when no firm has a return on t) and N[t] the number of firms with
// one. Equal weights average the firms' returns. Value weights start from
// each firm's day -1 market cap and grow it by the firm's own returns up
// to the day before (a buy-and-hold position, so the weights drift with
// prices as a real portfolio's do; a missing return counts as no change).
func Daily(firms []Firm, h Horizon, n int, weighting string) (r []float64, nf []int) {
	sum := make([]float64, n)
	wsum := make([]float64, n)
	nf = make([]int, n)
	for _, f := range firms {
		w := 1.0
		if weighting == VW {
			w = f.MCap
		}
		for k, x := range f.R {
			t := f.Day0 + h.From + k
			if t < 0 || t >= n {
				continue
			}
			if !math.IsNaN(x) {
				sum[t] += w * x
				wsum[t] += w
				nf[t]++
			}
			if weighting == VW && !math.IsNaN(x) {
				w *= 1 + x
			}
		}
	}
	r = make([]float64, n)
	for t := range r {
		r[t] = math.NaN()
		if nf[t] > 0 && wsum[t] > 0 {
			r[t] = sum[t] / wsum[t]
		}
	}
	return r, nf
}
