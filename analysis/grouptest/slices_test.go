package grouptest

import (
	"math"
	"math/rand/v2"
	"testing"
)

// near reports whether got is within rel relative tolerance of want (an
// absolute 1e-12 near zero); NaN matches NaN.
func near(got, want, rel float64) bool {
	if math.IsNaN(want) || math.IsNaN(got) {
		return math.IsNaN(want) && math.IsNaN(got)
	}
	d := math.Abs(got - want)
	return d <= rel*math.Abs(want) || d <= 1e-12
}

func check(t *testing.T, name string, got, want, rel float64) {
	t.Helper()
	if !near(got, want, rel) {
		t.Errorf("%s = %.12g, want %.12g (rel tol %g)", name, got, want, rel)
	}
}

const (
	tolStat = 1e-8 // docs/methodology.md 8: intermediates and statistics
	tolP    = 1e-6 // p-values
)

// docs/methodology.md 8.3 per-event CAR(0,2), SCAR and day-0 AR of A–D.
var (
	car83  = []float64{-0.04276659751, -0.02337551867, -0.01054564315, -0.003514522822}
	scar83 = []float64{-2.119295295, -2.114531763, -1.03990273, -0.2989807928}
	ar083  = []float64{-0.04230446058, -0.01652904564, -0.0138060166, 0.003061721992}
	sar083 = []float64{-3.965010797, -2.827952914, -2.574894716, 0.4926223516}
)

func TestMidranks(t *testing.T) {
	// Hand computation: |x| of the 8.4 Wilcoxon-with-ties example.
	got := Midranks([]float64{0.02, 0.01, 0.01, 0.03, 0.005, math.NaN()})
	want := []float64{4, 2.5, 2.5, 5, 1, math.NaN()}
	for i := range want {
		check(t, "midrank", got[i], want[i], 0)
	}
	u := StandardizedRanks([]float64{3, 1, 2, math.NaN()})
	for i, w := range []float64{3.0/4 - 0.5, 1.0/4 - 0.5, 2.0/4 - 0.5, math.NaN()} {
		check(t, "U", u[i], w, 0)
	}
}

func TestCrossSectionalT(t *testing.T) {
	for _, c := range []struct {
		name       string
		x          []float64
		caar, stat float64
	}{
		{"8.3 CAR(0,2)", car83, -0.02005057054, -2.327090074},
		{"8.3 day 0", ar083, -0.01739445021, -1.857256289},
	} {
		caar, ts := CrossSectionalT(c.x)
		check(t, c.name+" caar", caar, c.caar, tolStat)
		check(t, c.name+" t", ts, c.stat, tolStat)
	}
	p, _, _ := tP(-2.327090074, 3)
	check(t, "8.3 cs_t p", p, 0.1024192175, tolP)
	if _, ts := CrossSectionalT([]float64{1}); !math.IsNaN(ts) {
		t.Errorf("N=1 gives t %v, want NaN", ts)
	}
}

func TestPatellBMP(t *testing.T) {
	q := []float64{1.25, 1.25, 1.25, 1.25}
	check(t, "patell 8.3 CAR(0,2)", PatellZ(scar83, q), -2.492191935, tolStat)
	check(t, "patell 8.3 day 0", PatellZ(sar083, q), -3.969126236, tolStat)
	check(t, "bmp 8.3 CAR(0,2)", BMP(scar83), -3.135113877, tolStat)
	check(t, "bmp 8.3 day 0", BMP(sar083), -2.328190611, tolStat)
	p, _, _ := normalP(-2.492191935)
	check(t, "patell p", p, 0.01269574107, tolP)
	p, _, _ = tP(-3.135113877, 3)
	check(t, "bmp p", p, 0.05185946342, tolP)
}

func TestKPFactor(t *testing.T) {
	for _, c := range []struct {
		rbar        float64
		n           int
		bmp, patell float64
	}{
		// 8.3: r̄ = 0.1074540687, N = 4.
		{0.1074540687, 4, 0.8215614886, 0.8696105218},
		// 8.4 windows 0,0 / 1,1 / 0,2.
		{0.2031514872, 4, 0.7036367867, 0.7882439633},
		{0.02186734713, 3, 0.9680634396, 0.9788247453},
		{-0.06139925087, 3, 1.099992454, 1.067702643},
		{-0.5, 4, math.NaN(), math.NaN()},
	} {
		b, p := KPFactor(c.rbar, c.n)
		check(t, "bmp factor", b, c.bmp, tolStat)
		check(t, "patell factor", p, c.patell, tolStat)
	}
}

func TestSignTest(t *testing.T) {
	for _, c := range []struct {
		name              string
		x                 []float64
		nPlus             int
		z, pl, pu, p, est float64
	}{
		{"8.3 day 0", ar083, 1, -1, 0.3125, 0.9375, 0.625, 0.25},
		{"8.3 CAR(0,2)", car83, 0, -2, 0.0625, 1, 0.125, 0},
		// 8.4 window 0,0: ARs E1..E4 (E3's day 0 is d14).
		{"8.4 0,0", []float64{-0.04230446058, -0.01622369511, 0.01097104806, 0.003061721992}, 2, 0, 0.6875, 0.6875, 1, 0.5},
		{"zeros are non-positive", []float64{0, 0, 1}, 1, -0.5773502692, 0.5, 0.875, 1, 1.0 / 3},
	} {
		np, z, pl, pu, p, est, exact := SignTest(c.x)
		if np != c.nPlus || !exact {
			t.Errorf("%s: N+ %d exact %v, want %d true", c.name, np, exact, c.nPlus)
		}
		check(t, c.name+" z", z, c.z, tolStat)
		check(t, c.name+" p_lower", pl, c.pl, tolP)
		check(t, c.name+" p_upper", pu, c.pu, tolP)
		check(t, c.name+" p", p, c.p, tolP)
		check(t, c.name+" estimate", est, c.est, tolStat)
	}
	// Above ExactMax: normal p-values from Z. 60 values, 20 positive:
	// Z = (20-30)/sqrt(15) = -2.581988897, Φ(Z) = 0.004911637253 (hand / tables).
	x := make([]float64, 60)
	for i := range x {
		x[i] = -1
		if i < 20 {
			x[i] = 1
		}
	}
	_, z, pl, _, p, _, exact := SignTest(x)
	if exact {
		t.Error("N=60 should use the normal approximation")
	}
	check(t, "N=60 z", z, -10/math.Sqrt(15), tolStat)
	check(t, "N=60 p_lower", pl, 0.004911637253, tolP)
	check(t, "N=60 p", p, 2*0.004911637253, tolP)
}

func TestWilcoxon(t *testing.T) {
	for _, c := range []struct {
		name                 string
		x                    []float64
		w, z, pl, pu, p, est float64
		n                    int
	}{
		// 8.4 "Wilcoxon with ties".
		{"ties", []float64{-0.02, -0.01, 0.01, -0.03, -0.005}, 2.5, -1.354570923, 0.125, 0.9375, 0.25, -1.0 / 3, 5},
		// 8.3 day 0 and CAR(0,2); 8.3 supplement p_lower/p_upper.
		{"8.3 day 0", ar083, 1, -1.460593487, 0.125, 0.9375, 0.25, -0.4, 4},
		{"8.3 CAR", car83, 0, -1.825741858, 0.0625, 1, 0.125, -0.5, 4},
		// 8.4 window 0,2 (E1, E2, E3).
		{"8.4 0,2", []float64{-0.04276659751, -0.01918516984, 0.001531847134}, 1, -1.069044968, 0.25, 0.875, 0.5, -1.0 / 3, 3},
		// Zeros dropped: n counts non-zero values only.
		{"zero dropped", []float64{0, 1, 2, 3}, 6, 1.603567451, 1, 0.125, 0.25, 0.5, 3},
	} {
		w, z, pl, pu, p, est, n := WilcoxonSignedRank(c.x)
		if n != c.n {
			t.Errorf("%s: n %d, want %d", c.name, n, c.n)
		}
		check(t, c.name+" W+", w, c.w, tolStat)
		check(t, c.name+" z", z, c.z, tolStat)
		check(t, c.name+" p_lower", pl, c.pl, tolP)
		check(t, c.name+" p_upper", pu, c.pu, tolP)
		check(t, c.name+" p", p, c.p, tolP)
		check(t, c.name+" estimate", est, c.est, tolStat)
	}
}

// TestWilcoxonExactSymmetric checks the exact distribution against the
// classical table for n = 10 without ties: P(W⁺ ≤ 8) = 25/1024 (number of
// subsets of 1..10 with sum ≤ 8, by hand: 1+1+1+2+2+3+4+5+6 = 25).
func TestWilcoxonExactSymmetric(t *testing.T) {
	r2 := make([]int, 10)
	for i := range r2 {
		r2[i] = 2 * (i + 1)
	}
	pl, pu := wilcoxonExactTails(r2, 16)
	check(t, "P(W+<=8)", pl, 25.0/1024, 1e-12)
	check(t, "P(W+>=8)", pu, 1-(25.0-6)/1024, 1e-12) // P(W+<=7) = 19/1024
}

func TestSkewAdjustedT(t *testing.T) {
	for _, c := range []struct {
		name             string
		bhar             []float64
		mean, gamma, tsa float64
	}{
		// 8.3 supplement, window 0,0 and 0,2.
		{"8.3 0,0", []float64{-0.039, -0.016, -0.012, 0.002}, -0.01625, -0.28508061, -2.106899334},
		{"8.3 0,2", []float64{-0.04547116, -0.021827312, -0.010878056, -0.00206214}, math.NaN(), -0.3708361517, -2.450502632},
	} {
		m, g, ts := SkewAdjustedT(c.bhar)
		if !math.IsNaN(c.mean) {
			check(t, c.name+" mean", m, c.mean, tolStat)
		}
		check(t, c.name+" gamma", g, c.gamma, 1e-7)
		check(t, c.name+" t_sa", ts, c.tsa, 1e-7)
	}
	p, _, _ := tP(-2.106899334, 3)
	check(t, "skew_t p", p, 0.1257371348, tolP)
	if _, _, ts := SkewAdjustedT([]float64{1, 2}); !math.IsNaN(ts) {
		t.Error("N=2 must give NaN")
	}
}

// TestCorradoRankHand: CorradoRank on a 2-event, 3-column grid of U with
// a missing value, counted by hand. N_t = 2, 2, 1; D_t = Σ_i U_it/√N_t =
// -0.125/√2, -0.375/√2, 0.25; S_U = sqrt(Σ D_t²/3) = 0.2165063509.
// Window (2,2): T_R = D_2/S_U = 1.154700538, estimate Ū_2 = 0.25. Window
// (1,2): T_R = (D_1+D_2)/(√2 S_U) = -0.04952882286, estimate (Ū_1+Ū_2)/2 =
// 0.03125.
func TestCorradoRankHand(t *testing.T) {
	u := [][]float64{{-0.25, 0, 0.25}, {0.125, -0.375, math.NaN()}}
	for _, c := range []struct {
		c1, c2    int
		est, stat float64
	}{{2, 2, 0.25, 1.154700538}, {1, 2, 0.03125, -0.04952882286}} {
		est, stat, sU, T := CorradoRank(u, c.c1, c.c2)
		check(t, "corrado estimate", est, c.est, tolStat)
		check(t, "corrado T_R", stat, c.stat, tolStat)
		check(t, "corrado S_U", sU, 0.2165063509, tolStat)
		if T != 3 {
			t.Errorf("T = %d, want 3", T)
		}
	}
}

// TestGeneralizedSignHand: CARs 0.01, -0.02, 0.03 (w = 2) with residual
// shares of positives 3/4, 1/2 and 1/3 (the last event has a missing
// residual): p̂ = 0.5277777778, Z = (2 - 3p̂)/sqrt(3p̂(1-p̂)) =
// 0.4818694247, estimate 2/3 (by hand).
func TestGeneralizedSignHand(t *testing.T) {
	resid := [][]float64{{0.1, -0.2, 0.3, 0.05}, {0.1, -0.1}, {math.NaN(), 0.2, -0.1, -0.3}}
	w, phat, z, est := GeneralizedSign([]float64{0.01, -0.02, 0.03}, resid)
	if w != 2 {
		t.Errorf("w = %d, want 2", w)
	}
	check(t, "gen_sign p̂", phat, 0.5277777778, tolStat)
	check(t, "gen_sign Z", z, 0.4818694247, tolStat)
	check(t, "gen_sign estimate", est, 2.0/3, tolStat)
}

// TestWilcoxonMatchesPlain: the sorted-runs WilcoxonSignedRank gives
// WilcoxonSignedRankPlain's (the definition by midranks) every output bit
// for bit: sizes around ExactMax and large, values with ties, zeros of
// both signs, NaNs and infinities.
func TestWilcoxonMatchesPlain(t *testing.T) {
	rng := rand.New(rand.NewPCG(24, 11))
	special := []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 5e-324, -5e-324}
	for _, n := range []int{0, 1, 2, 3, 10, 49, 50, 51, 52, 60, 500, 20000} {
		for _, kind := range []string{"normal", "ties", "special"} {
			x := make([]float64, n)
			for i := range x {
				switch kind {
				case "normal":
					x[i] = rng.NormFloat64()
				case "ties":
					x[i] = float64(rng.IntN(9)-4) * 0.25
				case "special":
					x[i] = rng.NormFloat64()
					if rng.IntN(4) == 0 {
						x[i] = special[rng.IntN(len(special))]
					}
				}
			}
			w, z, pl, pu, p, est, m := WilcoxonSignedRank(x)
			w0, z0, pl0, pu0, p0, est0, m0 := WilcoxonSignedRankPlain(x)
			if m != m0 || !sameBits([]float64{w, z, pl, pu, p, est}, []float64{w0, z0, pl0, pu0, p0, est0}) {
				t.Errorf("%s n=%d: %v %v %v %v %v %v %d, plain %v %v %v %v %v %v %d", kind, n, w, z, pl, pu, p, est, m, w0, z0, pl0, pu0, p0, est0, m0)
			}
		}
	}
}
