package study

import (
	"fmt"
	"math"

	"github.com/breachlab/eventstudy/analysis"
)

// ReasonFactorDaysMissing excludes an event of --model factors whose
// estimation window loses too many days to dates the factor file lacks.
const ReasonFactorDaysMissing = "factor_days_missing"

// WarnFactorDaysMissing is the manifest warning of --model factors when
// the factor file lacks trading days within its own date range: those
// days are missing for every event (never filled).
const WarnFactorDaysMissing = "factor_days_missing"

// factorWarnings warns, for --model factors, about the trading days
// between the factor file's first and last date that it has no value for,
// and about a factor file without a risk-free column.
func (p *pipeline) factorWarnings() {
	f, cal := p.in.factors, p.in.cal
	lo, hi := f.Dates[0], f.Dates[len(f.Dates)-1]
	missing, days := 0, 0
	for i, d := range cal.Days {
		if d < lo || d > hi {
			continue
		}
		days++
		for _, col := range p.facCols {
			if math.IsNaN(col[i]) {
				missing++
				break
			}
		}
	}
	if missing > 0 {
		p.warn("", WarnFactorDaysMissing, fmt.Sprintf("%d of the %d trading days from %s to %s have no value for some factor; they are missing in every estimation and event window (an event whose estimation window loses too many is excluded as %s)", missing, days, lo, hi, ReasonFactorDaysMissing))
	}
	if p.rf == nil && p.s.RFColumn != "none" {
		p.warn("", "factors_note", "the factor file has no risk-free column (RF or R_F): model factors explains raw returns, not excess returns; name it with --rf-column, or pass --rf-column none")
	}
}

// factorDaysReason turns a short estimation of --model factors into
// factor_days_missing when the days the factor file lacks are what made
// it short: with them the window would have reached --min-est.
func factorDaysReason(cfg analysis.Config, est *analysis.EventEstimate, facCols [][]float64, first int, reason, detail string) (string, string) {
	if est == nil || est.Fit == nil {
		return reason, detail
	}
	lacking := 0
	for k := 0; k < cfg.Estimation.Len(); k++ {
		pos := first + k
		for _, col := range facCols {
			if pos >= 0 && pos < len(col) && math.IsNaN(col[pos]) {
				lacking++
				break
			}
		}
	}
	if lacking == 0 || est.Fit.M+lacking < cfg.MinEst {
		return reason, detail
	}
	return ReasonFactorDaysMissing, fmt.Sprintf("%d of the estimation window's %d days have no factor values, leaving %d valid estimation returns, need %d (--min-est)", lacking, cfg.Estimation.Len(), est.Fit.M, cfg.MinEst)
}

// factorEventReason turns no_event_returns of a factor model into
// no_factors when the factor file has no value on any day of the event
// window (it ends before the event, or starts after it): the firm's and
// the market's returns are not what is missing.
func factorEventReason(cfg analysis.Config, facCols [][]float64, day0 int, in *inputs, reason, detail string) (string, string) {
	lo, hi := day0+cfg.EventWindow.T1, day0+cfg.EventWindow.T2
	if lo < 0 || hi >= in.cal.Len() {
		return reason, detail
	}
	for pos := lo; pos <= hi; pos++ {
		all := true
		for _, col := range facCols {
			if pos >= len(col) || math.IsNaN(col[pos]) {
				all = false
				break
			}
		}
		if all {
			return reason, detail
		}
	}
	return ReasonNoFactors, fmt.Sprintf("the factor file has no factor values on any day of the event window %s (%s to %s); use a factor file that covers the event, or a model without factors",
		cfg.EventWindow, in.cal.Days[lo], in.cal.Days[hi])
}
