package analysis

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestPValuesMatchDistuv: PValues' t branch, which evaluates the
// incomplete beta once, gives bit for bit what gonum's StudentsT CDF and
// Survival give (three evaluations), for statistics of both signs, zero,
// tiny, huge and infinite, and for small, fractional, usual and huge df.
func TestPValuesMatchDistuv(t *testing.T) {
	stats := []float64{0, math.Copysign(0, -1), 1e-300, -1e-12, 0.5, -0.5, 1.15, -2.42, 3.7, -8, 40, -1e8, math.Inf(1), math.Inf(-1)}
	for _, df := range []float64{1, 2.5, 3, 30, 248, 1e6} {
		d := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}
		for _, s := range stats {
			wantP, wantLo, wantUp := math.Min(1, 2*d.Survival(math.Abs(s))), d.CDF(s), d.Survival(s)
			p, lo, up := PValues(s, DistT, df)
			if math.Float64bits(p) != math.Float64bits(wantP) || math.Float64bits(lo) != math.Float64bits(wantLo) || math.Float64bits(up) != math.Float64bits(wantUp) {
				t.Errorf("t=%v df=%v: (%v %v %v), distuv (%v %v %v)", s, df, p, lo, up, wantP, wantLo, wantUp)
			}
		}
	}
}
