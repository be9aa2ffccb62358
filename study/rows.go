package study

import (
	"github.com/breachlab/eventstudy/dates"
	"math"
	"slices"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/events"
	"github.com/breachlab/eventstudy/prices"
	"github.com/breachlab/eventstudy/results"
)

// PriceIncidents is how many incidents get price rows (prices.csv): the
// report draws one price chart per incident for the first 40 incidents
// (charts.MaxIncidentCharts), so a 10,000-event study does not write
// price paths nobody draws.
const PriceIncidents = 40

// chartedEvents marks the estimated events of the first PriceIncidents
// incidents (an event without an incident is its own), in file order.
func chartedEvents(states []*eventState) []bool {
	marked := make([]bool, len(states))
	seen := map[string]bool{}
	for i, st := range states {
		if st.status != StatusOK {
			continue
		}
		k := st.ev.Incident
		if k == "" {
			k = st.ev.ID
		}
		if !seen[k] {
			if len(seen) == PriceIncidents {
				continue
			}
			seen[k] = true
		}
		marked[i] = true
	}
	return marked
}

func marketOf(st *eventState, in *inputs) string {
	if st.ev.Market != "" {
		return st.ev.Market
	}
	return in.marketName
}

func factorNames(cfg analysis.Config) []string {
	if !cfg.Model.Excess() {
		return nil
	}
	return cfg.Regressors()
}

// attributes pairs the events file's extra text columns with an event's
// cells (nil when there are none, or for a peer portfolio's row). Numeric
// columns are the regression's characteristics, not repeated here.
func attributes(evf *events.File, cells []string) map[string]string {
	names := evf.Attributes
	if len(names) == 0 || len(cells) != len(names) {
		return nil
	}
	var m map[string]string
	for i, n := range names {
		if slices.Contains(evf.Characteristics, n) {
			continue
		}
		if m == nil {
			m = map[string]string{}
		}
		m[n] = cells[i]
	}
	return m
}

func eventRow(st *eventState, cfg analysis.Config, cal *dates.Calendar) results.EventRow {
	ev := st.ev
	r := results.EventRow{
		EventID: ev.ID, Firm: ev.Firm, Incident: ev.Incident, Stage: ev.Stage, Label: ev.Label,
		DateGiven: ev.Date.String(), AnchorRule: string(st.anchor.Rule), Status: st.status, Reason: st.reason,
		Model: string(cfg.Model), Alpha: results.NA, Beta: results.NA, Sigma: results.NA, R2: results.NA,
		Group: ev.Group, Source: ev.Source,
	}
	if r.Group == "" {
		r.Group = "all"
	}
	if st.anchor.Day0 >= 0 && st.anchor.Reason == "" {
		r.Day0 = cal.Days[st.anchor.Day0].String()
		a, b := st.anchor.Day0+cfg.Estimation.T1, st.anchor.Day0+cfg.Estimation.T2
		if a < 0 {
			a = 0
		}
		if b >= 0 && a < cal.Len() {
			if b >= cal.Len() {
				b = cal.Len() - 1
			}
			r.EstStart, r.EstEnd = cal.Days[a].String(), cal.Days[b].String()
		}
	}
	if st.est != nil && st.est.Fit != nil {
		f := st.est.Fit
		r.NEst = results.SomeInt(f.M)
		if len(f.Theta) > 0 && !math.IsNaN(f.Sigma2) {
			r.Alpha = results.Num(f.Theta[0])
			if len(f.Theta) > 1 {
				r.Beta = results.Num(f.Theta[1])
			}
			r.Sigma = results.Num(math.Sqrt(f.Sigma2))
			r.R2 = results.Num(f.R2)
			if cfg.Model.Excess() {
				for _, th := range f.Theta[1:] {
					r.Betas = append(r.Betas, results.Num(th))
				}
			}
		}
	}
	// events.csv has one beta column per factor for every row; an excluded
	// event has them empty.
	for len(r.Betas) < len(factorNames(cfg)) {
		r.Betas = append(r.Betas, results.NA)
	}
	g := garchOf(st)
	r.Garch = garchValues(g) // empty cells unless a garch/egarch fit was used
	if g != nil && !g.Used() {
		// The numbers are the OLS market model's (garch_fallback_ols says
		// why): the model column says so rather than the model asked for.
		r.Model = string(analysis.ModelMarket)
	}
	return r
}

// garchOf is the event's garch or egarch fit, nil when it has none.
func garchOf(st *eventState) *analysis.GarchFit {
	if st.est == nil || st.est.Fit == nil {
		return nil
	}
	return st.est.Fit.Garch
}

// garchValues are the cells of results.GarchColumns: empty when the fit
// was not used (fallback, exclusion) and for the parameters the model
// does not have (γ of garch, ν of normal innovations).
func garchValues(g *analysis.GarchFit) []results.Num {
	if !g.Used() {
		return noGarch
	}
	v := make([]results.Num, len(results.GarchColumns))
	for k := range v {
		v[k] = results.NA
	}
	for k, x := range []float64{g.Omega, g.A, g.B, g.Gamma, g.Nu, g.LogLik} {
		v[k] = results.Num(x)
	}
	return v
}

// noGarch are the empty garch cells of every event without a garch fit,
// one slice shared by their rows (which only read it): a slice per event
// was 100,000 allocations held through the run at 100,000 events. Its
// capacity is its length, so an append copies.
var noGarch = func() []results.Num {
	v := make([]results.Num, len(results.GarchColumns))
	for k := range v {
		v[k] = results.NA
	}
	return v[:len(v):len(v)]
}()

// priceRows are the rebased firm and market levels from 20 days before
// the event window to 20 days after it, 100 on the day before the window,
// and the firm's shares traded each day (vol; nil: empty).
func priceRows(st *eventState, firm, market *returnSeries, vol *prices.Volume, cal *dates.Calendar, cfg analysis.Config) []results.PriceRow {
	const pad = chartPad
	if firm == nil || market == nil {
		return nil
	}
	day0 := st.anchor.Day0
	lo, hi := cfg.EventWindow.T1-pad, cfg.EventWindow.T2+pad
	base := day0 + cfg.EventWindow.T1 - 1
	level := func(a *returnSeries) func(pos int) float64 {
		// Cumulate returns from base, so return series (no P) work too and
		// gaps stay gaps.
		return func(pos int) float64 {
			if pos < 0 || pos >= cal.Len() || base < 0 || base >= cal.Len() {
				return math.NaN()
			}
			v := 100.0
			if pos >= base {
				for k := base + 1; k <= pos; k++ {
					v *= retFactor(a.ret(k), cfg.LogReturns)
				}
			} else {
				for k := pos + 1; k <= base; k++ {
					v /= retFactor(a.ret(k), cfg.LogReturns)
				}
			}
			return v
		}
	}
	fl, ml := level(firm), level(market)
	var rows []results.PriceRow
	for rel := lo; rel <= hi; rel++ {
		pos := day0 + rel
		if pos < 0 || pos >= cal.Len() {
			continue
		}
		rows = append(rows, results.PriceRow{EventID: st.ev.ID, RelDay: rel, Date: cal.Days[pos].String(),
			Firm: results.Num(fl(pos)), Market: results.Num(ml(pos)), Volume: results.Num(volumeOn(vol, cal.Days[pos]))})
	}
	return rows
}

func retFactor(r float64, log bool) float64 {
	if log {
		return math.Exp(r)
	}
	return 1 + r
}

// arRows writes e's ar.csv rows into rows (len(e.AR) entries), one per day
// of its event window: ret, normal_ret, ar, sar and car, the running
// Σ_{s=τ1..τ} AR_s (docs/methodology.md 4.3), empty from the first missing AR
// on. date is calDays[calendar position], empty outside calDays.
func arRows(rows []results.ARRow, e *analysis.EventEstimate, calDays []string, sar2 bool) {
	run := 0.0
	for j := range e.AR {
		date := ""
		if j < len(e.EvtCal) {
			if c := e.EvtCal[j]; c >= 0 && c < len(calDays) {
				date = calDays[c]
			}
		}
		run += e.AR[j] // NaN sticks: empty from the first missing AR on
		rows[j] = results.ARRow{
			EventID:   e.ID,
			RelDay:    e.EvtWindow.T1 + j,
			Date:      date,
			Ret:       results.Num(valueAt(e.Ret, j)),
			NormalRet: results.Num(valueAt(e.NormalRet, j)),
			AR:        results.Num(e.AR[j]),
			SAR:       results.Num(valueAt(e.SAR, j)),
			CAR:       results.Num(run),
			AV:        results.NA,
			SAR2:      results.NA,
		}
		if sar2 {
			s := valueAt(e.SAR, j)
			rows[j].SAR2 = results.Num(s * s)
		}
	}
}

// dayNames are the ISO dates of a calendar's days, made once for all of
// ar.csv's rows: a string per row was 2.1 million allocations and 58 MB
// held until the write at 100,000 events (bench/run.sh SCALE=100m).
func dayNames(days []dates.Day) []string {
	names := make([]string, len(days))
	for i, d := range days {
		names[i] = d.String()
	}
	return names
}

// valueAt is s[i], NaN outside s or where s[i] is ±Inf (an empty cell).
func valueAt(s []float64, i int) float64 {
	if i < 0 || i >= len(s) || math.IsInf(s[i], 0) {
		return math.NaN()
	}
	return s[i]
}

// carRows writes e's car.csv rows into rows, one per window: the
// single-event tests (analysis.SingleEventTests) with the event's id.
func carRows(rows []results.CARRow, e *analysis.EventEstimate, windows []analysis.Window, cfg analysis.Config) {
	carRowsNamed(rows, e, windows, windowNames(windows), cfg)
}

// carRowsNamed is carRows with the windows' names (windowNames) made
// once for every event, not once per row.
func carRowsNamed(rows []results.CARRow, e *analysis.EventEstimate, windows []analysis.Window, names []string, cfg analysis.Config) {
	// On the stack for the usual few windows: a slice per event was
	// 100 MB of garbage at 100,000 events and 8 windows.
	var buf [16]analysis.CARTest
	tests := buf[:0]
	if len(windows) > len(buf) {
		tests = make([]analysis.CARTest, 0, len(windows))
	}
	tests = tests[:len(windows)]
	analysis.SingleEventTests(tests, e, windows, cfg)
	for j, t := range tests {
		rows[j] = carRow(e, t, names[j])
	}
}

// carRow is the car.csv row of one single-event test, window the name of
// t's window; an incomplete window keeps n_days and empty statistics, and
// a missing estimate an empty event id.
func carRow(e *analysis.EventEstimate, t analysis.CARTest, window string) results.CARRow {
	row := results.CARRow{
		Window: window, T1: t.Window.T1, T2: t.Window.T2, NDays: t.NDays,
		CAR: results.Num(t.CAR), SE: results.Num(t.SE), T: results.Num(t.T),
		P: results.Num(t.P), PLower: results.Num(t.PLower), PUpper: results.Num(t.PUpper),
		BHAR: results.Num(t.BHAR),
		SQP:  results.Num(t.SQP), SQPLower: results.Num(t.SQPLower), SQPUpper: results.Num(t.SQPUpper),
		MCap: results.NA, DollarCAR: results.NA, DollarSE: results.NA,
	}
	if e != nil && e.Fit != nil {
		row.EventID = e.ID
	}
	if e != nil && e.MCap > 0 {
		row.MCap = results.Num(e.MCap)
		row.DollarCAR, row.DollarSE = results.Num(t.CAR*e.MCap), results.Num(t.SE*e.MCap)
	}
	if t.Valid {
		row.DF = results.SomeInt(t.DF)
	}
	return row
}

// volatilityRows are e's volatility.csv rows, one per window
// (analysis.Volatility); an incomplete window keeps n_days and empty
// statistics, and a missing estimate an empty event id. names are the
// windows' names (windowNames).
func volatilityRows(rows []results.VolatilityRow, e *analysis.EventEstimate, windows []analysis.Window, names []string) {
	for j, w := range windows {
		t := analysis.Volatility(e, w)
		r := results.VolatilityRow{Window: names[j], T1: w.T1, T2: w.T2, NDays: t.NDays,
			U: results.Num(t.U), Stat: results.Num(t.Stat), P: results.Num(t.P),
			VarianceRatio: results.Num(t.VarianceRatio)}
		if e != nil && e.Fit != nil {
			r.EventID = e.ID
		}
		if t.Valid {
			r.DF = results.SomeInt(t.DF)
		}
		rows[j] = r
	}
}

// aarRows are a group's aar.csv rows: daily[i] are the DailyTests rows
// of aar[i]'s day (runTests).
func aarRows(group string, aar []analysis.AAR, daily [][]results.TestRow) []results.AARRow {
	rows := make([]results.AARRow, len(aar))
	for i, a := range aar {
		r := results.AARRow{Group: group, RelDay: a.RelDay, N: a.N, AAR: results.Num(a.AAR), CAAR: results.Num(a.CAAR)}
		d := daily[i]
		r.TCS, r.PCS = d[0].Statistic, d[0].P
		r.ZPatell, r.PPatell = d[1].Statistic, d[1].P
		r.TBMP, r.PBMP = d[2].Statistic, d[2].P
		r.ZRank, r.PRank = d[3].Statistic, d[3].P
		rows[i] = r
	}
	return rows
}

// windowDays is the n_days of e's car.csv row for window w (carRow): the
// days of w with an abnormal return, 0 without an estimate.
func windowDays(e *analysis.EventEstimate, w analysis.Window) int {
	if e == nil || e.Fit == nil {
		return 0
	}
	_, n := e.CAR(w)
	return n
}
