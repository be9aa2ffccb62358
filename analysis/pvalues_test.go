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
	// |s| >= 1 only: below, PValues computes 1-x directly where gonum
	// rounds it (TestPValuesSmallT).
	stats := []float64{1, -1, 1.15, -2.42, 3.7, -8, 40, -1e8, math.Inf(1), math.Inf(-1)}
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

// TestPValuesSmallT: for |t| < 1 the two-sided p keeps its digits (gonum's
// StudentsT was 6.7e-9 off at t = 1e-6, ν = 246, and 4.1e-10 at t = 0.01,
// ν = 1e6). References: mpmath.betainc at 40 digits, I_{ν/(ν+t²)}(ν/2, ½).
// tol is the incomplete beta's own accuracy there (Cephes' power series,
// about 3e-14 for ν in the hundreds, 2e-12 at ν = 1e6; both ways alike).
func TestPValuesSmallT(t *testing.T) {
	for _, c := range []struct {
		t, df, p, tol float64
	}{
		{1e-6, 246, 0.99999920292588337795, 1e-15},
		{-3e-8, 30, 0.99999997626206890635, 1e-15},
		{1e-10, 2.5, 0.99999999992763825519, 1e-15},
		{0.5, 248, 0.61751843053350684316, 5e-14},
		{-0.9, 246, 0.36900042317788203773, 5e-14},
		{0.3, 30, 0.76624610528435280927, 1e-15},
		{-0.999, 3, 0.39141592241010496086, 1e-15},
		{0.01, 1e6, 0.99202128936554767333, 2e-12},
	} {
		t.Run(fmt.Sprint(c.t, "/", c.df), func(t *testing.T) {
			p, lo, up := PValues(c.t, DistT, c.df)
			if math.Abs(p-c.p) > c.tol {
				t.Errorf("p = %.20g, want %.20g (off %.3g)", p, c.p, p-c.p)
			}
			small, large := lo, up // the tail on the sign's side is p/2
			if c.t > 0 {
				small, large = up, lo
			}
			if math.Abs(small-c.p/2) > c.tol || math.Abs(large-(1-c.p/2)) > c.tol {
				t.Errorf("tails (%v, %v), want %v on the sign's side", lo, up, c.p/2)
			}
		})
	}
	for _, s := range []float64{0, math.Copysign(0, -1), 1e-300} {
		if p, _, _ := PValues(s, DistT, 30); p != 1 {
			t.Errorf("t=%v: p %v, want 1", s, p)
		}
	}
}
