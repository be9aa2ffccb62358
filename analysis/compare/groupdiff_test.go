package compare

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
)

// Student's sleep data (Cushny & Peebles 1905, as in R's datasets::sleep):
// extra hours of sleep under drug 1 and drug 2.
var sleep1 = []float64{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0}
var sleep2 = []float64{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4}

func relClose(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func TestWelchT(t *testing.T) {
	// R: t.test(extra ~ group, data = sleep) prints t = -1.8608,
	// df = 17.776, p-value = 0.07939; the digits below are the same
	// quantities at 40-digit precision (mpmath: Welch formulas in exact
	// decimal arithmetic, p = I_{df/(df+t²)}(df/2, 1/2)).
	cases := []struct {
		name          string
		a, b          []float64
		est, t, df, p float64
	}{
		{"sleep", sleep1, sleep2, 0.75 - 2.33, -1.860813467486853, 17.77647351617849, 0.07939414018735814},
		// Hand: a = {1,2,3} (mean 2, s² 1), b = {5,7} (mean 6, s² 2):
		// se² = 1/3 + 1 = 4/3, t = -4/sqrt(4/3) = -2√3,
		// df = (4/3)² / ((1/3)²/2 + 1²/1) = (16/9)/(19/18) = 32/19.
		{"hand", []float64{1, 2, 3}, []float64{5, 7}, -4, -2 * math.Sqrt(3), 32.0 / 19, math.NaN()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := WelchT(c.a, c.b)
			if !relClose(d.Estimate, c.est, 1e-12) || !relClose(d.Statistic, c.t, 1e-12) || !relClose(d.DF, c.df, 1e-12) {
				t.Errorf("est %v t %v df %v; want %v %v %v", d.Estimate, d.Statistic, d.DF, c.est, c.t, c.df)
			}
			if !math.IsNaN(c.p) && !relClose(d.P, c.p, 1e-6) {
				t.Errorf("p %v, want %v", d.P, c.p)
			}
			if !relClose(d.PLower+d.PUpper, 1, 1e-12) || d.Dist != analysis.DistT {
				t.Errorf("tails %v+%v, dist %s", d.PLower, d.PUpper, d.Dist)
			}
		})
	}
}

func TestWelchTTooSmall(t *testing.T) {
	for _, c := range []struct{ a, b []float64 }{
		{nil, []float64{1, 2}},
		{[]float64{1}, []float64{1, 2}},
		{[]float64{1, 1}, []float64{2, 2}}, // zero variance
		{[]float64{1, math.NaN()}, []float64{2, 3}},
	} {
		d := WelchT(c.a, c.b)
		if !math.IsNaN(d.Statistic) || !math.IsNaN(d.P) {
			t.Errorf("%v vs %v: t %v p %v, want NaN", c.a, c.b, d.Statistic, d.P)
		}
	}
}

func TestMannWhitneySleep(t *testing.T) {
	// R: wilcox.test(extra ~ group, data = sleep) reports W = 25.5 (our
	// U of drug 1). Z without continuity correction, tie-corrected, and
	// the exact permutation p over the midranks were computed with mpmath
	// and a brute-force enumeration of all C(20,10) = 184756 subsets
	// (6080 with rank sum <= observed, 179252 >= observed).
	d := MannWhitney(sleep1, sleep2)
	if d.Estimate != 25.5/100 {
		t.Errorf("estimate %v, want U/(n_a n_b) = 0.255", d.Estimate)
	}
	if !relClose(d.Statistic, -1.854118209036883, 1e-12) {
		t.Errorf("Z %v", d.Statistic)
	}
	if d.Dist != analysis.DistExact {
		t.Fatalf("dist %s, want exact for N = 20", d.Dist)
	}
	if !relClose(d.PLower, 6080.0/184756, 1e-12) || !relClose(d.PUpper, 179252.0/184756, 1e-12) || !relClose(d.P, 2*6080.0/184756, 1e-12) {
		t.Errorf("p %v lower %v upper %v", d.P, d.PLower, d.PUpper)
	}
}

// bruteRankSum enumerates every k-subset of the doubled ranks (the
// definition of the permutation distribution) for the exact tails.
func bruteRankSum(r2 []int, k, obs int) (lower, upper float64) {
	var le, ge, all int
	var rec func(start, left, sum int)
	rec = func(start, left, sum int) {
		if left == 0 {
			all++
			if sum <= obs {
				le++
			}
			if sum >= obs {
				ge++
			}
			return
		}
		for i := start; i <= len(r2)-left; i++ {
			rec(i+1, left-1, sum+r2[i])
		}
	}
	rec(0, k, 0)
	return float64(le) / float64(all), float64(ge) / float64(all)
}

func TestMannWhitneyExactAgainstEnumeration(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 40; trial++ {
		na, nb := 1+rng.IntN(7), 1+rng.IntN(7)
		a, b := make([]float64, na), make([]float64, nb)
		for i := range a {
			a[i] = float64(rng.IntN(5)) // many ties
		}
		for i := range b {
			b[i] = float64(rng.IntN(5))
		}
		d := MannWhitney(a, b)
		pool := append(append([]float64{}, a...), b...)
		r2, _ := doubledRanks(pool)
		obs := 0
		for i := 0; i < na; i++ {
			obs += r2[i]
		}
		lo, up := bruteRankSum(r2, na, obs)
		if math.IsNaN(d.Statistic) {
			continue // all tied
		}
		if !relClose(d.PLower, lo, 1e-12) || !relClose(d.PUpper, up, 1e-12) {
			t.Fatalf("%v vs %v: tails %v %v, enumeration %v %v", a, b, d.PLower, d.PUpper, lo, up)
		}
	}
}

func TestMannWhitneyNormal(t *testing.T) {
	// N = 60 > 50: normal p-values. a = 1..30, b = 31..60: U = 0,
	// E = 450, Var = 30·30·61/12 = 4575 (no ties), Z = -450/sqrt(4575).
	var a, b []float64
	for i := 1; i <= 30; i++ {
		a = append(a, float64(i))
		b = append(b, float64(i+30))
	}
	d := MannWhitney(a, b)
	z := -450 / math.Sqrt(4575)
	if d.Dist != analysis.DistNormal || !relClose(d.Statistic, z, 1e-12) || d.Estimate != 0 {
		t.Fatalf("dist %s Z %v est %v", d.Dist, d.Statistic, d.Estimate)
	}
	// p = 2Φ(z) = erfc(|z|/√2).
	if want := math.Erfc(math.Abs(z) / math.Sqrt2); !relClose(d.P, want, 1e-6) {
		t.Errorf("p %v want %v", d.P, want)
	}
	if d := MannWhitney([]float64{1, 1}, []float64{1}); !math.IsNaN(d.Statistic) {
		t.Errorf("all tied: Z %v", d.Statistic)
	}
}

func TestGroupDiffs(t *testing.T) {
	rows := GroupDiffs([]GroupCARs{
		{"a", map[string][]float64{"0,1": sleep1}},
		{"b", map[string][]float64{"0,1": sleep2}},
		{"c", map[string][]float64{"0,1": {1}}},
	}, []string{"0,1"})
	if len(rows) != 6 { // 3 pairs × 1 window × 2 tests
		t.Fatalf("%d rows", len(rows))
	}
	r := rows[0]
	if r.GroupA != "a" || r.GroupB != "b" || r.Test != TestWelch || !relClose(float64(r.Statistic), -1.860813467486853, 1e-12) {
		t.Errorf("first row %+v", r)
	}
	if r := rows[2]; r.GroupB != "c" || r.Dist != "" || !r.P.IsNA() {
		t.Errorf("n_b = 1 Welch row should be empty: %+v", r)
	}
}
