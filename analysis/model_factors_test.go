package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAnyFactorModel: --model factors fits whatever columns it is given.
// Two columns are checked against their 3×3 normal equations solved by
// Gauss–Jordan in a plain loop; three columns named like the French file
// give ff3's estimate bit for bit.
func TestAnyFactorModel(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Estimation, cfg.EventWindow, cfg.MinEst = Window{-60, -1}, Window{0, 4}, 30
	n := 65
	f, rf := synthFactors(n, 11)
	rng := rand.New(rand.NewPCG(5, 6))
	R := make([]float64, n)
	for i := range R {
		R[i] = rf[i] + 0.0004 + 0.9*f[0][i] - 0.4*f[2][i] + 0.003*rng.NormFloat64()
	}
	t.Run("two-columns-by-hand", func(t *testing.T) {
		c := cfg
		c.Model, c.FactorColumns = ModelFactors, []string{"q_mkt", "q_ia"}
		in := &EventInput{ID: "q", R: R, X: [][]float64{f[0], f[2]}, RF: rf}
		e, reason := Estimate(in, c)
		if reason != "" {
			t.Fatal(reason)
		}
		// X'X θ = X'y over the 60 estimation days, x = (1, f0, f2).
		var a [3][4]float64
		for i := 0; i < 60; i++ {
			x := [3]float64{1, f[0][i], f[2][i]}
			y := R[i] - rf[i]
			for r := 0; r < 3; r++ {
				for s := 0; s < 3; s++ {
					a[r][s] += x[r] * x[s]
				}
				a[r][3] += x[r] * y
			}
		}
		for p := 0; p < 3; p++ {
			for r := 0; r < 3; r++ {
				if r != p {
					m := a[r][p] / a[p][p]
					for s := 0; s < 4; s++ {
						a[r][s] -= m * a[p][s]
					}
				}
			}
		}
		for k := 0; k < 3; k++ {
			checkRel(t, "theta", e.Fit.Theta[k], a[k][3]/a[k][k], 1e-9)
		}
		if e.Fit.DF != 57 || len(c.Regressors()) != 2 {
			t.Errorf("df %d, regressors %v", e.Fit.DF, c.Regressors())
		}
		th := e.Fit.Theta
		ar0 := R[60] - rf[60] - th[0] - th[1]*f[0][60] - th[2]*f[2][60]
		checkRel(t, "AR(0)", e.AR[0], ar0, 1e-9)
		checkRel(t, "normal(0)", e.NormalRet[0], rf[60]+th[0]+th[1]*f[0][60]+th[2]*f[2][60], 1e-9)
	})
	t.Run("french-columns-equal-ff3", func(t *testing.T) {
		in := &EventInput{ID: "f", R: R, X: f, RF: rf}
		a, b := cfg, cfg
		a.Model = ModelFF3
		b.Model, b.FactorColumns = ModelFactors, []string{"Mkt-RF", "SMB", "HML"}
		ea, _ := Estimate(in, a)
		eb, _ := Estimate(in, b)
		for j := range ea.AR {
			if ea.AR[j] != eb.AR[j] || ea.SAR[j] != eb.SAR[j] {
				t.Errorf("day %d: AR %v vs %v", j, ea.AR[j], eb.AR[j])
			}
		}
	})
	t.Run("no-columns-is-mean-of-excess", func(t *testing.T) {
		c := cfg
		c.Model = ModelFactors
		e, _ := Estimate(&EventInput{ID: "m", R: R, RF: rf}, c)
		var mu float64
		for i := 0; i < 60; i++ {
			mu += (R[i] - rf[i]) / 60
		}
		if math.Abs(e.Fit.Theta[0]-mu) > 1e-15 {
			t.Errorf("alpha %v, want %v", e.Fit.Theta[0], mu)
		}
	})
}
