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
	row := results.CARRow{
		Window: w.String(), T1: w.T1, T2: w.T2,
		CAR: results.NA, SE: results.NA, T: results.NA,
		P: results.NA, PLower: results.NA, PUpper: results.NA,
		BHAR: results.NA,
		SQP:  results.NA, SQPLower: results.NA, SQPUpper: results.NA,
	}
	if e == nil || e.Fit == nil {
		return row
	}
	row.EventID = e.ID
	car, n := e.CAR(w)
	row.NDays = n
	if math.IsNaN(car) {
		return row
	}
	se := math.Sqrt(e.CARVariance(w, cfg.CARVar == "simple"))
	t := car / se
	df := e.Fit.DF
	p, lo, up := PValues(t, DistT, float64(df))
	row.CAR = results.Num(car)
	row.SE = results.Num(se)
	row.T = results.Num(t)
	row.DF = results.SomeInt(df)
	row.P, row.PLower, row.PUpper = results.Num(p), results.Num(lo), results.Num(up)
	row.BHAR = results.Num(e.BHAR(w, cfg.BHARBenchmark))
	sqLo, sqUp, sqP, _ := SampleQuantileTest(e.Residual, w.Len(), car)
	row.SQP, row.SQPLower, row.SQPUpper = results.Num(sqP), results.Num(sqLo), results.Num(sqUp)
	return row
}

// SampleQuantileTest is the sample-quantile (SQ) test of Gelbach, Helland &
// Klick (2013) for one event (METHODOLOGY.md 6.1). S_1..S_n are the sums of
// L consecutive residuals, one per block of L consecutive entries of
// residuals (stride 1, overlapping; blocks touching a NaN are skipped), and
//
//	p_lower = (1 + #{S_j ≤ x}) / (n+1),  p_upper = (1 + #{S_j ≥ x}) / (n+1),
//	p = min(1, 2 min(p_lower, p_upper)).
//
// The "+1" rank form is this project's convention (it never returns 0).
// For L = 1 it is the rank p-value of x among the residuals. All p's are NaN
// when x is NaN, L < 1 or there is no complete block.
func SampleQuantileTest(residuals []float64, L int, x float64) (pLower, pUpper, p float64, nBlocks int) {
	if L < 1 || L > len(residuals) || math.IsNaN(x) {
		return nan, nan, nan, 0
	}
	// bad[k] counts the non-finite residuals before k, so a block is
	// complete when bad does not change over it. The sums of eight blocks
	// run side by side (each still adds its residuals in order, so the sums
	// are the same bits as one block at a time, at an eighth of the
	// latency).
	var badBuf [512]int32
	bad := badBuf[:0]
	if len(residuals)+1 > len(badBuf) {
		bad = make([]int32, 0, len(residuals)+1)
	}
	bad = append(bad, 0)
	for _, r := range residuals {
		n := bad[len(bad)-1]
		if !finite(r) {
			n++
		}
		bad = append(bad, n)
	}
	var below, above int
	count := func(start int, s float64) {
		if bad[start+L] != bad[start] {
			return
		}
		nBlocks++
		if s <= x {
			below++
		}
		if s >= x {
			above++
		}
	}
	last := len(residuals) - L // last block start
	start := 0
	for ; start+7 <= last; start += 8 {
		var s0, s1, s2, s3, s4, s5, s6, s7 float64
		r := residuals[start : start+L+7]
		for j := range L {
			s0 += r[j]
			s1 += r[j+1]
			s2 += r[j+2]
			s3 += r[j+3]
			s4 += r[j+4]
			s5 += r[j+5]
			s6 += r[j+6]
			s7 += r[j+7]
		}
		count(start, s0)
		count(start+1, s1)
		count(start+2, s2)
		count(start+3, s3)
		count(start+4, s4)
		count(start+5, s5)
		count(start+6, s6)
		count(start+7, s7)
	}
	for ; start <= last; start++ {
		var s float64
		for _, r := range residuals[start : start+L] {
			s += r
		}
		count(start, s)
	}
	if nBlocks == 0 {
		return nan, nan, nan, 0
	}
	n1 := float64(nBlocks + 1)
	pLower = float64(1+below) / n1
	pUpper = float64(1+above) / n1
	p = math.Min(1, 2*math.Min(pLower, pUpper))
	return pLower, pUpper, p, nBlocks
}
