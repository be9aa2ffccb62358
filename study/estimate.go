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
	cfg := st.config(s.Analysis)
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
	ei := eventInput(cfg, st, order, in, firm, m, facCols, rf)
	if math.IsNaN(value0(ei, day0-first)) {
		st.exclude(ReasonGapInWindow, fmt.Sprintf("%s has no valid return on day 0 (%s)", ev.Firm, in.cal.Days[day0]))
		return
	}
	est, reason := analysis.Estimate(ei, cfg)
	st.est = est
	if reason != "" {
		reason, detail := estimationReason(cfg, est, reason)
		if reason == analysis.ReasonShortEstimation && cfg.Model == analysis.ModelFactors {
			reason, detail = factorDaysReason(cfg, est, facCols, first, reason, detail)
		}
		if reason == analysis.ReasonNoEventReturns && cfg.Model.Excess() {
			reason, detail = factorEventReason(cfg, facCols, day0, in, reason, detail)
		}
		st.exclude(reason, detail)
	}
}

// eventInput is the event's input in event time, from the day before its
// estimation window to the end of its event window: the firm's returns
// (masked with --mask-confounding), the benchmark, and the model's
// regressors (the market, or the factors with the risk-free rate).
func eventInput(cfg analysis.Config, st *eventState, order int, in *inputs, firm, m *returnSeries, facCols [][]float64, rf []float64) *analysis.EventInput {
	ev, day0 := st.ev, st.anchor.Day0
	first, last := day0+cfg.Estimation.T1, day0+cfg.EventWindow.T2
	span := last - first + 1
	n := in.cal.Len()
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
		ei.X, ei.RF = factorInputs(cfg, first, span, n, facCols, rf)
	case cfg.Model.UsesMarket():
		ei.X = [][]float64{m.slice(first, last, false)}
	}
	if in.gaps == GapsTradeToTrade {
		vol := in.volume[st.ev.Firm]
		if vol == nil {
			vol = in.volume[in.symbol(st.ev.Firm)]
		}
		tradeToTrade(ei, firm, first, cfg.LogReturns, zeroVolume(vol, in.cal))
	}
	maskEstimation(ei, st.mask)
	return ei
}

// value0 is ei.R[k], NaN outside it.
func value0(ei *analysis.EventInput, k int) float64 {
	if k < 0 || k >= len(ei.R) {
		return math.NaN()
	}
	return ei.R[k]
}

// factorInputs are a factor model's regressors and risk-free rate on the
// span calendar positions from first (NaN outside the calendar; a
// missing RF column is 0).
func factorInputs(cfg analysis.Config, first, span, n int, facCols [][]float64, rf []float64) (x [][]float64, rfs []float64) {
	at := func(x []float64, pos int) float64 {
		if pos < 0 || pos >= n || x == nil {
			return math.NaN()
		}
		return x[pos]
	}
	x = make([][]float64, len(facCols))
	for j := range x {
		x[j] = make([]float64, span)
	}
	rfs = make([]float64, span)
	for k := 0; k < span; k++ {
		pos := first + k
		for j := range x {
			x[j][k] = at(facCols[j], pos)
		}
		rfs[k] = 0
		if rf != nil {
			rfs[k] = at(rf, pos)
		}
		if cfg.LogReturns {
			// Factor files hold simple returns; the same transform must
			// apply to both sides (docs/methodology.md 1.1).
			rfs[k] = math.Log1p(rfs[k])
			for j := range x {
				x[j][k] = math.Log1p(x[j][k])
			}
		}
	}
	return x, rfs
}

// estimationReason is the exclusion reason and detail of an estimate
// that failed with analysis' reason code.
func estimationReason(cfg analysis.Config, est *analysis.EventEstimate, reason string) (string, string) {
	detail := reason
	switch reason {
	case analysis.ReasonSingularModel:
		detail = fmt.Sprintf("the regressors of model %s are collinear or constant over the estimation window %s", cfg.Model, cfg.Estimation)
	case analysis.ReasonNoEventReturns:
		detail = fmt.Sprintf("no valid abnormal return in the event window %s: the firm's or the benchmark's returns are missing there", cfg.EventWindow)
	case analysis.ReasonLagsBeyondData:
		lags, leads, fix := 1, 1, "use --model market"
		if cfg.Model == analysis.ModelMarketDimson {
			lags, leads, fix = cfg.DimsonLags, cfg.DimsonLeads, "lower --dimson-lags or --dimson-leads"
		}
		m := 0
		if est != nil && est.Fit != nil {
			m = est.Fit.M
		}
		detail = fmt.Sprintf("%d estimation days of %s have the %d lagged and %d leading market returns --model %s needs, need %d (--min-est); %s, or lengthen --estimation",
			m, cfg.Estimation, lags, leads, cfg.Model, cfg.MinEst, fix)
	case analysis.ReasonShortGarch:
		detail = fmt.Sprintf("%d valid estimation returns in %s, --model %s needs %d; lengthen --estimation or use --model market", est.Fit.M, cfg.Estimation, cfg.Model, analysis.MinGarchObs)
	}
	if est != nil && est.Fit != nil && reason == analysis.ReasonShortEstimation {
		detail = fmt.Sprintf("%d valid estimation returns in %s, need %d (--min-est)", est.Fit.M, cfg.Estimation, cfg.MinEst)
		if cfg.Model.Excess() && est.Fit.M == 0 {
			reason, detail = ReasonNoFactors, "no factor data over the estimation window"
		}
	}
	return reason, detail
}
