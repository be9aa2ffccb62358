package grouptest

import (
	"math"

	"github.com/breachlab/eventstudy/results"
)

// PatellZ is the Patell (1976) standardized-residual test in the one
// aggregation of docs/methodology.md 6.4, for every window length:
//
//	Z_P = Σ_i SCAR_i / sqrt(Σ_i Q_i)   ~ N(0,1),  Q_i = df_i/(df_i-2),
//
// both sums over the window's event set only. For a one-day window SCAR_i is
// the SAR of that day. (With --multi-day sum-sar the caller passes
// CSAR_i/√L in place of SCAR_i.)
func PatellZ(scar, q []float64) float64 {
	if len(scar) == 0 || len(q) != len(scar) {
		return nan
	}
	var s, sq float64
	for i := range scar {
		s += scar[i]
		sq += q[i]
	}
	return ratio(s, math.Sqrt(sq))
}

func (g *group) qs() []float64 {
	if g.q != nil {
		return g.q
	}
	q := make([]float64, len(g.v))
	for i, e := range g.v {
		q[i] = e.Fit.Q()
	}
	return q
}

func (g *group) patell() results.TestRow {
	r := row(g.n(), g.caar())
	if g.n() < 2 {
		return r
	}
	return withNormal(r, PatellZ(g.scars(), g.qs()))
}
