package grouptest

import (
	"math"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/results"
)

// Savickas is the GARCH-adjusted standardized cross-sectional test of
// Savickas (2003), docs/methodology.md 6.21: BMP's statistic on CARs
// standardized by their conditional standard deviation,
//
//	S_i = CAR_i / √(Σ_{τ∈w} σ²_iτ),   t = mean(S) / (s_S/√N)   ~ t_{N-1},
//
// σ²_iτ the one-step-ahead conditional variance of a garch or egarch fit
// (analysis.EventEstimate.CondVar). For a model with a constant variance
// σ²_iτ = σ̂²_i, and S_i = CAR_i/(σ̂_i√L): BMP with --car-var simple.
// Like Savickas, S_i leaves out the estimation error of the parameters,
// and the cross-sectional sd absorbs an event-induced variance increase
// that differs across firms. NaN for N < 2 or zero dispersion.
//
// Savickas, R. (2003), "Event-induced volatility and tests for abnormal
// performance", Journal of Financial Research 26, 165–178.
func Savickas(s []float64) float64 { return BMP(s) }

// savickasS is S_i of e over w (NaN when w is not inside e's event window).
func savickasS(e *analysis.EventEstimate, w analysis.Window) float64 {
	car, _ := e.CAR(w)
	a := w.T1 - e.EvtWindow.T1
	var v float64
	for j := a; j < a+w.Len(); j++ {
		if e.CondVar != nil {
			v += e.CondVar[j]
		} else {
			v += e.Fit.Sigma2
		}
	}
	return car / math.Sqrt(v)
}

func (g *group) savickas() results.TestRow {
	r := row(g.n(), g.caar())
	if g.n() < 2 {
		return r
	}
	s := make([]float64, len(g.v))
	for i, e := range g.v {
		s[i] = savickasS(e, g.w)
	}
	return withT(r, Savickas(s), g.n()-1)
}
