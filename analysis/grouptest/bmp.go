package grouptest

import (
	"math"

	"github.com/breachlab/eventstudy/results"
)

// BMP is the standardized cross-sectional test of Boehmer, Musumeci &
// Poulsen (1991), docs/methodology.md 6.5:
//
//	t_BMP = mean(SCAR) / (s_SCAR/√N),  s_SCAR the sample sd (divisor N-1)   ~ t_{N-1}.
//
// NaN for N < 2 or zero dispersion.
func BMP(scar []float64) float64 {
	if len(scar) < 2 {
		return nan
	}
	m, s := MeanSD(scar)
	return ratio(m, s/math.Sqrt(float64(len(scar))))
}

func (g *group) bmp() results.TestRow {
	r := row(g.n(), g.caar())
	if g.n() < 2 {
		return r
	}
	return withT(r, BMP(g.scars()), g.n()-1)
}
