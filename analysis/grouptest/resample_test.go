package grouptest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
)

// plainT is √n·mean/s by a loop of its own (s with divisor n−1).
func plainT(y []float64) float64 {
	n := float64(len(y))
	sum := 0.0
	for _, v := range y {
		sum += v
	}
	m := sum / n
	ss := 0.0
	for _, v := range y {
		ss += (v - m) * (v - m)
	}
	return m / math.Sqrt(ss/(n-1)/n)
}

// exactWild enumerates every weight vector of the wild bootstrap of car
// (weights lo with probability prLo, else hi) and returns P*(|t*| ≥ |t|),
// P*(t* ≤ t), P*(t* ≥ t): the definition of 6.18, written separately.
func exactWild(car []float64, lo, hi, prLo float64) (p, pl, pu float64) {
	n := len(car)
	m := 0.0
	for _, c := range car {
		m += c / float64(n)
	}
	t := plainT(car)
	y := make([]float64, n)
	for v := 0; v < 1<<n; v++ {
		pr := 1.0
		for i := 0; i < n; i++ {
			w, q := hi, 1-prLo
			if v&(1<<i) != 0 {
				w, q = lo, prLo
			}
			y[i] = w * (car[i] - m)
			pr *= q
		}
		ts := plainT(y)
		if math.Abs(ts) >= math.Abs(t)-1e-12 {
			p += pr
		}
		if ts <= t+1e-12 {
			pl += pr
		}
		if ts >= t-1e-12 {
			pu += pr
		}
	}
	return p, pl, pu
}

func TestWildBootstrapExact(t *testing.T) {
	s5 := math.Sqrt(5)
	cases := []struct {
		name        string
		car         []float64
		w           analysis.BootWeights
		lo, hi, prL float64
	}{
		{"rademacher n=4", []float64{-0.031, 0.006, -0.012, -0.004}, analysis.BootRademacher, -1, 1, 0.5},
		{"rademacher n=6", []float64{-0.05, 0.01, -0.02, 0.003, -0.04, 0.02}, analysis.BootRademacher, -1, 1, 0.5},
		{"mammen n=5", []float64{-0.05, 0.01, -0.02, 0.003, -0.04}, analysis.BootMammen, (1 - s5) / 2, (1 + s5) / 2, (s5 + 1) / (2 * s5)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, pl, pu := exactWild(c.car, c.lo, c.hi, c.prL)
			r := WildBootstrapT(c.car, c.w, 1<<len(c.car), nil) // enumerable: no draws
			if !r.Exact || r.B != 1<<len(c.car) {
				t.Fatalf("want the exact path, got %+v", r)
			}
			if math.Abs(r.Stat-plainT(c.car)) > 1e-12 {
				t.Errorf("stat %v, want cs_t's %v", r.Stat, plainT(c.car))
			}
			for _, x := range [][2]float64{{r.P, p}, {r.PLower, pl}, {r.PUpper, pu}} {
				if math.Abs(x[0]-x[1]) > 1e-12 {
					t.Errorf("p-values %v %v %v, want %v %v %v", r.P, r.PLower, r.PUpper, p, pl, pu)
				}
			}
		})
	}
	// For n = 4 with Rademacher weights the count is small enough to check
	// by eye: t* of v and −v are opposite, so P*(|t*| ≥ |t|) is a multiple of 2/16.
	r := WildBootstrapT(cases[0].car, analysis.BootRademacher, 999, nil)
	if k := r.P * 16; math.Abs(k-math.Round(k)) > 1e-9 || int(math.Round(k))%2 != 0 {
		t.Errorf("n=4: p·16 = %v, want an even whole number", k)
	}
}

// TestWildBootstrapMonteCarlo: with 2^16 vectors and B = 20,000 draws the
// test samples; its p must match the exact enumeration within 4 Monte
// Carlo standard errors (plus the 1/(B+1) of counting the observed t).
func TestWildBootstrapMonteCarlo(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	car := make([]float64, 16)
	for i := range car {
		car[i] = 0.01*rng.NormFloat64() - 0.004 + 0.02*rng.ExpFloat64()*float64(i%2)
	}
	for _, w := range []analysis.BootWeights{analysis.BootRademacher, analysis.BootMammen} {
		lo, hi, prL := -1.0, 1.0, 0.5
		if w == analysis.BootMammen {
			lo, hi, prL = mammenLo, mammenHi, mammenPrLo
		}
		p, pl, pu := exactWild(car, lo, hi, prL)
		const B = 20000
		r := WildBootstrapT(car, w, B, stream(1, "g", "0,0", "wild_boot"))
		if r.Exact || r.B != B {
			t.Fatalf("%s: want %d draws, got %+v", w, B, r)
		}
		for _, x := range [][2]float64{{r.P, p}, {r.PLower, pl}, {r.PUpper, pu}} {
			se := math.Sqrt(x[1] * (1 - x[1]) / B)
			if math.Abs(x[0]-x[1]) > 4*se+1.0/B {
				t.Errorf("%s: Monte Carlo %v, exact %v (se %.4f)", w, x[0], x[1], se)
			}
		}
	}
}

func TestSignFlip(t *testing.T) {
	t.Run("exact n=5 by hand loop", func(t *testing.T) {
		car := []float64{-0.03, 0.01, -0.02, -0.005, 0.004}
		s := 0.0
		for _, c := range car {
			s += c
		}
		var abs, le, ge float64
		for v := 0; v < 32; v++ {
			sv := 0.0
			for i, c := range car {
				if v&(1<<i) != 0 {
					c = -c
				}
				sv += c
			}
			if math.Abs(sv) >= math.Abs(s)-1e-15 {
				abs++
			}
			if sv <= s+1e-15 {
				le++
			}
			if sv >= s-1e-15 {
				ge++
			}
		}
		r := SignFlip(car, 499, nil)
		if !r.Exact || r.B != 32 || r.P != abs/32 || r.PLower != le/32 || r.PUpper != ge/32 {
			t.Errorf("got %+v, want p %v lower %v upper %v over 32", r, abs/32, le/32, ge/32)
		}
		// By hand: S = −0.041 and the magnitudes sum to 0.069; a vector whose
		// positive magnitudes sum to P has S* = 2P − 0.069 ≤ −0.041 iff
		// P ≤ 0.014: {}, {.01}, {.005}, {.004}, {.01,.004}, {.005,.004}.
		// Six, and their six mirrors: 12 of 32.
		if abs != 12 {
			t.Errorf("%v vectors as extreme as S, want 12", abs)
		}
	})
	t.Run("monte carlo n=16", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		car := make([]float64, 16)
		for i := range car {
			car[i] = 0.01*rng.NormFloat64() - 0.004
		}
		s := 0.0
		for _, c := range car {
			s += c
		}
		abs := 0.0
		for v := 0; v < 1<<16; v++ {
			sv := 0.0
			for i, c := range car {
				if v&(1<<i) != 0 {
					c = -c
				}
				sv += c
			}
			if math.Abs(sv) >= math.Abs(s)-1e-15 {
				abs++
			}
		}
		p := abs / (1 << 16)
		const B = 20000
		r := SignFlip(car, B, stream(1, "g", "0,0", "perm"))
		se := math.Sqrt(p * (1 - p) / B)
		if r.Exact || math.Abs(r.P-p) > 4*se+1.0/B {
			t.Errorf("Monte Carlo p %v (exact %v), exact path %v; exact enumeration %v (se %.4f)", r.P, r.Exact, r.B, p, se)
		}
	})
}

// TestSkewTBootstrap: for n = 3 the bootstrap distribution is the 27
// equally likely ordered draws of the three BHARs; those with s* = 0
// (all three the same) have no t* and leave 24. The test's Monte Carlo
// p-values must match that enumeration.
func TestSkewTBootstrap(t *testing.T) {
	bhar := []float64{-0.08, 0.01, 0.02}
	mean, _, tObs := SkewAdjustedT(bhar)
	var le, ge, abs, kept float64
	for a := range 3 {
		for b := range 3 {
			for c := range 3 {
				d := []float64{bhar[a] - mean, bhar[b] - mean, bhar[c] - mean}
				// t_sa by its formula (6.13), written out again.
				m := (d[0] + d[1] + d[2]) / 3
				var ss, s3 float64
				for _, x := range d {
					ss += (x - m) * (x - m)
					s3 += (x - m) * (x - m) * (x - m)
				}
				s := math.Sqrt(ss / 2)
				if s < 1e-15 {
					continue
				}
				S, g := m/s, s3/(3*s*s*s)
				ts := math.Sqrt(3) * (S + g*S*S/3 + g/18)
				kept++
				if ts <= tObs+1e-12 {
					le++
				}
				if ts >= tObs-1e-12 {
					ge++
				}
				if math.Abs(ts) >= math.Abs(tObs)-1e-12 {
					abs++
				}
			}
		}
	}
	if kept != 24 {
		t.Fatalf("%v resamples with a t*, want 24", kept)
	}
	pl, pu, p := le/kept, ge/kept, abs/kept
	const B = 40000
	r := SkewTBootstrap(bhar, B, stream(9, "g", "0,5", "skew_t_boot"))
	if r.Stat != tObs {
		t.Errorf("stat %v, want skew_t's %v", r.Stat, tObs)
	}
	if got := float64(r.B) / B; math.Abs(got-24.0/27) > 0.01 {
		t.Errorf("kept %d of %d draws, want about 24/27", r.B, B)
	}
	for _, x := range [][2]float64{{r.PLower, pl}, {r.PUpper, pu}, {r.P, p}} {
		se := math.Sqrt(x[1] * (1 - x[1]) / (B * 24 / 27))
		if math.Abs(x[0]-x[1]) > 4*se+2.0/B {
			t.Errorf("Monte Carlo %v, exact %v (se %.4f)", x[0], x[1], se)
		}
	}
}

// TestResamplingReproducible: a (seed, group, window, test) fixes the
// draws; another seed or key changes them; the battery's rows do not
// depend on the windows' order or the other tests run beside them.
func TestResamplingReproducible(t *testing.T) {
	car := []float64{-0.05, 0.01, -0.02, 0.003, -0.04, 0.02, 0.011, -0.007, 0.015, -0.03, 0.002, -0.001}
	a := WildBootstrapT(car, analysis.BootRademacher, 999, stream(1, "breach", "0,0", "wild_boot"))
	b := WildBootstrapT(car, analysis.BootRademacher, 999, stream(1, "breach", "0,0", "wild_boot"))
	if a != b {
		t.Fatalf("same stream, different results: %+v %+v", a, b)
	}
	for _, s := range []struct {
		seed    uint64
		g, w, x string
	}{{2, "breach", "0,0", "wild_boot"}, {1, "other", "0,0", "wild_boot"}, {1, "breach", "0,1", "wild_boot"}, {1, "breach", "0,0", "perm"}} {
		if c := WildBootstrapT(car, analysis.BootRademacher, 999, stream(s.seed, s.g, s.w, s.x)); c == a {
			t.Errorf("stream %v gave the same draws as seed 1", s)
		}
	}

	cfg := exampleConfig()
	cfg.Bootstrap, cfg.Seed, cfg.BootKey = 199, 7, "g"
	evs := example83(t, cfg)
	ws := []analysis.Window{{T1: 0, T2: 0}, {T1: 0, T2: 2}, {T1: 1, T2: 2}}
	ids := []string{"cs_t", "wild_boot", "skew_t_boot", "perm"}
	all := RunWindows(ids, evs, ws, cfg)
	rev := RunWindows(ids[1:], evs, []analysis.Window{ws[2], ws[1], ws[0]}, cfg)
	for _, r := range all {
		if r.Test == "cs_t" {
			continue
		}
		found := false
		for _, q := range rev {
			if q.Window == r.Window && q.Test == r.Test {
				found = true
				if !sameRow(q, r) {
					t.Errorf("%s %s: %+v vs %+v", r.Window, r.Test, r, q)
				}
			}
		}
		if !found {
			t.Errorf("%s %s missing", r.Window, r.Test)
		}
	}
}

func sameRow(a, b any) bool { return fmt.Sprint(a) == fmt.Sprint(b) }
