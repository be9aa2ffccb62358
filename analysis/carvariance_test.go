package analysis

import (
	"math/rand/v2"
	"testing"
)

// TestCARVarianceNoAlloc: Var(CAR) of a five-factor model allocates
// nothing; the group tests take it per event and window.
func TestCARVarianceNoAlloc(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Estimation, cfg.EventWindow, cfg.MinEst = Window{-60, -1}, Window{0, 4}, 30
	cfg.Model, cfg.FactorColumns = ModelFactors, []string{"a", "b", "c", "d", "e"}
	n := 65
	rng := rand.New(rand.NewPCG(11, 12))
	in := &EventInput{ID: "f5", R: make([]float64, n)}
	for range cfg.FactorColumns {
		c := make([]float64, n)
		for i := range c {
			c[i] = 0.01 * rng.NormFloat64()
		}
		in.X = append(in.X, c)
	}
	for i := range in.R {
		in.R[i] = 0.8*in.X[0][i] + 0.2*in.X[3][i] + 0.003*rng.NormFloat64()
	}
	e, reason := Estimate(in, cfg)
	if reason != "" {
		t.Fatal(reason)
	}
	w := Window{1, 3}
	want := e.CARVariance(w, false)
	if !(want > 0) {
		t.Fatalf("Var(CAR) %g", want)
	}
	if a := testing.AllocsPerRun(100, func() { e.CARVariance(w, false) }); a != 0 {
		t.Errorf("%v allocations per Var(CAR)", a)
	}
}
