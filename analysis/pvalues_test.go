package analysis

import (
	"fmt"
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

// TestPValuesNormalFarTails: the normal branch keeps small tails that
// 1-erf loses (gonum's Normal.Survival is 0 beyond |z| ≈ 8.3), so a
// two-sided p is never below one of its own tails. References: SciPy
// norm.sf / norm.cdf.
func TestPValuesNormalFarTails(t *testing.T) {
	for _, c := range []struct {
		z, p, lower, upper float64
	}{
		{10, 1.523970604832094e-23, 1, 7.61985302416047e-24},
		{-12, 2 * 1.776482112077653e-33, 1.776482112077653e-33, 1},
		{8.5, 1.89590696444065e-17, 1, 1.89590696444065e-17 / 2},
		{1.959963984540054, 0.05, 0.975, 0.025},
	} {
		t.Run(fmt.Sprint(c.z), func(t *testing.T) {
			p, lo, up := PValues(c.z, DistNormal, 0)
			for _, g := range []struct {
				name      string
				got, want float64
			}{{"p", p, c.p}, {"lower", lo, c.lower}, {"upper", up, c.upper}} {
				if math.Abs(g.got-g.want) > 1e-13*g.want {
					t.Errorf("%s = %v, want %v", g.name, g.got, g.want)
				}
			}
			if p < math.Min(lo, up) {
				t.Errorf("p %v below a tail (%v, %v)", p, lo, up)
			}
		})
	}
}
