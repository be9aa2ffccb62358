package study

import (
	"fmt"
	"math"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/calendartime"
	"github.com/breachlab/eventstudy/prices"
	"github.com/breachlab/eventstudy/results"
)

// Calendar-time portfolios (--calendar-time, docs/methodology.md 14.1):
// per group, the equal- and value-weighted portfolios of the primary
// events' firms over the post-event horizon, regressed on the study's
// factor model (FF3, Carhart or FF5 with their risk-free rate) or, for any
// other model, on the market return; one calendar.csv row per group and
// weighting.

// Calendar frequencies (--calendar-freq).
const (
	CalendarDaily   = "daily"
	CalendarMonthly = "monthly"
)

// CalendarFreqs are the values of --calendar-freq.
var CalendarFreqs = []string{CalendarDaily, CalendarMonthly}

// calendarFewFirms is the mean number of firms per period below which a
// calendar-time row is flagged: the portfolio's alpha then rests on the
// fortunes of a handful of firms (Fama 1998 and Mitchell & Stafford 2000
// work with dozens to hundreds).
const calendarFewFirms = 10

// calendarMaxDay is the last post-event day a horizon may reach: every
// event keeps its returns over the horizon, so an absurd one would
// exhaust memory rather than fail with a message.
const calendarMaxDay = 2520

// longHorizon is what the calendar-time step keeps of the aligned returns
// before they are freed: every estimated event's simple returns over the
// horizon, and the market's on the whole calendar.
type longHorizon struct {
	h         calendartime.Horizon
	firm      map[string][]float64 // by event id
	market    []float64
	reference []float64 // --bhar-reference on the calendar; nil without
}

// validateCalendar checks the long-horizon settings.
func (s *Study) validateCalendar() error {
	if s.CalendarTime == nil {
		return s.validateBHAR()
	}
	if w := *s.CalendarTime; w.T1 < 0 {
		return fmt.Errorf("--calendar-time %s: the horizon must follow the event; start it on day 0 or later, e.g. 1,250", w)
	}
	if w := *s.CalendarTime; w.T2 > calendarMaxDay {
		return fmt.Errorf("--calendar-time %s: a horizon past day %d (ten years of trading days) is not supported; shorten it, e.g. 1,1260 for five years", w, calendarMaxDay)
	}
	if !validChoice(s.CalendarFreq, CalendarFreqs) {
		return fmt.Errorf("--calendar-freq %q; use daily or monthly", s.CalendarFreq)
	}
	return nil
}

func validChoice(v string, vs []string) bool {
	for _, c := range vs {
		if v == c {
			return true
		}
	}
	return false
}

// calendarRanges widens the firms' data ranges to the end of their
// events' horizons (the returns the portfolios hold); without
// --calendar-time the ranges are returned as they are.
func calendarRanges(s *Study, ranges map[string][][2]int, states []*eventState, n int) map[string][][2]int {
	if s.CalendarTime == nil {
		return ranges
	}
	w := *s.CalendarTime
	for _, st := range states {
		if st.anchor.Reason != "" || st.anchor.Day0 < 0 {
			continue
		}
		lo, hi := st.anchor.Day0+w.T1, min(st.anchor.Day0+w.T2, n-1)
		if lo <= hi {
			ranges[st.ev.Firm] = append(ranges[st.ev.Firm], [2]int{lo, hi})
		}
	}
	return mergeRanges(ranges)
}

// keepLongHorizon copies, while the series are aligned, the estimated
// events' simple returns over the horizon and the market's returns.
func (p *pipeline) keepLongHorizon() {
	if p.s.CalendarTime == nil {
		return
	}
	w := *p.s.CalendarTime
	n := p.in.cal.Len()
	lh := &longHorizon{h: calendartime.Horizon{From: w.T1, To: w.T2}, firm: map[string][]float64{}}
	if m := p.in.series[p.in.marketName]; m != nil {
		lh.market = append([]float64(nil), m.slice(0, n-1, true)...)
	}
	if p.in.reference != nil {
		lh.reference = p.in.reference.AlignRange(p.in.cal, prices.Simple, 0, n-1).R
	}
	for _, st := range p.states {
		rs := p.in.series[st.ev.Firm]
		if st.status != StatusOK || st.est == nil || rs == nil {
			continue
		}
		lh.firm[st.ev.ID] = append([]float64(nil), rs.slice(st.anchor.Day0+w.T1, st.anchor.Day0+w.T2, true)...)
	}
	p.long = lh
}

// calendarTime makes calendar.csv: per group and weighting one regression.
func (p *pipeline) calendarTime() {
	if p.long == nil {
		return
	}
	p.bharTables()
	fac, model := p.calendarFactors()
	var month []int
	if p.s.CalendarFreq == CalendarMonthly {
		month = make([]int, p.in.cal.Len())
		for t, d := range p.in.cal.Days {
			tm := d.Time()
			month[t] = tm.Year()*12 + int(tm.Month())
		}
	}
	if model == "market" {
		p.warn("", "calendar_time_market", fmt.Sprintf("calendar-time portfolios regressed on the market return %s without a risk-free rate (model %s has no factors; use --model ff3, carhart or ff5 with --factors for Jensen's alpha on excess returns)", p.in.marketName, p.cfg.Model))
	}
	for _, g := range p.groupNames {
		firms, noCap := p.calendarFirms(p.out.Groups[g])
		if len(firms) == 0 {
			continue
		}
		weightings := []string{calendartime.EW}
		switch {
		case noCap == 0:
			weightings = append(weightings, calendartime.VW)
		case p.hasDollar():
			p.warn("", "calendar_time_ew_only", fmt.Sprintf("group %s: %d of %d events have no market cap; only the equal-weighted calendar-time portfolio is formed", g, noCap, len(firms)))
		default:
			p.warn("", "calendar_time_ew_only", fmt.Sprintf("group %s: no market caps (--shares or a market_cap column); only the equal-weighted calendar-time portfolio is formed", g))
		}
		for _, wt := range weightings {
			res := calendartime.Run(firms, p.long.h, p.in.cal.Len(), wt, fac, month)
			p.set.Calendar = append(p.set.Calendar, calendarRow(g, p.s, wt, model, res))
			p.calendarWarnings(g, wt, len(firms), len(fac.Cols), res)
		}
	}
}

// calendarFirms are the portfolio's firms: the group's primary events with
// their horizon returns; noCap counts those without a market cap.
func (p *pipeline) calendarFirms(primary []*analysis.EventEstimate) (firms []calendartime.Firm, noCap int) {
	for _, e := range primary {
		r, ok := p.long.firm[e.ID]
		if !ok {
			continue
		}
		if !(e.MCap > 0) {
			noCap++
		}
		firms = append(firms, calendartime.Firm{Day0: e.Day0, R: r, MCap: e.MCap})
	}
	return firms, noCap
}

// calendarFactors are the regressors: the study's factor model with its
// risk-free rate, else the market return alone.
func (p *pipeline) calendarFactors() (calendartime.Factors, string) {
	if p.cfg.Model.Excess() && len(p.facCols) > 0 {
		names := p.cfg.Model.Factors()
		f := calendartime.Factors{Names: names, Cols: p.facCols, RF: p.rf, Excess: make([]bool, len(names))}
		for j, n := range names {
			f.Excess[j] = n == "Mkt-RF"
		}
		return f, string(p.cfg.Model)
	}
	mkt := p.long.market
	if mkt == nil {
		mkt = make([]float64, p.in.cal.Len())
		for t := range mkt {
			mkt[t] = math.NaN()
		}
	}
	return calendartime.Factors{Names: []string{"market"}, Cols: [][]float64{mkt}, Excess: []bool{false}}, "market"
}

func calendarRow(g string, s *Study, wt, model string, r calendartime.Result) results.CalendarRow {
	row := results.CalendarRow{Group: g, Horizon: s.CalendarTime.String(), Weighting: wt, Model: model,
		Alpha: results.Num(r.Alpha), SE: results.Num(r.SE), T: results.Num(r.T), P: results.Num(r.P),
		NPeriods: r.NPeriods, MeanNFirms: results.Num(r.MeanNFirms), R2: results.Num(r.R2)}
	if !math.IsNaN(r.Alpha) {
		row.DF = results.SomeInt(r.DF)
	}
	return row
}

// calendarWarnings flag a portfolio of few firms, days left out for a
// missing factor, and a regression that could not be fitted.
func (p *pipeline) calendarWarnings(g, wt string, nFirms, k int, r calendartime.Result) {
	where := fmt.Sprintf("group %s, %s portfolio, horizon %s", g, wt, p.s.CalendarTime)
	if math.IsNaN(r.Alpha) {
		p.warn("", "calendar_time_no_fit", fmt.Sprintf("%s: %d periods for %d regressors: no regression, calendar.csv's statistics are empty", where, r.NPeriods, k+1))
		return
	}
	if r.MeanNFirms < calendarFewFirms {
		p.warn("", "calendar_time_few_firms", fmt.Sprintf("%s: %d events, %.2f firms per %s period on average; the alpha rests on few firms", where, nFirms, r.MeanNFirms, p.s.CalendarFreq))
	}
	if r.Dropped > 0 {
		p.warn("", "calendar_time_factor_gap", fmt.Sprintf("%s: %d portfolio days have no factor or risk-free value and are left out", where, r.Dropped))
	}
}
