package analysis

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestFinite holds finite to its definition on the values where it can
// differ.
func TestFinite(t *testing.T) {
	for _, v := range []float64{0, math.Copysign(0, -1), 1, -1, math.MaxFloat64, -math.MaxFloat64,
		math.SmallestNonzeroFloat64, 1e308, math.Inf(1), math.Inf(-1), math.NaN(), math.Float64frombits(0x7ff0000000000001)} {
		if got, want := finite(v), !math.IsNaN(v) && !math.IsInf(v, 0); got != want {
			t.Errorf("finite(%v) = %v, want %v", v, got, want)
		}
	}
}

func FuzzFinite(f *testing.F) {
	f.Add(uint64(0x7ff0000000000000))
	f.Add(uint64(1))
	f.Fuzz(func(t *testing.T, bits uint64) {
		v := math.Float64frombits(bits)
		if got, want := finite(v), !math.IsNaN(v) && !math.IsInf(v, 0); got != want {
			t.Fatalf("finite(%v) = %v, want %v", v, got, want)
		}
	})
}

// gappyInput is an event of n days whose returns and k regressors have
// missing values (NaN, ±Inf) and, sometimes, short columns.
func gappyInput(rng *rand.Rand, n, k int) *EventInput {
	col := func() []float64 {
		c := make([]float64, n-rng.IntN(3)*rng.IntN(n/4+1))
		for i := range c {
			switch rng.IntN(40) {
			case 0:
				c[i] = math.NaN()
			case 1:
				c[i] = math.Inf(1 - 2*rng.IntN(2))
			case 2:
				c[i] = math.Copysign(0, -1)
			default:
				c[i] = 0.01 * rng.NormFloat64()
			}
		}
		return c
	}
	in := &EventInput{R: col()}
	for range k {
		in.X = append(in.X, col())
	}
	return in
}

// TestPlainDesignMatchesGeneral: the estimation sample and the OLS fit a
// plain design reads directly (estimationSample, fitOLS) equal, bit for
// bit, those of the general per-value path (design.valid, rowTo, y).
func TestPlainDesignMatchesGeneral(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, m := range []Model{ModelMarket, ModelMean, ModelFF3, ModelMarketAdjusted} {
		cfg := DefaultConfig()
		cfg.Model = m
		spec, ok := cfg.spec()
		if !ok {
			t.Fatal(m)
		}
		fitted := 0
		for trial := 0; trial < 300; trial++ {
			nEst := 20 + rng.IntN(60)
			in := gappyInput(rng, nEst+rng.IntN(5), spec.k()+rng.IntN(2)*(trial%7/6))
			if trial%50 == 0 && spec.k() > 0 {
				in.X = in.X[:spec.k()-1] // a regressor missing: no sample
			}
			var got, want *EventEstimate
			var gotRows, wantRows []int
			var gotOK, wantOK bool
			for _, plain := range []bool{true, false} {
				d := newDesign(in, spec)
				if !d.plain {
					t.Fatalf("%s: design not plain", m)
				}
				d.plain = plain
				rows := slices.Clone(estimationSample(&d, nEst, new([]int)))
				e := &EventEstimate{Fit: &Fit{Model: m, R2: nan, Sigma2: nan}}
				ok := false
				if len(rows) > spec.params()+2 && spec.Estimated {
					d.buf = newSlab(&d, 0)
					e.Residual = nans(make([]float64, nEst))
					_, ok = fitOLS(e, &d, rows)
				}
				if plain {
					got, gotRows, gotOK = e, rows, ok
				} else {
					want, wantRows, wantOK = e, rows, ok
				}
			}
			if !slices.Equal(gotRows, wantRows) {
				t.Fatalf("%s trial %d: sample %v, general %v", m, trial, gotRows, wantRows)
			}
			if gotOK != wantOK {
				t.Fatalf("%s trial %d: fit %v, general %v", m, trial, gotOK, wantOK)
			}
			if !gotOK {
				continue
			}
			fitted++
			g, w := got.Fit, want.Fit
			same := func(a, b []float64) bool {
				return slices.EqualFunc(a, b, func(x, y float64) bool {
					return math.Float64bits(x) == math.Float64bits(y) || math.IsNaN(x) && math.IsNaN(y)
				})
			}
			if !same(g.Theta, w.Theta) || !same(got.Residual, want.Residual) || g.DF != w.DF ||
				math.Float64bits(g.Sigma2) != math.Float64bits(w.Sigma2) || !same([]float64{g.R2}, []float64{w.R2}) {
				t.Fatalf("%s trial %d: fit %+v, general %+v", m, trial, g, w)
			}
			for a := range g.XtXInv {
				if !same(g.XtXInv[a], w.XtXInv[a]) {
					t.Fatalf("%s trial %d: (X'X)⁻¹ %v, general %v", m, trial, g.XtXInv, w.XtXInv)
				}
			}
		}
		if spec.Estimated && fitted < 100 {
			t.Errorf("%s: %d of 300 events fitted", m, fitted)
		}
	}
}
