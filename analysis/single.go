package analysis

import "math"

// CARTest is the single-event test of one event and window (docs/methodology.md
// 6.1), one car.csv row once the study adds the event's id: the CAR t-test
// t = CAR/σ_CAR against t_df (df = M-k-1, M-1 for the mean and
// market-adjusted models) with the exact prediction-error variance of 4.2
// (cfg.CARVar "simple": Lσ²), the BHAR of 4.4 against cfg.BHARBenchmark
// (no test attached), and the Gelbach, Helland & Klick (2013)
// sample-quantile test on the estimation residuals (SampleQuantileTest).
// When the window has a missing AR (Valid false) every statistic is NaN
// and DF 0.
type CARTest struct {
	Window Window
	NDays  int  // days of the window with a valid abnormal return
	Valid  bool // the CAR exists: the statistics below are set
	CAR    float64
	SE     float64 // σ_CAR
	T      float64
	DF     int
	// P is the two-sided p-value of T, PLower and PUpper the one-sided ones
	// (docs/methodology.md 6.0).
	P, PLower, PUpper float64
	BHAR              float64
	// SQP, SQPLower, SQPUpper are the sample-quantile test's p-values.
	SQP, SQPLower, SQPUpper float64
}

// SingleEvent is the single-event test of e over w (CARTest).
func SingleEvent(e *EventEstimate, w Window, cfg Config) CARTest {
	var t [1]CARTest
	SingleEventTests(t[:], e, []Window{w}, cfg)
	return t[0]
}

// SingleEventTests sets dst[j] to SingleEvent(e, windows[j], cfg) for every
// window; the SQ test's running sums of the residuals are made once for
// all of them.
func SingleEventTests(dst []CARTest, e *EventEstimate, windows []Window, cfg Config) {
	var sq blockSums // made at the first complete window
	sqReady := false
	for j, w := range windows {
		t := carTTest(e, w, cfg)
		if t.Valid {
			if !sqReady {
				sq.init(e.Residual)
				sqReady = true
			}
			t.SQPLower, t.SQPUpper, t.SQP, _ = sq.test(w.Len(), t.CAR)
		}
		dst[j] = t
	}
}

// carTTest is the test of e and w without the SQ test.
func carTTest(e *EventEstimate, w Window, cfg Config) CARTest {
	t := CARTest{Window: w, CAR: nan, SE: nan, T: nan, P: nan, PLower: nan, PUpper: nan,
		BHAR: nan, SQP: nan, SQPLower: nan, SQPUpper: nan}
	if e == nil || e.Fit == nil {
		return t
	}
	car, n := e.CAR(w)
	t.NDays = n
	if math.IsNaN(car) {
		return t
	}
	t.Valid, t.CAR = true, car
	t.SE = math.Sqrt(e.CARVariance(w, cfg.CARVar == CARVarSimple))
	t.T = car / t.SE
	t.DF = e.Fit.DF
	t.P, t.PLower, t.PUpper = PValues(t.T, DistT, float64(t.DF))
	t.BHAR = e.BHAR(w, cfg.BHARBenchmark)
	return t
}
