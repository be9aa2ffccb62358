package grouptest

import (
	"math"

	"github.com/breachlab/eventstudy/results"
)

// BrownWarnerCDA is the crude dependence adjustment (time-series t) of
// Brown & Warner (1980, 1985), docs/methodology.md 6.3. With resid[i][t] the
// estimation residual of event i on relative estimation day t (events
// aligned in event time, NaN where missing), the portfolio residual of day t
// is the mean over the N_t ≥ 1 events with a residual, and over the L₁* such
// days
//
//	Ŝ_AAR = sqrt(Σ_t (AR̄_t - Ā)²/(L₁*-1)),  t_TS = CAAR/(√L Ŝ_AAR)   ~ t_{L₁*-1}.
//
// L is the window length. df = L₁* - 1.
func BrownWarnerCDA(caar float64, L int, resid [][]float64) (sAAR, t float64, df int) {
	cols := 0
	for _, r := range resid {
		cols = max(cols, len(r))
	}
	// Event by event into per-day sums (each day still adds its events in
	// order, so the same bits as a day-by-day pass, without striding over
	// N arrays per day).
	sum := make([]float64, cols)
	cnt := make([]int, cols)
	for _, r := range resid {
		for c, v := range r {
			if !math.IsNaN(v) {
				sum[c] += v
				cnt[c]++
			}
		}
	}
	port := make([]float64, 0, cols)
	for c, k := range cnt {
		if k > 0 {
			port = append(port, sum[c]/float64(k))
		}
	}
	if len(port) < 2 {
		return nan, nan, 0
	}
	_, sAAR = MeanSD(port)
	return sAAR, ratio(caar, math.Sqrt(float64(L))*sAAR), len(port) - 1
}

func (g *group) residuals() [][]float64 {
	res := make([][]float64, len(g.v))
	for i, e := range g.v {
		res[i] = e.Residual
	}
	return res
}

// bwCDA aligns residuals by index, i.e. by relative estimation day: every
// event of a study shares cfg.Estimation.
func (g *group) bwCDA() results.TestRow {
	caar := g.caar()
	r := row(g.n(), caar)
	if g.n() < 2 {
		return r
	}
	_, t, df := BrownWarnerCDA(caar, g.w.Len(), g.residuals())
	return withT(r, t, df)
}
