package analysis

import (
	"math"

	"github.com/breachlab/eventstudy/analysis/results"
)

// SingleEvent is the car.csv row of one event and window (METHODOLOGY.md
// 6.1): the CAR t-test t = CAR/σ_CAR against t_df (df = M-k-1, M-1 for the
// mean and market-adjusted models) with the exact prediction-error
// variance of 4.2 (cfg.CARVar "simple": Lσ²), the BHAR of 4.4 against
// cfg.BHARBenchmark (no test attached), n_days, and the Gelbach, Helland &
// Klick (2013) sample-quantile test on the estimation residuals
// (SampleQuantileTest). When the window has a missing AR (n_days < L) every
// column but n_days is empty.
func SingleEvent(e *EventEstimate, w Window, cfg Config) results.CARRow {
	var row [1]results.CARRow
	SingleEventRows(row[:], e, []Window{w}, cfg)
	return row[0]
}

// SingleEventRows sets dst[j] to SingleEvent(e, windows[j], cfg) for every
// window; the SQ test's running sums of the residuals are made once for
// all of them.
func SingleEventRows(dst []results.CARRow, e *EventEstimate, windows []Window, cfg Config) {
	var sq blockSums // made at the first complete window
	sqReady := false
	for j, w := range windows {
		row, car, ok := carTTest(e, w, cfg)
		if ok {
			if !sqReady {
				sq.init(e.Residual)
				sqReady = true
			}
			lo, up, p, _ := sq.test(w.Len(), car)
			row.SQP, row.SQPLower, row.SQPUpper = results.Num(p), results.Num(lo), results.Num(up)
		}
		dst[j] = row
	}
}

// carTTest is the car.csv row of e and w without the SQ test, the CAR, and
// whether the window is complete (the row has its statistics).
func carTTest(e *EventEstimate, w Window, cfg Config) (row results.CARRow, car float64, ok bool) {
	row = results.CARRow{
		Window: w.String(), T1: w.T1, T2: w.T2,
		CAR: results.NA, SE: results.NA, T: results.NA,
		P: results.NA, PLower: results.NA, PUpper: results.NA,
		BHAR: results.NA,
		SQP:  results.NA, SQPLower: results.NA, SQPUpper: results.NA,
	}
	if e == nil || e.Fit == nil {
		return row, nan, false
	}
	row.EventID = e.ID
	car, row.NDays = e.CAR(w)
	if math.IsNaN(car) {
		return row, car, false
	}
	se := math.Sqrt(e.CARVariance(w, cfg.CARVar == CARVarSimple))
	t := car / se
	df := e.Fit.DF
	p, lo, up := PValues(t, DistT, float64(df))
	row.CAR = results.Num(car)
	row.SE = results.Num(se)
	row.T = results.Num(t)
	row.DF = results.SomeInt(df)
	row.P, row.PLower, row.PUpper = results.Num(p), results.Num(lo), results.Num(up)
	row.BHAR = results.Num(e.BHAR(w, cfg.BHARBenchmark))
	return row, car, true
}
