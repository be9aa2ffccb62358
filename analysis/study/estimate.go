package study

import (
	"fmt"
	"math"

	"github.com/breachlab/eventstudy/analysis"
)

// estimateEvent builds one event's input in event time (security returns,
// regressors, benchmark) from the aligned series and estimates its model.
// Problems become the event's exclusion reason.
func estimateEvent(s *Study, st *eventState, order int, in *inputs, series map[string]*returnSeries, facCols [][]float64, rf []float64) {
	cfg := s.Analysis
	ev := st.ev
	firm := series[ev.Firm]
	if firm == nil {
		st.exclude(ReasonNoPrices, fmt.Sprintf("no price series for %s in %s; %s", ev.Firm, display(s, s.Prices), nearestNames(ev.Firm, in.panel.Names)))
		return
	}
	marketSym := in.marketName
	if ev.Market != "" {
		marketSym = ev.Market
	}
	m := series[marketSym]
	if m == nil {
		st.exclude(ReasonNoMarket, fmt.Sprintf("no price series for the event's market %s", marketSym))
		return
	}
	day0 := st.anchor.Day0
	first, last := day0+cfg.Estimation.T1, day0+cfg.EventWindow.T2
	reason, detail, warnings := firm.quality(in.cal, first, last, in.judgeSplit)
	st.warnings = warnings
	if reason != "" {
		st.exclude(reason, detail)
		return
	}
	if math.IsNaN(firm.ret(day0)) {
		st.exclude(ReasonGapInWindow, fmt.Sprintf("%s has no valid return on day 0 (%s)", ev.Firm, in.cal.Days[day0]))
		return
	}
	span := last - first + 1
	n := in.cal.Len()
	at := func(x []float64, pos int) float64 {
		if pos < 0 || pos >= n || x == nil {
			return math.NaN()
		}
		return x[pos]
	}
	ei := &analysis.EventInput{ID: ev.ID, Firm: ev.Firm, Stage: ev.Stage, Order: order, Day0: day0}
	if first >= 0 && last < n {
		// The estimate keeps slices of Cal: share one array of all
		// positions instead of one per event.
		ei.Cal = in.positions()[first : last+1 : last+1]
	} else {
		ei.Cal = make([]int, span)
		for k := range ei.Cal {
			ei.Cal[k] = first + k
		}
	}
	// Estimate only reads its input and copies what it keeps, so the
	// returns are views of the aligned series where they can be (slice);
	// the firm's are copied when the mask blanks some days.
	ei.R, ei.Bench = firm.slice(first, last, false), m.slice(first, last, true)
	if len(st.mask) > 0 {
		ei.R = append([]float64(nil), ei.R...)
	}
	switch {
	case cfg.Model.Excess():
		ei.X = make([][]float64, len(facCols))
		for j := range ei.X {
			ei.X[j] = make([]float64, span)
		}
		ei.RF = make([]float64, span)
		for k := 0; k < span; k++ {
			pos := first + k
			for j := range ei.X {
				ei.X[j][k] = at(facCols[j], pos)
			}
			ei.RF[k] = 0
			if rf != nil {
				ei.RF[k] = at(rf, pos)
			}
			if cfg.LogReturns {
				// Factor files hold simple returns; the same transform must
				// apply to both sides (METHODOLOGY.md 1.1).
				ei.RF[k] = math.Log1p(ei.RF[k])
				for j := range ei.X {
					ei.X[j][k] = math.Log1p(ei.X[j][k])
				}
			}
		}
	case cfg.Model == analysis.ModelMarket || cfg.Model == analysis.ModelMarketAdjusted:
		ei.X = [][]float64{m.slice(first, last, false)}
	}
	maskEstimation(ei, st.mask)
	est, reason := analysis.Estimate(ei, cfg)
	st.est = est
	if reason == "" {
		return
	}
	detail = reason
	switch reason {
	case analysis.ReasonSingularModel:
		detail = fmt.Sprintf("the regressors of model %s are collinear or constant over the estimation window %s", cfg.Model, cfg.Estimation)
	case analysis.ReasonNoEventReturns:
		detail = fmt.Sprintf("no valid abnormal return in the event window %s: the firm's or the benchmark's returns are missing there", cfg.EventWindow)
	}
	if est != nil && est.Fit != nil && reason == analysis.ReasonShortEstimation {
		detail = fmt.Sprintf("%d valid estimation returns in %s, need %d (--min-est)", est.Fit.M, cfg.Estimation, cfg.MinEst)
		if cfg.Model.Excess() && est.Fit.M == 0 {
			reason, detail = ReasonNoFactors, "no factor data over the estimation window"
		}
	}
	st.exclude(reason, detail)
}
