package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

// R: p.adjust(c(0.01,0.02,0.03,0.04,0.05), "holm") and "BH"; the second
// case is p.adjust's documentation-style mix with a tie and a NaN (NA in
// R, outside the family: R's default n = length(p[!is.na(p)])).
func TestAdjustWorkedExamples(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name        string
		p, holm, bh []float64
	}{
		{"R five", []float64{0.01, 0.02, 0.03, 0.04, 0.05},
			[]float64{0.05, 0.08, 0.09, 0.09, 0.09},
			[]float64{0.05, 0.05, 0.05, 0.05, 0.05}},
		// by hand: sorted 0.001, 0.02, 0.02, 0.3 (m = 4)
		// holm: 0.004, 0.06, max(0.06,0.04)=0.06, max(0.06,0.3)=0.3
		// bh: 4·0.3/4=0.3; 4·0.02/3=0.02667; min(4·0.02/2,0.02667)=0.02667; 0.004
		{"tie and NA", []float64{0.3, 0.02, nan, 0.001, 0.02},
			[]float64{0.3, 0.06, nan, 0.004, 0.06},
			[]float64{0.3, 0.08 / 3, nan, 0.004, 0.08 / 3}},
		{"caps at 1", []float64{0.6, 0.9}, []float64{1, 1}, []float64{0.9, 0.9}},
		{"empty", nil, []float64{}, []float64{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			check(t, "holm", Holm(c.p), c.holm)
			check(t, "bh", BenjaminiHochberg(c.p), c.bh)
		})
	}
}

func check(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if math.IsNaN(want[i]) != math.IsNaN(got[i]) || math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("%s[%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}

// TestAdjustAgainstPlainLoop checks both procedures on random families
// against the textbook definitions computed by a separate O(m²) loop over
// ranks (no sort): rank r_i = 1 + #{j: p_j < p_i} + #{j < i: p_j = p_i}.
func TestAdjustAgainstPlainLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 21))
	for trial := range 200 {
		m := 1 + rng.IntN(30)
		p := make([]float64, m)
		for i := range p {
			p[i] = rng.Float64() * rng.Float64()
			if rng.IntN(6) == 0 && i > 0 {
				p[i] = p[rng.IntN(i)] // ties
			}
		}
		rank := make([]int, m)
		for i := range p {
			rank[i] = 1
			for j := range p {
				if p[j] < p[i] || (p[j] == p[i] && j < i) {
					rank[i]++
				}
			}
		}
		holm, bh := make([]float64, m), make([]float64, m)
		for i := range p {
			holm[i], bh[i] = 0, 1
			for j := range p {
				if rank[j] <= rank[i] { // step-down: max over smaller ranks
					holm[i] = math.Max(holm[i], math.Min(1, float64(m-rank[j]+1)*p[j]))
				}
				if rank[j] >= rank[i] { // step-up: min over larger ranks
					bh[i] = math.Min(bh[i], math.Min(1, float64(m)*p[j]/float64(rank[j])))
				}
			}
		}
		gh, gb := Holm(p), BenjaminiHochberg(p)
		for i := range p {
			if math.Abs(gh[i]-holm[i]) > 1e-15 || math.Abs(gb[i]-bh[i]) > 1e-15 {
				t.Fatalf("trial %d p=%v: holm %v want %v; bh %v want %v", trial, p, gh, holm, gb, bh)
			}
		}
	}
}

// TestHolmBHEqualsHolmAndBH pins HolmBH, which orders the family once
// into reused buffers, to Holm and BenjaminiHochberg bit for bit: ties,
// NaN outside the family, zeros and ones, buffers reused across calls.
func TestHolmBHEqualsHolmAndBH(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	var idx []int
	holm, bh := make([]float64, 64), make([]float64, 64)
	for trial := range 5000 {
		n := rng.IntN(40)
		p := make([]float64, n)
		for i := range p {
			switch rng.IntN(6) {
			case 0:
				p[i] = math.NaN()
			case 1:
				p[i] = float64(rng.IntN(5)) / 4 // ties, 0 and 1
			default:
				p[i] = rng.Float64()
			}
		}
		idx = HolmBH(holm[:n], bh[:n], p, idx)
		wantHolm, wantBH := Holm(p), BenjaminiHochberg(p)
		for i := range p {
			if math.Float64bits(holm[i]) != math.Float64bits(wantHolm[i]) || math.Float64bits(bh[i]) != math.Float64bits(wantBH[i]) {
				t.Fatalf("trial %d, p %v: row %d holm %v bh %v, want %v %v", trial, p, i, holm[i], bh[i], wantHolm[i], wantBH[i])
			}
		}
	}
}
