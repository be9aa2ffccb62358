package grouptest

import (
	"math"

	"github.com/breachlab/eventstudy/results"
)

// CrossSectionalT is the cross-sectional t test of docs/methodology.md 6.2
// (Brown & Warner 1985 "CSect T"; estudy2 t_test):
//
//	t_CS = CAAR / (s/√N),  s² = Σ(CAR_i - CAAR)²/(N-1)   ~ t_{N-1}
//
// over the N CARs of the window's event set (ARs for a one-day window).
// caar is the mean; t is NaN for N < 2 or s = 0.
func CrossSectionalT(car []float64) (caar, t float64) {
	n := len(car)
	if n == 0 {
		return nan, nan
	}
	if n < 2 {
		return car[0], nan
	}
	m, s := MeanSD(car)
	return m, ratio(m, s/math.Sqrt(float64(n)))
}

func (g *group) csT() results.TestRow {
	caar, t := CrossSectionalT(g.car)
	r := row(g.n(), caar)
	if g.n() < 2 {
		return r
	}
	return withT(r, t, g.n()-1)
}
